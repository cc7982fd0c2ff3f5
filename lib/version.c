// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "version.h"

static bool parse_uint(const char **p, unsigned *ret)
{
	unsigned long v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 100000)
			return false;
	}
	*p = s;
	*ret = (unsigned)v;
	return true;
}

static int parse_triplet(const char *s, struct ld_kernel_version *ret)
{
	struct ld_kernel_version v = { 0 };

	if (!parse_uint(&s, &v.major) || *s++ != '.' || !parse_uint(&s, &v.minor))
		return -EINVAL;
	if (*s == '.') {
		s++;
		if (!parse_uint(&s, &v.patch))
			return -EINVAL;
	}
	*ret = v;
	return 0;
}

int ld_kernel_version_parse(const char *release, const char *version_line,
			    struct ld_kernel_version *ret)
{
	struct ld_kernel_version v, pkg;
	const char *deb;

	if (!release || parse_triplet(release, &v) < 0)
		return -EINVAL;
	/* "... SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-...)" */
	if (version_line && (deb = strstr(version_line, " Debian ")) &&
	    parse_triplet(deb + 8, &pkg) == 0 && pkg.major == v.major && pkg.minor == v.minor &&
	    pkg.patch > v.patch)
		v.patch = pkg.patch;
	*ret = v;
	return 0;
}
