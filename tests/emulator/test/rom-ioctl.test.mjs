import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VECTORS, enterRawRepl, rawPasteExec, startBoard, tempStateDir, writePartition } from '../testing/board-process.mjs';

async function run(args, code, prepare = () => {}) {
  const stateDir = tempStateDir();
  prepare(stateDir);
  const board = await startBoard(['--state', stateDir, ...args]);
  try {
    await board.output.takeUntil('>>> ');
    await enterRawRepl(board);
    return await rawPasteExec(board, code);
  } finally {
    await board.stop();
  }
}

test('RomIoctl_AnswersLikeTheStm32Port_IncludingBadArguments', { timeout: 30000 }, async () => {
  const [out, err] = await run(['--partition', '8192', '--partition', '16384', '--partition', '4096', '--block-size', '1024'], [
    'import vfs',
    'print(vfs.rom_ioctl(1), [len(vfs.rom_ioctl(2, i)) for i in range(3)], vfs.rom_ioctl(6, 1))',
    'print(vfs.rom_ioctl(2), vfs.rom_ioctl(2, 3), vfs.rom_ioctl(2, -1), vfs.rom_ioctl(9, 0), vfs.rom_ioctl(3, 0))',
    'print(vfs.rom_ioctl(3, 0, 8193), vfs.rom_ioctl(3, 0, 8000, 200), vfs.rom_ioctl(4, 0, 8190, b"abc"), vfs.rom_ioctl(4, 0, 0))',
    'print(vfs.rom_ioctl(2, 0) is vfs.rom_ioctl(2, 0))',
  ].join('\n'));
  assert.equal(err, '');
  assert.equal(out, '3 [8192, 16384, 4096] 1024\r\n-22 -22 -22 -22 -22\r\n-22 -22 -22 -22\r\nTrue\r\n');
});

test('RomIoctl_WritesOnlyClearBits_AndEraseWorksOnWholeBlocks', { timeout: 30000 }, async () => {
  const [out, err] = await run([], [
    'import vfs',
    'dev = vfs.rom_ioctl(2, 1)',
    'print(vfs.rom_ioctl(3, 1, 4100, 10))',
    'print(vfs.rom_ioctl(4, 1, 4096, b"\\xf0\\x0f"), vfs.rom_ioctl(4, 1, 4096, b"\\x3c\\x3c"))',
    'print(bytes(dev[4095:4099]))',
    'vfs.rom_ioctl(4, 1, 0, bytes(16))',
    'print(vfs.rom_ioctl(3, 1, 10))',
    'print(bytes(dev[0:2]), dev[4095], dev[8191], dev[8192])',
  ].join('\n'));
  assert.equal(err, '');
  assert.equal(out, "4\r\n0 0\r\nb'\\xff0\\x0c\\xff'\r\n4\r\nb'\\xff\\xff' 255 255 255\r\n");
});

test('Boot_MountsAValidPartitionZeroAtRom_AndImportsFromIt', { timeout: 30000 }, async () => {
  const image = fs.readFileSync(path.join(VECTORS, 'images', 'basic.nompy.romfs'));
  const [out, err] = await run([], [
    'import os, sys',
    "print(os.listdir('/rom'), os.listdir('/rom/data/assets'), os.stat('/rom/data/assets/logo.bin')[6])",
    "print(sys.path == ['', '.frozen', '/rom', '/rom/lib', '/lib'], '/rom/lib' in sys.path)",
    'import module2',
    "print(module2.__file__)",
    "print(open('/rom/data/assets/logo.bin', 'rb').read().hex())",
  ].join('\n'), (dir) => writePartition(dir, 0, 262144, image));
  const logo = fs.readFileSync(path.join(VECTORS, 'trees', 'basic', 'data', 'assets', 'logo.bin'));
  assert.equal(err, '');
  assert.equal(out, "['config.py', 'data', 'lib', 'main.py'] ['logo.bin'] 1000\r\nTrue True\r\n/rom/lib/module2.py\r\n" +
    `${logo.toString('hex')}\r\n`);
});

test('Boot_LeavesRomUnmounted_WhenPartitionZeroIsErased', { timeout: 30000 }, async () => {
  // The npm build's root filesystem reports Emscripten's errno numbers (ENOENT is 44 there), so only
  // the exception type is checked.
  const [out, err] = await run([], "import os, sys\nprint('rom' in os.listdir('/'))\ntry:\n    os.listdir('/rom')\nexcept OSError:\n    print('OSError')\nprint(sys.path)");
  assert.equal(err, '');
  // Upstream firmware (../shared/rig) puts /rom on sys.path only when it mounted an image.
  assert.equal(out, "False\r\nOSError\r\n['', '.frozen', '/lib']\r\n");
});

test('BlockDevice_OffersTheBlockProtocolOverTheSameFlash', { timeout: 30000 }, async () => {
  const [out, err] = await run(['--block-device', '--partition', '16384', '--block-size', '4096'], [
    'import vfs',
    'd = vfs.rom_ioctl(2, 0)',
    'print(hasattr(d, "ioctl"), d.ioctl(4, 0), d.ioctl(5, 0))',
    'print(d.ioctl(6, 1))',
    'd.writeblocks(1, b"\\x12\\x34", 6)',
    'b = bytearray(4)',
    'd.readblocks(1, b, 5)',
    'print(bytes(b))',
    'print(d.ioctl(6, 1))',
    'd.readblocks(1, b, 5)',
    'print(bytes(b))',
  ].join('\n'));
  assert.equal(err, '');
  assert.equal(out, 'True 4 4096\r\n0\r\nb\'\\xff\\x124\\xff\'\r\n0\r\nb\'\\xff\\xff\\xff\\xff\'\r\n');
});
