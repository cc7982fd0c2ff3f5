# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the shell test tiers (sourced). n counts the tests.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n 30 | sed 's/^/# /'; }
# t DESCRIPTION COMMAND...: ok when COMMAND succeeds; its output and status shown when not
t() { local what=$1 out rc; shift; if out=$("$@" 2>&1); then ok "$what"; else rc=$?; not_ok "$what" "exit $rc: $out"; fi; }
. "$(dirname "${BASH_SOURCE[0]}")/ci.sh"
