// SPDX-License-Identifier: LGPL-2.1-or-later
/* cgroup (v2) paths as the policy names them, and the ids the BPF side matches. */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "lockdown/enforce.h"
#include "lockdown/root.h"

#define CGROUP2_MOUNT "/sys/fs/cgroup"

int ld_cgroup_lookup(const char *cgroup2_mount, const char *path, uint64_t *ret_id,
		     unsigned *ret_level)
{
	char *full = NULL;
	struct stat st;
	unsigned level = 0;

	if (asprintf(&full, "%s%s", cgroup2_mount, path) < 0)
		return -ENOMEM;
	if (stat(full, &st) < 0) {
		int e = -errno;

		free(full);
		return e;
	}
	free(full);
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* depth: the number of components, "/" being level 0 */
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			level++;
	*ret_id = (uint64_t)st.st_ino; /* cgroup2: the directory's inode number is the cgroup id */
	*ret_level = level;
	return 0;
}

void ld_cgroup2_mount(const struct ld_root *root, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s",
		 strcmp(ld_root_prefix(root), "/") == 0 ? "" : ld_root_prefix(root), CGROUP2_MOUNT);
}

/*
 * Below the directory open as dfd (its path from the mount: rel), the
 * cgroup whose id is id: a walk in readdir order, each directory before
 * what it holds, never following links nor leaving the mount's file system.
 */
static char *search(int dfd, dev_t dev, const char *rel, uint64_t id, unsigned depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	char *found = NULL;

	if (!d) {
		close(dfd);
		return NULL;
	}
	while (!found && (de = readdir(d))) {
		struct stat st;
		char *child;
		int fd;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode) ||
		    st.st_dev != dev)
			continue;
		if (asprintf(&child, "%s/%s", strcmp(rel, "/") == 0 ? "" : rel, de->d_name) < 0)
			break;
		if ((uint64_t)st.st_ino == id) {
			found = child;
			break;
		}
		fd = depth < 64 ? openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
				: -1;
		if (fd >= 0)
			found = search(fd, dev, child, id, depth + 1);
		free(child);
	}
	closedir(d);
	return found;
}

char *ld_cgroup_path_of(const char *mount, uint64_t id)
{
	int fd = open(mount, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return NULL;
	}
	if ((uint64_t)st.st_ino == id) {
		close(fd);
		return strdup("/");
	}
	return search(fd, st.st_dev, "/", id, 0);
}
