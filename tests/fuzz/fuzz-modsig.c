// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the module signature check through each decompressor; byte 0 picks the format. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "lockdown/modsig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "m.ko", "m.ko.gz", "m.ko.xz", "m.ko.zst" };
	int fd;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return 0;
	fd = memfd_create("fuzz-module", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) == (ssize_t)(size - 1) && lseek(fd, 0, SEEK_SET) == 0)
		(void)ld_module_fd_signed(fd, names[data[0] % 4]);
	close(fd);
	return 0;
}
