/* SPDX-License-Identifier: GPL-2.0-only */
/* The guard of kernel.ftrace_enabled (class C8 of docs/threat-model.md). */
#ifndef LOCKDOWN_ENFORCE_SYSCTL_H
#define LOCKDOWN_ENFORCE_SYSCTL_H

/*
 * kernel.ftrace_enabled = 0 stops every program that runs through a BPF
 * trampoline: the policy and every guard. This guard is a cgroup sysctl
 * program on the root cgroup (multi-attach, without a link: descendants
 * may add programs, never replace it): it runs from the sysctl write path
 * itself, not through a trampoline, for every task. Once sealed, no write
 * to that sysctl is taken, and no other sysctl program loads or attaches
 * (lsm_bpf): one run after ours could undo the refusal with
 * bpf_set_retval(0).
 */
SEC("cgroup/sysctl")
int guard_sysctl(struct bpf_sysctl *ctx)
{
	static const char want[] = "kernel/ftrace_enabled";
	char name[sizeof(want)];
	long n;

	if (!ctx->write || !sealed())
		return 1;
	n = bpf_sysctl_get_name(ctx, name, sizeof(name), 0);
	if (n != sizeof(want) - 1)
		return 1;
	for (int i = 0; i < (int)sizeof(want) - 1; i++)
		if (name[i] != want[i])
			return 1;
	count_tamper(LD_TAMPER_SWITCH);
	return 0;
}

#endif
