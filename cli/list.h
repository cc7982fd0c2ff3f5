/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_LIST_H
#define CLI_LIST_H

/*
 * A list is shown from one table of column rows, as lsns and lsblk do: each
 * column has a heading, a JSON key, libsmartcols flags, a JSON type and a
 * getter. One walk over the rows fills the text table and another, over the
 * same getters, builds the JSON array, so the two cannot drift apart.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

struct json_object;
struct libscols_table;

/* a column's JSON type; CLI_JSON_UNSIGNED is a number too, for counters */
enum cli_json_type { CLI_JSON_STRING, CLI_JSON_NUMBER, CLI_JSON_UNSIGNED, CLI_JSON_BOOLEAN };

/* One value, as a getter gives it; the column says which member counts. */
struct cli_cell {
	bool null;	/* not known or not there: null in JSON, the column's null_text in text */
	const char *s;	/* CLI_JSON_STRING: any bytes (NULL is null); escaped on the way out */
	int64_t n;	/* CLI_JSON_NUMBER */
	uint64_t u;	/* CLI_JSON_UNSIGNED */
	bool b;		/* CLI_JSON_BOOLEAN: "yes" or "no" in text */
	char buf[96];	/* room for a getter that formats its string */
	bool free_s;	/* s was allocated for this cell: the walk frees it */
};

/* A member read straight from the row: no getter needed. */
enum cli_field {
	CLI_FIELD_NONE,
	CLI_FIELD_STR,	 /* const char *; NULL is null */
	CLI_FIELD_CHARS, /* char[N]; "" is null */
	CLI_FIELD_I64,
	CLI_FIELD_U64,
	CLI_FIELD_BOOL,
	CLI_FIELD_LEVEL, /* enum ld_level, by its name; _LD_LEVEL_INVALID is null */
};

struct cli_list_column {
	const char *name;      /* heading in text */
	const char *key;       /* key in JSON */
	int flags;	       /* SCOLS_FL_RIGHT, SCOLS_FL_WRAP, ... */
	enum cli_json_type type;
	const char *null_text; /* text of a null cell; CLI_UNKNOWN when NULL */
	/* the value: a member of the row (CLI_STR() ...), or a getter for one computed */
	enum cli_field field;
	size_t offset;
	void (*get)(const void *row, const void *ctx, struct cli_cell *c);
	/* a JSON-only column whose value is nested (an array of objects) is built here */
	struct json_object *(*json)(const void *row, const void *ctx);
};

/*
 * Column rows: CLI_COL(heading, key, flags, type) and then where the value
 * comes from: a member of the row type T (checked against its C type at
 * compile time), .get or .json.
 */
#define CLI_COL(h, k, fl, t) .name = (h), .key = (k), .flags = (fl), .type = (t)
#define CLI_MEMBER_(T, m, kind, ...)                                                              \
	.field = (kind), .offset = offsetof(T, m) + _Generic(&((T *)0)->m, __VA_ARGS__: 0)
#define CLI_STR(T, m) CLI_MEMBER_(T, m, CLI_FIELD_STR, const char **: 0, char **)
#define CLI_CHARS(T, m) CLI_MEMBER_(T, m, CLI_FIELD_CHARS, char(*)[sizeof(((T *)0)->m)])
#define CLI_I64(T, m) CLI_MEMBER_(T, m, CLI_FIELD_I64, int64_t *)
#define CLI_U64(T, m) CLI_MEMBER_(T, m, CLI_FIELD_U64, uint64_t *)
#define CLI_BOOL(T, m) CLI_MEMBER_(T, m, CLI_FIELD_BOOL, bool *)
#define CLI_LEVEL(T, m) CLI_MEMBER_(T, m, CLI_FIELD_LEVEL, enum ld_level *)

/* A getter's head: ROW is the row as T, CTX the list's context as C. */
#define CLI_GETTER(fn, T, C)                                                                      \
	static void fn##_(const T *row, C *ctx, struct cli_cell *c);                             \
	static void fn(const void *row, const void *ctx, struct cli_cell *c)                      \
	{                                                                                         \
		fn##_(row, ctx, c);                                                               \
	}                                                                                         \
	static void fn##_(__attribute__((unused)) const T *row,                                   \
			  __attribute__((unused)) C *ctx, struct cli_cell *c)

/* Which columns a view shows, in its order: indices into the column rows. */
struct cli_list_view {
	const int *cols;
	size_t n;
};
#define CLI_LIST_VIEW(a) ((struct cli_list_view){ (a), sizeof(a) / sizeof((a)[0]) })

struct cli_list {
	const struct cli_list_column *cols;
	const void *rows;
	size_t n_rows, row_size;
	/* rows this list leaves out; NULL keeps all */
	bool (*keep)(const void *row, const void *ctx);
	const void *ctx;
};

/* The text table of the view's columns, one line per kept row; NULL when out of memory. */
struct libscols_table *cli_list_table(const struct cli_list *l, struct cli_list_view v);
/* The JSON array of objects with the view's keys, one per kept row; NULL when out of memory. */
struct json_object *cli_list_json(const struct cli_list *l, struct cli_list_view v);
#endif
