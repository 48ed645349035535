// Bytes from the interpreter to the host go through a ring in shared memory rather than messages, so
// the main thread sees each byte as soon as it is printed, even when the interpreter thread then spins
// in a loop that never returns to its event loop.

const OUTPUT_RING_BYTES = 1 << 18;
const WRITE = 0;
const READ = 1;

/** Creates the shared memory for an OutputRing; pass it to both threads. */
export function createOutputMemory() {
  return { control: new SharedArrayBuffer(2 * 4), ring: new SharedArrayBuffer(OUTPUT_RING_BYTES) };
}

/** The interpreter-to-host byte ring. */
export class OutputRing {
  constructor(memory) {
    this.control = new Int32Array(memory.control);
    this.ring = new Uint8Array(memory.ring);
  }

  /**
   * Worker side: appends one byte, waiting while the ring is full (the host reads too slowly) unless
   * shouldStop() says to give up.
   */
  put(byte, shouldStop = () => false) {
    const write = Atomics.load(this.control, WRITE);
    for (;;) {
      const read = Atomics.load(this.control, READ);
      if (((write - read) | 0) < this.ring.length) {
        break;
      }
      if (shouldStop()) {
        return;
      }
      Atomics.wait(this.control, READ, read, 50);
    }
    this.ring[(write >>> 0) % this.ring.length] = byte;
    Atomics.store(this.control, WRITE, (write + 1) | 0);
    Atomics.notify(this.control, WRITE);
  }

  /** Main side: takes everything written so far (may be empty). */
  drain() {
    const read = Atomics.load(this.control, READ);
    const write = Atomics.load(this.control, WRITE);
    const count = (write - read) | 0;
    if (count === 0) {
      return Buffer.alloc(0);
    }
    const bytes = Buffer.alloc(count);
    const start = (read >>> 0) % this.ring.length;
    const first = Math.min(count, this.ring.length - start);
    bytes.set(this.ring.subarray(start, start + first), 0);
    if (first < count) {
      bytes.set(this.ring.subarray(0, count - first), first);
    }
    Atomics.store(this.control, READ, write);
    Atomics.notify(this.control, READ);
    return bytes;
  }

  /** Main side: resolves when bytes may be available (or after timeoutMs). */
  async whenWritten(timeoutMs) {
    const read = Atomics.load(this.control, READ);
    const result = Atomics.waitAsync(this.control, WRITE, read, timeoutMs);
    if (result.async) {
      await result.value;
    }
  }
}
