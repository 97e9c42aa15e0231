#!/usr/bin/env bash
# Installs the Debian tools some tests drive for real (qemu-img for qcow2/VMDK conversion, packer's
# null builder, curl for the README's emulator example, Debian's azure-cli as the emulator's contract client,
# *.localhost name resolution for the emulator's Key Vault; mmdebstrap, OpenSCAP with Debian's SSG content and
# e2fsprogs for the real-image test; zsh for the completion test). Skips what is already present; needs root + apt.
set -euo pipefail
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v qemu-img >/dev/null || missing+=(qemu-utils)
command -v packer >/dev/null || missing+=(packer)
# The emulator's Key Vaults live at <vault>.vault.localhost; glibc resolves *.localhost to loopback only with
# nss-myhostname (RFC 6761), which systemd-based desktops have and a bare Debian lacks.
getent hosts emulator.vault.localhost >/dev/null || missing+=(libnss-myhostname)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
command -v oscap >/dev/null || missing+=(openscap-scanner)
[ -f /usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml ] || missing+=(ssg-debian)
{ command -v mke2fs && command -v debugfs; } >/dev/null || missing+=(e2fsprogs)
command -v az >/dev/null || missing+=(azure-cli)
# zsh: the shell-completion test loads `image-publish completion zsh` in a real zsh (bash is always there).
command -v zsh >/dev/null || missing+=(zsh)
# The Azure DevOps Node20_1 handler runs the task bundles on Node 20, as older agents and Azure DevOps Server do.
{ command -v node && node --version | grep -q "^v20\." ; } >/dev/null || missing+=(nodejs)
if [ ${#missing[@]} -eq 0 ]; then echo "test tools present"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "warning: cannot install ${missing[*]} (need root and apt-get); tests that need them will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
