// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the early-initramfs cpio walker. */
/* -max_len: several archives and their padding; the walker is linear */
/* fuzz-options: -max_len=65536 */
#include "fuzz.h"
#include "check/cpio.h"

static int member(const char *name, size_t len, size_t size, void *userdata)
{
	(void)name;
	(void)size;
	*(size_t *)userdata += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)ld_cpio_walk_early(data, size, member, &total);
	return 0;
}
