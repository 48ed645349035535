const CTRL_A = 0x01;
const CTRL_B = 0x02;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_E = 0x05;
const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';

/**
 * The board's REPL as the host sees it. The interpreter's own event-driven REPL does the friendly REPL,
 * the raw REPL and execution; this machine follows which mode it is in (from the bytes it prints) and
 * adds raw-paste mode, which the npm build cannot do because it cannot read input while compiling.
 * Raw-paste: host sends Ctrl-E 'A' Ctrl-A at an empty raw prompt; the board answers "R\x01", the window
 * size (2 bytes, little-endian) and "\x01"; it sends "\x01" again each time a window's worth of bytes
 * arrived; Ctrl-D ends the code (answered with "\x04", then the raw REPL's output framing without "OK");
 * Ctrl-C abandons it with a KeyboardInterrupt.
 */
export class ReplMachine {
  /**
   * @param {object} options
   * @param {{processChar(byte: number): boolean, dropOutput(n: number): void, tail: string}} options.interpreter
   * @param {(byte: number) => void} options.emit writes one byte to the host
   * @param {number} options.window raw-paste window in bytes
   */
  constructor({ interpreter, emit, window }) {
    this.interpreter = interpreter;
    this.emit = emit;
    this.window = window;
    this.mode = 'friendly';
    this.rawLineLength = 0;
    this.held = [];
    this.paste = null;
  }

  /** Switches to a new interpreter after a soft reset, keeping the mode. */
  replaceInterpreter(interpreter) {
    this.interpreter = interpreter;
    this.rawLineLength = 0;
    this.held = [];
    this.paste = null;
  }

  /**
   * Handles one byte from the host. Returns true when the board must soft-reset.
   * @param {number} byte
   */
  handle(byte) {
    if (this.paste) {
      return this.#pasteByte(byte);
    }
    if (this.mode === 'raw') {
      return this.#rawByte(byte);
    }
    return this.#feed(byte);
  }

  #rawByte(byte) {
    if (this.held.length === 0 && this.rawLineLength === 0 && byte === CTRL_E) {
      this.held.push(byte);
      return false;
    }
    if (this.held.length === 1 && byte === 0x41) {
      this.held.push(byte);
      return false;
    }
    if (this.held.length === 2 && byte === CTRL_A) {
      this.held = [];
      this.#startPaste();
      return false;
    }
    const pending = this.held.concat([byte]);
    this.held = [];
    for (const b of pending) {
      if (this.#feed(b)) {
        return true;
      }
    }
    return false;
  }

  #feed(byte) {
    const wasRaw = this.mode === 'raw';
    const reset = this.interpreter.processChar(byte);
    if (reset) {
      this.rawLineLength = 0;
      return true;
    }
    if (wasRaw) {
      if (byte === CTRL_B) {
        this.mode = 'friendly';
      } else if (byte === CTRL_A || byte === CTRL_C || byte === CTRL_D) {
        this.rawLineLength = 0;
      } else {
        this.rawLineLength++;
      }
    } else if (this.interpreter.tail.endsWith(RAW_BANNER)) {
      this.mode = 'raw';
      this.rawLineLength = 0;
    }
    return false;
  }

  #startPaste() {
    this.paste = { code: [], remaining: this.window };
    this.emit(0x52);
    this.emit(0x01);
    this.emit(this.window & 0xff);
    this.emit((this.window >> 8) & 0xff);
    this.emit(0x01);
  }

  #pasteByte(byte) {
    const paste = this.paste;
    if (byte === CTRL_C) {
      this.paste = null;
      this.emit(CTRL_D);
      for (const b of Buffer.from('\x04KeyboardInterrupt: \r\n\x04>', 'latin1')) {
        this.emit(b);
      }
      return false;
    }
    if (byte === CTRL_D) {
      this.paste = null;
      this.emit(CTRL_D);
      return this.#run(paste.code);
    }
    paste.code.push(byte);
    if (--paste.remaining === 0) {
      this.emit(0x01);
      paste.remaining = this.window;
    }
    return false;
  }

  // Hands collected raw-paste code to the classic raw REPL; its "OK" acknowledgement is not part of
  // raw-paste framing, so it is hidden.
  #run(code) {
    // The classic raw REPL would treat control bytes as commands; MicroPython source never needs them.
    const source = code.filter((b) => b > CTRL_E || b === 0x00);
    for (const b of source) {
      this.interpreter.processChar(b);
    }
    if (source.length === 0) {
      // An empty raw-paste program runs nothing; the classic raw REPL would soft-reset instead.
      for (const b of Buffer.from('\x04\x04>', 'latin1')) {
        this.emit(b);
      }
      return false;
    }
    this.interpreter.dropOutput(2);
    const reset = this.interpreter.processChar(CTRL_D);
    this.rawLineLength = 0;
    return reset;
  }
}
