// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for the fault-injection tests of enable --boot: the
 * FAULT_AT-th call of FAULT_OP (write, fsync or rename) fails with
 * FAULT_ERRNO (ENOSPC or EIO), or with FAULT_ERRNO=KILL the process is
 * killed (SIGKILL) right before that call. When it fires it creates the
 * file FAULT_HIT, so the runner knows the trial reached that call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int calls;

static int fire(const char *op)
{
	const char *want = getenv("FAULT_OP"), *at = getenv("FAULT_AT"), *how = getenv("FAULT_ERRNO");
	const char *hit = getenv("FAULT_HIT");

	if (!want || !at || strcmp(want, op) != 0 || ++calls != atoi(at))
		return 0;
	if (hit)
		close(open(hit, O_WRONLY | O_CREAT, 0644));
	if (how && strcmp(how, "KILL") == 0)
		raise(SIGKILL);
	errno = how && strcmp(how, "EIO") == 0 ? EIO : ENOSPC;
	return -1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (!real)
		real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	/* stdout and stderr are not the files under test */
	if (fd > 2 && fire("write") < 0)
		return -1;
	return real(fd, buf, n);
}

int fsync(int fd)
{
	static int (*real)(int);

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fire("fsync") < 0)
		return -1;
	return real(fd);
}

int renameat(int ofd, const char *old, int nfd, const char *new)
{
	static int (*real)(int, const char *, int, const char *);

	if (!real)
		real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
	if (fire("rename") < 0)
		return -1;
	return real(ofd, old, nfd, new);
}
