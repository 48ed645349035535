// Bytes from the host to the interpreter worker travel through a ring buffer in shared memory, so the
// worker can block on it both while idle (waiting for the next REPL byte) and while Python code reads
// sys.stdin, and the main thread can see what the interpreter is doing without a message round trip.

const RING_BYTES = 1 << 20;

/** Slots of the shared control array. */
export const Slot = Object.freeze({
  WRITE: 0,          // bytes written so far (wrapping 32-bit counter)
  READ: 1,           // bytes read so far (wrapping 32-bit counter)
  BUSY: 2,           // 1 while the interpreter runs Python code
  INTR_CHAR: 3,      // the interrupt character Python code has set (micropython.kbd_intr), -1 for none
  PENDING_INTR: 4,   // set by the main thread when the interrupt character arrives during execution
  EXEC_COUNT: 5,     // incremented each time the interpreter starts running code
  MODE: 6,           // 0 friendly REPL, 1 raw REPL
  CLOSED: 7,         // set by the main thread to make the worker leave
  PENDING_POS: 8,    // ring position (READ counter value) of the flagged interrupt byte
  HEARTBEAT: 9,      // incremented each time running code calls out of the VM (print, sleep, stdin)
});

/** Creates the shared memory a channel lives in; pass the result to InputChannel on both sides. */
export function createChannelMemory() {
  return { control: new SharedArrayBuffer(16 * 4), ring: new SharedArrayBuffer(RING_BYTES) };
}

/** One side of the host-to-interpreter byte ring. */
export class InputChannel {
  /** @param {{control: SharedArrayBuffer, ring: SharedArrayBuffer}} memory */
  constructor(memory) {
    this.memory = memory;
    this.control = new Int32Array(memory.control);
    this.ring = new Uint8Array(memory.ring);
  }

  /** Number of bytes written and not yet read. */
  available() {
    return (Atomics.load(this.control, Slot.WRITE) - Atomics.load(this.control, Slot.READ)) | 0;
  }

  /** Free space in the ring. */
  space() {
    return this.ring.length - this.available();
  }

  /**
   * Appends as many bytes as fit; returns how many were taken.
   * @param {Uint8Array} bytes
   */
  write(bytes) {
    const count = Math.min(bytes.length, this.space());
    let write = Atomics.load(this.control, Slot.WRITE);
    for (let i = 0; i < count; i++) {
      this.ring[(write >>> 0) % this.ring.length] = bytes[i];
      write = (write + 1) | 0;
    }
    Atomics.store(this.control, Slot.WRITE, write);
    Atomics.notify(this.control, Slot.WRITE);
    return count;
  }

  /** Takes one byte, or returns -1 when the ring is empty. */
  tryRead() {
    const read = Atomics.load(this.control, Slot.READ);
    if (((Atomics.load(this.control, Slot.WRITE) - read) | 0) === 0) {
      return -1;
    }
    const value = this.ring[(read >>> 0) % this.ring.length];
    Atomics.store(this.control, Slot.READ, (read + 1) | 0);
    return value;
  }

  /**
   * Blocks (worker side only) until a byte arrives, the channel closes, or wakeUp() is called.
   * Returns the byte, or -1 when woken without data.
   * @param {number} timeoutMs
   */
  waitRead(timeoutMs = Infinity) {
    const value = this.tryRead();
    if (value >= 0 || this.closed) {
      return value;
    }
    const write = Atomics.load(this.control, Slot.WRITE);
    if (write === Atomics.load(this.control, Slot.READ)) {
      Atomics.wait(this.control, Slot.WRITE, write, timeoutMs);
    }
    return this.tryRead();
  }

  /**
   * Blocks (worker side only) until a byte is waiting, without taking it, or the timeout passes.
   * Returns whether a byte is waiting.
   * @param {number} timeoutMs
   */
  waitAvailable(timeoutMs) {
    if (this.available() > 0 || this.closed) {
      return this.available() > 0;
    }
    const write = Atomics.load(this.control, Slot.WRITE);
    if (write === Atomics.load(this.control, Slot.READ)) {
      Atomics.wait(this.control, Slot.WRITE, write, timeoutMs);
    }
    return this.available() > 0;
  }

  /** Wakes a worker blocked in waitRead without giving it data. */
  wakeUp() {
    Atomics.notify(this.control, Slot.WRITE);
  }

  get closed() {
    return Atomics.load(this.control, Slot.CLOSED) === 1;
  }

  /** Reads a control slot. */
  get(slot) {
    return Atomics.load(this.control, slot);
  }

  /** Writes a control slot. */
  set(slot, value) {
    Atomics.store(this.control, slot, value);
  }
}
