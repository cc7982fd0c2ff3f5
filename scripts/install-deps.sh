#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what lockdownctl needs on Debian 12, only what is missing.
#   scripts/install-deps.sh build   to build and run it
#   scripts/install-deps.sh test    to run every test tier as well
set -eu
what=${1:-build}
build=(make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev bpftool
	libsmartcols-dev libjson-c-dev liblzma-dev libzstd-dev libsystemd-dev libhyperscan-dev)
test=(libcmocka-dev jq qemu-system-x86 busybox-static cpio lz4 zstd xz-utils lsof iproute2 systemd systemd-journal-remote debhelper dpkg-dev)
pkgs=("${build[@]}")
[ "$what" = test ] && pkgs+=("${test[@]}")

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
