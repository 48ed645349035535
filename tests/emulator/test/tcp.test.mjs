import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectTcp, connectTcpWhenFree, startBoard } from '../testing/board-process.mjs';

test('Tcp_ServesOneClientAtATime_AndKeepsRunningBetweenClients', { timeout: 60000 }, async () => {
  const board = await startBoard(['--tcp', '0']);
  try {
    const port = Number(/^tcp=127\.0\.0\.1:(\d+)$/.exec(board.ready)[1]);
    const first = await connectTcp(port);
    first.send('\r');
    await first.output.takeUntil('>>> ');
    first.send('kept = 17\r');
    await first.output.takeUntil('>>> ');

    const second = await connectTcp(port);
    await second.output.waitFor(() => second.output.ended, 5000, 'the board to refuse a second client');

    first.socket.destroy();
    await first.output.waitFor(() => first.output.ended, 5000, 'the first client to close');

    const third = await connectTcpWhenFree(port);
    third.send('print(kept)\r');
    assert.match((await third.output.takeUntil('>>> ')).toString('latin1'), /\r\n17\r\n>>> $/);
    third.socket.destroy();
  } finally {
    const { code } = await board.stop();
    assert.equal(code, 0);
  }
});
