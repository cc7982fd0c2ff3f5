// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The variables GRUB's files set, as the evaluator (grubeval.c) follows
 * them: each with its value and, where that is not exact, why; and the
 * command line 10_linux builds of two of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grubeval.h"

/* Something the evaluator does not follow: the result is approximate; the first is named. */
void ld_grubvars_not_followed(struct ld_grubvars *v, const char *why)
{
	if (!v->approx)
		v->why = why;
	v->approx = true;
}

#define MAX_VARS 256

void ld_grubvars_clear(struct ld_grubvars *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->name[i]);
		free(v->value[i]);
	}
	free(v->name);
	free(v->value);
	free(v->taint);
	memset(v, 0, sizeof(*v));
}

static int var_index(const struct ld_grubvars *v, const char *name, size_t nlen)
{
	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == nlen && memcmp(v->name[i], name, nlen) == 0)
			return (int)i;
	return -1;
}

const char *ld_grubvars_get(const struct ld_grubvars *v, const char *name, size_t nlen)
{
	int i = var_index(v, name, nlen);

	return i < 0 ? NULL : v->value[i];
}

/* Read a variable into the word being expanded: its taint comes along. */
const char *ld_grubvars_get_tainting(struct ld_grubvars *v, const char *name, size_t nlen)
{
	int i = var_index(v, name, nlen);

	if (i >= 0 && v->taint[i])
		ld_grubvars_not_followed(v, v->taint[i]);
	return i < 0 ? NULL : v->value[i];
}

/* Mark a variable's value as not followed (why), or as exact (NULL). */
void ld_grubvars_set_taint(struct ld_grubvars *v, const char *name, size_t nlen, const char *why)
{
	int i = var_index(v, name, nlen);

	if (i >= 0)
		v->taint[i] = why;
}

const char *ld_grubvars_cmdline_why(const struct ld_grubvars *v)
{
	int a = var_index(v, "GRUB_CMDLINE_LINUX", 18), d = var_index(v, "GRUB_CMDLINE_LINUX_DEFAULT", 26);

	if (v->approx)
		return v->why ? v->why : "not followed";
	if (a >= 0 && v->taint[a])
		return v->taint[a];
	return d >= 0 ? v->taint[d] : NULL;
}

int ld_grubvars_set(struct ld_grubvars *v, const char *name, size_t nlen, char *value)
{
	char **n, **val;
	const char **t;

	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->name[i]) == nlen && memcmp(v->name[i], name, nlen) == 0) {
			free(v->value[i]);
			v->value[i] = value;
			v->taint[i] = NULL;
			return 0;
		}
	if (v->n >= MAX_VARS) {
		ld_grubvars_not_followed(v, "more variables than lockdownctl keeps");
		free(value);
		return 0;
	}
	n = realloc(v->name, (v->n + 1) * sizeof(*n));
	if (!n)
		goto oom;
	v->name = n;
	val = realloc(v->value, (v->n + 1) * sizeof(*val));
	if (!val)
		goto oom;
	v->value = val;
	t = realloc(v->taint, (v->n + 1) * sizeof(*t));
	if (!t)
		goto oom;
	v->taint = t;
	v->taint[v->n] = NULL;
	v->name[v->n] = strndup(name, nlen);
	if (!v->name[v->n])
		goto oom;
	v->value[v->n++] = value;
	return 0;
oom:
	free(value);
	return -ENOMEM;
}

char *ld_grubvars_cmdline(const struct ld_grubvars *v)
{
	const char *a = ld_grubvars_get(v, "GRUB_CMDLINE_LINUX", 18);
	const char *d = ld_grubvars_get(v, "GRUB_CMDLINE_LINUX_DEFAULT", 26);
	char *s = NULL;

	if (asprintf(&s, "%s %s", a ? a : "", d ? d : "") < 0)
		return NULL;
	return s;
}
