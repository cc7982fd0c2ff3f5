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

void log_print_follow(const struct ld_logline *l, const struct ld_logmsg *m, bool json)
{
	char when[40];

	ld_log_format_time(when, sizeof(when), l->realtime_us >= 0 ? l->realtime_us : l->mono_us,
			   l->realtime_us < 0);
	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "time", json_object_new_string(when));
		json_object_object_add(o, "kind", json_object_new_string(ld_logmsg_kind_to_string(m->kind)));
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

static int print_table(const struct ld_log_report *rep)
{
	struct libscols_table *tb = log_reasons_table(rep);

	if (!tb)
		return cli_error("out of memory");
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
	struct json_object *doc = json_document_new(), *raises = json_object_new_array();
	char when[40];
	int ret;

	json_object_object_add(doc, "source", json_string_safe(rep->source));
	json_object_object_add(doc, "messages", json_object_new_uint64(s->lines));
	for (size_t i = 0; i < s->n_raises; i++) {
		struct json_object *o = json_object_new_object();

		ld_log_format_time(when, sizeof(when), s->raises[i].when_us, s->raises[i].when_is_mono);
		json_object_object_add(o, "source", s->raises[i].lifted ? NULL : json_string_safe(s->raises[i].source));
		json_object_object_add(o, "lifted", json_object_new_boolean(s->raises[i].lifted));
		json_object_object_add(o, "time", json_object_new_string(when));
		json_object_object_add(o, "boot", s->raises[i].boot[0] ? json_object_new_string(s->raises[i].boot) : NULL);
		json_object_array_add(raises, o);
	}
	json_object_object_add(doc, "reasons", log_reasons_json(rep));
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
