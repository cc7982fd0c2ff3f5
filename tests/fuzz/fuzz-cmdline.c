// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the kernel command line tokenizer and its lookups. */
/* -max_len: COMMAND_LINE_SIZE is 2048 on x86 and arm64, 4096 at most anywhere */
/* fuzz-options: -max_len=4096 */
#include "fuzz.h"
#include "lockdown/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_cmdline c = { 0 };

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_cmdline_parse((const char *)data, size, &c) == 0) {
		(void)ld_cmdline_last(&c, "lockdown");
		(void)ld_cmdline_nth(&c, "lsm", 1);
		(void)ld_cmdline_count(&c, "module.sig_enforce");
	}
	ld_cmdline_clear(&c);
	return 0;
}
