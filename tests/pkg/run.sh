#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The ecosystem: make install / uninstall into a DESTDIR, and the Debian
# package (dpkg-buildpackage -us -uc -b on a copy of the tree), unpacked
# into a scratch root with dpkg -x; the installed binary must run. Also
# metrics into a textfile directory, checked by promtool (from Debian's
# prometheus package, downloaded, never installed). Prints TAP.
# Usage: tests/pkg/run.sh OUTPUT_DIR
# Under CI=true a missing tool is a failure, not a skip: scripts/install-deps.sh
# test installs every one, and a skip would hide a missing install step.
set -u
O=$(cd "${1:-.output}" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fixture=$O/fixtures/deb61-integrity
[ -d "$fixture" ] || "$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" >/dev/null

# make install / uninstall
d=$tmp/destdir
t "make install DESTDIR PREFIX=/usr" make -s -C "$top" O="$O" install DESTDIR="$d" PREFIX=/usr
for f in usr/sbin/lockdownctl usr/share/man/man8/lockdownctl.8 usr/share/bash-completion/completions/lockdownctl \
	usr/lib/systemd/system/lockdownctl-enforce.service usr/lib/systemd/system/lockdownctl-metrics.timer \
	usr/share/doc/lockdownctl/policy.conf.example; do
	t "installed /$f" test -e "$d/$f"
done
t "the installed binary runs" "$d/usr/sbin/lockdownctl" --root "$fixture" status
# the version is said once (debian/changelog): the binary and the installed page carry it
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog")
t "the binary and the man page say debian/changelog's version ($version)" bash -c \
	"[ \"\$('$d/usr/sbin/lockdownctl' --version)\" = 'lockdownctl $version' ] &&
	 grep -q '^\\.TH LOCKDOWNCTL 8 .* \"lockdownctl $version\"' '$d/usr/share/man/man8/lockdownctl.8'"
t "SBINDIR and MANDIR are honoured" make -s -C "$top" O="$O" install DESTDIR="$tmp/d2" PREFIX=/opt/x SBINDIR=/opt/x/bin MANDIR=/opt/x/man
t "... binary in SBINDIR, page in MANDIR" test -x "$tmp/d2/opt/x/bin/lockdownctl" -a -e "$tmp/d2/opt/x/man/man8/lockdownctl.8"
t "make uninstall removes every file" bash -c "make -s -C '$top' O='$O' uninstall DESTDIR='$d' PREFIX=/usr && [ -z \"\$(find '$d' -type f)\" ]"
# bash completion: verbs, and this kernel's reasons through the installed binary
t "bash completion offers the verbs" bash -c "source '$top/completions/lockdownctl' 2>/dev/null; \
	_init_completion() { cur=\${COMP_WORDS[COMP_CWORD]}; prev=\${COMP_WORDS[COMP_CWORD-1]}; words=(\"\${COMP_WORDS[@]}\"); cword=\$COMP_CWORD; }; \
	COMP_WORDS=(lockdownctl en); COMP_CWORD=1; _lockdownctl; [ \"\${COMPREPLY[*]}\" = 'enforce enable' ]"

# metrics into a textfile directory, checked with promtool
mkdir -p "$tmp/textfile"
t "metrics --textfile-dir writes lockdownctl.prom" "$O/lockdownctl" --root "$O/fixtures/log-kmsg" metrics --textfile-dir "$tmp/textfile"
t "... and nothing else (no temporary file left)" test "$(ls -A "$tmp/textfile")" = lockdownctl.prom
promtool=${XDG_CACHE_HOME:-$HOME/.cache}/lockdownctl-vm/prometheus/root/usr/bin/promtool
if [ ! -x "$promtool" ]; then
	mkdir -p "${promtool%/root/usr/bin/promtool}"
	(cd "${promtool%/root/usr/bin/promtool}" && apt-get download prometheus >/dev/null 2>&1 &&
		dpkg-deb -x prometheus_*.deb root) || true
fi
if [ -x "$promtool" ]; then
	t "promtool check metrics accepts it" bash -c "'$promtool' check metrics < '$tmp/textfile/lockdownctl.prom'"
elif is_ci; then
	not_ok "promtool check metrics: could not download Debian's prometheus package (apt-get download prometheus)"
else
	n=$((n + 1)); echo "ok $n - promtool check metrics # SKIP could not download Debian's prometheus package"
fi

# the Debian package, built from a copy of the tree
builddeps=$( { command -v dpkg-buildpackage >/dev/null || echo "dpkg-buildpackage is not installed (dpkg-dev)"; } ;
	cd "$top" && dpkg-checkbuilddeps debian/control 2>&1)
if [ -n "$builddeps" ] && is_ci; then
	not_ok "Debian package: dpkg-buildpackage and debian/control's build dependencies are installed" "$builddeps"
elif [ -z "$builddeps" ]; then
	mkdir -p "$tmp/src" && (cd "$top" && tar cf - --exclude='./.output*' --exclude=./.git . | tar xf - -C "$tmp/src")
	t "dpkg-buildpackage -us -uc -b" bash -c "cd '$tmp/src' && dpkg-buildpackage -us -uc -b"
	deb=$(ls "$tmp"/lockdownctl_*_amd64.deb 2>/dev/null | head -n1)
	t "it made a .deb" test -n "$deb"
	if [ -n "$deb" ]; then
		dpkg -x "$deb" "$tmp/pkgroot"
		t "the packaged binary: --version" "$tmp/pkgroot/usr/sbin/lockdownctl" --version
		t "the packaged binary: status --root FIXTURE" "$tmp/pkgroot/usr/sbin/lockdownctl" --root "$fixture" status
		t "the package carries the man page, completion, units and example policy" bash -c "dpkg -c '$deb' | grep -q lockdownctl.8 && dpkg -c '$deb' | grep -q completions/lockdownctl && dpkg -c '$deb' | grep -q lockdownctl-enforce.service && dpkg -c '$deb' | grep -q policy.conf.example"
	fi
else
	n=$((n + 1)); echo "ok $n - Debian package # SKIP dpkg-buildpackage or the build dependencies are missing: $(echo "$builddeps" | head -n1)"
fi
echo "1..$n"
