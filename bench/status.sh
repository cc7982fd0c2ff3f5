#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark: wall time of `lockdownctl status` against the named baseline
# `cat` of the same files (every file of the fixture root, which holds only
# what status reads), measured in the same run. Goal: ratio at most 3.
# Run twice: on the small golden fixture, and on a copy of it holding this
# machine's real /sys/kernel/btf/vmlinux (megabytes), when that is readable.
# Usage: bench/status.sh [LOCKDOWNCTL] [FIXTURE_ROOT]     (N=runs, default 200)
set -eu
bin=$(realpath "${1:-.output/lockdownctl}")
fixture=${2:-.output/fixtures/deb61-integrity}
N=${N:-200}
[ -d "$fixture" ] || { echo "no fixture $fixture: run 'make check' or tests/fixtures/build.sh first" >&2; exit 1; }

now() { date +%s%N; }

bench_one() { # label root
	local label=$1 root=$2 files t0 t_cat t_status
	mapfile -t files < <(find "$root" -type f)
	# warm the page cache and the dynamic loader's
	cat "${files[@]}" >/dev/null
	"$bin" --root "$root" status >/dev/null
	t0=$(now)
	for ((i = 0; i < N; i++)); do cat "${files[@]}" >/dev/null; done
	t_cat=$(($(now) - t0))
	t0=$(now)
	for ((i = 0; i < N; i++)); do "$bin" --root "$root" status >/dev/null; done
	t_status=$(($(now) - t0))
	awk -v l="$label" -v n="$N" -v f="${#files[@]}" -v c="$t_cat" -v s="$t_status" 'BEGIN {
		printf "%s: lockdownctl status %.2f ms/run; baseline cat of the same %d files %.2f ms/run; ratio %.2fx (goal <= 3x) %s\n",
			l, s / n / 1e6, f, c / n / 1e6, s / c, (s / c <= 3 ? "OK" : "OVER")
	}'
}

bench_one "golden fixture" "$fixture"
if [ -r /sys/kernel/btf/vmlinux ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp -a "$fixture/." "$tmp/"
	cp /sys/kernel/btf/vmlinux "$tmp/sys/kernel/btf/vmlinux"
	bench_one "fixture with this machine's $(($(stat -c %s /sys/kernel/btf/vmlinux) / 1024)) KiB BTF" "$tmp"
fi
