# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the boot tiers. lockdownctl keeps what it made in its state
# directory (/var/lib/lockdownctl/created*), not beside the admin's files;
# undoing removes every marker there, and the directories stay, empty, as a
# package's /var/lib directory does.

# restored ORIG ROOT: every byte of ORIG is in ROOT, and nothing else but those
# state directories, empty (a marker left in them is a difference).
restored() {
	local c d rc
	c=$(mktemp -d) || return 1
	cp -a "$2/." "$c/"
	for d in var/lib/lockdownctl/created var/lib/lockdownctl/created-dirs var/lib/lockdownctl var/lib var; do
		[ -e "$1/$d" ] || rmdir "$c/$d" 2>/dev/null # only an empty directory goes
	done
	diff -r "$1" "$c" | sed "s|$c|$2|g"
	rc=${PIPESTATUS[0]}
	rm -rf "$c"
	return "$rc"
}

# created_marker ROOT PATH: where the state says lockdownctl made PATH (a file), as
# `systemd-escape --path` names it (enough of it for the paths lockdownctl writes).
created_marker() {
	local p=${2#/}
	p=${p//-/\\x2d}
	echo "$1/var/lib/lockdownctl/created/${p//\//-}"
}
