// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the /sys/kernel/security/lsm list parser. */
/* -max_len: the LSM list, CONFIG_LSM and lsm= are a few hundred bytes */
/* fuzz-options: -max_len=4096 */
#include "fuzz.h"
#include "lockdown/strv.h"
#include "lockdown/sysinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_strv sv = { 0 };

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_lsm_list_parse((const char *)data, size, &sv) == 0)
		(void)ld_strv_contains(&sv, "lockdown");
	ld_strv_clear(&sv);
	return 0;
}
