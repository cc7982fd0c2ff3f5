#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# enable --boot / disable --boot on real boot configurations (tests/corpus/boot/*/,
# each kept verbatim; SOURCES says where each came from and which context it runs in).
# A sample is copied over its context (tests/corpus/boot/context/CTX: the minimal
# /proc, /sys, /boot and boot-loader stand-ins the tool plans from, written here),
# then run through one sequence:
#   1 enable integrity        (refused when the files already ask for confidentiality)
#   2 enable integrity again  (changes nothing)
#   3 enable confidentiality  (raise)
#   4 enable integrity        (lower: refused without --force, changes nothing)
#   5 disable                 (every byte back, nothing of ours left)
#   6 disable again           (changes nothing)
# Before each step the --dry-run output is kept; all of them together must equal
# tests/corpus/boot/expected/NAME (UPDATE=1 rewrites them). After each step: the
# command line the boot loader would build (GRUB's files sourced by sh, as
# grub-mkconfig does; /etc/kernel/cmdline as kernel-install reads it) has the
# level asked for and the lockdown LSM in it (or the kernel starts it early);
# only the files the dry run named changed; every backup holds the original bytes;
# a dry run predicted the real run (both refuse or both change the same files).
# Prints TAP. Usage: tests/corpus/boot/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../../.." && pwd)
here=$top/tests/corpus/boot
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/restored.sh"
bin=$O/lockdownctl
export LC_ALL=C TZ=UTC NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
only=${ONLY:-}

# How the boot loader of a context builds its command line.
mode_of() {
	case $1 in
	*-sdboot) echo kernel-install ;;
	debian | ubuntu | proxmox) echo grub-dropin ;;
	*) echo grub ;;
	esac
}

# The command line the boot loader would build from the files under $1.
effective() { # root mode
	case $2 in
	grub | grub-dropin)
		(cd "$1" && env -i PATH=/usr/bin:/bin DROPIN="$2" sh -c 'GRUB_CMDLINE_LINUX= GRUB_CMDLINE_LINUX_DEFAULT=
			[ -e ./etc/default/grub ] && . ./etc/default/grub
			if [ "$DROPIN" = grub-dropin ]; then
				for f in ./etc/default/grub.d/*.cfg; do [ -e "$f" ] && . "$f"; done
			fi
			echo "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT"' 2>/dev/null | tr -d '\r') ;;
	kernel-install)
		if [ -e "$1/etc/kernel/cmdline" ]; then
			tr -s ' \t\n' '   ' < "$1/etc/kernel/cmdline"
		else
			tr ' ' '\n' < "$1/proc/cmdline" | grep -v '^BOOT_IMAGE=\|^initrd=' | paste -sd' '
		fi ;;
	esac
}

# What that line gives: "LEVEL active|inactive" (the kernel's ratchet: the highest lockdown=;
# the lockdown LSM runs when started early, else when the last lsm= (or CONFIG_LSM) names it).
verdict() { # line root
	local level=none lsm= w early=n cfg
	for w in $1; do
		w=${w//\"/}
		case $w in
		lockdown=integrity) [ $level = none ] && level=integrity ;;
		lockdown=confidentiality) level=confidentiality ;;
		lsm=*) lsm=${w#lsm=} ;;
		esac
	done
	cfg=$(ls "$2"/boot/config-* 2>/dev/null | head -1)
	grep -q '^CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y' "$cfg" && early=y
	[ -z "$lsm" ] && lsm=$(sed -n 's/^CONFIG_LSM="\(.*\)"/\1/p' "$cfg")
	if [ $early = y ] || [[ ",$lsm," == *,lockdown,* ]]; then echo "$level active"; else echo "$level inactive"; fi
}

# Every path a dry run says the real run touches: its diff headers, and its
# "Would also create|remove PATH (role)" lines (backups, markers, directories).
planned() {
	{ sed -n 's|^+++ b\(/.*\)|\1|p; s|^--- a\(/.*\)|\1|p' "$1"
	  sed -n 's#^Would also \(create\|remove\) \(/.*\) (.*)$#\2#p' "$1"; } | sort -u
}
# ... and what it says each of them ends as: "PATH present" or "PATH absent"
promised() {
	sed -n 's|^Would also create \(/.*\) (.*)$|\1 present|p; s|^Would also remove \(/.*\) (.*)$|\1 absent|p; s|^+++ b\(/.*\)|\1 present|p' "$1"
	sed -n '/^--- a\//{N; s|^--- a\(/[^\n]*\)\n+++ /dev/null$|\1 absent|p}' "$1"
}

# Files that differ between two trees, as absolute paths inside the root.
differ() { diff -rq "$1" "$2" 2>&1 | sed -n "s|^Files $1\(/[^ ]*\) and .*|\1|p; s|^Only in $1\(.*\): \(.*\)|\1/\2|p; s|^Only in $2\(.*\): \(.*\)|\1/\2|p" | sed 's|^//|/|' | sort -u; }


step() { # name root orig mode n what cmd...
	local name=$1 root=$2 orig=$3 mode=$4 st=$5 what=$6 want_rc=$7 want_level=$8
	shift 8
	local before=$tmp/before dry=$tmp/dry out rc got v unexpected
	rm -rf "$before"
	cp -a "$root" "$before"
	"$bin" --root "$root" "$@" --dry-run > "$dry" 2>&1
	local drc=$?
	{ echo "## $st $what: $* --dry-run"; sed "s|$root|ROOT|g" "$dry"; echo "rc=$drc"; } >> "$tmp/$name.expected"
	out=$("$bin" --root "$root" "$@" --yes --no-update 2>&1)
	rc=$?
	if [ "$want_rc" = 0 ]; then
		if [ "$rc" = 0 ]; then ok "$name: $st $what exits 0"; else not_ok "$name: $st $what exits 0" "exit $rc: $out"; fi
	else
		if [ "$rc" = "$want_rc" ]; then ok "$name: $st $what is refused (exit $want_rc)"
		else not_ok "$name: $st $what is refused (exit $want_rc)" "exit $rc: $out"; fi
	fi
	t "$name: $st $what: the dry run predicted it (exit $drc vs $rc)" test "$drc" = "$rc"
	got=$(effective "$root" "$mode")
	v=$(verdict "$got" "$root")
	# a refusal keeps what was there; a full verdict ("none inactive") is asked as it is
	if [ "$want_rc" != 0 ]; then
		want_level=$(verdict "$(effective "$before" "$mode")" "$before")
	fi
	case $want_level in *' '*) ;; *) want_level="$want_level active" ;; esac
	if [ "$v" = "$want_level" ]; then ok "$name: $st $what: the next boot gets: $want_level"
	else not_ok "$name: $st $what: the next boot gets: $want_level" "got: $v from: $got"; fi
	# the plan is the whole truth: no allow-list, every path it names and nothing else
	planned "$dry" > "$tmp/planned"
	differ "$before" "$root" > "$tmp/changed"
	unexpected=$(comm -23 "$tmp/changed" "$tmp/planned")
	if [ -z "$unexpected" ]; then ok "$name: $st $what: only the paths the dry run named changed"
	else not_ok "$name: $st $what: only the paths the dry run named changed" "also: $unexpected"; fi
	broken=
	if [ "$rc" = 0 ]; then
		while read -r f state; do
			if [ "$state" = present ]; then [ -e "$root$f" ] || [ -L "$root$f" ] || broken="$broken $f(missing)"
			else { [ -e "$root$f" ] || [ -L "$root$f" ]; } && broken="$broken $f(still there)"; fi
		done < <(promised "$dry")
	fi
	t "$name: $st $what: the dry run predicted it (every path it named ends as it said)${broken:+:$broken}" test -z "$broken"
	if [ "$rc" != 0 ] || [ "$want_rc" != 0 ]; then
		t "$name: $st $what: a refusal changes nothing" diff -r "$before" "$root"
	fi
	while read -r f; do
		[ -e "$orig$f" ] && [ -e "$root$f.lockdownctl-bak" ] &&
			t "$name: $st $what: $f.lockdownctl-bak is the original" cmp "$orig$f" "$root$f.lockdownctl-bak"
	done < <(find "$root" -name '*.lockdownctl-bak' | sed "s|^$root||; s|\.lockdownctl-bak$||")
	last_out=$out
}

# Samples whose files run shell lockdownctl reads but does not run, where it
# reaches the command line (SteamOS: `source` of a helper whose variable is in
# the value): every raise is refused without --force, naming what, and the
# sequence then raises with --force (the lowering stays refused, --force or not,
# as it is checked first, and disable needs no claim).
declare -A unmodelled=([steamos-holoiso]="source, eval or read")
total=0
declare -A seen
while IFS='|' read -r name ctx _; do
	name=$(echo $name) ctx=$(echo $ctx)
	case $name in '#'* | '') continue ;; esac
	[ -n "$only" ] && [ "$name" != "$only" ] && continue
	[ -d "$here/$name" ] || { not_ok "$name: sample directory exists"; continue; }
	[ -n "${seen[$name]:-}" ] && continue
	seen[$name]=1
	total=$((total + 1))
	mode=$(mode_of "$ctx")
	root=$tmp/$name orig=$tmp/$name.orig
	mkdir -p "$root"
	cp -a "$here/context/$ctx/." "$root/"
	cp -a "$here/$name/." "$root/"
	cp -a "$root" "$orig"
	: > "$tmp/$name.expected"
	v0=$(verdict "$(effective "$orig" "$mode")" "$orig")
	lvl0=${v0%% *}
	force=()
	if [ -n "${unmodelled[$name]:-}" ]; then
		"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/out" 2>&1
		rc=$?
		t "$name: 0 enable integrity without --force: refused (exit 3), naming ${unmodelled[$name]}" \
			bash -c "[ $rc = 3 ] && grep -qF '${unmodelled[$name]}' '$tmp/out'"
		t "$name: 0 ... and nothing written" diff -r "$orig" "$root"
		force=(--force)
	fi
	# 1: integrity; a configuration already at confidentiality is not lowered
	if [ "$lvl0" = confidentiality ]; then
		step "$name" "$root" "$orig" "$mode" 1 "enable integrity (lower)" 3 confidentiality enable integrity --boot
	else
		step "$name" "$root" "$orig" "$mode" 1 "enable integrity" 0 integrity enable integrity --boot "${force[@]}"
		cp -a "$root" "$tmp/after1"
		step "$name" "$root" "$orig" "$mode" 2 "enable integrity again" 0 integrity enable integrity --boot "${force[@]}"
		t "$name: 2 enable integrity again changes nothing" diff -r "$tmp/after1" "$root"
		rm -rf "$tmp/after1"
	fi
	step "$name" "$root" "$orig" "$mode" 3 "enable confidentiality" 0 confidentiality enable confidentiality --boot "${force[@]}"
	step "$name" "$root" "$orig" "$mode" 4 "enable integrity (lower)" 3 confidentiality enable integrity --boot
	case $last_out in
	*--force*) ok "$name: 4 the refusal names --force" ;;
	*) not_ok "$name: 4 the refusal names --force" "$last_out" ;;
	esac
	step "$name" "$root" "$orig" "$mode" 5 "disable" 0 "$v0" disable --boot
	t "$name: 5 disable restores every byte (and leaves nothing of ours)" restored "$orig" "$root"
	step "$name" "$root" "$orig" "$mode" 6 "disable again" 0 "$v0" disable --boot
	t "$name: 6 disable again leaves every byte" restored "$orig" "$root"
	[ "${UPDATE:-0}" = 1 ] && mkdir -p "$here/expected" && cp "$tmp/$name.expected" "$here/expected/$name"
	t "$name: the dry runs print tests/corpus/boot/expected/$name" diff -u "$here/expected/$name" "$tmp/$name.expected"
	rm -rf "$root" "$orig"
done < "$here/SOURCES"
t "corpus: $total samples" test "$total" -ge 30 -o -n "$only"
echo "1..$n"
