/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_DPKG_H
#define LOCKDOWN_DPKG_H

#include <stddef.h>

/* dpkg's database of installed packages. */
#define LD_DPKG_STATUS "/var/lib/dpkg/status"

/*
 * Call fn(name, name_len, userdata) for each package of a dpkg status file
 * (deb822 stanzas between blank lines) whose files are on disk: its Status
 * field's last word is installed, unpacked, half-configured, half-installed,
 * triggers-awaited or triggers-pending (not config-files or not-installed).
 * Only the Package and Status fields at a line start are read (field names
 * in any case), so damaged descriptions do not matter. 0, or what fn
 * returned (< 0).
 */
typedef int (*ld_dpkg_fn)(const char *name, size_t len, void *userdata);
int ld_dpkg_installed(const char *buf, size_t len, ld_dpkg_fn fn, void *userdata);

#endif
