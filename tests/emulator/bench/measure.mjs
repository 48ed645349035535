import { createHash, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { enterRawRepl, rawPasteExec, readPartition, startBoard, tempStateDir } from '../testing/board-process.mjs';

// Prints the emulator's start-up time, soft-reset time and the time of a 100 KB deploy done the way
// mpremote does it (erase, then per 4096-byte chunk: base64 of raw deflate, decompressed on the board,
// written with rom_ioctl(4)). Usage: node bench/measure.mjs [--runs N] [--baud N]

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const runs = option('--runs', 5);
const baud = option('--baud', 0);
const boardArgs = baud ? ['--baud', String(baud)] : [];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

const startups = [];
const resets = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const board = await startBoard(['--state', tempStateDir(), ...boardArgs]);
  startups.push(performance.now() - started);
  await board.output.takeUntil('>>> ');
  await enterRawRepl(board);
  const resetStarted = performance.now();
  board.send('\x04');
  await board.output.takeUntil('soft reboot\r\nraw REPL; CTRL-B to exit\r\n>');
  resets.push(performance.now() - resetStarted);
  await board.stop();
}
console.log(`start-up to READY: median ${ms(median(startups))} of ${runs} (${startups.map(ms).join(', ')})`);
console.log(`soft reset (raw REPL Ctrl-D to raw prompt): median ${ms(median(resets))} of ${runs} (${resets.map(ms).join(', ')})`);

const image = randomBytes(100 * 1024);
const stateDir = tempStateDir();
const board = await startBoard(['--state', stateDir, ...boardArgs]);
await board.output.takeUntil('>>> ');
await enterRawRepl(board);
let wire = 0;
const exec = async (code) => {
  wire += code.length + 4;
  const [out, err] = await rawPasteExec(board, code, 60000);
  if (err) throw new Error(`board error for ${code.slice(0, 60)}: ${err}`);
  return out;
};
const started = performance.now();
await exec('import vfs\nfrom binascii import a2b_base64\nfrom io import BytesIO\nfrom deflate import DeflateIO, RAW');
for (let offset = 0; offset < image.length; offset += 32768) {
  await exec(`print(vfs.rom_ioctl(3, 0, ${offset}, ${Math.min(32768, Math.ceil((image.length - offset) / 4096) * 4096)}))`);
}
for (let offset = 0; offset < image.length; offset += 4096) {
  const chunk = Buffer.alloc(4096);
  image.copy(chunk, 0, offset, Math.min(image.length, offset + 4096));
  const packed = zlib.deflateRawSync(chunk, { level: 9, windowBits: 9 }).toString('base64');
  await exec(`buf=DeflateIO(BytesIO(a2b_base64(b'${packed}')),RAW,9).read()`);
  await exec(`vfs.rom_ioctl(4,0,${offset},buf)`);
}
await exec('print(vfs.rom_ioctl(5, 0))');
const elapsed = performance.now() - started;
await board.stop();
const written = readPartition(stateDir, 0).subarray(0, image.length);
const ok = createHash('sha256').update(written).digest('hex') === createHash('sha256').update(image).digest('hex');
console.log(`100 KB deploy (${image.length} random bytes, 25 chunks, base64 + raw deflate): ${ms(elapsed)}, ` +
  `${wire} bytes host->board, ${(image.length / 1024 / (elapsed / 1000)).toFixed(1)} KiB/s, partition ${ok ? 'matches' : 'DIFFERS'}` +
  (baud ? ` at --baud ${baud}` : ' unpaced'));
