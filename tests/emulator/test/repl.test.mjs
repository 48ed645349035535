import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enterRawRepl, rawPasteExec, readPartition, startBoard, startRawPaste, tempStateDir } from '../testing/board-process.mjs';

async function withBoard(args, body) {
  const board = await startBoard(args);
  try {
    await board.output.takeUntil('>>> ');
    await body(board);
  } finally {
    await board.stop();
  }
}

test('FriendlyRepl_PrintsLinesEndingInCrLf', { timeout: 30000 }, () => withBoard([], async (board) => {
  board.send("print('a\\nb')\r");
  const got = await board.output.takeUntil('>>> ');
  assert.equal(got.toString('latin1'), "print('a\\nb')\r\na\r\nb\r\n>>> ");
}));

test('RawRepl_ExecutesWithOkAndCtrlDFraming', { timeout: 30000 }, () => withBoard([], async (board) => {
  await enterRawRepl(board);
  board.send('print(6*7)\x04');
  assert.equal((await board.output.takeUntil('\x04>')).toString('latin1'), 'OK42\r\n\x04\x04>');
  board.send('1/0\x04');
  assert.equal((await board.output.takeUntil('\x04>')).toString('latin1'),
    'OK\x04Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nZeroDivisionError: divide by zero\r\n\x04>');
  board.send('\x02');
  assert.match((await board.output.takeUntil('>>> ')).toString('latin1'), /^\r\nMicroPython v1\.27\.0 .*\r\n>>> $/s);
}));

test('RawPaste_SmallWindow_AcknowledgesEveryWindow', { timeout: 30000 }, () => withBoard(['--paste-window', '8'], async (board) => {
  await enterRawRepl(board);
  assert.equal(await startRawPaste(board), 8);
  const code = 'x = 1234\nprint(x * 2)\n#'.padEnd(40, '-'); // five windows of 8 bytes
  assert.equal(code.length, 40);
  let acks = 0;
  for (let i = 0; i < code.length; i += 8) {
    board.send(code.slice(i, i + 8));
    await board.output.takeUntil('\x01');
    acks++;
  }
  board.send('\x04');
  assert.equal((await board.output.takeUntil('\x04>')).toString('latin1'), '\x042468\r\n\x04\x04>');
  assert.equal(acks, 5);
  const [out] = await rawPasteExec(board, `print(len(${JSON.stringify('y'.repeat(300))}))`);
  assert.equal(out, '300\r\n');
}));

test('RawPaste_CtrlC_AbandonsCodeWithKeyboardInterrupt', { timeout: 30000 }, () => withBoard([], async (board) => {
  await enterRawRepl(board);
  await startRawPaste(board);
  board.send('print("never")\x03');
  assert.equal((await board.output.takeUntil('\x04>')).toString('latin1'), '\x04\x04KeyboardInterrupt: \r\n\x04>');
  const [out, err] = await rawPasteExec(board, 'print("after")');
  assert.deepEqual([out, err], ['after\r\n', '']);
}));

test('RawPaste_ReportsSyntaxErrorsInTheErrorSection', { timeout: 30000 }, () => withBoard([], async (board) => {
  await enterRawRepl(board);
  const [out, err] = await rawPasteExec(board, 'def (:');
  assert.equal(out, '');
  assert.match(err, /SyntaxError/);
}));

test('SoftReset_ClearsStateKeepsFlashAndRemountsRom', { timeout: 30000 }, async () => {
  const stateDir = tempStateDir();
  await withBoard(['--state', stateDir], async (board) => {
    await enterRawRepl(board);
    const [out] = await rawPasteExec(board, [
      'import vfs',
      'marker = 1',
      'print(vfs.rom_ioctl(3, 1, 0, 4096), vfs.rom_ioctl(4, 1, 0, b"hello"), vfs.rom_ioctl(5, 1))',
    ].join('\n'));
    assert.equal(out, '4 0 0\r\n');
    board.send('\x04');
    assert.equal((await board.output.takeUntil('\x04'.slice(0, 0) + 'exit\r\n>')).toString('latin1'),
      'OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>');
    const [after, err] = await rawPasteExec(board, [
      'import vfs',
      'print(bytes(vfs.rom_ioctl(2, 1)[:6]))',
      "print('marker' in globals())",
    ].join('\n'));
    assert.equal(err, '');
    assert.equal(after, "b'hello\\xff'\r\nFalse\r\n");
  });
  assert.deepEqual([...readPartition(stateDir, 1).subarray(0, 6)], [...Buffer.from('hello'), 0xff]);
});

test('SoftReset_InFriendlyRepl_PrintsSoftRebootAndBanner', { timeout: 30000 }, () => withBoard([], async (board) => {
  board.send('\x04');
  assert.match((await board.output.takeUntil('>>> ')).toString('latin1'),
    /^\r\nMPY: soft reboot\r\nMicroPython v1\.27\.0 [^\r]*\r\nType "help\(\)" for more information\.\r\n>>> $/);
}));

test('CtrlC_InterruptsRunawayLoop_AndTheBoardKeepsWorking', { timeout: 30000 }, () => withBoard(['--interrupt-grace', '200'], async (board) => {
  board.send('while True: pass\r\r');
  await board.output.takeUntil('... \r\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  board.send('\x03');
  assert.match((await board.output.takeUntil('>>> ', 10000)).toString('latin1'), /KeyboardInterrupt: \r\n>>> $/);
  board.send('print(6*7)\r');
  assert.match((await board.output.takeUntil('>>> ')).toString('latin1'), /\r\n42\r\n>>> $/);
}));

test('CtrlC_InterruptsSleepingCode_InsideTheInterpreter', { timeout: 30000 }, () => withBoard([], async (board) => {
  await enterRawRepl(board);
  await rawPasteExec(board, 'kept = 5');
  await startRawPaste(board);
  board.send('import time\nfor i in range(200):\n    time.sleep(0.05)\n\x04');
  await board.output.takeUntil('\x04');
  await new Promise((resolve) => setTimeout(resolve, 200));
  board.send('\x03');
  const reply = (await board.output.takeUntil('\x04>', 10000)).toString('latin1');
  assert.match(reply, /^\x04Traceback \(most recent call last\):\r\n  File "<stdin>", line 3, in <module>\r\nKeyboardInterrupt: \r\n\x04>$/);
  const [out] = await rawPasteExec(board, 'print(kept)');
  assert.equal(out, '5\r\n', 'an interrupt delivered inside the interpreter keeps its state');
}));

test('StdinBuffer_BlocksUntilHostSendsAndPassesEveryByteValue', { timeout: 30000 }, () => withBoard([], async (board) => {
  await enterRawRepl(board);
  await startRawPaste(board);
  board.send([
    'import sys, micropython, hashlib, binascii',
    'micropython.kbd_intr(-1)',
    'print("go")',
    'data = sys.stdin.buffer.read(512)',
    'micropython.kbd_intr(3)',
    'print(len(data), binascii.hexlify(hashlib.sha256(data).digest()).decode())',
  ].join('\n') + '\x04');
  await board.output.takeUntil('go\r\n');
  const data = Buffer.alloc(512);
  for (let i = 0; i < 512; i++) data[i] = (i * 7 + 3) & 0xff;
  board.send(data.subarray(0, 100));
  await new Promise((resolve) => setTimeout(resolve, 100));
  board.send(data.subarray(100));
  const reply = (await board.output.takeUntil('\x04>')).toString('latin1');
  const { createHash } = await import('node:crypto');
  assert.equal(reply, `512 ${createHash('sha256').update(data).digest('hex')}\r\n\x04\x04>`);
}));

test('NoRomfs_BoardHasNoRomIoctlAndNoRomMount', { timeout: 30000 }, () => withBoard(['--no-romfs'], async (board) => {
  await enterRawRepl(board);
  const [out] = await rawPasteExec(board, "import vfs, os\nprint(hasattr(vfs, 'rom_ioctl'), 'rom' in os.listdir('/'))");
  assert.equal(out, 'False False\r\n');
}));

test('MachineUniqueId_IsStableForAStateFolder', { timeout: 60000 }, async () => {
  const stateDir = tempStateDir();
  const ids = [];
  for (let i = 0; i < 2; i++) {
    await withBoard(['--state', stateDir], async (board) => {
      await enterRawRepl(board);
      const [out] = await rawPasteExec(board, 'import machine\nprint(machine.unique_id().hex())');
      ids.push(out);
    });
  }
  assert.match(ids[0], /^[0-9a-f]{16}\r\n$/);
  assert.equal(ids[1], ids[0]);
});

test('StdinBuffer_WithKbdIntrOff_TakesCtrlCAsData_EvenWhenReadLate', { timeout: 30000 }, () => withBoard(['--interrupt-grace', '100'], async (board) => {
  await enterRawRepl(board);
  await startRawPaste(board);
  board.send([
    'import sys, micropython, time',
    'micropython.kbd_intr(-1)',
    'print("go")',
    'time.sleep(0.4)',
    'data = sys.stdin.buffer.read(4)',
    'micropython.kbd_intr(3)',
    'print(data)',
  ].join('\n') + '\x04');
  await board.output.takeUntil('go\r\n');
  board.send(Buffer.from([0x03, 0x04, 0x03, 0x41]));
  assert.equal((await board.output.takeUntil('\x04>')).toString('latin1'), "b'\\x03\\x04\\x03A'\r\n\x04\x04>");
}));
