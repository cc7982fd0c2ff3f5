#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make check`: build and run every tier, then one summary line over all of
# them: "N passed, N failed, N skipped".
#   unit, golden, fuzz replay   under ASan/UBSan (build in .output/san)
#   clang build                 the same sources with clang, -Werror
#   libFuzzer                   a short run of each target (FUZZ_SECONDS, default 3)
#   vm                          Debian's 6.1 and 6.12 cloud kernels under QEMU (TCG)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
log=$(mktemp)
JOBS=${JOBS:-$(nproc)}

# CI=1, CI=yes and CI=true are one thing: every tool the tests use is installed
case ${CI:-} in true | 1 | yes | TRUE | True) export CI=true ;; esac
summary=$(mktemp)
trap 'rm -f "$log" "$summary"' EXIT

tier() { # name command... : run and show it, then count its TAP against its plan and exit code
	local name=$1 out rc
	shift
	echo "### $name"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	cat "$out" >> "$log"
	printf '%s\t%s\n' "$name" "$(awk -v rc="$rc" -v ci="$([ "${CI:-}" = true ] && echo 1 || echo 0)" \
		-f tests/lib/tapcount.awk "$out")" >> "$summary"
	rm -f "$out"
}

not_run() { # name why: a tier that could not run is one failure, by name
	echo "### $1"
	echo "Bail out! not run: $2"
	printf '%s\t0\t1\t0\tnot run: %s\n' "$1" "$2" >> "$summary"
}

build_line() { # name command...: one TAP line for a build step
	local name=$1 out
	shift
	builds=$((builds + 1))
	if out=$("$@" 2>&1); then
		echo "ok $builds - $name"
	else
		echo "not ok $builds - $name"
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/# /'
		return 1
	fi
}

scripts/install-deps.sh test || { echo "Bail out! could not install the test dependencies"; exit 1; }

builds=0 san_ok=1 fuzz_ok=1
builds() {
	build_line "build with ASan/UBSan (gcc)" make -j"$JOBS" O=.output/san SANITIZE=1 tests && san_ok=0
	build_line "build (gcc)" make -j"$JOBS" all .output/lockdownctl-vm .output/tests/vm-probe .output/tests/vm-enforce .output/tests/faultinject.so .output/tests/mkbtf \
		.output/tests/vm-kprobe .output/tests/vm-workload .output/tests/vm-mountns
	build_line "build with clang, -Werror" make -j"$JOBS" O=.output/clang CC=clang all tests
	build_line "build libFuzzer targets (clang)" make -j"$JOBS" $(ls tests/fuzz/fuzz-*.c | sed -n 's|tests/fuzz/fuzz-\(.*\)\.c|.output/fuzz/libfuzzer-\1|p' | grep -v -- -main) && fuzz_ok=0
	echo "1..$builds"
}
builds_out=$(mktemp)
builds > "$builds_out"   # not in a pipe: san_ok and fuzz_ok are set here
tier builds cat "$builds_out"
rm -f "$builds_out"

# LeakSanitizer cannot run under ptrace-restricted sandboxes; keep the rest of ASan
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ "$san_ok" = 0 ]; then
	tier "unit tests (ASan/UBSan)" tests/unit/run.sh .output/san
	tier "golden tests (ASan/UBSan)" tests/golden/run.sh .output/san
	tier "systemd unit" tests/misc/run.sh .output/san
	tier "enable --boot on boot configurations (and fault injection)" tests/boot/run.sh .output/san
	tier "enable --boot on real boot configurations" tests/corpus/boot/run.sh .output/san
	tier "log --journal (sd-journal)" tests/log/run.sh .output/san
	tier "log on real kernel logs" tests/corpus/log/run.sh .output/san
	tier "hostile roots: FIFOs and links out of the root" tests/hostile/run.sh .output/san
	tier "fuzz corpus replay (ASan/UBSan)" tests/fuzz/run.sh .output/san replay
else
	not_run "ASan/UBSan tiers (unit, golden, boot, corpus, log, hostile, fuzz replay)" "the ASan/UBSan build failed"
fi
# make install, the Debian package, metrics checked by promtool (the plain build: the package is one)
if [ -x .output/lockdownctl ]; then
	tier "install, package, metrics" tests/pkg/run.sh .output
else
	not_run "install, package, metrics" "the plain build failed"
fi
if [ "$fuzz_ok" = 0 ]; then
	FUZZ_SECONDS=${FUZZ_SECONDS:-3} tier "libFuzzer short runs" tests/fuzz/run.sh .output libfuzzer
else
	not_run "libFuzzer short runs" "the libFuzzer build failed"
fi
tier "VM tests (QEMU, TCG)" tests/vm/run.sh .output

tier "test runner: TAP counting against the plan" tests/lib/selftest.sh

[ -s .output/vm/boot-times.txt ] && awk '{ s += $3; n++ } END { if (n) printf "# VM: %d boots, %.1f s each on average\n", n, s / n }' .output/vm/boot-times.txt
# one line per tier, then the failed tiers by name, then the summary (always the last line)
echo "### tiers"
awk -F'\t' '{ printf "# %-60s %5d passed %4d failed %4d skipped\n", $1, $2, $3, $4 }' "$summary"
awk -F'\t' '$3 > 0 { printf "# FAILED TIER: %s (%d failed%s)\n", $1, $3, $5 == "" ? "" : ": " $5 }' "$summary"
grep -q '^1\.\.0 # SKIP' "$log" && grep '^1\.\.0 # SKIP' "$log" | sed 's/^/# SKIPPED TIER: /'
read -r passed failed skipped < <(awk -F'\t' '{ p += $2; f += $3; s += $4 } END { print p + 0, f + 0, s + 0 }' "$summary")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
