#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every cmocka unit test binary with TAP output.
# Usage: tests/unit/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" || { echo "Bail out! fixtures"; exit 1; }
export CMOCKA_MESSAGE_OUTPUT=TAP LD_FIXTURES=$O/fixtures LD_BIN=$O/lockdownctl LD_TOP=$top
rc=0
for t in "$O"/tests/test-*; do
	[ -x "$t" ] || continue
	echo "# $(basename "$t")"
	"$t" || rc=1
done
exit $rc
