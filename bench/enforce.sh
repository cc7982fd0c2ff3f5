#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark `lockdownctl enforce` inside the test VM (never on this machine:
# it loads BPF LSM programs). Boots the 6.1 cloud kernel under QEMU with the
# bench-enforce scenario and prints:
#  (a) the cost of one refused check: N opens of /dev/mem refused by an
#      enforce policy (refuse dev_mem, built-in level none) against the named
#      baseline, the built-in lockdown refusing the same opens after a run-time
#      raise to integrity, in the same boot (goal: at most 1.1x); allowed
#      opens of /dev/null for scale;
#  (b) load to enforcing: `enforce start` from exec to exit, when the policy
#      is in force.
# Usage: bench/enforce.sh   (after `make vm`; TCG, so absolute times are slow)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=$top/.output
out=$(LOCKDOWNCTL_VM_SCENARIOS=bench-enforce \
	LOCKDOWNCTL_VM_KERNELS=${LOCKDOWNCTL_VM_KERNELS:-$(apt-cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)} \
	"$top/tests/vm/run.sh" "$O")
grep -q '^@@BENCH builtin' <<<"$out" || { echo "the VM run failed:"; echo "$out"; exit 1; }
awk '
	function ns(s,   m) { return match(s, /ns=[0-9]+/) ? substr(s, RSTART + 3, RLENGTH - 3) + 0 : -1 }
	function median(a, k,   i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return a[int((k + 1) / 2)]
	}
	$1 == "@@BENCH" && $2 == "enforce" { en[++ne] = ns($0); if ($0 !~ /ok=0 /) bad = 1; n = substr($5, 9) + 0 }
	$1 == "@@BENCH" && $2 == "builtin" { bi[++nb] = ns($0); if ($0 !~ /ok=0 /) bad = 1 }
	$1 == "@@BENCH" && $2 == "allowed" { al[++na] = ns($0) }
	$1 == "@@BENCH" && $2 == "start" && $3 == "@@ELAPSED" { st[++ns_] = $4 }
	END {
		if (bad) { print "some refused opens were allowed: the run is invalid"; exit 1 }
		e = median(en, ne); b = median(bi, nb); a = median(al, na)
		printf "(a) %d refused opens of /dev/mem: enforce %.0f ns each, built-in %.0f ns each: ratio %.3fx (goal <= 1.1x) %s; an allowed open of /dev/null: %.0f ns\n",
			n, e / n, b / n, e / b, (e / b <= 1.1 ? "OK" : "OVER"), a / n
		printf "(b) enforce start, exec to a policy in force: %.0f ms (median of %d; TCG)\n", median(st, ns_) / 1e6, ns_
	}' <<<"$out"
