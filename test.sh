#!/usr/bin/env bash
# Runs every test this machine can run: the syntax of every PowerShell file, the board emulator's own tests
# (node), the xunit suites (core, module, CLI, help and manifest, and everything that talks to the emulator and
# the upstream board of ../shared/rig), the native mpromfs and the .NET tool package, then the module as users run it: built by build.ps1 and driven by the Pester tests in tests/*.Tests.ps1 in
# PowerShell 7.
# Installs what a fresh machine lacks, pinned, and skips each install when it is already there:
#   apt (as root)        socat, python3-serial, python3-platformdirs, clang, zlib1g-dev
#   dotnet global tool   PowerShell 7.6.10 (~/.dotnet/tools/pwsh)
#   NuGet                Pester 5.7.1 (dotnet restore tools/pester/restore.csproj; never the PowerShell Gallery)
#   npm                  the emulator's and the syntax checker's packages, from their lock files
# Every suite runs even when an earlier one fails; the run fails if any did. The last line sums them all:
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

POWERSHELL_VERSION=7.6.10
APT_PACKAGES=(socat python3-serial python3-platformdirs clang zlib1g-dev)

fail() { echo "test.sh: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
started=$(date +%s)

have dotnet || fail "the .NET SDK 10 is required (https://dot.net)."
have node || fail "Node.js 20 or later is required for the board emulator."
have npm || fail "npm is required for the board emulator."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js 20 or later is required (found $(node --version))."

# socat: the emulator's pseudo-terminal; python3-serial and python3-platformdirs: upstream mpremote of the
# reference board (../shared/rig); clang and zlib1g-dev: mpromfs's NativeAOT build.
missing=()
if have dpkg-query; then
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
else
  have socat || fail "socat is required for the emulator's pseudo-terminal (brew install socat)."
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "test.sh: installing ${missing[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    fail "these packages are required: ${missing[*]} (sudo apt-get install ${missing[*]})."
  fi
fi

# PowerShell as a .NET global tool, the pinned version (7.7.0 does not install on the .NET 10 SDK).
tools_dir="${DOTNET_TOOLS_DIR:-$HOME/.dotnet/tools}"
export PATH="$tools_dir:$PATH"
pwsh_version() { "$1" -NoLogo -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null || true; }
PWSH="$tools_dir/pwsh"
if [ ! -x "$PWSH" ] || [ "$(pwsh_version "$PWSH")" != "$POWERSHELL_VERSION" ]; then
  if dotnet tool list --global | grep -qi '^powershell '; then
    echo "test.sh: updating the PowerShell .NET tool to $POWERSHELL_VERSION"
    dotnet tool update --global PowerShell --version "$POWERSHELL_VERSION" >/dev/null
  else
    echo "test.sh: installing PowerShell $POWERSHELL_VERSION (dotnet tool install --global PowerShell)"
    dotnet tool install --global PowerShell --version "$POWERSHELL_VERSION" >/dev/null
  fi
  [ "$(pwsh_version "$PWSH")" = "$POWERSHELL_VERSION" ] || fail "PowerShell $POWERSHELL_VERSION did not install as $PWSH."
fi

# Pester from NuGet: the package holds the module in its tools/ folder.
pester_version=$(sed -n 's/.*PackageDownload Include="Pester" Version="\[\([^]]*\)\]".*/\1/p' tools/pester/restore.csproj)
pester_manifest="${NUGET_PACKAGES:-$HOME/.nuget/packages}/pester/$pester_version/tools/Pester.psd1"
if [ ! -f "$pester_manifest" ]; then
  echo "test.sh: installing Pester $pester_version (dotnet restore tools/pester/restore.csproj)"
  dotnet restore tools/pester/restore.csproj --nologo --verbosity quiet
  [ -f "$pester_manifest" ] || fail "Pester $pester_version did not restore to $pester_manifest."
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

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
failed_suites=()
# run NAME COMMAND...: runs one suite, its output shown and kept for the totals; a failure is remembered.
run() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@" 2>&1 | tee "$log_dir/$name.log"; then
    failed_suites+=("$name")
  fi
}

run pssyntax bash -c "git ls-files -z '*.ps1' '*.psd1' '*.psm1' | xargs -0 node tools/pssyntax/check.mjs"
run emulator bash -c 'cd tests/emulator && npm test'
run xunit dotnet test MicroPythonRomfs.sln --nologo
# mpromfs as users install it: the NativeAOT binary for this machine and the .NET tool package, each smoke-tested.
run native bash tools/native/publish.sh
run dotnet-tool bash tools/dotnet-tool/test-install.sh
# Package builds the module folder (out/MicroPythonRomfs/<version>) and its .nupkg, which a Pester test installs.
run module "$PWSH" -NoLogo -NoProfile -NonInteractive -File ./build.ps1 -Task Package
module_version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
if [ -f "out/MicroPythonRomfs/$module_version/MicroPythonRomfs.psd1" ]; then
  run pester "$PWSH" -NoLogo -NoProfile -NonInteractive -File tools/pester/Invoke-PesterSuite.ps1 \
    -Manifest "out/MicroPythonRomfs/$module_version/MicroPythonRomfs.psd1"
else
  failed_suites+=("pester (no module was built)")
fi

# Totals: node's "# pass N"/"ℹ pass N", dotnet test's "Failed: N, Passed: N", the Pester runner's last line.
passed=0
failed=0
add() { passed=$((passed + ${1:-0})); failed=$((failed + ${2:-0})); }
node_counts() { sed -n -E "s/^(# |ℹ )$1 ([0-9]+).*/\2/p" "$log_dir/emulator.log" | tail -1; }
add "$(node_counts pass)" "$(node_counts fail)"
while read -r f p; do add "$p" "$f"; done < <(sed -n -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+),.*/\1 \2/p' "$log_dir/xunit.log")
p=0 f=0
read -r p f < <(sed -n -E 's/^pester: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/p' "$log_dir/pester.log" 2>/dev/null || true) || true
add "${p:-0}" "${f:-0}"

echo "== done in $(( $(date +%s) - started )) s"
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "test.sh: failed: ${failed_suites[*]}" >&2
  echo "$passed passed, $failed failed"
  exit 1
fi
echo "$passed passed, $failed failed"
