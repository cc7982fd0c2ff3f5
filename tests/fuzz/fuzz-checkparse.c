// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the check detectors' line parsers: /proc/modules, modprobe.d options, kallsyms + BPF code. */
/* -max_len: a modules or modprobe.d line, kallsyms lines, a short BPF program */
/* fuzz-options: -max_len=4096 */
#include <string.h>

#include "fuzz.h"
#include "check/bpfprog.h"
#include "check/checkparse.h"

static int param(const char *module, const char *p, const char *value, void *userdata)
{
	(void)module;
	(void)value;
	*(int *)userdata += ld_hw_param_certainty(p);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_bpf_syms syms = { .call_base = 0x1000, .read_kernel = { 0x1100 }, .write_user = 0x1200 };
	char name[64], taints[16];
	int sum = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)ld_proc_modules_line((const char *)data, size, name, sizeof(name), taints,
				   sizeof(taints));
	(void)ld_modprobe_options_line((const char *)data, size, param, &sum);
	(void)ld_bpf_syms_parse((const char *)data, size, &syms);
	(void)ld_bpf_scan_helpers(data, size, &syms);
	return 0;
}
