// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-probe: ask the kernel itself. For each "NAME:PATH" argument, open PATH
 * read-only and print "@@PROBE NAME RESULT" where RESULT is ok or the errno
 * name, so the host can compare the kernel's verdicts with `status`.
 * Runs only inside the test VM (static, no libc beyond open/close).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *errno_name(int e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case EINVAL:
		return "EINVAL";
	case ENXIO:
		return "ENXIO";
	case ENODEV:
		return "ENODEV";
	default:
		return "EOTHER";
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *sep = strchr(argv[i], ':');
		int fd;

		if (!sep) {
			fprintf(stderr, "usage: vm-probe NAME:PATH...\n");
			return 2;
		}
		*sep = '\0';
		fd = open(sep + 1, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			close(fd);
			printf("@@PROBE %s ok\n", argv[i]);
		} else {
			printf("@@PROBE %s %s\n", argv[i], errno_name(errno));
		}
	}
	return 0;
}
