import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VECTORS, readPartition, startBoard, tempStateDir, writePartition } from '../testing/board-process.mjs';

// Replays the bytes upstream mpremote sent to a real MicroPython (query, deploy, listdir, in the order
// they were recorded, on one board state) and compares each answer with the recorded one. Only the
// version banner is allowed to differ.

function readTranscript(name) {
  const lines = fs.readFileSync(path.join(VECTORS, 'transcripts', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean);
  const exchanges = [];
  for (const record of lines.map((line) => JSON.parse(line))) {
    const bytes = Buffer.from(record.hex, 'hex');
    if (record.dir === 'H>D') {
      exchanges.push({ send: bytes, expect: Buffer.alloc(0) });
    } else {
      assert.ok(exchanges.length > 0, `${name}: device bytes before any host bytes`);
      const last = exchanges[exchanges.length - 1];
      last.expect = Buffer.concat([last.expect, bytes]);
    }
  }
  return exchanges;
}

const normalize = (bytes) => bytes.toString('latin1').replace(/MicroPython v[^\r\n]*/g, 'MicroPython <version>');

async function replay(stateDir, name) {
  const board = await startBoard(['--state', stateDir]);
  try {
    // The banner printed at start-up is not part of the recording (the recorded device was already running).
    await board.output.takeUntil('>>> ');
    const exchanges = readTranscript(name);
    // Windows of raw-paste flow control may be acknowledged in other groupings than recorded, so the
    // replay waits for as many framing bytes (\x01, \x04, '>') as the recording had by then, and the
    // whole streams are compared at the end.
    const framing = (bytes) => bytes.reduce((n, b) => n + (b === 0x01 || b === 0x04 || b === 0x3e ? 1 : 0), 0);
    let expected = Buffer.alloc(0);
    for (const [i, exchange] of exchanges.entries()) {
      board.send(exchange.send);
      expected = Buffer.concat([expected, exchange.expect]);
      const want = framing(expected);
      await board.output.waitFor((got) => framing(got) >= want, 10000,
        `${name} exchange ${i} (host sent ${JSON.stringify(exchange.send.toString('latin1').slice(0, 60))})`);
    }
    const actual = normalize(board.output.take());
    const wanted = normalize(expected);
    if (actual !== wanted) {
      let at = 0;
      while (at < actual.length && actual[at] === wanted[at]) at++;
      assert.fail(`${name}: streams differ at byte ${at}: got ${JSON.stringify(actual.slice(Math.max(0, at - 40), at + 60))}, ` +
        `recorded ${JSON.stringify(wanted.slice(Math.max(0, at - 40), at + 60))}`);
    }
  } finally {
    const { code } = await board.stop();
    assert.equal(code, 0, `board exit code; stderr: ${board.stderr}`);
  }
}

test('Replay_QueryDeployListdir_AnswersLikeTheRecordedDevice', { timeout: 120000 }, async () => {
  const stateDir = tempStateDir();
  const basicMpy = fs.readFileSync(path.join(VECTORS, 'images', 'basic.mpy.romfs'));
  const basicNompy = fs.readFileSync(path.join(VECTORS, 'images', 'basic.nompy.romfs'));
  writePartition(stateDir, 0, 262144, basicMpy);
  writePartition(stateDir, 1, 65536);

  await replay(stateDir, 'query');
  await replay(stateDir, 'deploy');

  const expected = Buffer.alloc(65536, 0xff);
  expected.fill(0, 0, 4096);
  basicNompy.copy(expected);
  assert.ok(readPartition(stateDir, 1).equals(expected), 'partition 1 holds basic.nompy.romfs, zero padding to 4096, then 0xFF');
  const partition0 = Buffer.alloc(262144, 0xff);
  basicMpy.copy(partition0);
  assert.ok(readPartition(stateDir, 0).equals(partition0), 'partition 0 is unchanged');

  await replay(stateDir, 'listdir');
});
