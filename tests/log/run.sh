#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# log --journal through sd-journal, on a journal file made from
# tests/log/journal.export by systemd-journal-remote: two boots, kernel
# entries and forged ones (syslog and stdout transports, one even calling
# itself "kernel") that must never count. Prints TAP.
# Usage: tests/log/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
bin=$O/lockdownctl
remote=/lib/systemd/systemd-journal-remote
if [ ! -x "$remote" ]; then
	# under CI a missing tool is a missing install step, not a reason to skip
	is_ci && { echo "Bail out! systemd-journal-remote is not installed (scripts/install-deps.sh test)"; exit 1; }
	echo "1..0 # SKIP systemd-journal-remote is not installed: no journal file to test sd-journal on"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$remote" -o "$tmp/system.journal" - < "$top/tests/log/journal.export" 2>/dev/null
t "systemd-journal-remote made a journal file" test -s "$tmp/system.journal"
"$bin" log --journal="$tmp/system.journal" --json > "$tmp/all.json"
echo $? > "$tmp/rc"
t "log --journal exits 3 (refusals found)" grep -qx 3 "$tmp/rc"
t "both boots' refusals, kernel transport only" \
	jq -e '[.reasons[] | "\(.name):\(.processes[0].comm):\(.boots[0][0:4])"] | sort == ["debugfs:pmdakvm:2222", "dev_mem:dmidecode:1111"]' "$tmp/all.json"
t "the journal's kernel entries are verified" jq -e 'all(.reasons[]; .verified)' "$tmp/all.json"
t "the raise and its boot" jq -e '.raises == [{"source": "command line", "lifted": false, "time": "2026-11-28 12:00:00", "boot": "11111111111111111111111111111111"}]' "$tmp/all.json"
"$bin" log --journal="$tmp/system.journal" --list-boots --json > "$tmp/boots.json"
t "--list-boots: two boots, oldest first, offsets -1 and 0" \
	jq -e '[.boots[] | "\(.offset) \(.boot_id[0:4])"] == ["-1 1111", "0 2222"]' "$tmp/boots.json"
"$bin" log --journal="$tmp/system.journal" --boot -1 --json > "$tmp/b1.json"
t "--boot -1: the earlier boot only" jq -e '[.reasons[].name] == ["dev_mem"]' "$tmp/b1.json"
"$bin" log --journal="$tmp/system.journal" --boot 22222222222222222222222222222222 --json > "$tmp/b2.json"
t "--boot ID: that boot only" jq -e '[.reasons[].name] == ["debugfs"]' "$tmp/b2.json"
"$bin" log --journal="$tmp/system.journal" --since '2026-11-29' --json > "$tmp/since.json"
t "--since: later entries only" jq -e '[.reasons[].name] == ["debugfs"]' "$tmp/since.json"
# a copied machine: ROOT/var/log/journal
mkdir -p "$tmp/root/var/log/journal/0123456789abcdef0123456789abcdef"
cp -a "$O/fixtures/deb61-none/." "$tmp/root/" 2>/dev/null || true
cp "$tmp/system.journal" "$tmp/root/var/log/journal/0123456789abcdef0123456789abcdef/"
"$bin" --root "$tmp/root" log --journal --json > "$tmp/root.json"
t "--root DIR --journal reads DIR/var/log/journal" jq -e '[.reasons[].name] | sort == ["debugfs", "dev_mem"]' "$tmp/root.json"
# a copied machine whose var/log is a link out of it, to a directory with a
# journal: the link resolves inside the root (where there is none), never
# to the other directory's journal
mkdir -p "$tmp/elsewhere/journal/0123456789abcdef0123456789abcdef" "$tmp/lroot"
cp "$tmp/system.journal" "$tmp/elsewhere/journal/0123456789abcdef0123456789abcdef/"
cp -a "$O/fixtures/deb61-none/." "$tmp/lroot/" 2>/dev/null || true
mkdir -p "$tmp/lroot/var"
ln -s "$tmp/elsewhere" "$tmp/lroot/var/log"
t "control: the root's var/log link reaches the other journal" test -s "$tmp/lroot/var/log/journal/0123456789abcdef0123456789abcdef/system.journal"
"$bin" --root "$tmp/lroot" log --journal --json > "$tmp/lroot.json" 2> "$tmp/lroot.err"
rc=$?
if [ $rc = 1 ] && [ ! -s "$tmp/lroot.json" ] && grep -q 'No such file or directory' "$tmp/lroot.err"; then
	ok "--root DIR --journal with DIR/var/log linked out: no journal read outside the root (exit 1)"
else
	not_ok "--root DIR --journal with DIR/var/log linked out: no journal read outside the root (exit 1)" "exit $rc: $(cat "$tmp/lroot.json" "$tmp/lroot.err")"
fi
"$bin" log --journal="$tmp/system.journal" > "$tmp/text"
t "the text report names both" bash -c "grep -q '^dev_mem' '$tmp/text' && grep -q '^debugfs' '$tmp/text'"
echo "1..$n"
