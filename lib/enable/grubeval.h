/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enable: the shell variables GRUB's files set, read without running them. */
#ifndef LOCKDOWN_GRUBEVAL_H
#define LOCKDOWN_GRUBEVAL_H

#include <stdbool.h>
#include <stddef.h>

struct ld_grubvars {
	char **name, **value;
	size_t n;
	unsigned depth; /* inside if/case/loops */
	bool approx;    /* something was not followed */
};

void ld_grubvars_clear(struct ld_grubvars *v);
const char *ld_grubvars_get(const struct ld_grubvars *v, const char *name, size_t nlen);
/* Takes value (malloc'ed). */
int ld_grubvars_set(struct ld_grubvars *v, const char *name, size_t nlen, char *value);
/* Follow one file's assignments. */
int ld_grubvars_eval(struct ld_grubvars *v, const char *text, size_t len);
/* "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT", malloc'ed. */
char *ld_grubvars_cmdline(const struct ld_grubvars *v);

#endif
