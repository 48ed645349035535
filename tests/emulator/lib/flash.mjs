import fs from 'node:fs';
import path from 'node:path';

const EINVAL = 22;
const EIO = 5;

/**
 * NOR-flash partitions persisted as files partition<N>.bin in a state folder. Erased bytes are 0xFF, a write
 * can only clear bits (the stored byte becomes old AND new), erasing works on whole blocks.
 * The bytes the interpreter sees live wherever viewOf(index) says (memory inside the wasm instance in the
 * worker), so rom_ioctl(2)'s memoryview shows every change at once; the files follow each change.
 */
export class Flash {
  /**
   * @param {object} options
   * @param {string} options.stateDir folder for the partition files (created if missing)
   * @param {number[]} options.sizes partition sizes in bytes
   * @param {number} options.blockSize erase block size in bytes
   * @param {number} [options.failWriteAt] partition offset at which writes fail with -EIO (fault mode), -1 for none
   * @param {(index: number, size: number) => () => Uint8Array} [options.allocate] returns a getter for a partition's memory
   */
  constructor({ stateDir, sizes, blockSize, failWriteAt = -1, allocate }) {
    this.stateDir = stateDir;
    this.sizes = sizes.slice();
    this.blockSize = blockSize;
    this.failWriteAt = failWriteAt;
    fs.mkdirSync(stateDir, { recursive: true });
    const defaultAllocate = (index, size) => { const bytes = new Uint8Array(size); return () => bytes; };
    this.views = this.sizes.map((size, index) => (allocate ?? defaultAllocate)(index, size));
    this.fds = this.sizes.map((size, index) => this.#load(index, size));
  }

  /** Path of a partition's file. */
  static fileOf(stateDir, index) {
    return path.join(stateDir, `partition${index}.bin`);
  }

  #load(index, size) {
    const file = Flash.fileOf(this.stateDir, index);
    const view = this.views[index]();
    view.fill(0xff);
    let existing = 0;
    if (fs.existsSync(file)) {
      const data = fs.readFileSync(file);
      existing = Math.min(data.length, size);
      view.set(data.subarray(0, existing));
    }
    const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    // A file of another size (a changed --partition) keeps its prefix and is cut or padded with erased bytes.
    fs.ftruncateSync(fd, size);
    if (existing < size) {
      fs.writeSync(fd, view, existing, size - existing, existing);
    }
    return fd;
  }

  /** Number of partitions. */
  get count() {
    return this.sizes.length;
  }

  /** The current bytes of a partition (a live view, do not keep across calls). */
  bytes(index) {
    return this.views[index]();
  }

  /**
   * Erases every block that [offset, offset + length) touches. Returns 0 or a negative errno.
   */
  erase(index, offset, length) {
    if (!this.#valid(index, offset, length)) {
      return -EINVAL;
    }
    if (length === 0) {
      return 0;
    }
    const first = Math.floor(offset / this.blockSize) * this.blockSize;
    const last = Math.min(this.sizes[index], Math.ceil((offset + length) / this.blockSize) * this.blockSize);
    const view = this.bytes(index);
    view.fill(0xff, first, last);
    fs.writeSync(this.fds[index], view, first, last - first, first);
    return 0;
  }

  /**
   * Programs data at offset: each stored byte becomes old AND new. With the write fault armed, bytes from
   * failWriteAt on are not written and the call returns -EIO. Returns 0 or a negative errno.
   * @param {Uint8Array} data
   */
  write(index, offset, data) {
    if (!this.#valid(index, offset, data.length)) {
      return -EINVAL;
    }
    let count = data.length;
    let result = 0;
    if (this.failWriteAt >= 0 && offset + count > this.failWriteAt && offset <= this.failWriteAt) {
      count = this.failWriteAt - offset;
      result = -EIO;
    }
    const view = this.bytes(index);
    for (let i = 0; i < count; i++) {
      view[offset + i] &= data[i];
    }
    if (count > 0) {
      fs.writeSync(this.fds[index], view, offset, count, offset);
    }
    return result;
  }

  #valid(index, offset, length) {
    return Number.isInteger(index) && index >= 0 && index < this.sizes.length
      && Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0
      && offset + length <= this.sizes[index];
  }

  /** Flushes and closes the partition files. */
  close() {
    for (const fd of this.fds) {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    this.fds = [];
  }
}
