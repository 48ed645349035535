#!/usr/bin/env bash
# Packs mpromfs as a .NET tool (dotnet pack) and installs it the way a user would, into a temporary --tool-path
# from the package folder, then runs 'mpromfs --version' from there. Leaves the package in out/tool/ for
#   dotnet tool install --global mpromfs --add-source out/tool
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "test-install.sh: $*" >&2; exit 1; }

feed=$PWD/out/tool
version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)
[ -n "$version" ] || fail "no VersionPrefix in Directory.Build.props"
rm -rf "$feed"
echo "== dotnet pack mpromfs $version"
dotnet pack src/MicroPythonRomfs.Cli/MicroPythonRomfs.Cli.csproj -c Release -o "$feed" --nologo -v quiet
[ -f "$feed/mpromfs.$version.nupkg" ] || fail "dotnet pack made no $feed/mpromfs.$version.nupkg"

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
echo "== dotnet tool install mpromfs --tool-path $tools --add-source $feed"
dotnet tool install mpromfs --tool-path "$tools" --add-source "$feed" --version "$version"
printed=$("$tools/mpromfs" --version)
echo "mpromfs --version: $printed"
case "$printed" in "$version"*) ;; *) fail "the installed tool printed '$printed', expected $version" ;; esac
"$tools/mpromfs" ls "${MPROMFS_VECTORS:-$PWD/../shared/vectors}/images/basic.mpy.romfs" >/dev/null \
  || fail "the installed tool could not list a vector image"
echo "test-install.sh: the .NET tool installs and runs"
