// SPDX-License-Identifier: GPL-2.0-or-later
/* The reason catalogue of status --reasons: one list of columns for its table and its JSON. */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"
#include "lockdown/status.h"
#include "output.h"
#include "status-render.h"

#define REASON(row) ((const struct ld_reason *)(row))

static void get_value(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->n = REASON(row)->value;
}

static void get_name(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->name;
}

static void get_enumerator(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->enumerator;
}

static void get_level(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = ld_level_to_string(REASON(row)->level);
}

static void get_forbidden(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_status *st = ctx;

	c->null = st->level_err < 0;
	c->b = REASON(row)->level <= st->level;
}

static void get_group(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->group;
}

static void get_description(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->description;
}

enum { COL_NUM, COL_NAME, COL_ENUMERATOR, COL_LEVEL, COL_FORBIDDEN, COL_GROUP, COL_DESCRIPTION };

static const struct cli_list_column reason_columns[] = {
	[COL_NUM] = { "NUM", "value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER, NULL, get_value, NULL },
	[COL_NAME] = { "NAME", "name", 0, CLI_JSON_STRING, NULL, get_name, NULL },
	[COL_ENUMERATOR] = { "ENUMERATOR", "enumerator", 0, CLI_JSON_STRING, NULL, get_enumerator,
			     NULL },
	[COL_LEVEL] = { "LEVEL", "level", 0, CLI_JSON_STRING, NULL, get_level, NULL },
	[COL_FORBIDDEN] = { "FORBIDDEN", "forbidden_now", 0, CLI_JSON_BOOLEAN, NULL, get_forbidden,
			    NULL },
	[COL_GROUP] = { "GROUP", "group", 0, CLI_JSON_STRING, NULL, get_group, NULL },
	[COL_DESCRIPTION] = { "DESCRIPTION", "description", 0, CLI_JSON_STRING, "-",
			      get_description, NULL },
};
static const int text_view[] = { COL_NUM, COL_NAME, COL_LEVEL, COL_FORBIDDEN, COL_GROUP,
				 COL_DESCRIPTION };
static const int json_view[] = { COL_NAME, COL_ENUMERATOR, COL_NUM, COL_LEVEL, COL_GROUP,
				 COL_DESCRIPTION, COL_FORBIDDEN };

static struct cli_list reason_list(const struct ld_status *st)
{
	return (struct cli_list){ .cols = reason_columns,
				  .rows = st->catalogue.reasons,
				  .n_rows = st->catalogue.n,
				  .row_size = sizeof(struct ld_reason),
				  .ctx = st };
}

struct json_object *status_reasons_json(const struct ld_status *st)
{
	struct cli_list l = reason_list(st);

	return cli_list_json(&l, CLI_LIST_VIEW(json_view));
}

int status_render_reasons_text(const struct ld_status *st)
{
	const struct ld_catalogue *cat = &st->catalogue;
	struct cli_list l = reason_list(st);
	struct libscols_table *tb;
	char *release;

	if (st->catalogue_err < 0)
		return cli_error("no reason table for this kernel: %s",
				 ld_error_slug(st->catalogue_err));
	tb = cli_list_table(&l, CLI_LIST_VIEW(text_view));
	if (!tb)
		return cli_error("out of memory");
	release = st->release ? text_escape(st->release) : NULL;
	if (cat->source == LD_CATALOGUE_BTF)
		printf("Reasons of %s from kernel BTF (%s):\n", release ? release : "this kernel",
		       cat->origin);
	else
		printf("Reasons of %s from the built-in table for %s%s:\n",
		       release ? release : "this kernel", cat->origin,
		       cat->approximate ? " (approximate)" : "");
	free(release);
	scols_print_table(tb);
	scols_unref_table(tb);
	printf("LOCKDOWN_INTEGRITY_MAX=%lld LOCKDOWN_CONFIDENTIALITY_MAX=%lld\n",
	       (long long)cat->integrity_max, (long long)cat->confidentiality_max);
	return EXIT_OK;
}
