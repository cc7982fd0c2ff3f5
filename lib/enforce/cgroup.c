// SPDX-License-Identifier: LGPL-2.1-or-later
/* cgroup (v2) paths as the policy names them, and the ids the BPF side matches. */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The cgroup path of each exemption, found by id under the cgroup2 mount. */
static struct {
	uint64_t id;
	char *path;
	size_t prefix;
} cg_search;

static int match_cgroup(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D && (uint64_t)sb->st_ino == cg_search.id) {
		cg_search.path = strdup(fpath[cg_search.prefix] ? fpath + cg_search.prefix : "/");
		return 1;
	}
	return 0;
}

char *ld_cgroup_path_of(const char *mount, uint64_t id)
{
	cg_search.id = id;
	cg_search.path = NULL;
	cg_search.prefix = strlen(mount);
	nftw(mount, match_cgroup, 16, FTW_PHYS | FTW_MOUNT);
	return cg_search.path;
}
