// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Replacing configuration files without ever leaving half of one: write a
 * temporary file next to it, fsync, rename over, fsync the directory. The
 * boot loader's configuration is the last file a machine should lose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockdown/atomicfile.h"
#include "lockdown/root.h"

static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

/* The directory part (under root, opened) and the base name of path. */
static int open_parent(const struct ld_root *root, const char *path, const char **ret_base)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash || !slash[1])
		return -EINVAL;
	n = (size_t)(slash - path);
	if (n >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	*ret_base = slash + 1;
	return ld_root_openat(root, n ? dir : "/", O_RDONLY | O_DIRECTORY);
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write data to a new temporary file in dirfd, renamed to `name` when complete. */
static int replace_in(int dirfd, const char *name, const void *data, size_t len, mode_t mode,
		      uid_t uid, gid_t gid, bool chown_it)
{
	char tmp[NAME_MAX + 1];
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), ".%s.lockdownctl-XXXXXX", name) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/* mkstemp has no *at variant: pick the name, then create it exclusively */
	for (int tries = 0;; tries++) {
		static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
		char *x = tmp + strlen(tmp) - 6;

		for (int i = 0; i < 6; i++)
			x[i] = chars[(unsigned)rand() % (sizeof(chars) - 1)];
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
		if (fd >= 0 || errno != EEXIST || tries > 100)
			break;
	}
	if (fd < 0)
		return -errno;
	err = write_all(fd, data, len);
	if (err == 0 && fchmod(fd, mode & 07777) < 0)
		err = -errno;
	if (err == 0 && chown_it && fchown(fd, uid, gid) < 0 && errno != EPERM)
		err = -errno;
	if (err == 0 && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	if (err == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		err = -errno;
	if (err < 0) {
		unlinkat(dirfd, tmp, 0);
		return err;
	}
	return fsync(dirfd) < 0 ? -errno : 0;
}

static int read_fd(int fd, size_t size, char **ret)
{
	char *buf = malloc(size ? size : 1);
	size_t got = 0;

	if (!buf)
		return -ENOMEM;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO; /* shrank under us */

			free(buf);
			return err;
		}
		got += (size_t)n;
	}
	*ret = buf;
	return 0;
}

int ld_atomic_replace(const struct ld_root *root, const char *path, const void *data, size_t len,
		      mode_t new_mode)
{
	char backup[NAME_MAX + 1];
	const char *base;
	struct stat st;
	char *old = NULL;
	int dirfd, fd, err;

	if (!relative(path)[0])
		return -EINVAL;
	dirfd = open_parent(root, path, &base);
	if (dirfd == -ENOENT) {
		/* a new file in a directory that does not exist yet (/etc/kernel) */
		char dir[PATH_MAX];
		int top = ld_root_openat(root, "/", O_RDONLY | O_DIRECTORY), merr = 0;

		if (top < 0)
			return top;
		snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
		/* mkdir -p, one component at a time */
		for (char *p = dir + 1; merr == 0; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char c = *p;

			*p = '\0';
			if (mkdirat(top, relative(dir), 0755) < 0 && errno != EEXIST)
				merr = -errno;
			*p = c;
			if (!c)
				break;
		}
		close(top);
		if (merr < 0)
			return merr;
		dirfd = open_parent(root, path, &base);
	}
	if (dirfd < 0)
		return dirfd;
	fd = openat(dirfd, base, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		/* keep the old version, whole, before anything changes */
		if (fstat(fd, &st) < 0)
			err = -errno;
		else if (!S_ISREG(st.st_mode))
			err = -EINVAL;
		else
			err = read_fd(fd, (size_t)st.st_size, &old);
		close(fd);
		if (err == 0 && snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) >=
					(int)sizeof(backup))
			err = -ENAMETOOLONG;
		if (err == 0)
			err = replace_in(dirfd, backup, old, (size_t)st.st_size, st.st_mode, st.st_uid,
					 st.st_gid, true);
		free(old);
		if (err == 0)
			err = replace_in(dirfd, base, data, len, st.st_mode, st.st_uid, st.st_gid, true);
	} else if (errno == ENOENT)
		err = replace_in(dirfd, base, data, len, new_mode, 0, 0, false);
	else
		err = -errno;
	close(dirfd);
	return err;
}

int ld_atomic_remove(const struct ld_root *root, const char *path)
{
	char backup[NAME_MAX + 1];
	const char *base;
	int dirfd, err = 0;

	dirfd = open_parent(root, path, &base);
	if (dirfd < 0)
		return dirfd;
	if (snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) >= (int)sizeof(backup))
		err = -ENAMETOOLONG;
	else if (renameat(dirfd, base, dirfd, backup) < 0)
		err = -errno;
	else if (fsync(dirfd) < 0)
		err = -errno;
	close(dirfd);
	return err;
}

int ld_atomic_write(const struct ld_root *root, const char *path, const void *data, size_t len,
		    mode_t mode)
{
	const char *base;
	int dirfd = open_parent(root, path, &base), err;

	if (dirfd < 0)
		return dirfd;
	err = replace_in(dirfd, base, data, len, mode, 0, 0, false);
	close(dirfd);
	return err;
}
