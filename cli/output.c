// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers shared by the renderers: safe strings for JSON and terminals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/status.h"
#include "lockdown/utf8.h"
#include "output.h"

#ifndef LOCKDOWNCTL_VERSION
#error "LOCKDOWNCTL_VERSION comes from the Makefile (debian/changelog)"
#endif
#define JSON_SCHEMA 1

struct json_object *json_string_safe(const char *s)
{
	char *clean = ld_utf8_sanitize(s, strlen(s), NULL);
	struct json_object *o;

	if (!clean)
		return NULL;
	o = json_object_new_string(clean);
	free(clean);
	return o;
}

struct json_object *json_strv(const struct ld_strv *sv)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < sv->n; i++)
		json_object_array_add(a, json_string_safe(sv->v[i]));
	return a;
}

void json_add_string_or_error(struct json_object *obj, const char *key, const char *value, int err)
{
	char ekey[128];

	if (err < 0 || !value) {
		json_object_object_add(obj, key, NULL);
		if (err < 0) {
			snprintf(ekey, sizeof(ekey), "%s_error", key);
			json_object_object_add(obj, ekey, json_object_new_string(ld_error_slug(err)));
		}
		return;
	}
	json_object_object_add(obj, key, json_string_safe(value));
}

void json_add_bool_or_error(struct json_object *obj, const char *key, bool value, int err)
{
	char ekey[128];

	if (err < 0) {
		json_object_object_add(obj, key, NULL);
		snprintf(ekey, sizeof(ekey), "%s_error", key);
		json_object_object_add(obj, ekey, json_object_new_string(ld_error_slug(err)));
		return;
	}
	json_object_object_add(obj, key, json_object_new_boolean(value));
}

void json_add_inferred_level(struct json_object *obj, const char *key, const struct ld_status *st)
{
	enum ld_level level;
	bool inferred = false;

	if (ld_status_effective_level(st, &level, &inferred) < 0 || !inferred) {
		json_object_object_add(obj, key, NULL);
		return;
	}
	json_object_object_add(obj, key, json_object_new_string(ld_level_to_string(level)));
}

struct json_object *json_document_new(void)
{
	struct json_object *doc = json_object_new_object();

	json_object_object_add(doc, "lockdownctl_version",
			       json_object_new_string(LOCKDOWNCTL_VERSION));
	json_object_object_add(doc, "schema", json_object_new_int(JSON_SCHEMA));
	return doc;
}

int json_print(struct json_object *doc, enum json_mode mode)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
		    (mode == JSON_PRETTY ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
					 : JSON_C_TO_STRING_PLAIN);
	const char *text = json_object_to_json_string_ext(doc, flags);

	if (!text)
		return cli_error("out of memory");
	puts(text);
	return EXIT_OK;
}

char *text_escape(const char *s)
{
	return text_escape_bytes(s, strlen(s), false);
}

char *text_escape_bytes(const char *s, size_t len, bool keep_tabs)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = malloc(len * 4 + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = ld_utf8_valid_prefix(u + i, len - i);

		if (keep_tabs && u[i] == '\t') {
			*p++ = '\t';
			i++;
			continue;
		}
		/* C0, DEL, and C1 (U+0080..U+009F: 8-bit CSI and friends) move terminals too */
		if (n == 0 || u[i] < 0x20 || u[i] == 0x7f || (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0)) {
			p += sprintf(p, "\\x%02x", u[i]);
			i++;
			continue;
		}
		memcpy(p, s + i, n);
		p += n;
		i += n;
	}
	*p = '\0';
	return out;
}
