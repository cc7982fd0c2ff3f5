# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): what the enforce scenario asserts, the seal against root included.

# What the enforce scenario printed: "@@EN KEY VALUE...", by key.
en() { awk -v k="$2" '$1 == "@@EN" && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }' "$1" | tr -d '\r'; }
en_probe() { awk -v k="$2" '$1 == "@@EN" && $2 == "probe" && $3 == k { print $4 }' "$1" | tr -d '\r'; }
en_step() { awk -v k="$2" '$1 == "@@EN" && $2 == "step" && $3 == k { print $5 }' "$1" | tr -d '\r'; }
is() { [ "$1" = "$2" ] || { echo "got '$1', want '$2'"; return 1; }; }

enforce_scenario() { # tag log prefix name
	local tag=$1 log=$2 p=$3 t
	if [ "$4" = enforce-nobpf ]; then
		check "$tag: booted without the BPF LSM" bash -c "! grep -q '^@@LSM.*bpf' '$log'"
		check "$tag: enforce start exits 4 without the BPF LSM" is "$(en "$log" rc-nobpf)" 4
		check "$tag: and says what to add to lsm=" grep -q '^@@EN stderr-nobpf .*lsm=.*,bpf' "$log"
		check "$tag: and pins nothing" is "$(en "$log" rc-pin-dir-nobpf)" 1
		return
	fi
	lines "$log" @@EN-STATUS-REFUSE > "$p-refuse.json"
	lines "$log" @@EN-STATUS-PERMISSIVE > "$p-permissive.json"
	lines "$log" @@EN-STATUS-EXEMPT > "$p-exempt.json"
	lines "$log" @@EN-STATUS-SEALED > "$p-sealed.json"
	lines "$log" @@EN-TEXT-SEALED > "$p-sealed.txt"
	lines "$log" @@EN-FOLLOW > "$p-follow.jsonl"
	lines "$log" @@EN-FOLLOW2 > "$p-follow2.jsonl"
	check "$tag: status without a policy exits 1" is "$(en "$log" rc-status-none)" 1
	check "$tag: start without --yes is a usage error" is "$(en "$log" rc-start-without-yes)" 2
	check "$tag: an unknown reason is an error naming it" \
		bash -c "[ '$(en "$log" rc-start-unknown-reason)' = 1 ] && grep -q \"^@@EN stderr-unknown .*-e #1: unknown reason 'kcorx'\" '$log'"
	check "$tag: a failed start pins nothing" is "$(en "$log" rc-pin-dir-after-error)" 1
	check "$tag: start exits 0" is "$(en "$log" rc-start)" 0
	check "$tag: a policy refusing kcore makes /proc/kcore fail with EPERM" \
		is "$(en_probe "$log" kcore-refused)" EPERM
	check "$tag: ... and leaves /dev/mem alone (level none)" is "$(en_probe "$log" dev_mem)" ok
	check "$tag: the refusal is counted" \
		jq -e '.sealed == false and any(.reasons[]; .name == "kcore" and .action == "refuse" and .refused >= 1)' "$p-refuse.json"
	check "$tag: follow streams the refusal as JSON Lines" \
		jq -se 'any(.[]; .reason == "kcore" and .verdict == "refused" and .comm == "vm-probe")' "$p-follow.jsonl"
	lines "$log" @@EN-FOLLOW-B > "$p-follow-b.jsonl"
	check "$tag: a second follower at the same time receives the same refusal (reading moves nothing)" \
		jq -se 'any(.[]; .reason == "kcore" and .verdict == "refused" and .comm == "vm-probe")' "$p-follow-b.jsonl"
	check "$tag: the second follower exits 0 when stopped, having said nothing on stderr" \
		bash -c "[ '$(en "$log" rc-follow-second)' = 0 ] && ! grep -q '^@@EN stderr-follow-second ' '$log'"
	check "$tag: a follower stopped through 1000 refusals gets the last 256 and says how many it lost" \
		bash -c "[ \$(grep -c '\"kcore\"' '$p-follow.jsonl') -ge 257 ] && grep -q '^@@EN stderr-follow-first .*records were overwritten before this follower read them (the kernel keeps the last 256' '$log'"
	check "$tag: follow prints a kernel-like line" \
		grep -q '^@@EN-FOLLOW-TEXT .* lockdownctl: vm-probe\[[0-9]*\]: /proc/kcore access is restricted (reason kcore, uid 0' "$log"
	check "$tag: permissive mode allows kcore" is "$(en_probe "$log" kcore-permissive)" ok
	check "$tag: ... records it" \
		jq -se 'any(.[]; .reason == "kcore" and .verdict == "permissive" and .comm == "vm-probe")' "$p-follow2.jsonl"
	check "$tag: ... and counts it" \
		jq -e 'any(.reasons[]; .name == "kcore" and .action == "permissive" and .permissive >= 1)' "$p-permissive.json"
	check "$tag: an exempt cgroup may read kcore" is "$(en_probe "$log" kcore-exempt)" ok
	check "$tag: another cgroup may not" is "$(en_probe "$log" kcore-other)" EPERM
	check "$tag: the exemption is shown by path and counted" \
		jq -e '.exempt[0].cgroup == "/exempt" and .exempt[0].reasons == ["kcore"] and any(.reasons[]; .name == "kcore" and .exempt >= 1)' "$p-exempt.json"
	t=$(en "$log" @@READER)
	check "$tag: 40 reloads under a 30000-read loop: no read got through ($t)" \
		bash -c "[[ '$t' =~ ^ok=0\ refused=30000\ other=0\  ]]"
	check "$tag: the reloaded policy is in force (debugfs refused)" \
		is "$(en_probe "$log" debugfs-after-reload)" EPERM
	check "$tag: stop exits 0 and unpins everything" \
		bash -c "[ '$(en "$log" rc-stop)' = 0 ] && [ '$(en "$log" rc-pin-dir-after-stop)' = 1 ]"
	check "$tag: after stop kcore reads again" is "$(en_probe "$log" kcore-after-stop)" ok
	check "$tag: seal refuses a policy that leaves the integrity reasons open (modules, kexec, ...)" \
		bash -c "[ '$(en "$log" rc-seal-open)' = 1 ] && grep -q '^@@EN stderr-seal .*the policy allows module_signature, dev_mem and [0-9]* more reasons the integrity level refuses' '$log'"
	for t in map-open-writable map-by-id-writable link-by-id prog-by-id counters-fd counters-by-id \
		tamper-fd counters-rewrite records-fd records-by-id record-seq-fd records-rewrite load-lsm-allow load-fmod-ret load-lsm-guard load-fmod-ret-guard \
		load-map-iterator map-iterator-unseal load-map-iter iter-link-replace ftrace-switch \
		load-sysctl-prog shadow-pins shadow-bpffs; do
		check "$tag: before the seal, $t works (the tamper test can fail)" \
			grep -q "^@@EN-CONTROL @@TAMPER $t ok" "$log"
	done
	# a program calling bpf_probe_read_kernel is refused at load: the verifier
	# answers EINVAL (no such helper while locked down), as under the built-in
	for name in kprobes:EPERM bpf_read_kernel:EINVAL perf:EPERM tracefs:EPERM; do
		check "$tag: under built-in integrity ${name%:*} is allowed, then refused once added" \
			bash -c "[ '$(en_step "$log" before-${name%:*})' = ok ] && [ '$(en "$log" rc-reload-${name%:*})' = 0 ] && [ '$(en_step "$log" after-${name%:*})' = ${name#*:} ]"
	done
	check "$tag: seal exits 0 (built-in integrity holds modules and kexec)" is "$(en "$log" rc-seal)" 0
	local attempts
	attempts=$(awk '$1 == "@@EN-TAMPER" { print $3 }' "$log" | tr -d '\r')
	check "$tag: 33 tampering attempts were made" is "$(echo "$attempts" | grep -c .)" 33
	for t in $attempts; do
		local res
		res=$(awk -v t="$t" '$1 == "@@EN-TAMPER" && $3 == t { print $4 }' "$log" | tr -d '\r')
		[ "$t" = link-open-pin ] && continue # reading a pin is allowed; what it is used for is not
		check "$tag: sealed: $t fails ($res)" bash -c "[ '$res' != ok ]"
		echo "# $tag: tamper $t: $res"
	done
	# other program types, switches, kernel memory, other namespaces (enforce-others.c)
	local others
	others=$(awk '$1 == "@@EN-OTHERS" { print $3 }' "$log" | tr -d '\r')
	check "$tag: 12 attacks of other program types, switches, kernel memory and namespaces were made" \
		is "$(echo "$others" | grep -c .)" 12
	for t in $others; do
		res=$(awk -v t="$t" '$1 == "@@EN-OTHERS" && $3 == t { print $4 " " $5 }' "$log" | tr -d '\r')
		echo "# $tag: other $t: $res"
		check "$tag: sealed: during or after $t (${res% *}) kcore is still refused" is "${res#* }" EPERM
		case $t in
		kprobes-optimization | bpf-stats | jit-off) ;; # these switches may move: the policy holds
		*) check "$tag: sealed: $t fails (${res% *})" bash -c "[ '${res% *}' != ok ]" ;;
		esac
	done
	for t in syscall-prog-map-by-id dev-mem-write iopl kprobes-optimization bpf-stats jit-off; do
		check "$tag: before the seal, $t works (the attack can fail)" \
			grep -q "^@@EN-OTHERS-CONTROL @@OTHER $t ok " "$log"
	done
	check "$tag: sealed: an exemption of kcore is allowed by the seal" is "$(en "$log" rc-reload-exempt-kcore)" 0
	check "$tag: sealed: a process that joins the exempt cgroup reads kcore (exempt-cgroup-join, reported open)" \
		is "$(en_probe "$log" kcore-exempt-sealed)" ok
	# what containers do with mounts: allowed before the seal and after it
	local phase name res
	for phase in before after; do
		check "$tag: $phase the seal, 4 container unmount cases ran" \
			is "$(awk -v p="$phase" '$1 == "@@MNTNS" && $2 == p' "$log" | grep -c .)" 4
		for name in pivot-root sysfs bpffs bind-root-lazy; do
			res=$(awk -v p="$phase" -v n="$name" '$1 == "@@MNTNS" && $2 == p && $3 == n { print $4 }' "$log" | tr -d '\r')
			check "$tag: $phase the seal, $name in a new mount namespace works ($res)" is "$res" ok
		done
	done
	# ... while a copy whose unmount would propagate to the pins' mounts stays refused
	res=$(awk '$1 == "@@MNTNS" && $2 == "propagate" && $3 == "make-shared-sys" { print $4 }' "$log" | tr -d '\r')
	check "$tag: sealed: /sys can be made shared ($res)" is "$res" ok
	for name in umount-bpffs-copy umount-sys-copy-lazy umount-carrier-lazy; do
		res=$(awk -v n="$name" '$1 == "@@MNTNS" && $2 == "propagate" && $3 == n { print $4 }' "$log" | tr -d '\r')
		check "$tag: sealed, /sys shared: $name is refused ($res)" is "$res" umount:EPERM
	done
	for name in pivot-root rslave-umount-sys-lazy private-sys-lazy; do
		res=$(awk -v n="$name" '$1 == "@@MNTNS" && $2 == "propagate" && $3 == n { print $4 }' "$log" | tr -d '\r')
		check "$tag: sealed, /sys shared: $name cannot propagate, and works ($res)" is "$res" ok
	done
	check "$tag: sealed, /sys shared: a tmpfs carrying an rbind of /sys was set up" \
		grep -q '^@@MNTNS propagate carrier-setup ok' "$log"
	check "$tag: sealed, /sys shared: the pins are still there" \
		grep -q '^@@MNTNS propagate pins-intact ok' "$log"
	# follow works on a sealed policy: it reads the records through their iterator
	lines "$log" @@EN-FOLLOW-SEALED > "$p-follow-sealed.jsonl"
	check "$tag: sealed: follow receives the refusal of kcore" \
		jq -se 'any(.[]; .reason == "kcore" and .verdict == "refused" and .comm == "vm-probe")' "$p-follow-sealed.jsonl"
	check "$tag: sealed: follow exits 0 when stopped, having said nothing on stderr" \
		bash -c "[ '$(en "$log" rc-follow-sealed)' = 0 ] && ! grep -q '^@@EN stderr-follow-sealed ' '$log'"
	check "$tag: sealed: stop is refused" is "$(en "$log" rc-stop-sealed)" 1
	check "$tag: sealed: reload is refused" is "$(en "$log" rc-reload-sealed)" 1
	check "$tag: sealed: an unsigned module does not load" bash -c "[ '$(en "$log" rc-insmod-sealed)' != 0 ]"
	check "$tag: sealed: kexec_load is refused" is "$(en_probe "$log" kexec-sealed)" EPERM
	check "$tag: sealed: after killing every process kcore is still refused" \
		is "$(en_probe "$log" kcore-after-kill)" EPERM
	check "$tag: status shows the seal and counts the refused tampering" \
		jq -e '.sealed == true and (.tamper_refused | .map_write == 11 and .link_fd >= 1 and .program_load >= 7 and .unpin >= 3 and .umount >= 5 and .ftrace_switch >= 1)' "$p-sealed.json"
	check "$tag: sealed: status reads the counters with no map fd (kcore refused after the seal counted)" \
		jq -e 'any(.reasons[]; .name == "kcore" and .refused >= 2)' "$p-sealed.json"
	# the seal does not hold against root yet: the tool says which classes stay open
	check "$tag: status --json names the classes the seal leaves open" \
		jq -e '[.seal_threats[] | select(.status == "open") | .id] == ["exempt-cgroup-join"] and ([.seal_threats[] | select(.status == "closed")] | length) == 17' "$p-sealed.json"
	check "$tag: and status says so in its text" \
		grep -q '^Not closed by the seal: root joining an exempt cgroup (open)\. See' "$p-sealed.txt"
}
