// Parses PowerShell files with the tree-sitter-powershell grammar (WebAssembly build, so no native
// compiler is needed) and fails when any file has an ERROR or MISSING node.
// Usage: node tools/pssyntax/check.mjs <file-or-folder>...   (folders are searched for .ps1/.psm1/.psd1)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
const scriptExtensions = new Set(['.ps1', '.psm1', '.psd1']);
const skippedFolders = new Set(['node_modules', 'bin', 'obj', 'out', '.git', 'artifacts']);
// Reporting stops here per file: one broken construct can cascade into many error nodes.
const maxProblemsPerFile = 50;

function collectFiles(argumentsGiven) {
  const files = [];
  const visit = (path, explicit) => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (!skippedFolders.has(name)) {
          visit(join(path, name), false);
        }
      }
    } else if (explicit || scriptExtensions.has(extname(path).toLowerCase())) {
      files.push(path);
    }
  };
  for (const argument of argumentsGiven) {
    visit(argument, true);
  }
  return files;
}

function findProblems(tree) {
  const problems = [];
  // Iterative walk: a deeply nested file must not overflow the stack.
  const cursor = tree.walk();
  let descending = true;
  while (problems.length < maxProblemsPerFile) {
    const node = cursor.currentNode;
    if (descending && (node.isError || node.isMissing)) {
      problems.push(node);
      descending = false;
      continue;
    }
    if (descending && node.hasError && cursor.gotoFirstChild()) {
      continue;
    }
    if (cursor.gotoNextSibling()) {
      descending = true;
      continue;
    }
    if (!cursor.gotoParent()) {
      break;
    }
    descending = false;
  }
  return problems;
}

function describe(node, text) {
  const where = `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
  if (node.isMissing) {
    return `${where}: missing ${node.type}`;
  }
  const snippet = text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 40)).split('\n')[0];
  return `${where}: syntax error near '${snippet}'`;
}

async function main() {
  const argumentsGiven = process.argv.slice(2);
  if (argumentsGiven.length === 0) {
    console.error('usage: node check.mjs <file-or-folder>...');
    return 2;
  }
  await Parser.init();
  const grammarPath = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const language = await Language.load(readFileSync(grammarPath));
  const parser = new Parser();
  parser.setLanguage(language);

  const files = collectFiles(argumentsGiven);
  let failures = 0;
  for (const file of files) {
    // A UTF-8 byte order mark is legal in PowerShell files; the grammar does not expect it.
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const tree = parser.parse(text);
    const problems = findProblems(tree);
    const name = relative(process.cwd(), file) || file;
    for (const node of problems) {
      console.error(`${name}:${describe(node, text)}`);
    }
    if (problems.length > 0) {
      failures++;
    }
    tree.delete();
  }
  console.log(`checked ${files.length} PowerShell file(s): ${failures} with syntax errors`);
  return failures === 0 && files.length > 0 ? 0 : 1;
}

process.exitCode = await main();
