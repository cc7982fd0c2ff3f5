/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_CHECK_H
#define LOCKDOWN_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

struct ld_root;
struct ld_catalogue;

enum ld_severity {
	LD_SEVERITY_BLOCKER, /* something in use now, or configured, would fail */
	LD_SEVERITY_WARNING, /* would change behaviour or may fail; worth a look */
	_LD_SEVERITY_MAX,
};

const char *ld_severity_to_string(enum ld_severity s);

/*
 * One thing on this machine that depends on what lockdown forbids. The
 * reason is named by enumerator ("LOCKDOWN_DEV_MEM"); its level and number
 * come from the running kernel's catalogue when the report is finished.
 */
struct ld_finding {
	char *id;         /* stable: "<detector>.<what>[:<subject>]" */
	const char *detector;
	const char *reason; /* enumerator name */
	enum ld_level level; /* lowest level that breaks it; _LD_LEVEL_INVALID if undecided */
	bool level_from_kernel; /* level read from this kernel's catalogue, not our table */
	const char *level_source; /* "kernel", "known-class" (our table) or "undecided" */
	/* as status --reasons names it: this kernel's (with its value) when level_from_kernel, else ours */
	char name[64];
	int64_t value;
	enum ld_severity severity;
	char *evidence;   /* pid + command line, module, file:line, unit ... */
	const char *symptom; /* what the user will see */
	const char *remedy;  /* what to do instead */
};

/*
 * Something a detector could not look at, and why (so no silence is mistaken
 * for "fine"). LEVEL is the lowest level at which what went unseen could
 * break something: from it up, a verdict of no blockers is unknown instead.
 * -EOPNOTSUPP is what only the live kernel has (loaded BPF programs, IPsec
 * SAs) under --root: listed, but a snapshot has none to miss.
 */
struct ld_unseen {
	const char *detector;
	char *what;
	int err;
	enum ld_level level;
};

struct ld_check_report {
	struct ld_finding *findings;
	size_t n;
	struct ld_unseen *unseen;
	size_t n_unseen;
	char **kept; /* strings the findings point to that are not static (ld_check_keep) */
	size_t n_kept;
};

/* Everything a detector needs: where to read, and this kernel's identity. */
struct ld_check_ctx {
	const struct ld_root *root;
	const char *release;
	const struct ld_catalogue *catalogue;
	struct ld_check_report *report;
};

int ld_check_run(const struct ld_root *root, const char *release,
		 const struct ld_catalogue *catalogue, struct ld_check_report *ret);
void ld_check_report_clear(struct ld_check_report *r);

/*
 * The one rule every verdict uses (check's summary and exit code, enable's
 * preflight, metrics): a finding breaks at its level and every level above.
 * A finding whose level could not be decided breaks at every level, so
 * missing data never reads as safe.
 */
bool ld_finding_breaks_at(const struct ld_finding *f, enum ld_level level);

/*
 * Per level: how many findings break there, and how many unseen sources
 * could hide one; undecided counts findings of unknown level.
 */
struct ld_check_verdict {
	size_t blockers[_LD_LEVEL_MAX];
	size_t warnings[_LD_LEVEL_MAX];
	size_t unseen[_LD_LEVEL_MAX];
	size_t undecided;
	/* findings breaking at a level whose own level is its reason's known class (this
	 * kernel's catalogue does not name the reason) */
	size_t from_class[_LD_LEVEL_MAX];
};
void ld_check_verdict(const struct ld_check_report *r, struct ld_check_verdict *ret);

/* At one level: a blocker was found; none, and everything was read; or none among what was read. */
enum ld_verdict {
	LD_VERDICT_CLEAR,
	LD_VERDICT_BLOCKED,
	LD_VERDICT_UNKNOWN,
};
enum ld_verdict ld_check_verdict_at(const struct ld_check_verdict *v, enum ld_level level);
const char *ld_verdict_to_string(enum ld_verdict v);
/* Whether an unseen source leaves the verdict at LEVEL unknown (see struct ld_unseen). */
bool ld_unseen_matters_at(const struct ld_unseen *u, enum ld_level level);

/* For detectors. Returns 0 or -ENOMEM. The evidence is copied. */
int ld_check_add(struct ld_check_ctx *ctx, const char *detector, const char *id,
		 const char *reason, enum ld_severity severity, const char *evidence,
		 const char *symptom, const char *remedy);
int ld_check_unseen(struct ld_check_ctx *ctx, const char *detector, const char *what, int err);
/* A copy of S that lives as long as the report (for a finding's reason, symptom, remedy); NULL: ENOMEM. */
const char *ld_check_keep(struct ld_check_ctx *ctx, const char *s);

#endif
