// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What enforce shows about a policy: the BPF side's policy and counters
 * decoded by this kernel's catalogue, and each exempt cgroup's path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../../bpf/lockdown_policy.h"
#include "cgroup.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/status.h"

static enum ld_enforce_action action_of(uint8_t a)
{
	switch (a) {
	case LD_ACTION_REFUSE:
		return LD_ENFORCE_REFUSE;
	case LD_ACTION_PERMISSIVE:
		return LD_ENFORCE_PERMISSIVE;
	default:
		return LD_ENFORCE_ALLOW;
	}
}

static bool builtin_refuses(enum ld_level builtin, const struct ld_reason *r)
{
	return builtin != LD_LEVEL_NONE && r->level != LD_LEVEL_NONE && r->level <= builtin;
}

/* Reasons worth a row: named by the policy, or counted. */
static bool shown(const struct ld_policy *p, const struct ld_enforce_info *info,
		  const struct ld_reason *r)
{
	int64_t n = r->value;

	if (n < 0 || n >= LD_POLICY_REASONS)
		return false;
	return p->action[n] != LD_ACTION_ALLOW ||
	       (info && (info->refused[n] || info->permissive[n] || info->exempt[n]));
}

static int add_exempt(struct ld_enforce_view *v, const struct ld_exempt *e,
		      const struct ld_catalogue *cat, const char *mount)
{
	struct ld_enforce_view_exempt *x = &v->exempts[v->n_exempts++];

	x->cgroup_id = e->cgroup_id;
	x->cgroup = ld_cgroup_path_of(mount, e->cgroup_id);
	x->reasons = calloc(cat->n ? cat->n : 1, sizeof(*x->reasons));
	if (!x->reasons)
		return -ENOMEM;
	for (size_t i = 0; i < cat->n; i++) {
		int64_t n = cat->reasons[i].value;

		if (n >= 0 && n < LD_POLICY_REASONS && (e->reasons[n / 64] & (1ULL << (n % 64))))
			x->reasons[x->n_reasons++] = cat->reasons[i].name;
	}
	return 0;
}

int ld_enforce_view_build(const struct ld_policy *p, const struct ld_enforce_info *info,
			  const struct ld_status *st, const struct ld_root *root,
			  struct ld_enforce_view *ret)
{
	const struct ld_catalogue *cat = &st->catalogue;
	struct ld_enforce_view v = {
		.loaded = info != NULL,
		.builtin = st->level_err == 0 ? st->level : LD_LEVEL_NONE,
	};
	char mount[PATH_MAX];
	int r = 0;

	if (info) {
		v.sealed = info->sealed;
		v.generation = info->generation;
		memcpy(v.tamper, info->tamper, sizeof(v.tamper));
		v.n_threats = ld_seal_threats_for(p, v.threats, LD_SEAL_THREATS_MAX);
	}
	v.reasons = calloc(cat->n ? cat->n : 1, sizeof(*v.reasons));
	v.exempts = calloc(LD_POLICY_EXEMPTS, sizeof(*v.exempts));
	if (!v.reasons || !v.exempts) {
		ld_enforce_view_clear(&v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < cat->n; i++) {
		const struct ld_reason *reason = &cat->reasons[i];
		struct ld_enforce_view_reason *row;

		if (!shown(p, info, reason))
			continue;
		row = &v.reasons[v.n_reasons++];
		row->name = reason->name;
		row->number = reason->value;
		row->level = reason->level;
		row->action = action_of(p->action[reason->value]);
		row->builtin_refuses = builtin_refuses(v.builtin, reason);
		if (info) {
			row->refused = info->refused[reason->value];
			row->permissive = info->permissive[reason->value];
			row->exempt = info->exempt[reason->value];
		}
	}
	ld_cgroup2_mount(root, mount, sizeof(mount));
	for (uint32_t i = 0; i < p->n_exempts && i < LD_POLICY_EXEMPTS && r == 0; i++)
		r = add_exempt(&v, &p->exempt[i], cat, mount);
	if (r < 0) {
		ld_enforce_view_clear(&v);
		return r;
	}
	*ret = v;
	return 0;
}

void ld_enforce_view_clear(struct ld_enforce_view *v)
{
	for (size_t i = 0; i < v->n_exempts; i++) {
		free(v->exempts[i].cgroup);
		free(v->exempts[i].reasons);
	}
	free(v->exempts);
	free(v->reasons);
	memset(v, 0, sizeof(*v));
}
