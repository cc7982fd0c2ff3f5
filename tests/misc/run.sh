#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Files that are not C: the systemd unit parses (systemd-analyze verify) and
# the lockdownctl command lines in it are valid for the built binary (start
# and reload run as --dry-run against a fixture). Prints TAP.
# Usage: tests/misc/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$O/fixtures/enforce" ] || "$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" ||
	{ echo "Bail out! fixtures"; exit 1; }

for unit in "$top"/systemd/*.service "$top"/systemd/*.timer; do
	name=${unit##*/}
	sed "s|/usr/sbin/lockdownctl|$O/lockdownctl|g" "$unit" > "$tmp/$name"
	if command -v systemd-analyze >/dev/null; then
		t "$name: systemd-analyze verify" systemd-analyze verify --man=no "$tmp/$name"
	elif is_ci; then
		not_ok "$name: systemd-analyze verify (systemd-analyze is not installed: scripts/install-deps.sh test)"
	else
		n=$((n + 1)); echo "ok $n - $name: systemd-analyze verify # SKIP systemd-analyze not installed"
	fi
	# the commands that change the kernel run here as --dry-run; metrics writes to /var/lib
	grep -E '^Exec(Start|Reload)=.* enforce ' "$unit" | while IFS='=' read -r _ cmd; do
		cmd=${cmd#-}
		args=${cmd#/usr/sbin/lockdownctl }
		args=${args//--yes/--dry-run}
		# shellcheck disable=SC2086
		if "$O/lockdownctl" --root "$O/fixtures/enforce" $args >/dev/null 2>"$tmp/err"; then
			echo "ok - $name: '$cmd' is valid (as --dry-run)"
		else
			echo "not ok - $name: '$cmd' is valid (as --dry-run)"; sed 's/^/# /' "$tmp/err"
		fi
	done
	n=$((n + $(grep -cE '^Exec(Start|Reload)=.* enforce ' "$unit")))
done
echo "1..$n"
