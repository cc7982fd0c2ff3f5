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
#include "readall.h"
#include "infile.h"
#include "lockdown/root.h"
#include "madestate.h"

static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return path;
}

int ld_open_parent(const struct ld_root *root, const char *path, const char **ret_base)
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

int ld_write_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode, uid_t uid,
		gid_t gid, bool chown_it)
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
	err = ld_write_all(fd, data, len);
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

int ld_atomic_replace(const struct ld_root *root, const char *path, const void *data, size_t len,
		      mode_t new_mode)
{
	char backup[NAME_MAX + 1];
	const char *base;
	bool made_backup = false, made_mark = false, ours = ld_made(root, path, false);
	struct stat st;
	char *old = NULL;
	int dirfd, fd, err = 0;

	if (!relative(path)[0])
		return -EINVAL;
	dirfd = ld_open_parent(root, path, &base);
	if (dirfd == -ENOENT) {
		/* a new file in a directory that does not exist yet (/etc/kernel) */
		err = ld_make_parents(root, path, true, true);
		if (err < 0)
			return err;
		dirfd = ld_open_parent(root, path, &base);
	}
	if (dirfd < 0)
		return dirfd;
	if (snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) >= (int)sizeof(backup)) {
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
		else if (exists_at(dirfd, backup) || ours)
			err = 0; /* lockdownctl wrote it before: the backup or marker stays */
		else if ((err = read_fd(fd, (size_t)st.st_size, &old)) == 0) {
			made_backup = true; /* there was none: whatever is there now is ours */
			err = ld_write_at(dirfd, backup, old, (size_t)st.st_size, st.st_mode, st.st_uid,
					  st.st_gid, true);
		}
		close(fd);
		free(old);
		if (err == 0)
			err = ld_write_at(dirfd, base, data, len, st.st_mode, st.st_uid, st.st_gid, true);
	} else if (errno == ENOENT) {
		if (!exists_at(dirfd, backup) && !ours) {
			made_mark = true;
			err = ld_made_set(root, path, false);
		}
		if (err == 0)
			err = ld_write_at(dirfd, base, data, len, new_mode, 0, 0, false);
	} else
		err = -errno;
	/* the edit failed (a read-only or immutable file): what this call made goes too,
	 * so that no backup or marker says lockdownctl changed a file it did not */
	if (err < 0 && made_backup && unlinkat(dirfd, backup, 0) == 0)
		(void)fsync(dirfd);
	if (err < 0 && made_mark)
		(void)ld_made_clear(root, path, false);
	close(dirfd);
	return err;
}

int ld_atomic_forget(const struct ld_root *root, const char *path)
{
	char n[NAME_MAX + 1];
	const char *base;
	int dirfd = ld_open_parent(root, path, &base), err = 0;

	if (dirfd < 0)
		return dirfd;
	if (snprintf(n, sizeof(n), "%s" LD_BACKUP_SUFFIX, base) >= (int)sizeof(n))
		err = -ENAMETOOLONG;
	else if (unlinkat(dirfd, n, 0) < 0 && errno != ENOENT)
		err = -errno;
	if (err == 0 && fsync(dirfd) < 0)
		err = -errno;
	close(dirfd);
	return err < 0 ? err : ld_made_clear(root, path, false);
}

/* The directory of path, if lockdownctl made it and nothing is left in it: 1 when removed. */
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
	if (!ld_made(root, dir, true))
		return 0;
	d = ld_root_openat(root, dir, O_RDONLY | O_DIRECTORY);
	if (d < 0)
		return d == -ENOENT ? 0 : d;
	dd = fdopendir(d);
	if (!dd) {
		close(d);
		return -errno;
	}
	while ((de = readdir(dd)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, LD_LEGACY_DIR_MARK))
			other = true;
	closedir(dd);
	if (other)
		return 0;
	err = ld_made_clear(root, dir, true);
	if (err < 0)
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

	dirfd = ld_open_parent(root, path, &base);
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

/* Could the marker of a new file PATH be written? If not, *ret_target names the marker. */
static int check_state(const struct ld_root *root, const char *path, char *state, size_t size,
		       char **ret_target)
{
	int err = ld_made_marker(path, false, state, size);

	if (err == 0)
		err = ld_make_parents(root, state, false, false);
	if (err < 0 && ret_target)
		*ret_target = strdup(state);
	return err;
}

int ld_atomic_check(const struct ld_root *root, const char *path, char **ret_target)
{
	char backup[NAME_MAX + 1], state[PATH_MAX];
	const char *base;
	struct stat st;
	int dirfd = ld_open_parent(root, path, &base), err = 0;

	if (dirfd == -ENOENT) {
		/* a file and directories to make, recorded in the state: both must be possible */
		err = ld_make_parents(root, path, false, false);
		if (err == 0)
			err = check_state(root, path, state, sizeof(state), ret_target);
		return err;
	}
	if (dirfd < 0)
		return dirfd;
	if (snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, base) < (int)sizeof(backup) &&
	    fstatat(dirfd, backup, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
		err = -EEXIST;
		if (ret_target)
			*ret_target = strdup(ld_file_type_words(st.st_mode));
	} else if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		err = errno == ENOENT ? 0 : -errno;
		/* a new file: its marker in the state must be possible too */
		if (err == 0)
			err = check_state(root, path, state, sizeof(state), ret_target);
	} else if (S_ISLNK(st.st_mode)) {
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
	int dirfd = ld_open_parent(root, path, &base), err;

	if (dirfd < 0)
		return dirfd;
	err = ld_write_at(dirfd, base, data, len, mode, 0, 0, false);
	close(dirfd);
	return err;
}
