#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# log on real kernel logs: every sample in tests/corpus/log/*.log (verbatim
# lines from public bug reports, forums and distribution docs; see SOURCES)
# is read with `log --file` and `log --json --file`, compared with
# expected/NAME.txt and expected/NAME.json (UPDATE=1 rewrites them), and
# every line of a sample that is a lockdown line must be accounted for:
# found (a refusal, a raise, a module rejection or signature failure, a
# rate-limit note) or named in a warning, never "0 found" in silence.
# Prints TAP.  Usage: tests/corpus/log/run.sh OUTPUT_DIR
set -u
O=$(cd "${1:-.output}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
. "$top/tests/lib/tap.sh"
bin=$O/lockdownctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC COLUMNS=80 NO_COLOR=1
# a lockdown line, as the samples' authors would grep for one
lockdown_re='Lockdown: |Kernel is locked down from|Lifting lockdown|lockdown_is_locked_down|module verification failed|Loading of .* is rejected|Request for unknown module key|Module is not signed with expected PKCS#7'
# a fixed fake root: levels and names must not depend on the machine running the tests
"$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" >/dev/null 2>&1 ||
	{ echo "Bail out! fixtures"; exit 1; }
root=$O/fixtures/deb61-none

total_lines=0 total_found=0
cd "$here"
for f in *.log; do
	name=${f%.log}
	# run from this directory so the source name in the output is the file's own
	"$bin" --root "$root" log --file "$f" > "$tmp/$name.txt" 2> "$tmp/$name.err"
	echo "rc $?" >> "$tmp/$name.txt"
	sed 's/^/stderr: /' "$tmp/$name.err" >> "$tmp/$name.txt"
	"$bin" --root "$root" log --json --file "$f" > "$tmp/$name.json" 2>/dev/null
	if [ "${UPDATE:-0}" = 1 ]; then
		mkdir -p expected
		cp "$tmp/$name.txt" "expected/$name.txt"
		jq -S . "$tmp/$name.json" > "expected/$name.json"
	fi
	if diff -u "expected/$name.txt" "$tmp/$name.txt" > "$tmp/diff" 2>&1; then
		ok "$name: text report as expected"
	else
		not_ok "$name: text report differs" "$(head -n 30 "$tmp/diff")"
	fi
	if jq -S . "$tmp/$name.json" > "$tmp/$name.sorted" 2>/dev/null &&
		diff -u "expected/$name.json" "$tmp/$name.sorted" > "$tmp/diff" 2>&1; then
		ok "$name: JSON report as expected"
	else
		not_ok "$name: JSON report differs or is not JSON" "$(head -n 30 "$tmp/diff")"
	fi
	want=$(grep -cE "$lockdown_re" "$f")
	found=$(jq '[.reasons[].logged] + [(.raises | length), .modules_rejected,
		.modules_unsigned_loaded, .module_signatures_failed, .unparsed_lockdown_lines] | add' \
		"$tmp/$name.json" 2>/dev/null)
	total_lines=$((total_lines + want))
	total_found=$((total_found + ${found:-0}))
	if [ "${found:-x}" = "$want" ]; then
		ok "$name: all $want lockdown line(s) accounted for"
	else
		not_ok "$name: $want lockdown line(s), ${found:-no JSON} accounted for"
	fi
	unknown=$(jq '[.reasons[] | select(.enumerator == null)] | length' "$tmp/$name.json" 2>/dev/null)
	if [ "${unknown:-x}" = 0 ]; then
		ok "$name: every reason is one a kernel printed (none left unknown)"
	else
		not_ok "$name: ${unknown:-?} reason(s) not recognised" "$(jq -c '[.reasons[] | select(.enumerator == null) | .text]' "$tmp/$name.json")"
	fi
done
# Hostile input around the samples: what is not a regular file is an error naming
# it, and never blocks; a file name with terminal escapes is shown escaped.
mkfifo "$tmp/a fifo"
timeout 20 "$bin" --root "$root" log --file "$tmp/a fifo" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "'$tmp/a fifo': it is a FIFO" "$tmp/err" && ! grep -q "No lockdown refusals" "$tmp/out"; then
	ok "log --file FIFO: an error naming the file, without blocking"
else
	not_ok "log --file FIFO: an error naming the file, without blocking (exit $rc)" "$(cat "$tmp/out" "$tmp/err")"
fi
timeout 20 "$bin" --root "$root" log --json --file "$tmp" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "'$tmp': it is a directory" "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "log --json --file DIRECTORY: an error naming it, no report"
else
	not_ok "log --json --file DIRECTORY: an error naming it, no report (exit $rc)" "$(cat "$tmp/out" "$tmp/err")"
fi
if [ -c /dev/kmsg ]; then
	timeout 20 "$bin" --root "$root" log --file /dev/kmsg > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" != 124 ] && ! grep -q "not a log file" "$tmp/err"; then
		ok "log --file /dev/kmsg reads the device and returns (exit $rc)"
	else
		not_ok "log --file /dev/kmsg reads the device and returns (exit $rc)" "$(cat "$tmp/err")"
	fi
elif is_ci; then
	not_ok "log --file /dev/kmsg: this machine has no /dev/kmsg character device to read"
else
	n=$((n + 1)); echo "ok $n - log --file /dev/kmsg reads the device and returns # SKIP no /dev/kmsg character device here"
fi
evil=$(printf 'evil\033]0;owned\007\033[2J.log')
cp fwup-220-debian12-dmesg.log "$tmp/$evil"
(cd "$tmp" && "$bin" --root "$root" log --file "$evil") > "$tmp/out" 2>&1
if ! grep -q "$(printf '\033')" "$tmp/out" && grep -q 'Source: evil\\x1b\]0;owned\\x07\\x1b\[2J.log' "$tmp/out"; then
	ok "a file name with terminal escapes is shown escaped"
else
	not_ok "a file name with terminal escapes is shown escaped" "$(cat -v "$tmp/out" | head -n 3)"
fi
# a line that mentions lockdown but cannot be read is named with its line number,
# the same from a file (counted afterwards) and from a pipe (counted as it streams)
{ cat fwup-220-debian12-dmesg.log; echo '2026/11/28 12:00:00 Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7'; } > "$tmp/odd.log"
"$bin" --root "$root" log --file "$tmp/odd.log" > /dev/null 2> "$tmp/err.file"
cat "$tmp/odd.log" | "$bin" --root "$root" log --file - > /dev/null 2> "$tmp/err.pipe"
if grep -q "1 line mentions lockdown but could not be read (format not recognised; first at line 5)" "$tmp/err.file" &&
	grep -q "standard input: 1 line mentions lockdown .* first at line 5" "$tmp/err.pipe"; then
	ok "an unreadable lockdown line is warned about with its line number (file and pipe)"
else
	not_ok "an unreadable lockdown line is warned about with its line number (file and pipe)" "$(cat "$tmp/err.file" "$tmp/err.pipe")"
fi
# the count the issue quoted: every line found, and sources counted from SOURCES
samples=$(ls *.log | wc -l)
# --- input a reader of real logs must survive (each with its control) ----------
bytes() { printf '%s' "$1" | od -An -tu1 -v | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /, /g'; }
deny='Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7'
# a journal export whose MESSAGE is a byte array, spaced as pretty printers write it
printf '{"_TRANSPORT":"kernel","MESSAGE":[%s]}\n' "$(bytes "$deny")" > "$tmp/tight.json"
printf '{ "_TRANSPORT" : "kernel", "MESSAGE" : [ %s ] }\n' "$(bytes "$deny")" > "$tmp/spaced.json"
for v in tight spaced; do
	"$bin" --root "$root" log --json --file "$tmp/$v.json" > "$tmp/out" 2>/dev/null
	t "journal JSON, MESSAGE a byte array ($v): the refusal is counted" \
		jq -e '[.reasons[] | {name, logged}] == [{"name": "dev_mem", "logged": 1}]' "$tmp/out"
done
# a NUL inside the bytes: unreadable and counted, never a refusal with a cut reason
printf '{"_TRANSPORT":"kernel","MESSAGE":[%s, 0, 65]}\n' "$(bytes 'Lockdown: dd: ')" > "$tmp/nul.json"
"$bin" --root "$root" log --json --file "$tmp/nul.json" > "$tmp/out" 2>/dev/null
t "journal JSON, a NUL inside the MESSAGE bytes: counted as unreadable, no refusal" \
	jq -e '.reasons == [] and .unreadable_json_records == 1' "$tmp/out"
# distinct unknown reasons: the table stays bounded, what is folded is counted
for k in 1000 40000; do
	awk -v k=$k 'BEGIN { for (i = 0; i < k; i++) printf "[ %d.000000] Lockdown: p: thing %d is restricted; see man kernel_lockdown.7\n", i, i }' > "$tmp/unk.log"
	"$bin" --root "$root" log --json --file "$tmp/unk.log" > "$tmp/out" 2>/dev/null
	if [ $k = 1000 ]; then want='{"refusals": 936, "distinct": 936, "distinct_is_minimum": false}'
	else want='{"refusals": 39936, "distinct": 12288, "distinct_is_minimum": true}'; fi
	t "$k distinct unknown reasons: 64 listed, the rest folded and counted ($want)" \
		jq -e "([.reasons[] | select(.enumerator == null)] | length) == 64 and .unknown_reasons_folded == $want" "$tmp/out"
done
"$bin" --root "$root" log --file "$tmp/unk.log" > "$tmp/out" 2>/dev/null
t "... and the text report says so" grep -q '^39936 more refusals of more than 12288 other unknown reasons are folded together' "$tmp/out"
# a byte order mark before the first line
printf '\357\273\277[    1.000000] %s\n' "$deny" > "$tmp/bom.log"
printf '[    1.000000] %s\n' "$deny" > "$tmp/nobom.log"
for v in nobom bom; do
	"$bin" --root "$root" log --json --file "$tmp/$v.log" > "$tmp/out" 2>/dev/null
	t "a refusal on the first line ($v): counted" jq -e '[.reasons[] | {name, logged}] == [{"name": "dev_mem", "logged": 1}]' "$tmp/out"
done
# --since after --until can match nothing: a usage error, not "no refusals"
"$bin" --root "$root" log --file "$tmp/nobom.log" --since 2026-02-01 --until 2026-01-01 > "$tmp/out" 2>&1
t "--since later than --until: a usage error (exit 2)" test $? = 2
"$bin" --root "$root" log --file "$tmp/nobom.log" --since 2026-01-01 --until 2026-02-01 > "$tmp/out" 2>&1
t "control: --since before --until is accepted (exit 3: the refusal found)" test $? = 3
# a root's dev/kmsg copy larger than any cap (sparse: 600 MB of hole between two copies of the log)
kroot=$tmp/bigkmsg
cp -a "$O/fixtures/log-kmsg" "$kroot"
truncate -s +600M "$kroot/dev/kmsg"
printf '\n' >> "$kroot/dev/kmsg"
cat "$O/fixtures/log-kmsg/dev/kmsg" >> "$kroot/dev/kmsg"
"$bin" --root "$O/fixtures/log-kmsg" log --json > "$tmp/one.json" 2>/dev/null
"$bin" --root "$kroot" log --json > "$tmp/two.json" 2>"$tmp/err"
rc=$?
if [ $rc = 3 ] && jq -e --slurpfile one "$tmp/one.json" '[.reasons[].logged] == [$one[0].reasons[].logged | . * 2]' "$tmp/two.json" >/dev/null; then
	ok "a 600 MB dev/kmsg under --root is read whole (both copies of the log counted)"
else
	not_ok "a 600 MB dev/kmsg under --root is read whole (both copies of the log counted) (exit $rc)" "$(cat "$tmp/err")"
fi
cd "$here"

sources=$(grep -cE '^[^#].* \| ' SOURCES)
echo "# $samples sample files, $sources sources, $total_lines lockdown lines, $total_found accounted for"
[ "$samples" = "$sources" ] && ok "every sample file has its source in SOURCES" ||
	not_ok "every sample file has its source in SOURCES ($samples files, $sources entries)"
echo "1..$n"
