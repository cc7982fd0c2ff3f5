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

# never_blocks NAME RC PATTERN ARGS...: finishes within 20 s with exit code RC
# (exactly: a crash or a usage error is not "finishing"), and its output
# (standard output and error) matches PATTERN, which names what it refused
never_blocks() {
	local what=$1 want=$2 names=$3 rc
	shift 3
	timeout 20 "$bin" --root "$fifo" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 124 ]; then
		not_ok "$what: finishes (timed out: it waited on a FIFO)"
	elif [ $rc != "$want" ]; then
		not_ok "$what: finishes with exit $want (got $rc)" "$(cat "$tmp/err")"
	else
		ok "$what: finishes (exit $rc)"
	fi
	if grep -Eq -- "$names" "$tmp/out" "$tmp/err"; then
		ok "$what: says what it refused ($names)"
	else
		not_ok "$what: says what it refused ($names)" "$(cat "$tmp/out" "$tmp/err" | head -n 20)"
	fi
}
nreg='Command line: unknown \(not-a-regular-file\)'
never_blocks "status" 0 "$nreg" status
never_blocks "status --json" 0 '"cmdline_error":"not-a-regular-file"' status --json
never_blocks "status --reasons" 0 'from the built-in table' status --reasons
never_blocks "check" 3 '/proc/modules \(not-a-regular-file\)' check
never_blocks "check --json" 3 '"what":"/proc/modules","error":"not-a-regular-file"' check --json
never_blocks "check (dpkg's status)" 3 '/var/lib/dpkg/status \(installed packages\) \(not-a-regular-file\)' check
never_blocks "check (rpm's database)" 3 '/usr/lib/sysimage/rpm/rpmdb.sqlite \(installed rpm packages\) \(not-a-regular-file\)' check
never_blocks "check (the kernel's keys)" 3 '/proc/keys \(the keys the kernel trusts.*\(not-a-regular-file\)' check
never_blocks "metrics" 0 'lockdown_level\{level="integrity"\} 1' metrics
never_blocks "log (kmsg of the root)" 3 'Source: /dev/kmsg' log
never_blocks "enable --boot --dry-run" 1 '/etc/default/grub is a FIFO' enable integrity --boot --dry-run
never_blocks "disable --boot --dry-run" 1 '/etc/default/grub is a FIFO' disable --boot --dry-run
never_blocks "enforce start --dry-run" 0 'kcore +22 confidentiality refuse' enforce start --dry-run -e 'refuse kcore'
never_blocks "log --file FIFO" 1 "proc/cmdline.*FIFO" log --file "$fifo/proc/cmdline"

# /dev/kmsg of a root that is a FIFO, or a character device other than the
# kernel's log (1:11) such as /dev/zero: never read as a stream (the FIFO
# would be an empty log, /dev/zero a log without end)
kroot=$tmp/kmsg-root
cp -a "$fixtures/log-kmsg" "$kroot"
rm -f "$kroot/dev/kmsg"
if mknod "$kroot/dev/kmsg" c 1 5 2>/dev/null; then
	timeout 2 cat "$kroot/dev/kmsg" >/dev/null 2>&1
	[ $? = 124 ] && ok "control: reading the root's /dev/kmsg (a /dev/zero node) never ends" ||
		not_ok "control: reading the root's /dev/kmsg (a /dev/zero node) never ends"
	for cmd in "log" "log --json" "status" "metrics"; do
		# shellcheck disable=SC2086
		timeout 20 "$bin" --root "$kroot" $cmd </dev/null >"$tmp/out" 2>"$tmp/err"
		rc=$?
		case $cmd in log*) want=1 ;; *) want=0 ;; esac
		if [ $rc = "$want" ] && { [ "$want" = 0 ] || grep -q "cannot read '/dev/kmsg': Not a regular file" "$tmp/err"; }; then
			ok "$cmd on a root whose /dev/kmsg is /dev/zero: exit $want, nothing read from it"
		else
			not_ok "$cmd on a root whose /dev/kmsg is /dev/zero: exit $want, nothing read from it (exit $rc)" "$(cat "$tmp/err")"
		fi
	done
elif is_ci; then
	not_ok "mknod of a character device in the test root (CI runs as root)"
else
	n=$((n + 1)); echo "ok $n - a root whose /dev/kmsg is /dev/zero # SKIP mknod is not allowed here"
fi
rm -f "$kroot/dev/kmsg"
mkfifo "$kroot/dev/kmsg"
timeout 20 "$bin" --root "$kroot" log </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "cannot read '/dev/kmsg': Not a regular file" "$tmp/err"; then
	ok "log on a root whose /dev/kmsg is a FIFO: an error naming it, not an empty log"
else
	not_ok "log on a root whose /dev/kmsg is a FIFO: an error naming it, not an empty log (exit $rc)" "$(cat "$tmp/out" "$tmp/err")"
fi
timeout 20 "$bin" --root "$kroot" log --follow </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && ok "log --follow on a root whose /dev/kmsg is a FIFO: refused at once" ||
	not_ok "log --follow on a root whose /dev/kmsg is a FIFO: refused at once (exit $rc)" "$(cat "$tmp/err")"
# status says what it could not read, rather than inventing it
timeout 20 "$bin" --root "$fifo" status --json >"$tmp/st.json" 2>/dev/null
t "status: the BTF FIFO is reported as an error, not a catalogue" \
	jq -e '.reason_catalogue == null or (.reason_catalogue | type) != "object" or .reason_catalogue.source != "btf"' "$tmp/st.json"
t "status: the FIFO command line is not read as an empty one" \
	jq -e '.cmdline == null' "$tmp/st.json"

# trace --input and log --file take the user's own path: a FIFO or an endless
# device is refused by what it is, at once
for input in "$fifo/proc/cmdline" /dev/zero; do
	timeout 20 "$bin" trace --input "$input" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && grep -Eq "it is a (FIFO|character device), not an event file" "$tmp/err"; then
		ok "trace --input ${input##*/}: refused at once, saying what it is"
	else
		not_ok "trace --input ${input##*/}: refused at once, saying what it is (exit $rc)" "$(cat "$tmp/err")"
	fi
done

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

# --- nothing from the root is ever run ---------------------------------------
# A root whose grubby is a link to a script outside it: under --root the
# commands are shown, never run (not grubby, not a boot loader update).
outside=$tmp/outside-grubby
printf '#!/bin/sh\necho ran > "%s"\n' "$tmp/ran-outside" > "$outside"
chmod +x "$outside"
groot=$tmp/grubby-root
cp -a "$fixtures/boot-grubby" "$groot"
rm -f "$groot/usr/sbin/grubby"
ln -s "$outside" "$groot/usr/sbin/grubby"
"$groot/usr/sbin/grubby" && [ -e "$tmp/ran-outside" ] && ok "control: the root's grubby link runs the outside script" ||
	not_ok "control: the root's grubby link runs the outside script"
rm -f "$tmp/ran-outside"
for verb in "enable integrity" "disable"; do
	for upd in --no-update ""; do
		# shellcheck disable=SC2086
		timeout 20 "$bin" --root "$groot" $verb --boot --yes $upd </dev/null >"$tmp/out" 2>&1
		rc=$?
		if [ ! -e "$tmp/ran-outside" ] && [ $rc = 0 ] && grep -q '^Now run: /usr/sbin/grubby ' "$tmp/out"; then
			ok "$verb --boot --yes $upd --root: grubby is shown, never run"
		else
			not_ok "$verb --boot --yes $upd --root: grubby is shown, never run (exit $rc)" "$(cat "$tmp/out"; ls "$tmp/ran-outside" 2>&1)"
		fi
		rm -f "$tmp/ran-outside"
	done
done

# link_out NAME FIXTURE DIR PATTERN: a root (from FIXTURE) whose DIR is a link
# to a directory outside it; enable --boot must make nothing outside it,
# leave the root as it was, and fail in the dry run as in the real run (exit
# 1, the same words, matching PATTERN). The control: mkdir -p through the
# link does reach outside.
link_out() {
	local name=$1 fixture=$2 dir=$3 pattern=$4
	local out=$tmp/outside-$1 lroot=$tmp/link-$1-root dry real
	mkdir -p "$out/sub"
	cp -a "$fixtures/$fixture" "$lroot"
	rm -rf "${lroot:?}/$dir"
	ln -s "$out" "$lroot/$dir"
	mkdir -p "$lroot/$dir/sub/control" && [ -d "$out/sub/control" ] &&
		ok "control: mkdir -p through the root's $dir link makes a directory outside it" ||
		not_ok "control: mkdir -p through the root's $dir link makes a directory outside it"
	rmdir "$out/sub/control"
	cp -a "$lroot" "$tmp/link-$name-before"
	timeout 20 "$bin" --root "$lroot" enable integrity --boot --dry-run </dev/null >"$tmp/dry" 2>&1
	dry=$?
	timeout 20 "$bin" --root "$lroot" enable integrity --boot --yes --no-update </dev/null >"$tmp/real" 2>&1
	real=$?
	t "$dir linked out of the root: nothing is made outside it" test -z "$(ls -A "$out/sub")" -a \
		"$(ls -A "$out")" = sub
	t "$dir linked out of the root: the root is unchanged" diff -r "$tmp/link-$name-before" "$lroot"
	if [ $dry = 1 ] && [ $real = 1 ] && cmp -s "$tmp/dry" "$tmp/real" && grep -q "$pattern" "$tmp/real"; then
		ok "$dir linked out of the root: the dry run fails as the real run does (exit 1, the same message)"
	else
		not_ok "$dir linked out of the root: the dry run fails as the real run does (exit 1, the same message)" \
			"dry run: exit $dry: $(cat "$tmp/dry")
real run: exit $real: $(cat "$tmp/real")"
	fi
}
# etc, and no etc/kernel yet: the directory kernel-install's command line needs
link_out etc boot-kernel-install-new etc 'not a directory of the root'
# var: lockdownctl's state (the marker that says it made the GRUB drop-in)
link_out var boot-grub-debian var '/var/lib/lockdownctl/created/.*not a directory of the root'

# log names a refusing process's program from ROOT/proc/PID/exe: with
# proc/811 a link out of the root, the link's target there is never read
# (the root's own proc/811 holds the same comm, so only the exe can differ)
xroot=$tmp/exe-root
cp -a "$fixtures/log-kmsg" "$xroot"
fake=$tmp/host-proc-811
mkdir -p "$fake" "$xroot$fake"
printf 'dd\n' > "$fake/comm"
printf 'dd\n' > "$xroot$fake/comm"
ln -s /host/secret-program "$fake/exe"
rm -rf "$xroot/proc/811"
ln -s "$fake" "$xroot/proc/811"
[ "$(readlink "$xroot/proc/811/exe")" = /host/secret-program ] &&
	ok "control: the root's proc/811 link reaches a process directory outside it" ||
	not_ok "control: the root's proc/811 link reaches a process directory outside it"
timeout 20 "$bin" --root "$xroot" log --json </dev/null >"$tmp/out" 2>&1
t "log: a process's exe is never read through a link out of the root" \
	jq -e '[.reasons[].processes[] | select(.pid == 811) | .exe] == [null]' "$tmp/out"
ln -s /usr/bin/dd-in-root "$xroot$fake/exe"
timeout 20 "$bin" --root "$xroot" log --json </dev/null >"$tmp/out" 2>&1
t "log: ... while the same link's target inside the root is read" \
	jq -e '[.reasons[].processes[] | select(.pid == 811) | .exe] == ["/usr/bin/dd-in-root"]' "$tmp/out"

# --- bytes from the user and the machine never reach the terminal raw --------
# ESC, BEL, CR and C1 CSI (U+009B, and a lone 0x9b byte) in every value an
# error message echoes; the control: the value itself holds them.
evil=$(printf 'v\033]0;owned\007\r\302\233\233x')
raw=$(printf '[\033\007\r\233]')
printf '%s' "$evil" | grep -q "$raw" && ok "control: the hostile value holds ESC, BEL, CR and 0x9b" ||
	not_ok "control: the hostile value holds ESC, BEL, CR and 0x9b"
c1=$(printf 'k\302\233core')
proot=$tmp/policy-root
cp -a "$fixtures/deb61-none" "$proot"
printf 'refuse kcore\nrefuse %s\n' "$c1" > "$proot/evil.policy"
while IFS='|' read -r what want shown args; do
	# shellcheck disable=SC2086
	eval "set -- $args"
	"$bin" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = "$want" ] && ! grep -q "$raw" "$tmp/out" "$tmp/err" && grep -q -- "$shown" "$tmp/err"; then
		ok "$what: exit $want, the value shown escaped"
	else
		not_ok "$what: exit $want, the value shown escaped (exit $rc)" "$(cat -v "$tmp/err")"
	fi
done <<'CASES'
--root VALUE|1|v\\x1b\]0;owned\\x07\\x0d|--root "$evil" status
status --since VALUE|2|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" log --since "$evil"
log --until VALUE|2|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" log --until "$evil"
check --level VALUE|2|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" check --level "$evil"
enable VALUE|2|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" enable "$evil" --boot --dry-run
--json=VALUE|2|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" status --json="$evil"
trace --input VALUE|1|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" trace --input "$evil"
an unknown verb|2|v\\x1b\]0;owned\\x07\\x0d|"$evil"
an unknown option|2|v\\x1b\]0;owned\\x07\\x0d|status "--$evil"
enforce -e VALUE|1|'k\\xc2\\x9bcore' is not a reason name|--root "$fixtures/deb61-none" enforce start --dry-run -e "refuse $c1"
enforce --policy FILE with the value in a line|1|evil.policy:2: 'k\\xc2\\x9bcore' is not a reason name|--root "$proot" enforce start --dry-run --policy /evil.policy
log --file VALUE (no such file)|1|v\\x1b\]0;owned\\x07\\x0d|--root "$fixtures/deb61-none" log --file "$evil"
CASES
droot=$tmp/diff-root
cp -a "$fixtures/boot-grub-file" "$droot"
printf 'GRUB_TIMEOUT=5%s\n' "$evil" >> "$droot/etc/default/grub"
grep -q "$raw" "$droot/etc/default/grub" && ok "control: the GRUB file holds ESC, BEL, CR and 0x9b" ||
	not_ok "control: the GRUB file holds ESC, BEL, CR and 0x9b"
"$bin" --root "$droot" enable integrity --boot --dry-run >"$tmp/out" 2>&1
rc=$?
if [ $rc = 0 ] && ! grep -q "$raw" "$tmp/out" && grep -q '^ GRUB_TIMEOUT=5v\\x1b\]0;owned\\x07\\x0d\\xc2\\x9b\\x9bx$' "$tmp/out"; then
	ok "enable --boot --dry-run: the diff shows the file's control bytes escaped"
else
	not_ok "enable --boot --dry-run: the diff shows the file's control bytes escaped (exit $rc)" "$(cat -v "$tmp/out")"
fi

echo "1..$n"
