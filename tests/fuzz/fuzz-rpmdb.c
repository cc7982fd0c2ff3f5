// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=65536 -dict=@FUZZDIR@/dict/rpmdb.dict */
/*
 * Fuzz the reader of rpm's SQLite database (check's software detector on
 * Fedora and RHEL 9): any bytes are refused or walked; every name reported
 * is non-empty and NUL-free, and the input is never written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "check/rpmdb.h"

static int on_package(const char *name, size_t len, void *userdata)
{
	size_t *count = userdata;

	if (!name || len == 0 || memchr(name, '\0', len))
		abort();
	++*count;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t count = 0;
	unsigned char *copy;
	int r;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	r = ld_rpmdb_installed(copy, size, on_package, &count);
	if (r != 0 && r != -EINVAL && r != -ENOMEM)
		abort();
	if (memcmp(copy, data, size) != 0)
		abort(); /* the caller's bytes are only read */
	free(copy);
	return 0;
}
