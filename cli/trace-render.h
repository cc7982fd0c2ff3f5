/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_TRACE_RENDER_H
#define CLI_TRACE_RENDER_H

#include <stdio.h>

#include "cli.h"
#include "lockdown/trace.h"

/* What the summary says about the session, besides the counts. */
struct trace_session {
	const char *source;       /* "live" or the replayed file */
	const char *mode;         /* "fexit", "kprobe", or NULL for a file */
	const char *release;      /* NULL when unknown */
	const char *level_now;    /* the level in force while tracing, NULL when unknown */
	double duration_s;        /* < 0 when unknown */
	char **argv;              /* the followed command, or NULL */
	int exit_status;          /* of the command, as the shell reports it */
};

struct json_object;
struct libscols_table;
/* The counts per reason from one column table (trace-list.c): a table, FULL with times and
 * processes, or a JSON array. NULL when out of memory. */
struct libscols_table *trace_reasons_table(const struct ld_trace_summary *sum, bool full);
struct json_object *trace_reasons_json(const struct ld_trace_summary *sum);

/* One check as a JSON Lines object on f (flushed). */
int trace_print_event_json(FILE *f, const struct ld_trace_event *ev);
/* The closing summary object, on f. */
int trace_print_summary_json(FILE *f, const struct trace_session *s,
			     const struct ld_trace_summary *sum, enum json_mode mode);
/* The summary table and the verdict line. */
int trace_print_summary_text(const struct trace_session *s, const struct ld_trace_summary *sum);
/* The refreshing view on a terminal: counts so far. */
void trace_print_live(const struct trace_session *s, const struct ld_trace_summary *sum);

#endif
