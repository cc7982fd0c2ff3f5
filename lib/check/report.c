// SPDX-License-Identifier: LGPL-2.1-or-later
/* The check report: findings and the things detectors could not see. */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "lockdown/check.h"

static const char *const severities[_LD_SEVERITY_MAX] = {
	[LD_SEVERITY_BLOCKER] = "blocker",
	[LD_SEVERITY_WARNING] = "warning",
};

const char *ld_severity_to_string(enum ld_severity s)
{
	return s < _LD_SEVERITY_MAX ? severities[s] : NULL;
}

int ld_check_add(struct ld_check_ctx *ctx, const char *detector, const char *id,
		 const char *reason, enum ld_severity severity, const char *evidence,
		 const char *symptom, const char *remedy)
{
	struct ld_check_report *r = ctx->report;
	struct ld_finding *f = realloc(r->findings, (r->n + 1) * sizeof(*f));

	if (!f)
		return -ENOMEM;
	r->findings = f;
	f = &f[r->n];
	*f = (struct ld_finding){
		.id = strdup(id),
		.detector = detector,
		.reason = reason,
		.level = _LD_LEVEL_INVALID,
		.severity = severity,
		.evidence = strdup(evidence),
		.symptom = symptom,
		.remedy = remedy,
	};
	if (!f->id || !f->evidence) {
		free(f->id);
		free(f->evidence);
		return -ENOMEM;
	}
	r->n++;
	return 0;
}

bool ld_finding_breaks_at(const struct ld_finding *f, enum ld_level level)
{
	if (level <= LD_LEVEL_NONE || level >= _LD_LEVEL_MAX)
		return false;
	return f->level == _LD_LEVEL_INVALID || (f->level != LD_LEVEL_NONE && f->level <= level);
}

bool ld_unseen_matters_at(const struct ld_unseen *u, enum ld_level level)
{
	if (level <= LD_LEVEL_NONE || level >= _LD_LEVEL_MAX || u->err == -EOPNOTSUPP)
		return false;
	return u->level == _LD_LEVEL_INVALID || u->level <= level;
}

enum ld_verdict ld_check_verdict_at(const struct ld_check_verdict *v, enum ld_level level)
{
	if (level <= LD_LEVEL_NONE || level >= _LD_LEVEL_MAX)
		return LD_VERDICT_CLEAR;
	if (v->blockers[level])
		return LD_VERDICT_BLOCKED;
	return v->unseen[level] ? LD_VERDICT_UNKNOWN : LD_VERDICT_CLEAR;
}

const char *ld_verdict_to_string(enum ld_verdict v)
{
	return v == LD_VERDICT_BLOCKED ? "blockers" : v == LD_VERDICT_UNKNOWN ? "unknown" : "clear";
}

/* What a detector looks for: the lowest level of the reasons it can find (xfrm: only xfrm_secret). */
static enum ld_level detector_level(const char *detector)
{
	return strcmp(detector, "xfrm") == 0 ? LD_LEVEL_CONFIDENTIALITY : LD_LEVEL_INTEGRITY;
}

void ld_check_verdict(const struct ld_check_report *r, struct ld_check_verdict *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < r->n_unseen; i++)
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
			ret->unseen[l] += ld_unseen_matters_at(&r->unseen[i], l);
	for (size_t i = 0; i < r->n; i++) {
		const struct ld_finding *f = &r->findings[i];

		ret->undecided += f->level == _LD_LEVEL_INVALID;
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++) {
			if (!ld_finding_breaks_at(f, l))
				continue;
			ret->from_class[l] += f->level != _LD_LEVEL_INVALID && !f->level_from_kernel;
			if (f->severity == LD_SEVERITY_BLOCKER)
				ret->blockers[l]++;
			else
				ret->warnings[l]++;
		}
	}
}

int ld_check_unseen(struct ld_check_ctx *ctx, const char *detector, const char *what, int err)
{
	struct ld_check_report *r = ctx->report;
	struct ld_unseen *u = realloc(r->unseen, (r->n_unseen + 1) * sizeof(*u));

	if (!u)
		return -ENOMEM;
	r->unseen = u;
	u = &u[r->n_unseen];
	u->detector = detector;
	u->what = strdup(what);
	u->err = err;
	u->level = detector_level(detector);
	if (!u->what)
		return -ENOMEM;
	r->n_unseen++;
	return 0;
}

int ld_check_unseenf(struct ld_check_ctx *ctx, const char *detector, int err, const char *fmt, ...)
{
	char *what = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	r = ld_check_unseen(ctx, detector, what, err);
	free(what);
	return r;
}

const char *ld_check_keep(struct ld_check_ctx *ctx, const char *s)
{
	struct ld_check_report *r = ctx->report;
	char **k = realloc(r->kept, (r->n_kept + 1) * sizeof(*k));

	if (!k)
		return NULL;
	r->kept = k;
	k[r->n_kept] = strdup(s);
	return k[r->n_kept] ? k[r->n_kept++] : NULL;
}

void ld_check_report_clear(struct ld_check_report *r)
{
	for (size_t i = 0; i < r->n_kept; i++)
		free(r->kept[i]);
	free(r->kept);
	for (size_t i = 0; i < r->n; i++) {
		free(r->findings[i].id);
		free(r->findings[i].evidence);
	}
	for (size_t i = 0; i < r->n_unseen; i++)
		free(r->unseen[i].what);
	free(r->findings);
	free(r->unseen);
	memset(r, 0, sizeof(*r));
}
