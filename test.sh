#!/usr/bin/env bash
# Runs every test this machine can run: the syntax of every PowerShell file, the board emulator's own tests
# (node), then the xunit suites (core, module, CLI, help and manifest, and everything that talks to the
# emulator). Installs what a fresh machine lacks: socat (apt, as root) and the npm packages from their lock
# files. Fails loudly on anything missing or failing.
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "test.sh: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

have dotnet || fail "the .NET SDK 10 is required (https://dot.net)."
have node || fail "Node.js 20 or later is required for the board emulator."
have npm || fail "npm is required for the board emulator."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js 20 or later is required (found $(node --version))."

if ! have socat; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "test.sh: installing socat (the emulator's pseudo-terminal)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null
  else
    fail "socat is required for the emulator's pseudo-terminal: sudo apt-get install socat (or brew install socat)."
  fi
fi

# npm ci only when the installed tree is missing or older than the lock file.
npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "test.sh: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install tests/emulator
npm_install tools/pssyntax
npm_install tests/mpy-runner

echo "== PowerShell syntax (tree-sitter-powershell)"
git ls-files -z '*.ps1' '*.psd1' '*.psm1' | xargs -0 node tools/pssyntax/check.mjs

echo "== board emulator tests (node --test)"
(cd tests/emulator && npm test)

echo "== xunit"
dotnet test MicroPythonRomfs.sln --nologo
