// SPDX-License-Identifier: GPL-2.0-only
/*
 * A BPF program of the kind tracing agents load: a kprobe that reads kernel
 * memory with bpf_probe_read_kernel. Confidentiality refuses both the helper
 * (at load) and the kprobe (at attach); integrity allows them. VM tests only.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 seen;

SEC("kprobe/do_sys_openat2")
int kprobe_openat2(void *ctx)
{
	__u64 word = 0;

	bpf_probe_read_kernel(&word, sizeof(word), ctx);
	seen += word != 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
