// SPDX-License-Identifier: GPL-2.0-or-later
/* Rendering of trace: JSON Lines events, the summary as a table or JSON, the live view. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "lockdown/reasons.h"
#include "output.h"
#include "trace-render.h"

static struct json_object *reason_fields(struct json_object *o, const char *enumerator,
					 const char *name, int64_t value, enum ld_level level)
{
	json_object_object_add(o, "value", json_object_new_int64(value));
	json_object_object_add(o, "reason", json_string_safe(name));
	json_object_object_add(o, "enumerator", *enumerator ? json_string_safe(enumerator) : NULL);
	json_object_object_add(o, "level", level == _LD_LEVEL_INVALID
						   ? NULL
						   : json_object_new_string(ld_level_to_string(level)));
	return o;
}

int trace_print_event_json(FILE *f, const struct ld_trace_event *ev)
{
	struct json_object *o = json_object_new_object();
	char when[64];
	int r;

	if (!o)
		return -1;
	ld_trace_format_time(when, sizeof(when), ev->time_ns, false);
	json_object_object_add(o, "type", json_object_new_string("check"));
	json_object_object_add(o, "time", json_object_new_string(when));
	json_object_object_add(o, "realtime_us", json_object_new_int64((int64_t)(ev->time_ns / 1000)));
	json_object_object_add(o, "pid", json_object_new_int64(ev->pid));
	json_object_object_add(o, "tgid", json_object_new_int64(ev->tgid));
	json_object_object_add(o, "uid", json_object_new_int64(ev->uid));
	json_object_object_add(o, "cgroup_id", json_object_new_int64((int64_t)ev->cgroup_id));
	json_object_object_add(o, "comm", json_string_safe(ev->comm));
	json_object_object_add(o, "context",
			       json_object_new_string(ld_trace_context_to_string(ev->context)));
	reason_fields(o, ev->enumerator, ev->name, ev->value, ev->level);
	json_object_object_add(o, "ret", json_object_new_int(ev->ret));
	json_object_object_add(o, "verdict", json_object_new_string(ev->ret ? "denied" : "allowed"));
	json_object_object_add(o, "exe", ev->exe ? json_string_safe(ev->exe) : NULL);
	json_object_object_add(o, "cmdline", ev->cmdline ? json_string_safe(ev->cmdline) : NULL);
	r = fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return r < 0 || fflush(f) ? -1 : 0;
}

int trace_print_summary_json(FILE *f, const struct trace_session *s,
			     const struct ld_trace_summary *sum, enum json_mode mode)
{
	struct json_object *doc = json_document_new(), *lost = json_object_new_object(),
			   *refuse = json_object_new_object();
	int r;

	json_object_object_add(doc, "type", json_object_new_string("summary"));
	json_object_object_add(doc, "source", json_string_safe(s->source));
	json_object_object_add(doc, "mode", s->mode ? json_object_new_string(s->mode) : NULL);
	json_object_object_add(doc, "kernel_release", s->release ? json_string_safe(s->release) : NULL);
	json_object_object_add(doc, "lockdown_level",
			       s->level_now ? json_object_new_string(s->level_now) : NULL);
	json_object_object_add(doc, "duration_s",
			       s->duration_s >= 0 ? json_object_new_double(s->duration_s) : NULL);
	json_object_object_add(doc, "events", json_object_new_int64((int64_t)sum->events));
	json_object_object_add(lost, "checks", json_object_new_int64((int64_t)sum->lost_checks));
	json_object_object_add(lost, "execs", json_object_new_int64((int64_t)sum->lost_execs));
	json_object_object_add(lost, "follows", json_object_new_int64((int64_t)sum->lost_follows));
	json_object_object_add(doc, "lost", lost);
	json_object_object_add(doc, "reasons", trace_reasons_json(sum));
	json_object_object_add(refuse, "integrity", json_strv(&sum->would_refuse[LD_LEVEL_INTEGRITY]));
	json_object_object_add(refuse, "confidentiality",
			       json_strv(&sum->would_refuse[LD_LEVEL_CONFIDENTIALITY]));
	json_object_object_add(doc, "would_refuse", refuse);
	json_object_object_add(doc, "denied", json_strv(&sum->denied));
	if (s->argv) {
		struct json_object *cmd = json_object_new_object(), *argv = json_object_new_array();

		for (char **a = s->argv; *a; a++)
			json_object_array_add(argv, json_string_safe(*a));
		json_object_object_add(cmd, "argv", argv);
		json_object_object_add(cmd, "exit_status", json_object_new_int(s->exit_status));
		json_object_object_add(doc, "command", cmd);
	} else {
		json_object_object_add(doc, "command", NULL);
	}
	r = fprintf(f, "%s\n",
		    json_object_to_json_string_ext(doc, JSON_C_TO_STRING_NOSLASHESCAPE |
								(mode == JSON_PRETTY ? JSON_C_TO_STRING_PRETTY
										     : JSON_C_TO_STRING_PLAIN)));
	json_object_put(doc);
	return r < 0 || fflush(f) ? EXIT_ERROR : EXIT_OK;
}

/* "a, b, c", or the text for none */
static void print_names(const struct ld_strv *sv, const char *none)
{
	for (size_t i = 0; i < sv->n; i++)
		printf("%s%s", i ? ", " : "", sv->v[i]);
	if (sv->n == 0)
		printf("%s", none);
}

static void print_head(const struct trace_session *s, const struct ld_trace_summary *sum)
{
	if (s->mode)
		printf("Traced %.1f s with %s on security_locked_down, lockdown level %s: ",
		       s->duration_s, s->mode, s->level_now ? s->level_now : CLI_UNKNOWN);
	else {
		char *source = text_escape(s->source);

		printf("Replayed %s: ", source ? source : "?");
		free(source);
	}
	printf("%llu check%s, %zu reason%s.\n", (unsigned long long)sum->checks,
	       sum->checks == 1 ? "" : "s", sum->n, sum->n == 1 ? "" : "s");
}

int trace_print_summary_text(const struct trace_session *s, const struct ld_trace_summary *sum)
{
	struct libscols_table *tb;

	print_head(s, sum);
	if (sum->lost_checks || sum->lost_execs || sum->lost_follows)
		printf("Lost: %llu check event%s (counts above stay exact), %llu exec record%s, "
		       "%llu process%s not followed.\n",
		       (unsigned long long)sum->lost_checks, sum->lost_checks == 1 ? "" : "s",
		       (unsigned long long)sum->lost_execs, sum->lost_execs == 1 ? "" : "s",
		       (unsigned long long)sum->lost_follows, sum->lost_follows == 1 ? "" : "es");
	if (sum->n) {
		tb = trace_reasons_table(sum, true);
		if (!tb)
			return cli_error("out of memory");
		printf("\n");
		scols_print_table(tb);
		scols_unref_table(tb);
		printf("\n");
	}
	printf("would be refused at integrity: ");
	print_names(&sum->would_refuse[LD_LEVEL_INTEGRITY], "nothing");
	printf("; at confidentiality: ");
	print_names(&sum->would_refuse[LD_LEVEL_CONFIDENTIALITY], "nothing");
	printf(".\n");
	if (sum->denied.n) {
		printf("Denied by the kernel as it is now: ");
		print_names(&sum->denied, "");
		printf(".\n");
	}
	if (s->argv) {
		char *cmd = text_escape(s->argv[0]);

		printf("%s exited with status %d.\n", cmd ? cmd : "?", s->exit_status);
		free(cmd);
	}
	return EXIT_OK;
}

void trace_print_live(const struct trace_session *s, const struct ld_trace_summary *sum)
{
	struct libscols_table *tb = trace_reasons_table(sum, false);

	/* home and clear, as top and watch redraw */
	printf("\033[H\033[J");
	print_head(s, sum);
	printf("(Ctrl-C to stop)\n\n");
	if (tb && sum->n)
		scols_print_table(tb);
	scols_unref_table(tb);
	fflush(stdout);
}
