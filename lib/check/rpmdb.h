/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_RPMDB_H
#define LOCKDOWN_RPMDB_H

#include <stddef.h>

#include "check/dpkg.h"

/*
 * rpm's database of installed packages in its SQLite format (rpm 4.16 and
 * later: Fedora 33+, RHEL 9, openSUSE's newer images keep ndb instead). The
 * first of these paths that exists is read; Fedora links /var/lib/rpm to the
 * first.
 */
#define LD_RPMDB_SYSIMAGE "/usr/lib/sysimage/rpm/rpmdb.sqlite"
#define LD_RPMDB_VARLIB "/var/lib/rpm/rpmdb.sqlite"

/*
 * Call fn(name, name_len, userdata) for each installed package of an rpm
 * SQLite database held in memory (its Name index: one row per installed
 * package; an empty name, or one with a NUL, is skipped). The bytes are only read: a database in WAL mode is read from a
 * copy marked as a rollback-journal database, so pages still in the -wal file
 * are not seen (rpm checkpoints when a transaction ends). 0; -EINVAL when the
 * bytes are not an rpm SQLite database; -ENOMEM; or what fn returned (< 0).
 */
int ld_rpmdb_installed(const void *db, size_t len, ld_dpkg_fn fn, void *userdata);

#endif
