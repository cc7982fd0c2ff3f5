#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark the process scan of `lockdownctl check` on a busy host, against
# the named baseline lsof answering the same question (who holds /dev/mem,
# /dev/port, /proc/kcore open), measured in the same run. Goal: ratio at most
# 0.1 (ten times faster than lsof). Also prints check's peak RSS.
#
# PROCS processes (default 2000) each hold FDS descriptors (default 100);
# HOLDERS of them (default 10) also hold "/dev/mem". The host's /dev/mem is
# never opened: everything runs in a private mount namespace whose /dev holds
# a plain file named mem. Needs root (unshare -m) and lsof.
# Usage: bench/check.sh [LOCKDOWNCTL]
set -eu
bin=$(realpath "${1:-.output/lockdownctl}")
hog=$(realpath "$(dirname "$bin")/tests/fdhog")
PROCS=${PROCS:-2000} FDS=${FDS:-100} HOLDERS=${HOLDERS:-10} RUNS=${RUNS:-5}
[ -x "$hog" ] || { echo "build $hog first (make bench)" >&2; exit 1; }
command -v lsof >/dev/null || { echo "lsof is not installed (apt-get install lsof)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root for a private mount namespace" >&2; exit 1; }

if [ "${_IN_NS:-}" != 1 ]; then
	exec unshare -m --propagation private env _IN_NS=1 "$0" "$@"
fi

# a private /dev: a plain file named mem, and the real /dev/null
dev=$(mktemp -d)
mount -t tmpfs tmpfs "$dev"
touch "$dev/mem" "$dev/null"
mount --bind /dev/null "$dev/null"
mount --bind "$dev" /dev
pids=()
cleanup() {
	[ ${#pids[@]} = 0 ] || kill -KILL "${pids[@]}" 2>/dev/null || true
	umount -l /dev 2>/dev/null || true
	umount -l "$dev" 2>/dev/null || true
	rmdir "$dev" 2>/dev/null || true
}
trap cleanup EXIT
ulimit -n $((FDS + 64))

for ((i = 0; i < PROCS; i++)); do
	if ((i < HOLDERS)); then
		"$hog" "$FDS" /dev/null /dev/mem &
	else
		"$hog" "$FDS" /dev/null &
	fi
	pids+=($!)
done
disown -a # killed by pid in cleanup; no job notices
sleep 2
echo "population: $PROCS processes x $FDS fds, $HOLDERS holding /dev/mem"

now() { date +%s%N; }
# Runs alternate between the two so drift on the host hits both alike; the
# median of each is compared (lsof's time varies by a second from run to run).
check_times=() lsof_times=()
for ((r = 0; r < RUNS; r++)); do
	t0=$(now)
	found=$("$bin" check --json=short | jq '[.findings[] | select(.id | startswith("raw-memory.open:"))] | length')
	check_times+=($(($(now) - t0)))
	t0=$(now)
	lsof_found=$(lsof -n -w /dev/mem /dev/port /proc/kcore 2>/dev/null | awk 'NR > 1 { print $2 }' | sort -u | wc -l)
	lsof_times+=($(($(now) - t0)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
best_check=$(median "${check_times[@]}") best_lsof=$(median "${lsof_times[@]}")
rss=$(/usr/bin/time -f %M "$bin" check >/dev/null 2>/tmp/check-rss.$$ || true; tail -n1 /tmp/check-rss.$$)
rm -f /tmp/check-rss.$$
awk -v runs="$RUNS" -v c="$best_check" -v l="$best_lsof" -v f="$found" -v lf="$lsof_found" -v rss="$rss" 'BEGIN {
	printf "median of %d runs: lockdownctl check: %.0f ms (found %d holders); baseline lsof: %.0f ms (found %d); ratio %.3fx (goal <= 0.1x) %s\n",
		runs, c / 1e6, f, l / 1e6, lf, c / l, (c / l <= 0.1 ? "OK" : "OVER")
	printf "lockdownctl check peak RSS: %d KiB\n", rss
}'
