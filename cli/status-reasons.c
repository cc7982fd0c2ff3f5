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

#define R struct ld_reason

CLI_GETTER(get_forbidden, R, const struct ld_status)
{
	c->null = ctx->level_err < 0;
	c->b = row->level <= ctx->level;
}

enum { COL_NUM, COL_NAME, COL_ENUMERATOR, COL_LEVEL, COL_FORBIDDEN, COL_GROUP, COL_DESCRIPTION };

static const struct cli_list_column reason_columns[] = {
	[COL_NUM] = { CLI_COL("NUM", "value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER), CLI_I64(R, value) },
	[COL_NAME] = { CLI_COL("NAME", "name", 0, CLI_JSON_STRING), CLI_STR(R, name) },
	[COL_ENUMERATOR] = { CLI_COL("ENUMERATOR", "enumerator", 0, CLI_JSON_STRING),
			     CLI_STR(R, enumerator) },
	[COL_LEVEL] = { CLI_COL("LEVEL", "level", 0, CLI_JSON_STRING), CLI_LEVEL(R, level) },
	[COL_FORBIDDEN] = { CLI_COL("FORBIDDEN", "forbidden_now", 0, CLI_JSON_BOOLEAN),
			    .get = get_forbidden },
	[COL_GROUP] = { CLI_COL("GROUP", "group", 0, CLI_JSON_STRING), CLI_STR(R, group) },
	[COL_DESCRIPTION] = { CLI_COL("DESCRIPTION", "description", 0, CLI_JSON_STRING),
			      CLI_STR(R, description), .null_text = "-" },
};
#undef R
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
