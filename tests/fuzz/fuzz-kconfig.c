// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the kernel .config parser. */
#include "fuzz.h"
#include "lockdown/kconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_kconfig k = { 0 };
	size_t line = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_kconfig_parse((const char *)data, size, &k, &line) == 0) {
		(void)ld_kconfig_get(&k, "LSM");
		(void)ld_kconfig_enabled(&k, "SECURITY_LOCKDOWN_LSM_EARLY");
		ld_kconfig_clear(&k);
	}
	return 0;
}
