#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A fresh, minimal Debian 12 root (debootstrap --variant=minbase), to prove
# that the project's own scripts install everything its tests use: nothing a
# developer installed by hand is in there. Used by .ci/run; by hand too:
#   scripts/fresh-root.sh create DIR [PKGS] debootstrap bookworm into DIR (empty or absent),
#                                           with PKGS (comma-separated) and what they depend on
#   scripts/fresh-root.sh copy DIR SRC DST  copy the checkout SRC to DIR/DST (no .output*)
#   scripts/fresh-root.sh run DIR CMD...    run CMD inside (as root, HOME=/root, a clean environment),
#                                           with /proc, /sys (read-only), /dev, /dev/pts, /dev/shm
#                                           and /run mounted for it in a private mount namespace
#                                           (nothing propagates to the host; unmounted on exit)
#   scripts/fresh-root.sh umount DIR        end what still runs inside, unmount anything under DIR
#   scripts/fresh-root.sh remove DIR        umount, then delete DIR (never across a mount)
# The mirror is the host's: the first bookworm entry of its apt sources, read
# at run time; the host's sources are copied into the root as they are.
# Env: LOCKDOWNCTL_CI_CACHE  where downloaded .debs are kept between runs
#      (default /var/cache/lockdownctl-ci); the root itself is always new,
#      and every package in it is still installed by apt-get or debootstrap.
set -eu
cache=${LOCKDOWNCTL_CI_CACHE:-/var/cache/lockdownctl-ci}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
suite=bookworm

die() { echo "fresh-root: $*" >&2; exit 1; }

# The host's Debian mirror for $suite: deb822 .sources first, then one-line lists.
host_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk -v suite="$suite" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uris != "") {
					split(uris, u, " "); print u[1]; found = 1; exit
				}
				types = suites = uris = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^#/ { next }
			tolower($1) == "types:" { $1 = ""; types = $0 }
			tolower($1) == "uris:" { $1 = ""; uris = $0; sub(/^ +/, "", uris) }
			tolower($1) == "suites:" { $1 = ""; suites = $0 }
			END { if (!found) flush() }' "$f")
		[ -n "$uri" ] && { echo "$uri"; return; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		uri=$(sed -e 's/\[[^]]*\]//' "$f" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }')
		[ -n "$uri" ] && { echo "$uri"; return; }
	done
	return 1
}

mounted_under() { # DIR -> mount points at or below DIR, deepest first
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

create() {
	local root=$1 include=${2:-} mirror
	[ ! -e "$root" ] || [ -z "$(ls -A "$root")" ] || die "$root is not empty"
	command -v debootstrap >/dev/null || {
		echo "fresh-root: installing debootstrap on the host" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } ||
			die "cannot install debootstrap"
	}
	[ -r "$keyring" ] || die "$keyring is missing (debian-archive-keyring)"
	mirror=$(host_mirror) || die "no '$suite' entry in the host's apt sources"
	mkdir -p "$root" "$cache/debootstrap" "$cache/apt-archives/partial"
	chmod 755 "$root" # it becomes /: mktemp -d made it 0700, which no user but root could walk
	debootstrap --variant=minbase ${include:+--include="$include"} --keyring="$keyring" --cache-dir="$cache/debootstrap" \
		"$suite" "$root" "$mirror" > "$root.debootstrap.log" 2>&1 || {
		tail -n 20 "$root.debootstrap.log" >&2
		die "debootstrap failed (log: $root.debootstrap.log)"
	}
	rm -f "$root.debootstrap.log"
	# the host's apt sources, as they are (and the keyrings they name)
	rm -f "$root/etc/apt/sources.list"
	local f k
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		cp "$f" "$root$f"
		for k in $(sed -n 's/.*[Ss]igned-[Bb]y[:=] *\([^] ]*\).*/\1/p' "$f"); do
			[ -f "$k" ] && [ ! -e "$root$k" ] && { mkdir -p "$root$(dirname "$k")"; cp "$k" "$root$k"; }
		done
	done
	# name resolution as on the host
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	# a chroot has no init: packages must not start daemons in it (as in
	# Debian's container images); systemd is not PID 1 on a fresh machine's
	# chroot either, so systemctl is never what a test may rely on
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	echo "$mirror" > "$root.mirror"
}

copy() { # root src dst
	local root=$1 src=$2 dst=$3
	mkdir -p "$root$dst"
	(cd "$src" && tar cf - --exclude='./.output*' .) | tar xf - -C "$root$dst"
}

# In its own mount namespace (run): mount, run the command, always unmount.
inner_root=
inner() { # root cmd...
	local root=$1 rc=0
	shift
	inner_root=$root
	[ -d "$root/proc" ] || die "$root is not a root made by create"
	# never let a mount below reach the host's mount table (systemd makes / shared);
	# inside a chroot, / is not a mount point and the outer run made it private already
	if mountpoint -q /; then mount --make-rprivate /; fi
	trap 'do_umount "$inner_root"' EXIT
	trap 'exit 143' TERM INT HUP
	mount -t proc proc "$root/proc"
	# read-only: nothing in the tests writes to the host's sysfs
	mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
	# as a booted machine has it (read-only: the level cannot be written through it)
	mount -t securityfs -o ro,nosuid,nodev,noexec securityfs "$root/sys/kernel/security" 2>/dev/null || true
	mount --bind /dev "$root/dev"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$root/dev/pts"
	mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx"
	mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs "$root/dev/shm"
	mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs "$root/run"
	mkdir -p "$root/run/lock" && chmod 1777 "$root/run/lock" "$root/tmp"
	# downloaded .debs survive the root (apt still installs every one of them)
	mkdir -p "$cache/apt-archives/partial"
	mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
	# and the kernel packages the VM tier downloads (apt-get download, by exact version)
	mkdir -p "$cache/vm" "$root/root/.cache/lockdownctl-vm"
	mount --bind "$cache/vm" "$root/root/.cache/lockdownctl-vm"
	in_root "$root" "$@" || rc=$?
	return $rc
}

do_umount() {
	local root=$1 pid m left tries
	root=$(cd "$root" 2>/dev/null && pwd -P) || return 0
	# what still runs inside (a test's leftover, a hung guest): ours, ended by pid
	for tries in 1 2 3; do
		left=
		for pid in $(ls /proc | grep -E '^[0-9]+$'); do
			[ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && left="$left $pid"
		done
		[ -z "$left" ] && break
		# shellcheck disable=SC2086
		kill $([ "$tries" = 3 ] && echo -9) $left 2>/dev/null || true
		sleep 1
	done
	for m in $(mounted_under "$root"); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
	[ -z "$(mounted_under "$root")" ] || die "still mounted under $root: $(mounted_under "$root" | tr '\n' ' ')"
}

in_root() { # root cmd...
	local root=$1
	shift
	chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM="${TERM:-dumb}" LANG=C.UTF-8 \
		LOCKDOWNCTL_MOUNTNS_PRIVATE=1 \
		${CI:+CI=$CI} ${FUZZ_SECONDS:+FUZZ_SECONDS=$FUZZ_SECONDS} ${JOBS:+JOBS=$JOBS} \
		${LOCKDOWNCTL_VM_KERNELS:+LOCKDOWNCTL_VM_KERNELS="$LOCKDOWNCTL_VM_KERNELS"} \
		${LOCKDOWNCTL_VM_SCENARIOS:+LOCKDOWNCTL_VM_SCENARIOS="$LOCKDOWNCTL_VM_SCENARIOS"} \
		"$@"
}

run() { # root cmd...
	local root
	root=$(cd "$1" && pwd -P) || die "no root $1"
	shift
	# in a chroot (the VM tier's oracle under .ci/run) / is no mount point:
	# propagation is left to the outer run, which made its namespace private
	# and says so (LOCKDOWNCTL_MOUNTNS_PRIVATE=1); anywhere else, no mounts
	[ -r /proc/self/mountinfo ] || die "no /proc here: cannot tell where mounts would go"
	if mountpoint -q /; then
		unshare --mount --propagation private -- "$0" _inner "$root" "$@"
	elif [ "${LOCKDOWNCTL_MOUNTNS_PRIVATE:-}" = 1 ]; then
		unshare --mount --propagation unchanged -- "$0" _inner "$root" "$@"
	else
		die "/ is not a mount point and no private mount namespace is known around this run: its mounts could reach the host"
	fi
}

remove() {
	local root=$1
	[ -e "$root" ] || return 0
	do_umount "$root"
	rm -rf --one-file-system "$root"
	rm -f "$root.mirror"
}

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"
cmd=${1:-}
[ $# -ge 2 ] || die "usage: $0 create|copy|run|umount|remove DIR ..."
shift
case "$cmd" in
create) create "$1" "${2:-}" ;;
copy) [ $# = 3 ] || die "usage: $0 copy DIR SRC DST"; copy "$@" ;;
_inner) inner "$@" ;;
umount) do_umount "$1" ;;
run) run "$@" ;;
remove) remove "$1" ;;
*) die "unknown command $cmd" ;;
esac
