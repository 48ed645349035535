import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const USAGE = `usage: node board.mjs [--tcp PORT | --webrepl PORT --password TEXT] [--partition BYTES]... [--block-size N] [--state DIR]
                     [--baud N] [--drop-after BYTES] [--fail-write-at OFFSET] [--no-romfs] [--block-device] [--no-stdin-buffer]
                     [--corrupt-byte N]... [--lose-byte N]... [--fault-connection K] [--paste-window N] [--interrupt-grace MS]`;

function integer(name, text, min) {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new Error(`${name} needs a whole number, got ${text === undefined ? 'nothing' : `'${text}'`}`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be at least ${min}, got ${text}`);
  }
  return value;
}

/**
 * Parses the emulator's command line. Throws an Error with a message naming the bad option.
 * @param {string[]} argv arguments after the script name
 */
export function parseOptions(argv) {
  const options = {
    tcpPort: null,
    webreplPort: null,
    password: null,
    partitions: [],
    blockSize: 4096,
    stateDir: null,
    baud: 0,
    dropAfter: -1,
    failWriteAt: -1,
    corruptBytes: [],
    loseBytes: [],
    faultConnection: 0,
    romfs: true,
    blockDevice: false,
    stdinBuffer: true,
    pasteWindow: 128,
    interruptGraceMs: 500,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    switch (arg) {
      case '--tcp': options.tcpPort = integer(arg, next(), 0); break;
      case '--webrepl': options.webreplPort = integer(arg, next(), 0); break;
      case '--password': {
        const text = next();
        if (text === undefined || text.length === 0) throw new Error('--password needs the WebREPL password');
        if (text.length > 9 || /[\r\n]/.test(text)) throw new Error('--password takes at most 9 characters and no line break, as upstream WebREPL');
        options.password = text;
        break;
      }
      case '--partition': options.partitions.push(integer(arg, next(), 1)); break;
      case '--block-size': options.blockSize = integer(arg, next(), 1); break;
      case '--state': {
        const dir = next();
        if (!dir) throw new Error('--state needs a folder');
        options.stateDir = path.resolve(dir);
        break;
      }
      case '--baud': options.baud = integer(arg, next(), 1); break;
      case '--drop-after': options.dropAfter = integer(arg, next(), 0); break;
      case '--fail-write-at': options.failWriteAt = integer(arg, next(), 0); break;
      case '--corrupt-byte': options.corruptBytes.push(integer(arg, next(), 0)); break;
      case '--lose-byte': options.loseBytes.push(integer(arg, next(), 0)); break;
      case '--fault-connection': options.faultConnection = integer(arg, next(), 1); break;
      case '--no-romfs': options.romfs = false; break;
      case '--block-device': options.blockDevice = true; break;
      case '--no-stdin-buffer': options.stdinBuffer = false; break;
      case '--paste-window': options.pasteWindow = integer(arg, next(), 1); break;
      case '--interrupt-grace': options.interruptGraceMs = integer(arg, next(), 1); break;
      default: throw new Error(`unknown option '${arg}'`);
    }
  }
  if (options.partitions.length === 0) {
    options.partitions = [262144, 65536];
  }
  if (options.webreplPort !== null) {
    if (options.tcpPort !== null) throw new Error('give either --tcp or --webrepl, not both');
    if (options.webreplPort > 65535) throw new Error(`--webrepl must be a port number up to 65535, got ${options.webreplPort}`);
    if (options.password === null) throw new Error('--webrepl needs --password (upstream WebREPL always asks for one)');
  }
  if (options.tcpPort !== null && options.tcpPort > 65535) {
    throw new Error(`--tcp must be a port number up to 65535, got ${options.tcpPort}`);
  }
  if (options.pasteWindow > 65535) {
    throw new Error(`--paste-window must fit in 2 bytes, got ${options.pasteWindow}`);
  }
  for (const size of options.partitions) {
    if (size % options.blockSize !== 0) {
      throw new Error(`--partition ${size} is not a multiple of the block size ${options.blockSize}`);
    }
  }
  if (!options.stateDir) {
    options.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-board-'));
  }
  return options;
}
