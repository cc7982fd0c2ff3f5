// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=4096 -dict=@FUZZDIR@/dict/bootcmd.dict */
/* fuzz-cflags: -fno-sanitize-coverage=trace-cmp */
/* (a kernel command line is at most COMMAND_LINE_SIZE: 2048 bytes on x86 and arm64) */
/*
 * Fuzz the command-line editor of enable --boot (the GRUB files around it
 * are fuzz-bootedit's). Beyond not crashing, the output must re-parse to
 * what was asked: its effective lockdown= is the level, and editing it
 * again changes nothing. Stripping
 * lockdown= (what disable does to a file it did not write) leaves no
 * level and is idempotent, also after an enable; command quoting never
 * lets a control byte through.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/enable.h" /* ld_boot_command_string */
#include "lockdown/enable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ld_level level = size && (data[0] & 1) ? LD_LEVEL_CONFIDENTIALITY : LD_LEVEL_INTEGRITY;
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, n, n2;
	char *out = NULL, *again = NULL, *nul;
	struct ld_lsm_facts f = { .early = size && (data[0] & 4) ? 1 : 0, .config_lsm = "yama,bpf" };

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
		/* the strip disable falls back to */
		if (ld_bootcmd_strip(out, n, &again, &n2) == 0 && ld_bootcmd_level(again, n2) != LD_LEVEL_NONE)
			abort();
		(void)ld_bootcmd_lockdown_starts(out, n, &f);
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
	if (ld_bootcmd_strip(in, len, &out, &n) == 0) {
		if (ld_bootcmd_has_word(out, n, "lockdown") || ld_bootcmd_level(out, n) != LD_LEVEL_NONE)
			abort();
		if (ld_bootcmd_strip(out, n, &again, &n2) == 0 && (n2 != n || memcmp(again, out, n)))
			abort(); /* a second strip changes nothing */
		free(again);
		again = NULL;
		free(out);
		out = NULL;
	}
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
