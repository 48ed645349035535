import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { InputChannel, Slot, createChannelMemory } from './input-channel.mjs';
import { OutputRing, createOutputMemory } from './output-ring.mjs';

const WORKER_URL = new URL('./board-worker.mjs', import.meta.url);
const INTERRUPT_TRACEBACK = 'Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n';

/**
 * The board as the transports see it: bytes in with receive(), bytes out as 'output' events. The
 * interpreter runs in a worker thread; this side watches for Ctrl-C while code runs and, when the code
 * does not give control back (a busy loop the interpreter cannot be interrupted in), replaces the
 * interpreter with a fresh one, prints the KeyboardInterrupt a board would, and keeps the flash.
 */
export class Board extends EventEmitter {
  /** @param {ReturnType<import('./options.mjs').parseOptions>} options */
  constructor(options) {
    super();
    this.options = options;
    this.memory = createChannelMemory();
    this.channel = new InputChannel(this.memory);
    this.outputMemory = createOutputMemory();
    this.outputRing = new OutputRing(this.outputMemory);
    this.backlog = [];
    this.worker = null;
    this.interruptTimer = null;
    this.stopping = false;
    this.uniqueId = createHash('sha256').update(options.stateDir).digest().subarray(0, 8);
  }

  /** Starts the interpreter; resolves once it accepts input. */
  async start() {
    this.#pumpOutput();
    await this.#startWorker('friendly', true);
  }

  async #pumpOutput() {
    while (!this.stopped) {
      this.#emitOutput();
      await this.outputRing.whenWritten(200);
    }
    this.#emitOutput();
  }

  #emitOutput() {
    const bytes = this.outputRing.drain();
    if (bytes.length > 0) {
      this.emit('output', bytes);
    }
  }

  #startWorker(mode, announce) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_URL, {
        workerData: {
          memory: this.memory,
          output: this.outputMemory,
          flash: {
            stateDir: this.options.stateDir,
            sizes: this.options.partitions,
            blockSize: this.options.blockSize,
            failWriteAt: this.options.failWriteAt,
            blockDevice: this.options.blockDevice,
          },
          romfs: this.options.romfs,
          stdinBuffer: this.options.stdinBuffer,
          uniqueId: Uint8Array.from(this.uniqueId),
          window: this.options.pasteWindow,
          mode,
          announce,
        },
      });
      this.worker = worker;
      worker.on('message', (message) => {
        if (worker !== this.worker) {
          return;
        }
        if (message.type === 'started') {
          resolve();
        } else if (message.type === 'closed') {
          this.emit('closed');
        }
      });
      worker.on('error', (error) => {
        if (worker === this.worker) {
          reject(error);
          this.emit('error', error);
        }
      });
      worker.on('exit', () => {
        if (worker === this.worker && !this.stopping) {
          this.emit('error', new Error('the interpreter thread ended unexpectedly'));
        }
      });
    });
  }

  /**
   * Takes bytes from the host.
   * @param {Uint8Array} bytes
   */
  receive(bytes) {
    let start = 0;
    while (start < bytes.length) {
      // Ctrl-C bytes are looked at one by one (they may be interrupts); the rest go in as runs.
      let end = bytes.indexOf(0x03, start);
      if (end === start) {
        if (this.backlog.length === 0) {
          this.#maybeInterrupt();
        }
        end = start + 1;
      } else if (end < 0) {
        end = bytes.length;
      }
      this.#enqueue(bytes.subarray(start, end));
      start = end;
    }
  }

  #enqueue(run) {
    const taken = this.backlog.length === 0 ? this.channel.write(run) : 0;
    for (let i = taken; i < run.length; i++) {
      this.backlog.push(run[i]);
    }
    this.#drainBacklog();
  }

  #drainBacklog() {
    if (this.backlog.length === 0 || this.drainTimer) {
      return;
    }
    const taken = this.channel.write(Uint8Array.from(this.backlog));
    this.backlog.splice(0, taken);
    if (this.backlog.length > 0) {
      this.drainTimer = setTimeout(() => { this.drainTimer = null; this.#drainBacklog(); }, 5);
    }
  }

  // A Ctrl-C that arrives while Python runs is an interrupt (unless the program turned that off with
  // micropython.kbd_intr(-1)); the worker delivers it the next time the program calls out of the VM.
  #maybeInterrupt() {
    const c = this.channel;
    if (c.get(Slot.BUSY) !== 1 || c.get(Slot.INTR_CHAR) !== 0x03 || c.get(Slot.PENDING_INTR) !== 0) {
      return;
    }
    c.set(Slot.PENDING_POS, c.get(Slot.WRITE));
    c.set(Slot.PENDING_INTR, 1);
    c.wakeUp();
    const execCount = c.get(Slot.EXEC_COUNT);
    const heartbeat = c.get(Slot.HEARTBEAT);
    clearTimeout(this.interruptTimer);
    this.interruptTimer = setTimeout(() => {
      // A runaway: still undelivered, the same program, not one call out of the VM since, and the
      // program has not made 0x03 plain data (micropython.kbd_intr(-1)).
      if (c.get(Slot.PENDING_INTR) === 1 && c.get(Slot.BUSY) === 1 && c.get(Slot.EXEC_COUNT) === execCount
        && c.get(Slot.HEARTBEAT) === heartbeat && c.get(Slot.INTR_CHAR) === 0x03) {
        this.#restartAfterInterrupt();
      }
    }, this.options.interruptGraceMs);
  }

  async #restartAfterInterrupt() {
    const mode = this.channel.get(Slot.MODE) === 1 ? 'raw' : 'friendly';
    const old = this.worker;
    this.worker = null;
    await old.terminate();
    this.#emitOutput();
    this.channel.set(Slot.BUSY, 0);
    this.channel.set(Slot.PENDING_INTR, 2);
    const text = mode === 'raw' ? `\x04${INTERRUPT_TRACEBACK}\x04>` : `${INTERRUPT_TRACEBACK}>>> `;
    this.emit('output', Buffer.from(text, 'latin1'));
    await this.#startWorker(mode, false);
  }

  /** Stops the interpreter, leaving the partition files flushed. */
  async stop() {
    if (this.stopping) {
      return;
    }
    this.stopping = true;
    clearTimeout(this.interruptTimer);
    clearTimeout(this.drainTimer);
    const worker = this.worker;
    if (!worker) {
      this.stopped = true;
      return;
    }
    const closed = new Promise((resolve) => {
      worker.once('exit', resolve);
      this.once('closed', resolve);
    });
    this.channel.set(Slot.CLOSED, 1);
    this.channel.wakeUp();
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([closed, timeout]);
    await worker.terminate();
    this.stopped = true;
    this.#emitOutput();
  }
}
