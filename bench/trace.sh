#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark `lockdownctl trace` inside the test VM (never on this machine:
# tracing loads BPF programs). Boots the 6.1 cloud kernel under QEMU with
# the bench-trace scenario and prints:
#  (a) the cost to the traced: a loop of N checked operations (debugfs
#      opens) under trace vs the same loop untraced, the named baseline,
#      measured in the same boot (goal: at most 1.05x);
#  (b) start to ready: `trace -- true` from exec to exit (the bpftrace
#      baseline of the issue cannot be installed in the VM: Debian's
#      bpftrace needs LLVM and ~100 MB of libraries the initramfs lacks);
#  (c) events per second taken system-wide under the fastest load the VM
#      makes, and how many were lost.
# Usage: bench/trace.sh   (after `make vm`; TCG, so absolute times are slow)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=$top/.output
out=$(LOCKDOWNCTL_VM_SCENARIOS=bench-trace \
	LOCKDOWNCTL_VM_KERNELS=${LOCKDOWNCTL_VM_KERNELS:-$(apt-cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)} \
	"$top/tests/vm/run.sh" "$O")
grep -q '^@@BENCH rate' <<<"$out" || { echo "the VM run failed:"; echo "$out"; exit 1; }
awk '
	$1 == "@@BENCH" && $2 == "plain" && $3 == "@@ELAPSED" { n = $4; plain[++np] = $5 }
	$1 == "@@BENCH" && $2 == "traced" && $3 == "@@ELAPSED" { traced[++nt] = $5 }
	$1 == "@@BENCH" && $2 == "ready" { ready[++nr] = $3 }
	function median(a, k,   i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return a[int((k + 1) / 2)]
	}
	END {
		p = median(plain, np); t = median(traced, nt)
		printf "(a) %d debugfs opens: untraced %.0f ms, traced %.0f ms: ratio %.3fx (goal <= 1.05x) %s\n",
			n, p / 1e6, t / 1e6, t / p, (t / p <= 1.05 ? "OK" : "OVER")
		printf "(b) trace -- true, start to exit: %d ms (median of %d; TCG); bpftrace baseline: not installable in the VM\n",
			median(ready, nr), nr
	}' <<<"$out"
grep '^@@BENCH rate' <<<"$out" | sed 's/^@@BENCH rate //' |
	jq -r '"(c) system-wide: \(.events) events in \(.duration_s | . * 10 | round / 10) s = \(.events / .duration_s | round) events/s; lost: \(.lost.checks) checks, \(.lost.execs) execs"'
