// SPDX-License-Identifier: GPL-2.0-or-later
/* trace's counts per reason: one column table for the summary table, the live view and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"
#include "output.h"
#include "trace-render.h"

#define REASON(row) ((const struct ld_trace_reason *)(row))

void trace_iso_time(uint64_t ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000u);
	struct tm tm;

	gmtime_r(&sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)(ns % 1000000000u / 1000));
}

/* Local wall-clock time of day, for the table. */
static void clock_time(uint64_t ns, char *buf, size_t size)
{
	time_t sec = (time_t)(ns / 1000000000u);
	struct tm tm;

	localtime_r(&sec, &tm);
	snprintf(buf, size, "%02d:%02d:%02d.%03u", tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned)(ns % 1000000000u / 1000000));
}

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
	c->s = *REASON(row)->enumerator ? REASON(row)->enumerator : NULL;
}

static void get_level(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->level == _LD_LEVEL_INVALID ? NULL
						       : ld_level_to_string(REASON(row)->level);
}

static void get_checks(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->checks;
}

static void get_denied(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->denied;
}

static void time_cell(uint64_t ns, bool iso, struct cli_cell *c)
{
	if (!ns)
		return;
	(iso ? trace_iso_time : clock_time)(ns, c->buf, sizeof(c->buf));
	c->s = c->buf;
}

static void get_first(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	time_cell(REASON(row)->first_ns, true, c);
}

static void get_last(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	time_cell(REASON(row)->last_ns, true, c);
}

static void get_first_clock(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	time_cell(REASON(row)->first_ns, false, c);
}

static void get_last_clock(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	time_cell(REASON(row)->last_ns, false, c);
}

/* "dd[812], kworker/0:1[12] (kernel thread), +3 more" */
static void get_process_list(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_trace_reason *rs = REASON(row);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	(void)ctx;
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
	const struct ld_trace_reason *rs = REASON(row);
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

static void get_more(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->more_procs;
}

enum {
	COL_VALUE, COL_NAME, COL_ENUMERATOR, COL_LEVEL, COL_CHECKS, COL_DENIED, COL_FIRST,
	COL_LAST, COL_FIRST_CLOCK, COL_LAST_CLOCK, COL_PROCESS_LIST, COL_PROCESSES, COL_MORE,
};

static const struct cli_list_column reason_columns[] = {
	[COL_VALUE] = { "NUM", "value", SCOLS_FL_RIGHT, CLI_JSON_NUMBER, NULL, get_value, NULL },
	[COL_NAME] = { "REASON", "reason", 0, CLI_JSON_STRING, NULL, get_name, NULL },
	[COL_ENUMERATOR] = { "ENUMERATOR", "enumerator", 0, CLI_JSON_STRING, NULL, get_enumerator,
			     NULL },
	[COL_LEVEL] = { "LEVEL", "level", 0, CLI_JSON_STRING, NULL, get_level, NULL },
	[COL_CHECKS] = { "CHECKS", "checks", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL, get_checks,
			 NULL },
	[COL_DENIED] = { "DENIED", "denied", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL, get_denied,
			 NULL },
	[COL_FIRST] = { "FIRST", "first", 0, CLI_JSON_STRING, "-", get_first, NULL },
	[COL_LAST] = { "LAST", "last", 0, CLI_JSON_STRING, "-", get_last, NULL },
	[COL_FIRST_CLOCK] = { "FIRST", "first", 0, CLI_JSON_STRING, "-", get_first_clock, NULL },
	[COL_LAST_CLOCK] = { "LAST", "last", 0, CLI_JSON_STRING, "-", get_last_clock, NULL },
	[COL_PROCESS_LIST] = { "PROCESSES", "processes", SCOLS_FL_WRAP, CLI_JSON_STRING, NULL,
			       get_process_list, NULL },
	[COL_PROCESSES] = { "PROCESSES", "processes", 0, CLI_JSON_STRING, NULL, NULL,
			    processes_json },
	[COL_MORE] = { "MORE", "more_processes", SCOLS_FL_RIGHT, CLI_JSON_UNSIGNED, NULL, get_more,
		       NULL },
};
/* the live view has the first four: the times and processes only of a full record */
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
		v.n = 4;
	return cli_list_table(&l, v);
}

struct json_object *trace_reasons_json(const struct ld_trace_summary *sum)
{
	struct cli_list l = reason_list(sum);

	return cli_list_json(&l, CLI_LIST_VIEW(json_view));
}
