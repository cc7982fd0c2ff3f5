#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# enable --boot / disable --boot on copies of the boot-* fixtures. For each:
#   the --dry-run output (diff and commands) equals tests/boot/expected/CASE;
#   after enable: the command line the boot loader will build (GRUB's files
#   sourced by sh, /etc/kernel/cmdline, grubby's recorded arguments) is the
#   expected one; only the planned files changed, each with a whole backup;
#   a second enable changes nothing; disable restores every byte.
# UPDATE=1 rewrites the expected dry-run outputs. Prints TAP.
# Usage: tests/boot/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/restored.sh"
bin=$O/lockdownctl
[ -d "$O/fixtures/boot-vm" ] || "$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" >/dev/null ||
	{ echo "Bail out! fixtures"; exit 1; }
export LC_ALL=C TZ=UTC NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The command line the boot loader would build from the files under $1.
effective() { # root kind
	case $2 in
	grub) (cd "$1" && sh -c 'GRUB_CMDLINE_LINUX= GRUB_CMDLINE_LINUX_DEFAULT=
		. ./etc/default/grub
		for f in ./etc/default/grub.d/*.cfg; do [ -e "$f" ] && . "$f"; done
		echo "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT"' | tr -d '\r') ;;
	kernel-install) cat "$1/etc/kernel/cmdline" ;;
	grubby) sed -n 's/^Now run: //p' "$1.enable-out" | paste -sd';' ;; # under --root grubby is shown, never run
	esac
}

# Files that differ between two trees, backups left out.
changed() { diff -rq "$1" "$2" 2>&1 | grep -v 'lockdownctl-bak' | sed "s|$1|ROOT|; s|$2|ROOT|g"; }

# case fixture level kind effective-after-enable
cases=(
	"grub-debian|boot-grub-debian|integrity|grub| lockdown=integrity quiet"
	"grub-vars|boot-grub-vars|integrity|grub|console=ttyS0,115200 net.ifnames=0 foo=\"a b\" lockdown=integrity "
	"grub-dropins|boot-grub-dropins|confidentiality|grub|lsm=lockdown,capability,landlock,yama,bpf lockdown=confidentiality console=tty1 console=ttyS0"
	"grub-lsm-ok|boot-grub-lsm-ok|integrity|grub|lsm=lockdown,capability,yama,bpf lockdown=integrity quiet"
	"grub-file|boot-grub-file|integrity|grub|rhgb lockdown=integrity quiet"
	"kernel-install|boot-kernel-install|integrity|kernel-install|root=UUID=4c2a1b6e rw quiet lockdown=integrity lsm=lockdown,capability,yama,bpf"
	"kernel-install-new|boot-kernel-install-new|integrity|kernel-install|root=UUID=4c2a1b6e-7d4f-4a51-9d0c-2f7e3b1a9c55 ro console=tty0 console=ttyS0,115200 earlyprintk=ttyS0,115200 consoleblank=0 lockdown=integrity"
	"grubby|boot-grubby|integrity|grubby|/usr/sbin/grubby --update-kernel=ALL --remove-args=lockdown;/usr/sbin/grubby --update-kernel=ALL --args=lockdown=integrity"
)
for c in "${cases[@]}"; do
	IFS='|' read -r name fixture level kind want <<<"$c"
	want=$(printf '%s' "$c" | cut -d'|' -f5-)
	root=$tmp/$name
	cp -a "$O/fixtures/$fixture" "$root"
	cp -a "$O/fixtures/$fixture" "$tmp/$name.orig"
	# 1. the dry run: a diff and the commands, nothing written
	"$bin" --root "$root" enable "$level" --boot --dry-run > "$tmp/out" 2>&1
	echo "rc=$?" >> "$tmp/out"
	sed -i "s|$root|ROOT|g" "$tmp/out"
	[ "${UPDATE:-0}" = 1 ] && cp "$tmp/out" "$top/tests/boot/expected/$name"
	t "$name: --dry-run shows the diff and the commands" diff -u "$top/tests/boot/expected/$name" "$tmp/out"
	t "$name: --dry-run changed nothing" diff -r "$tmp/$name.orig" "$root"
	# 2. enable
	out=$("$bin" --root "$root" enable "$level" --boot --yes --no-update 2>&1)
	rc=$?
	printf '%s\n' "$out" > "$root.enable-out"
	if [ $rc = 0 ]; then ok "$name: enable --boot --yes exits 0"; else not_ok "$name: enable --boot --yes exits 0" "$out"; fi
	got=$(effective "$root" "$kind" 2>&1)
	if [ "$got" = "$want" ]; then ok "$name: the boot loader gets: $want"; else not_ok "$name: the boot loader gets: $want" "got: $got"; fi
	for f in $(changed "$tmp/$name.orig" "$root" | awk '/^Files/ { print $2 } /^Only in/ { sub(":", "", $3); print $3 "/" $4 }'); do
		f=${f#ROOT}
		if [ -e "$tmp/$name.orig$f" ]; then
			t "$name: $f has a whole backup" cmp "$tmp/$name.orig$f" "$root$f.lockdownctl-bak"
		fi
	done
	cp -a "$root" "$tmp/$name.after"
	# 3. idempotent
	"$bin" --root "$root" enable "$level" --boot --yes --no-update >/dev/null 2>&1
	if [ "$kind" != grubby ]; then
		t "$name: a second enable changes nothing" diff -r --exclude='*lockdownctl-bak' "$tmp/$name.after" "$root"
	fi
	# 4. disable restores every byte
	"$bin" --root "$root" disable --boot --yes --no-update > "$root.disable-out" 2>&1
	if [ "$kind" = grubby ]; then
		t "$name: disable says to run grubby to remove lockdown=" grep -qx 'Now run: /usr/sbin/grubby --update-kernel=ALL --remove-args=lockdown' "$root.disable-out"
		t "$name: under --root the root's grubby was never run" test ! -e "$root/grubby.log"
		t "control: the root's grubby stand-in does run when called" bash -c "'$root/usr/sbin/grubby' x && test -s '$root/grubby.log'"
	elif [ "$name" = kernel-install-new ]; then
		t "$name: disable leaves a command line without lockdown=" bash -c "! grep -q lockdown= '$root/etc/kernel/cmdline'"
	else
		t "$name: disable restores every byte" restored "$tmp/$name.orig" "$root"
	fi
done

# A backup path that is already a link (or anything but a file): the edit
# would go ahead with no backup, and disable could not undo it. Refused by the
# dry run as by the real run, with the same words; nothing written.
# dry_and_real ROOT ARGS...: the dry run, then the real run, of ARGS on ROOT (kept
# first as ROOT.orig); their outputs in $tmp/dry and $tmp/real, exits in drc, rrc
dry_and_real() {
	local root=$1
	shift
	cp -a "$root" "$root.orig"
	"$bin" --root "$root" "$@" --dry-run > "$tmp/dry" 2>&1
	drc=$?
	"$bin" --root "$root" "$@" --yes --no-update > "$tmp/real" 2>&1
	rrc=$?
}
root=$tmp/bak-link
cp -a "$O/fixtures/boot-grub-file" "$root"
ln -s /dev/null "$root/etc/default/grub.lockdownctl-bak"
dry_and_real "$root" enable integrity --boot
t "backup path a link: dry run and real run refuse alike (exit 1, same message)" \
	bash -c "[ $drc = 1 ] && [ $rrc = 1 ] && cmp -s '$tmp/dry' '$tmp/real' && grep -q 'grub.lockdownctl-bak is a symbolic link, not a backup' '$tmp/real'"
t "backup path a link: nothing written" diff -r "$root.orig" "$root"
rm -f "$root/etc/default/grub.lockdownctl-bak"
"$bin" --root "$root" enable integrity --boot --yes --no-update >/dev/null 2>&1
t "control: without the link the same enable works and keeps a backup" cmp "$root.orig/etc/default/grub" "$root/etc/default/grub.lockdownctl-bak"

# grubby follows the running command line; a quoted lsm= with a blank in it
# ('lsm="capability, bpf"', one word to the kernel) stays one whole argument
root=$tmp/grubby-quoted
cp -a "$O/fixtures/boot-grubby" "$root"
printf 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro lsm="capability, bpf" quiet\n' > "$root/proc/cmdline"
"$bin" --root "$root" enable integrity --boot --dry-run > "$tmp/out" 2>&1
t "grubby, quoted lsm= with a blank: one argument, quotes closed, bpf kept" \
	grep -qxF "Would run: /usr/sbin/grubby --update-kernel=ALL '--args=lsm=\"lockdown,capability, bpf\"'" "$tmp/out"
printf 'BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro lsm=capability,bpf quiet\n' > "$root/proc/cmdline"
"$bin" --root "$root" enable integrity --boot --dry-run > "$tmp/out" 2>&1
t "control: grubby, plain lsm=: lockdown put first" \
	grep -qxF "Would run: /usr/sbin/grubby --update-kernel=ALL --args=lsm=lockdown,capability,bpf" "$tmp/out"

# GRUB's files are shell: what lockdownctl reads but does not run, where it
# reaches the command line, is named and refused without --force (no claim).
root=$tmp/grub-if
cp -a "$O/fixtures/boot-grub-file" "$root"
printf 'if [ -e /etc/splash ]; then\n  GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX splash"\nfi\n' >> "$root/etc/default/grub"
dry_and_real "$root" enable integrity --boot
t "an assignment inside if: refused by the dry and the real run (exit 3), the construct named" \
	bash -c "[ $drc = 3 ] && [ $rrc = 3 ] && grep -q 'an assignment inside if' '$tmp/real' && ! grep -q 'next boot runs with' '$tmp/real'"
t "an assignment inside if: nothing written" diff -r "$root.orig" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update --force > "$tmp/real" 2>&1
t "an assignment inside if, --force: edited, and no claim about the next boot" \
	bash -c "[ $? = 0 ] && grep -q '^What the next boot gets cannot be told' '$tmp/real' && ! grep -q 'next boot runs with' '$tmp/real'"
# a drop-in sorting after ours that unsets the variable: followed exactly, so the claim is refused
root=$tmp/grub-unset
cp -a "$O/fixtures/boot-grub-debian" "$root"
printf 'unset GRUB_CMDLINE_LINUX\n' > "$root/etc/default/grub.d/zzz-late.cfg"
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/real" 2>&1
t "a later drop-in's unset GRUB_CMDLINE_LINUX: refused, nothing claimed (exit 1)" \
	bash -c "[ $? = 1 ] && grep -q 'a different lockdown level' '$tmp/real' && [ ! -e '$root/etc/default/grub.d/zz-lockdownctl.cfg' ]"
printf 'if true; then unset GRUB_CMDLINE_LINUX; fi\n' > "$root/etc/default/grub.d/zzz-late.cfg"
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/real" 2>&1
t "... the same unset inside if: named and refused (exit 3)" \
	bash -c "[ $? = 3 ] && grep -q 'an unset inside if' '$tmp/real'"
rm "$root/etc/default/grub.d/zzz-late.cfg"
mkfifo "$root/etc/default/grub.d/zzz-fifo.cfg"
timeout 20 "$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/real" 2>&1
t "a later drop-in that cannot be read (a FIFO) is named, not skipped (exit 3)" \
	bash -c "[ $? = 3 ] && grep -q '/etc/default/grub.d/zzz-fifo.cfg cannot be read' '$tmp/real'"
rm "$root/etc/default/grub.d/zzz-fifo.cfg"
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/real" 2>&1
t "control: Debian's own files (GRUB_DISTRIBUTOR=\`lsb_release ...\`) are followed exactly: enabled, the claim made" \
	bash -c "[ $? = 0 ] && grep -q 'next boot runs with lockdown=integrity' '$tmp/real'"
# a dry run that succeeds carries no error, for every boot fixture
bad=
for f in "$O"/fixtures/boot-*; do
	for v in "enable integrity" "disable"; do
		# shellcheck disable=SC2086
		"$bin" --root "$f" $v --boot --dry-run --json > "$tmp/out" 2>/dev/null
		rc=$?
		[ $rc = 0 ] && ! jq -e '.error == null' "$tmp/out" >/dev/null && bad="$bad ${f##*/}:$v"
	done
done
t "a --json dry run that exits 0 has error null (every boot fixture, enable and disable)${bad:+: not$bad}" test -z "$bad"

# kernel-install without /etc/kernel/cmdline: enable makes one from the running
# line; after a reboot with it, the running line carries lockdown=integrity,
# so disable must not remove the file (kernel-install would copy the running
# line back, lockdown= and all): it keeps it, lockdown= taken out.
root=$tmp/ki-reboot
cp -a "$O/fixtures/boot-kernel-install-new" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update >/dev/null 2>&1
printf 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-cloud-amd64 %s\n' "$(cat "$root/etc/kernel/cmdline")" > "$root/proc/cmdline"
"$bin" --root "$root" disable --boot --yes --no-update > "$tmp/out" 2>&1
t "kernel-install, disable after a reboot with lockdown=: the next boot's line has no lockdown= (the file kept, stripped)" \
	bash -c "[ -e '$root/etc/kernel/cmdline' ] && ! grep -q lockdown= '$root/etc/kernel/cmdline' && grep -q 'carries lockdown= from the boot lockdownctl set up' '$tmp/out'"
"$bin" --root "$root" disable --boot --yes --no-update > "$tmp/out" 2>&1
t "... disable again: nothing to undo" grep -q 'Nothing to undo' "$tmp/out"
root=$tmp/ki-noreboot
cp -a "$O/fixtures/boot-kernel-install-new" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/out" 2>&1
t "a file lockdownctl made is said to be its own, not to have a backup" \
	grep -qxF 'Wrote /etc/kernel/cmdline (lockdownctl made it; disable undoes it)' "$tmp/out"
"$bin" --root "$root" disable --boot --yes --no-update >/dev/null 2>&1
t "control: disable before any reboot removes the file it made, and the next boot's line has no lockdown=" \
	bash -c "[ ! -e '$root/etc/kernel/cmdline' ] && ! sed 's/BOOT_IMAGE=[^ ]* //' '$root/proc/cmdline' | grep -q lockdown="

# State where it belongs: after enable on a root with no /etc/kernel, the
# markers of what lockdownctl made are in /var/lib/lockdownctl, none in /etc.
root=$tmp/ki-state
cp -a "$O/fixtures/boot-kernel-install-new" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update >/dev/null 2>&1
t "state: the markers of a file and two directories lockdownctl made are in /var/lib/lockdownctl" \
	test -e "$root/var/lib/lockdownctl/created/etc-kernel-cmdline" -a \
	-e "$root/var/lib/lockdownctl/created-dirs/etc-kernel" -a -e "$root/var/lib/lockdownctl/created-dirs/etc"
t "state: nothing but configuration is written under /etc" \
	test "$(cd "$root" && find etc -newer "$O/fixtures/boot-kernel-install-new" ! -type d | sort)" = etc/kernel/cmdline
# Markers from versions before 0.1.0, beside the files: still read, and removed.
root=$tmp/ki-legacy
cp -a "$O/fixtures/boot-kernel-install-new" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update >/dev/null 2>&1
rm -rf "$root/var"
touch "$root/etc/kernel/cmdline.lockdownctl-created" "$root/etc/kernel/.lockdownctl-created-dir" \
	"$root/etc/.lockdownctl-created-dir"
"$bin" --root "$root" disable --boot --dry-run > "$tmp/out" 2>&1
t "legacy markers: the dry run names the one of the file" \
	grep -qxF 'Would also remove /etc/kernel/cmdline.lockdownctl-created (marker)' "$tmp/out"
"$bin" --root "$root" disable --boot --yes --no-update >/dev/null 2>&1
t "legacy markers: disable removes the file, its marker and the directories made for it" \
	restored "$O/fixtures/boot-kernel-install-new" "$root"
root=$tmp/ki-legacy-control
cp -a "$O/fixtures/boot-kernel-install-new" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update >/dev/null 2>&1
rm -rf "$root/var"
"$bin" --root "$root" disable --boot --yes --no-update >/dev/null 2>&1
t "control: without any marker the file is the admin's own and stays" test -e "$root/etc/kernel/cmdline"

# A unified kernel image: explained, exit 4, nothing written.
root=$tmp/uki
cp -a "$O/fixtures/boot-uki" "$root"
"$bin" --root "$root" enable integrity --boot --yes > "$tmp/out" 2>&1
t "uki: exits 4" test $? = 4
t "uki: explains that the command line is signed into the image" grep -q 'signed image' "$tmp/out"
t "uki: writes nothing" diff -r "$O/fixtures/boot-uki" "$root"
# Usage errors
"$bin" --root "$root" enable none --boot --yes >/dev/null 2>&1
t "enable none is a usage error" test $? = 2
"$bin" --root "$root" enable high --boot >/dev/null 2>&1
t "an invalid level is a usage error" test $? = 2
"$bin" --root "$root" disable --now >/dev/null 2>&1
t "disable --now is a usage error (cannot lower)" test $? = 2
"$bin" --root "$tmp/grub-debian" enable integrity --boot >/dev/null 2>&1 </dev/null
t "enable --boot without --yes and without a terminal is refused" test $? = 2
# A symlinked /etc/default/grub: the dry run refuses as the real run does, naming the link.
root=$tmp/symlink
cp -a "$O/fixtures/boot-grub-file" "$root"
mv "$root/etc/default/grub" "$root/etc/default/grub.real"
ln -s grub.real "$root/etc/default/grub"
"$bin" --root "$root" enable integrity --boot --dry-run > "$tmp/dry" 2>&1
drc=$?
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/real" 2>&1
t "symlinked grub: the dry run and the real run agree (exit $drc)" test "$drc" = $? -a "$drc" != 0
t "symlinked grub: the message says what the file is" grep -q '/etc/default/grub is a symbolic link to grub.real' "$tmp/dry"
t "symlinked grub: nothing written" test -L "$root/etc/default/grub" -a ! -e "$root/etc/default/grub.real.lockdownctl-bak"
# A hostile kernel release: the printed command is shell-quoted, no terminal escape
# reaches the output, and --json carries the same command.
root=$tmp/hostile
cp -a "$O/fixtures/boot-kernel-install" "$root"
printf '6.1$(touch /tmp/pwned)\033[2J;id\n' > "$root/proc/sys/kernel/osrelease"
"$bin" --root "$root" enable integrity --boot --dry-run > "$tmp/out" 2>&1
t "hostile release: exits 0" test $? = 0
t "hostile release: the command is quoted" grep -qF "Would run: kernel-install add \$'6.1\$(touch /tmp/pwned)\\x1b[2J;id'" "$tmp/out"
t "hostile release: no escape byte printed" bash -c "! grep -q $'\\033' '$tmp/out'"
"$bin" --json --root "$root" enable integrity --boot --dry-run > "$tmp/json" 2>/dev/null
sed -n 's/^Would run: //p' "$tmp/out" | jq -R . | jq -s . > "$tmp/text.json"
t "hostile release: --json carries the same command" \
	jq -e --slurpfile text "$tmp/text.json" '(.commands | length) > 0 and .commands == $text[0]' "$tmp/json"
# Lowering: a configuration at confidentiality is not lowered without --force, and --force lowers it.
root=$tmp/lower
cp -a "$O/fixtures/boot-grub-file" "$root"
"$bin" --root "$root" enable confidentiality --boot --yes --no-update >/dev/null 2>&1
cp -a "$root" "$tmp/lower.conf"
"$bin" --root "$root" enable integrity --boot --yes --no-update > "$tmp/out" 2>&1
t "lower: enable integrity over confidentiality is refused (exit 3)" test $? = 3
t "lower: the refusal names --force" grep -q -- '--force' "$tmp/out"
t "lower: nothing changed" diff -r "$tmp/lower.conf" "$root"
"$bin" --root "$root" enable integrity --boot --yes --no-update --force >/dev/null 2>&1
t "lower: --force lowers it" grep -q 'lockdown=integrity' "$root/etc/default/grub"
"$bin" --root "$root" disable --boot --yes --no-update >/dev/null 2>&1
t "lower: disable after raise and forced lower restores every byte" restored "$O/fixtures/boot-grub-file" "$root"
# Fault injection: every write, fsync and rename of an enable fails (ENOSPC,
# EIO) or the process is killed there; after each trial the file is byte for
# byte the old or the new version, and a backup, if any, is the old one. The
# plain build: an ASan binary cannot take an LD_PRELOAD before its runtime.
plain=$top/.output/lockdownctl shim=$top/.output/tests/faultinject.so
if [ -x "$plain" ] && [ -f "$shim" ]; then
	trials=0 bad=0
	for fc in boot-kernel-install:/etc/kernel/cmdline boot-grub-debian:/etc/default/grub.d/zz-lockdownctl.cfg \
		boot-grub-file:/etc/default/grub; do
		fixture=${fc%%:*} file=${fc#*:}
		ref=$tmp/ref-$fixture
		cp -a "$O/fixtures/$fixture" "$ref"
		"$plain" --root "$ref" enable integrity --boot --yes --no-update >/dev/null 2>&1
		for op in write fsync rename; do
			for how in ENOSPC EIO KILL; do
				for at in $(seq 1 20); do
					root=$tmp/fault
					rm -rf "$root" "$tmp/hit"
					cp -a "$O/fixtures/$fixture" "$root"
					(FAULT_OP=$op FAULT_AT=$at FAULT_ERRNO=$how FAULT_HIT=$tmp/hit LD_PRELOAD=$shim \
						"$plain" --root "$root" enable integrity --boot --yes --no-update; true) >/dev/null 2>&1
					[ -e "$tmp/hit" ] || break # fewer calls than that: every step was tried
					trials=$((trials + 1))
					old=$O/fixtures/$fixture$file new=$ref$file
					if [ -e "$old" ]; then
						{ cmp -s "$root$file" "$old" || cmp -s "$root$file" "$new"; } &&
							{ [ ! -e "$root$file.lockdownctl-bak" ] || cmp -s "$root$file.lockdownctl-bak" "$old"; }
					else
						[ ! -e "$root$file" ] || cmp -s "$root$file" "$new"
					fi || { bad=$((bad + 1)); echo "# $fixture: $op #$at $how: $file is neither old nor new"; }
					# an edit that failed (not killed) leaves no backup or marker claiming it was made
					if [ "$how" != KILL ] && { [ ! -e "$root$file" ] || { [ -e "$old" ] && cmp -s "$root$file" "$old"; }; } &&
						{ [ -e "$root$file.lockdownctl-bak" ] || [ -e "$(created_marker "$root" "$file")" ]; }; then
						bad=$((bad + 1)); echo "# $fixture: $op #$at $how: $file unchanged, but a backup or marker was left"
					fi
				done
			done
		done
	done
	t "fault injection: $trials trials (write, fsync, rename x ENOSPC, EIO, kill), every file old or new, backups whole, none left by a failed edit" test "$bad" = 0 -a "$trials" -gt 30
elif is_ci; then
	not_ok "fault injection: .output/lockdownctl and .output/tests/faultinject.so were not built (make check builds them)"
else
	n=$((n + 1)); echo "ok $n - fault injection # SKIP build .output/lockdownctl and .output/tests/faultinject.so first"
fi
echo "1..$n"
