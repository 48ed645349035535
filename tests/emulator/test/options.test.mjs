import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseOptions } from '../lib/options.mjs';
import { BOARD_SCRIPT, tempStateDir } from '../testing/board-process.mjs';

test('Options_DefaultToTwoPartitionsOf256And64KiB', () => {
  const options = parseOptions(['--state', tempStateDir()]);
  assert.deepEqual(options.partitions, [262144, 65536]);
  assert.equal(options.blockSize, 4096);
  assert.equal(options.tcpPort, null);
  assert.equal(options.romfs, true);
  assert.equal(options.stdinBuffer, true);
});

test('Options_NoStdinBuffer_TurnsProgramInputOff', () => {
  assert.equal(parseOptions(['--no-stdin-buffer', '--state', tempStateDir()]).stdinBuffer, false);
});

test('Options_RepeatablePartitionsAndFaults_AreParsed', () => {
  const options = parseOptions(['--partition', '8192', '--partition', '4096', '--block-size', '1024', '--tcp', '0',
    '--baud', '115200', '--drop-after', '100', '--fail-write-at', '512', '--no-romfs', '--state', tempStateDir(),
    '--corrupt-byte', '5', '--corrupt-byte', '9', '--lose-byte', '7']);
  assert.deepEqual([options.corruptBytes, options.loseBytes], [[5, 9], [7]]);
  assert.deepEqual(options.partitions, [8192, 4096]);
  assert.deepEqual([options.blockSize, options.tcpPort, options.baud, options.dropAfter, options.failWriteAt, options.romfs],
    [1024, 0, 115200, 100, 512, false]);
});

test('Options_BadValues_AreRejectedWithTheOptionNamed', () => {
  assert.throws(() => parseOptions(['--partition', 'big']), /--partition needs a whole number, got 'big'/);
  assert.throws(() => parseOptions(['--partition', '5000']), /--partition 5000 is not a multiple of the block size 4096/);
  assert.throws(() => parseOptions(['--tcp', '70000']), /--tcp must be a port number/);
  assert.throws(() => parseOptions(['--verbose']), /unknown option '--verbose'/);
});

test('Board_ExitsWithUsage_OnABadOption', () => {
  const result = spawnSync(process.execPath, [BOARD_SCRIPT, '--block-size'], { encoding: 'utf8', timeout: 10000 });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /--block-size needs a whole number, got nothing\nusage: node board\.mjs/);
});
