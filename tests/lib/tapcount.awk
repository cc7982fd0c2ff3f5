# SPDX-License-Identifier: GPL-2.0-or-later
# Counts one tier's TAP output against its plan(s), for tests/run-all.sh.
#   awk -v rc=EXIT_CODE -v ci=0|1 -f tapcount.awk TIER_OUTPUT
# prints one line: PASSED<TAB>FAILED<TAB>SKIPPED<TAB>PROBLEMS
# A tier may print several plans (the unit tier runs one cmocka binary after
# another, each with its own "1..N"): the tests must add up to their sum.
# A test is skipped when its directive is "# SKIP", whether the line says
# "ok" or, as cmocka 1.1 prints it, "not ok". Each of these is one more
# failure, named in PROBLEMS ("; "-separated):
#   no plan at all (the tier died before printing it)
#   fewer or more tests than planned (it died part way, or miscounted)
#   a non-zero exit with no failing test to explain it (a crash, set -e)
#   "Bail out!"
#   under CI, a skip (everything the tests need is installed by the scripts)
function problem(what) { problems = problems (problems == "" ? "" : "; ") what; extra++ }
/^(not )?ok([ \t]|$)/ {
	tests++
	if ($0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) {
		skipped++
		if (ci) problem("skipped under CI: " $0)
	} else if ($0 ~ /^ok/)
		passed++
	else
		failed++
	next
}
/^1\.\.[0-9]+/ {
	plans++
	planned += substr($1, 4) + 0
	if (substr($1, 4) + 0 == 0) {
		skipped++
		whole_skip = $0
		if (ci) problem("skipped under CI: " $0)
	}
	next
}
/^Bail out!/ { problem($0); next }
END {
	if (plans == 0)
		problem(sprintf("no plan: the tier ended after %d tests without saying how many it had", tests))
	else if (tests != planned)
		problem(sprintf("ran %d of %d planned tests", tests, planned))
	if (rc != 0 && failed == 0 && extra == 0)
		problem(sprintf("exit code %d with no failing test", rc))
	else if (rc != 0 && failed == 0)
		problems = problems sprintf(" (exit code %d)", rc)
	printf "%d\t%d\t%d\t%s\n", passed, failed + extra, skipped, problems
}
