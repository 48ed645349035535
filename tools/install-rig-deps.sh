#!/usr/bin/env bash
# Installs what the upstream-board tests need beside the rig itself (../shared/rig, or MPROMFS_RIG): socat to
# serve the board as a pty and over TCP, and python3-serial + python3-platformdirs for the rig's upstream mpremote
# (which runs with /usr/bin/python3). Debian/Ubuntu, as root; elsewhere it says what is missing and fails.
set -euo pipefail

missing=()
command -v socat >/dev/null 2>&1 || missing+=(socat)
/usr/bin/python3 -c 'import serial' >/dev/null 2>&1 || missing+=(python3-serial)
/usr/bin/python3 -c 'import platformdirs' >/dev/null 2>&1 || missing+=(python3-platformdirs)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "install-rig-deps.sh: installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "install-rig-deps.sh: the upstream-board tests need ${missing[*]} (apt-get install ${missing[*]})." >&2
  exit 1
fi
