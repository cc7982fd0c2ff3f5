/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_ROOT_H
#define LOCKDOWN_ROOT_H

#include <errno.h>
#include <stddef.h>
#include <stdbool.h>

/*
 * Every file the library reads or writes goes through an ld_root: a directory
 * fd plus the prefix it was opened from. "/" is the live system; a fixture
 * tree (lockdownctl --root DIR) is a fake one, so the same code runs against
 * captured /proc and /sys trees in tests.
 */
struct ld_root;

int ld_root_open(const char *dir, struct ld_root **ret);
struct ld_root *ld_root_free(struct ld_root *root);

/* The prefix given to ld_root_open(), "/" for the live system. */
const char *ld_root_prefix(const struct ld_root *root);
bool ld_root_is_live(const struct ld_root *root);

/*
 * openat() relative to the root; path is absolute ("/proc/cmdline"). Under a
 * fake root the path and every symlink on the way resolve beneath the root
 * (RESOLVE_IN_ROOT): nothing outside it is ever read or written.
 */
int ld_root_openat(const struct ld_root *root, const char *path, int flags);
/* openat(dirfd, name) for a directory opened through the root; links may not leave it. */
int ld_root_openat_below(const struct ld_root *root, int dirfd, const char *name, int flags);

/*
 * A file the library reads as data: opened read-only without blocking (a
 * FIFO never waits for a writer), and only if it is a regular file:
 * -EISDIR for a directory, -LD_ENOTREG for a FIFO, socket or device.
 * flags may add O_NONBLOCK to keep it; returns the fd or -errno.
 */
#define LD_ENOTREG EMEDIUMTYPE /* an errno no file read returns otherwise */
int ld_root_open_regular(const struct ld_root *root, const char *path, int flags);

/* strerror() that knows LD_ENOTREG; takes err or -err. */
const char *ld_strerror(int err);

/*
 * Read a whole file (at most max bytes; -EFBIG beyond) into a NUL-terminated
 * buffer. Returns 0 or -errno; *ret_buf and *ret_len are untouched on failure.
 */
int ld_root_read_file(const struct ld_root *root, const char *path, size_t max, char **ret_buf,
		      size_t *ret_len);

/* 0 when path exists, -errno otherwise (no symlink following at the end). */
int ld_root_access(const struct ld_root *root, const char *path);

#endif
