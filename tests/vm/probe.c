// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-probe: ask the kernel itself, inside the test VM only. Each argument is
 * NAME:ACTION and prints "@@PROBE NAME RESULT", RESULT being ok or the errno
 * name, so the host can compare the kernel's verdicts with lockdownctl's.
 *   NAME:PATH            open read-only
 *   NAME:PATH:w          open write-only
 *   NAME:PATH=VALUE      write VALUE to PATH (sysfs)
 *   NAME:msr-write:PATH  pwrite an MSR through PATH (refused under integrity)
 *   NAME:kexec-load      kexec_load(2) with no segments
 * With --hold first, every PATH[:w] is opened and kept open until killed.
 * Static, so the initramfs needs nothing for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/kexec.h>

#include "errno-name.h"

/* Open, write (at offset, or at the position when off < 0), close; -1 with errno kept. */
static int write_at(const char *path, int flags, const void *buf, size_t len, off_t off)
{
	int fd = open(path, flags), e;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = off < 0 ? write(fd, buf, len) : pwrite(fd, buf, len, off);
	e = errno;
	close(fd);
	errno = e;
	return n < 0 ? -1 : 0;
}

static int act(const char *name, char *what, int hold)
{
	char *eq = strchr(what, '='), *colon_w = NULL;
	size_t len = strlen(what);
	int fd, r = 0;

	if (strncmp(what, "kexec-load", 10) == 0) {
		r = (int)syscall(SYS_kexec_load, 0UL, 0UL, NULL, (unsigned long)KEXEC_ARCH_DEFAULT);
	} else if (strncmp(what, "msr-write:", 10) == 0) {
		static const uint64_t zero;

		/* IA32_TSC_AUX (0xc0000103): harmless even if it were written */
		r = write_at(what + 10, O_RDWR, &zero, sizeof(zero), 0xc0000103);
	} else if (eq) {
		*eq = '\0';
		r = write_at(what, O_WRONLY, eq + 1, strlen(eq + 1), -1);
	} else {
		if (len > 2 && strcmp(what + len - 2, ":w") == 0) {
			colon_w = what + len - 2;
			*colon_w = '\0';
		}
		fd = open(what, colon_w ? O_WRONLY : O_RDONLY);
		r = fd < 0 ? -1 : 0;
		if (fd >= 0 && !hold)
			close(fd);
	}
	printf("@@%s %s %s\n", hold ? "HOLD" : "PROBE", name, r < 0 ? errno_name(errno) : "ok");
	return r;
}

int main(int argc, char **argv)
{
	int hold = argc > 1 && strcmp(argv[1], "--hold") == 0;

	for (int i = 1 + hold; i < argc; i++) {
		char *sep = strchr(argv[i], ':');

		if (!sep) {
			fprintf(stderr, "usage: vm-probe [--hold] NAME:ACTION...\n");
			return 2;
		}
		*sep = '\0';
		act(argv[i], sep + 1, hold);
	}
	fflush(stdout);
	if (hold)
		for (;;)
			pause();
	return 0;
}
