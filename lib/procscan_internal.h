/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal to lib/: the pieces ld_proc_scan() (procscan.c) shares with the
 * filter that spares most readlinks (procscan_filter.c) and the reading of
 * one process (procscan_process.c).
 */
#ifndef LOCKDOWN_PROCSCAN_INTERNAL_H
#define LOCKDOWN_PROCSCAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "procscan.h"

struct ld_root;

/*
 * On the live system most descriptors can be settled by the device and
 * inode of their target, a stat, without the readlink that builds a path:
 * /dev/null, sockets, pipes and files on disk are none of our business. Only
 * candidates are read as links. Fixture roots hold dangling symlinks whose
 * targets would resolve on the host, so there every descriptor is read.
 */
struct ld_proc_filter {
	bool on;
	dev_t rdevs[8]; /* character devices named exactly (/dev/mem, /dev/port, ...) */
	size_t n_rdevs;
	unsigned majors[8]; /* character majors below a /dev prefix (/dev/cpu/N/msr) */
	size_t n_majors;
	dev_t fs[8]; /* filesystems below other prefixes (debugfs, tracefs, sysfs), anon inodes */
	size_t n_fs;
	struct {
		dev_t dev;
		ino_t ino;
	} files[8]; /* other files named exactly (/proc/kcore) */
	size_t n_files;
};

void ld_proc_filter_init(struct ld_proc_filter *f, const struct ld_root *root,
			 const struct ld_proc_interest *in, size_t n_in);
/* Is a descriptor whose target stat()s as *st worth its readlink? */
bool ld_proc_filter_candidate(const struct ld_proc_filter *f, const struct stat *st);

/* Hits among PID's open descriptors, into s; -errno when its fd directory cannot be read. */
int ld_proc_scan_fds(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		     size_t n_in, const struct ld_proc_filter *f, struct ld_proc_scan *s);
/* Hits among PID's mapped files, one per file, into s. */
int ld_proc_scan_maps(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		      size_t n_in, struct ld_proc_scan *s);

#endif
