// SPDX-License-Identifier: LGPL-2.1-or-later
/* A unified diff of one planned change, by diff(1) on two temporary files. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lockdown/enable.h"
#include "lockdown/spawn.h"
#include "../readall.h"

#define MAX_DIFF (8u << 20)

/* A temporary file, already unlinked, holding len bytes of s (none when s is NULL). */
static int temp_with(const char *s, size_t len, char *path)
{
	int fd = mkostemp(path, O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	r = s ? ld_write_all(fd, s, len) : 0;
	if (r < 0) {
		close(fd);
		unlink(path);
		return r;
	}
	return fd;
}

int ld_boot_change_diff(const struct ld_boot_change *c, char **ret, size_t *ret_len)
{
	char a[] = "/tmp/lockdownctl-a-XXXXXX", b[] = "/tmp/lockdownctl-b-XXXXXX";
	char o[] = "/tmp/lockdownctl-d-XXXXXX";
	char la[600], lb[600];
	int fa, fb = -1, fo = -1, r;

	snprintf(la, sizeof(la), "%s%s", c->old ? "a" : "", c->old ? c->path : "/dev/null");
	snprintf(lb, sizeof(lb), "%s%s", c->new ? "b" : "", c->new ? c->path : "/dev/null");
	r = fa = temp_with(c->old, c->old_len, a);
	if (r >= 0)
		r = fb = temp_with(c->new, c->new_len, b);
	if (r >= 0)
		r = fo = temp_with(NULL, 0, o);
	if (r >= 0) {
		char *argv[] = { "diff", "-u", "--label", la, "--label", lb, a, b, NULL };

		unlink(o);
		r = ld_spawn_wait(argv, fo);
		/* 0: the same, 1: a diff; anything else is diff's trouble */
		if (r == 0 || r == 1)
			r = lseek(fo, 0, SEEK_SET) < 0
				    ? -errno
				    : ld_readall(ld_read_fd, &fo, 4096, MAX_DIFF, ret, ret_len);
		else if (r > 1)
			r = -EIO;
	}
	if (fo >= 0)
		close(fo);
	if (fa >= 0) {
		close(fa);
		unlink(a);
	}
	if (fb >= 0) {
		close(fb);
		unlink(b);
	}
	return r < 0 ? r : 0;
}
