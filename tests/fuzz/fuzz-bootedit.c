// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=8192 */
/*
 * Fuzz the disable side of enable --boot and the reading of GRUB's shell:
 * stripping lockdown= (what disable does to a file it did not write) must
 * leave no lockdown level and be idempotent; enable then disable-by-strip
 * must give no level; the GRUB reader must never fail but for memory, and
 * undoing an edit must read back; command quoting must never let a control
 * byte through. Input: one flag byte, then the text.
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
	size_t len = size ? size - 1 : 0, n, n2, n3;
	char *out = NULL, *again = NULL, *line = NULL, *nul;
	struct ld_lsm_facts f = { .early = size && (data[0] & 4) ? 1 : 0, .config_lsm = "yama,bpf" };
	bool approx;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	/* disable on text it did not write: strip, level none, twice the same */
	if (ld_bootcmd_strip(in, len, &out, &n) == 0) {
		if (ld_bootcmd_level(out, n) != LD_LEVEL_NONE)
			abort();
		if (ld_bootcmd_strip(out, n, &again, &n2) == 0 && (n2 != n || memcmp(again, out, n)))
			abort();
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	/* enable, then the strip disable falls back to */
	if (ld_bootcmd_enable(in, len, level, NULL, &out, &n) == 0) {
		if (ld_bootcmd_strip(out, n, &again, &n2) == 0 && ld_bootcmd_level(again, n2) != LD_LEVEL_NONE)
			abort();
		(void)ld_bootcmd_lockdown_starts(out, n, &f);
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	/* the GRUB file: enable then disable-edit (level none) leaves no lockdown= level in the value */
	if (ld_grub_edit_file(in, len, level, "lockdown,yama", &out, &n) == 0) {
		/* undoing by strip must read back (an assignment not at a line start may keep its own) */
		if (ld_grub_edit_file(out, n, LD_LEVEL_NONE, NULL, &again, &n3) == 0 &&
		    ld_grub_eval(again, n3, &line, &approx) == 0) {
			free(line);
			line = NULL;
		}
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	/* reading shell never fails on bad input */
	if (ld_grub_eval(in, len, &line, &approx) != 0)
		abort();
	free(line);
	/* quoting a word: no control byte reaches the output */
	nul = strndup(in, len > 256 ? 256 : len);
	if (nul) {
		char *argv[] = { "kernel-install", "add", nul, NULL };
		struct ld_boot_command c = { .argv = argv };
		char *s = ld_boot_command_string(&c);

		for (const unsigned char *p = (const unsigned char *)s; s && *p; p++)
			if (*p < 0x20 || *p >= 0x7f)
				abort();
		free(s);
		free(nul);
	}
	return 0;
}
