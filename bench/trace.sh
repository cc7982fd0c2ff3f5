#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark `lockdownctl trace` inside the test VM (never on this machine:
# tracing loads BPF programs). Boots the 6.1 cloud kernel under QEMU with
# the bench-trace scenario and prints:
#  (a) the cost to the traced: a loop of N checked operations (debugfs
#      opens) under trace vs the same loop untraced, the named baseline,
#      measured in the same boot (goal: at most 1.05x);
#  (b) start to ready: `trace -- true` from exec to exit, against the named
#      baseline `bpftrace -e 'kretfunc:security_locked_down {...}' -c true`
#      (Debian's bpftrace and libbpfcc are downloaded and unpacked, never
#      installed; with LLVM the guest needs 1.5 GiB; BPFTRACE=0 skips it);
#  (c) events per second taken system-wide under the fastest load the VM
#      makes, and how many were lost.
# Usage: bench/trace.sh   (after `make vm`; TCG, so absolute times are slow)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=$top/.output
cache=${LOCKDOWNCTL_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lockdownctl-vm}
bt=
if [ "${BPFTRACE:-1}" = 1 ]; then
	bt=$cache/bpftrace/root
	if [ ! -x "$bt/usr/bin/bpftrace" ]; then
		mkdir -p "$cache/bpftrace"
		(cd "$cache/bpftrace" && apt-get download bpftrace libbpfcc >/dev/null &&
			for d in bpftrace_*.deb libbpfcc_*.deb; do dpkg-deb -x "$d" root; done) ||
			{ echo "cannot download bpftrace: no baseline for (b)"; bt=; }
	fi
fi
out=$(LOCKDOWNCTL_VM_SCENARIOS=bench-trace LOCKDOWNCTL_VM_BPFTRACE=$bt \
	LOCKDOWNCTL_VM_MEMORY=$([ -n "$bt" ] && echo 1536 || echo 512) \
	LOCKDOWNCTL_VM_KERNELS=${LOCKDOWNCTL_VM_KERNELS:-$(apt-cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)} \
	"$top/tests/vm/run.sh" "$O")
grep -q '^@@BENCH rate' <<<"$out" || { echo "the VM run failed:"; echo "$out"; exit 1; }
awk '
	$1 == "@@BENCH" && $2 == "plain" && $3 == "@@ELAPSED" { n = $4; plain[++np] = $5 }
	$1 == "@@BENCH" && $2 == "traced" && $3 == "@@ELAPSED" { traced[++nt] = $5 }
	$1 == "@@BENCH" && $2 == "ready" { ready[++nr] = $3 }
	$1 == "@@BENCH" && $2 == "bpftrace" && $4 == "rc=0" { bt[++nb] = $3 }
	function median(a, k,   i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return a[int((k + 1) / 2)]
	}
	END {
		p = median(plain, np); t = median(traced, nt)
		printf "(a) %d debugfs opens: untraced %.0f ms, traced %.0f ms: ratio %.3fx (goal <= 1.05x) %s\n",
			n, p / 1e6, t / 1e6, t / p, (t / p <= 1.05 ? "OK" : "OVER")
		r = median(ready, nr)
		if (nb) {
			b = median(bt, nb)
			printf "(b) trace -- true: %d ms; baseline bpftrace -c true on the same hook: %d ms: ratio %.3fx (goal <= 0.05x) %s\n",
				r, b, r / b, (r / b <= 0.05 ? "OK" : "OVER")
		} else
			printf "(b) trace -- true: %d ms (median of %d; TCG); no bpftrace baseline in this run\n", r, nr
	}' <<<"$out"
grep '^@@BENCH rate' <<<"$out" | sed 's/^@@BENCH rate //' |
	jq -r '"(c) system-wide: \(.events) events in \(.duration_s | . * 10 | round / 10) s = \(.events / .duration_s | round) events/s; lost: \(.lost.checks) checks, \(.lost.execs) execs"'
