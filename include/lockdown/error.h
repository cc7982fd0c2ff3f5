/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_ERROR_H
#define LOCKDOWN_ERROR_H

#include <stddef.h>

/* Where a bad input was found, so the CLI can name the file and line. */
struct ld_where {
	char path[512];
	size_t line; /* 1-based; 0 when the whole file is at fault */
};

#endif
