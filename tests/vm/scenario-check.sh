# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): what the check scenario and the level scenarios assert.

section() { sed -n "/^@@$2-BEGIN/,/^@@$2-END/p" "$1" | sed '1d;$d' | tr -d '\r'; }

reasons_match_btf() { # status.json btf.txt
	local want got
	want=$(grep -v -E '^LOCKDOWN_(NONE|INTEGRITY_MAX|CONFIDENTIALITY_MAX) ' "$2" | sort)
	got=$(jq -r '.reasons[] | "\(.enumerator) \(.value)"' "$1" | sort)
	[ "$want" = "$got" ] || { diff <(echo "$want") <(echo "$got"); return 1; }
}

levels_match_btf() { # every reason's level follows from the two sentinels
	local imax cmax
	imax=$(awk '$1 == "LOCKDOWN_INTEGRITY_MAX" { print $2 }' "$2")
	cmax=$(awk '$1 == "LOCKDOWN_CONFIDENTIALITY_MAX" { print $2 }' "$2")
	jq -e --argjson i "$imax" --argjson c "$cmax" '
		.reason_catalogue.integrity_max == $i and .reason_catalogue.confidentiality_max == $c and
		all(.reasons[]; (.value < $i and .level == "integrity") or
				(.value > $i and .value < $c and .level == "confidentiality"))' "$1"
}

probe_agrees() { # log status.json probe reason level-word
	local res forbidden
	res=$(awk -v p="$3" '$1 == "@@PROBE" && $2 == p { print $3 }' "$1" | tr -d '\r')
	forbidden=$(jq -r --arg r "$4" '.reasons[] | select(.name == $r) | .forbidden_now' "$2")
	if [ "$forbidden" = true ]; then
		# tracefs under boot-time confidentiality is never populated: the kernel
		# refused to create its files, which is the same verdict
		[ "$res" = EPERM ] || { [ "$4" = tracefs ] && [ "$res" = ENOENT ] && [ "$5" = confidentiality ]; }
	else
		[ "$res" = ok ]
	fi || { echo "$3: kernel says ${res:-nothing}, status says forbidden=$forbidden"; return 1; }
}

# "Lockdown: vm-probe: TEXT is restricted; ..." must use our description of the reason
kernel_words_agree() { # log status.json reason
	local desc
	desc=$(jq -r --arg r "$3" '.reasons[] | select(.name == $r) | .description' "$2")
	grep -qF "@@KLOG Lockdown: vm-probe: $desc is restricted; see man kernel_lockdown.7" "$1" || {
		echo "no kernel line for '$desc'; the kernel said:"
		grep '^@@KLOG' "$1"
		return 1
	}
}

# Without BTF, the built-in table chosen by version must give the same enum.
builtin_matches_btf() { # release package-version btf.txt
	local root=$work/nobtf-$1
	mkdir -p "$root/proc/sys/kernel"
	echo "$1" > "$root/proc/sys/kernel/osrelease"
	echo "Linux version $1 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian $2" > "$root/proc/version"
	"$O/lockdownctl" --root "$root" --json status --reasons > "$root.json" || return 1
	jq -e '.reason_catalogue.source == "builtin"' "$root.json" >/dev/null || return 1
	# the sentinels too
	jq -r '"LOCKDOWN_INTEGRITY_MAX \(.reason_catalogue.integrity_max)",
	       "LOCKDOWN_CONFIDENTIALITY_MAX \(.reason_catalogue.confidentiality_max)"' "$root.json" > "$root.extra"
	reasons_match_btf "$root.json" "$3" &&
		diff <(grep -E '_MAX ' "$3" | sort) <(sort "$root.extra")
}

# What check reported, and what the kernel then refused, level by level.
probe_result() { # log level name -> ok / EPERM / ...
	awk -v lvl="$2" -v p="$3" '/^@@RAISE / { cur = $2 } /^@@LEVEL-END/ { cur = "" }
		cur == lvl && $1 == "@@PROBE" && $2 == p { print $3 }' "$1" | tr -d '\r' | tail -n1
}

has_finding() { # json id-regex level severity
	jq -e --arg re "$2" --arg l "$3" --arg s "$4" \
		'any(.findings[]; (.id | test($re)) and .level == $l and .severity == $s)' "$1" || {
		echo "no finding matching /$2/ at $3 ($4); findings:"
		jq -r '.findings[] | "  \(.id) \(.level) \(.severity)"' "$1"
		return 1
	}
}

# For each planted reason: refused from exactly the level check gave it.
kernel_agrees_by_level() { # log json
	local reason want got_i got_c ok=0
	for reason in module_signature module_parameters dev_mem debugfs msr kexec hibernation \
		kcore tracefs kprobes bpf_read_kernel xfrm_secret; do
		want=$(jq -r --arg r "$reason" '[.findings[] | select(.reason == $r) | .level] | unique | .[0] // "none"' "$2")
		got_i=$(probe_result "$1" integrity "$reason")
		got_c=$(probe_result "$1" confidentiality "$reason")
		[ -n "$got_c" ] || got_c=EPERM # integrity refusals stay refused; not probed twice
		case "$want" in
		integrity) [ "$got_i" = EPERM ] ;;
		confidentiality) [ "$got_i" = ok ] && [ "$got_c" != ok ] ;;
		*) false ;;
		esac || { echo "$reason: check says $want; kernel: integrity=$got_i confidentiality=$got_c"; ok=1; }
	done
	return $ok
}

check_scenario() { # tag log json
	local tag=$1 log=$2 json=$3
	if ! grep -q '^@@DONE' "$log"; then
		not_ok "$tag: guest ran to the end (see $log)"
		return
	fi
	section "$log" CHECK > "$json"
	check "$tag: the module, msr and kprobe events were planted" \
		grep -q '^@@PLANT module rc=0' "$log"
	check "$tag: holders and the BPF kprobe program are in place" \
		test "$(grep -c '^@@HOLD .* ok' "$log")" = 4 -a "$(grep -c '^@@KPROBE ready' "$log")" = 1
	check "$tag: check --json parses" jq -e . "$json"
	check "$tag: check exits 3 (blockers found)" grep -q '^@@CHECK-END rc=3' "$log"
	check "$tag: finds the loaded unsigned module" has_finding "$json" '^modules\.unsigned-loaded:ldtest$' integrity blocker
	check "$tag: finds the installed unsigned module" has_finding "$json" '^modules\.unsigned-installed:updates/ldtest\.ko$' integrity blocker
	check "$tag: trusts the signed msr module" \
		jq -e 'all(.findings[]; .id | test("msr\\.ko") | not)' "$json"
	check "$tag: finds /dev/mem held" has_finding "$json" '^raw-memory\.open:[0-9]+:/dev/mem$' integrity blocker
	check "$tag: finds /proc/kcore held" has_finding "$json" '^raw-memory\.open:[0-9]+:/proc/kcore$' confidentiality blocker
	check "$tag: finds a debugfs file open for writing" has_finding "$json" 'debugfs-open:[0-9]+:/sys/kernel/debug/fault_around_bytes$' integrity blocker
	check "$tag: finds the msr module" has_finding "$json" '^msr-ioport\.msr-module$' integrity warning
	check "$tag: finds the open MSR device" has_finding "$json" '^msr-ioport\.msr-open:' integrity warning
	check "$tag: finds kprobe events" has_finding "$json" '^debugfs-tracefs\.kprobe_events$' confidentiality blocker
	check "$tag: finds the BPF program reading kernel memory" has_finding "$json" '^bpf-perf\.prog:[0-9]+:reads-kernel$' confidentiality blocker
	check "$tag: finds the BPF kprobe program" has_finding "$json" '^bpf-perf\.prog:[0-9]+:kprobe$' confidentiality warning
	check "$tag: finds resume= on the command line" has_finding "$json" '^hibernation\.resume-cmdline$' integrity blocker
	check "$tag: finds the ACPI override in the initrd" has_finding "$json" '^acpi\.initrd-table:kernel/firmware/acpi/ssdt\.aml$' integrity blocker
	check "$tag: finds kdump without kexec_file_load" has_finding "$json" '^kexec\.kdump-tools$' integrity blocker
	check "$tag: finds the IPsec SA whose key would read back as zeros" has_finding "$json" '^xfrm\.sa-keys$' confidentiality warning
	check "$tag: finds the registered kprobes" has_finding "$json" '^bpf-perf\.kprobes-registered$' confidentiality warning
	check "$tag: names the holder of the kprobe's perf event" has_finding "$json" '^bpf-perf\.perf-events:[0-9]+$' confidentiality warning
	check "$tag: finds the hardware module parameter" has_finding "$json" '^module-params\.hw:ldtest\.io@/etc/modprobe\.d/ldtest\.conf:1$' integrity blocker
	check "$tag: the kernel refuses each planted reason from the level check gave" \
		kernel_agrees_by_level "$log" "$json"
}
