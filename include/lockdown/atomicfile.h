/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_ATOMICFILE_H
#define LOCKDOWN_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

struct ld_root;

/* The backup of FILE is FILE plus this suffix (not *.cfg: grub.d would source it). */
#define LD_BACKUP_SUFFIX ".lockdownctl-bak"

/*
 * Replace `path` (absolute, under root) with `data`, so that at every
 * instant the file is the old version or the new one, never a mix:
 *   1. if the file exists, its bytes are copied to path + LD_BACKUP_SUFFIX
 *      the same way (temporary file, fsync, rename), so a backup is always
 *      whole;
 *   2. a temporary file in the same directory gets the data, the old file's
 *      owner and mode (or new_mode), and is fsync'ed;
 *   3. it is renamed over the file and the directory is fsync'ed.
 * On any failure the temporary file is removed and the file is untouched.
 * 0, or -errno.
 */
int ld_atomic_replace(const struct ld_root *root, const char *path, const void *data, size_t len,
		      mode_t new_mode);

/* Steps 2 and 3 only, for a file that is regenerated anyway (no backup). */
int ld_atomic_write(const struct ld_root *root, const char *path, const void *data, size_t len,
		    mode_t mode);

/* Remove `path` by renaming it to its backup name (then fsync the directory). */
int ld_atomic_remove(const struct ld_root *root, const char *path);

#endif
