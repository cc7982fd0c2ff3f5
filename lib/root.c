// SPDX-License-Identifier: LGPL-2.1-or-later
/* Root-prefixed file access, modelled on util-linux's path context. */
#define _GNU_SOURCE /* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lockdown/root.h"
#include "readall.h"

struct ld_root {
	int dirfd;
	char *prefix;
	bool live;
};

int ld_root_open(const char *dir, struct ld_root **ret)
{
	struct ld_root *root;

	if (!dir)
		dir = "/";
	if (!*dir)
		return -EINVAL; /* "--root ''" must not quietly mean the live system */
	root = calloc(1, sizeof(*root));
	if (!root)
		return -ENOMEM;
	root->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->dirfd < 0) {
		int err = -errno;

		free(root);
		return err;
	}
	root->prefix = strdup(dir);
	if (!root->prefix) {
		close(root->dirfd);
		free(root);
		return -ENOMEM;
	}
	root->live = strcmp(dir, "/") == 0;
	*ret = root;
	return 0;
}

struct ld_root *ld_root_free(struct ld_root *root)
{
	if (!root)
		return NULL;
	if (root->dirfd >= 0)
		close(root->dirfd);
	free(root->prefix);
	free(root);
	return NULL;
}

const char *ld_root_prefix(const struct ld_root *root)
{
	return root->prefix;
}

bool ld_root_is_live(const struct ld_root *root)
{
	return root->live;
}

static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

/*
 * Under a fake root every path, and every symlink met on the way, is
 * resolved beneath the root: a snapshot's absolute link to /etc/shadow must
 * name the snapshot's file, never the host's. openat2(RESOLVE_IN_ROOT) does
 * it in the kernel (5.6+); older kernels get the same walk done here.
 */
static int openat2_in_root(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = resolve };

	if (flags & O_CREAT)
		how.mode = 0644;
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

#define MAX_SYMLINKS 40 /* as the kernel's own limit */

/* The same walk by hand: one component at a time, links resolved against the root. */
static int walk_in_root(int rootfd, const char *path, int flags)
{
	char todo[PATH_MAX * 2], link[PATH_MAX];
	int cur = dup(rootfd), links = 0;

	if (cur < 0)
		return -1;
	if (snprintf(todo, sizeof(todo), "%s", path) >= (int)sizeof(todo)) {
		close(cur);
		errno = ENAMETOOLONG;
		return -1;
	}
	for (;;) {
		char *p = todo, *name, *rest;
		bool last;
		struct stat st;
		int next;
		ssize_t n;

		while (*p == '/') /* absolute: from the root again */
			p++;
		if (p != todo && todo[0] == '/') {
			close(cur);
			cur = dup(rootfd);
			if (cur < 0)
				return -1;
		}
		if (!*p) {
			next = openat(cur, ".", flags);
			close(cur);
			return next;
		}
		name = p;
		rest = strchr(p, '/');
		if (rest)
			*rest++ = '\0';
		while (rest && *rest == '/')
			rest++;
		last = !rest || !*rest;
		if (strcmp(name, "..") == 0 && fstat(cur, &st) == 0) {
			struct stat rst;

			/* ".." at the root stays at the root, as in a chroot */
			if (fstat(rootfd, &rst) == 0 && st.st_dev == rst.st_dev && st.st_ino == rst.st_ino)
				name = ".";
		}
		n = readlinkat(cur, name, link, sizeof(link) - 1);
		if (n >= 0) {
			char tail[PATH_MAX];

			if (flags & O_NOFOLLOW && last) {
				/* the link itself was asked for: O_PATH gets it, anything else ELOOP */
				next = flags & O_PATH ? openat(cur, name, flags) : -1;
				if (next < 0 && !(flags & O_PATH))
					errno = ELOOP;
				close(cur);
				return next;
			}
			if (++links > MAX_SYMLINKS) {
				close(cur);
				errno = ELOOP;
				return -1;
			}
			link[n] = '\0';
			snprintf(tail, sizeof(tail), "%s", rest ? rest : "");
			if (snprintf(todo, sizeof(todo), "%s%s%s", link, *tail ? "/" : "", tail) >=
			    (int)sizeof(todo)) {
				close(cur);
				errno = ENAMETOOLONG;
				return -1;
			}
			continue; /* an absolute link restarts from the root at the top */
		}
		next = last ? openat(cur, name, flags | O_NOFOLLOW)
			    : openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(cur);
		if (next < 0 || last)
			return next;
		cur = next;
		memmove(todo, rest, strlen(rest) + 1);
	}
}

int ld_root_openat(const struct ld_root *root, const char *path, int flags)
{
	int fd;

	if (root->live)
		fd = openat(root->dirfd, relative(path), flags | O_CLOEXEC);
	else {
		fd = openat2_in_root(root->dirfd, relative(path), flags | O_CLOEXEC,
				     RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
		if (fd < 0 && errno == ENOSYS)
			fd = walk_in_root(root->dirfd, relative(path), flags | O_CLOEXEC);
	}
	return fd < 0 ? -errno : fd;
}

int ld_root_openat_below(const struct ld_root *root, int dirfd, const char *name, int flags)
{
	int fd;

	if (root->live)
		fd = openat(dirfd, name, flags | O_CLOEXEC);
	else {
		/* beneath a directory of the root: a link that leaves it is refused (EXDEV) */
		fd = openat2_in_root(dirfd, name, flags | O_CLOEXEC,
				     RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
		if (fd < 0 && errno == ENOSYS)
			fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW);
	}
	return fd < 0 ? -errno : fd;
}

int ld_root_open_regular(const struct ld_root *root, const char *path, int flags)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer; dropped once it is a file */
	fd = ld_root_openat(root, path, flags | O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? -EISDIR : -LD_ENOTREG;

		close(fd);
		return err;
	}
	if (!(flags & O_NONBLOCK))
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

int ld_root_access(const struct ld_root *root, const char *path)
{
	int fd;

	if (root->live)
		return faccessat(root->dirfd, relative(path), F_OK, AT_SYMLINK_NOFOLLOW) < 0 ? -errno
											   : 0;
	/* O_PATH|O_NOFOLLOW: exists, resolved inside the root, the last link not followed */
	fd = ld_root_openat(root, path, O_PATH | O_NOFOLLOW);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

const char *ld_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == LD_ENOTREG)
		return "Not a regular file";
	return strerror(err);
}

int ld_root_read_file(const struct ld_root *root, const char *path, size_t max, char **ret_buf,
		      size_t *ret_len)
{
	size_t initial = 4096;
	struct stat st;
	int fd, err;

	fd = ld_root_open_regular(root, path, 0);
	if (fd < 0)
		return fd;
	/* size the buffer once when the file tells its size (BTF is megabytes) */
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size <= max)
		initial = (size_t)st.st_size;
	err = ld_readall(ld_read_fd, &fd, initial, max, ret_buf, ret_len);
	close(fd);
	return err;
}
