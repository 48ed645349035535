import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enterRawRepl, rawPasteExec, startBoard } from '../testing/board-process.mjs';

test('PollOnStdin_ReportsNothingUntilTheHostSendsAByte_ThenTheByte', { timeout: 30000 }, async () => {
  const board = await startBoard([]);
  try {
    await board.output.takeUntil('>>> ');
    await enterRawRepl(board);
    board.send([
      'import sys,select',
      'p=select.poll();p.register(sys.stdin,select.POLLIN)',
      'print(p.poll(200)==[])',
      "print('R')",
      'r=p.poll(5000)',
      'print(len(r),sys.stdin.buffer.read(1))',
    ].join('\n') + '\x04');
    await board.output.waitFor((d) => d.toString('latin1').includes('R\r\n'), 5000, 'the program to wait for input');
    board.send('X');
    const reply = await board.output.waitFor((d) => d.toString('latin1').endsWith('\x04>'), 5000, 'the end of the program');
    assert.equal(reply.toString('latin1'), "OKTrue\r\nR\r\n1 b'X'\r\n\x04\x04>");
  } finally {
    await board.stop();
  }
});

test('NoStdinBuffer_GivesProgramsNoInput', { timeout: 30000 }, async () => {
  const board = await startBoard(['--no-stdin-buffer']);
  try {
    await board.output.takeUntil('>>> ');
    await enterRawRepl(board);
    const [out, err] = await rawPasteExec(board, [
      'import sys,select',
      'b=bytearray(4)',
      'p=select.poll();p.register(sys.stdin,select.POLLIN)',
      'print(sys.stdin.buffer.readinto(b),p.poll(100))',
    ].join('\n'));
    assert.equal(err, '');
    assert.equal(out, '0 []\r\n');
  } finally {
    await board.stop();
  }
});
