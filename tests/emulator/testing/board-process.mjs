import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EMULATOR_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const BOARD_SCRIPT = path.join(EMULATOR_DIR, 'board.mjs');
export const VECTORS = path.resolve(EMULATOR_DIR, '..', '..', '..', 'shared', 'vectors');

/** A fresh state folder under the system temp folder. */
export function tempStateDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mp-board-test-'));
}

/** Writes a partition file holding `image` followed by erased bytes. */
export function writePartition(stateDir, index, size, image = new Uint8Array(0)) {
  const bytes = Buffer.alloc(size, 0xff);
  Buffer.from(image).copy(bytes);
  fs.writeFileSync(path.join(stateDir, `partition${index}.bin`), bytes);
}

export function readPartition(stateDir, index) {
  return fs.readFileSync(path.join(stateDir, `partition${index}.bin`));
}

/**
 * Collects bytes from a stream and lets a test wait, with a time limit, for the collected bytes to
 * satisfy a condition.
 */
export class ByteCollector {
  constructor() {
    this.data = Buffer.alloc(0);
    this.waiters = new Set();
    this.ended = false;
  }

  push(bytes) {
    this.data = Buffer.concat([this.data, bytes]);
    for (const waiter of [...this.waiters]) waiter();
  }

  end() {
    this.ended = true;
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Takes everything collected so far. */
  take() {
    const data = this.data;
    this.data = Buffer.alloc(0);
    return data;
  }

  /**
   * Resolves with the collected bytes once predicate(bytes) is true; rejects after timeoutMs.
   * @param {(bytes: Buffer) => boolean} predicate
   */
  waitFor(predicate, timeoutMs = 5000, what = 'the expected bytes') {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.data)) {
          cleanup();
          resolve(this.data);
        } else if (this.ended) {
          cleanup();
          reject(new Error(`stream ended while waiting for ${what}; got ${JSON.stringify(this.data.toString('latin1'))}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.data.toString('latin1'))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until the collected bytes end with `suffix`, then takes them. */
  async takeUntil(suffix, timeoutMs = 5000) {
    const tail = Buffer.from(suffix, 'latin1');
    await this.waitFor((data) => data.length >= tail.length && data.subarray(data.length - tail.length).equals(tail),
      timeoutMs, JSON.stringify(suffix));
    return this.take();
  }
}

/**
 * Starts the emulator as a child process, serving stdio (default) or TCP, and waits for its READY line.
 * @param {string[]} args
 */
export async function startBoard(args = [], { timeoutMs = 15000 } = {}) {
  const child = spawn(process.execPath, [BOARD_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new ByteCollector();
  let stderr = '';
  child.stdout.on('data', (bytes) => output.push(bytes));
  child.stdout.on('end', () => output.end());
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no READY line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stderr.on('data', (bytes) => {
      stderr += bytes.toString();
      const match = /^READY (.*)$/m.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`board exited with ${code} before READY; stderr: ${stderr}`));
    });
  });
  return {
    child,
    output,
    ready,
    exited,
    get stderr() { return stderr; },
    send(bytes) {
      child.stdin.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Connects to a TCP board and collects what it sends. */
export function connectTcp(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve({ socket, output, send: (s) => socket.write(typeof s === 'string' ? Buffer.from(s, 'latin1') : s) }));
    const output = new ByteCollector();
    socket.on('data', (bytes) => output.push(bytes));
    socket.on('close', () => output.end());
    socket.on('error', reject);
  });
}

/** Enters the raw REPL from whatever state the board is in, the way mpremote does. */
export async function enterRawRepl(board) {
  board.output.take();
  board.send('\r\x03\r\x01');
  await board.output.takeUntil('raw REPL; CTRL-B to exit\r\n>');
}

/**
 * Runs code through raw-paste mode and returns [stdout, stderr] as strings.
 */
export async function rawPasteExec(board, code, timeoutMs = 10000) {
  board.send('\x05A\x01');
  const header = await board.output.waitFor((d) => d.length >= 5, timeoutMs, 'the raw-paste header');
  if (header[0] !== 0x52 || header[1] !== 0x01) {
    throw new Error(`no raw-paste support: ${JSON.stringify(header.toString('latin1'))}`);
  }
  const window = header.readUInt16LE(2);
  board.output.data = board.output.data.subarray(5);
  const bytes = Buffer.from(code, 'utf8');
  let offset = 0;
  let credit = window;
  while (offset < bytes.length) {
    if (credit === 0) {
      await board.output.waitFor((d) => d.includes(0x01), timeoutMs, 'a raw-paste window');
      const i = board.output.data.indexOf(0x01);
      board.output.data = Buffer.concat([board.output.data.subarray(0, i), board.output.data.subarray(i + 1)]);
      credit += window;
    }
    const n = Math.min(credit, bytes.length - offset);
    board.send(bytes.subarray(offset, offset + n));
    offset += n;
    credit -= n;
  }
  board.send('\x04');
  const reply = await board.output.waitFor((d) => /\x04[^\x04]*\x04[^\x04]*\x04>$/s.test(d.toString('latin1')), timeoutMs, 'the end of the reply');
  board.output.take();
  const text = reply.toString('latin1').replace(/\x01/g, '');
  const match = /^\x04([^\x04]*)\x04([^\x04]*)\x04>$/s.exec(text);
  if (!match) {
    throw new Error(`unexpected raw-paste reply ${JSON.stringify(text)}`);
  }
  return [Buffer.from(match[1], 'latin1').toString('utf8'), match[2]];
}

/** Sends the raw-paste request and returns the window size the board announced. */
export async function startRawPaste(board, timeoutMs = 5000) {
  board.send('\x05A\x01');
  const header = await board.output.waitFor((d) => d.length >= 5, timeoutMs, 'the raw-paste header');
  const bytes = board.output.take();
  if (bytes.length !== 5 || bytes[0] !== 0x52 || bytes[1] !== 0x01 || bytes[4] !== 0x01) {
    throw new Error(`unexpected raw-paste header ${JSON.stringify(header.toString('latin1'))}`);
  }
  return bytes.readUInt16LE(2);
}

/**
 * Connects to a TCP board that may still be closing its previous client (it refuses a second client by
 * closing it at once): retries, bounded, until the board answers a carriage return with a prompt.
 */
export async function connectTcpWhenFree(port, attempts = 40) {
  for (let i = 0; i < attempts; i++) {
    const client = await connectTcp(port);
    client.send('\r');
    try {
      await client.output.waitFor((d) => d.includes('>'), 2000, 'a prompt');
      client.output.take();
      return client;
    } catch {
      client.socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the board on port ${port} kept refusing connections`);
}
