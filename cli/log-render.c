// SPDX-License-Identifier: GPL-2.0-or-later
/* log: the report as a table with explanations, or as JSON; --follow's lines; the journal's boots. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "log-render.h"
#include "lockdown/utf8.h"
#include "output.h"

/* LEVEL as shown: the level, a guess marked "?" ("integrity?"), or unknown */
static const char *level_text(const struct ld_log_reason_view *v, char *buf, size_t size)
{
	const struct ld_log_reason *r = v->reason;

	if (v->level != _LD_LEVEL_INVALID)
		return ld_level_to_string(v->level);
	if (r->guessed_level == _LD_LEVEL_INVALID)
		return CLI_UNKNOWN;
	snprintf(buf, size, "%s?", ld_level_to_string(r->guessed_level));
	return buf;
}

void log_print_follow(const struct ld_logline *l, const struct ld_logmsg *m, bool json)
{
	char when[40];

	ld_log_format_time(when, sizeof(when), l->realtime_us >= 0 ? l->realtime_us : l->mono_us,
			   l->realtime_us < 0);
	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "time", json_object_new_string(when));
		json_object_object_add(o, "kind", json_object_new_string(
				m->kind == LD_LOGMSG_DENIAL ? "denial"
				: m->kind == LD_LOGMSG_RAISE ? "raise"
				: m->kind == LD_LOGMSG_LIFT ? "lift"
				: m->kind == LD_LOGMSG_SUPPRESSED ? "suppressed" : "module"));
		json_object_object_add(o, "comm", json_string_safe(m->comm));
		json_object_object_add(o, "reason", m->enumerator ? json_object_new_string(m->enumerator) : NULL);
		json_object_object_add(o, "text", json_string_safe(m->what));
		json_object_object_add(o, "suppressed", json_object_new_uint64(m->suppressed));
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		char *msg = strndup(l->msg, l->msg_len), *safe = msg ? text_escape(msg) : NULL;

		printf("%s %s\n", when, safe ? safe : "");
		free(safe);
		free(msg);
	}
	fflush(stdout);
}

static void add_procs(struct libscols_line *ln, int col, const struct ld_log_reason_view *v)
{
	const struct ld_log_reason *r = v->reason;
	char buf[1024];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n_procs && off < sizeof(buf); i++) {
		/* raw: libsmartcols escapes what a terminal must not see */
		const char *c = r->procs[i].comm[0] ? r->procs[i].comm : CLI_UNKNOWN;

		if (r->procs[i].pid && v->exe[i][0])
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] %s (%" PRIu64 ")",
						i ? ", " : "", c, r->procs[i].pid, v->exe[i],
						r->procs[i].count);
		else if (r->procs[i].pid)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] (%" PRIu64 ")",
						i ? ", " : "", c, r->procs[i].pid, r->procs[i].count);
		else
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s (%" PRIu64 ")",
						i ? ", " : "", c, r->procs[i].count);
	}
	if (r->more_procs && off < sizeof(buf))
		snprintf(buf + off, sizeof(buf) - off, ", +%" PRIu64 " more", r->more_procs);
	scols_line_set_data(ln, col, buf);
}

static const struct cli_column log_columns[] = {
	{ "REASON", 0 }, { "LEVEL", 0 }, { "COUNT", SCOLS_FL_RIGHT },
	{ "SUPPRESSED", SCOLS_FL_RIGHT }, { "FIRST", 0 }, { "LAST", 0 }, { "BOOT", 0 },
	{ "PROCESSES", SCOLS_FL_WRAP },
};

static int print_table(const struct ld_log_report *rep)
{
	const struct ld_log_summary *s = &rep->sum;
	struct libscols_table *tb = scols_new_table();
	char buf[64], when[40];

	if (!tb)
		return cli_error("out of memory");
	CLI_TABLE_COLUMNS(tb, log_columns);
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_log_reason_view *v = &rep->views[i];
		const struct ld_log_reason *r = v->reason;
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		char lvbuf[32];

		snprintf(buf, sizeof(buf), "%.63s", r->enumerator ? v->name : r->what);
		scols_line_set_data(ln, 0, buf);
		scols_line_set_data(ln, 1, level_text(v, lvbuf, sizeof(lvbuf)));
		snprintf(buf, sizeof(buf), "%" PRIu64, r->logged + r->suppressed);
		scols_line_set_data(ln, 2, buf);
		snprintf(buf, sizeof(buf), "%" PRIu64, r->suppressed);
		scols_line_set_data(ln, 3, buf);
		ld_log_format_time(when, sizeof(when), r->first_us, r->first_is_mono);
		scols_line_set_data(ln, 4, when);
		ld_log_format_time(when, sizeof(when), r->last_us, r->first_is_mono);
		scols_line_set_data(ln, 5, when);
		snprintf(buf, sizeof(buf), "%.8s%s", r->n_boots ? r->boots[0] : "-",
			 r->n_boots > 1 ? " +" : "");
		scols_line_set_data(ln, 6, buf);
		add_procs(ln, 7, v);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return EXIT_OK;
}

static void print_raises(const struct ld_log_summary *s)
{
	char when[40];

	for (size_t i = 0; i < s->n_raises; i++) {
		char *from = text_escape(s->raises[i].source), *boot = text_escape(s->raises[i].boot);

		ld_log_format_time(when, sizeof(when), s->raises[i].when_us, s->raises[i].when_is_mono);
		if (s->raises[i].lifted)
			printf("Lockdown lifted (SysRq+x) at %s%s%s\n", when,
			       s->raises[i].boot[0] ? ", boot " : "", boot ? boot : "");
		else
			printf("Lockdown raised from %s at %s%s%s\n", from ? from : "?", when,
			       s->raises[i].boot[0] ? ", boot " : "", boot ? boot : "");
		free(from);
		free(boot);
	}
}

/* What the table cannot show: folded and suppressed counts, module refusals. */
static void print_counts(const struct ld_log_summary *s)
{
	if (s->folded)
		printf("\n%" PRIu64 " more refusal%s of %s%" PRIu64 " other unknown reason%s %s folded "
		       "together (the table keeps %d unknown reasons).\n",
		       s->folded, s->folded == 1 ? "" : "s", s->folded_distinct_is_min ? "more than " : "",
		       s->folded_distinct, s->folded_distinct == 1 ? "" : "s",
		       s->folded == 1 ? "is" : "are", LD_LOG_MAX_UNKNOWN);
	if (s->suppressed_several)
		printf("\nThe rate limiter also hid %" PRIu64 " refusals of several reasons (10 per 5 s "
		       "are logged).\n",
		       s->suppressed_several);
	if (s->suppressed_unknown)
		printf("\nThe rate limiter hid %" PRIu64 " lockdown messages that no logged refusal came "
		       "before: their reasons are unknown (the log may start after them).\n",
		       s->suppressed_unknown);
	if (s->module_rejected) {
		printf("\nModules rejected (module signature enforcement): %" PRIu64, s->module_rejected);
		for (size_t i = 0; i < s->n_rejections; i++) {
			char *what = text_escape(s->rejections[i].what);

			printf("%s%s %" PRIu64, i ? ", " : " (", what ? what : "?", s->rejections[i].count);
			free(what);
		}
		printf("%s\n", s->n_rejections ? ")" : "");
	}
	if (s->module_sig_failed)
		printf("\nModule signatures that could not be checked (the module was then refused, or "
		       "loaded and the kernel tainted): %" PRIu64 "\n",
		       s->module_sig_failed);
	if (s->module_unsigned)
		printf("\nUnsigned modules loaded (tainting the kernel; integrity would refuse them): %" PRIu64 "\n",
		       s->module_unsigned);
}

static void print_explanations(const struct ld_log_report *rep)
{
	for (size_t i = 0; i < rep->sum.n; i++) {
		const struct ld_log_reason_view *v = &rep->views[i];
		const struct ld_log_reason *r = v->reason;
		char *what = text_escape(r->what);

		printf("\n%s: \"%s\"%s\n", r->enumerator ? v->name : "unknown reason",
		       what ? what : "", r->untrusted ? " (from a text log: not verified as the kernel's)" : "");
		if (!r->enumerator && r->guessed_level != _LD_LEVEL_INVALID)
			printf("  Level: most likely %s (a guess: no kernel we know prints this text; \"%s\" "
			       "names %s).\n",
			       ld_level_to_string(r->guessed_level), r->guess_keyword,
			       r->guessed_level == LD_LEVEL_INTEGRITY
				       ? "a way to change the running kernel, which integrity closes"
				       : "a way to read kernel memory, which confidentiality closes");
		else if (!r->enumerator)
			printf("  Level: unknown (no kernel we know prints this text, and nothing in it says "
			       "which level refuses it).\n");
		if (v->advice) {
			printf("  Known to hit it: %s.\n", v->advice->known);
			printf("  What to do: %s.\n", v->advice->remedy);
		}
		free(what);
	}
}

int log_print_text(const struct ld_log_report *rep)
{
	const struct ld_log_summary *s = &rep->sum;
	char *safe_source = text_escape(rep->source);

	/* the name came from the command line or the machine: never raw to a terminal */
	printf("Source: %s (%" PRIu64 " messages examined)\n", safe_source ? safe_source : "?", s->lines);
	free(safe_source);
	print_raises(s);
	if (s->n == 0 && !s->module_rejected && !s->module_unsigned && !s->module_sig_failed &&
	    !s->suppressed_unattributed) {
		printf("No lockdown refusals in this log.\n");
	} else {
		int r = s->n ? print_table(rep) : EXIT_OK;

		if (r != EXIT_OK)
			return r;
		print_counts(s);
		print_explanations(rep);
	}
	if (s->forged)
		printf("\nIgnored %" PRIu64 " line%s that look%s like the kernel's but did not come from it.\n",
		       s->forged, s->forged == 1 ? "" : "s", s->forged == 1 ? "s" : "");
	return EXIT_OK;
}

int log_print_json(const struct ld_log_report *rep, enum json_mode mode)
{
	const struct ld_log_summary *s = &rep->sum;
	struct json_object *doc = json_document_new(), *reasons = json_object_new_array(),
			   *raises = json_object_new_array();
	char when[40];
	int ret;

	json_object_object_add(doc, "source", json_string_safe(rep->source));
	json_object_object_add(doc, "messages", json_object_new_uint64(s->lines));
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_log_reason_view *v = &rep->views[i];
		const struct ld_log_reason *r = v->reason;
		struct json_object *o = json_object_new_object(), *procs = json_object_new_array(),
				   *boots = json_object_new_array();
		enum ld_level lv = v->level;
		const struct ld_log_advice *adv = v->advice;

		json_object_object_add(o, "name", r->enumerator ? json_object_new_string(v->name) : NULL);
		json_object_object_add(o, "enumerator", r->enumerator ? json_object_new_string(r->enumerator) : NULL);
		json_object_object_add(o, "text", json_string_safe(r->what));
		json_object_object_add(o, "level", lv != _LD_LEVEL_INVALID ? json_object_new_string(ld_level_to_string(lv))
						   : r->guessed_level != _LD_LEVEL_INVALID
							   ? json_object_new_string(ld_level_to_string(r->guessed_level))
							   : NULL);
		/* an unknown text's level is a guess from a keyword: say so, and which */
		json_object_object_add(o, "level_guessed", json_object_new_boolean(lv == _LD_LEVEL_INVALID));
		json_object_object_add(o, "level_guessed_from",
				       lv == _LD_LEVEL_INVALID && r->guess_keyword
					       ? json_object_new_string(r->guess_keyword)
					       : NULL);
		json_object_object_add(o, "logged", json_object_new_uint64(r->logged));
		json_object_object_add(o, "suppressed", json_object_new_uint64(r->suppressed));
		json_object_object_add(o, "count", json_object_new_uint64(r->logged + r->suppressed));
		for (size_t p = 0; p < r->n_procs; p++) {
			struct json_object *po = json_object_new_object();

			json_object_object_add(po, "comm", json_string_safe(r->procs[p].comm));
			json_object_object_add(po, "pid", r->procs[p].pid ? json_object_new_int64(r->procs[p].pid) : NULL);
			json_object_object_add(po, "exe", v->exe[p][0] ? json_string_safe(v->exe[p]) : NULL);
			json_object_object_add(po, "count", json_object_new_uint64(r->procs[p].count));
			json_object_array_add(procs, po);
		}
		json_object_object_add(o, "processes", procs);
		json_object_object_add(o, "more_processes", json_object_new_uint64(r->more_procs));
		ld_log_format_time(when, sizeof(when), r->first_us, r->first_is_mono);
		json_object_object_add(o, "first", json_object_new_string(when));
		ld_log_format_time(when, sizeof(when), r->last_us, r->first_is_mono);
		json_object_object_add(o, "last", json_object_new_string(when));
		for (size_t b = 0; b < r->n_boots; b++)
			json_object_array_add(boots, json_object_new_string(r->boots[b]));
		json_object_object_add(o, "boots", boots);
		json_object_object_add(o, "verified", json_object_new_boolean(!r->untrusted));
		json_object_object_add(o, "known_to_hit", adv ? json_object_new_string(adv->known) : NULL);
		json_object_object_add(o, "remedy", adv ? json_object_new_string(adv->remedy) : NULL);
		json_object_array_add(reasons, o);
	}
	for (size_t i = 0; i < s->n_raises; i++) {
		struct json_object *o = json_object_new_object();

		ld_log_format_time(when, sizeof(when), s->raises[i].when_us, s->raises[i].when_is_mono);
		json_object_object_add(o, "source", s->raises[i].lifted ? NULL : json_string_safe(s->raises[i].source));
		json_object_object_add(o, "lifted", json_object_new_boolean(s->raises[i].lifted));
		json_object_object_add(o, "time", json_object_new_string(when));
		json_object_object_add(o, "boot", s->raises[i].boot[0] ? json_object_new_string(s->raises[i].boot) : NULL);
		json_object_array_add(raises, o);
	}
	json_object_object_add(doc, "reasons", reasons);
	json_object_object_add(doc, "raises", raises);
	json_object_object_add(doc, "suppressed_unattributed", json_object_new_uint64(s->suppressed_unattributed));
	json_object_object_add(doc, "suppressed_several_reasons", json_object_new_uint64(s->suppressed_several));
	json_object_object_add(doc, "suppressed_no_refusal_before", json_object_new_uint64(s->suppressed_unknown));
	{
		struct json_object *f = json_object_new_object();

		json_object_object_add(f, "refusals", json_object_new_uint64(s->folded));
		json_object_object_add(f, "distinct", json_object_new_uint64(s->folded_distinct));
		json_object_object_add(f, "distinct_is_minimum", json_object_new_boolean(s->folded_distinct_is_min));
		json_object_object_add(doc, "unknown_reasons_folded", f);
	}
	json_object_object_add(doc, "modules_rejected", json_object_new_uint64(s->module_rejected));
	{
		struct json_object *by = json_object_new_object();

		for (size_t i = 0; i < s->n_rejections; i++) {
			char *key = ld_utf8_sanitize(s->rejections[i].what, strlen(s->rejections[i].what), NULL);

			json_object_object_add(by, key ? key : "?", json_object_new_uint64(s->rejections[i].count));
			free(key);
		}
		json_object_object_add(doc, "modules_rejected_by_reason", by);
	}
	json_object_object_add(doc, "module_signatures_failed", json_object_new_uint64(s->module_sig_failed));
	json_object_object_add(doc, "modules_unsigned_loaded", json_object_new_uint64(s->module_unsigned));
	json_object_object_add(doc, "ignored_not_from_kernel", json_object_new_uint64(s->forged));
	/* lines that could not be read: counted, with the first one's number (text files) */
	json_object_object_add(doc, "unparsed_lockdown_lines", json_object_new_uint64(rep->unparsed));
	json_object_object_add(doc, "unparsed_first_line",
			       rep->unparsed ? json_object_new_uint64(rep->unparsed_first) : NULL);
	json_object_object_add(doc, "unreadable_json_records", json_object_new_uint64(rep->unreadable));
	json_object_object_add(doc, "unreadable_first_line",
			       rep->unreadable ? json_object_new_uint64(rep->unreadable_first) : NULL);
	ret = json_print(doc, mode);
	json_object_put(doc);
	return ret;
}

int log_print_boots(const struct ld_journal_boot *boots, size_t n, enum json_mode mode)
{
	char a[40], b[40];
	int r;

	if (mode != JSON_OFF) {
		struct json_object *doc = json_document_new(), *arr = json_object_new_array();

		for (size_t i = 0; i < n; i++) {
			struct json_object *o = json_object_new_object();

			ld_log_format_time(a, sizeof(a), (int64_t)boots[i].first_us, false);
			ld_log_format_time(b, sizeof(b), (int64_t)boots[i].last_us, false);
			json_object_object_add(o, "offset", json_object_new_int64((int64_t)i - (int64_t)n + 1));
			json_object_object_add(o, "boot_id", json_object_new_string(boots[i].id));
			json_object_object_add(o, "first", json_object_new_string(a));
			json_object_object_add(o, "last", json_object_new_string(b));
			json_object_array_add(arr, o);
		}
		json_object_object_add(doc, "boots", arr);
		r = json_print(doc, mode);
		json_object_put(doc);
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		ld_log_format_time(a, sizeof(a), (int64_t)boots[i].first_us, false);
		ld_log_format_time(b, sizeof(b), (int64_t)boots[i].last_us, false);
		printf("%3lld %s %s - %s\n", (long long)i - (long long)n + 1, boots[i].id, a, b);
	}
	return EXIT_OK;
}

void log_print_unread(const struct ld_log_report *rep)
{
	char *safe;

	if (!rep->unparsed && !rep->unreadable)
		return;
	safe = text_escape(rep->source);
	if (rep->unparsed)
		fprintf(stderr,
			"lockdownctl: warning: %s: %" PRIu64 " line%s mention%s lockdown but could not be read "
			"(format not recognised; first at line %" PRIu64 "): they are not counted\n",
			safe ? safe : "?", rep->unparsed, rep->unparsed == 1 ? "" : "s",
			rep->unparsed == 1 ? "s" : "", rep->unparsed_first);
	if (rep->unreadable)
		fprintf(stderr,
			"lockdownctl: warning: %s: %" PRIu64 " JSON record%s without a readable MESSAGE "
			"(first at line %" PRIu64 "): not counted\n",
			safe ? safe : "?", rep->unreadable, rep->unreadable == 1 ? "" : "s",
			rep->unreadable_first);
	free(safe);
}
