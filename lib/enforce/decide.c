// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy of enforce, before it touches the kernel: whether a policy can
 * run here at all, and whether sealing it would be worth anything. Each
 * refusal is a sentence for the user, with what to do.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lockdown/enforce.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

static int say(char **why, int r)
{
	if (r < 0) {
		*why = NULL;
		return -ENOMEM;
	}
	return 0;
}

int ld_enforce_decide_start(const struct ld_status *st, const char *pin_dir, char **why,
			    bool *unsupported)
{
	char list[1024], parent[PATH_MAX];

	*why = NULL;
	*unsupported = true;
	if (st->lsms_err != 0)
		return say(why, asprintf(why, "cannot tell whether the BPF LSM is active: "
					      "/sys/kernel/security/lsm: %s",
					 ld_strerror(-st->lsms_err)));
	if (!ld_strv_contains(&st->lsms, "bpf")) {
		ld_strv_join(&st->lsms, ",", list, sizeof(list));
		return say(why, asprintf(why, "the BPF LSM is not active (/sys/kernel/security/lsm: "
					      "%s): a policy would load and never run. Boot with "
					      "lsm=%s%sbpf on the kernel command line (keep the "
					      "modules you have, in their order)",
					 list, list, st->lsms.n ? "," : ""));
	}
	*unsupported = false;
	if (!ld_enforce_pin_parent_on_bpffs(pin_dir, parent, sizeof(parent)))
		return say(why, asprintf(why, "%s is not on bpffs: the policy is pinned there "
					      "(mount -t bpf bpf %s)",
					 parent, parent));
	return 0;
}

int ld_enforce_decide_seal(const struct ld_policy *p, const struct ld_status *st, char **why)
{
	const char *missing[4];
	size_t n = ld_policy_seal_missing(p, &st->catalogue,
					  st->level_err == 0 ? st->level : LD_LEVEL_NONE, missing, 4);

	*why = NULL;
	if (!n)
		return 0;
	if (n > 2)
		return say(why, asprintf(why, "refusing to seal: the policy allows %s, %s and %zu more "
					      "reasons the integrity level refuses, so root could "
					      "change the running kernel and undo it (add 'level "
					      "integrity' to the policy, or raise the built-in level)",
					 missing[0], missing[1], n - 2));
	return say(why, asprintf(why, "refusing to seal: the policy allows %s%s%s, which the "
				      "integrity level refuses, so root could change the running "
				      "kernel and undo it (refuse %s, or raise the built-in level)",
				 missing[0], n > 1 ? " and " : "", n > 1 ? missing[1] : "",
				 n > 1 ? "them" : "it"));
}
