// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * log: the report of one run, and what the renderers need looked up in it:
 * reason names and levels, advice, and the executables of the logged
 * processes that still run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lockdown/log.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "logread.h"

int ld_log_parse_time(const char *s, int64_t *ret_us)
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
			*ret_us = (int64_t)t * 1000000;
			return 0;
		}
	}
	return -EINVAL;
}

void ld_log_format_time(char *buf, size_t size, int64_t us, bool mono)
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

/* '\n' bytes in [p, end): eight at a time (exact zero-byte test on v ^ "\n\n..."). */
uint64_t ld_log_count_newlines(const char *p, const char *end)
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

uint64_t ld_log_line_at(int fd, uint64_t start, uint64_t off)
{
	char buf[1 << 16];
	uint64_t pos = start, lines = 1;

	while (pos < off) {
		size_t want = off - pos < sizeof(buf) ? (size_t)(off - pos) : sizeof(buf);
		ssize_t n = pread(fd, buf, want, (off_t)pos);

		if (n <= 0)
			break;
		lines += ld_log_count_newlines(buf, buf + n);
		pos += (uint64_t)n;
	}
	return lines;
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

void ld_log_view_cells(struct ld_log_reason_view *v)
{
	const struct ld_log_reason *r = v->reason;

	v->level_guessed = v->level == _LD_LEVEL_INVALID;
	v->level_shown = v->level_guessed ? r->guessed_level : v->level;
	v->guessed_from = v->level_guessed ? r->guess_keyword : NULL;
	v->count = r->logged + r->suppressed;
	v->verified = !r->untrusted;
}

static void view(const struct ld_root *root, const struct ld_status *st, const struct ld_log_reason *r,
		 struct ld_log_reason_view *v)
{
	const struct ld_reason *c = r->enumerator && st && st->catalogue_err == 0
					    ? ld_catalogue_find(&st->catalogue, r->enumerator)
					    : NULL;

	v->reason = r;
	if (r->enumerator)
		ld_reason_short_name(r->enumerator, v->name, sizeof(v->name));
	/* the level of a reason is the same in every kernel that has it */
	v->level = c ? c->level : ld_reason_known_level(r->enumerator);
	v->advice = ld_log_advice_for(r->enumerator);
	ld_log_view_cells(v);
	for (size_t i = 0; i < r->n_procs; i++)
		if (!still_running(root, &r->procs[i], v->exe[i], sizeof(v->exe[i])))
			v->exe[i][0] = '\0';
}

int ld_log_report_read(const struct ld_root *root, const struct ld_status *st,
		       const struct ld_log_request *req, ld_log_follow_fn fn, void *userdata,
		       struct ld_log_report *ret)
{
	int r;

	memset(ret, 0, sizeof(*ret));
	ld_log_summary_init(&ret->sum);
	if (req->file)
		ret->source = strcmp(req->file, "-") == 0 ? "standard input" : req->file;
	else if (req->journal)
		ret->source = req->journal_file ? req->journal_file : "the systemd journal (kernel transport)";
	else
		ret->source = "/dev/kmsg";
	r = ld_log_read_source(root, req, fn, userdata, ret);
	/* following, every line was shown as it came: the summary is not, nor looked up */
	if (r < 0 || req->follow)
		return r;
	/* a saved log's pids belong to another boot or machine */
	if (req->file || (req->journal && (req->journal_file || req->boot)))
		root = NULL;
	ret->views = calloc(ret->sum.n ? ret->sum.n : 1, sizeof(*ret->views));
	if (!ret->views) {
		ret->failure = LD_LOG_FAIL_READ;
		return -ENOMEM;
	}
	for (size_t i = 0; i < ret->sum.n; i++)
		view(root, st, &ret->sum.reasons[i], &ret->views[i]);
	return 0;
}

void ld_log_report_clear(struct ld_log_report *r)
{
	ld_log_summary_clear(&r->sum);
	free(r->views);
	memset(r, 0, sizeof(*r));
}
