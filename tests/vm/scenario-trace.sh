# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): what the trace scenario asserts.

# --- trace: the dry run against the kernel's own refusals ------------------
lines() { # log prefix -> the lines after the prefix, as they were
	awk -v p="$2" '$1 == p { sub("^[^ ]+ ", ""); print }' "$1" | tr -d '\r'
}

# What trace predicted at level none for LEVEL: enumerators, sorted.
predicted() { # events.jsonl level
	jq -r --arg l "$2" 'select(.type == "summary") | .reasons[] |
		select(.level == "integrity" or ($l == "confidentiality" and .level == "confidentiality")) |
		.enumerator' "$1" | sort -u
}

# What the kernel refused at LEVEL: every workload step whose result changed
# from level none (EPERM, or keys read back as zeros, or a verifier refusal),
# and every reason the kernel logged a refusal of for the workload.
refused() { # log level status.json
	{
		join -j 1 <(lines "$1" @@STEP | awk '{ print $1, $2, $3 }' | sort) \
			<(lines "$1" "@@OUT-$2" | awk '$1 == "@@STEP" { print $2, $4 }' | sort) |
			awk '$3 != $4 && $4 != "ok" && $4 != "skipped" { print $2 }'
		lines "$1" "@@KLOG-$2" | sed -n 's/^Lockdown: vm-workload: \(.*\) is restricted; see man kernel_lockdown\.7$/\1/p' |
			while IFS= read -r desc; do
				jq -r --arg d "$desc" '.reasons[] | select(.description == $d) | .enumerator' "$3"
			done
	} | sort -u
}

denied_by_trace() { # events.jsonl
	jq -r 'select(.type == "summary") | .reasons[] | select(.denied > 0) | .enumerator' "$1" | sort -u
}

same_sets() { # description-a list-a description-b list-b
	[ "$2" = "$4" ] && return 0
	echo "$1: $(echo $2)"
	echo "$3: $(echo $4)"
	return 1
}

trace_scenario() { # tag log prefix
	local tag=$1 log=$2 p=$3 lvl
	section "$log" STATUS > "$p-status.json"
	for lvl in none integrity confidentiality kprobe; do
		lines "$log" "@@EV-$lvl" > "$p-$lvl.jsonl"
	done
	check "$tag: trace -- CMD passes on the command's exit status (7)" grep -q '^@@TRACE-RC none 7' "$log"
	check "$tag: the event file is JSON Lines ending in a summary" \
		jq -se 'length > 1 and .[-1].type == "summary" and all(.[:-1][]; .type == "check")' "$p-none.jsonl"
	check "$tag: fexit mode by default" jq -se '.[-1].mode == "fexit"' "$p-none.jsonl"
	check "$tag: nothing was lost" jq -se '.[-1].lost == {"checks": 0, "execs": 0, "follows": 0}' "$p-none.jsonl"
	check "$tag: follows the command's children (vm-workload under sh)" \
		jq -se 'any(.[]; .type == "check" and .comm == "vm-workload")' "$p-none.jsonl"
	check "$tag: the executable was captured at exec time" \
		jq -se 'any(.[]; .type == "check" and .comm == "vm-workload" and (.exe // "" | endswith("vm-workload"))
			and (.cmdline // "" | contains("--module")))' "$p-none.jsonl"
	check "$tag: ignores the unrelated noisy process" \
		jq -se 'all(.[]; .type != "check" or .comm != "noise-probe")' "$p-none.jsonl"
	check "$tag: at level none nothing was denied" jq -se '.[-1].denied == []' "$p-none.jsonl"
	check "$tag: the replayed file gives the same summary" replay_same "$p-none.jsonl"
	check "$tag: summary mode counts every check in the kernel (50 each)" summary_counts "$log"
	check "$tag: kprobe + kretprobe mode when asked" \
		jq -se '.[-1].mode == "kprobe" and ([.[-1].reasons[].enumerator] | contains(["LOCKDOWN_DEV_MEM", "LOCKDOWN_KCORE", "LOCKDOWN_DEBUGFS"]))' "$p-kprobe.jsonl"
	for lvl in integrity confidentiality; do
		local want got denied
		want=$(predicted "$p-none.jsonl" "$lvl")
		got=$(refused "$log" "$lvl" "$p-status.json")
		denied=$(denied_by_trace "$p-$lvl.jsonl")
		check "$tag: trace ran under $lvl (fexit, typed arguments only)" \
			jq -se '.[-1].mode == "fexit" and .[-1].lockdown_level == "'"$lvl"'"' "$p-$lvl.jsonl"
		check "$tag: predicted refusals at $lvl = the kernel's refusals" \
			same_sets "trace predicted" "$want" "kernel refused" "$got"
		check "$tag: trace's verdicts under $lvl = the kernel's refusals" \
			same_sets "trace saw denied" "$denied" "kernel refused" "$got"
		echo "# $tag: refused at $lvl: $(echo $got)"
	done
	check "$tag: kprobe mode under confidentiality exits 4 with the reason" \
		grep -q '^@@TRACE-RC kprobe-confidentiality 4' "$log"
	# coverage: every reason of this kernel, reached by the workload or not
	local reached
	reached=$(predicted "$p-none.jsonl" confidentiality | tr '\n' ' ')
	echo "# $tag: reached: $reached"
	echo "# $tag: not reached: $(jq -r '.reasons[].enumerator' "$p-status.json" | grep -vxF -f <(echo "$reached" | tr ' ' '\n' | grep .) | tr '\n' ' ')"
}

# trace without --json/--output: each process's first check is an event, the
# rest are counted in a BPF map; the table must still say 50 of each, by whom.
summary_counts() { # log
	local s
	s=$(lines "$1" @@SUMMARY)
	grep -qE '^debugfs +integrity +50 +0 .*vm-workload\[[0-9]+\]' <<<"$s" &&
		grep -qE '^kcore +confidentiality +50 +0 .*vm-workload\[[0-9]+\]' <<<"$s" ||
		{ echo "$s"; return 1; }
}

# The summary of a saved file is the summary of the live run, counts and all.
replay_same() { # events.jsonl
	local live replayed
	live=$(jq -sc '.[-1] | [.reasons[] | {enumerator, checks, denied}]' "$1")
	replayed=$("$O/lockdownctl" trace --json --input "$1" | jq -sc '.[-1] | [.reasons[] | {enumerator, checks, denied}]')
	same_sets live "$live" replayed "$replayed"
}
