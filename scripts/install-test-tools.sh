#!/usr/bin/env bash
# Installs the Debian tools some tests drive for real (qemu-img for qcow2/VMDK conversion, packer's
# null builder, curl for the README's emulator example, Debian's azure-cli as the emulator's contract client). Skips what is already present; needs root + apt.
set -euo pipefail
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v qemu-img >/dev/null || missing+=(qemu-utils)
command -v packer >/dev/null || missing+=(packer)
command -v az >/dev/null || missing+=(azure-cli)
if [ ${#missing[@]} -eq 0 ]; then echo "test tools present"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "warning: cannot install ${missing[*]} (need root and apt-get); tests that need them will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
