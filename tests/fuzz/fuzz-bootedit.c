// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=8192 -dict=@FUZZDIR@/dict/bootedit.dict */
/* fuzz-cflags: -fno-sanitize-coverage=trace-cmp */
/*
 * Fuzz the GRUB side of enable --boot and disable --boot: an edit (which
 * checks itself: made again it must change nothing, else it is refused),
 * undoing it, and the reader of GRUB's shell, which never fails but for
 * memory. (The command-line words are fuzz-bootcmd's, which runs many
 * times faster without the shell around them.) Input: one flag byte, then
 * the text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/enable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ld_level level = size && (data[0] & 1) ? LD_LEVEL_CONFIDENTIALITY : LD_LEVEL_INTEGRITY;
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, n, n3;
	char *out = NULL, *again = NULL, *line = NULL;
	const char *lsm = size > 1 && (data[0] & 2) ? "lockdown,yama" : NULL;
	bool approx;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* flag bit 3: read the text as GRUB would; else edit it (each run half the work) */
	if (size && (data[0] & 8)) {
		if (ld_grub_eval(in, len, &line, &approx) != 0)
			abort(); /* reading shell never fails on bad input */
		free(line);
		return 0;
	}
	/* the GRUB file: enable, then disable's edit (level none) of what it made */
	if (ld_grub_edit_file(in, len, level, lsm, &out, &n) == 0) {
		/* undoing by strip (an assignment not at a line start may keep its own level) */
		(void)ld_grub_edit_file(out, n, LD_LEVEL_NONE, NULL, &again, &n3);
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	return 0;
}
