// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/strv.h"

int ld_strv_push(struct ld_strv *sv, const char *s, size_t len)
{
	char **v = sv->v;
	char *copy;

	/* room for n + 2 (the new string, the NULL), doubled when n + 1 is a power of two */
	if (sv->n == 0 || (sv->n + 1 >= 8 && ((sv->n + 1) & sv->n) == 0)) {
		v = realloc(sv->v, (sv->n < 7 ? 8 : 2 * (sv->n + 1)) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		sv->v = v;
	}
	copy = strndup(s, len);
	if (!copy)
		return -ENOMEM;
	v[sv->n++] = copy;
	v[sv->n] = NULL;
	return 0;
}

bool ld_strv_contains(const struct ld_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void ld_strv_clear(struct ld_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

const char *ld_strv_join(const struct ld_strv *sv, const char *sep, char *buf, size_t size)
{
	size_t off = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < sv->n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%s", i ? sep : "", sv->v[i]);
	return buf;
}
