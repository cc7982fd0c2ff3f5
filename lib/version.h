/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_VERSION_H
#define LOCKDOWN_VERSION_H

/* The numeric head of a kernel release string such as "6.1.0-56-cloud-amd64". */
struct ld_kernel_version {
	unsigned major, minor, patch;
};

/*
 * Parse "MAJOR.MINOR[.PATCH]..." from a release. Debian's ABI names
 * ("6.1.0-56") carry no stable patch level; pass the package version from
 * /proc/version ("Debian 6.1.192-2") as `version_line` to recover it.
 */
int ld_kernel_version_parse(const char *release, const char *version_line,
			    struct ld_kernel_version *ret);

#endif
