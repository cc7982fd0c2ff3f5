// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the securityfs level line and the write-rule check. */
/* -max_len: the level file is one short line, a write at most a page */
/* fuzz-options: -max_len=4096 */
#include "fuzz.h"
#include "lockdown/level.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum ld_level level;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)ld_securityfs_parse_level((const char *)data, size, &level);
	for (enum ld_level cur = LD_LEVEL_NONE; cur < _LD_LEVEL_MAX; cur++)
		(void)ld_securityfs_check_write(cur, (const char *)data, size, &level);
	return 0;
}
