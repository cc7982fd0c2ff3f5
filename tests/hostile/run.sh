#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Roots made hostile on purpose: every verb that reads a root must neither
# block on a FIFO where a file is expected nor read outside the root through
# a snapshot's links. Each attack has a control that shows it would work.
# Prints TAP.
# Usage: tests/hostile/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
bin=$O/lockdownctl
fixtures=$O/fixtures
[ -d "$fixtures/fifo-files" ] || "$top/tests/fixtures/build.sh" "$fixtures" "$O/tests/mkbtf" ||
	{ echo "Bail out! fixtures"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC COLUMNS=80 NO_COLOR=1

# --- FIFOs where files are expected -------------------------------------------
fifo=$fixtures/fifo-files
[ -p "$fifo/sys/kernel/btf/vmlinux" ] && ok "control: the fixture's BTF is a FIFO" ||
	not_ok "control: the fixture's BTF is a FIFO"
# control: reading one the ordinary way waits for a writer
timeout 2 cat "$fifo/proc/cmdline" >/dev/null 2>&1
[ $? = 124 ] && ok "control: cat of the FIFO blocks" || not_ok "control: cat of the FIFO blocks"

# never_blocks NAME ARGS...: finishes within 20 s, and names a FIFO it refused where it says why
never_blocks() {
	local what=$1 rc
	shift
	timeout 20 "$bin" --root "$fifo" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 124 ]; then
		not_ok "$what: finishes (timed out: it waited on a FIFO)"
	elif [ $rc -ge 128 ]; then
		not_ok "$what: finishes (killed by signal $((rc - 128)))" "$(cat "$tmp/err")"
	else
		ok "$what: finishes (exit $rc)"
	fi
}
never_blocks "status" status
never_blocks "status --json" status --json
never_blocks "status --reasons" status --reasons
never_blocks "check" check
never_blocks "check --json" check --json
never_blocks "metrics" metrics
never_blocks "log (kmsg of the root)" log
never_blocks "enable --boot --dry-run" enable integrity --boot --dry-run
never_blocks "disable --boot --dry-run" disable --boot --dry-run
never_blocks "enforce start --dry-run" enforce start --dry-run -e 'refuse kcore'
never_blocks "log --file FIFO" log --file "$fifo/proc/cmdline"
grep -q "proc/cmdline" "$tmp/err" && ok "log --file FIFO names the file" ||
	not_ok "log --file FIFO names the file" "$(cat "$tmp/err")"
# status says what it could not read, rather than inventing it
timeout 20 "$bin" --root "$fifo" status --json >"$tmp/st.json" 2>/dev/null
t "status: the BTF FIFO is reported as an error, not a catalogue" \
	jq -e '.reason_catalogue == null or (.reason_catalogue | type) != "object" or .reason_catalogue.source != "btf"' "$tmp/st.json"
t "status: the FIFO command line is not read as an empty one" \
	jq -e '.cmdline == null' "$tmp/st.json"

# --- links inside a snapshot that point at the host ---------------------------
# A bait file on the host, and a root whose proc/cmdline and grub file are
# absolute links to it: everything under --root must resolve beneath the root.
bait=$tmp/host-bait
printf 'lockdown=confidentiality BAIT_FROM_HOST\n' > "$bait"
root=$tmp/snapshot
cp -a "$fixtures/boot-grub-debian" "$root"
rm -f "$root/proc/cmdline" "$root/etc/default/grub"
ln -s "$bait" "$root/proc/cmdline"
ln -s "$bait" "$root/etc/default/grub"
# control: the links do reach the host file when followed the ordinary way
grep -q BAIT_FROM_HOST "$root/proc/cmdline" && ok "control: the snapshot's link reaches the host" ||
	not_ok "control: the snapshot's link reaches the host"
for cmd in "status" "status --json" "check" "check --json" "metrics" "enable integrity --boot --dry-run" \
	"disable --boot --dry-run"; do
	# shellcheck disable=SC2086
	timeout 20 "$bin" --root "$root" $cmd >"$tmp/out" 2>&1
	if grep -q BAIT_FROM_HOST "$tmp/out"; then
		not_ok "$cmd: nothing is read from outside the root" "$(grep BAIT_FROM_HOST "$tmp/out")"
	else
		ok "$cmd: nothing is read from outside the root"
	fi
done
timeout 20 "$bin" --root "$root" status --json=short >"$tmp/out" 2>&1
t "status: the host's lockdown=confidentiality is not this snapshot's command line" \
	jq -e '.cmdline.lockdown_level != "confidentiality"' "$tmp/out"
# the same link with the bait placed inside the snapshot at that path is read: resolution is in the root
mkdir -p "$root$(dirname "$bait")"
printf 'quiet lockdown=integrity\n' > "$root$bait"
timeout 20 "$bin" --root "$root" status --json=short >"$tmp/out" 2>&1
t "an absolute link names the snapshot's own file (integrity there, confidentiality on the host)" \
	jq -e '.cmdline.lockdown_level == "integrity"' "$tmp/out"

echo "1..$n"
