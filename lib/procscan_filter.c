// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The stat-based filter of ld_proc_scan(): which device numbers, filesystems
 * and inodes the paths of interest stand for on the live system, so that a
 * descriptor pointing elsewhere needs no readlink.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lockdown/root.h"
#include "procscan_internal.h"

static void add_majors_below(struct ld_proc_filter *f, const char *dir, int depth)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[512];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 2)
			add_majors_below(f, path, depth + 1);
		else if ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && f->n_majors < 8)
			f->majors[f->n_majors++] = major(st.st_rdev);
	}
	closedir(d);
}

void ld_proc_filter_init(struct ld_proc_filter *f, const struct ld_root *root,
			 const struct ld_proc_interest *in, size_t n_in)
{
	memset(f, 0, sizeof(*f));
	if (!ld_root_is_live(root))
		return;
	for (size_t i = 0; i < n_in; i++) {
		struct stat st;
		char dir[512];

		if (strncmp(in[i].path, "anon_inode:", 11) == 0) {
			/* every anonymous inode shares one filesystem: learn it from an eventfd */
			int efd = eventfd(0, EFD_CLOEXEC);

			if (efd < 0 || fstat(efd, &st) < 0 || f->n_fs == 8) {
				if (efd >= 0)
					close(efd);
				return; /* cannot filter safely: read every link */
			}
			close(efd);
			f->fs[f->n_fs++] = st.st_dev;
			continue;
		}
		if (!in[i].prefix) {
			if (stat(in[i].path, &st) < 0)
				continue; /* absent here: no process can hold it */
			if ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && f->n_rdevs < 8)
				f->rdevs[f->n_rdevs++] = st.st_rdev;
			else if (f->n_files < 8) {
				f->files[f->n_files].dev = st.st_dev;
				f->files[f->n_files++].ino = st.st_ino;
			} else
				return;
			continue;
		}
		if (strncmp(in[i].path, "/dev/", 5) == 0) {
			snprintf(dir, sizeof(dir), "%s", in[i].path);
			add_majors_below(f, dir, 0);
			continue;
		}
		/* "/sys/devices/pci" is a name prefix: its directory is /sys/devices */
		snprintf(dir, sizeof(dir), "%s", in[i].path);
		if (stat(dir, &st) < 0) {
			char *slash = strrchr(dir, '/');

			if (!slash || slash == dir)
				return;
			*slash = '\0';
			if (stat(dir, &st) < 0)
				return;
		}
		if (f->n_fs == 8)
			return;
		f->fs[f->n_fs++] = st.st_dev;
	}
	f->on = true;
}

bool ld_proc_filter_candidate(const struct ld_proc_filter *f, const struct stat *st)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		for (size_t i = 0; i < f->n_rdevs; i++)
			if (st->st_rdev == f->rdevs[i])
				return true;
		for (size_t i = 0; i < f->n_majors; i++)
			if (major(st->st_rdev) == f->majors[i])
				return true;
		return false;
	}
	for (size_t i = 0; i < f->n_fs; i++)
		if (st->st_dev == f->fs[i])
			return true;
	for (size_t i = 0; i < f->n_files; i++)
		if (st->st_dev == f->files[i].dev && st->st_ino == f->files[i].ino)
			return true;
	return false;
}
