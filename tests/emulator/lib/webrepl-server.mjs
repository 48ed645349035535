import crypto from 'node:crypto';
import net from 'node:net';

// A WebREPL front for the emulated board, after upstream's server side (extmod/modwebsocket.c, extmod/modwebrepl.c
// and micropython-lib's webrepl.py): an HTTP upgrade to a websocket, the "Password: " prompt, then the REPL in text
// frames. What a host sees that upstream does: a wrong password answers "Access denied" and closes; a second client
// is closed at once; a soft reset closes the connection (the reboot restarts the server); binary frames are not REPL
// input, and the 'WA' file protocol is refused (status 1), so hosts fall back to the REPL.

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_REQUEST = 4096;
const MAX_FRAME = 1 << 20;
const SOFT_REBOOT = Buffer.from('MPY: soft reboot');

/** The Sec-WebSocket-Accept value for a client's key. */
export function acceptKey(key) {
  return crypto.createHash('sha1').update(key + GUID).digest('base64');
}

/** One unmasked server frame (text unless told), with the 16-bit or 64-bit length form as needed. */
export function serverFrame(payload, opcode = 1) {
  const length = payload.length;
  let header;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65536) {
    header = Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/**
 * Reads client frames from a growing buffer. Returns { frames, rest } where each frame is { opcode, payload };
 * throws on a frame this server refuses (unmasked, or longer than MAX_FRAME).
 */
export function parseFrames(buffer) {
  const frames = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const first = buffer[offset];
    const second = buffer[offset + 1];
    let length = second & 0x7f;
    let position = offset + 2;
    if (length === 126) {
      if (buffer.length - position < 2) break;
      length = buffer.readUInt16BE(position);
      position += 2;
    } else if (length === 127) {
      if (buffer.length - position < 8) break;
      const big = buffer.readBigUInt64BE(position);
      if (big > BigInt(MAX_FRAME)) throw new Error(`a frame of ${big} bytes is too long`);
      length = Number(big);
      position += 8;
    }
    if ((second & 0x80) === 0) throw new Error('a client frame is not masked');
    if (length > MAX_FRAME) throw new Error(`a frame of ${length} bytes is too long`);
    if (buffer.length - position < 4 + length) break;
    const mask = buffer.subarray(position, position + 4);
    position += 4;
    const payload = Buffer.alloc(length);
    for (let i = 0; i < length; i++) payload[i] = buffer[position + i] ^ mask[i & 3];
    frames.push({ opcode: first & 0x0f, payload });
    offset = position + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/**
 * Serves the board's REPL as WebREPL on 127.0.0.1.
 * @param {import('./board.mjs').Board} board
 * @param {{ webreplPort: number, password: string }} options
 * @param {(write: (bytes: Uint8Array) => void, drop: () => void) => { fromHost(b: Uint8Array): void, toHost(b: Uint8Array): void, close(): void }} connect
 *   makes the paced, fault-injecting link (board.mjs) for a logged-in client
 * @returns {Promise<number>} the port listened on
 */
export function serveWebRepl(board, options, connect) {
  let client = null; // { socket, link }
  let tail = Buffer.alloc(0);

  board.on('output', (bytes) => {
    if (!client?.link) return;
    // The real board's reboot closes the socket after "OK\r\n"; nothing of the reboot reaches the host. The last
    // few bytes are remembered so that the line is seen even when it arrives in two pieces (a piece of it may then
    // have gone out already, which a host that is waiting for the close ignores).
    const chunk = Buffer.from(bytes);
    const data = Buffer.concat([tail, chunk]);
    const at = data.indexOf(SOFT_REBOOT);
    if (at < 0) {
      tail = Buffer.from(data.subarray(Math.max(0, data.length - SOFT_REBOOT.length + 1)));
      client.link.toHost(chunk);
      return;
    }
    const before = at - tail.length;
    if (before > 0) client.link.toHost(chunk.subarray(0, before));
    const closing = client;
    client = null;
    tail = Buffer.alloc(0);
    setTimeout(() => {
      closing.link.close();
      closing.socket.destroy();
    }, 20);
  });

  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (client) {
      // webrepl.py: "Concurrent WebREPL connection ... rejected".
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const me = { socket, link: null };
    client = me;
    let input = Buffer.alloc(0);
    let state = 'handshake';
    let password = '';
    const send = (frame) => {
      if (!socket.destroyed) socket.write(frame);
    };
    const end = () => {
      if (client === me) {
        client = null;
        tail = Buffer.alloc(0);
      }
      me.link?.close();
      socket.destroy();
    };
    socket.on('close', end);
    socket.on('data', (bytes) => {
      input = Buffer.concat([input, bytes]);
      if (state === 'handshake') {
        const blank = input.indexOf('\r\n\r\n');
        if (blank < 0) {
          if (input.length > MAX_REQUEST) end();
          return;
        }
        const request = input.subarray(0, blank).toString('latin1');
        input = input.subarray(blank + 4);
        const key = /^sec-websocket-key:\s*(\S+)\s*$/im.exec(request)?.[1];
        if (!key) {
          end();
          return;
        }
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
        send(serverFrame(Buffer.from('Password: ')));
        state = 'password';
      }
      let parsed;
      try {
        parsed = parseFrames(input);
      } catch {
        end();
        return;
      }
      input = Buffer.from(parsed.rest);
      for (const frame of parsed.frames) {
        if (socket.destroyed) return;
        if (frame.opcode === 8) {
          send(Buffer.from([0x88, 0]));
          end();
          return;
        }
        if (frame.opcode === 9) {
          send(serverFrame(frame.payload, 10));
          continue;
        }
        if (frame.opcode >= 8) continue;
        if (state === 'password') {
          for (const byte of frame.payload) {
            if (state !== 'password') break;
            if (byte === 0x0d || byte === 0x0a) {
              if (password !== options.password) {
                send(serverFrame(Buffer.from('\r\nAccess denied\r\n')));
                setTimeout(end, 20);
                state = 'denied';
                return;
              }
              state = 'repl';
              send(serverFrame(Buffer.from('\r\nWebREPL connected\r\n>>> ')));
              me.link = connect((out) => send(serverFrame(Buffer.from(out))), () => end());
            } else if (password.length < 10) {
              password += String.fromCharCode(byte);
            }
          }
          continue;
        }
        if (state === 'repl' && frame.opcode === 2 && frame.payload.subarray(0, 2).toString('latin1') === 'WA') {
          // The file protocol is not emulated: every request is refused ("WB" and status 1), as a board whose
          // filesystem cannot open the file would answer if its server survived it.
          send(serverFrame(Buffer.from('WB\x01\x00', 'latin1'), 2));
          continue;
        }
        if (state === 'repl' && frame.opcode !== 2 && me.link) {
          me.link.fromHost(frame.payload);
        }
      }
    });
  });

  return new Promise((resolve) => {
    server.listen(options.webreplPort, '127.0.0.1', () => resolve(server.address().port));
  });
}
