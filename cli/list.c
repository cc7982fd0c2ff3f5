// SPDX-License-Identifier: GPL-2.0-or-later
/* One walk over a list's column rows, for its text table and for its JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"
#include "output.h"

/* Row i, or NULL when the list leaves it out. */
static const void *kept_row(const struct cli_list *l, size_t i)
{
	const void *row = (const char *)l->rows + i * l->row_size;

	return l->keep && !l->keep(row, l->ctx) ? NULL : row;
}

static void cell_get(const struct cli_list_column *col, const void *row, const void *ctx,
		     struct cli_cell *c)
{
	const char *p = (const char *)row + col->offset;

	*c = (struct cli_cell){ 0 };
	switch (col->field) {
	case CLI_FIELD_NONE:
		col->get(row, ctx, c);
		break;
	case CLI_FIELD_STR:
		c->s = *(const char *const *)(const void *)p;
		break;
	case CLI_FIELD_CHARS:
		c->s = *p ? p : NULL;
		break;
	case CLI_FIELD_I64:
		memcpy(&c->n, p, sizeof(c->n));
		break;
	case CLI_FIELD_U64:
		memcpy(&c->u, p, sizeof(c->u));
		break;
	case CLI_FIELD_BOOL:
		memcpy(&c->b, p, sizeof(c->b));
		break;
	case CLI_FIELD_LEVEL: {
		enum ld_level l;

		memcpy(&l, p, sizeof(l));
		c->s = l == _LD_LEVEL_INVALID ? NULL : ld_level_to_string(l);
		break;
	}
	}
	if (col->type == CLI_JSON_STRING && !c->s)
		c->null = true;
}

/* A cell in text: libsmartcols escapes what it prints, so the bytes go in as they are. */
static const char *cell_text(const struct cli_list_column *col, struct cli_cell *c)
{
	if (c->null)
		return col->null_text ? col->null_text : CLI_UNKNOWN;
	switch (col->type) {
	case CLI_JSON_NUMBER:
		snprintf(c->buf, sizeof(c->buf), "%" PRId64, c->n);
		return c->buf;
	case CLI_JSON_UNSIGNED:
		snprintf(c->buf, sizeof(c->buf), "%" PRIu64, c->u);
		return c->buf;
	case CLI_JSON_BOOLEAN:
		return c->b ? "yes" : "no";
	case CLI_JSON_STRING:
		break;
	}
	return c->s;
}

static struct json_object *cell_json(const struct cli_list_column *col, const void *row,
				     const void *ctx)
{
	struct json_object *j;
	struct cli_cell c;

	if (col->json)
		return col->json(row, ctx);
	cell_get(col, row, ctx, &c);
	if (c.null)
		j = NULL;
	else if (col->type == CLI_JSON_NUMBER)
		j = json_object_new_int64(c.n);
	else if (col->type == CLI_JSON_UNSIGNED)
		j = json_object_new_uint64(c.u);
	else if (col->type == CLI_JSON_BOOLEAN)
		j = json_object_new_boolean(c.b);
	else
		j = json_string_safe(c.s);
	if (c.free_s)
		free((char *)c.s);
	return j;
}

struct libscols_table *cli_list_table(const struct cli_list *l, struct cli_list_view v)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	for (size_t k = 0; k < v.n; k++) {
		const struct cli_list_column *col = &l->cols[v.cols[k]];

		if (!scols_table_new_column(tb, col->name, 0, col->flags))
			goto fail;
	}
	for (size_t i = 0; i < l->n_rows; i++) {
		const void *row = kept_row(l, i);
		struct libscols_line *ln;

		if (!row)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			goto fail;
		for (size_t k = 0; k < v.n; k++) {
			const struct cli_list_column *col = &l->cols[v.cols[k]];
			struct cli_cell c;
			int r;

			cell_get(col, row, l->ctx, &c);
			r = scols_line_set_data(ln, k, cell_text(col, &c));
			if (c.free_s)
				free((char *)c.s);
			if (r < 0)
				goto fail;
		}
	}
	return tb;
fail:
	scols_unref_table(tb);
	return NULL;
}

struct json_object *cli_list_json(const struct cli_list *l, struct cli_list_view v)
{
	struct json_object *a = json_object_new_array();

	if (!a)
		return NULL;
	for (size_t i = 0; i < l->n_rows; i++) {
		const void *row = kept_row(l, i);
		struct json_object *o;

		if (!row)
			continue;
		o = json_object_new_object();
		if (!o || json_object_array_add(a, o) < 0) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
		for (size_t k = 0; k < v.n; k++) {
			const struct cli_list_column *col = &l->cols[v.cols[k]];

			json_object_object_add(o, col->key, cell_json(col, row, l->ctx));
		}
	}
	return a;
}
