// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The knowledge base of software that lockdown breaks: read from JSON
 * (json-c) and checked, so that a wrong row fails the build's tests, not a
 * user's check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/reasons.h"
#include "check/software.h"
#include "software_data.h"

static char *string_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) == 0)
		return NULL;
	return strdup(json_object_get_string(v));
}

/* A list of strings: 0 (absent is empty), -EBADMSG (not a list of strings), -ENOMEM. */
static int strings_of(struct json_object *o, const char *key, char ***ret, size_t *ret_n)
{
	struct json_object *a;
	size_t n;

	*ret = NULL;
	*ret_n = 0;
	if (!json_object_object_get_ex(o, key, &a))
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return -EBADMSG;
	n = json_object_array_length(a);
	*ret = calloc(n + 1, sizeof(char *));
	if (!*ret)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (!json_object_is_type(e, json_type_string) || json_object_get_string_len(e) == 0)
			return -EBADMSG;
		(*ret)[i] = strdup(json_object_get_string(e));
		if (!(*ret)[i])
			return -ENOMEM;
		*ret_n = i + 1;
	}
	return 0;
}

static void entry_clear(struct ld_software *s)
{
	char **lists[] = { s->binaries, s->units, s->sources };

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		for (char **p = lists[l]; p && *p; p++)
			free(*p);
		free(lists[l]);
	}
	free(s->package);
	free(s->operation);
	free(s->command);
	free(s->reason);
	free(s->error);
	free(s->advice);
	memset(s, 0, sizeof(*s));
}

/* One entry; what is wrong with it in *what (static text). */
static int entry_parse(struct json_object *o, struct ld_software *s, const char **what)
{
	struct json_object *v;
	int r;

	*what = "is not an object";
	if (!json_object_is_type(o, json_type_object))
		return -EBADMSG;
	s->package = string_of(o, "package");
	s->operation = string_of(o, "operation");
	s->command = string_of(o, "command");
	s->reason = string_of(o, "reason");
	s->error = string_of(o, "error");
	s->advice = string_of(o, "advice");
	*what = "has a list that is not of strings (binaries, units, sources)";
	if ((r = strings_of(o, "binaries", &s->binaries, &s->n_binaries)) < 0 ||
	    (r = strings_of(o, "units", &s->units, &s->n_units)) < 0 ||
	    (r = strings_of(o, "sources", &s->sources, &s->n_sources)) < 0)
		return r;
	*what = "lacks one of operation, command, reason, error, advice, binaries, sources";
	if (!s->operation || !s->command || !s->reason || !s->error || !s->advice ||
	    !s->n_binaries || !s->n_sources)
		return -EBADMSG;
	*what = "has a binary that is not an absolute path";
	for (size_t i = 0; i < s->n_binaries; i++)
		if (s->binaries[i][0] != '/' || strstr(s->binaries[i], "/../"))
			return -EBADMSG;
	*what = "has a unit name with a slash";
	for (size_t i = 0; i < s->n_units; i++)
		if (strchr(s->units[i], '/'))
			return -EBADMSG;
	*what = "names a reason lockdownctl does not know";
	if (ld_reason_known_level(s->reason) == _LD_LEVEL_INVALID)
		return -EBADMSG;
	*what = "gives a level other than its reason's";
	if (!json_object_object_get_ex(o, "level", &v) || !json_object_is_type(v, json_type_string) ||
	    ld_level_from_string(json_object_get_string(v), &s->level) < 0 ||
	    s->level != ld_reason_known_level(s->reason))
		return -EBADMSG;
	*what = "has verified that is not true or false";
	if (!json_object_object_get_ex(o, "verified", &v) || !json_object_is_type(v, json_type_boolean))
		return -EBADMSG;
	s->verified = json_object_get_boolean(v);
	return 0;
}

int ld_software_kb_parse(const char *text, size_t len, struct ld_software_kb *ret, char **ret_error)
{
	struct ld_software_kb kb = { 0 };
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root = NULL, *list;
	const char *what = NULL;
	size_t n;
	int r = 0;

	*ret_error = NULL;
	if (!tok)
		return -ENOMEM;
	if (len > 0 && len < INT32_MAX)
		root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root || json_tokener_get_parse_end(tok) != len) {
		r = asprintf(ret_error, "not JSON (at byte %zu: %s)", json_tokener_get_parse_end(tok),
			     json_tokener_error_desc(json_tokener_get_error(tok))) < 0 ? -ENOMEM : -EBADMSG;
		goto out;
	}
	if (!json_object_object_get_ex(root, "software", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		r = asprintf(ret_error, "no \"software\" list") < 0 ? -ENOMEM : -EBADMSG;
		goto out;
	}
	n = json_object_array_length(list);
	kb.v = calloc(n ? n : 1, sizeof(*kb.v));
	if (!kb.v) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && r == 0; i++) {
		r = entry_parse(json_object_array_get_idx(list, i), &kb.v[i], &what);
		kb.n = i + 1;
		if (r == -EBADMSG && asprintf(ret_error, "entry %zu (%s) %s", i + 1,
					      kb.v[i].package ? kb.v[i].package
					      : kb.v[i].n_binaries ? kb.v[i].binaries[0] : "?",
					      what) < 0)
			r = -ENOMEM;
	}
out:
	json_tokener_free(tok);
	json_object_put(root);
	if (r < 0) {
		ld_software_kb_clear(&kb);
		return r;
	}
	*ret = kb;
	return 0;
}

int ld_software_kb_builtin(struct ld_software_kb *ret, char **ret_error)
{
	return ld_software_kb_parse(ld_software_json_start, ld_software_json_size(), ret, ret_error);
}

void ld_software_kb_clear(struct ld_software_kb *kb)
{
	for (size_t i = 0; i < kb->n; i++)
		entry_clear(&kb->v[i]);
	free(kb->v);
	memset(kb, 0, sizeof(*kb));
}
