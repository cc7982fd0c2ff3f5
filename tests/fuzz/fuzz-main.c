// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replay driver (systemd's fuzz-main idea): links a fuzz target into a normal
 * program that feeds it every file named on the command line, so the corpus
 * runs as a regression test under ASan/UBSan with any compiler.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		/* O_NONBLOCK and regular files only: a FIFO named here must fail, not hang */
		int fd = open(argv[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		FILE *f = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
		unsigned char *buf;
		long size;

		if (!f && fd >= 0)
			close(fd);
		if (!f || fseek(f, 0, SEEK_END) < 0 || (size = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET) < 0) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		buf = malloc(size ? (size_t)size : 1);
		if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
			fprintf(stderr, "cannot read %s\n", argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)size);
		free(buf);
	}
	return 0;
}
