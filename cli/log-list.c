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

#define V struct ld_log_reason_view

/* the table's REASON: the short name, or the text no catalogue knows */
CLI_GETTER(get_reason_text, V, const void)
{
	snprintf(c->buf, sizeof(c->buf), "%.63s",
		 row->reason->enumerator ? row->name : row->reason->what);
	c->s = c->buf;
}

CLI_GETTER(get_enumerator, V, const void)
{
	c->s = row->reason->enumerator;
}

CLI_GETTER(get_text, V, const void)
{
	c->s = row->reason->what;
}

/* the table marks a guess with "?" ("integrity?") */
CLI_GETTER(get_level_text, V, const void)
{
	if (row->level_shown == _LD_LEVEL_INVALID)
		return;
	snprintf(c->buf, sizeof(c->buf), "%s%s", ld_level_to_string(row->level_shown),
		 row->level_guessed ? "?" : "");
	c->s = c->buf;
}

CLI_GETTER(get_logged, V, const void)
{
	c->u = row->reason->logged;
}

CLI_GETTER(get_suppressed, V, const void)
{
	c->u = row->reason->suppressed;
}

/* "dd[812] /usr/bin/dd (3), +2 more"; raw: libsmartcols escapes what a terminal must not see */
CLI_GETTER(get_process_list, V, const void)
{
	const struct ld_log_reason *r = row->reason;
	char buf[1024];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n_procs && off < sizeof(buf); i++) {
		const char *comm = r->procs[i].comm[0] ? r->procs[i].comm : CLI_UNKNOWN;
		const char *exe = row->exe[i];

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
	const struct ld_log_reason_view *v = row;
	const struct ld_log_reason *r = v->reason;
	struct json_object *procs = json_object_new_array();

	(void)ctx;
	for (size_t p = 0; p < r->n_procs; p++) {
		struct json_object *po = json_object_new_object();

		json_object_object_add(po, "comm", json_string_safe(r->procs[p].comm));
		json_object_object_add(po, "pid", r->procs[p].pid ? json_object_new_int64(r->procs[p].pid)
								  : NULL);
		json_object_object_add(po, "exe", v->exe[p][0] ? json_string_safe(v->exe[p]) : NULL);
		json_object_object_add(po, "count", json_object_new_uint64(r->procs[p].count));
		json_object_array_add(procs, po);
	}
	return procs;
}

CLI_GETTER(get_more, V, const void)
{
	c->u = row->reason->more_procs;
}

CLI_GETTER(get_first, V, const void)
{
	ld_log_format_time(c->buf, sizeof(c->buf), row->reason->first_us, row->reason->first_is_mono);
	c->s = c->buf;
}

CLI_GETTER(get_last, V, const void)
{
	ld_log_format_time(c->buf, sizeof(c->buf), row->reason->last_us, row->reason->first_is_mono);
	c->s = c->buf;
}

/* the first boot's id, short, and "+" when there were more */
CLI_GETTER(get_boot, V, const void)
{
	const struct ld_log_reason *r = row->reason;

	snprintf(c->buf, sizeof(c->buf), "%.8s%s", r->n_boots ? r->boots[0] : "-",
		 r->n_boots > 1 ? " +" : "");
	c->s = c->buf;
}

static struct json_object *boots_json(const void *row, const void *ctx)
{
	const struct ld_log_reason *r = ((const struct ld_log_reason_view *)row)->reason;
	struct json_object *boots = json_object_new_array();

	(void)ctx;
	for (size_t b = 0; b < r->n_boots; b++)
		json_object_array_add(boots, json_string_safe(r->boots[b]));
	return boots;
}

CLI_GETTER(get_known, V, const void)
{
	c->s = row->advice ? row->advice->known : NULL;
}

CLI_GETTER(get_remedy, V, const void)
{
	c->s = row->advice ? row->advice->remedy : NULL;
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
	[COL_NAME] = { CLI_COL("NAME", "name", 0, S), CLI_CHARS(V, name) },
	[COL_REASON_TEXT] = { CLI_COL("REASON", "reason", 0, S), .get = get_reason_text },
	[COL_ENUMERATOR] = { CLI_COL("ENUMERATOR", "enumerator", 0, S), .get = get_enumerator },
	[COL_TEXT] = { CLI_COL("TEXT", "text", 0, S), .get = get_text },
	/* the level, else the guessed one: the JSON says which with level_guessed */
	[COL_LEVEL] = { CLI_COL("LEVEL", "level", 0, S), CLI_LEVEL(V, level_shown) },
	[COL_LEVEL_TEXT] = { CLI_COL("LEVEL", "level", 0, S), .get = get_level_text },
	[COL_GUESSED] = { CLI_COL("GUESSED", "level_guessed", 0, B), CLI_BOOL(V, level_guessed) },
	/* an unknown text's level is a guess from a keyword: which */
	[COL_GUESSED_FROM] = { CLI_COL("GUESSED-FROM", "level_guessed_from", 0, S),
			       CLI_STR(V, guessed_from) },
	[COL_LOGGED] = { CLI_COL("LOGGED", "logged", SCOLS_FL_RIGHT, U), .get = get_logged },
	[COL_SUPPRESSED] = { CLI_COL("SUPPRESSED", "suppressed", SCOLS_FL_RIGHT, U),
			     .get = get_suppressed },
	[COL_COUNT] = { CLI_COL("COUNT", "count", SCOLS_FL_RIGHT, U), CLI_U64(V, count) },
	[COL_PROCESS_LIST] = { CLI_COL("PROCESSES", "processes", SCOLS_FL_WRAP, S),
			       .get = get_process_list },
	[COL_PROCESSES] = { CLI_COL("PROCESSES", "processes", 0, S), .json = processes_json },
	[COL_MORE] = { CLI_COL("MORE", "more_processes", SCOLS_FL_RIGHT, U), .get = get_more },
	[COL_FIRST] = { CLI_COL("FIRST", "first", 0, S), .get = get_first },
	[COL_LAST] = { CLI_COL("LAST", "last", 0, S), .get = get_last },
	[COL_BOOT] = { CLI_COL("BOOT", "boot", 0, S), .get = get_boot },
	[COL_BOOTS] = { CLI_COL("BOOTS", "boots", 0, S), .json = boots_json },
	[COL_VERIFIED] = { CLI_COL("VERIFIED", "verified", 0, B), CLI_BOOL(V, verified) },
	[COL_KNOWN] = { CLI_COL("KNOWN-TO-HIT", "known_to_hit", 0, S), .get = get_known },
	[COL_REMEDY] = { CLI_COL("REMEDY", "remedy", 0, S), .get = get_remedy },
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
