// SPDX-License-Identifier: LGPL-2.1-or-later
/* Naming the helpers a loaded BPF program calls, from its translated code. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

#include "check/bpfprog.h"

unsigned ld_bpf_scan_helpers(const void *insns, size_t len, const struct ld_bpf_syms *syms)
{
	const struct bpf_insn *insn = insns;
	unsigned flags = 0;

	for (size_t i = 0; i < len / sizeof(*insn); i++) {
		uint64_t target;

		if (insn[i].code != (BPF_JMP | BPF_CALL) || insn[i].src_reg != 0)
			continue;
		target = syms->call_base + (uint64_t)(int64_t)insn[i].imm;
		for (size_t k = 0; k < 4; k++)
			if (syms->read_kernel[k] && target == syms->read_kernel[k])
				flags |= LD_BPF_READS_KERNEL;
		if (syms->write_user && target == syms->write_user)
			flags |= LD_BPF_WRITES_USER;
	}
	return flags;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ld_bpf_syms_parse(const char *kallsyms, size_t len, struct ld_bpf_syms *ret)
{
	static const char *const readers[4] = {
		"bpf_probe_read_kernel", "bpf_probe_read_kernel_str", "bpf_probe_read_compat",
		"bpf_probe_read_compat_str",
	};
	struct ld_bpf_syms s = { 0 };
	size_t pos = 0;

	/* "ffffffff81234560 T bpf_probe_read_kernel" */
	while (pos < len) {
		const char *line = kallsyms + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		const char *end = line, *sp;
		uint64_t addr = 0;
		char name[64];

		pos += llen + 1;
		/* the address, parsed within the line: the text need not end in NUL */
		while (end < line + llen && end - line < 16 && hexval(*end) >= 0)
			addr = addr << 4 | (uint64_t)hexval(*end++);
		if (end == line || end + 3 > line + llen || end[0] != ' ' || end[2] != ' ')
			continue;
		sp = end + 3;
		if ((size_t)(line + llen - sp) >= sizeof(name))
			continue;
		memcpy(name, sp, (size_t)(line + llen - sp));
		name[line + llen - sp] = '\0';
		if (strcmp(name, "__bpf_call_base") == 0)
			s.call_base = addr;
		else if (strcmp(name, "bpf_probe_write_user") == 0)
			s.write_user = addr;
		for (size_t k = 0; k < 4; k++)
			if (strcmp(name, readers[k]) == 0)
				s.read_kernel[k] = addr;
	}
	if (!s.call_base)
		return -ENOENT; /* absent, or hidden by kptr_restrict (all zeros) */
	*ret = s;
	return 0;
}
