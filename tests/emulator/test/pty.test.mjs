import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BOARD_SCRIPT, ByteCollector, tempStateDir } from '../testing/board-process.mjs';

// The board behind a pseudo-terminal, started exactly as the README documents:
//   socat pty,rawer,link=<path> EXEC:"node board.mjs <options>"
// Every byte value must cross the pty unaltered in both directions.

async function startPtyBoard(dir) {
  const link = path.join(dir, 'ttyBOARD');
  const socat = spawn('socat', [`pty,rawer,link=${link}`, `EXEC:"${process.execPath} ${BOARD_SCRIPT} --state ${dir}"`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no READY through socat; stderr: ${stderr}`)), 15000);
    socat.stderr.on('data', (d) => {
      stderr += d;
      if (/^READY stdio$/m.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    socat.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${code}; stderr: ${stderr}`));
    });
  });
  const fd = fs.openSync(link, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const output = new ByteCollector();
  const stream = fs.createReadStream(null, { fd, autoClose: false });
  stream.on('data', (d) => output.push(d));
  stream.on('error', () => {});
  return {
    output,
    send(bytes) {
      fs.writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    },
    async stop() {
      stream.destroy();
      fs.closeSync(fd);
      const exited = new Promise((resolve) => socat.on('exit', resolve));
      socat.kill('SIGTERM');
      const timer = setTimeout(() => socat.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

test('Pty_SocatRawer_PassesEveryByteValueBothWays', { timeout: 60000 }, async () => {
  const dir = tempStateDir();
  const board = await startPtyBoard(dir);
  try {
    board.send('\r\x03\r\x01');
    await board.output.takeUntil('raw REPL; CTRL-B to exit\r\n>');
    board.send('\x05A\x01');
    await board.output.waitFor((d) => d.length >= 5, 5000, 'the raw-paste header');
    board.output.take();
    const code = [
      'import sys, micropython',
      'micropython.kbd_intr(-1)',
      'd = sys.stdin.buffer.read(256)',
      'micropython.kbd_intr(3)',
      'print(d == bytes(range(256)))',
      'sys.stdout.buffer.write(bytes(range(256)))',
    ].join('\n');
    board.send(code.slice(0, 128));
    await board.output.takeUntil('\x01');
    board.send(`${code.slice(128)}\x04`);
    await board.output.takeUntil('\x04');
    board.send(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    const reply = await board.output.takeUntil('\x04\x04>');
    // The board itself turns "\n" into "\r\n" on stdout (see README); the pty adds nothing.
    const expected = Buffer.concat([
      Buffer.from('True\r\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)).subarray(0, 10),
      Buffer.from('\r\n'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)).subarray(11),
      Buffer.from('\x04\x04>'),
    ]);
    assert.deepEqual([...reply], [...expected]);
  } finally {
    await board.stop();
  }
});
