#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark `lockdownctl enforce` inside the test VM (never on this machine:
# it loads BPF LSM programs). Boots the 6.1 cloud kernel under QEMU with the
# bench-enforce scenario (tests/vm/guest/bench-enforce-scenario) and prints:
#  (a) the cost of one refused check against the built-in lockdown's
#      (goal: at most 1.1x): N opens of /dev/mem refused by an enforce
#      policy at built-in level none (A), and by the built-in at integrity (B);
#  (b) load to enforcing: `enforce start` from exec to exit;
#  (c) allowed operations crossing the policy's hooks, with the policy in
#      force against no policy (goal: nothing measurable), and once sealed.
#
# Why (a) is not A/B pairs on /dev/mem in one boot: the raise is one-way,
# and the built-in's hook always runs first. Debian's kernels have
# CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y, so lsm= cannot reorder it: booted
# with lsm=capability,bpf,lockdown,yama lsm.debug, 6.1 logs "cmdline
# ignored: lockdown", lists "lockdown,capability,bpf,yama", and at
# integrity a policy refusing dev_mem counts 0 of 1000 refused opens. So A
# exists only before the raise and B only after it. Both phases are
# anchored instead: in each pair, interleaved, N opens of /proc/kcore
# refused by the policy (K before the raise, K' after: kcore is a
# confidentiality reason, which the built-in at integrity lets through to
# the policy just as at none). Drift between the phases cancels in
#     (A/K) / (B/K')    per pair i of phase 1 and j of phase 2
# whose median is the verdict and whose quartiles and range are the spread.
# The raw A/B (not interleaved) and the anchor's drift K'/K are shown too.
# Biases: A is the real deployment (the built-in's hook answers 0, then the
# policy's program refuses). B is taken with the policy loaded; the
# built-in refuses first and the program is never reached (its counter
# must stay 0). B includes the built-in's rate-limited log line, which is
# part of its cost; the policy makes no records (nobody follows).
#
# (c) "Nothing measurable" means: the per-pair ratios' interquartile range
# reaches down to 1.0 (at least a quarter of the pairs were no slower with
# the policy, about a sign test), or their median is within the control's
# upper quartile. The control is an open of /dev/null, which crosses none
# of the policy's hooks: its policy/no-policy ratios are this design's noise
# between two no-policy runs. Otherwise the median overhead is printed.
# The pairs run the policy unsealed (the guards run, and stop at "not
# sealed"); sealing is one-way, so the sealed runs come last, unpaired, and
# are compared with phase 1's no-policy medians corrected by the control.
# Each measurement is the fastest of R runs spread over its side: the host
# running QEMU (2 CPUs, shared) only ever adds time, and in bursts.
# TCG translates JITed BPF like everything else: ratios are indicative of,
# not equal to, those on hardware.
# Usage: bench/enforce.sh   (after `make vm`)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
O=$top/.output
start=$(date +%s)
# LOCKDOWNCTL_BENCH_LOG=FILE: analyse a kept run again (run.sh's output, or
# the guest's serial log .output/vm/*-bench-enforce.log)
if [ -n "${LOCKDOWNCTL_BENCH_LOG:-}" ]; then
	out=$(cat "$LOCKDOWNCTL_BENCH_LOG")
else
	out=$(LOCKDOWNCTL_VM_SCENARIOS=bench-enforce \
		LOCKDOWNCTL_VM_KERNELS=${LOCKDOWNCTL_VM_KERNELS:-$(apt-cache depends linux-image-cloud-amd64 |
			sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)} \
		"$top/tests/vm/run.sh" "$O")
fi
grep -q '^@@BENCH - - elapsed' <<<"$out" || { echo "the VM run failed:"; echo "$out"; exit 1; }
b=$(grep '^@@BENCH' <<<"$out" | tr -d '\r')
read -r n pairs _ < <(awk '$4 == "n" { print $6, $7, $8 }' <<<"$b")
status() { sed -n "s/^@@BENCH $1 [-0-9]* status - //p" <<<"$b"; }
# who refused: the policy, every open of its side before the raise; after
# it, every kcore open, and no /dev/mem open (the built-in refused first)
counted='.reasons | map({(.name): .refused}) | add'
status p1 | jq -se --argjson n "$n" --argjson p "$pairs" \
	"length == \$p and all(.[]; $counted == {dev_mem: \$n, kcore: \$n})" >/dev/null ||
	{ echo "phase 1: the policy did not refuse every open of its side:"; status p1; exit 1; }
status p2 | jq -e --argjson n "$n" --argjson p "$pairs" "$counted == {dev_mem: 0, kcore: (\$n * \$p)}" >/dev/null ||
	{ echo "phase 2: the policy's counters are not dev_mem 0, kcore $((n * pairs)):"; status p2; exit 1; }
status p3 | jq -e '.sealed' >/dev/null || { echo "phase 3: the policy was not sealed"; exit 1; }
[ -n "${LOCKDOWNCTL_BENCH_LOG:-}" ] && took="replayed from $LOCKDOWNCTL_BENCH_LOG" || took="$(($(date +%s) - start)) s in all"
awk -v took="$took" '
	function isort(a, k,   i, j, t) {
		for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	}
	function q(a, k, p,   h, l) { h = (k - 1) * p + 1; l = int(h); return l >= k ? a[k] : a[l] + (h - l) * (a[l + 1] - a[l]) }
	# x[1..k] -> MIN Q1 MED Q3 MAX
	function stats(k) { isort(x, k); MIN = x[1]; Q1 = q(x, k, .25); MED = q(x, k, .5); Q3 = q(x, k, .75); MAX = x[k]; return MED }
	function med(key,   i) { NK = 0; for (i = 1; i <= NP; i++) if ((key, i) in v) x[++NK] = v[key, i]; return stats(NK) }
	function ratios(num, den,   i) { NK = 0; for (i = 1; i <= NP; i++) if ((num, i) in v && (den, i) in v) x[++NK] = v[num, i] / v[den, i]; return stats(NK) }
	function spread() { return sprintf("IQR %.3f-%.3f, range %.3f-%.3f", Q1, Q3, MIN, MAX) }
	$4 == "lsm" { lsm = $6 }
	$4 == "n" { N = $6; NP = $7; R = $8 }
	$4 == "elapsed" { guest = $7 - $6 }
	$4 == "start" && $6 == "@@ELAPSED" { st[++nst] = $7; if ($8 != 0) { print "enforce start failed"; bad = 1 } }
	$6 == "@@READER" {
		ok = substr($7, 4); ref = substr($8, 9); oth = substr($9, 7)
		refused = $4 == "refuse" || $4 == "builtin"
		if (oth != 0 || (refused ? ok != 0 || ref != N / R : ref != 0)) { print "unexpected outcome: " $0; bad = 1 }
		t = substr($10, 4) / (ok + ref + oth); key = $2 SUBSEP $4 SUBSEP $5
		if (!((key, $3) in v) || t < v[key, $3]) v[key, $3] = t
	}
	END {
		if (bad) { print "the run is invalid"; exit 1 }
		A = "p1" SUBSEP "refuse" SUBSEP "/dev/mem"; K = "p1" SUBSEP "refuse" SUBSEP "/proc/kcore"
		B = "p2" SUBSEP "builtin" SUBSEP "/dev/mem"; K2 = "p2" SUBSEP "refuse" SUBSEP "/proc/kcore"
		printf "%d pairs; a measurement: the fastest of %d runs of %d operations (mounts: %d); LSMs %s; the guest ran %.0f s, %s (TCG)\n", NP, R, N / R, N / R / 10, lsm, guest, took
		a = med(A); bb = med(B); k1 = med(K); k2 = med(K2)
		printf "(a) a refused open of /dev/mem: enforce (level none) %.0f ns, built-in (integrity) %.0f ns: raw ratio %.3fx (two phases, not interleaved)\n", a, bb, a / bb
		printf "    anchor, /proc/kcore refused by the policy: %.0f ns before the raise, %.0f ns after (drift %.3fx)\n", k1, k2, k2 / k1
		r1 = ratios(A, K); s1 = spread(); r2 = ratios(B, K2); s2 = spread()
		printf "    per pair A/K %.3f (%s); B/K\x27 %.3f (%s)\n", r1, s1, r2, s2
		k = 0
		for (i = 1; i <= NP; i++) for (j = 1; j <= NP; j++) if ((A, i) in v && (K, i) in v && (B, j) in v && (K2, j) in v)
			x[++k] = v[A, i] / v[K, i] / (v[B, j] / v[K2, j])
		r = stats(k)
		printf "    enforce/built-in, (A/K)/(B/K\x27) over %d x %d pairs: median %.3fx (%s): goal <= 1.1x %s\n",
			NP, NP, r, spread(), r <= 1.1 ? "OK" : "OVER"
		for (i = 1; i <= nst; i++) x[i] = st[i]; stats(nst)
		printf "(b) enforce start, exec to a policy in force: %.0f ms (median of %d, range %.0f-%.0f ms; TCG)\n", MED / 1e6, nst, MIN / 1e6, MAX / 1e6
		printf "(c) allowed operations, policy in force (unsealed) / no policy, %d interleaved pairs, ns an operation\n", NP
		printf "    (measurable: the per-pair ratios\x27 IQR above 1.0 and their median above the control\x27s upper quartile):\n"
		split("null tracefs file sysctl bpf umount", op, " ")
		hook["null"] = "open+read /dev/null: no hook of the policy (the control)"
		hook["tracefs"] = "open+read tracefs tracing_on: locked_down(tracefs), allowed"
		hook["file"] = "create+rename+unlink in /tmp: inode_rename, inode_unlink"
		hook["sysctl"] = "read /proc/sys/kernel/ostype: the cgroup sysctl program"
		hook["bpf"] = "bpf(2) map lookup: bpf"
		hook["umount"] = "mount+umount a tmpfs: sb_umount"
		for (o = 1; o <= 6; o++) {
			P = "p1" SUBSEP "policy" SUBSEP op[o]; Z = "p1" SUBSEP "none" SUBSEP op[o]
			mp = med(P); mz = med(Z); none[op[o]] = mz; rr = ratios(P, Z)
			if (o == 1) { cq3 = Q3; verdict = "the noise floor" }
			else if (Q1 > 1 && rr > cq3) verdict = sprintf("MEASURABLE: +%.1f%%", (rr - 1) * 100)
			else verdict = "nothing measurable"
			printf "    %s\n      %8.0f / %8.0f = %.3fx; per pair %.3fx (%s): %s\n", hook[op[o]], mp, mz, mp / mz, rr, spread(), verdict
		}
		dn = med("p3" SUBSEP "sealed" SUBSEP "null") / none["null"]
		printf "    sealed, %d runs after the pairs (one-way: unpaired), median / no-policy median, over the control\x27s %.3fx:\n     ", NK, dn
		for (o = 2; o <= 6; o++) printf " %s %.3fx", op[o], med("p3" SUBSEP "sealed" SUBSEP op[o]) / none[op[o]] / dn
		printf "\n"
	}' <<<"$b"
