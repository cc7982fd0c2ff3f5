// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Per-reason totals of a trace: how often each reason was checked, how
 * often the kernel refused it, by whom, first and last. The verdict "would
 * be refused at integrity / confidentiality" follows from each reason's
 * level in this kernel's catalogue, the same test the kernel makes
 * (reason <= LOCKDOWN_*_MAX).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/reasons.h"
#include "lockdown/trace.h"

static struct ld_trace_reason *find_or_add(struct ld_trace_summary *s, int64_t value,
					   const char *enumerator, enum ld_level level)
{
	struct ld_trace_reason *r;

	for (size_t i = 0; i < s->n; i++)
		if (s->reasons[i].value == value)
			return &s->reasons[i];
	r = realloc(s->reasons, (s->n + 1) * sizeof(*r));
	if (!r)
		return NULL;
	s->reasons = r;
	r = &r[s->n++];
	memset(r, 0, sizeof(*r));
	r->value = value;
	snprintf(r->enumerator, sizeof(r->enumerator), "%s", enumerator);
	ld_trace_reason_name(enumerator, value, r->name, sizeof(r->name));
	r->level = level;
	return r;
}

static int add_proc(struct ld_trace_reason *r, const struct ld_trace_event *ev)
{
	struct ld_trace_proc *p;

	for (size_t i = 0; i < r->n_procs; i++)
		if (r->procs[i].tgid == ev->tgid && r->procs[i].context == ev->context &&
		    strcmp(r->procs[i].comm, ev->comm) == 0) {
			r->procs[i].checks++;
			return 0;
		}
	if (r->n_procs == LD_TRACE_MAX_PROCS) {
		r->more_procs++;
		return 0;
	}
	p = &r->procs[r->n_procs];
	memset(p, 0, sizeof(*p));
	p->tgid = ev->tgid;
	p->context = ev->context;
	p->checks = 1;
	memcpy(p->comm, ev->comm, sizeof(p->comm));
	if (ev->exe && !(p->exe = strdup(ev->exe)))
		return -ENOMEM;
	r->n_procs++;
	return 0;
}

int ld_trace_summary_add(struct ld_trace_summary *s, const struct ld_trace_event *ev)
{
	struct ld_trace_reason *r = find_or_add(s, ev->value, ev->enumerator, ev->level);

	if (!r)
		return -ENOMEM;
	s->events++;
	s->checks++;
	r->checks++;
	if (ev->ret != 0)
		r->denied++;
	if (r->first_ns == 0 || ev->time_ns < r->first_ns)
		r->first_ns = ev->time_ns;
	if (ev->time_ns > r->last_ns)
		r->last_ns = ev->time_ns;
	return add_proc(r, ev);
}

int ld_trace_summary_set_exact(struct ld_trace_summary *s, int64_t value, const char *enumerator,
			       enum ld_level level, uint64_t checks, uint64_t denied)
{
	struct ld_trace_reason *r;

	if (checks == 0)
		return 0;
	r = find_or_add(s, value, enumerator, level);
	if (!r)
		return -ENOMEM;
	if (checks > r->checks) {
		s->checks += checks - r->checks;
		r->checks = checks;
	}
	if (denied > r->denied)
		r->denied = denied;
	return 0;
}

void ld_trace_summary_set_proc(struct ld_trace_summary *s, int64_t value, uint32_t tgid,
			       uint64_t checks, uint64_t first_ns, uint64_t last_ns)
{
	for (size_t i = 0; i < s->n; i++) {
		struct ld_trace_reason *r = &s->reasons[i];

		if (r->value != value)
			continue;
		for (size_t j = 0; j < r->n_procs; j++)
			if (r->procs[j].tgid == tgid && checks > r->procs[j].checks)
				r->procs[j].checks = checks;
		if (first_ns && (r->first_ns == 0 || first_ns < r->first_ns))
			r->first_ns = first_ns;
		if (last_ns > r->last_ns)
			r->last_ns = last_ns;
		return;
	}
}

static int cmp_reason(const void *a, const void *b)
{
	const struct ld_trace_reason *x = a, *y = b;

	return (x->value > y->value) - (x->value < y->value);
}

int ld_trace_summary_finish(struct ld_trace_summary *s)
{
	if (s->n)
		qsort(s->reasons, s->n, sizeof(*s->reasons), cmp_reason);
	for (enum ld_level l = LD_LEVEL_NONE; l < _LD_LEVEL_MAX; l++)
		ld_strv_clear(&s->would_refuse[l]);
	ld_strv_clear(&s->denied);
	for (size_t i = 0; i < s->n; i++) {
		const struct ld_trace_reason *r = &s->reasons[i];
		size_t len = strlen(r->name);

		for (enum ld_level l = LD_LEVEL_NONE; l < _LD_LEVEL_MAX; l++)
			if (ld_trace_reason_refused_at(r, l) &&
			    ld_strv_push(&s->would_refuse[l], r->name, len) < 0)
				return -ENOMEM;
		if (r->denied && ld_strv_push(&s->denied, r->name, len) < 0)
			return -ENOMEM;
	}
	return 0;
}

void ld_trace_summary_clear(struct ld_trace_summary *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < s->reasons[i].n_procs; j++)
			free(s->reasons[i].procs[j].exe);
	free(s->reasons);
	for (enum ld_level l = LD_LEVEL_NONE; l < _LD_LEVEL_MAX; l++)
		ld_strv_clear(&s->would_refuse[l]);
	ld_strv_clear(&s->denied);
	memset(s, 0, sizeof(*s));
}

bool ld_trace_reason_refused_at(const struct ld_trace_reason *r, enum ld_level level)
{
	return r->level != _LD_LEVEL_INVALID && r->level != LD_LEVEL_NONE && level >= r->level;
}

void ld_trace_reason_name(const char *enumerator, int64_t value, char *buf, size_t size)
{
	if (!*enumerator)
		snprintf(buf, size, "reason#%lld", (long long)value);
	else
		ld_reason_short_name(enumerator, buf, size);
}
