// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * log: reading one source into the report. Text logs are streamed in
 * buffers of whole lines, only candidate lines parsed; /dev/kmsg and the
 * journal come record by record. Every message passes the time filter and
 * the trust rule, then the summary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infile.h"
#include "kmsg.h"
#include "lockdown/log.h"
#include "log/logscanner.h"
#include "logread.h"

struct log_read {
	struct ld_log_report *rep;
	const struct ld_log_request *req;
	ld_log_follow_fn fn;
	void *userdata;
	bool trusted_source; /* kmsg or journal: facility/transport decide */
	int err;
	/*
	 * Text: line numbers for warnings. A pipe's are counted as it streams; a
	 * regular file's only afterwards, from the offsets, if a warning needs one.
	 */
	bool count_lines;
	const char *chunk;      /* the buffer being scanned */
	uint64_t chunk_off;     /* its offset in the input */
	const char *counted_to; /* lines before this point in it are counted */
	uint64_t lineno;        /* line number at counted_to (1-based) */
	uint64_t unparsed_off, unreadable_off;
};

static int take(struct log_read *run, struct ld_logline *l)
{
	struct ld_logmsg m;
	int r;

	if (run->req->since_us > 0 && l->realtime_us >= 0 && l->realtime_us < run->req->since_us)
		return 0;
	if (run->req->until_us > 0 && l->realtime_us >= 0 && l->realtime_us > run->req->until_us)
		return 0;
	if (run->trusted_source) {
		l->trusted = l->from_kernel;
	}
	ld_logmsg_classify(l->msg, l->msg_len, &m);
	r = ld_log_summary_add(&run->rep->sum, l, &m);
	if (r < 0) {
		run->err = r;
		return r;
	}
	if (r > 0 && run->req->follow && l->from_kernel && run->fn)
		run->fn(l, &m, run->userdata);
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

/* The line number of the line starting at `line` in the chunk being scanned. */
static uint64_t line_number(struct log_read *run, const char *line)
{
	if (line > run->counted_to)
		run->lineno += ld_log_count_newlines(run->counted_to, line);
	run->counted_to = line;
	return run->lineno;
}

/* A line to warn about: its number now (a pipe), or its offset for later (a file). */
static void note_line(struct log_read *run, const char *line, uint64_t *ret_lineno, uint64_t *ret_off)
{
	*ret_off = run->chunk_off + (uint64_t)(line - run->chunk);
	if (run->count_lines)
		*ret_lineno = line_number(run, line);
}

static int on_text_line(const char *line, size_t len, void *userdata)
{
	struct log_read *run = userdata;
	struct ld_log_report *rep = run->rep;
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
			if (rep->unparsed++ == 0)
				note_line(run, line, &rep->unparsed_first, &run->unparsed_off);
		}
		return take(run, &l);
	}
	if (l.unreadable) {
		if (rep->unreadable++ == 0)
			note_line(run, line, &rep->unreadable_first, &run->unreadable_off);
		return 0;
	}
	/* another program's line: counted apart if it imitates the kernel's */
	text = l.format == LD_LOGFMT_JSON && l.msg ? l.msg : memmem(line, len, "Lockdown: ", 10);
	if (text && ld_logmsg_classify(text, l.format == LD_LOGFMT_JSON ? l.msg_len
									  : (size_t)(line + len - text),
				       &m) != LD_LOGMSG_NONE)
		rep->sum.forged++;
	return 0;
}

/* Text, streamed: whole lines per buffer; only candidate lines are parsed. */
static int read_text(struct log_read *run, FILE *f, struct ld_log_scanner *scanner)
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

/* A text log from f: line numbers of the lines not read, counted as it streams or read again. */
static int read_text_file(struct log_read *run, FILE *f)
{
	struct ld_log_scanner *scanner = NULL;
	off_t start = lseek(fileno(f), 0, SEEK_CUR);
	int r = ld_log_scanner_new(!run->req->memmem_scanner, &scanner);

	run->lineno = 1;
	/* a pipe: count as it streams, now or never */
	run->count_lines = start < 0;
	run->chunk_off = start < 0 ? 0 : (uint64_t)start;
	if (r == 0)
		r = read_text(run, f, scanner);
	if (r == 0 && !run->count_lines) {
		if (run->rep->unparsed)
			run->rep->unparsed_first = ld_log_line_at(fileno(f), (uint64_t)start,
								  run->unparsed_off);
		if (run->rep->unreadable)
			run->rep->unreadable_first = ld_log_line_at(fileno(f), (uint64_t)start,
								    run->unreadable_off);
	}
	if (r == 0 && ferror(f))
		r = -EIO;
	ld_log_scanner_free(scanner);
	return r;
}

/*
 * A --file argument: regular files only (or standard input as it is, or
 * /dev/kmsg itself), never blocking: a FIFO, a directory or another device
 * is refused with what it is (ret->open_what).
 */
static int read_file(struct log_read *run)
{
	bool kmsg;
	FILE *f;
	int fd = ld_open_input(run->req->file, LD_INPUT_KMSG, &kmsg, &run->rep->open_what), r;

	if (fd < 0) {
		run->rep->failure = LD_LOG_FAIL_OPEN;
		return fd;
	}
	run->rep->failure = LD_LOG_FAIL_READ;
	if (kmsg) {
		/* the kernel's own device, named explicitly: read it as kmsg, without blocking */
		run->trusted_source = true;
		r = ld_kmsg_walk_fd(fd, on_kmsg, run);
		close(fd);
		return r;
	}
	f = fdopen(fd, "r");
	if (!f) {
		r = -errno;
		close(fd);
		return r;
	}
	r = read_text_file(run, f);
	if (f != stdin)
		fclose(f);
	return r;
}

/* Follow /dev/kmsg: new records only, blocking reads, one record each. */
static int follow_kmsg(struct log_read *run, const struct ld_root *root)
{
	char rec[8192];
	int fd = ld_kmsg_open(root, NULL);

	if (fd < 0)
		return fd;
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* follow: wait for records */
	lseek(fd, 0, SEEK_END);
	while (!*run->req->stop) {
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

int ld_log_read_source(const struct ld_root *root, const struct ld_log_request *req,
		       ld_log_follow_fn fn, void *userdata, struct ld_log_report *rep)
{
	volatile int never = 0;
	struct ld_log_request q = *req;
	struct log_read run = { .rep = rep, .req = &q, .fn = fn, .userdata = userdata };
	int r;

	if (!q.stop)
		q.stop = &never;
	req = &q;

	if (req->file)
		r = read_file(&run);
	else if (req->journal) {
		struct ld_journal_opts jo = { .file = req->journal_file, .boot = req->boot,
					      .since_us = req->since_us, .until_us = req->until_us };

		run.trusted_source = true;
		rep->failure = LD_LOG_FAIL_READ;
		r = ld_journal_scan(root, &jo, req->follow, on_journal, &run, req->stop);
	} else {
		run.trusted_source = true;
		rep->failure = LD_LOG_FAIL_READ;
		r = req->follow ? follow_kmsg(&run, root) : ld_kmsg_walk(root, on_kmsg, &run);
	}
	r = r < 0 ? r : run.err;
	if (r == 0)
		rep->failure = LD_LOG_OK;
	return r;
}
