// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a seal needs of a policy: the reasons that would let root undo it. */
#include <stdbool.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"

size_t ld_policy_seal_missing(const struct ld_policy *p, const struct ld_catalogue *cat,
			      enum ld_level builtin, const char **ret_names, size_t max)
{
	static const char *const needed[] = { "module_signature", "kexec" };
	size_t missing = 0;

	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		const struct ld_reason *r = ld_catalogue_find(cat, needed[i]);
		bool held;

		if (!r || r->value < 0 || r->value >= LD_POLICY_REASONS)
			continue; /* a kernel without the reason has no such check to bypass */
		held = builtin != LD_LEVEL_NONE && r->level <= builtin;
		if (!held && p->action[r->value] == LD_ACTION_REFUSE) {
			held = true;
			for (__u32 j = 0; j < p->n_exempts && j < LD_POLICY_EXEMPTS; j++)
				if (p->exempt[j].reasons[r->value / 64] & (1ULL << (r->value % 64)))
					held = false;
		}
		if (!held) {
			if (missing < max)
				ret_names[missing] = r->name;
			missing++;
		}
	}
	return missing;
}
