// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a seal needs of a policy: every reason the integrity level refuses,
 * refused. Each is a way to change the running kernel (a module, a new
 * kernel, I/O ports, MSRs, a hibernation image, ...), and so to undo the
 * policy whatever its guards do.
 */
#include <stdbool.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"

/* Refused by the policy, enforced, and exempt for no cgroup. */
static bool policy_holds(const struct ld_policy *p, int64_t value)
{
	if (p->action[value] != LD_ACTION_REFUSE)
		return false;
	for (__u32 j = 0; j < p->n_exempts && j < LD_POLICY_EXEMPTS; j++)
		if (p->exempt[j].reasons[value / 64] & (1ULL << (value % 64)))
			return false;
	return true;
}

size_t ld_policy_seal_missing(const struct ld_policy *p, const struct ld_catalogue *cat,
			      enum ld_level builtin, const char **ret_names, size_t max)
{
	size_t missing = 0;

	if (builtin >= LD_LEVEL_INTEGRITY)
		return 0; /* the built-in level holds every one of them */
	for (size_t i = 0; i < cat->n; i++) {
		const struct ld_reason *r = &cat->reasons[i];

		if (r->level != LD_LEVEL_INTEGRITY || r->value < 0 || r->value >= LD_POLICY_REASONS)
			continue;
		if (policy_holds(p, r->value))
			continue;
		if (missing < max)
			ret_names[missing] = r->name;
		missing++;
	}
	return missing;
}
