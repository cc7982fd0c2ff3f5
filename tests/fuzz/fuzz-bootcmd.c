// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=8192 */
/*
 * Fuzz the command-line and GRUB-file editors of enable --boot. Beyond not
 * crashing, the output must re-parse to what was asked: its effective
 * lockdown= is the level, and editing it again changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/bootcfg.h"
#include "lockdown/bootcmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ld_level level = size && (data[0] & 1) ? LD_LEVEL_CONFIDENTIALITY : LD_LEVEL_INTEGRITY;
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, n, n2;
	char *out = NULL, *again = NULL;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_bootcmd_enable(in, len, level, size > 1 && (data[0] & 2) ? "lockdown,bpf" : NULL, &out,
			      &n) == 0) {
		if (ld_bootcmd_level(out, n) != level)
			abort();
		if (ld_bootcmd_enable(out, n, level, NULL, &again, &n2) == 0 &&
		    (n2 != n || memcmp(again, out, n) != 0))
			abort(); /* not idempotent */
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	if (ld_bootcmd_strip(in, len, &out, &n) == 0) {
		if (ld_bootcmd_has_word(out, n, "lockdown"))
			abort();
		free(out);
		out = NULL;
	}
	if (ld_grub_edit_file(in, len, level, NULL, &out, &n) == 0) {
		if (ld_grub_edit_file(out, n, level, NULL, &again, &n2) == 0 &&
		    (n2 != n || memcmp(again, out, n) != 0))
			abort();
		free(again);
		free(out);
	}
	return 0;
}
