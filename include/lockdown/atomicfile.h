/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_ATOMICFILE_H
#define LOCKDOWN_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ld_root;

/* The backup of FILE is FILE plus this suffix (not *.cfg: grub.d would source it). */
#define LD_BACKUP_SUFFIX ".lockdownctl-bak"
/* Where an edited file of ours is kept when undoing removes it (the admin's words: beside it). */
#define LD_EDITED_SUFFIX ".lockdownctl-edited"

/*
 * lockdownctl's state, which is not configuration: which files and
 * directories did not exist before it made them (so that undoing removes
 * them), one empty file each, LD_STATE_DIR/created/NAME for a file and
 * LD_STATE_DIR/created-dirs/NAME for a directory, NAME being the path as
 * `systemd-escape --path` writes it (/etc/kernel/cmdline: etc-kernel-cmdline).
 */
#define LD_STATE_DIR "/var/lib/lockdownctl"

/* The marker that says lockdownctl made PATH (DIR: a directory) into buf. 0, or -ENAMETOOLONG. */
int ld_made_marker(const char *path, bool dir, char *buf, size_t size);

/* Did lockdownctl make PATH? (its marker, or the one versions before 0.1.0 left beside it) */
bool ld_made(const struct ld_root *root, const char *path, bool dir);

/*
 * Replace `path` (absolute, under root) with `data`, so that at every
 * instant the file is the old version or the new one, never a mix:
 *   1. the first time only: if the file exists, its bytes are copied to
 *      path + LD_BACKUP_SUFFIX the same way (temporary file, fsync, rename),
 *      so a backup is always whole; if it does not, its marker in
 *      LD_STATE_DIR says so (and so does one for each directory that had
 *      to be made). An existing backup or marker is never replaced: it
 *      holds what was there before lockdownctl first wrote;
 *   2. a temporary file in the same directory gets the data, the old file's
 *      owner and mode (or new_mode), and is fsync'ed;
 *   3. it is renamed over the file and the directory is fsync'ed.
 * On any failure the temporary file is removed and the file is untouched,
 * and a backup or marker this call made is removed again: none may claim an
 * edit that did not happen. A backup path that holds anything but a regular
 * file (a link, a FIFO) is -EEXIST, before anything is written.
 * 0, or -errno.
 */
int ld_atomic_replace(const struct ld_root *root, const char *path, const void *data, size_t len,
		      mode_t new_mode);

/* Steps 2 and 3 only, for a file that is regenerated anyway (no backup). */
int ld_atomic_write(const struct ld_root *root, const char *path, const void *data, size_t len,
		    mode_t mode);

/*
 * Remove `path` (keep_as_edited: rename it to path + LD_EDITED_SUFFIX
 * instead), then its backup and created marker, then its directory if
 * lockdownctl made it and it holds nothing else, and so on up. 0, or -errno.
 */
int ld_atomic_remove(const struct ld_root *root, const char *path, bool keep_as_edited);

/* Forget that lockdownctl wrote `path` (now the original again): drop its backup and marker. */
int ld_atomic_forget(const struct ld_root *root, const char *path);

/*
 * What `path` is, without following a final symbolic link: 0 for a regular
 * file or nothing there, -ELOOP for a symbolic link (*ret_target, when not
 * NULL, gets where it points), -EINVAL for anything else (*ret_target gets
 * its kind: "a FIFO", "a directory", ...); -EEXIST when path +
 * LD_BACKUP_SUFFIX is there and not a regular file (*ret_target gets its
 * kind); -ENOTDIR when a directory on its path that is missing could not be
 * made beneath the root (*ret_target gets the path that could not be made
 * when it is the marker of a new file, in LD_STATE_DIR).
 */
int ld_atomic_check(const struct ld_root *root, const char *path, char **ret_target);

/*
 * Every path besides PATH itself that ld_atomic_replace() (REMOVE false;
 * FORGET: then ld_atomic_forget(), a restore) or ld_atomic_remove() (REMOVE
 * true, KEEP_AS_EDITED as given) would create or remove, as things stand
 * now: backups, markers, directories made (and their marks), the edited
 * copy. fn(path, create, role) is called once for each; role is "backup",
 * "marker", "directory" or "edited copy". So a dry run names everything. 0,
 * or what fn returned (< 0).
 */
typedef int (*ld_side_fn)(const char *path, bool create, const char *role, void *userdata);
int ld_atomic_side_effects(const struct ld_root *root, const char *path, bool remove, bool forget,
			   bool keep_as_edited, ld_side_fn fn, void *userdata);

#endif
