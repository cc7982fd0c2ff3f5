// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What lockdownctl made (a file or a directory that was not there before),
 * recorded under LD_STATE_DIR rather than beside the admin's files, so that
 * undoing removes exactly what it made and /etc holds only configuration.
 * And the directories it makes on the way to a new file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockdown/root.h"
#include "madestate.h"

#define CREATED_FILES LD_STATE_DIR "/created"
#define CREATED_DIRS LD_STATE_DIR "/created-dirs"

/* PATH as `systemd-escape --path` writes it: slashes to '-', the rest that is not [A-Za-z0-9:_.] as \xHH. */
static int escape_path(const char *path, char *buf, size_t size)
{
	size_t n = 0, end = strlen(path);

	while (*path == '/')
		path++, end--;
	while (end > 0 && path[end - 1] == '/')
		end--;
	if (end == 0)
		return snprintf(buf, size, "-") >= (int)size ? -ENAMETOOLONG : 0;
	for (size_t i = 0; i < end; i++) {
		unsigned char c = (unsigned char)path[i];
		int w;

		if (c == '/')
			w = snprintf(buf + n, size - n, "-");
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == ':' || c == '_' || (c == '.' && i > 0))
			w = snprintf(buf + n, size - n, "%c", c);
		else
			w = snprintf(buf + n, size - n, "\\x%02x", c);
		if (w < 0 || (size_t)w >= size - n)
			return -ENAMETOOLONG;
		n += (size_t)w;
	}
	return n > NAME_MAX ? -ENAMETOOLONG : 0;
}

int ld_made_marker(const char *path, bool dir, char *buf, size_t size)
{
	char name[NAME_MAX + 1];
	int r = escape_path(path, name, sizeof(name));

	if (r < 0)
		return r;
	return snprintf(buf, size, "%s/%s", dir ? CREATED_DIRS : CREATED_FILES, name) >= (int)size
		       ? -ENAMETOOLONG
		       : 0;
}

/* Where versions before 0.1.0 marked PATH: beside the file, inside the directory. */
static int legacy_marker(const char *path, bool dir, char *buf, size_t size)
{
	return snprintf(buf, size, "%s%s", path, dir ? "/" LD_LEGACY_DIR_MARK : LD_LEGACY_CREATED_SUFFIX) >=
			       (int)size
		       ? -ENAMETOOLONG
		       : 0;
}

bool ld_made(const struct ld_root *root, const char *path, bool dir)
{
	char m[PATH_MAX];

	return (ld_made_marker(path, dir, m, sizeof(m)) == 0 && ld_root_access(root, m) == 0) ||
	       (legacy_marker(path, dir, m, sizeof(m)) == 0 && ld_root_access(root, m) == 0);
}

int ld_made_set(const struct ld_root *root, const char *path, bool dir)
{
	char m[PATH_MAX];
	const char *base;
	int d, r = ld_made_marker(path, dir, m, sizeof(m));

	if (r == 0)
		r = ld_make_parents(root, m, true, false);
	if (r < 0)
		return r;
	d = ld_open_parent(root, m, &base);
	if (d < 0)
		return d;
	if (faccessat(d, base, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
		r = ld_write_at(d, base, "", 0, 0644, 0, 0, false);
	close(d);
	return r;
}

static int unlink_path(const struct ld_root *root, const char *path)
{
	const char *base;
	int d = ld_open_parent(root, path, &base), r = 0;

	if (d == -ENOENT)
		return 0;
	if (d < 0)
		return d;
	if (unlinkat(d, base, 0) < 0)
		r = errno == ENOENT ? 0 : -errno;
	else if (fsync(d) < 0)
		r = -errno;
	close(d);
	return r;
}

int ld_made_clear(const struct ld_root *root, const char *path, bool dir)
{
	char m[PATH_MAX];
	int r = ld_made_marker(path, dir, m, sizeof(m));

	if (r == 0)
		r = unlink_path(root, m);
	if (r == 0 && legacy_marker(path, dir, m, sizeof(m)) == 0)
		r = unlink_path(root, m);
	return r;
}

int ld_made_sides(const struct ld_root *root, const char *path, bool dir, bool create, ld_side_fn fn,
		  void *userdata)
{
	char m[PATH_MAX];
	int r = ld_made_marker(path, dir, m, sizeof(m));

	if (r < 0)
		return r;
	if (create) {
		if (ld_root_access(root, m) == 0)
			return 0;
		/* the state directories that are missing, top down */
		for (char *p = m + 1; r == 0 && *p; p++) {
			char c = *p;

			if (c != '/')
				continue;
			*p = '\0';
			if (ld_root_access(root, m) < 0)
				r = fn(m, true, "directory", userdata);
			*p = c;
		}
		return r ? r : fn(m, true, "marker", userdata);
	}
	if (ld_root_access(root, m) == 0)
		r = fn(m, false, "marker", userdata);
	if (r == 0 && legacy_marker(path, dir, m, sizeof(m)) == 0 && ld_root_access(root, m) == 0)
		r = fn(m, false, "marker", userdata);
	return r;
}

/* Make NAME in the directory PD (resolved beneath the root): FULL is its path in the root. */
static int make_one(const struct ld_root *root, int pd, const char *name, const char *full, bool mark)
{
	if (mkdirat(pd, name, 0755) < 0)
		return -errno;
	if (fsync(pd) < 0)
		return -errno;
	return mark ? ld_made_set(root, full, true) : 0;
}

int ld_make_parents(const struct ld_root *root, const char *path, bool create, bool mark)
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
				err = make_one(root, pd, last + 1, dir, mark);
			if (pd >= 0)
				close(pd);
		}
		*p = c;
		if (!c)
			break;
	}
	return err;
}
