// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The candidate lines of a log buffer. Every message `log` understands
 * contains "ockdown" (the denials' "Lockdown: ", the "kernel_lockdown.7" of
 * the raise line, the rate limiter's "lockdown_is_locked_down"), "odule "
 * (the module-signing lines, "Module is not signed ..."), "locked down" (the
 * raise on Debian, which points to its wiki instead of the man page), or is
 * a journal JSON record whose MESSAGE is an array of bytes, or null
 * (journalctl writes null for a field too large to show), however the JSON
 * is spaced ("MESSAGE" : [ 76, ...): the needle is the key, and only a key
 * whose value opens an array or is null makes its line a candidate. Hyperscan finds
 * them all in one pass at several GB/s; without it (a build without libhs, or
 * a CPU without SSSE3), memmem makes one pass per needle.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef LD_HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

#include "log/logscanner.h"

static const char *const needles[] = { "ockdown", "odule ", "locked down", "\"MESSAGE\"" };
#define N_NEEDLES (sizeof(needles) / sizeof(needles[0]))
#define NEEDLE_MESSAGE 3u

/* After the "MESSAGE" key ending at END: blanks, ':', blanks, then '[' or null? */
static bool message_not_text(const char *end, const char *limit)
{
	const char *p = end;

	while (p < limit && (*p == ' ' || *p == '\t'))
		p++;
	if (p == limit || *p++ != ':')
		return false;
	while (p < limit && (*p == ' ' || *p == '\t'))
		p++;
	return p < limit && (*p == '[' || (limit - p >= 4 && memcmp(p, "null", 4) == 0));
}

struct ld_log_scanner {
#ifdef LD_HAVE_HYPERSCAN
	hs_database_t *db;
	hs_scratch_t *scratch;
#else
	void *db; /* always NULL: memmem */
#endif
};

#ifdef LD_HAVE_HYPERSCAN
int ld_log_scanner_new(bool use_hyperscan, struct ld_log_scanner **ret)
{
	struct ld_log_scanner *s = calloc(1, sizeof(*s));
	unsigned flags[N_NEEDLES] = { 0 }, ids[N_NEEDLES];
	size_t lens[N_NEEDLES];
	hs_compile_error_t *err = NULL;

	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < N_NEEDLES; i++) {
		ids[i] = (unsigned)i;
		lens[i] = strlen(needles[i]);
	}
	/* no SSSE3 (QEMU's default CPU): memmem it is */
	if (use_hyperscan && hs_valid_platform() == HS_SUCCESS &&
	    hs_compile_lit_multi(needles, flags, ids, lens, N_NEEDLES, HS_MODE_BLOCK, NULL, &s->db,
				 &err) == HS_SUCCESS) {
		if (hs_alloc_scratch(s->db, &s->scratch) != HS_SUCCESS) {
			hs_free_database(s->db);
			s->db = NULL;
		}
	}
	hs_free_compile_error(err);
	*ret = s;
	return 0;
}

void ld_log_scanner_free(struct ld_log_scanner *s)
{
	if (!s)
		return;
	hs_free_scratch(s->scratch);
	hs_free_database(s->db);
	free(s);
}
#else
int ld_log_scanner_new(bool use_hyperscan, struct ld_log_scanner **ret)
{
	(void)use_hyperscan;
	*ret = calloc(1, sizeof(**ret));
	return *ret ? 0 : -ENOMEM;
}

void ld_log_scanner_free(struct ld_log_scanner *s)
{
	free(s);
}
#endif

const char *ld_log_scanner_engine(const struct ld_log_scanner *s)
{
	return s->db ? "hyperscan" : "memmem";
}

struct scan_ctx {
	const char *buf;
	size_t len;
	size_t next; /* lines before this offset are done */
	ld_log_line_fn fn;
	void *userdata;
	int err;
};

/* The line around offset `at`, if it was not handed out yet. */
static int emit(struct scan_ctx *c, size_t at)
{
	const char *ls, *le;
	int r;

	if (at < c->next)
		return 0;
	ls = at ? memrchr(c->buf, '\n', at) : NULL;
	ls = ls ? ls + 1 : c->buf;
	le = memchr(c->buf + at, '\n', c->len - at);
	le = le ? le : c->buf + c->len;
	c->next = (size_t)(le - c->buf) + 1;
	r = c->fn(ls, (size_t)(le - ls), c->userdata);
	if (r < 0)
		c->err = r;
	return r < 0 ? 1 : 0; /* non-zero stops hs_scan */
}

#ifdef LD_HAVE_HYPERSCAN
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
		    void *ctx)
{
	struct scan_ctx *c = ctx;

	(void)from;
	(void)flags;
	if (id == NEEDLE_MESSAGE && !message_not_text(c->buf + to, c->buf + c->len))
		return 0;
	return emit(ctx, (size_t)to - 1);
}
#endif

int ld_log_scanner_scan(struct ld_log_scanner *s, const char *buf, size_t len, ld_log_line_fn fn,
			void *userdata)
{
	struct scan_ctx c = { .buf = buf, .len = len, .fn = fn, .userdata = userdata };

#ifdef LD_HAVE_HYPERSCAN
	if (s->db) {
		/* hyperscan takes an unsigned int length; callers pass a read buffer */
		if (len > (1u << 30))
			return -E2BIG;
		if (hs_scan(s->db, buf, (unsigned)len, 0, s->scratch, on_match, &c) == HS_INVALID)
			return -EINVAL;
		return c.err;
	}
#else
	(void)s;
#endif
	for (size_t from = 0; from < len && c.err == 0;) {
		const char *best = NULL;
		size_t best_i = 0;

		if (from < c.next)
			from = c.next;
		for (size_t i = 0; i < N_NEEDLES && from < len; i++) {
			const char *p = memmem(buf + from,
					       best ? (size_t)(best - buf) - from : len - from,
					       needles[i], strlen(needles[i]));

			if (p && (!best || p < best)) {
				best = p;
				best_i = i;
			}
		}
		if (!best)
			break;
		from = (size_t)(best - buf) + 1;
		if (best_i == NEEDLE_MESSAGE &&
		    !message_not_text(best + strlen(needles[best_i]), buf + len))
			continue;
		emit(&c, (size_t)(best - buf));
	}
	return c.err;
}
