/**
 * Delivers bytes no faster than a UART at the given baud rate would (10 bits per byte: start, 8 data,
 * stop). A baud rate of 0 delivers at once.
 */
export class Pacer {
  /**
   * @param {number} baud
   * @param {(bytes: Uint8Array) => void} deliver
   */
  constructor(baud, deliver) {
    this.bytesPerMs = baud / 10 / 1000;
    this.deliver = deliver;
    this.queue = [];
    this.queued = 0;
    this.timer = null;
    this.credit = 0;
    this.lastTick = 0;
    this.closed = false;
  }

  /** @param {Uint8Array} bytes */
  push(bytes) {
    if (this.closed || bytes.length === 0) {
      return;
    }
    if (this.bytesPerMs <= 0) {
      this.deliver(bytes);
      return;
    }
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (!this.timer) {
      this.lastTick = performance.now();
      this.credit = 0;
      this.#schedule(0);
    }
  }

  #schedule(ms) {
    this.timer = setTimeout(() => this.#tick(), ms);
  }

  #tick() {
    this.timer = null;
    if (this.closed) {
      return;
    }
    const now = performance.now();
    this.credit += (now - this.lastTick) * this.bytesPerMs;
    this.lastTick = now;
    let allowed = Math.floor(this.credit);
    if (allowed > 0) {
      const parts = [];
      while (allowed > 0 && this.queue.length > 0) {
        const head = this.queue[0];
        if (head.length <= allowed) {
          parts.push(head);
          this.queue.shift();
          allowed -= head.length;
          this.credit -= head.length;
          this.queued -= head.length;
        } else {
          parts.push(head.subarray(0, allowed));
          this.queue[0] = head.subarray(allowed);
          this.credit -= allowed;
          this.queued -= allowed;
          allowed = 0;
        }
      }
      this.deliver(Buffer.concat(parts));
    }
    if (this.queue.length > 0) {
      const wait = Math.max(1, Math.ceil((1 - (this.credit % 1)) / this.bytesPerMs));
      this.#schedule(Math.min(wait, 20));
    }
  }

  /** Drops anything still queued and stops. */
  close() {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.queue = [];
    this.queued = 0;
  }
}
