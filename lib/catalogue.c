// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason catalogue: members of enum lockdown_reason with their numbers
 * and levels. A reason's level follows only from its place between the two
 * sentinels: the kernel refuses `what` when its level >= what, and the level
 * is LOCKDOWN_INTEGRITY_MAX or LOCKDOWN_CONFIDENTIALITY_MAX.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue.h"
#include "lockdown/reasons.h"

#define PREFIX "LOCKDOWN_"

static bool is_sentinel(const char *enumerator)
{
	return strcmp(enumerator, PREFIX "NONE") == 0 ||
	       strcmp(enumerator, PREFIX "INTEGRITY_MAX") == 0 ||
	       strcmp(enumerator, PREFIX "CONFIDENTIALITY_MAX") == 0;
}

void ld_reason_short_name(const char *enumerator, char *buf, size_t size)
{
	size_t i = 0;

	if (strncmp(enumerator, PREFIX, sizeof(PREFIX) - 1) == 0)
		enumerator += sizeof(PREFIX) - 1;
	for (; enumerator[i] && i + 1 < size; i++)
		buf[i] = (char)tolower((unsigned char)enumerator[i]);
	if (size)
		buf[i] = '\0';
}

static char *short_name(const char *enumerator)
{
	size_t n = strlen(enumerator) + 1;
	char *out = malloc(n);

	if (out)
		ld_reason_short_name(enumerator, out, n);
	return out;
}

static int cmp_value(const void *a, const void *b)
{
	const struct ld_reason *x = a, *y = b;

	return (x->value > y->value) - (x->value < y->value);
}

int ld_catalogue_build(const struct enum_member *members, size_t n, struct ld_catalogue *ret)
{
	struct ld_catalogue cat = { 0 };
	bool have_int = false, have_conf = false;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(members[i].name, PREFIX "INTEGRITY_MAX") == 0) {
			cat.integrity_max = members[i].value;
			have_int = true;
		} else if (strcmp(members[i].name, PREFIX "CONFIDENTIALITY_MAX") == 0) {
			cat.confidentiality_max = members[i].value;
			have_conf = true;
		}
	}
	if (!have_int || !have_conf || cat.integrity_max >= cat.confidentiality_max)
		return -EBADMSG;
	cat.reasons = calloc(n ? n : 1, sizeof(*cat.reasons));
	if (!cat.reasons)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct ld_reason *r = &cat.reasons[cat.n];

		if (is_sentinel(members[i].name))
			continue;
		/* beyond CONFIDENTIALITY_MAX the kernel WARNs: not a reason */
		if (members[i].value <= 0 || members[i].value >= cat.confidentiality_max)
			continue;
		r->enumerator = strdup(members[i].name);
		r->name = short_name(members[i].name);
		if (!r->enumerator || !r->name) {
			free(r->enumerator);
			free(r->name);
			ld_catalogue_clear(&cat);
			return -ENOMEM;
		}
		r->value = members[i].value;
		r->level = members[i].value < cat.integrity_max ? LD_LEVEL_INTEGRITY
								: LD_LEVEL_CONFIDENTIALITY;
		r->description = ld_reason_description(r->enumerator);
		r->group = ld_reason_group(r->enumerator);
		cat.n++;
	}
	qsort(cat.reasons, cat.n, sizeof(*cat.reasons), cmp_value);
	*ret = cat;
	return 0;
}

void ld_catalogue_clear(struct ld_catalogue *cat)
{
	for (size_t i = 0; i < cat->n; i++) {
		free(cat->reasons[i].enumerator);
		free(cat->reasons[i].name);
	}
	free(cat->reasons);
	free(cat->origin);
	memset(cat, 0, sizeof(*cat));
}

const struct ld_reason *ld_catalogue_find(const struct ld_catalogue *cat, const char *name)
{
	for (size_t i = 0; i < cat->n; i++)
		if (strcasecmp(cat->reasons[i].name, name) == 0 ||
		    strcmp(cat->reasons[i].enumerator, name) == 0)
			return &cat->reasons[i];
	return NULL;
}

const struct ld_reason *ld_catalogue_find_value(const struct ld_catalogue *cat, int64_t value)
{
	for (size_t i = 0; cat && i < cat->n; i++)
		if (cat->reasons[i].value == value)
			return &cat->reasons[i];
	return NULL;
}

bool ld_reason_between(const struct ld_reason *r, enum ld_level lo, enum ld_level hi)
{
	return r->level > lo && r->level <= hi;
}

size_t ld_catalogue_groups(const struct ld_catalogue *cat, enum ld_level lo, enum ld_level hi,
			   const char **ret, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cat->n && n < max; i++) {
		bool seen = false;

		if (!ld_reason_between(&cat->reasons[i], lo, hi))
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(ret[j], cat->reasons[i].group) == 0;
		if (!seen)
			ret[n++] = cat->reasons[i].group;
	}
	return n;
}

const char *ld_catalogue_group_text(const struct ld_catalogue *cat, enum ld_level lo,
				    enum ld_level hi, const char *group, char *buf, size_t size)
{
	size_t off = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < cat->n && off < size; i++) {
		const struct ld_reason *r = &cat->reasons[i];

		if (ld_reason_between(r, lo, hi) && strcmp(r->group, group) == 0)
			off += (size_t)snprintf(buf + off, size - off, "%s%s", off ? ", " : "",
						r->description ? r->description : r->name);
	}
	return buf;
}
