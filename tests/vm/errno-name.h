/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The errno names the VM helpers print ("@@PROBE dev_mem EPERM"), so the
 * host scripts compare words, not numbers; E<number> for the rest.
 */
#ifndef TESTS_VM_ERRNO_NAME_H
#define TESTS_VM_ERRNO_NAME_H

#include <errno.h>
#include <stdio.h>

static inline const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" },   { EACCES, "EACCES" }, { ENOENT, "ENOENT" },
		{ EINVAL, "EINVAL" }, { ENODEV, "ENODEV" }, { ENXIO, "ENXIO" },
		{ EIO, "EIO" },	      { EBUSY, "EBUSY" },   { EEXIST, "EEXIST" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENOSPC, "ENOSPC" }, { EFAULT, "EFAULT" },
	};
	static char other[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "E%d", e);
	return other;
}

#endif
