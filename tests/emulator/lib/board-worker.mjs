import { parentPort, workerData } from 'node:worker_threads';
import { InputChannel, Slot } from './input-channel.mjs';
import { Interpreter } from './interpreter.mjs';
import { OutputRing } from './output-ring.mjs';
import { ReplMachine } from './repl-machine.mjs';

// The interpreter thread. It reads host bytes from the shared ring, drives the REPL, and posts output
// to the shared output ring. workerData: { memory, output, flash, romfs, uniqueId, window, mode, announce }.
const channel = new InputChannel(workerData.memory);
const outputRing = new OutputRing(workerData.output);
const realNow = Date.now;

function emit(byte) {
  outputRing.put(byte, () => channel.closed);
}

function emitText(text) {
  for (const b of Buffer.from(text, 'latin1')) {
    emit(b);
  }
}

let interpreter;
// time.sleep() in this build spins on the clock; polling there lets Ctrl-C interrupt a sleeping program.
Date.now = () => {
  interpreter?.pollInterrupt();
  return realNow();
};

async function startInterpreter(mode, announce) {
  interpreter?.close();
  const next = await Interpreter.start({
    channel,
    emit,
    flash: workerData.flash,
    romfs: workerData.romfs,
    stdinBuffer: workerData.stdinBuffer,
    uniqueId: workerData.uniqueId,
  });
  interpreter = next;
  // The banner of a fresh interpreter is wanted only in the friendly REPL; in the raw REPL a board
  // prints the raw banner after the soft reboot line.
  // Its leading "\r\n" is dropped: a board prints the banner straight after "soft reboot".
  interpreter.dropOutput(!announce || mode === 'raw' ? Number.MAX_SAFE_INTEGER : 2);
  interpreter.replInit();
  if (mode === 'raw') {
    interpreter.processChar(0x01);
    interpreter.dropOutput(0);
    if (announce) {
      emitText('raw REPL; CTRL-B to exit\r\n>');
    }
  }
  interpreter.dropOutput(0);
  channel.set(Slot.MODE, mode === 'raw' ? 1 : 0);
  return next;
}

const machine = new ReplMachine({ interpreter: await startInterpreter(workerData.mode, workerData.announce), emit, window: workerData.window });
machine.mode = workerData.mode;
parentPort.postMessage({ type: 'started' });

while (!channel.closed) {
  const byte = interpreter.nextReplByte(200);
  if (byte < 0) {
    continue;
  }
  if (machine.handle(byte)) {
    emitText('MPY: soft reboot\r\n');
    machine.replaceInterpreter(await startInterpreter(machine.mode, true));
  }
  channel.set(Slot.MODE, machine.mode === 'raw' ? 1 : 0);
}
interpreter.close();
parentPort.postMessage({ type: 'closed' });
