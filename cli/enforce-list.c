// SPDX-License-Identifier: GPL-2.0-or-later
/* The reasons of an enforce view: one column table for the text table and the JSON. */
#include <stdio.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "enforce-render.h"
#include "list.h"

#define R struct ld_enforce_view_reason

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

CLI_GETTER(get_action, R, const void)
{
	c->s = action_word(row->action);
}

/* the table says in one cell what the JSON says in two */
CLI_GETTER(get_action_text, R, const void)
{
	snprintf(c->buf, sizeof(c->buf), "%s%s", action_word(row->action),
		 row->builtin_refuses ? " (built-in refuses)" : "");
	c->s = c->buf;
}

enum {
	COL_NAME, COL_NUMBER, COL_LEVEL, COL_ACTION, COL_ACTION_TEXT, COL_BUILTIN, COL_REFUSED,
	COL_PERMISSIVE, COL_EXEMPT,
};

static const struct cli_list_column reason_columns[] = {
	[COL_NAME] = { CLI_COL("REASON", "name", 0, CLI_JSON_STRING), CLI_STR(R, name) },
	[COL_NUMBER] = { CLI_COL("NUM", "number", SCOLS_FL_RIGHT, CLI_JSON_NUMBER),
			 CLI_I64(R, number) },
	[COL_LEVEL] = { CLI_COL("LEVEL", "level", 0, CLI_JSON_STRING), CLI_LEVEL(R, level) },
	[COL_ACTION] = { CLI_COL("ACTION", "action", 0, CLI_JSON_STRING), .get = get_action },
	[COL_ACTION_TEXT] = { CLI_COL("ACTION", "action", 0, CLI_JSON_STRING),
			      .get = get_action_text },
	[COL_BUILTIN] = { CLI_COL("BUILTIN", "builtin_refuses", 0, CLI_JSON_BOOLEAN),
			  CLI_BOOL(R, builtin_refuses) },
	[COL_REFUSED] = { CLI_COL("REFUSED", "refused", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED),
			  CLI_U64(R, refused) },
	[COL_PERMISSIVE] = { CLI_COL("PERMISSIVE", "permissive", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED),
			     CLI_U64(R, permissive) },
	[COL_EXEMPT] = { CLI_COL("EXEMPT", "exempt", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED),
			 CLI_U64(R, exempt) },
};
#undef R
/* the counters only of a policy in force: a view is its first columns or all of them */
#define COUNTER_COLUMNS 3
static const int text_view[] = { COL_NAME,	  COL_NUMBER,  COL_LEVEL,     COL_ACTION_TEXT,
				 COL_REFUSED, COL_PERMISSIVE, COL_EXEMPT };
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
		view.n -= COUNTER_COLUMNS;
	return cli_list_table(&l, view);
}

struct json_object *enforce_reasons_json(const struct ld_enforce_view *v)
{
	struct cli_list l = reason_list(v);
	struct cli_list_view view = CLI_LIST_VIEW(json_view);

	if (!v->loaded)
		view.n -= COUNTER_COLUMNS;
	return cli_list_json(&l, view);
}
