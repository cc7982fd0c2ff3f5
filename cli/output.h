/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <json-c/json.h>

#include "cli.h"

struct ld_status;
struct ld_strv;

/* Strings from the system go through these: they may hold any byte. */
struct json_object *json_string_safe(const char *s);
/* An array of the strings, each through json_string_safe(). */
struct json_object *json_strv(const struct ld_strv *sv);
/* "key": value, or "key": null plus "key_error": "<slug>" when err < 0. */
void json_add_string_or_error(struct json_object *obj, const char *key, const char *value, int err);
void json_add_bool_or_error(struct json_object *obj, const char *key, bool value, int err);
/* "key": the level a complete kernel log implies when securityfs could not be read, else null. */
void json_add_inferred_level(struct json_object *obj, const char *key, const struct ld_status *st);
/* Print the document to stdout in the chosen mode, then a newline. */
int json_print(struct json_object *doc, enum json_mode mode);
/* A document's common head: lockdownctl_version and schema. */
struct json_object *json_document_new(void);

/*
 * What is not known is written one way: this word in text (with the reason
 * in parentheses where there is one), null in JSON.
 */
#define CLI_UNKNOWN "unknown"

/* A copy fit for a terminal: control bytes and invalid UTF-8 become \xNN. */
char *text_escape(const char *s);
/* The same on LEN bytes (NULs escaped too); KEEP_TABS lets a tab through (diff, tables). */
char *text_escape_bytes(const char *s, size_t len, bool keep_tabs);

#endif
