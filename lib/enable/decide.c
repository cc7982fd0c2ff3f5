// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy of enable/disable --boot, applied to a plan: what may be
 * written, and what the user is told instead. As the kernel never lowers a
 * level, lockdownctl never lowers what a configuration asks for without
 * --force; and it never claims a next boot that the command line computed
 * from the files does not support.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lockdown/enable.h"

static int refuse(struct ld_boot_plan *p, enum ld_boot_refusal why, int r, char *text)
{
	if (r < 0 || !text)
		return -ENOMEM;
	free(p->refusal_why);
	p->refusal_why = text;
	p->refusal = why;
	return why;
}

int ld_boot_decide(struct ld_boot_plan *p, enum ld_level level, bool force)
{
	const char *word = level == LD_LEVEL_NONE ? NULL : ld_level_to_string(level);
	char *t = NULL;
	int r;

	p->refusal = LD_BOOT_GO;
	free(p->refusal_why);
	p->refusal_why = NULL;
	/* as enable --now: never lower a level silently */
	if (word && p->level_before > level && !force) {
		r = asprintf(&t, "the boot configuration already asks for lockdown=%s; enable %s --boot "
				 "would lower it. Not changing it (--force lowers it).",
			     ld_level_to_string(p->level_before), word);
		return refuse(p, LD_BOOT_REFUSE_LOWER, r, t);
	}
	/* shell the evaluator does not follow: the next boot cannot be told, so no edit without --force */
	if (word && p->n_changes && p->cmdline_approx && !force) {
		r = asprintf(&t, "the boot configuration does what lockdownctl reads but does not run "
				 "(%s): the next boot's command line cannot be told. Not changing anything "
				 "(--force edits anyway, and claims nothing)",
			     p->approx_why ? p->approx_why : "something the files do");
		return refuse(p, LD_BOOT_REFUSE_APPROXIMATE, r, t);
	}
	/* never claim what the computed command line does not support */
	if (word && p->n_changes && (p->level_after != level || p->lsm_after == 0)) {
		r = asprintf(&t, "after this change the next boot's command line would be '%s': %s. Not "
				 "changing anything: add lockdown=%s%s to it by hand",
			     p->cmdline_after ? p->cmdline_after : "?",
			     p->level_after != level ? "a different lockdown level"
						     : "the lockdown LSM would not start",
			     word, p->lsm_after == 0 ? " and lockdown to its lsm=" : "");
		return refuse(p, LD_BOOT_REFUSE_CLAIM, r, t);
	}
	if (p->kind == LD_BOOT_UKI || p->kind == LD_BOOT_UNKNOWN) {
		if (p->explain)
			r = asprintf(&t, "%s", p->explain);
		else
			r = asprintf(&t, "cannot tell how this machine builds its kernel command line: add "
					 "lockdown=%s (and lockdown in lsm=) to it by hand",
				     word ? word : "...");
		return refuse(p, LD_BOOT_REFUSE_UNSUPPORTED, r, t);
	}
	return LD_BOOT_GO;
}
