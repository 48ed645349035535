#!/usr/bin/env bash
# Publishes mpromfs as a NativeAOT executable and smoke-tests it on this machine:
#   tools/native/publish.sh [RID] [OUT]      RID: linux-x64 (default: this machine's), linux-arm64, osx-arm64, win-x64
# Output: OUT (default out/native/RID)/mpromfs plus libSystem.IO.Ports.Native (serial ports; keep it beside the binary).
# For this machine's RID it then runs: mpromfs --version; a build of every vector tree compared byte for byte with
# upstream mpremote's image; and a query of the board emulator over a socat pseudo-terminal (System.IO.Ports in the
# native binary). NativeAOT needs clang and zlib (Debian: apt-get install clang zlib1g-dev; installed here when
# missing and running as root). Cross-OS targets need that OS's linker and are published only, not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

fail() { echo "publish.sh: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

host_rid() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) fail "unknown OS $(uname -s); give the RID" ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) fail "unknown CPU $(uname -m); give the RID" ;; esac
  echo "$os-$arch"
}

rid=${1:-$(host_rid)}
out=${2:-$repo/out/native/$rid}
case "$rid" in linux-x64|linux-arm64|osx-arm64|win-x64) ;; *) fail "RID must be linux-x64, linux-arm64, osx-arm64 or win-x64, not '$rid'" ;; esac

if [ "$(uname -s)" = Linux ] && { ! have clang || [ ! -e /usr/include/zlib.h ]; }; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "publish.sh: installing clang and zlib1g-dev (the NativeAOT linker)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  else
    fail "NativeAOT needs clang and zlib: sudo apt-get install clang zlib1g-dev"
  fi
fi

echo "== dotnet publish mpromfs -r $rid (NativeAOT)"
rm -rf "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! dotnet publish src/MicroPythonRomfs.Cli/MicroPythonRomfs.Cli.csproj -c Release -r "$rid" -o "$out" --nologo >"$log" 2>&1; then
  cat "$log"; fail "dotnet publish failed"
fi
# TreatWarningsAsErrors fails the publish on any trimming/AOT warning; say so when none came, so the log shows it.
if grep -E "warning (IL|CS)[0-9]+" "$log"; then fail "the native publish has warnings"; fi
echo "no trimming or AOT warnings"
rm -f "$out"/*.pdb "$out"/*.xml "$out"/*.dbg
exe=$out/mpromfs
[ "${rid%%-*}" = win ] && exe=$out/mpromfs.exe
[ -x "$exe" ] || fail "$exe was not produced"
ls -l "$out"

[ "$rid" = "$(host_rid)" ] || { echo "publish.sh: $rid is not this machine's; not run"; exit 0; }

echo "== smoke test: $exe"
version=$("$exe" --version)
echo "mpromfs --version: $version"
expected=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
case "$version" in "$expected"*) ;; *) fail "--version printed '$version', expected $expected" ;; esac

vectors=${MPROMFS_VECTORS:-$repo/../shared/vectors}
[ -d "$vectors/trees" ] || fail "the golden vectors are not at $vectors (set MPROMFS_VECTORS)"
work=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$work"; [ -n "${emu:-}" ] && kill "$emu" 2>/dev/null || true' EXIT
for tree in basic deep names big premade; do
  "$exe" build "$vectors/trees/$tree" -o "$work/$tree.nompy.romfs" --no-mpy >/dev/null
  cmp "$work/$tree.nompy.romfs" "$vectors/images/$tree.nompy.romfs" || fail "$tree.nompy.romfs differs from upstream's"
  "$exe" build "$vectors/trees/$tree" -o "$work/$tree.mpy.romfs" >/dev/null
  cmp "$work/$tree.mpy.romfs" "$vectors/images/$tree.mpy.romfs" || fail "$tree.mpy.romfs differs from upstream's"
done
echo "built every vector tree byte-identical to upstream (compiled and not)"

if have socat && have node && [ -d tests/emulator/node_modules ]; then
  state=$work/board
  mkdir -p "$state"
  socat "pty,raw,echo=0,link=$state/ttyEMU" "EXEC:node $repo/tests/emulator/board.mjs --state $state" 2>"$state/log" &
  emu=$!
  for _ in $(seq 1 100); do grep -q "READY stdio" "$state/log" 2>/dev/null && break; sleep 0.1; done
  grep -q "READY stdio" "$state/log" || fail "the board emulator did not start: $(cat "$state/log")"
  "$exe" deploy --port "$state/ttyEMU" "$work/basic.mpy.romfs"
  answer=$("$exe" exec --port "$state/ttyEMU" "print(6*7)" | tr -d "\r")
  [ "$answer" = 42 ] || fail "exec over the pty printed '$answer', expected 42"
  echo "deployed and ran code over a serial pty (System.IO.Ports in the native binary)"
else
  fail "the serial smoke test needs socat, node and the emulator's npm packages (npm ci in tests/emulator)"
fi
echo "publish.sh: $exe OK"
