import net from 'node:net';
import { Board } from './lib/board.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { Pacer } from './lib/pacer.mjs';

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`board: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}

const board = new Board(options);
let connection = null;

// A connection to the host: pacing both ways at --baud, and the --drop-after fault.
function connect(write, drop) {
  const state = { received: 0, dropped: false };
  const toHost = new Pacer(options.baud, write);
  const toBoard = new Pacer(options.baud, (bytes) => board.receive(bytes));
  const link = {
    fromHost(bytes) {
      if (state.dropped) return;
      if (options.dropAfter >= 0 && state.received + bytes.length >= options.dropAfter) {
        const keep = options.dropAfter - state.received;
        state.received = options.dropAfter;
        toBoard.push(bytes.subarray(0, keep));
        state.dropped = true;
        link.close();
        drop();
        return;
      }
      state.received += bytes.length;
      toBoard.push(bytes);
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

if (options.tcpPort === null) {
  // stdio: stdout carries only REPL bytes; everything else goes to stderr.
  connection = connect((bytes) => process.stdout.write(bytes), () => {
    process.stdout.end();
    shutdown(0);
  });
  board.on('output', () => {});
  process.stdin.on('data', (bytes) => connection.fromHost(bytes));
  process.stdin.on('end', () => shutdown(0));
  process.stdout.on('error', () => shutdown(0));
  await board.start();
  process.stderr.write('READY stdio\n');
} else {
  await board.start();
  const server = net.createServer((socket) => {
    if (connection) {
      // One client at a time, like a serial port that is already open.
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const link = connect((bytes) => socket.write(bytes), () => socket.destroy());
    connection = link;
    socket.on('data', (bytes) => link.fromHost(bytes));
    socket.on('error', () => {});
    socket.on('close', () => {
      link.close();
      if (connection === link) connection = null;
    });
  });
  server.listen(options.tcpPort, '127.0.0.1', () => {
    process.stderr.write(`READY tcp=127.0.0.1:${server.address().port}\n`);
  });
}
