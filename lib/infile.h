/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Files the user names on the command line (--file, --input): opened never blocking. */
#ifndef LOCKDOWN_INFILE_H
#define LOCKDOWN_INFILE_H

#include <stdbool.h>
#include <sys/types.h>

/* A file type in words ("a FIFO", "a directory", ...); NULL for a regular file. */
const char *ld_file_type_words(mode_t mode);

#define LD_INPUT_KMSG 1u /* /dev/kmsg itself is a log the user may name */

/*
 * Open PATH for reading without ever waiting: a regular file, or "-" for
 * standard input as it is (a pipe or a terminal is what "-" is for), or,
 * with LD_INPUT_KMSG, the kernel's log device (*ret_kmsg set, O_NONBLOCK
 * kept so a walk ends at the newest record). Anything else is -EISDIR or
 * -LD_ENOTREG, with *ret_what saying what it is. Returns the fd or -errno.
 */
int ld_open_input(const char *path, unsigned flags, bool *ret_kmsg, const char **ret_what);

#endif
