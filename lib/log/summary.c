// SPDX-License-Identifier: LGPL-2.1-or-later
/* log: lockdown lines added up per reason, process, time and boot. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/log.h"

void ld_log_summary_init(struct ld_log_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->window_reason = -1;
}

void ld_log_summary_clear(struct ld_log_summary *s)
{
	free(s->reasons);
	free(s->fold_set);
	ld_log_summary_init(s);
}

/* FNV-1a of a reason's text; 0 is kept for "empty slot". */
static uint64_t text_hash(const char *t)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 0x100000001b3ull;
	return h ? h : 1;
}

/* One more refusal of an unknown reason past the table: counted, its text remembered by hash. */
static int fold(struct ld_log_summary *s, const char *what)
{
	uint64_t h = text_hash(what);
	size_t i;

	s->folded++;
	if (s->folded_distinct_is_min)
		return 0;
	if (!s->fold_set && !(s->fold_set = calloc(LD_LOG_FOLD_SET, sizeof(*s->fold_set))))
		return -ENOMEM;
	for (i = h & (LD_LOG_FOLD_SET - 1); s->fold_set[i]; i = (i + 1) & (LD_LOG_FOLD_SET - 1))
		if (s->fold_set[i] == h)
			return 0;
	if (s->folded_distinct >= LD_LOG_FOLD_SET / 4 * 3) {
		s->folded_distinct_is_min = true; /* full enough: stop counting, stay bounded */
		return 0;
	}
	s->fold_set[i] = h;
	s->folded_distinct++;
	return 0;
}

/* The reason's index; LD_LOG_FOLDED when it is an unknown one past the table; -ENOMEM. */
#define LD_LOG_FOLDED (-2)
static int find_reason(struct ld_log_summary *s, const struct ld_logmsg *m)
{
	struct ld_log_reason *r;

	for (size_t i = 0; i < s->n; i++)
		if (m->enumerator ? s->reasons[i].enumerator &&
					    strcmp(s->reasons[i].enumerator, m->enumerator) == 0
				  : !s->reasons[i].enumerator && strcmp(s->reasons[i].what, m->what) == 0)
			return (int)i;
	if (!m->enumerator && s->n_unknown >= LD_LOG_MAX_UNKNOWN)
		return fold(s, m->what) < 0 ? -ENOMEM : LD_LOG_FOLDED;
	s->n_unknown += !m->enumerator;
	r = reallocarray(s->reasons, s->n + 1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	s->reasons = r;
	r = &s->reasons[s->n];
	memset(r, 0, sizeof(*r));
	r->enumerator = m->enumerator;
	memcpy(r->what, m->what, sizeof(r->what));
	r->first_us = r->last_us = -1;
	r->guessed_level = m->enumerator ? _LD_LEVEL_INVALID
					 : ld_log_guess_level(r->what, &r->guess_keyword);
	return (int)s->n++;
}

static void note_time(struct ld_log_reason *r, const struct ld_logline *l)
{
	bool mono = l->realtime_us < 0;
	int64_t t = mono ? l->mono_us : l->realtime_us;

	if (t < 0)
		return;
	if (r->first_us < 0 || t < r->first_us) {
		r->first_us = t;
		r->first_is_mono = mono;
	}
	if (r->last_us < 0 || t > r->last_us)
		r->last_us = t;
}

static void note_boot(struct ld_log_reason *r, const char *boot)
{
	if (!boot[0])
		return;
	for (size_t i = 0; i < r->n_boots; i++)
		if (strcmp(r->boots[i], boot) == 0)
			return;
	if (r->n_boots < 4)
		memcpy(r->boots[r->n_boots++], boot, sizeof(r->boots[0]));
}

static void note_proc(struct ld_log_reason *r, const char *comm, uint32_t pid)
{
	for (size_t i = 0; i < r->n_procs; i++)
		if (strcmp(r->procs[i].comm, comm) == 0 && r->procs[i].pid == pid) {
			r->procs[i].count++;
			return;
		}
	if (r->n_procs == LD_LOG_MAX_PROCS) {
		r->more_procs++;
		return;
	}
	memcpy(r->procs[r->n_procs].comm, comm, sizeof(r->procs[0].comm));
	r->procs[r->n_procs].pid = pid;
	r->procs[r->n_procs++].count = 1;
}

int ld_log_summary_add(struct ld_log_summary *s, const struct ld_logline *l, const struct ld_logmsg *m)
{
	int i;

	s->lines++;
	if (m->kind == LD_LOGMSG_NONE)
		return 0;
	/* words that look like the kernel's, from anyone else, are counted apart */
	if (!l->from_kernel) {
		s->forged++;
		return 0;
	}
	switch (m->kind) {
	case LD_LOGMSG_DENIAL:
		if ((i = find_reason(s, m)) == LD_LOG_FOLDED) {
			s->window_reason = -2; /* a rate limit after it cannot be told apart */
			return 1;
		}
		if (i < 0)
			return i;
		s->reasons[i].logged++;
		s->reasons[i].untrusted |= !l->trusted;
		note_proc(&s->reasons[i], m->comm, l->pid);
		note_time(&s->reasons[i], l);
		note_boot(&s->reasons[i], l->boot);
		/* which reasons this rate-limit window saw */
		s->window_reason = s->window_reason == -1 || s->window_reason == i ? i : -2;
		return 1;
	case LD_LOGMSG_SUPPRESSED:
		/*
		 * The hidden messages belong to the window before: one reason there,
		 * theirs; several, unattributed; none logged (the log starts after
		 * them, or they were cut out), unknown.
		 */
		if (s->window_reason >= 0)
			s->reasons[s->window_reason].suppressed += m->suppressed;
		else {
			s->suppressed_unattributed += m->suppressed;
			if (s->window_reason == -2)
				s->suppressed_several += m->suppressed;
			else
				s->suppressed_unknown += m->suppressed;
		}
		s->window_reason = -1;
		return 1;
	case LD_LOGMSG_RAISE:
	case LD_LOGMSG_LIFT:
		if (s->n_raises < sizeof(s->raises) / sizeof(s->raises[0])) {
			struct ld_log_raise *r = &s->raises[s->n_raises++];

			r->lifted = m->kind == LD_LOGMSG_LIFT;
			memcpy(r->source, m->what, sizeof(r->source) - 1);
			r->source[sizeof(r->source) - 1] = '\0';
			r->when_is_mono = l->realtime_us < 0;
			r->when_us = r->when_is_mono ? l->mono_us : l->realtime_us;
			memcpy(r->boot, l->boot, sizeof(r->boot));
		}
		return 1;
	case LD_LOGMSG_MODULE_REJECTED: {
		size_t k;

		s->module_rejected++;
		for (k = 0; k < s->n_rejections &&
			    strncmp(s->rejections[k].what, m->what, sizeof(s->rejections[k].what) - 1) != 0;
		     k++)
			;
		if (k == s->n_rejections && k < LD_LOG_MAX_REJECTIONS) {
			memcpy(s->rejections[k].what, m->what, sizeof(s->rejections[k].what) - 1);
			s->rejections[k].what[sizeof(s->rejections[k].what) - 1] = '\0';
			s->n_rejections++;
		}
		if (k < s->n_rejections)
			s->rejections[k].count++;
		return 1;
	}
	case LD_LOGMSG_MODULE_SIG:
		s->module_sig_failed++;
		return 1;
	case LD_LOGMSG_MODULE_UNSIGNED:
		s->module_unsigned++;
		return 1;
	default:
		return 0;
	}
}
