// SPDX-License-Identifier: LGPL-2.1-or-later
/* cgroup (v2) paths as the policy names them, and the ids the BPF side matches. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "lockdown/enforce.h"

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
