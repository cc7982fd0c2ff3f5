/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_PROCSCAN_H
#define LOCKDOWN_PROCSCAN_H

#include <stdbool.h>
#include <stddef.h>

struct ld_root;

/* A path of interest: exact, or every path below a directory prefix. */
struct ld_proc_interest {
	const char *path;
	bool prefix;
};

/* A process that holds (fd) or maps (fd = -1) a path of interest. */
struct ld_proc_hit {
	int pid;
	int fd;
	int accmode;   /* O_RDONLY/O_WRONLY/O_RDWR from fdinfo; -1 unknown or a mapping */
	char *path;
	char *cmdline; /* arguments joined by blanks; the comm in brackets for kernel threads */
};

struct ld_proc_scan {
	struct ld_proc_hit *hits;
	size_t n;
	size_t procs;            /* processes looked at */
	size_t procs_unreadable; /* of which fd or maps could not be read (permission) */
};

/*
 * One pass over /proc/PID/fd and /proc/PID/maps of every process, linear in
 * the number of fds and mappings, keeping only paths of interest. The calling
 * process itself is skipped on the live system.
 */
int ld_proc_scan(const struct ld_root *root, const struct ld_proc_interest *interests,
		 size_t n_interests, struct ld_proc_scan *ret);
void ld_proc_scan_clear(struct ld_proc_scan *s);

#endif
