#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz tier. "replay": run each target's corpus through the ASan/UBSan replay
# driver (any compiler). "libfuzzer": run each clang libFuzzer target for
# FUZZ_SECONDS (default 5) from a copy of its corpus; crashes are kept in
# OUTPUT_DIR/fuzz/ for checking in as tests/fuzz/corpus/<target>/crash-<what>.
# Usage: tests/fuzz/run.sh OUTPUT_DIR replay|libfuzzer     (prints TAP)
set -u
O=$(cd "${1:-.output}" && pwd)
mode=${2:-replay}
top=$(cd "$(dirname "$0")/../.." && pwd)
n=0 failed=0

inputs() { # target -> corpus files, plus generated BTF blobs for the btf walker
	find "$top/tests/fuzz/corpus/$1" -type f 2>/dev/null
	[ "$1" = btf ] && find "$O/fixtures" -path '*/sys/kernel/btf/vmlinux' 2>/dev/null
	[ "$1" = btf ] && [ -r /sys/kernel/btf/vmlinux ] && echo /sys/kernel/btf/vmlinux
	true
}

for bin in "$O"/fuzz/"$mode"-*; do
	[ -x "$bin" ] || continue
	target=${bin##*/"$mode"-}
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
	else
		work=$(mktemp -d)
		cp "${files[@]}" "$work/" 2>/dev/null
		if out=$(cd "$O/fuzz" && "$bin" -max_total_time="${FUZZ_SECONDS:-5}" \
			-max_len=65536 -rss_limit_mb=2048 -artifact_prefix="$O/fuzz/crash-$target-" \
			"$work" 2>&1); then
			runs=$(printf '%s\n' "$out" | sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' | tail -n1)
			echo "ok $n - libfuzzer $target (${runs:-?} runs)"
		else
			failed=$((failed + 1))
			echo "not ok $n - libfuzzer $target"
			printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
		fi
		rm -rf "$work"
	fi
done
echo "1..$n"
[ "$failed" = 0 ]
