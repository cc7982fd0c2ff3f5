// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counts every lockdown check the kernel makes, by reason number, with the
 * verdict all LSMs returned. fexit on security_locked_down sees the checks
 * even at level none, which is what makes a lockdown dry run possible.
 *
 * No vmlinux.h: the reason is a plain int here; user space names it through
 * the running kernel's BTF, so this file never depends on enum numbering.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* enum lockdown_reason has ~31 members today; leave room for growth */
#define MAX_REASONS 128

struct counts {
	__u64 checked;
	__u64 refused;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_REASONS);
	__type(key, __u32);
	__type(value, struct counts);
} counts SEC(".maps");

SEC("fexit/security_locked_down")
int BPF_PROG(fexit_security_locked_down, int what, int ret)
{
	__u32 key = (__u32)what;
	struct counts *c;

	if (key >= MAX_REASONS)
		return 0;
	c = bpf_map_lookup_elem(&counts, &key);
	if (!c)
		return 0;
	c->checked++;
	if (ret)
		c->refused++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
