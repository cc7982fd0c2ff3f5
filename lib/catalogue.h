/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to lib/: shared by the BTF and built-in catalogue sources. */
#ifndef LIB_CATALOGUE_H
#define LIB_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

struct ld_catalogue;

struct enum_member {
	const char *name;
	int64_t value;
};

int ld_catalogue_build(const struct enum_member *members, size_t n, struct ld_catalogue *ret);

#endif
