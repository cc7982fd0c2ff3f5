# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): what the enable and log scenarios assert.

# What `enable integrity --boot` writes into a copy of a fixture's
# /etc/kernel/cmdline: the VM then boots with exactly that.
boot_args_from_fixture() { # fixture
	local root=$work/bootfix-$1
	[ -d "$O/fixtures/$1" ] || "$top/tests/fixtures/build.sh" "$O/fixtures" "$O/tests/mkbtf" >/dev/null || return 1
	rm -rf "$root" && cp -a "$O/fixtures/$1" "$root" || return 1
	"$O/lockdownctl" --root "$root" enable integrity --boot --yes --no-update >/dev/null || return 1
	tr -d '\n' < "$root/etc/kernel/cmdline"
}

enable_scenario() { # tag log
	local tag=$1 log=$2 v
	v() { awk -v k="$2" '$1 == "@@ENABLE" && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }' "$1" | tr -d '\r'; }
	section "$log" STATUS > "$work/enable-status.json"
	check "$tag: --now without --yes and without a terminal is refused (2)" is "$(v "$log" no-yes)" 2
	check "$tag: enable none is a usage error (2)" is "$(v "$log" none)" 2
	check "$tag: --dry-run exits 0 and leaves the level alone" \
		bash -c "[ '$(v "$log" dry-run)' = 0 ] && [ '$(v "$log" level-after-dry-run)' = '[none] integrity confidentiality' ]"
	check "$tag: enable integrity --now --yes raises the kernel" is "$(v "$log" raise-integrity)" 0
	check "$tag: status agrees: integrity, set through securityfs" \
		jq -e '.level == "integrity" and .provenance.source == "securityfs"' "$work/enable-status.json"
	check "$tag: enabling the same level again says so and exits 0" \
		bash -c "[ '$(v "$log" again)' = 0 ] && grep -q '^@@ENABLE again-out Lockdown is already at integrity' '$log'"
	check "$tag: confidentiality on top exits 0" is "$(v "$log" raise-confidentiality)" 0
	check "$tag: asking for a lower level changes nothing and exits 0" \
		bash -c "[ '$(v "$log" lower)' = 0 ] && grep -q '^@@ENABLE lower-out Lockdown is already at confidentiality' '$log'"
	check "$tag: the kernel ends at confidentiality" is "$(v "$log" final)" "none integrity [confidentiality]"
}

# log reads back what the kernel refused: 30 + 1 /dev/mem opens, 20 of
# them hidden by the rate limiter, none of the forged lines.
log_scenario() { # tag log json
	local tag=$1 log=$2 json=$3
	section "$log" LOG-JSON > "$json"
	check "$tag: the burst was refused 30 times" grep -q '^@@LOG @@READER ok=0 refused=30 ' "$log"
	check "$tag: the kernel rate-limited it (callbacks suppressed)" grep -q '^@@DMESG.*lockdown_is_locked_down: 20 callbacks suppressed' "$log"
	check "$tag: log exits 3 (refusals found) and its JSON parses" \
		bash -c "grep -q '^@@LOG-JSON-END rc=3' '$log' && jq -e . '$json' >/dev/null"
	check "$tag: dev_mem: 11 logged + 20 suppressed = 31, the refusals made" \
		jq -e '.reasons[] | select(.name == "dev_mem") | .logged == 11 and .suppressed == 20 and .count == 31' "$json"
	check "$tag: the burst's process, and the one named 'ab: cd', each attributed" \
		jq -e '[.reasons[] | select(.name == "dev_mem") | .processes[] | "\(.comm)=\(.count)"] | sort == ["ab: cd=1", "vm-enforce=10"]' "$json"
	check "$tag: only dev_mem: no forged reason counted" jq -e '[.reasons[].name] == ["dev_mem"]' "$json"
	check "$tag: the three forged lines are reported as not from the kernel" jq -e '.ignored_not_from_kernel == 3' "$json"
	check "$tag: the raise is found, from securityfs" jq -e '.raises | length == 1 and .[0].source == "securityfs"' "$json"
	check "$tag: the text report explains dev_mem" grep -q '^dev_mem: "/dev/mem,kmem,port"' <(section "$log" LOG-TEXT)
}
