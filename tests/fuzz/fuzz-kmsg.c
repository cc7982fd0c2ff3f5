// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the /dev/kmsg record parser and the "locked down from" matcher. */
/* -max_len: a /dev/kmsg record is at most 8 KiB (CONSOLE_EXT_LOG_MAX) */
/* fuzz-options: -max_len=8192 */
#include "fuzz.h"
#include "kmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_kmsg_record rec;
	const char *src;
	size_t len;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_kmsg_parse_record((const char *)data, size, &rec) == 0)
		(void)ld_kmsg_lockdown_raise(rec.msg, rec.msg_len, &src, &len);
	(void)ld_kmsg_lockdown_raise((const char *)data, size, &src, &len);
	return 0;
}
