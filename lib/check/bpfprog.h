/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_BPFPROG_H
#define LOCKDOWN_BPFPROG_H

#include <stddef.h>
#include <stdint.h>

/* Helpers whose use lockdown refuses when a program is loaded. */
enum ld_bpf_helper_use {
	LD_BPF_READS_KERNEL = 1 << 0, /* bpf_probe_read{,_str,_kernel,_kernel_str}: confidentiality */
	LD_BPF_WRITES_USER = 1 << 1,  /* bpf_probe_write_user: integrity */
};

/* Kernel symbol addresses needed to name a call in translated instructions. */
struct ld_bpf_syms {
	uint64_t call_base; /* __bpf_call_base */
	uint64_t read_kernel[4];
	uint64_t write_user;
};

/*
 * Scan translated (xlated) BPF instructions, 8 bytes each: a helper call has
 * code BPF_JMP|BPF_CALL, src_reg 0 and imm = helper address - __bpf_call_base.
 * Returns the LD_BPF_* flags for the helpers it calls.
 */
unsigned ld_bpf_scan_helpers(const void *insns, size_t len, const struct ld_bpf_syms *syms);

/* Fill syms from /proc/kallsyms text; -ENOENT if __bpf_call_base is missing or zeroed. */
int ld_bpf_syms_parse(const char *kallsyms, size_t len, struct ld_bpf_syms *ret);

#endif
