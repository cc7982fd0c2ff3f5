/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/: the pieces ld_atomic_*() share with lockdownctl's state of what it made. */
#ifndef LOCKDOWN_MADESTATE_H
#define LOCKDOWN_MADESTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lockdown/atomicfile.h"

struct ld_root;

/* What versions before 0.1.0 wrote beside the files: still read, and removed with the rest. */
#define LD_LEGACY_CREATED_SUFFIX ".lockdownctl-created"
#define LD_LEGACY_DIR_MARK ".lockdownctl-created-dir"

/* PATH's directory opened beneath the root (O_DIRECTORY), and PATH's last name in *ret_base. */
int ld_open_parent(const struct ld_root *root, const char *path, const char **ret_base);

/* Write DATA to a temporary file in DIRFD and rename it to NAME when whole (fsync'ed). */
int ld_write_at(int dirfd, const char *name, const void *data, size_t len, mode_t mode, uid_t uid,
		gid_t gid, bool chown_it);

/*
 * mkdir -p of PATH's directory, one name at a time, each made in its parent
 * as resolved beneath the root; with MARK each one made is recorded as
 * lockdownctl's (ld_made_set). A name that is there but does not lead to a
 * directory of the root is -ENOTDIR. With CREATE false nothing is made: it
 * says whether making them would work.
 */
int ld_make_parents(const struct ld_root *root, const char *path, bool create, bool mark);

/* Record that lockdownctl made PATH (a directory with DIR), making the state directories. */
int ld_made_set(const struct ld_root *root, const char *path, bool dir);
/* Forget it (the state's marker and a legacy one); gone already is 0. */
int ld_made_clear(const struct ld_root *root, const char *path, bool dir);

/*
 * For a plan: what ld_made_set() would create (the state directories that
 * are missing, then the marker) or ld_made_clear() remove, as fn() calls.
 */
int ld_made_sides(const struct ld_root *root, const char *path, bool dir, bool create, ld_side_fn fn,
		  void *userdata);

#endif
