// SPDX-License-Identifier: GPL-2.0-or-later
/* log's reasons: one column table for the report's table and its JSON. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "list.h"
#include "log-render.h"
#include "output.h"

#define VIEW(row) ((const struct ld_log_reason_view *)(row))
#define REASON(row) (VIEW(row)->reason)

static void get_name(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->enumerator ? VIEW(row)->name : NULL;
}

/* the table's REASON: the short name, or the text no catalogue knows */
static void get_reason_text(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	snprintf(c->buf, sizeof(c->buf), "%.63s",
		 REASON(row)->enumerator ? VIEW(row)->name : REASON(row)->what);
	c->s = c->buf;
}

static void get_enumerator(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->enumerator;
}

static void get_text(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = REASON(row)->what;
}

/* the level, else the guessed one: the JSON says which with level_guessed */
static void get_level(const void *row, const void *ctx, struct cli_cell *c)
{
	enum ld_level l = VIEW(row)->level;

	(void)ctx;
	if (l == _LD_LEVEL_INVALID)
		l = REASON(row)->guessed_level;
	c->s = l == _LD_LEVEL_INVALID ? NULL : ld_level_to_string(l);
}

/* the table marks a guess with "?" ("integrity?") */
static void get_level_text(const void *row, const void *ctx, struct cli_cell *c)
{
	get_level(row, ctx, c);
	if (c->s && VIEW(row)->level == _LD_LEVEL_INVALID) {
		snprintf(c->buf, sizeof(c->buf), "%s?", c->s);
		c->s = c->buf;
	}
}

static void get_guessed(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->b = VIEW(row)->level == _LD_LEVEL_INVALID;
}

/* an unknown text's level is a guess from a keyword: which */
static void get_guessed_from(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = VIEW(row)->level == _LD_LEVEL_INVALID ? REASON(row)->guess_keyword : NULL;
}

static void get_logged(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->logged;
}

static void get_suppressed(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->suppressed;
}

static void get_count(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->logged + REASON(row)->suppressed;
}

/* "dd[812] /usr/bin/dd (3), +2 more"; raw: libsmartcols escapes what a terminal must not see */
static void get_process_list(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_log_reason *r = REASON(row);
	char buf[1024];
	size_t off = 0;

	(void)ctx;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_procs && off < sizeof(buf); i++) {
		const char *comm = r->procs[i].comm[0] ? r->procs[i].comm : CLI_UNKNOWN;
		const char *exe = VIEW(row)->exe[i];

		if (r->procs[i].pid && exe[0])
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] %s (%" PRIu64 ")",
						i ? ", " : "", comm, r->procs[i].pid, exe,
						r->procs[i].count);
		else if (r->procs[i].pid)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] (%" PRIu64 ")",
						i ? ", " : "", comm, r->procs[i].pid, r->procs[i].count);
		else
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s (%" PRIu64 ")",
						i ? ", " : "", comm, r->procs[i].count);
	}
	if (r->more_procs && off < sizeof(buf))
		snprintf(buf + off, sizeof(buf) - off, ", +%" PRIu64 " more", r->more_procs);
	c->s = strdup(buf);
	c->free_s = true;
}

static struct json_object *processes_json(const void *row, const void *ctx)
{
	const struct ld_log_reason *r = REASON(row);
	struct json_object *procs = json_object_new_array();

	(void)ctx;
	for (size_t p = 0; p < r->n_procs; p++) {
		struct json_object *po = json_object_new_object();
		const char *exe = VIEW(row)->exe[p];

		json_object_object_add(po, "comm", json_string_safe(r->procs[p].comm));
		json_object_object_add(po, "pid", r->procs[p].pid ? json_object_new_int64(r->procs[p].pid)
								  : NULL);
		json_object_object_add(po, "exe", exe[0] ? json_string_safe(exe) : NULL);
		json_object_object_add(po, "count", json_object_new_uint64(r->procs[p].count));
		json_object_array_add(procs, po);
	}
	return procs;
}

static void get_more(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->u = REASON(row)->more_procs;
}

static void get_first(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	ld_log_format_time(c->buf, sizeof(c->buf), REASON(row)->first_us, REASON(row)->first_is_mono);
	c->s = c->buf;
}

static void get_last(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	ld_log_format_time(c->buf, sizeof(c->buf), REASON(row)->last_us, REASON(row)->first_is_mono);
	c->s = c->buf;
}

/* the first boot's id, short, and "+" when there were more */
static void get_boot(const void *row, const void *ctx, struct cli_cell *c)
{
	const struct ld_log_reason *r = REASON(row);

	(void)ctx;
	snprintf(c->buf, sizeof(c->buf), "%.8s%s", r->n_boots ? r->boots[0] : "-",
		 r->n_boots > 1 ? " +" : "");
	c->s = c->buf;
}

static struct json_object *boots_json(const void *row, const void *ctx)
{
	const struct ld_log_reason *r = REASON(row);
	struct json_object *boots = json_object_new_array();

	(void)ctx;
	for (size_t b = 0; b < r->n_boots; b++)
		json_object_array_add(boots, json_string_safe(r->boots[b]));
	return boots;
}

static void get_verified(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->b = !REASON(row)->untrusted;
}

static void get_known(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = VIEW(row)->advice ? VIEW(row)->advice->known : NULL;
}

static void get_remedy(const void *row, const void *ctx, struct cli_cell *c)
{
	(void)ctx;
	c->s = VIEW(row)->advice ? VIEW(row)->advice->remedy : NULL;
}

enum {
	COL_NAME, COL_REASON_TEXT, COL_ENUMERATOR, COL_TEXT, COL_LEVEL, COL_LEVEL_TEXT,
	COL_GUESSED, COL_GUESSED_FROM, COL_LOGGED, COL_SUPPRESSED, COL_COUNT, COL_PROCESS_LIST,
	COL_PROCESSES, COL_MORE, COL_FIRST, COL_LAST, COL_BOOT, COL_BOOTS, COL_VERIFIED,
	COL_KNOWN, COL_REMEDY,
};

#define U CLI_JSON_UNSIGNED
#define S CLI_JSON_STRING
#define B CLI_JSON_BOOLEAN
static const struct cli_list_column reason_columns[] = {
	[COL_NAME] = { "NAME", "name", 0, S, NULL, get_name, NULL },
	[COL_REASON_TEXT] = { "REASON", "reason", 0, S, NULL, get_reason_text, NULL },
	[COL_ENUMERATOR] = { "ENUMERATOR", "enumerator", 0, S, NULL, get_enumerator, NULL },
	[COL_TEXT] = { "TEXT", "text", 0, S, NULL, get_text, NULL },
	[COL_LEVEL] = { "LEVEL", "level", 0, S, NULL, get_level, NULL },
	[COL_LEVEL_TEXT] = { "LEVEL", "level", 0, S, NULL, get_level_text, NULL },
	[COL_GUESSED] = { "GUESSED", "level_guessed", 0, B, NULL, get_guessed, NULL },
	[COL_GUESSED_FROM] = { "GUESSED-FROM", "level_guessed_from", 0, S, NULL, get_guessed_from,
			       NULL },
	[COL_LOGGED] = { "LOGGED", "logged", SCOLS_FL_RIGHT, U, NULL, get_logged, NULL },
	[COL_SUPPRESSED] = { "SUPPRESSED", "suppressed", SCOLS_FL_RIGHT, U, NULL, get_suppressed,
			     NULL },
	[COL_COUNT] = { "COUNT", "count", SCOLS_FL_RIGHT, U, NULL, get_count, NULL },
	[COL_PROCESS_LIST] = { "PROCESSES", "processes", SCOLS_FL_WRAP, S, NULL, get_process_list,
			       NULL },
	[COL_PROCESSES] = { "PROCESSES", "processes", 0, S, NULL, NULL, processes_json },
	[COL_MORE] = { "MORE", "more_processes", SCOLS_FL_RIGHT, U, NULL, get_more, NULL },
	[COL_FIRST] = { "FIRST", "first", 0, S, NULL, get_first, NULL },
	[COL_LAST] = { "LAST", "last", 0, S, NULL, get_last, NULL },
	[COL_BOOT] = { "BOOT", "boot", 0, S, NULL, get_boot, NULL },
	[COL_BOOTS] = { "BOOTS", "boots", 0, S, NULL, NULL, boots_json },
	[COL_VERIFIED] = { "VERIFIED", "verified", 0, B, NULL, get_verified, NULL },
	[COL_KNOWN] = { "KNOWN-TO-HIT", "known_to_hit", 0, S, NULL, get_known, NULL },
	[COL_REMEDY] = { "REMEDY", "remedy", 0, S, NULL, get_remedy, NULL },
};
#undef U
#undef S
#undef B
static const int text_view[] = { COL_REASON_TEXT, COL_LEVEL_TEXT, COL_COUNT, COL_SUPPRESSED,
				 COL_FIRST,	  COL_LAST,	  COL_BOOT,  COL_PROCESS_LIST };
static const int json_view[] = {
	COL_NAME,   COL_ENUMERATOR, COL_TEXT,  COL_LEVEL, COL_GUESSED, COL_GUESSED_FROM,
	COL_LOGGED, COL_SUPPRESSED, COL_COUNT, COL_PROCESSES, COL_MORE, COL_FIRST,
	COL_LAST,   COL_BOOTS,      COL_VERIFIED, COL_KNOWN, COL_REMEDY,
};

static struct cli_list reason_list(const struct ld_log_report *rep)
{
	return (struct cli_list){ .cols = reason_columns,
				  .rows = rep->views,
				  .n_rows = rep->sum.n,
				  .row_size = sizeof(*rep->views) };
}

struct libscols_table *log_reasons_table(const struct ld_log_report *rep)
{
	struct cli_list l = reason_list(rep);

	return cli_list_table(&l, CLI_LIST_VIEW(text_view));
}

struct json_object *log_reasons_json(const struct ld_log_report *rep)
{
	struct cli_list l = reason_list(rep);

	return cli_list_json(&l, CLI_LIST_VIEW(json_view));
}
