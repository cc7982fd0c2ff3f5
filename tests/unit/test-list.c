// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli/list.c: one column table gives a list's text and its JSON. A null cell
 * is null in JSON and "unknown" (or the column's null text) in text; numbers
 * keep their sign and full width; rows the list leaves out are left out of
 * both; allocated cells are freed (ASan's leak check).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"

struct row {
	const char *name; /* NULL: not known */
	int64_t n;
	uint64_t u;
	int flag; /* -1: not known */
	bool hidden;
	char label[8]; /* "": none */
	enum ld_level level;
};

CLI_GETTER(get_flag, struct row, const void)
{
	c->null = row->flag < 0;
	c->b = row->flag > 0;
}

/* an allocated cell, with the context in it */
static void get_tagged(const void *row, const void *ctx, struct cli_cell *c)
{
	const char *name = ((const struct row *)row)->name;

	if (asprintf((char **)&c->s, "%s:%s", (const char *)ctx, name ? name : "-") < 0)
		c->s = NULL;
	c->free_s = true;
}

static struct json_object *nested(const void *row, const void *ctx)
{
	struct json_object *a = json_object_new_array();

	(void)ctx;
	json_object_array_add(a, json_object_new_int64(((const struct row *)row)->n / 2));
	return a;
}

static bool shown(const void *row, const void *ctx)
{
	(void)ctx;
	return !((const struct row *)row)->hidden;
}

static const struct cli_list_column columns[] = {
	{ CLI_COL("NAME", "name", 0, CLI_JSON_STRING), CLI_STR(struct row, name), .null_text = "-" },
	{ CLI_COL("N", "n", SCOLS_FL_RIGHT, CLI_JSON_NUMBER), CLI_I64(struct row, n) },
	{ CLI_COL("U", "u", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED), CLI_U64(struct row, u) },
	{ CLI_COL("FLAG", "flag", 0, CLI_JSON_BOOLEAN), .get = get_flag },
	{ CLI_COL("TAG", "tag", 0, CLI_JSON_STRING), .get = get_tagged },
	{ CLI_COL("NESTED", "nested", 0, CLI_JSON_STRING), .json = nested },
	{ CLI_COL("HIDDEN", "hidden", 0, CLI_JSON_BOOLEAN), CLI_BOOL(struct row, hidden) },
	{ CLI_COL("LABEL", "label", 0, CLI_JSON_STRING), CLI_CHARS(struct row, label) },
	{ CLI_COL("LEVEL", "level", 0, CLI_JSON_STRING), CLI_LEVEL(struct row, level) },
};

static const struct row rows[] = {
	{ "a\x1b[31m", -5, UINT64_MAX, 1, false, "x", LD_LEVEL_CONFIDENTIALITY },
	{ "hidden", 1, 1, 0, true, "", LD_LEVEL_NONE },
	{ NULL, INT64_MIN, 0, -1, false, "", _LD_LEVEL_INVALID },
};

static const struct cli_list list = { .cols = columns,
				      .rows = rows,
				      .n_rows = 3,
				      .row_size = sizeof(rows[0]),
				      .keep = shown,
				      .ctx = "ctx" };

static void test_json_view(void **state)
{
	static const int view[] = { 4, 0, 1, 2, 3, 5, 6, 7, 8 };
	struct json_object *a = cli_list_json(&list, CLI_LIST_VIEW(view));
	const char *s;

	(void)state;
	assert_non_null(a);
	s = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN);
	assert_string_equal(s, "[{\"tag\":\"ctx:a\\u001b[31m\",\"name\":\"a\\u001b[31m\",\"n\":-5,"
			       "\"u\":18446744073709551615,\"flag\":true,\"nested\":[-2],\"hidden\":false,"
			       "\"label\":\"x\",\"level\":\"confidentiality\"},"
			       "{\"tag\":\"ctx:-\",\"name\":null,\"n\":-9223372036854775808,"
			       "\"u\":0,\"flag\":null,\"nested\":[-4611686018427387904],\"hidden\":false,"
			       "\"label\":null,\"level\":null}]");
	json_object_put(a);
}

static void test_text_view(void **state)
{
	static const int view[] = { 0, 1, 2, 3, 4, 7, 8 };
	struct libscols_table *tb = cli_list_table(&list, CLI_LIST_VIEW(view));
	char *out = NULL;

	(void)state;
	assert_non_null(tb);
	assert_int_equal(scols_table_get_ncols(tb), 7);
	assert_int_equal(scols_table_get_nlines(tb), 2);
	assert_int_equal(scols_print_table_to_string(tb, &out), 0);
	/* the escape byte is libsmartcols's to encode; null is "-" here and unknown there */
	assert_string_equal(
		out,
		"NAME                         N                    U FLAG    TAG           LABEL   LEVEL\n"
		"a\\x1b[31m                   -5 18446744073709551615 yes     ctx:a\\x1b[31m x       confidentiality\n"
		"-         -9223372036854775808                    0 unknown ctx:-         unknown unknown");
	free(out);
	scols_unref_table(tb);
}

static void test_view_subset(void **state)
{
	static const int view[] = { 3, 0 };
	struct cli_list_view v = CLI_LIST_VIEW(view);
	struct json_object *a;

	(void)state;
	v.n = 1;
	a = cli_list_json(&list, v);
	assert_non_null(a);
	assert_string_equal(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
			    "[{\"flag\":true},{\"flag\":null}]");
	json_object_put(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_view),
		cmocka_unit_test(test_text_view),
		cmocka_unit_test(test_view_subset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
