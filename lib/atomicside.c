// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What ld_atomic_replace(), ld_atomic_forget() and ld_atomic_remove() will
 * create or remove besides the file itself, predicted from the root as it
 * is, so that a dry run names every path the real run touches.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/atomicfile.h"
#include "lockdown/root.h"
#include "madestate.h"

/* Is there anything at PATH (under root, not following a final link)? */
static bool exists_path(const struct ld_root *root, const char *path)
{
	return ld_root_access(root, path) == 0;
}

/* "/a/b/" holds the name n as one of its slash-separated names? */
static bool in_list(const char *list, const char *n)
{
	size_t len = strlen(n);

	for (const char *p = strstr(list, n); p; p = strstr(p + 1, n))
		if (p > list && p[-1] == '/' && p[len] == '/')
			return true;
	return false;
}

/* Would the directory of PATH be left empty (and so go, lockdownctl having made it)? Its name in dir. */
static bool dir_would_go(const struct ld_root *root, const char *path, const char *gone, char *dir,
			 size_t size)
{
	const char *slash = strrchr(path, '/');
	struct dirent *de;
	bool other = false;
	DIR *dd;
	int d;

	if (!slash || slash == path)
		return false;
	snprintf(dir, size, "%.*s", (int)(slash - path), path);
	if (!ld_made(root, dir, true))
		return false;
	d = ld_root_openat(root, dir, O_RDONLY | O_DIRECTORY);
	if (d < 0 || !(dd = fdopendir(d))) {
		if (d >= 0)
			close(d);
		return false;
	}
	/* what stays: anything but what this removal takes away */
	while ((de = readdir(dd)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    strcmp(de->d_name, LD_LEGACY_DIR_MARK) && !in_list(gone, de->d_name))
			other = true;
	closedir(dd);
	return !other;
}

int ld_atomic_side_effects(const struct ld_root *root, const char *path, bool remove, bool forget,
			   bool keep_as_edited, ld_side_fn fn, void *userdata)
{
	char backup[PATH_MAX + 64], edited[PATH_MAX + 64], dir[PATH_MAX];
	char gone[PATH_MAX + 4 * NAME_MAX + 128], here[PATH_MAX];
	const char *base = strrchr(path, '/');
	bool has_backup, has_made, has_file;
	int r = 0;

	if (!base || strlen(path) >= PATH_MAX || strlen(base) > NAME_MAX)
		return -ENAMETOOLONG;
	snprintf(backup, sizeof(backup), "%s" LD_BACKUP_SUFFIX, path);
	snprintf(edited, sizeof(edited), "%s" LD_EDITED_SUFFIX, path);
	base++;
	has_backup = exists_path(root, backup);
	has_made = ld_made(root, path, false);
	has_file = exists_path(root, path);
	if (!remove) {
		/* the directories made on the way, top down, each with its marker */
		if (!has_file) {
			char d[PATH_MAX];

			snprintf(d, sizeof(d), "%.*s", (int)(base - 1 - path), path);
			for (char *p = d + 1; r == 0 && *d; p++) {
				char c = *p;

				if (c != '/' && c != '\0')
					continue;
				*p = '\0';
				if (!exists_path(root, d)) {
					r = fn(d, true, "directory", userdata);
					if (r == 0)
						r = ld_made_sides(root, d, true, true, fn, userdata);
				}
				*p = c;
				if (!c)
					break;
			}
		}
		if (r == 0 && !has_backup && !has_made && !forget)
			r = has_file ? fn(backup, true, "backup", userdata)
				     : ld_made_sides(root, path, false, true, fn, userdata);
		if (r == 0 && forget && has_backup)
			r = fn(backup, false, "backup", userdata);
		if (r == 0 && forget && has_made)
			r = ld_made_sides(root, path, false, false, fn, userdata);
		return r;
	}
	if (keep_as_edited)
		r = fn(edited, true, "edited copy", userdata); /* the directory keeps it: it stays */
	if (r == 0 && has_backup)
		r = fn(backup, false, "backup", userdata);
	if (r == 0 && has_made)
		r = ld_made_sides(root, path, false, false, fn, userdata);
	if (keep_as_edited)
		return r;
	/* the directories lockdownctl made for it, as far up as they would be empty */
	snprintf(gone, sizeof(gone), "/%s/%s" LD_BACKUP_SUFFIX "/%s" LD_LEGACY_CREATED_SUFFIX "/", base,
		 base, base);
	snprintf(here, sizeof(here), "%s", path);
	while (r == 0 && dir_would_go(root, here, gone, dir, sizeof(dir))) {
		const char *slash = strrchr(dir, '/');

		r = ld_made_sides(root, dir, true, false, fn, userdata);
		if (r == 0)
			r = fn(dir, false, "directory", userdata);
		snprintf(gone, sizeof(gone), "/%s/", slash ? slash + 1 : dir);
		snprintf(here, sizeof(here), "%s", dir);
	}
	return r;
}
