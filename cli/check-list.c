// SPDX-License-Identifier: GPL-2.0-or-later
/* The lists of the check report, findings and sources not checked: one column table each. */
#include <json-c/json.h>
#include <libsmartcols.h>

#include "check-render.h"
#include "list.h"
#include "output.h"

#define F struct ld_finding
#define U struct ld_unseen

/* this kernel's name when its catalogue has the reason, else the enumerator */
CLI_GETTER(get_reason, F, const void)
{
	c->s = row->level_from_kernel ? row->name : row->reason;
}

CLI_GETTER(get_value, F, const void)
{
	c->null = !row->level_from_kernel;
	c->n = row->value;
}

CLI_GETTER(get_severity, F, const void)
{
	c->s = ld_severity_to_string(row->severity);
}

enum {
	COL_ID, COL_DETECTOR, COL_NAME, COL_REASON, COL_ENUMERATOR, COL_VALUE, COL_LEVEL,
	COL_LEVEL_SOURCE, COL_SEVERITY, COL_EVIDENCE, COL_SYMPTOM, COL_REMEDY,
};

#define S CLI_JSON_STRING
static const struct cli_list_column finding_columns[] = {
	[COL_ID] = { CLI_COL("ID", "id", 0, S), CLI_STR(F, id) },
	[COL_DETECTOR] = { CLI_COL("DETECTOR", "detector", 0, S), CLI_STR(F, detector) },
	/* as status --reasons names it (this kernel's name, or ours) */
	[COL_NAME] = { CLI_COL("REASON", "name", 0, S), CLI_CHARS(F, name) },
	[COL_REASON] = { CLI_COL("REASON", "reason", 0, S), .get = get_reason },
	[COL_ENUMERATOR] = { CLI_COL("ENUMERATOR", "enumerator", 0, S), CLI_STR(F, reason) },
	[COL_VALUE] = { CLI_COL("NUM", "reason_value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER),
			.get = get_value },
	[COL_LEVEL] = { CLI_COL("LEVEL", "level", 0, S), CLI_LEVEL(F, level) },
	[COL_LEVEL_SOURCE] = { CLI_COL("LEVEL-SOURCE", "level_source", 0, S),
			       CLI_STR(F, level_source) },
	[COL_SEVERITY] = { CLI_COL("SEVERITY", "severity", 0, S), .get = get_severity },
	[COL_EVIDENCE] = { CLI_COL("EVIDENCE", "evidence", 0, S), CLI_STR(F, evidence) },
	[COL_SYMPTOM] = { CLI_COL("SYMPTOM", "symptom", 0, S), CLI_STR(F, symptom) },
	[COL_REMEDY] = { CLI_COL("REMEDY", "remedy", 0, S), CLI_STR(F, remedy) },
};
static const int finding_text[] = { COL_LEVEL, COL_SEVERITY, COL_NAME, COL_ID };
static const int finding_json[] = { COL_ID, COL_DETECTOR, COL_REASON, COL_ENUMERATOR,
				    COL_VALUE, COL_LEVEL, COL_LEVEL_SOURCE, COL_SEVERITY,
				    COL_EVIDENCE, COL_SYMPTOM, COL_REMEDY };

static bool in_scope(const void *row, const void *ctx)
{
	/* one of undecided level matters at every level: see ld_finding_breaks_at() */
	return ld_finding_breaks_at(row, *(const enum ld_level *)ctx);
}

static struct cli_list finding_list(const struct ld_check_report *r, const enum ld_level *upto)
{
	return (struct cli_list){ .cols = finding_columns,
				  .rows = r->findings,
				  .n_rows = r->n,
				  .row_size = sizeof(*r->findings),
				  .keep = in_scope,
				  .ctx = upto };
}

struct libscols_table *check_findings_table(const struct ld_check_report *r, enum ld_level upto)
{
	struct cli_list l = finding_list(r, &upto);

	return cli_list_table(&l, CLI_LIST_VIEW(finding_text));
}

struct json_object *check_findings_json(const struct ld_check_report *r, enum ld_level upto)
{
	struct cli_list l = finding_list(r, &upto);

	return cli_list_json(&l, CLI_LIST_VIEW(finding_json));
}

CLI_GETTER(get_unseen_error, U, const void)
{
	c->s = ld_error_slug(row->err);
}

CLI_GETTER(get_unseen_matters, U, const enum ld_level)
{
	c->b = ld_unseen_matters_at(row, *ctx);
}

static const struct cli_list_column unseen_columns[] = {
	{ CLI_COL("DETECTOR", "detector", 0, S), CLI_STR(U, detector) },
	{ CLI_COL("WHAT", "what", 0, S), CLI_STR(U, what) },
	{ CLI_COL("ERROR", "error", 0, S), .get = get_unseen_error },
	{ CLI_COL("LEVEL", "level", 0, S), CLI_LEVEL(U, level) },
	{ CLI_COL("VERDICT-UNKNOWN", "leaves_verdict_unknown", 0, CLI_JSON_BOOLEAN),
	  .get = get_unseen_matters },
};
#undef S
static const int unseen_json[] = { 0, 1, 2, 3, 4 };

struct json_object *check_unseen_json(const struct ld_check_report *r, enum ld_level upto)
{
	struct cli_list l = { .cols = unseen_columns,
			      .rows = r->unseen,
			      .n_rows = r->n_unseen,
			      .row_size = sizeof(*r->unseen),
			      .ctx = &upto };

	return cli_list_json(&l, CLI_LIST_VIEW(unseen_json));
}
