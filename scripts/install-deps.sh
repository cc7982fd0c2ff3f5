#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what lockdownctl needs on Debian 12, only what is missing.
#   scripts/install-deps.sh build   to build and run it
#   scripts/install-deps.sh test    to run every test tier as well
set -eu
what=${1:-build}
build=(make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev bpftool
	libsmartcols-dev libjson-c-dev liblzma-dev libzstd-dev libsystemd-dev libhyperscan-dev libssl-dev libsqlite3-dev)
# dwarves: pahole, which the 6.12 kernel's kbuild runs to build the VM tier's
#   test module with BTF; libclang-rt-14-dev: clang's libFuzzer and ASan
#   runtimes (the libFuzzer targets); build-essential, debhelper, dpkg-dev:
#   dpkg-buildpackage and the Build-Depends of debian/control (with build=);
#   debootstrap, e2fsprogs, openssl: the VM tier's oracle builds a Debian
#   root (mkfs.ext4 -d) and signs a module with a DKMS-style key
test=(libcmocka-dev jq qemu-system-x86 busybox-static cpio lz4 zstd xz-utils lsof iproute2 systemd systemd-journal-remote
	dwarves libclang-rt-14-dev build-essential debhelper dpkg-dev debootstrap e2fsprogs openssl)
pkgs=("${build[@]}")
[ "$what" = test ] && pkgs+=("${test[@]}")

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# the VM tier downloads Debian's cloud kernels (apt-get download): apt's lists must know them
lists_stale=0
[ "$what" = test ] && ! apt-cache policy linux-image-6.12-cloud-amd64 2>/dev/null | grep -q 'Candidate: [0-9]' && lists_stale=1
[ ${#missing[@]} = 0 ] && [ $lists_stale = 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
[ ${#missing[@]} = 0 ] && exit 0
echo "Installing: ${missing[*]}"
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
