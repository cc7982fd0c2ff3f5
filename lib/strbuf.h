/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib: a string that grows as it is written, always NUL-terminated. */
#ifndef LOCKDOWN_STRBUF_H
#define LOCKDOWN_STRBUF_H

#include <stddef.h>

struct ld_strbuf {
	char *p;    /* NULL until something is put */
	size_t n, cap;
	size_t max; /* 0: no limit; else what would go beyond is cut and err is -E2BIG */
	int err;    /* the first error; every put after it does nothing */
};

void ld_strbuf_put(struct ld_strbuf *b, const char *s, size_t n);

#endif
