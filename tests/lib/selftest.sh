#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The test runner tested: tests/lib/tapcount.awk (how tests/run-all.sh counts
# a tier) on tier outputs that lose tests in each way a tier can, each beside
# a control that counts clean; and is_ci on each spelling of CI. Prints TAP.
# Usage: tests/lib/selftest.sh
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count() { # RC CI TAP-TEXT -> "passed failed skipped problems"
	printf '%b' "$3" > "$tmp/tier"
	awk -v rc="$1" -v ci="$2" -f "$top/tests/lib/tapcount.awk" "$tmp/tier"
}
expect() { # DESCRIPTION RC CI TAP-TEXT PASSED FAILED SKIPPED PROBLEM-PATTERN
	local got
	got=$(count "$2" "$3" "$4")
	IFS=$'\t' read -r p f s why <<<"$got"
	if [ "$p/$f/$s" = "$5/$6/$7" ] && [[ "$why" =~ $8 ]]; then
		ok "$1"
	else
		not_ok "$1" "want $5/$6/$7 matching '$8', got $p/$f/$s '$why'"
	fi
}

expect "control: a clean tier with a trailing plan counts 2 passed" 0 0 'ok 1 - a\nok 2 - b\n1..2\n' 2 0 0 '^$'
expect "control: a leading plan, as cmocka prints it" 0 0 'TAP version 13\n1..2\nok 1 - a\nok 2 - b\n# ok - group\n' 2 0 0 '^$'
expect "a crash after the first ok (no plan printed) is a failure" 134 0 'ok 1 - a\n' 1 1 0 'no plan'
expect "a set -e exit after the first ok is a failure" 1 0 'ok 1 - a\n' 1 1 0 'no plan.*exit code 1'
expect "a tier short of its leading plan is a failure" 134 0 '1..5\nok 1 - a\nok 2 - b\n' 2 1 0 'ran 2 of 5'
expect "more tests than planned is a failure" 0 0 'ok 1 - a\nok 2 - b\n1..1\n' 2 1 0 'ran 2 of 1'
expect "a non-zero exit with every test passing is a failure" 1 0 'ok 1 - a\n1..1\n' 1 1 0 'exit code 1 with no failing test'
expect "a signal exit with every test passing is a failure" 139 0 '1..1\nok 1 - a\n' 1 1 0 'exit code 139'
expect "control: a failing test and its non-zero exit count once" 1 0 'ok 1 - a\nnot ok 2 - b\n1..2\n' 1 1 0 '^$'
expect "several cmocka binaries: each plan adds up" 0 0 '1..2\nok 1 - a\nok 2 - b\n1..1\nok 1 - c\n' 3 0 0 '^$'
expect "several cmocka binaries: the second one dying is a failure" 134 0 '1..2\nok 1 - a\nok 2 - b\n1..3\nok 1 - c\n' 3 1 0 'ran 3 of 5'
expect "cmocka 1.1's skip line ('not ok N', then the SKIP directive) is a skip, not a failure" 0 0 '1..2\nok 1 - a\nnot ok 2 # SKIP b\n' 1 0 1 '^$'
expect "an ok line with the SKIP directive is a skip" 0 0 'ok 1 - a # SKIP why\n1..1\n' 0 0 1 '^$'
expect "a skipped tier (plan 1..0 with the SKIP directive) counts one skip" 0 0 '1..0 # SKIP no tool\n' 0 0 1 '^$'
expect "under CI a skip is a failure" 0 1 'ok 1 - a # SKIP why\n1..1\n' 0 1 1 'skipped under CI'
expect "under CI a skipped tier is a failure" 0 1 '1..0 # SKIP no tool\n' 0 1 1 'skipped under CI'
expect "'Bail out!' is a failure" 1 0 'Bail out! fixtures\n' 0 2 0 'Bail out! fixtures; no plan'
expect "lines that only look like tests ('okay', '# ok') are not counted" 0 0 'okay\n# ok 3 - x\nok 1 - a\n1..1\n' 1 0 0 '^$'

for v in true 1 yes; do
	t "CI=$v is CI" env CI=$v bash -c ". '$top/tests/lib/ci.sh'; is_ci"
done
for v in "" false 0; do
	t "control: CI='$v' is not CI" env CI=$v bash -c ". '$top/tests/lib/ci.sh'; ! is_ci"
done
echo "1..$n"
