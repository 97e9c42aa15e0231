#!/usr/bin/env bash
# Stand-in for your real image build (mkosi, debootstrap + qemu-img, a Packer raw build, ...): writes a small
# raw disk with one bootable Linux partition, so the example pipeline runs end to end anywhere.
set -euo pipefail
out="${1:?usage: build-disk.sh <out.raw>}"
mkdir -p "$(dirname "$out")"
rm -f "$out"
truncate -s 4M "$out"
# MBR partition entry 1: bootable, type 0x83 (Linux), first LBA 2048, 6144 sectors; then the 0x55AA signature.
printf '\x80\x00\x00\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x18\x00\x00' | dd of="$out" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$out" bs=1 seek=510 conv=notrunc status=none
# 1 MiB of file system content at the start of the partition; the rest stays zero (uploaded sparse).
yes 'image-publish example rootfs' | head -c 1048576 | dd of="$out" bs=1M seek=1 iflag=fullblock conv=notrunc status=none || true
echo "disk image: $out ($(stat -c %s "$out") bytes)"
