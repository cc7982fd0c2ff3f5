#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden tests: tests/golden/<verb>/<case>/ holds
#   cmd      the arguments (one line; word-split by the shell, quotes allowed)
#   fixture  the fake root under tests/fixtures (optional; --root is prepended)
#   stdout   expected output; stderr expected errors (missing = must be empty)
#   rc       expected exit status (missing = 0)
# Every stdout of a --json case must also parse with jq, a real JSON parser.
# UPDATE=1 rewrites the expected files. Prints TAP.
# Usage: tests/golden/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$O/lockdownctl
fixtures=$O/fixtures
"$top/tests/fixtures/build.sh" "$fixtures" "$O/tests/mkbtf" || { echo "Bail out! fixtures"; exit 1; }

export LC_ALL=C TZ=UTC COLUMNS=80 NO_COLOR=1
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$top"/tests/golden/*/*/; do
	dir=${dir%/}
	name=${dir#"$top"/tests/golden/}
	[ -f "$dir/cmd" ] || continue
	n=$((n + 1))
	args=$(cat "$dir/cmd")
	root=()
	[ -f "$dir/fixture" ] && root=(--root "$(cat "$dir/fixture")")
	# run from the fixture directory so paths in the output are relative and stable
	(cd "$fixtures" && eval "exec \"\$bin\" \"\${root[@]}\" $args" </dev/null >"$tmp/stdout" 2>"$tmp/stderr")
	echo $? > "$tmp/rc"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/stdout" "$dir/stdout"
		if [ -s "$tmp/stderr" ]; then cp "$tmp/stderr" "$dir/stderr"; else rm -f "$dir/stderr"; fi
		if [ "$(cat "$tmp/rc")" != 0 ]; then cp "$tmp/rc" "$dir/rc"; else rm -f "$dir/rc"; fi
	fi
	why=
	diff -u "$dir/stdout" "$tmp/stdout" > "$tmp/diff" || why="stdout differs"
	if [ -f "$dir/stderr" ]; then
		diff -u "$dir/stderr" "$tmp/stderr" >> "$tmp/diff" || why="${why:+$why, }stderr differs"
	elif [ -s "$tmp/stderr" ]; then
		why="${why:+$why, }unexpected stderr"
		sed 's/^/+/' "$tmp/stderr" >> "$tmp/diff"
	fi
	want_rc=0
	[ -f "$dir/rc" ] && want_rc=$(cat "$dir/rc")
	[ "$(cat "$tmp/rc")" = "$want_rc" ] || why="${why:+$why, }exit $(cat "$tmp/rc") (want $want_rc)"
	case " $args " in
	*" --json=help "*) ;;
	*" --json"* | *" -j"*)
		if [ "$want_rc" = 0 ] && ! jq -e . "$tmp/stdout" >/dev/null 2>&1; then
			why="${why:+$why, }stdout is not valid JSON"
		fi
		;;
	esac
	if [ -z "$why" ]; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name: $why"
		sed 's/^/# /' "$tmp/diff" | head -n 40
	fi
done
echo "1..$n"
[ "$failed" = 0 ]
