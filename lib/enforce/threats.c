// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The seal's threat model, class by class, as docs/threat-model.md states
 * it and the VM tier shows it (the unit test holds the two to each other).
 * A class is closed only when an attack on it is in the tests and fails on
 * both supported kernels.
 */
#include <stddef.h>

#include "../../bpf/lockdown_policy.h"

#include "lockdown/enforce.h"

static const struct ld_threat threats[] = {
	{ "map-fd-writable", "a writable descriptor of the policy maps", LD_THREAT_CLOSED, false },
	{ "map-write-readonly-fd", "writing a map through a read-only descriptor",
	  LD_THREAT_CLOSED, false },
	{ "prog-link-by-id", "the policy's programs or links by id", LD_THREAT_CLOSED, false },
	{ "lockdown-hook-program", "a program on the lockdown hook", LD_THREAT_CLOSED, false },
	{ "unpin", "removing the pins", LD_THREAT_CLOSED, false },
	{ "umount-bpffs", "unmounting bpffs or a mount above it", LD_THREAT_CLOSED, false },
	{ "module-kexec", "a module or a new kernel", LD_THREAT_CLOSED, false },
	{ "ftrace-switch", "a global ftrace switch under the BPF trampolines",
	  LD_THREAT_CLOSED, false },
	{ "map-iterator-write", "BPF programs writing the policy's maps (map iterators)",
	  LD_THREAT_CLOSED, false },
	{ "fmod-ret-guard-hooks", "return-value programs on the guards' own hooks",
	  LD_THREAT_CLOSED, false },
	{ "counters-rewritten", "counters rewritten by other programs", LD_THREAT_CLOSED, false },
	{ "records-rewritten", "records skipped, dropped or forged by other programs",
	  LD_THREAT_CLOSED, false },
	{ "other-bpf-programs",
	  "other BPF program and attach types (kprobes, fentry/fexit, freplace, syscall programs)",
	  LD_THREAT_CLOSED, false },
	{ "pins-shadowed", "lockdownctl reading pins mounted over ours", LD_THREAT_CLOSED, false },
	{ "tracing-switches", "tracing, kprobe and BPF JIT switches", LD_THREAT_CLOSED, false },
	{ "kernel-memory-writes",
	  "kernel memory written through devices, ports, MSRs, modules or a hibernation image",
	  LD_THREAT_CLOSED, false },
	{ "pins-other-namespaces", "the pins reached from another mount namespace or root",
	  LD_THREAT_CLOSED, false },
	{ "exempt-cgroup-join", "root joining an exempt cgroup", LD_THREAT_OPEN, true },
};

size_t ld_seal_threats(const struct ld_threat **ret)
{
	*ret = threats;
	return sizeof(threats) / sizeof(threats[0]);
}

_Static_assert(sizeof(threats) / sizeof(threats[0]) <= LD_SEAL_THREATS_MAX, "room for every class");

size_t ld_seal_threats_for(const struct ld_policy *p, struct ld_threat *ret, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(threats) / sizeof(threats[0]) && n < max; i++) {
		ret[n] = threats[i];
		if (ret[n].exemptions_only && p->n_exempts == 0)
			ret[n].status = LD_THREAT_CLOSED; /* no cgroup to join */
		n++;
	}
	return n;
}

const char *ld_threat_status_to_string(enum ld_threat_status s)
{
	switch (s) {
	case LD_THREAT_CLOSED:
		return "closed";
	case LD_THREAT_OPEN:
		return "open";
	default:
		return "not analysed";
	}
}
