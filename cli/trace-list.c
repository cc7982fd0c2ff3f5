// SPDX-License-Identifier: GPL-2.0-or-later
/* trace's counts per reason: one column table for the summary table, the live view and JSON. */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"
#include "output.h"
#include "trace-render.h"

#define R struct ld_trace_reason

static void time_cell(uint64_t ns, bool iso, struct cli_cell *c)
{
	if (!ns)
		return;
	ld_trace_format_time(c->buf, sizeof(c->buf), ns, !iso);
	c->s = c->buf;
}

CLI_GETTER(get_first, R, const void)
{
	time_cell(row->first_ns, true, c);
}

CLI_GETTER(get_last, R, const void)
{
	time_cell(row->last_ns, true, c);
}

CLI_GETTER(get_first_clock, R, const void)
{
	time_cell(row->first_ns, false, c);
}

CLI_GETTER(get_last_clock, R, const void)
{
	time_cell(row->last_ns, false, c);
}

/* "dd[812], kworker/0:1[12] (kernel thread), +3 more" */
CLI_GETTER(get_process_list, R, const void)
{
	const struct ld_trace_reason *rs = row;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return;
	for (size_t j = 0; j < rs->n_procs; j++) {
		const struct ld_trace_proc *p = &rs->procs[j];

		/* no escaping here: libsmartcols encodes what a terminal must not see */
		fprintf(f, "%s%s[%u]%s", j ? ", " : "", p->comm, p->tgid,
			p->context == LD_TRACE_KERNEL_THREAD ? " (kernel thread)"
			: p->context == LD_TRACE_IDLE	     ? " (interrupt)"
							     : "");
	}
	if (rs->more_procs)
		fprintf(f, ", +%llu more", (unsigned long long)rs->more_procs);
	fclose(f);
	c->s = out;
	c->free_s = true;
}

static struct json_object *processes_json(const void *row, const void *ctx)
{
	const struct ld_trace_reason *rs = row;
	struct json_object *procs = json_object_new_array();

	(void)ctx;
	for (size_t j = 0; j < rs->n_procs; j++) {
		const struct ld_trace_proc *p = &rs->procs[j];
		struct json_object *po = json_object_new_object();

		json_object_object_add(po, "tgid", json_object_new_int64(p->tgid));
		json_object_object_add(po, "comm", json_string_safe(p->comm));
		json_object_object_add(po, "exe", p->exe ? json_string_safe(p->exe) : NULL);
		json_object_object_add(po, "context", json_object_new_string(
							      ld_trace_context_to_string(p->context)));
		json_object_object_add(po, "checks", json_object_new_int64((int64_t)p->checks));
		json_object_array_add(procs, po);
	}
	return procs;
}

enum {
	COL_VALUE, COL_NAME, COL_ENUMERATOR, COL_LEVEL, COL_CHECKS, COL_DENIED, COL_FIRST,
	COL_LAST, COL_FIRST_CLOCK, COL_LAST_CLOCK, COL_PROCESS_LIST, COL_PROCESSES, COL_MORE,
};

#define S CLI_JSON_STRING
#define U CLI_JSON_UNSIGNED
static const struct cli_list_column reason_columns[] = {
	[COL_VALUE] = { CLI_COL("NUM", "value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER), CLI_I64(R, value) },
	[COL_NAME] = { CLI_COL("REASON", "reason", 0, S), CLI_CHARS(R, name) },
	[COL_ENUMERATOR] = { CLI_COL("ENUMERATOR", "enumerator", 0, S), CLI_CHARS(R, enumerator) },
	[COL_LEVEL] = { CLI_COL("LEVEL", "level", 0, S), CLI_LEVEL(R, level) },
	[COL_CHECKS] = { CLI_COL("CHECKS", "checks", SCOLS_FL_RIGHT, U), CLI_U64(R, checks) },
	[COL_DENIED] = { CLI_COL("DENIED", "denied", SCOLS_FL_RIGHT, U), CLI_U64(R, denied) },
	[COL_FIRST] = { CLI_COL("FIRST", "first", 0, S), .get = get_first },
	[COL_LAST] = { CLI_COL("LAST", "last", 0, S), .get = get_last },
	[COL_FIRST_CLOCK] = { CLI_COL("FIRST", "first", 0, S), .get = get_first_clock,
			      .null_text = "-" },
	[COL_LAST_CLOCK] = { CLI_COL("LAST", "last", 0, S), .get = get_last_clock,
			     .null_text = "-" },
	[COL_PROCESS_LIST] = { CLI_COL("PROCESSES", "processes", SCOLS_FL_WRAP, S),
			       .get = get_process_list },
	[COL_PROCESSES] = { CLI_COL("PROCESSES", "processes", 0, S), .json = processes_json },
	[COL_MORE] = { CLI_COL("MORE", "more_processes", SCOLS_FL_RIGHT, U), CLI_U64(R, more_procs) },
};
#undef S
#undef U
/* the live view has the first four: the times and processes only of a full record */
#define LIVE_COLUMNS 4
static const int text_view[] = { COL_NAME,	  COL_LEVEL,	  COL_CHECKS,	     COL_DENIED,
				 COL_FIRST_CLOCK, COL_LAST_CLOCK, COL_PROCESS_LIST };
static const int json_view[] = { COL_VALUE, COL_NAME,  COL_ENUMERATOR, COL_LEVEL, COL_CHECKS,
				 COL_DENIED, COL_FIRST, COL_LAST,       COL_PROCESSES, COL_MORE };

static struct cli_list reason_list(const struct ld_trace_summary *sum)
{
	return (struct cli_list){ .cols = reason_columns,
				  .rows = sum->reasons,
				  .n_rows = sum->n,
				  .row_size = sizeof(*sum->reasons) };
}

struct libscols_table *trace_reasons_table(const struct ld_trace_summary *sum, bool full)
{
	struct cli_list l = reason_list(sum);
	struct cli_list_view v = CLI_LIST_VIEW(text_view);

	if (!full)
		v.n = LIVE_COLUMNS;
	return cli_list_table(&l, v);
}

struct json_object *trace_reasons_json(const struct ld_trace_summary *sum)
{
	struct cli_list l = reason_list(sum);

	return cli_list_json(&l, CLI_LIST_VIEW(json_view));
}
