// SPDX-License-Identifier: GPL-2.0-or-later
/* The reasons of an enforce view: one column table for the text table and the JSON. */
#include <stdio.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "enforce-render.h"
#include "list.h"

#define REASON(row) ((const struct ld_enforce_view_reason *)(row))

static const char *action_word(enum ld_enforce_action a)
{
	switch (a) {
	case LD_ENFORCE_REFUSE:
		return "refuse";
	case LD_ENFORCE_PERMISSIVE:
		return "permissive";
	default:
		return "allow";
	}
}

static void get_name(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->name;
}

static void get_number(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->n = REASON(row)->number;
}

static void get_level(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = ld_level_to_string(REASON(row)->level);
}

static void get_action(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = action_word(REASON(row)->action);
}

/* the table says in one cell what the JSON says in two */
static void get_action_text(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	snprintf(c->buf, sizeof(c->buf), "%s%s", action_word(REASON(row)->action),
		 REASON(row)->builtin_refuses ? " (built-in refuses)" : "");
	c->s = c->buf;
}

static void get_builtin(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->b = REASON(row)->builtin_refuses;
}

static void get_refused(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->refused;
}

static void get_permissive(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->permissive;
}

static void get_exempt(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->exempt;
}

enum {
	COL_NAME, COL_NUMBER, COL_LEVEL, COL_ACTION, COL_ACTION_TEXT, COL_BUILTIN, COL_REFUSED,
	COL_PERMISSIVE, COL_EXEMPT,
};

static const struct cli_list_column reason_columns[] = {
	[COL_NAME] = { "REASON", "name", 0, CLI_JSON_STRING, NULL, get_name, NULL },
	[COL_NUMBER] = { "NUM", "number", SCOLS_FL_RIGHT, CLI_JSON_NUMBER, NULL, get_number, NULL },
	[COL_LEVEL] = { "LEVEL", "level", 0, CLI_JSON_STRING, NULL, get_level, NULL },
	[COL_ACTION] = { "ACTION", "action", 0, CLI_JSON_STRING, NULL, get_action, NULL },
	[COL_ACTION_TEXT] = { "ACTION", "action", 0, CLI_JSON_STRING, NULL, get_action_text, NULL },
	[COL_BUILTIN] = { "BUILTIN", "builtin_refuses", 0, CLI_JSON_BOOLEAN, NULL, get_builtin,
			  NULL },
	[COL_REFUSED] = { "REFUSED", "refused", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL,
			  get_refused, NULL },
	[COL_PERMISSIVE] = { "PERMISSIVE", "permissive", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL,
			     get_permissive, NULL },
	[COL_EXEMPT] = { "EXEMPT", "exempt", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL, get_exempt,
			 NULL },
};
/* the counters only of a policy in force: a view is its first columns or all of them */
static const int text_view[] = { COL_NAME,    COL_NUMBER,     COL_LEVEL,
				 COL_ACTION_TEXT, COL_REFUSED, COL_PERMISSIVE, COL_EXEMPT };
static const int json_view[] = { COL_NAME,    COL_NUMBER,  COL_LEVEL,      COL_ACTION,
				 COL_BUILTIN, COL_REFUSED, COL_PERMISSIVE, COL_EXEMPT };

static struct cli_list reason_list(const struct ld_enforce_view *v)
{
	return (struct cli_list){ .cols = reason_columns,
				  .rows = v->reasons,
				  .n_rows = v->n_reasons,
				  .row_size = sizeof(*v->reasons) };
}

struct libscols_table *enforce_reasons_table(const struct ld_enforce_view *v)
{
	struct cli_list l = reason_list(v);
	struct cli_list_view view = CLI_LIST_VIEW(text_view);

	if (!v->loaded)
		view.n -= 3;
	return cli_list_table(&l, view);
}

struct json_object *enforce_reasons_json(const struct ld_enforce_view *v)
{
	struct cli_list l = reason_list(v);
	struct cli_list_view view = CLI_LIST_VIEW(json_view);

	if (!v->loaded)
		view.n -= 3;
	return cli_list_json(&l, view);
}
