import net from 'node:net';
import { Board } from './lib/board.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { Pacer } from './lib/pacer.mjs';
import { serveWebRepl } from './lib/webrepl-server.mjs';

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`board: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}

const board = new Board(options);
let connection = null;

// A connection to the host: pacing both ways at --baud, and the host-byte faults (--drop-after,
// --corrupt-byte, --lose-byte), all counted from the start of the connection; with --fault-connection K only
// the K-th connection (from 1) has them, so a test can prepare the board over a clean one first.
let connections = 0;
function connect(write, drop) {
  connections++;
  const faulty = options.faultConnection === 0 || options.faultConnection === connections;
  const state = { received: 0, dropped: false };
  const corrupt = new Set(faulty ? options.corruptBytes : []);
  const lose = new Set(faulty ? options.loseBytes : []);
  const dropAfter = faulty ? options.dropAfter : -1;
  const toHost = new Pacer(options.baud, write);
  const toBoard = new Pacer(options.baud, (bytes) => board.receive(bytes));
  const link = {
    fromHost(bytes) {
      if (state.dropped) return;
      let limit = bytes.length;
      if (dropAfter >= 0 && state.received + bytes.length >= dropAfter) {
        limit = dropAfter - state.received;
        state.dropped = true;
      }
      let kept = bytes.subarray(0, limit);
      if (corrupt.size > 0 || lose.size > 0) {
        const altered = [];
        for (let i = 0; i < kept.length; i++) {
          const index = state.received + i;
          if (lose.has(index)) continue;
          altered.push(corrupt.has(index) ? kept[i] ^ 0x01 : kept[i]);
        }
        kept = Uint8Array.from(altered);
      }
      state.received += limit;
      toBoard.push(kept);
      if (state.dropped) {
        link.close();
        drop();
      }
    },
    toHost(bytes) {
      if (!state.dropped) toHost.push(bytes);
    },
    close() {
      toHost.close();
    },
  };
  return link;
}

board.on('output', (bytes) => connection?.toHost(bytes));
board.on('error', (error) => {
  process.stderr.write(`board: ${error.stack ?? error}\n`);
  shutdown(1);
});

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await board.stop();
  process.exit(code);
}
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));

if (options.webreplPort !== null) {
  await board.start();
  const port = await serveWebRepl(board, options, connect);
  process.stderr.write(`READY webrepl=127.0.0.1:${port}\n`);
} else if (options.tcpPort === null) {
  // stdio: stdout carries only REPL bytes; everything else goes to stderr.
  connection = connect((bytes) => process.stdout.write(bytes), () => {
    process.stdout.end();
    shutdown(0);
  });
  process.stdin.on('data', (bytes) => connection.fromHost(bytes));
  process.stdin.on('end', () => shutdown(0));
  process.stdout.on('error', () => shutdown(0));
  await board.start();
  process.stderr.write('READY stdio\n');
} else {
  await board.start();
  // One client at a time, like a serial port that is already open. A host that has just closed its client may
  // connect again before that close is seen here, so a second client waits up to HANDOVER_MS for the first to go.
  const HANDOVER_MS = 500;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    const since = Date.now();
    const admit = () => {
      if (socket.destroyed) return;
      if (!connection) {
        accept(socket);
      } else if (Date.now() - since >= HANDOVER_MS) {
        socket.destroy();
      } else {
        setTimeout(admit, 10);
      }
    };
    admit();
  });
  function accept(socket) {
    socket.setNoDelay(true);
    const link = connect((bytes) => socket.write(bytes), () => {
      // Free the port for the next client at once, not when the socket's close event comes.
      if (connection === link) connection = null;
      socket.destroy();
    });
    connection = link;
    socket.on('data', (bytes) => link.fromHost(bytes));
    socket.on('error', () => {});
    socket.on('close', () => {
      link.close();
      if (connection === link) connection = null;
    });
  }
  server.listen(options.tcpPort, '127.0.0.1', () => {
    process.stderr.write(`READY tcp=127.0.0.1:${server.address().port}\n`);
  });
}
