// SPDX-License-Identifier: GPL-2.0-or-later
/* The lists of the check report, findings and sources not checked: one column table each. */
#include <json-c/json.h>
#include <libsmartcols.h>

#include "check-render.h"
#include "list.h"
#include "output.h"

#define FINDING(row) ((const struct ld_finding *)(row))
#define UNSEEN(row) ((const struct ld_unseen *)(row))
#define UPTO(ctx) (*(const enum ld_level *)(ctx))

static void get_id(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->id;
}

static void get_detector(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->detector;
}

/* as status --reasons names it (this kernel's name, or ours) */
static void get_name(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->name;
}

/* this kernel's name when its catalogue has the reason, else the enumerator */
static void get_reason(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_finding *f = FINDING(row);

	(void)ctx;
	c->s = f->level_from_kernel ? f->name : f->reason;
}

static void get_enumerator(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->reason;
}

static void get_value(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->null = !FINDING(row)->level_from_kernel;
	c->n = FINDING(row)->value;
}

static void get_level(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->level == _LD_LEVEL_INVALID ? NULL
							 : ld_level_to_string(FINDING(row)->level);
}

static void get_level_source(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_finding *f = FINDING(row);

	(void)ctx;
	c->s = f->level == _LD_LEVEL_INVALID ? "undecided"
	       : f->level_from_kernel	    ? "kernel"
					    : "known-class";
}

static void get_severity(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = ld_severity_to_string(FINDING(row)->severity);
}

static void get_evidence(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->evidence;
}

static void get_symptom(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->symptom;
}

static void get_remedy(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = FINDING(row)->remedy;
}

enum {
	COL_ID, COL_DETECTOR, COL_NAME, COL_REASON, COL_ENUMERATOR, COL_VALUE, COL_LEVEL,
	COL_LEVEL_SOURCE, COL_SEVERITY, COL_EVIDENCE, COL_SYMPTOM, COL_REMEDY,
};

static const struct cli_list_column finding_columns[] = {
	[COL_ID] = { "ID", "id", 0, CLI_JSON_STRING, NULL, get_id, NULL },
	[COL_DETECTOR] = { "DETECTOR", "detector", 0, CLI_JSON_STRING, NULL, get_detector, NULL },
	[COL_NAME] = { "REASON", "name", 0, CLI_JSON_STRING, NULL, get_name, NULL },
	[COL_REASON] = { "REASON", "reason", 0, CLI_JSON_STRING, NULL, get_reason, NULL },
	[COL_ENUMERATOR] = { "ENUMERATOR", "enumerator", 0, CLI_JSON_STRING, NULL, get_enumerator,
			     NULL },
	[COL_VALUE] = { "NUM", "reason_value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER, NULL, get_value,
			NULL },
	[COL_LEVEL] = { "LEVEL", "level", 0, CLI_JSON_STRING, NULL, get_level, NULL },
	[COL_LEVEL_SOURCE] = { "LEVEL-SOURCE", "level_source", 0, CLI_JSON_STRING, NULL,
			       get_level_source, NULL },
	[COL_SEVERITY] = { "SEVERITY", "severity", 0, CLI_JSON_STRING, NULL, get_severity, NULL },
	[COL_EVIDENCE] = { "EVIDENCE", "evidence", 0, CLI_JSON_STRING, NULL, get_evidence, NULL },
	[COL_SYMPTOM] = { "SYMPTOM", "symptom", 0, CLI_JSON_STRING, NULL, get_symptom, NULL },
	[COL_REMEDY] = { "REMEDY", "remedy", 0, CLI_JSON_STRING, NULL, get_remedy, NULL },
};
static const int finding_text[] = { COL_LEVEL, COL_SEVERITY, COL_NAME, COL_ID };
static const int finding_json[] = { COL_ID, COL_DETECTOR, COL_REASON, COL_ENUMERATOR,
				    COL_VALUE, COL_LEVEL, COL_LEVEL_SOURCE, COL_SEVERITY,
				    COL_EVIDENCE, COL_SYMPTOM, COL_REMEDY };

static bool in_scope(const void *row, const void *ctx)
{
	return check_finding_in_scope(FINDING(row), UPTO(ctx));
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

static void get_unseen_detector(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = UNSEEN(row)->detector;
}

static void get_unseen_what(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = UNSEEN(row)->what;
}

static void get_unseen_error(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = ld_error_slug(UNSEEN(row)->err);
}

static void get_unseen_level(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = UNSEEN(row)->level == _LD_LEVEL_INVALID ? NULL
						       : ld_level_to_string(UNSEEN(row)->level);
}

static void get_unseen_matters(const void *row, const void *ctx, struct cli_cell *c)
{
	c->b = ld_unseen_matters_at(UNSEEN(row), UPTO(ctx));
}

static const struct cli_list_column unseen_columns[] = {
	{ "DETECTOR", "detector", 0, CLI_JSON_STRING, NULL, get_unseen_detector, NULL },
	{ "WHAT", "what", 0, CLI_JSON_STRING, NULL, get_unseen_what, NULL },
	{ "ERROR", "error", 0, CLI_JSON_STRING, NULL, get_unseen_error, NULL },
	{ "LEVEL", "level", 0, CLI_JSON_STRING, NULL, get_unseen_level, NULL },
	{ "VERDICT-UNKNOWN", "leaves_verdict_unknown", 0, CLI_JSON_BOOLEAN, NULL,
	  get_unseen_matters, NULL },
};
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
