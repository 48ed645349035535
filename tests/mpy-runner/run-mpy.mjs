// Runs .mpy files (imported as modules) and Python source on MicroPython 1.27 (webassembly) and writes
// what each printed. Usage: node run-mpy.mjs <job-folder>; the folder holds jobs.json, a list of
// {"name", "mpy"}, {"name", "source"} or {"name", "compile"} (compile only; file names inside the folder). Writes results.json beside it:
// a list of {"name", "stdout" (base64 of the bytes printed), "error" (the exception text, or null)}.
// Each job gets a fresh interpreter, so jobs cannot see each other's globals or modules.
import fs from 'node:fs';
import path from 'node:path';

// Compile the wasm module once and reuse it for every fresh interpreter.
let compiledModule;
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function instantiate(source, imports) {
  if (compiledModule && !(source instanceof WebAssembly.Module)) {
    const instance = await originalInstantiate.call(WebAssembly, compiledModule, imports);
    return { module: compiledModule, instance };
  }
  const result = await originalInstantiate.call(WebAssembly, source, imports);
  if (result.module) {
    compiledModule = result.module;
  }
  return result;
};
// The package comes from this folder's npm ci, or else from the board emulator's (tests/emulator), which pins
// the same version.
async function importMicroPython() {
  try {
    return await import('@micropython/micropython-webassembly-pyscript');
  } catch {
    const fallback = new URL('../emulator/node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs', import.meta.url);
    return await import(fallback.href);
  }
}
const { loadMicroPython } = await importMicroPython();

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: node run-mpy.mjs <job-folder>\n');
  process.exit(2);
}

const jobs = JSON.parse(fs.readFileSync(path.join(folder, 'jobs.json'), 'utf8'));
const results = [];
for (const [index, job] of jobs.entries()) {
  const out = [];
  // A roomy heap, so that a program's output never depends on how much memory compiling it took.
  const mp = await loadMicroPython({ stdout: (bytes) => out.push(...bytes), linebuffer: false, heapsize: 16 * 1024 * 1024 });
  let error = null;
  try {
    if (job.compile) {
      // Compile only: the interpreter's own compiler, which reports refusals with file, line and message.
      mp.FS.writeFile('/compile_me.py', fs.readFileSync(path.join(folder, job.compile)));
      mp.runPython(`compile(open('/compile_me.py').read(), '${job.name}', 'exec')`);
    } else if (job.mpy) {
      const moduleName = `m_${index}`;
      mp.FS.writeFile(`/${moduleName}.mpy`, fs.readFileSync(path.join(folder, job.mpy)));
      mp.runPython(`import sys\nsys.path.insert(0, '/')\nimport ${moduleName}`);
    } else {
      mp.runPython(fs.readFileSync(path.join(folder, job.source), 'utf8'));
    }
  } catch (e) {
    error = String(e && e.message ? e.message : e);
  }
  results.push({ name: job.name, stdout: Buffer.from(out).toString('base64'), error });
}

fs.writeFileSync(path.join(folder, 'results.json'), JSON.stringify(results));
