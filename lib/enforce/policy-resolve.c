// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The enforce policy's statements resolved against this kernel's reason
 * catalogue into the data the BPF side reads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "policy-error.h"

static int find_reason(const struct ld_catalogue *cat, const struct ld_policy_stmt *s,
		       struct ld_policy_error *err)
{
	const struct ld_reason *r = ld_catalogue_find(cat, s->reason);

	if (!r)
		return ld_policy_fail(
			err, s->source, s->line,
			"unknown reason '%s' (this kernel's names: lockdownctl status --reasons)",
			s->reason);
	if (r->value < 0 || r->value >= LD_POLICY_REASONS)
		return ld_policy_fail(err, s->source, s->line,
				      "reason '%s' has number %lld, beyond %d", s->reason,
				      (long long)r->value, LD_POLICY_REASONS - 1);
	return (int)r->value;
}

/* The number of a reason the statement s can only name if the policy refuses it. */
static int refused_reason(const struct ld_catalogue *cat, const struct ld_policy_stmt *s,
			  const bool *refused, const char *why_not, struct ld_policy_error *err)
{
	int v = find_reason(cat, s, err);

	if (v >= 0 && !refused[v])
		return ld_policy_fail(err, s->source, s->line, "'%s' is not refused by this policy%s",
				      s->reason, why_not);
	return v;
}

int ld_policy_resolve(const struct ld_policy_src *src, const struct ld_catalogue *cat,
		      ld_cgroup_resolver resolve_cgroup, void *userdata, struct ld_policy *ret,
		      struct ld_policy_error *err)
{
	const struct ld_policy_stmt *refused_by[LD_POLICY_REASONS] = { 0 };
	const struct ld_policy_stmt *allowed_by[LD_POLICY_REASONS] = { 0 };
	bool refused[LD_POLICY_REASONS] = { 0 };
	int8_t mode[LD_POLICY_REASONS]; /* -1 default, else LD_ACTION_* */
	struct ld_policy p = { .version = LD_POLICY_VERSION };
	int v, r;

	memset(mode, -1, sizeof(mode));
	for (size_t i = 0; i < cat->n; i++)
		if (src->level != LD_LEVEL_NONE && cat->reasons[i].level != LD_LEVEL_NONE &&
		    cat->reasons[i].level <= src->level && cat->reasons[i].value >= 0 &&
		    cat->reasons[i].value < LD_POLICY_REASONS)
			refused[cat->reasons[i].value] = true;

	/* refuse and allow first: permissive and exempt name refused reasons */
	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i], *other;
		bool refuse;

		if (s->kind != LD_STMT_REFUSE && s->kind != LD_STMT_ALLOW)
			continue;
		if ((v = find_reason(cat, s, err)) < 0)
			return v;
		refuse = s->kind == LD_STMT_REFUSE;
		other = (refuse ? allowed_by : refused_by)[v];
		if (other)
			return ld_policy_fail(err, s->source, s->line, "'%s' is %s here and %s at %s:%zu",
					      s->reason, refuse ? "refused" : "allowed",
					      refuse ? "allowed" : "refused", other->source, other->line);
		(refuse ? refused_by : allowed_by)[v] = s;
		refused[v] = refuse;
	}
	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i];

		if (s->kind != LD_STMT_PERMISSIVE && s->kind != LD_STMT_ENFORCE)
			continue;
		v = refused_reason(cat, s, refused,
				   s->kind == LD_STMT_PERMISSIVE ? ", so it cannot be permissive"
								 : ", so it cannot be enforced",
				   err);
		if (v < 0)
			return v;
		mode[v] = s->kind == LD_STMT_PERMISSIVE ? LD_ACTION_PERMISSIVE : LD_ACTION_REFUSE;
	}
	for (int i = 0; i < LD_POLICY_REASONS; i++)
		p.action[i] = !refused[i]        ? LD_ACTION_ALLOW
			      : mode[i] >= 0     ? (uint8_t)mode[i]
			      : src->permissive ? LD_ACTION_PERMISSIVE
						 : LD_ACTION_REFUSE;

	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i];
		struct ld_exempt *e = NULL;
		uint64_t id;
		unsigned level;

		if (s->kind != LD_STMT_EXEMPT)
			continue;
		if ((v = refused_reason(cat, s, refused, ": nothing to exempt from", err)) < 0)
			return v;
		r = resolve_cgroup ? resolve_cgroup(s->cgroup, &id, &level, userdata) : -ENOENT;
		if (r < 0)
			return ld_policy_fail(err, s->source, s->line, "cgroup %s: %s", s->cgroup,
					      r == -ENOENT
						      ? "no such cgroup (it must exist when the "
							"policy is loaded)"
						      : strerror(-r));
		for (uint32_t j = 0; j < p.n_exempts; j++)
			if (p.exempt[j].cgroup_id == id)
				e = &p.exempt[j];
		if (!e) {
			if (p.n_exempts == LD_POLICY_EXEMPTS)
				return ld_policy_fail(err, s->source, s->line,
						      "more than %d exempt cgroups",
						      LD_POLICY_EXEMPTS);
			e = &p.exempt[p.n_exempts++];
			e->cgroup_id = id;
			e->level = level;
		}
		e->reasons[v / 64] |= 1ULL << (v % 64);
	}
	*ret = p;
	return 0;
}
