// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz the kernel .config parser, plain (/boot/config-RELEASE) and through
 * gzip (/proc/config.gz): an input that starts with the gzip magic is
 * inflated first. A stream that inflates must end at a member's end: the same
 * bytes less the last one are malformed, never a shorter config.
 */
/* -max_len: a few hundred options, or a gzip stream that inflates up to the cap */
/* fuzz-options: -max_len=16384 */
#include <errno.h>
#include <stdlib.h>

#include "fuzz.h"
#include "lockdown/kconfig.h"

/* small, so that a bomb costs little (a real config inflates to 100-300 KiB; same code) */
#define INFLATE_MAX (32u << 10)

static void parse(const char *text, size_t len)
{
	struct ld_kconfig k = { 0 };
	size_t line = 0;

	if (ld_kconfig_parse(text, len, &k, &line) == 0) {
		if (k.n == 0)
			abort(); /* nothing set is never a config */
		(void)ld_kconfig_get(&k, "LSM");
		(void)ld_kconfig_enabled(&k, "SECURITY_LOCKDOWN_LSM_EARLY");
		ld_kconfig_clear(&k);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *shorter;
	size_t len, n;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) {
		parse((const char *)data, size);
		return 0;
	}
	if (ld_kconfig_gunzip(data, size, INFLATE_MAX, &text, &len) < 0)
		return 0;
	if (len > INFLATE_MAX || text[len] != '\0')
		abort();
	if (ld_kconfig_gunzip(data, size - 1, INFLATE_MAX, &shorter, &n) != -EBADMSG)
		abort(); /* a truncated stream read as a whole one */
	parse(text, len);
	free(text);
	return 0;
}
