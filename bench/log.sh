#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark `lockdownctl log --file` on a 1 GiB kernel log (dmesg format,
# about 1 line in 200 a lockdown line, as a machine with a chatty prober
# would have) against the named baseline `grep -F 'is restricted'` on the
# same file, in the same run: throughput ratio (goal: at least 0.5x grep's)
# and peak RSS (goal: at most 16 MiB, whatever the size). Medians of 3.
# Usage: bench/log.sh [LOCKDOWNCTL]   (SIZE_MIB=1024 by default)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/.output/lockdownctl}
size=${SIZE_MIB:-1024}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 1 MiB of log, then the same MiB again and again (the page cache holds it)
awk 'BEGIN {
	srand(7)
	split("kworker/0:1 systemd-logind dmidecode fwupd bpftrace", who, " ")
	split("/dev/mem,kmem,port|hibernation|use of kprobes|debugfs access|raw MSR access", why, "|")
	while (bytes < 1048576) {
		t += rand() / 10
		if (int(rand() * 200) == 0)
			line = sprintf("[%12.6f] Lockdown: %s: %s is restricted; see man kernel_lockdown.7", t, who[1 + int(rand() * 5)], why[1 + int(rand() * 5)])
		else
			line = sprintf("[%12.6f] e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx %d", t, int(rand() * 100000))
		print line
		bytes += length(line) + 1
	}
}' > "$tmp/chunk"
for _ in $(seq "$size"); do cat "$tmp/chunk"; done > "$tmp/kern.log"
bytes=$(stat -c %s "$tmp/kern.log")
run() { # label command... -> "seconds rss_kib"
	# not /dev/null: GNU grep stops at the first match when its output goes nowhere
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>&1 || true
	tail -n1 "$tmp/time"
}
median() { sort -n | sed -n 2p; }
for i in 1 2 3; do
	run grep -F 'is restricted' "$tmp/kern.log" >> "$tmp/grep"
	run "$bin" log --file "$tmp/kern.log" >> "$tmp/log"
done
g=$(awk '{ print $1 }' "$tmp/grep" | median)
l=$(awk '{ print $1 }' "$tmp/log" | median)
rss=$(awk '{ print $2 }' "$tmp/log" | sort -n | tail -n1)
awk -v g="$g" -v l="$l" -v b="$bytes" -v rss="$rss" 'BEGIN {
	printf "log --file on %.0f MiB: %.2f s (%.0f MiB/s); grep -F: %.2f s (%.0f MiB/s); throughput ratio %.2fx of grep (goal >= 0.5x) %s\n",
		b / 1048576, l, b / 1048576 / l, g, b / 1048576 / g, g / l, (g / l >= 0.5 ? "OK" : "UNDER")
	printf "peak RSS: %.1f MiB (goal <= 16 MiB) %s\n", rss / 1024, (rss / 1024 <= 16 ? "OK" : "OVER")
}'
