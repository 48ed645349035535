import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Flash } from './flash.mjs';
import { Slot } from './input-channel.mjs';

const BOARD_VFS_SOURCE = fs.readFileSync(fileURLToPath(new URL('./board_vfs.py', import.meta.url)), 'utf8');
const BOARD_SELECT_SOURCE = fs.readFileSync(fileURLToPath(new URL('./board_select.py', import.meta.url)), 'utf8');
const BOARD_MACHINE_SOURCE = fs.readFileSync(fileURLToPath(new URL('./board_machine.py', import.meta.url)), 'utf8');

// The npm build does not export its wasm memory, but the emulator needs it to give Python a memoryview over
// the flash partitions; capture it (and the compiled module, so a soft reset does not compile again).
let lastMemory;
let compiledModule;
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function instantiate(source, imports) {
  if (compiledModule && !(source instanceof WebAssembly.Module)) {
    const instance = await originalInstantiate.call(WebAssembly, compiledModule, imports);
    lastMemory = instance.exports.memory;
    return { module: compiledModule, instance };
  }
  const result = await originalInstantiate.call(WebAssembly, source, imports);
  const instance = result.instance ?? result;
  if (result.module) {
    compiledModule = result.module;
  }
  lastMemory = instance.exports.memory;
  return result;
};
const { loadMicroPython } = await import('@micropython/micropython-webassembly-pyscript');

const HEAP_BYTES = 2 * 1024 * 1024;

/**
 * One running MicroPython instance with the board's additions: flash partitions in its memory, the
 * `vfs` module with rom_ioctl and VfsRom (unless romfs is off), `machine.unique_id()`, /rom on sys.path.
 * Output bytes go to emit() with lone "\n" turned into "\r\n" as a board's cooked stdout does.
 */
export class Interpreter {
  /**
   * @param {object} options
   * @param {import('./input-channel.mjs').InputChannel} options.channel
   * @param {(byte: number) => void} options.emit
   * @param {{stateDir: string, sizes: number[], blockSize: number, failWriteAt: number}} options.flash
   * @param {boolean} options.romfs
   * @param {boolean} [options.stdinBuffer] false: program reads of stdin find nothing (--no-stdin-buffer)
   * @param {Uint8Array} options.uniqueId
   */
  static async start(options) {
    const interpreter = new Interpreter(options);
    await interpreter.#load();
    return interpreter;
  }

  constructor({ channel, emit, flash, romfs, uniqueId, stdinBuffer = true }) {
    this.channel = channel;
    this.emit = emit;
    this.flashOptions = flash;
    this.romfs = romfs;
    this.stdinBuffer = stdinBuffer;
    this.uniqueId = uniqueId;
    this.previousByte = 0;
    this.dropCount = 0;
    this.tail = '';
    this.programSeen = false;
  }

  async #load() {
    const onByte = (bytes) => this.#output(bytes[0]);
    this.mp = await loadMicroPython({
      stdout: onByte,
      stderr: onByte,
      stdin: () => this.#stdinByte(),
      linebuffer: false,
      heapsize: HEAP_BYTES,
    });
    this.memory = lastMemory;
    this.module = this.mp._module;
    const memory = this.memory;
    const addresses = [];
    this.flash = new Flash({
      ...this.flashOptions,
      allocate: (index, size) => {
        const address = this.module._malloc(size);
        addresses[index] = address;
        return () => new Uint8Array(memory.buffer, address, size);
      },
    });
    const flash = this.flash;
    this.mp.registerJsModule('_board', {
      partition_count: () => flash.count,
      partition_address: (index) => addresses[index],
      partition_size: (index) => flash.sizes[index],
      block_size: () => flash.blockSize,
      block_device: () => Boolean(this.flashOptions.blockDevice),
      rom_erase: (index, offset, length) => (flash.erase(index, offset, length) < 0 ? -22 : 4),
      rom_write: (index, offset, address, length) =>
        flash.write(index, offset, new Uint8Array(memory.buffer, address, length).slice()),
      unique_id: () => Array.from(this.uniqueId),
      stdin_wait: (timeoutMs) => this.#stdinWait(timeoutMs),
    });
    this.#installModule('_board_machine', BOARD_MACHINE_SOURCE, 'machine');
    this.#installModule('_board_select', BOARD_SELECT_SOURCE, 'select');
    if (this.romfs) {
      this.#installModule('_board_vfs', BOARD_VFS_SOURCE, 'vfs');
    }
    this.mp.runPython([
      'def _board_boot():',
      '    import sys',
      // As upstream firmware does: /rom and /rom/lib join sys.path only when partition 0 mounted at boot.
      "    sys.path[:] = ['', '.frozen']",
      '    try:',
      "        import os; os.stat('/rom')",
      "        sys.path.extend(('/rom', '/rom/lib'))",
      '    except (ImportError, OSError):',
      '        pass',
      "    sys.path.append('/lib')",
      '_board_boot()',
      'del _board_boot',
    ].join('\n'));
  }

  // The module's source goes into a folder of the interpreter's in-memory file system just long enough
  // to import it, so nothing of it shows in the board's file system afterwards.
  #installModule(name, source, replaces) {
    const folder = '/board-boot';
    const file = `${folder}/${name}.py`;
    this.mp.FS.mkdir(folder);
    this.mp.FS.writeFile(file, source);
    try {
      this.mp.runPython([
        'def _board_install():',
        '    import sys',
        `    sys.path.insert(0, '${folder}')`,
        '    try:',
        `        import ${name}`,
        '    finally:',
        '        sys.path.pop(0)',
        `    sys.modules['${replaces}'] = ${name}`,
        `    del sys.modules['${name}']`,
        '_board_install()',
        'del _board_install',
      ].join('\n'));
    } finally {
      this.mp.FS.unlink(file);
      this.mp.FS.rmdir(folder);
    }
  }

  #output(byte) {
    this.pollInterrupt();
    if (this.dropCount > 0) {
      this.dropCount--;
      return;
    }
    if (byte === 0x0a && this.previousByte !== 0x0d) {
      this.emit(0x0d);
    }
    this.previousByte = byte;
    this.tail = (this.tail + String.fromCharCode(byte)).slice(-40);
    this.emit(byte);
  }

  // Called by sys.stdin reads while Python code runs: block until the host sends a byte, like a UART.
  #stdinByte() {
    // --no-stdin-buffer: a port whose program input is not the REPL link; reads find nothing.
    if (!this.stdinBuffer) {
      this.pollInterrupt();
      return null;
    }
    for (;;) {
      this.pollInterrupt();
      if (this.channel.closed) {
        return null;
      }
      const position = this.channel.get(Slot.READ);
      const value = this.channel.waitRead(50);
      if (value < 0) {
        continue;
      }
      if (this.#isPendingInterruptAt(position)) {
        this.channel.set(Slot.PENDING_INTR, 0);
      }
      const interruptChar = this.module._mp_hal_get_interrupt_char();
      this.channel.set(Slot.INTR_CHAR, interruptChar);
      if (value === interruptChar) {
        this.module._mp_sched_keyboard_interrupt();
        return null;
      }
      return value;
    }
  }

  // select.poll on sys.stdin: wait until the host has sent a byte (1) or the timeout passes (0); a negative
  // timeout waits for ever. In slices, so a Ctrl-C flagged meanwhile is still delivered.
  #stdinWait(timeoutMs) {
    if (!this.stdinBuffer) {
      return 0;
    }
    const deadline = timeoutMs < 0 ? Infinity : performance.now() + timeoutMs;
    for (;;) {
      this.pollInterrupt();
      if (this.channel.available() > 0) {
        return 1;
      }
      const left = deadline - performance.now();
      if (this.channel.closed || left <= 0) {
        return 0;
      }
      this.channel.waitAvailable(Math.min(50, left));
    }
  }

  #isPendingInterruptAt(position) {
    return this.channel.get(Slot.PENDING_INTR) !== 0 && this.channel.get(Slot.PENDING_POS) === position;
  }

  /**
   * Publishes the interrupt character the program has set (so the main thread knows whether a 0x03 is
   * data) and delivers a Ctrl-C that the main thread flagged while code runs; cheap enough to call often.
   */
  pollInterrupt() {
    if (this.channel.get(Slot.BUSY) !== 1) {
      return;
    }
    this.channel.set(Slot.HEARTBEAT, (this.channel.get(Slot.HEARTBEAT) + 1) | 0);
    const interruptChar = this.module._mp_hal_get_interrupt_char();
    // The REPL itself runs with no interrupt character (e.g. while echoing), so "none" only counts
    // once the running program has been seen with Ctrl-C enabled.
    if (interruptChar === 0x03) {
      this.programSeen = true;
    }
    if (this.programSeen) {
      this.channel.set(Slot.INTR_CHAR, interruptChar);
    }
    if (this.channel.get(Slot.PENDING_INTR) === 1 && interruptChar === 0x03) {
      this.module._mp_sched_keyboard_interrupt();
      this.channel.set(Slot.PENDING_INTR, 2);
    }
  }

  /**
   * Reads the next host byte for the REPL, skipping a Ctrl-C that was already delivered as an interrupt.
   * Returns -1 when woken without data.
   */
  nextReplByte(timeoutMs) {
    for (;;) {
      const position = this.channel.get(Slot.READ);
      const value = this.channel.waitRead(timeoutMs);
      if (value < 0) {
        return value;
      }
      if (this.#isPendingInterruptAt(position)) {
        const delivered = this.channel.get(Slot.PENDING_INTR) === 2;
        this.channel.set(Slot.PENDING_INTR, 0);
        if (delivered) {
          continue;
        }
      }
      return value;
    }
  }

  /** Prints the REPL banner (the interpreter's own), returning it instead when quiet. */
  replInit() {
    this.mp.replInit();
  }

  /** Feeds one byte to the interpreter's event-driven REPL; true when it asks for a soft reset. */
  processChar(byte) {
    this.programSeen = false;
    this.channel.set(Slot.INTR_CHAR, 0x03);
    this.channel.set(Slot.EXEC_COUNT, (this.channel.get(Slot.EXEC_COUNT) + 1) | 0);
    this.channel.set(Slot.BUSY, 1);
    try {
      return this.mp.replProcessChar(byte) !== 0;
    } finally {
      this.channel.set(Slot.BUSY, 0);
    }
  }

  /** Drops the next n output bytes (used to hide the raw REPL's "OK" after raw-paste). */
  dropOutput(n) {
    this.dropCount = n;
  }

  /** Flushes and closes the partition files. */
  close() {
    this.flash.close();
  }
}
