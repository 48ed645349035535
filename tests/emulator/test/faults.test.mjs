import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectTcp, connectTcpWhenFree, enterRawRepl, rawPasteExec, readPartition, startBoard, tempStateDir } from '../testing/board-process.mjs';

test('FailWriteAt_FailsTheWriteCoveringTheOffset_WithEio', { timeout: 30000 }, async () => {
  const stateDir = tempStateDir();
  const board = await startBoard(['--state', stateDir, '--fail-write-at', '5000']);
  try {
    await board.output.takeUntil('>>> ');
    await enterRawRepl(board);
    const [out, err] = await rawPasteExec(board, [
      'import vfs',
      'print(vfs.rom_ioctl(3, 1, 0, 8192))',
      'print(vfs.rom_ioctl(4, 1, 0, bytes(4096)))',
      'print(vfs.rom_ioctl(4, 1, 4096, bytes(4096)))',
    ].join('\n'));
    assert.equal(err, '');
    assert.equal(out, '4\r\n0\r\n-5\r\n');
  } finally {
    await board.stop();
  }
  const partition = readPartition(stateDir, 1);
  assert.ok(partition.subarray(0, 5000).every((b) => b === 0), 'bytes before the failing offset are written');
  assert.ok(partition.subarray(5000).every((b) => b === 0xff), 'nothing from the failing offset on is written');
});

test('DropAfter_ClosesTheStdioLinkAfterThatManyHostBytes', { timeout: 30000 }, async () => {
  const board = await startBoard(['--drop-after', '10']);
  await board.output.takeUntil('>>> ');
  board.send('1+1\r');
  await board.output.takeUntil('>>> ');
  board.send('2+2\r3+3\r');
  const { code } = await board.exited;
  assert.equal(code, 0);
  assert.ok(board.output.ended);
  assert.doesNotMatch(board.output.take().toString('latin1'), /6/, 'bytes after the limit never reach the board');
});

test('DropAfter_ClosesTheTcpClient_AndTheBoardTakesTheNextOne', { timeout: 30000 }, async () => {
  const board = await startBoard(['--tcp', '0', '--drop-after', '30']);
  try {
    const port = Number(/:(\d+)$/.exec(board.ready)[1]);
    const first = await connectTcp(port);
    first.send(`x = 3\r${'#'.repeat(40)}`);
    await first.output.waitFor(() => first.output.ended, 5000, 'the link to drop');
    const second = await connectTcpWhenFree(port);
    second.send('\x03print(x)\r');
    // The echo of the first client's line may still arrive first; what matters is that x survived.
    await second.output.waitFor((d) => /print\(x\)\r\n3\r\n>>> $/.test(d.toString('latin1')), 5000, 'the value of x');
    second.socket.destroy();
  } finally {
    await board.stop();
  }
});

test('Baud_PacesOutputLikeAUartOfThatSpeed', { timeout: 30000 }, async () => {
  const board = await startBoard(['--baud', '9600']);
  try {
    await board.output.takeUntil('>>> ');
    board.send("print('A' * 960)\r");
    const started = performance.now();
    await board.output.takeUntil('>>> ', 10000);
    // About 1000 bytes at 960 bytes/s cannot arrive in less than about a second.
    assert.ok(performance.now() - started >= 900, `took ${performance.now() - started} ms`);
  } finally {
    await board.stop();
  }
});

test('CorruptAndLoseByte_AlterTheHostsNthBytes', { timeout: 30000 }, async () => {
  // 'print(12345)\r': byte 7 is '2' (lost), byte 9 is '4' (becomes '5').
  const board = await startBoard(['--lose-byte', '7', '--corrupt-byte', '9']);
  try {
    await board.output.takeUntil('>>> ');
    board.send('print(12345)\r');
    assert.match((await board.output.takeUntil('>>> ')).toString('latin1'), /\r\n1355\r\n>>> $/);
  } finally {
    await board.stop();
  }
});
