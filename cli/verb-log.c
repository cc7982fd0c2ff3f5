// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl log: the lockdown refusals the kernel has logged, added up
 * per reason and process, and explained. Sources: /dev/kmsg (default), the
 * systemd journal, or text files (dmesg, journalctl, syslog).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "cli.h"
#include "lockdown/infile.h"
#include "lockdown/kmsg.h"
#include "lockdown/logjournal.h"
#include "lockdown/logscan.h"
#include "lockdown/logscanner.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "lockdown/utf8.h"
#include "output.h"

static const char options_help[] =
	"  -f --file=FILE         Read a saved log ('-': stdin): dmesg, journalctl -k (short or\n"
	"                         -o json), syslog kern.log, or /dev/kmsg records\n"
	"     --journal[=FILE]    Read the systemd journal (kernel transport only), or a journal file\n"
	"  -b --boot=ID|OFFSET    Journal: one boot (0 the last, -1 the one before, or its id)\n"
	"     --list-boots        Journal: list the boots it keeps\n"
	"     --since=TIME        Only from TIME (\"YYYY-MM-DD [HH:MM[:SS]]\", UTC)\n"
	"     --until=TIME        Only up to TIME\n"
	"  -F --follow            Print refusals as the kernel logs them (kmsg or journal)\n";

static const char examples[] =
	"  lockdownctl log\n"
	"  lockdownctl log --journal --boot -1\n"
	"  journalctl -k -o json | lockdownctl log --file -\n"
	"  lockdownctl log --follow --json\n";

enum { OPT_JOURNAL = 0x400, OPT_LIST_BOOTS, OPT_SINCE, OPT_UNTIL };

struct log_args {
	const char *file;
	bool journal, list_boots, follow;
	const char *journal_file;
	const char *boot;
	int64_t since_us, until_us;
};

struct log_run {
	struct ld_log_summary sum;
	const struct ld_root *root; /* for the executables of processes still running */
	const struct cli_opts *opts;
	const struct log_args *a;
	bool trusted_source; /* kmsg or journal: facility/transport decide */
	int err;
	/*
	 * Text: line numbers for warnings. A pipe's are counted as it streams; a
	 * regular file's only afterwards, from the offsets, if a warning needs one.
	 */
	bool count_lines;
	const char *chunk;        /* the buffer being scanned */
	uint64_t chunk_off;       /* its offset in the input */
	const char *counted_to;   /* lines before this point in it are counted */
	uint64_t lineno;          /* line number at counted_to (1-based) */
	uint64_t unparsed_off, unreadable_off;
	uint64_t unparsed, unparsed_first;     /* lockdown-looking lines not understood */
	uint64_t unreadable, unreadable_first; /* JSON records without a readable MESSAGE */
};

static volatile int stop_requested;
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int parse_time(const char *s, int64_t *ret)
{
	static const char *const fmts[] = { "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
					    "%Y-%m-%dT%H:%M:%S" };
	struct tm tm;

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(s, fmts[i], &tm);
		if (end && *end == '\0') {
			struct tm check = tm, back;
			time_t t = timegm(&check);

			/* strptime takes 2026-02-30; timegm would make it March 2nd */
			if (!gmtime_r(&t, &back) || back.tm_mday != tm.tm_mday || back.tm_mon != tm.tm_mon ||
			    back.tm_year != tm.tm_year || back.tm_hour != tm.tm_hour ||
			    back.tm_min != tm.tm_min || back.tm_sec != tm.tm_sec)
				return -ERANGE;
			*ret = (int64_t)t * 1000000;
			return 0;
		}
	}
	return -EINVAL;
}

static void fmt_time(char *buf, size_t size, int64_t us, bool mono)
{
	time_t t;
	struct tm tm;

	if (us < 0)
		snprintf(buf, size, "-");
	else if (mono)
		snprintf(buf, size, "+%.3fs", (double)us / 1e6);
	else {
		t = (time_t)(us / 1000000);
		strftime(buf, size, "%Y-%m-%d %H:%M:%S", gmtime_r(&t, &tm));
	}
}

static const char *reason_name(const struct ld_log_reason *r, char *buf, size_t size)
{
	if (!r->enumerator)
		return "?";
	ld_reason_short_name(r->enumerator, buf, size);
	return buf;
}

static enum ld_level reason_level(const struct ld_status *st, const struct ld_log_reason *r)
{
	const struct ld_reason *c = r->enumerator && st->catalogue_err == 0
					    ? ld_catalogue_find(&st->catalogue, r->enumerator)
					    : NULL;

	/* the level of a reason is the same in every kernel that has it */
	return c ? c->level : ld_reason_known_level(r->enumerator);
}

/* LEVEL as shown: the level, a guess marked "?", or "?" alone */
static const char *level_text(const struct ld_status *st, const struct ld_log_reason *r, char *buf,
			      size_t size, bool *ret_guessed)
{
	enum ld_level lv = reason_level(st, r);

	*ret_guessed = false;
	if (lv != _LD_LEVEL_INVALID)
		return ld_level_to_string(lv);
	if (r->guessed_level == _LD_LEVEL_INVALID)
		return "?";
	*ret_guessed = true;
	snprintf(buf, size, "%s?", ld_level_to_string(r->guessed_level));
	return buf;
}

static void print_follow(const struct ld_logline *l, const struct ld_logmsg *m, bool json)
{
	char when[40];

	fmt_time(when, sizeof(when), l->realtime_us >= 0 ? l->realtime_us : l->mono_us,
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

static int take(struct log_run *run, struct ld_logline *l)
{
	struct ld_logmsg m;
	int r;

	if (run->a->since_us > 0 && l->realtime_us >= 0 && l->realtime_us < run->a->since_us)
		return 0;
	if (run->a->until_us > 0 && l->realtime_us >= 0 && l->realtime_us > run->a->until_us)
		return 0;
	if (run->trusted_source) {
		l->trusted = l->from_kernel;
	}
	ld_logmsg_classify(l->msg, l->msg_len, &m);
	r = ld_log_summary_add(&run->sum, l, &m);
	if (r < 0) {
		run->err = r;
		return r;
	}
	if (r > 0 && run->a->follow && l->from_kernel)
		print_follow(l, &m, run->opts->json != JSON_OFF);
	return 0;
}

static int on_kmsg(const struct ld_kmsg_record *rec, void *userdata)
{
	struct ld_logline l = { .msg = rec->msg, .msg_len = rec->msg_len, .from_kernel = rec->facility == 0,
				.mono_us = (int64_t)rec->usec, .realtime_us = -1, .pid = rec->caller_pid };

	return take(userdata, &l);
}

static int on_journal(const struct ld_logline *line, void *userdata)
{
	/* take() may mark trust on it: a copy of what matters, not of the text buffer */
	struct ld_logline l = { .msg = line->msg, .msg_len = line->msg_len, .trusted = line->trusted,
				.from_kernel = line->from_kernel, .mono_us = line->mono_us,
				.realtime_us = line->realtime_us, .pid = line->pid };

	memcpy(l.boot, line->boot, sizeof(l.boot));
	return take(userdata, &l);
}

/* '\n' bytes in [p, end): eight at a time (exact zero-byte test on v ^ "\n\n..."). */
static uint64_t count_newlines(const char *p, const char *end)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, nl = 0x0a0a0a0a0a0a0a0aULL;
	uint64_t n = 0;

	for (; end - p >= 8; p += 8) {
		uint64_t v, t;

		memcpy(&v, p, 8);
		v ^= nl;
		t = ~(((v & low7) + low7) | v | low7);
		/* one 0x80 per '\n': add the eight bytes' bits up with one multiplication */
		n += ((t >> 7) * 0x0101010101010101ULL) >> 56;
	}
	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

/* The line number of the line starting at `line` in the chunk being scanned. */
static uint64_t line_number(struct log_run *run, const char *line)
{
	if (line > run->counted_to)
		run->lineno += count_newlines(run->counted_to, line);
	run->counted_to = line;
	return run->lineno;
}

/* A line to warn about: its number now (a pipe), or its offset for later (a file). */
static void note_line(struct log_run *run, const char *line, uint64_t *ret_lineno, uint64_t *ret_off)
{
	*ret_off = run->chunk_off + (uint64_t)(line - run->chunk);
	if (run->count_lines)
		*ret_lineno = line_number(run, line);
}

/* The line number at byte offset `off` of a regular file read from `start`, read again. */
static uint64_t line_at(int fd, uint64_t start, uint64_t off)
{
	char buf[1 << 16];
	uint64_t pos = start, lines = 1;

	while (pos < off) {
		size_t want = off - pos < sizeof(buf) ? (size_t)(off - pos) : sizeof(buf);
		ssize_t n = pread(fd, buf, want, (off_t)pos);

		if (n <= 0)
			break;
		lines += count_newlines(buf, buf + n);
		pos += (uint64_t)n;
	}
	return lines;
}

static int on_text_line(const char *line, size_t len, void *userdata)
{
	struct log_run *run = userdata;
	struct ld_logline l;
	struct ld_logmsg m;
	const char *text;

	/* a byte order mark before the first line (an editor's UTF-8 export) is not the line's */
	if (run->chunk_off == 0 && line == run->chunk && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (ld_logline_parse(line, len, &l)) {
		if (l.from_kernel && ld_logmsg_classify(l.msg, l.msg_len, &m) == LD_LOGMSG_NONE &&
		    ld_logmsg_looks_lockdown(l.msg, l.msg_len)) {
			/* lockdown's words, but not in a form we know: say so, never drop silently */
			if (run->unparsed++ == 0)
				note_line(run, line, &run->unparsed_first, &run->unparsed_off);
		}
		return take(run, &l);
	}
	if (l.unreadable) {
		if (run->unreadable++ == 0)
			note_line(run, line, &run->unreadable_first, &run->unreadable_off);
		return 0;
	}
	/* another program's line: counted apart if it imitates the kernel's */
	text = l.format == LD_LOGFMT_JSON && l.msg ? l.msg : memmem(line, len, "Lockdown: ", 10);
	if (text && ld_logmsg_classify(text, l.format == LD_LOGFMT_JSON ? l.msg_len
									  : (size_t)(line + len - text),
				       &m) != LD_LOGMSG_NONE)
		run->sum.forged++;
	return 0;
}

/* Text, streamed: whole lines per buffer; only candidate lines are parsed. */
static int read_text(struct log_run *run, FILE *f, struct ld_log_scanner *scanner)
{
	size_t cap = 1u << 20, have = 0;
	char *buf = malloc(cap);
	int r = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		size_t n = fread(buf + have, 1, cap - have, f), len;
		const char *end;
		bool eof = n == 0;

		have += n;
		if (have == 0)
			break;
		end = eof ? buf + have : memrchr(buf, '\n', have);
		if (!end) {
			if (have < cap)
				continue;
			end = buf + have; /* a line longer than the buffer: cut it */
		}
		len = (size_t)(end - buf);
		run->chunk = run->counted_to = buf;
		r = ld_log_scanner_scan(scanner, buf, len, on_text_line, run);
		if (r < 0 || eof)
			break;
		if (len < have && buf[len] == '\n')
			len++;
		/* the next chunk starts after these lines */
		if (run->count_lines)
			line_number(run, buf + len);
		run->chunk_off += len;
		memmove(buf, buf + len, have - len);
		have -= len;
	}
	free(buf);
	return r;
}

/*
 * The executable of a logged process, if it still runs: the pid must still
 * carry the logged name (pids are reused), then /proc/PID/exe says which.
 */
static bool still_running(const struct ld_root *root, const struct ld_log_proc *p, char *exe,
			  size_t size)
{
	char path[64], full[64], *comm = NULL;
	size_t len = 0;
	ssize_t n;
	int dfd;
	bool same;

	if (!p->pid || !root)
		return false;
	snprintf(path, sizeof(path), "/proc/%u/comm", p->pid);
	if (ld_root_read_file(root, path, 64, &comm, &len) < 0)
		return false;
	while (len && comm[len - 1] == '\n')
		comm[--len] = '\0';
	same = strcmp(comm, p->comm) == 0;
	free(comm);
	if (!same)
		return false;
	/* the link itself, read in its directory as resolved beneath the root */
	snprintf(full, sizeof(full), "/proc/%u", p->pid);
	dfd = ld_root_openat(root, full, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return false;
	n = readlinkat(dfd, "exe", exe, size - 1);
	close(dfd);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	return true;
}

static void add_procs(struct libscols_line *ln, int col, const struct ld_log_reason *r,
		      const struct ld_root *root)
{
	char buf[1024];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n_procs && off < sizeof(buf); i++) {
		/* raw: libsmartcols escapes what a terminal must not see */
		char *c = strdup(r->procs[i].comm[0] ? r->procs[i].comm : "?");

		char exe[256];

		if (r->procs[i].pid && still_running(root, &r->procs[i], exe, sizeof(exe)))
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] %s (%" PRIu64 ")",
						i ? ", " : "", c ? c : "?", r->procs[i].pid, exe,
						r->procs[i].count);
		else if (r->procs[i].pid)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s[%u] (%" PRIu64 ")",
						i ? ", " : "", c ? c : "?", r->procs[i].pid,
						r->procs[i].count);
		else
			off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s (%" PRIu64 ")",
						i ? ", " : "", c ? c : "?", r->procs[i].count);
		free(c);
	}
	if (r->more_procs && off < sizeof(buf))
		snprintf(buf + off, sizeof(buf) - off, ", +%" PRIu64 " more", r->more_procs);
	scols_line_set_data(ln, col, buf);
}

static int print_text(const struct log_run *run, const struct ld_status *st, const char *source)
{
	const struct ld_log_summary *s = &run->sum;
	struct libscols_table *tb;
	char buf[64], name[64], when[40];
	char *safe_source = text_escape(source);

	/* the name came from the command line or the machine: never raw to a terminal */
	printf("Source: %s (%" PRIu64 " messages examined)\n", safe_source ? safe_source : "?", s->lines);
	free(safe_source);
	for (size_t i = 0; i < s->n_raises; i++) {
		char *from = text_escape(s->raises[i].source), *boot = text_escape(s->raises[i].boot);

		fmt_time(when, sizeof(when), s->raises[i].when_us, s->raises[i].when_is_mono);
		if (s->raises[i].lifted)
			printf("Lockdown lifted (SysRq+x) at %s%s%s\n", when,
			       s->raises[i].boot[0] ? ", boot " : "", boot ? boot : "");
		else
			printf("Lockdown raised from %s at %s%s%s\n", from ? from : "?", when,
			       s->raises[i].boot[0] ? ", boot " : "", boot ? boot : "");
		free(from);
		free(boot);
	}
	if (s->n == 0 && !s->module_rejected && !s->module_unsigned && !s->module_sig_failed &&
	    !s->suppressed_unattributed) {
		printf("No lockdown refusals in this log.\n");
		goto tail;
	}
	if (s->n == 0)
		goto tables;
	tb = scols_new_table();
	if (!tb)
		return cli_error("out of memory");
	scols_table_new_column(tb, "REASON", 0, 0);
	scols_table_new_column(tb, "LEVEL", 0, 0);
	scols_table_new_column(tb, "COUNT", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "SUPPRESSED", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "FIRST", 0, 0);
	scols_table_new_column(tb, "LAST", 0, 0);
	scols_table_new_column(tb, "BOOT", 0, 0);
	scols_table_new_column(tb, "PROCESSES", 0, SCOLS_FL_WRAP);
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_log_reason *r = &s->reasons[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		char *what = strdup(r->what), lvbuf[32];
		bool guessed;

		snprintf(buf, sizeof(buf), "%s", r->enumerator ? reason_name(r, name, sizeof(name)) : (what ? what : "?"));
		scols_line_set_data(ln, 0, buf);
		scols_line_set_data(ln, 1, level_text(st, r, lvbuf, sizeof(lvbuf), &guessed));
		snprintf(buf, sizeof(buf), "%" PRIu64, r->logged + r->suppressed);
		scols_line_set_data(ln, 2, buf);
		snprintf(buf, sizeof(buf), "%" PRIu64, r->suppressed);
		scols_line_set_data(ln, 3, buf);
		fmt_time(when, sizeof(when), r->first_us, r->first_is_mono);
		scols_line_set_data(ln, 4, when);
		fmt_time(when, sizeof(when), r->last_us, r->first_is_mono);
		scols_line_set_data(ln, 5, when);
		snprintf(buf, sizeof(buf), "%.8s%s", r->n_boots ? r->boots[0] : "-",
			 r->n_boots > 1 ? " +" : "");
		scols_line_set_data(ln, 6, buf);
		add_procs(ln, 7, r, run->root);
		free(what);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
tables:
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
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_log_reason *r = &s->reasons[i];
		const struct ld_log_advice *adv = ld_log_advice_for(r->enumerator);
		char *what = text_escape(r->what);

		printf("\n%s: \"%s\"%s\n", r->enumerator ? reason_name(r, name, sizeof(name)) : "unknown reason",
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
		if (adv) {
			printf("  Known to hit it: %s.\n", adv->known);
			printf("  What to do: %s.\n", adv->remedy);
		}
		free(what);
	}
tail:
	if (s->forged)
		printf("\nIgnored %" PRIu64 " line%s that look%s like the kernel's but did not come from it.\n",
		       s->forged, s->forged == 1 ? "" : "s", s->forged == 1 ? "s" : "");
	return EXIT_OK;
}

static int print_json(const struct log_run *run, const struct ld_status *st, const char *source)
{
	const struct ld_log_summary *s = &run->sum;
	struct json_object *doc = json_document_new(), *reasons = json_object_new_array(),
			   *raises = json_object_new_array();
	char name[64], when[40];
	int ret;

	json_object_object_add(doc, "source", json_string_safe(source));
	json_object_object_add(doc, "messages", json_object_new_uint64(s->lines));
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_log_reason *r = &s->reasons[i];
		struct json_object *o = json_object_new_object(), *procs = json_object_new_array(),
				   *boots = json_object_new_array();
		enum ld_level lv = reason_level(st, r);
		const struct ld_log_advice *adv = ld_log_advice_for(r->enumerator);

		json_object_object_add(o, "name", r->enumerator ? json_object_new_string(reason_name(r, name, sizeof(name))) : NULL);
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
			char exe[256];

			json_object_object_add(po, "pid", r->procs[p].pid ? json_object_new_int64(r->procs[p].pid) : NULL);
			json_object_object_add(po, "exe", still_running(run->root, &r->procs[p], exe, sizeof(exe))
								  ? json_string_safe(exe) : NULL);
			json_object_object_add(po, "count", json_object_new_uint64(r->procs[p].count));
			json_object_array_add(procs, po);
		}
		json_object_object_add(o, "processes", procs);
		json_object_object_add(o, "more_processes", json_object_new_uint64(r->more_procs));
		fmt_time(when, sizeof(when), r->first_us, r->first_is_mono);
		json_object_object_add(o, "first", json_object_new_string(when));
		fmt_time(when, sizeof(when), r->last_us, r->first_is_mono);
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

		fmt_time(when, sizeof(when), s->raises[i].when_us, s->raises[i].when_is_mono);
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
	json_object_object_add(doc, "unparsed_lockdown_lines", json_object_new_uint64(run->unparsed));
	json_object_object_add(doc, "unparsed_first_line",
			       run->unparsed ? json_object_new_uint64(run->unparsed_first) : NULL);
	json_object_object_add(doc, "unreadable_json_records", json_object_new_uint64(run->unreadable));
	json_object_object_add(doc, "unreadable_first_line",
			       run->unreadable ? json_object_new_uint64(run->unreadable_first) : NULL);
	ret = json_print(doc, run->opts->json);
	json_object_put(doc);
	return ret;
}

static int list_boots(const struct ld_root *root, const struct ld_journal_opts *jo, const struct cli_opts *opts)
{
	struct ld_journal_boot *boots = NULL;
	size_t n = 0;
	char a[40], b[40];
	int r = ld_journal_list_boots(root, jo, &boots, &n);

	if (r < 0)
		return cli_error("cannot read the journal: %s", ld_strerror(-r));
	if (opts->json != JSON_OFF) {
		struct json_object *doc = json_document_new(), *arr = json_object_new_array();

		for (size_t i = 0; i < n; i++) {
			struct json_object *o = json_object_new_object();

			fmt_time(a, sizeof(a), (int64_t)boots[i].first_us, false);
			fmt_time(b, sizeof(b), (int64_t)boots[i].last_us, false);
			json_object_object_add(o, "offset", json_object_new_int64((int64_t)i - (int64_t)n + 1));
			json_object_object_add(o, "boot_id", json_object_new_string(boots[i].id));
			json_object_object_add(o, "first", json_object_new_string(a));
			json_object_object_add(o, "last", json_object_new_string(b));
			json_object_array_add(arr, o);
		}
		json_object_object_add(doc, "boots", arr);
		free(boots);
		r = json_print(doc, opts->json);
		json_object_put(doc);
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		fmt_time(a, sizeof(a), (int64_t)boots[i].first_us, false);
		fmt_time(b, sizeof(b), (int64_t)boots[i].last_us, false);
		printf("%3lld %s %s - %s\n", (long long)i - (long long)n + 1, boots[i].id, a, b);
	}
	free(boots);
	return EXIT_OK;
}

/* Follow /dev/kmsg: new records only, blocking reads, one record each. */
static int follow_kmsg(struct log_run *run, const struct ld_root *root)
{
	char rec[8192];
	int fd = ld_kmsg_open(root, NULL);

	if (fd < 0)
		return fd;
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* follow: wait for records */
	lseek(fd, 0, SEEK_END);
	while (!stop_requested) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		struct ld_kmsg_record r;

		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue; /* EPIPE: overwritten while we slept; go on */
		if (n <= 0)
			break;
		if (ld_kmsg_parse_record(rec, (size_t)n, &r) == 0 && on_kmsg(&r, run) < 0)
			break;
	}
	close(fd);
	return 0;
}

/*
 * Open a --file argument: regular files only (or standard input as it is,
 * or /dev/kmsg itself), never blocking: a FIFO, a directory or another
 * device is refused with what it is, by name.
 */
static int open_log_file(const char *path, FILE **ret_f, int *ret_kmsg_fd)
{
	bool is_stdin = strcmp(path, "-") == 0, kmsg;
	char *safe = text_escape(is_stdin ? "standard input" : path);
	const char *what;
	int fd, r = EXIT_OK;

	fd = ld_open_input(path, LD_INPUT_KMSG, &kmsg, &what);
	if (fd < 0 && what)
		r = cli_error("cannot read '%s': it is %s%s", safe ? safe : "?", what,
			      fd == -EISDIR ? ""
			      : strcmp(what, "a FIFO") == 0
				      ? " (named pipe); to read a pipe, give it on standard input with --file -"
				      : ", not a log file");
	else if (fd < 0)
		r = cli_error("cannot open '%s': %s", safe ? safe : "?", ld_strerror(-fd));
	else if (kmsg)
		*ret_kmsg_fd = fd; /* /dev/kmsg: opened O_NONBLOCK, the walk ends at the newest record */
	else if (!(*ret_f = fdopen(fd, "r"))) {
		r = cli_error("cannot read '%s': %s", safe ? safe : "?", strerror(errno));
		close(fd);
	}
	free(safe);
	return r;
}

/* Lines that could not be read are never dropped in silence. */
static void warn_unread(const struct log_run *run, const char *source)
{
	char *safe;

	if (!run->unparsed && !run->unreadable)
		return;
	safe = text_escape(source);
	if (run->unparsed)
		fprintf(stderr,
			"lockdownctl: warning: %s: %" PRIu64 " line%s mention%s lockdown but could not be read "
			"(format not recognised; first at line %" PRIu64 "): they are not counted\n",
			safe ? safe : "?", run->unparsed, run->unparsed == 1 ? "" : "s",
			run->unparsed == 1 ? "s" : "", run->unparsed_first);
	if (run->unreadable)
		fprintf(stderr,
			"lockdownctl: warning: %s: %" PRIu64 " JSON record%s without a readable MESSAGE "
			"(first at line %" PRIu64 "): not counted\n",
			safe ? safe : "?", run->unreadable, run->unreadable == 1 ? "" : "s",
			run->unreadable_first);
	free(safe);
}

/* Also read by the --help and man page test, through the verb table. */
const struct option cli_log_options[] = {
	CLI_COMMON_LONGOPTS,
	{ "file", required_argument, NULL, 'f' },
	{ "journal", optional_argument, NULL, OPT_JOURNAL },
	{ "boot", required_argument, NULL, 'b' },
	{ "list-boots", no_argument, NULL, OPT_LIST_BOOTS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "follow", no_argument, NULL, 'F' },
	{ 0 },
};

int verb_log(int argc, char **argv, struct cli_opts *opts)
{
	struct log_args a = { 0 };
	struct log_run run = { .opts = opts, .a = &a };
	struct ld_journal_opts jo = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	const char *source;
	int c, r;

	while ((c = cli_getopt(argc, argv, "log", CLI_COMMON_SHORTOPTS "f:b:F", cli_log_options)) != -1) {
		switch (c) {
		case 'f':
			a.file = optarg;
			break;
		case OPT_JOURNAL:
			a.journal = true;
			a.journal_file = optarg;
			break;
		case 'b':
			a.boot = optarg;
			break;
		case OPT_LIST_BOOTS:
			a.list_boots = true;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			r = parse_time(optarg, c == OPT_SINCE ? &a.since_us : &a.until_us);
			if (r == -ERANGE)
				return cli_usage_error("log", "invalid time '%s' for %s: no such date or time",
						       optarg, c == OPT_SINCE ? "--since" : "--until");
			if (r < 0)
				return cli_usage_error("log", "invalid time '%s' for %s (YYYY-MM-DD [HH:MM[:SS]])",
						       optarg, c == OPT_SINCE ? "--since" : "--until");
			break;
		case 'F':
			a.follow = true;
			break;
		case 'h':
			cli_print_verb_help(cli_find_verb("log"), options_help, examples);
			return EXIT_OK;
		default:
			r = cli_common_option(c, optarg, opts);
			if (r < 0)
				return -r;
		}
	}
	if (optind < argc)
		return cli_usage_error("log", "unexpected argument '%s'", argv[optind]);
	if (a.since_us > 0 && a.until_us > 0 && a.since_us > a.until_us)
		return cli_usage_error("log", "--since is later than --until: nothing could match");
	if (a.file && a.journal)
		return cli_usage_error("log", "--file or --journal, not both");
	if ((a.boot || a.list_boots) && !a.journal)
		return cli_usage_error("log", "--boot and --list-boots read the journal: add --journal");
	if (a.follow && a.file)
		return cli_usage_error("log", "--follow reads /dev/kmsg or the journal, not a file");
	jo = (struct ld_journal_opts){ .file = a.journal_file, .boot = a.boot,
				       .since_us = a.since_us, .until_us = a.until_us };
	r = cli_open_status(opts->root, true, &root, &st);
	if (r != EXIT_OK)
		return r;
	ld_log_summary_init(&run.sum);
	/* a saved log's pids belong to another boot or machine */
	run.root = a.file || (a.journal && (a.journal_file || a.boot)) ? NULL : root;
	if (a.list_boots) {
		r = list_boots(root, &jo, opts);
		goto out;
	}
	if (a.follow) {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	if (a.file) {
		struct ld_log_scanner *scanner = NULL;
		bool is_stdin = strcmp(a.file, "-") == 0;
		FILE *f = NULL;
		int kmsg_fd = -1;

		source = is_stdin ? "standard input" : a.file;
		r = open_log_file(a.file, &f, &kmsg_fd);
		if (r != EXIT_OK)
			goto out;
		if (kmsg_fd >= 0) {
			/* the kernel's own device, named explicitly: read it as kmsg, without blocking */
			run.trusted_source = true;
			r = ld_kmsg_walk_fd(kmsg_fd, on_kmsg, &run);
			close(kmsg_fd);
		} else {
			/* LOCKDOWNCTL_LOG_SCANNER=memmem: the path machines without SSSE3 take */
			r = ld_log_scanner_new(!getenv("LOCKDOWNCTL_LOG_SCANNER") ||
						       strcmp(getenv("LOCKDOWNCTL_LOG_SCANNER"), "memmem") != 0,
					       &scanner);
			run.lineno = 1;
			{
				off_t start = lseek(fileno(f), 0, SEEK_CUR);

				/* a pipe: count as it streams, now or never */
				run.count_lines = start < 0;
				run.chunk_off = start < 0 ? 0 : (uint64_t)start;
				if (r == 0)
					r = read_text(&run, f, scanner);
				if (r == 0 && !run.count_lines) {
					if (run.unparsed)
						run.unparsed_first = line_at(fileno(f), (uint64_t)start,
									     run.unparsed_off);
					if (run.unreadable)
						run.unreadable_first = line_at(fileno(f), (uint64_t)start,
									       run.unreadable_off);
				}
			}
			if (r == 0 && ferror(f))
				r = -EIO;
			ld_log_scanner_free(scanner);
			if (f != stdin)
				fclose(f);
		}
	} else if (a.journal) {
		source = a.journal_file ? a.journal_file : "the systemd journal (kernel transport)";
		run.trusted_source = true;
		r = ld_journal_scan(root, &jo, a.follow, on_journal, &run, &stop_requested);
	} else {
		source = "/dev/kmsg";
		run.trusted_source = true;
		r = a.follow ? follow_kmsg(&run, root) : ld_kmsg_walk(root, on_kmsg, &run);
	}
	if (r < 0 || run.err < 0) {
		char *safe = text_escape(source);

		r = r < 0 ? r : run.err;
		r = cli_error("cannot read '%s': %s%s", safe ? safe : "?", ld_strerror(-r),
			      r == -EPERM || r == -EACCES ? " (kernel.dmesg_restrict: run as root)" : "");
		free(safe);
		goto out;
	}
	warn_unread(&run, source);
	if (a.follow) {
		r = EXIT_OK;
		goto out;
	}
	r = opts->json != JSON_OFF ? print_json(&run, &st, source) : print_text(&run, &st, source);
	/* nothing to report: 0; refusals found: 3, as check does for blockers */
	if (r == EXIT_OK && (run.sum.n || run.sum.module_rejected))
		r = EXIT_FINDINGS;
out:
	ld_log_summary_clear(&run.sum);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
