// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=8192 -dict=@FUZZDIR@/dict/bootedit.dict */
/* fuzz-cflags: -fno-sanitize-coverage=trace-cmp */
/*
 * Fuzz the GRUB side of enable --boot and disable --boot: an edit made
 * again changes nothing, undoing it does not crash, and the reader of
 * GRUB's shell never fails but for memory. (The command-line words are fuzz-bootcmd's, which runs many
 * times faster without the shell around them.) Input: one flag byte, then
 * the text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/bootcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ld_level level = size && (data[0] & 1) ? LD_LEVEL_CONFIDENTIALITY : LD_LEVEL_INTEGRITY;
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, n, n2, n3;
	char *out = NULL, *again = NULL, *line = NULL;
	const char *lsm = size > 1 && (data[0] & 2) ? "lockdown,yama" : NULL;
	bool approx;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* the GRUB file: enable then disable-edit (level none) leaves no lockdown= level in the value */
	if (ld_grub_edit_file(in, len, level, lsm, &out, &n) == 0) {
		if (ld_grub_edit_file(out, n, level, lsm, &again, &n2) == 0 &&
		    (n2 != n || memcmp(again, out, n) != 0))
			abort(); /* not idempotent */
		free(again);
		again = NULL;
		/* undoing by strip (an assignment not at a line start may keep its own level) */
		(void)ld_grub_edit_file(out, n, LD_LEVEL_NONE, NULL, &again, &n3);
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	/* reading shell never fails on bad input */
	if (ld_grub_eval(in, len, &line, &approx) != 0)
		abort();
	free(line);
	return 0;
}
