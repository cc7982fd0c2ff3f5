// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Replacing configuration files without ever leaving half of one: write a
 * temporary file next to it, fsync, rename over, fsync the directory. The
 * boot loader's configuration is the last file a machine should lose.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockdown/atomicfile.h"
#include "lockdown/infile.h"
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

static bool exists_at(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static bool regular_at(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* An empty marker file `name` + suffix in dirfd (kept if it is there already). */
static int mark(int dirfd, const char *name, const char *suffix)
{
	char m[NAME_MAX + 1];

	if (snprintf(m, sizeof(m), "%s%s", name, suffix) >= (int)sizeof(m))
		return -ENAMETOOLONG;
	if (exists_at(dirfd, m))
		return 0;
	return replace_in(dirfd, m, "", 0, 0644, 0, 0, false);
}

/* Make NAME in the directory PD (resolved beneath the root), marked as lockdownctl's. */
static int make_one(int pd, const char *name)
{
	int d, err;

	if (mkdirat(pd, name, 0755) < 0)
		return -errno;
	d = openat(pd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d < 0)
		return -errno;
	err = replace_in(d, LD_CREATED_DIR_MARK, "", 0, 0644, 0, 0, false);
	close(d);
	return err;
}

/*
 * mkdir -p of PATH's directory, one name at a time, each made in its parent
 * as resolved beneath the root: a link on the way (R/etc -> /elsewhere) is
 * followed inside the root, never out of it. A name that is there but does
 * not lead to a directory in the root (a dangling link, a file) is -ENOTDIR.
 * With CREATE false nothing is made: it says whether making them would work,
 * so that the dry run fails where the real run would.
 */
static int make_parents(const struct ld_root *root, const char *path, bool create)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int err = 0;

	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		return -EINVAL;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	for (char *p = dir + 1; err == 0; p++) {
		char c = *p, *last;
		struct stat st;
		int d, pd;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		d = ld_root_openat(root, dir, O_RDONLY | O_DIRECTORY);
		if (d >= 0)
			close(d);
		else if (d != -ENOENT)
			err = d;
		else {
			/* DIR does not lead anywhere; its parent does (the step before) */
			last = strrchr(dir, '/');
			*last = '\0';
			pd = ld_root_openat(root, dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY);
			*last = '/';
			if (pd < 0)
				err = pd;
			else if (fstatat(pd, last + 1, &st, AT_SYMLINK_NOFOLLOW) == 0)
				err = -ENOTDIR; /* there, but not a directory of the root */
			else if (errno != ENOENT)
				err = -errno;
			else if (!create)
				c = '\0'; /* the rest would be made: done */
			else
				err = make_one(pd, last + 1);
			if (pd >= 0)
				close(pd);
		}
		*p = c;
		if (!c)
			break;
	}
	return err;
}

int ld_atomic_replace(const struct ld_root *root, const char *path, const void *data, size_t len,
		      mode_t new_mode)
{
	char backup[NAME_MAX + 1], created[NAME_MAX + 1];
	const char *base, *made = NULL;
	struct stat st;
	char *old = NULL;
	int dirfd, fd, err = 0;

	if (!relative(path)[0])
		return -EINVAL;
	dirfd = open_parent(root, path, &base);
	if (dirfd == -ENOENT) {
		/* a new file in a directory that does not exist yet (/etc/kernel) */
		err = make_parents(root, path, true);
		if (err < 0)
			return err;
		dirfd = open_parent(root, path, &base);
	}
	if (dirfd < 0)
		return dirfd;
	if (snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) >= (int)sizeof(backup) ||
	    snprintf(created, sizeof(created), "%s" LD_CREATED_SUFFIX, base) >= (int)sizeof(created)) {
		close(dirfd);
		return -ENAMETOOLONG;
	}
	/* a backup that is not a plain file (a link, a FIFO) would be no backup at all */
	if (exists_at(dirfd, backup) && !regular_at(dirfd, backup)) {
		close(dirfd);
		return -EEXIST;
	}
	fd = openat(dirfd, base, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd >= 0) {
		/* keep the old version, whole, before anything changes (the first time only) */
		if (fstat(fd, &st) < 0)
			err = -errno;
		else if (!S_ISREG(st.st_mode))
			err = -EINVAL;
		else if (exists_at(dirfd, backup) || exists_at(dirfd, created))
			err = 0; /* lockdownctl wrote it before: the backup or marker stays */
		else if ((err = read_fd(fd, (size_t)st.st_size, &old)) == 0) {
			made = backup; /* there was none: whatever is there now is ours */
			err = replace_in(dirfd, backup, old, (size_t)st.st_size, st.st_mode, st.st_uid,
					 st.st_gid, true);
		}
		close(fd);
		free(old);
		if (err == 0)
			err = replace_in(dirfd, base, data, len, st.st_mode, st.st_uid, st.st_gid, true);
	} else if (errno == ENOENT) {
		if (!exists_at(dirfd, backup) && !exists_at(dirfd, created)) {
			made = created;
			err = mark(dirfd, base, LD_CREATED_SUFFIX);
		}
		if (err == 0)
			err = replace_in(dirfd, base, data, len, new_mode, 0, 0, false);
	} else
		err = -errno;
	/* the edit failed (a read-only or immutable file): what this call made goes too,
	 * so that no backup or marker says lockdownctl changed a file it did not */
	if (err < 0 && made && unlinkat(dirfd, made, 0) == 0)
		(void)fsync(dirfd);
	close(dirfd);
	return err;
}

static int unlink_if(int dirfd, const char *name, const char *suffix)
{
	char n[NAME_MAX + 1];

	if (snprintf(n, sizeof(n), "%s%s", name, suffix) >= (int)sizeof(n))
		return -ENAMETOOLONG;
	return unlinkat(dirfd, n, 0) < 0 && errno != ENOENT ? -errno : 0;
}

int ld_atomic_forget(const struct ld_root *root, const char *path)
{
	const char *base;
	int dirfd = open_parent(root, path, &base), err;

	if (dirfd < 0)
		return dirfd;
	err = unlink_if(dirfd, base, LD_BACKUP_SUFFIX);
	if (err == 0)
		err = unlink_if(dirfd, base, LD_CREATED_SUFFIX);
	if (err == 0 && fsync(dirfd) < 0)
		err = -errno;
	close(dirfd);
	return err;
}

/* The directory of path, if lockdownctl made it and nothing but its mark is left in it: 1 when removed. */
static int remove_made_dir(const struct ld_root *root, const char *path)
{
	char dir[PATH_MAX], parent[PATH_MAX];
	const char *slash = strrchr(path, '/'), *pslash;
	int d, p, err = 0;
	DIR *dd;
	struct dirent *de;
	bool other = false;

	if (!slash || slash == path)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	d = ld_root_openat(root, dir, O_RDONLY | O_DIRECTORY);
	if (d < 0)
		return d == -ENOENT ? 0 : d;
	if (!exists_at(d, LD_CREATED_DIR_MARK)) {
		close(d);
		return 0;
	}
	dd = fdopendir(d);
	if (!dd) {
		close(d);
		return -errno;
	}
	while ((de = readdir(dd)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, LD_CREATED_DIR_MARK))
			other = true;
	if (!other && unlinkat(dirfd(dd), LD_CREATED_DIR_MARK, 0) < 0)
		err = -errno;
	closedir(dd);
	if (other || err < 0)
		return err;
	pslash = strrchr(dir, '/');
	snprintf(parent, sizeof(parent), "%.*s", pslash == dir ? 1 : (int)(pslash - dir), dir);
	p = ld_root_openat(root, parent, O_RDONLY | O_DIRECTORY);
	if (p < 0)
		return p;
	if (unlinkat(p, pslash + 1, AT_REMOVEDIR) < 0)
		err = -errno;
	else if (fsync(p) < 0)
		err = -errno;
	close(p);
	return err < 0 ? err : 1; /* removed: its parent may be next */
}

int ld_atomic_remove(const struct ld_root *root, const char *path, bool keep_as_edited)
{
	char edited[NAME_MAX + 1];
	const char *base;
	int dirfd, err = 0;

	dirfd = open_parent(root, path, &base);
	if (dirfd < 0)
		return dirfd;
	if (keep_as_edited) {
		if (snprintf(edited, sizeof(edited), "%s" LD_EDITED_SUFFIX, base) >= (int)sizeof(edited))
			err = -ENAMETOOLONG;
		else if (renameat(dirfd, base, dirfd, edited) < 0)
			err = -errno;
	} else if (unlinkat(dirfd, base, 0) < 0)
		err = -errno;
	if (err == 0 && fsync(dirfd) < 0)
		err = -errno;
	close(dirfd);
	if (err == 0)
		err = ld_atomic_forget(root, path);
	/* the directories lockdownctl made for it, as far up as they are empty */
	for (char dir[PATH_MAX]; err == 0;) {
		const char *slash;

		snprintf(dir, sizeof(dir), "%s", path);
		err = remove_made_dir(root, dir);
		if (err != 1)
			break;
		slash = strrchr(path, '/');
		if (!slash || slash == path)
			break;
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		path = strdupa(dir);
		err = 0;
	}
	return err < 0 ? err : 0;
}

int ld_atomic_check(const struct ld_root *root, const char *path, char **ret_target)
{
	char backup[NAME_MAX + 1];
	const char *base;
	struct stat st;
	int dirfd = open_parent(root, path, &base), err = 0;

	if (dirfd == -ENOENT)
		return make_parents(root, path, false);
	if (dirfd < 0)
		return dirfd;
	if (snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) < (int)sizeof(backup) &&
	    fstatat(dirfd, backup, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		err = -EEXIST;
		if (ret_target)
			*ret_target = strdup(ld_file_type_words(st.st_mode));
	} else if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		err = errno == ENOENT ? 0 : -errno;
	else if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(dirfd, base, target, sizeof(target) - 1);

		err = -ELOOP;
		if (ret_target)
			*ret_target = strndup(n < 0 ? "?" : target, n < 0 ? 1 : (size_t)n);
	} else if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		if (ret_target)
			*ret_target = strdup(ld_file_type_words(st.st_mode));
	}
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
