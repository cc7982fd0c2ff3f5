#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz tier. "replay": run each target's corpus through the ASan/UBSan replay
# driver (any compiler). "libfuzzer": run each clang libFuzzer target, one at
# a time and single-job, from a copy of its corpus:
#   FUZZ_SECONDS=N   for N seconds each (default 5; make check uses 3), or
#   FUZZ_RUNS=N      to N executions each (make fuzz FUZZ_RUNS=10000000); a
#                    target that has not got there after FUZZ_MAX_SECONDS
#                    (default 1200) fails: each must reach 10 million in 20 min.
#   FUZZ_ONLY="a b"  only these targets.
# Each target's own libFuzzer options (-max_len: the largest input its parser
# meets in real use; -dict=@FUZZDIR@/dict/NAME.dict) are on a line
# "/* fuzz-options: ... */" of its source, its own compiler flags on a line
# "/* fuzz-cflags: ... */" (read by the Makefile).
# Per target it reports executions, exec/s, seconds, crashes and the corpus
# before -> after; the grown corpus stays in OUTPUT_DIR/fuzz/work-<target>/,
# crashes in OUTPUT_DIR/fuzz/ for checking in as
# tests/fuzz/corpus/<target>/crash-<what>, and a summary in
# OUTPUT_DIR/fuzz/summary.tsv.
# Usage: tests/fuzz/run.sh OUTPUT_DIR replay|libfuzzer     (prints TAP)
set -u
O=$(cd "${1:-.output}" && pwd)
mode=${2:-replay}
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 failed=0

inputs() { # target -> corpus files, plus generated BTF blobs for the btf walker
	find "$top/tests/fuzz/corpus/$1" -type f 2>/dev/null
	# regular files only: a fixture may hold a FIFO there on purpose (tests/hostile)
	[ "$1" = btf ] && find "$O/fixtures" -path '*/sys/kernel/btf/vmlinux' -type f 2>/dev/null
	[ "$1" = btf ] && [ -r /sys/kernel/btf/vmlinux ] && echo /sys/kernel/btf/vmlinux
	true
}

options() { # target -> its libFuzzer options, from its source (@FUZZDIR@: tests/fuzz)
	sed -n 's|^/\* fuzz-options: \(.*\) \*/$|\1|p' "$top/tests/fuzz/fuzz-$1.c" 2>/dev/null | head -n1 |
		sed "s|@FUZZDIR@|$top/tests/fuzz|g"
}

stat() { # name log -> value of libFuzzer's final stat::name
	sed -n "s/^stat::$1: *\([0-9]*\).*/\1/p" "$2" | tail -n1
}

selected() {
	[ -z "${FUZZ_ONLY:-}" ] && return 0
	case " $FUZZ_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

summary=$O/fuzz/summary.tsv
[ "$mode" = libfuzzer ] && printf 'target\texecutions\texec_per_s\tseconds\tcrashes\tcorpus_before\tcorpus_after\n' >"$summary"

for bin in "$O"/fuzz/"$mode"-*; do
	[ -x "$bin" ] || continue
	target=${bin##*/"$mode"-}
	selected "$target" || continue
	n=$((n + 1))
	mapfile -t files < <(inputs "$target")
	if [ "$mode" = replay ]; then
		if out=$("$bin" "${files[@]}" 2>&1); then
			echo "ok $n - fuzz replay $target (${#files[@]} inputs)"
		else
			failed=$((failed + 1))
			echo "not ok $n - fuzz replay $target"
			printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
		fi
		continue
	fi
	work=$O/fuzz/work-$target log=$O/fuzz/log-$target.txt
	rm -rf "$work" && mkdir -p "$work"
	cp "${files[@]}" "$work/" 2>/dev/null
	before=$(find "$work" -type f | wc -l)
	if [ -n "${FUZZ_RUNS:-}" ]; then
		limit=(-runs="$FUZZ_RUNS" -max_total_time="${FUZZ_MAX_SECONDS:-1200}")
	else
		limit=(-max_total_time="${FUZZ_SECONDS:-5}")
	fi
	rm -f "$O/fuzz/crash-$target-"*
	start=$(date +%s%N)
	# shellcheck disable=SC2046 # the options are words
	(cd "$O/fuzz" && "$bin" "${limit[@]}" -max_len=65536 $(options "$target") \
		-rss_limit_mb=2048 -timeout=25 -print_final_stats=1 \
		-artifact_prefix="$O/fuzz/crash-$target-" "$work" >"$log" 2>&1)
	rc=$?
	secs=$(( ($(date +%s%N) - start) / 1000000000 ))
	runs=$(stat number_of_executed_units "$log")
	rate=$(stat average_exec_per_sec "$log")
	crashes=$(find "$O/fuzz" -maxdepth 1 -name "crash-$target-*" | wc -l)
	after=$(find "$work" -type f | wc -l)
	printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$target" "${runs:-?}" "${rate:-?}" "$secs" \
		"$crashes" "$before" "$after" >>"$summary"
	what=$(printf '%s runs, %s exec/s, %.0f s, %s crashes, corpus %s -> %s' "${runs:-?}" \
		"${rate:-?}" "$secs" "$crashes" "$before" "$after")
	if [ "$rc" = 0 ] && [ "$crashes" = 0 ] && { [ -z "${FUZZ_RUNS:-}" ] ||
		[ "${runs:-0}" -ge "$FUZZ_RUNS" ]; }; then
		echo "ok $n - libfuzzer $target ($what)"
	else
		failed=$((failed + 1))
		echo "not ok $n - libfuzzer $target ($what)"
		[ -n "${FUZZ_RUNS:-}" ] && [ "${runs:-0}" -lt "$FUZZ_RUNS" ] &&
			echo "# fewer than $FUZZ_RUNS executions in ${FUZZ_MAX_SECONDS:-1200} s"
		tail -n 30 "$log" | sed 's/^/# /'
	fi
done
# a depth run (make fuzz FUZZ_RUNS=N) is kept: the table, with its date and commit
if [ "$mode" = libfuzzer ] && [ -n "${FUZZ_RUNS:-}" ] && [ -z "${FUZZ_ONLY:-}" ]; then
	{
		echo "# Fuzzing depth"
		echo
		echo "\`make fuzz FUZZ_RUNS=$FUZZ_RUNS\` on $(date -u +%Y-%m-%d), commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), $(nproc) cores, one job per harness, one harness at a time."
		echo "A harness short of $FUZZ_RUNS executions after ${FUZZ_MAX_SECONDS:-1200} s failed."
		echo
		echo "| harness | executions | exec/s | seconds | crashes | corpus before | corpus after |"
		echo "| --- | --- | --- | --- | --- | --- | --- |"
		tail -n +2 "$summary" | awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
	} > "$top/tests/fuzz/DEPTH.md"
	echo "# depth table written to tests/fuzz/DEPTH.md"
fi
echo "1..$n"
[ "$failed" = 0 ]
