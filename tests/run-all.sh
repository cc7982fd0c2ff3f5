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
trap 'rm -f "$log"' EXIT
JOBS=${JOBS:-$(nproc)}

tier() { # name command... : run, show and keep its TAP
	echo "### $1"
	shift
	"$@" 2>&1 | tee -a "$log"
}

build_line() { # name command...: one TAP line for a build step
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $name" | tee -a "$log"
	else
		echo "not ok - $name" | tee -a "$log"
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/# /'
		return 1
	fi
}

scripts/install-deps.sh test || { echo "Bail out! could not install the test dependencies"; exit 1; }

echo "### builds"
build_line "build with ASan/UBSan (gcc)" make -j"$JOBS" O=.output/san SANITIZE=1 tests
san_ok=$?
build_line "build (gcc)" make -j"$JOBS" all .output/lockdownctl-vm .output/tests/vm-probe .output/tests/vm-enforce .output/tests/faultinject.so .output/tests/mkbtf \
	.output/tests/vm-kprobe .output/tests/vm-workload
build_line "build with clang, -Werror" make -j"$JOBS" O=.output/clang CC=clang all tests
build_line "build libFuzzer targets (clang)" make -j"$JOBS" $(ls tests/fuzz/fuzz-*.c | sed -n 's|tests/fuzz/fuzz-\(.*\)\.c|.output/fuzz/libfuzzer-\1|p' | grep -v -- -main)
fuzz_ok=$?

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
fi
# make install, the Debian package, metrics checked by promtool (the plain build: the package is one)
[ -x .output/lockdownctl ] && tier "install, package, metrics" tests/pkg/run.sh .output
[ "$fuzz_ok" = 0 ] && FUZZ_SECONDS=${FUZZ_SECONDS:-3} tier "libFuzzer short runs" tests/fuzz/run.sh .output libfuzzer
tier "VM tests (QEMU, TCG)" tests/vm/run.sh .output

passed=$(grep -c '^ok' "$log")
# a tier that bails out has failed, whatever it printed before
failed=$(($(grep -c '^not ok' "$log") + $(grep -c '^Bail out!' "$log")))
skipped=$(grep -cE '^(ok.*# SKIP|1\.\.0 # SKIP)' "$log")
passed=$((passed - $(grep -c '^ok.*# SKIP' "$log")))
[ -s .output/vm/boot-times.txt ] && awk '{ s += $3; n++ } END { if (n) printf "# VM: %d boots, %.1f s each on average\n", n, s / n }' .output/vm/boot-times.txt
grep -q '^1\.\.0 # SKIP' "$log" && grep '^1\.\.0 # SKIP' "$log" | sed 's/^/# SKIPPED TIER: /'
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
