// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the small parsers: efivars, mounts, kernel version, UTF-8 sanitizer, log --since times. */
/* -max_len: efivars hold 5 bytes, a release and /proc/version a few hundred */
/* fuzz-options: -max_len=4096 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/log.h"
#include "lockdown/sysinfo.h"
#include "lockdown/utf8.h"
#include "version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_kernel_version v;
	unsigned u8;
	char *s, *nl, when[40];
	int64_t us, again;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)ld_efivar_parse_u8((const char *)data, size, &u8);
	(void)ld_mounts_contains((const char *)data, size, "/sys/kernel/security", "securityfs");
	free(ld_utf8_sanitize((const char *)data, size, NULL));
	/* the version parser takes C strings: release, newline, /proc/version */
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	nl = strchr(s, '\n');
	if (nl)
		*nl++ = '\0';
	(void)ld_kernel_version_parse(s, nl, &v);
	/* a time that parses prints as one that parses back to it (years 1970 to 9999) */
	if (ld_log_parse_time(s, &us) == 0 && us >= 0 && us < 253402300800000000LL) {
		ld_log_format_time(when, sizeof(when), us, false);
		if (ld_log_parse_time(when, &again) != 0 || again != us)
			abort();
	}
	free(s);
	return 0;
}
