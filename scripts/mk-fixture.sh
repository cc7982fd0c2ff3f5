#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Capture the files lockdownctl reads from a live system into a plain tree,
# usable as `lockdownctl --root DIR` and as a test fixture (the model of
# util-linux's lscpu mk-input.sh). Only reads; run as root for the 0600 files
# and the kernel log. The BTF blob is copied as is (megabytes): for a fixture
# under tests/fixtures, replace it with a btf.layout file (see build.sh).
# Usage: scripts/mk-fixture.sh OUTDIR
set -eu
out=${1:?usage: mk-fixture.sh OUTDIR}
mkdir -p "$out"
release=$(cat /proc/sys/kernel/osrelease)

copy() { # path: copy if readable, keep the tree shape
	[ -r "$1" ] || return 0
	mkdir -p "$out$(dirname "$1")"
	cat "$1" > "$out$1" 2>/dev/null || rm -f "$out$1"
}

for f in /proc/sys/kernel/osrelease /proc/version /proc/cmdline /proc/self/mounts \
	/proc/config.gz "/boot/config-$release" \
	/sys/kernel/security/lockdown /sys/kernel/security/lsm /sys/kernel/btf/vmlinux \
	/sys/module/module/parameters/sig_enforce /sys/kernel/boot_params/data; do
	copy "$f"
done
for v in /sys/firmware/efi/efivars/SecureBoot-* /sys/firmware/efi/efivars/SetupMode-*; do
	[ -e "$v" ] && copy "$v"
done
[ -d /sys/firmware/efi ] && mkdir -p "$out/sys/firmware/efi"
# the kernel log, one record per line, as /dev/kmsg hands it out
# (dd stops with EAGAIN at the end of the log, which is not an error here)
dd if=/dev/kmsg iflag=nonblock bs=16k 2>/dev/null > "$out.kmsg" || true
if [ -s "$out.kmsg" ]; then
	mkdir -p "$out/dev"
	grep -v '^ ' "$out.kmsg" > "$out/dev/kmsg" || true
fi
rm -f "$out.kmsg"
echo "captured into $out; try: lockdownctl --root $out status"
