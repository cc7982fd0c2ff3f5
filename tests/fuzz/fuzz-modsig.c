// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz the module signature check through each decompressor; byte 0 picks
 * the format. The limits are the tool's, scaled down so that a bomb (a few
 * bytes that inflate to gigabytes) costs microseconds: the decompressed size
 * still spans several of the reader's steps, and the decoder memory admits
 * the dictionary kbuild gives xz (1 MiB) only scaled down too.
 */
/* -max_len: a compressed module; what it inflates to is capped below */
/* fuzz-options: -max_len=16384 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "check/modsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "m.ko", "m.ko.gz", "m.ko.xz", "m.ko.zst" };
	static const struct ld_modsig_limits lim = { .max_image = 64u << 10,
						     .max_decoder = 512u << 10 };
	static int fd = -1;
	int r;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return 0;
	/* one memfd for every input: creating one each time costs more than the check */
	if (fd < 0 && (fd = memfd_create("fuzz-module", 0)) < 0)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		return 0;
	r = ld_module_fd_signed_limits(fd, names[data[0] % 4], &lim);
	if (r != 0 && r != 1 && r != -EBADMSG && r != -EFBIG)
		abort(); /* only these: a read error cannot happen on a memfd */
	return 0;
}
