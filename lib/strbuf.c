// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void ld_strbuf_put(struct ld_strbuf *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (b->max && b->n + n > b->max) {
		n = b->n < b->max ? b->max - b->n : 0;
		b->err = -E2BIG;
	}
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->n + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}
