/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enable: the shell variables GRUB's files set, read without running them. */
#ifndef LOCKDOWN_GRUBEVAL_H
#define LOCKDOWN_GRUBEVAL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What is not followed is tracked where it can matter: a variable whose value
 * came from something not run (a command substitution, an assignment inside
 * a conditional, an unset inside one) carries why in taint[]; a word that
 * reads it is tainted in turn. Only what the command line's two variables
 * carry, and what spoils everything (source, eval, read), makes the result
 * approximate: Debian's GRUB_DISTRIBUTOR=`lsb_release ...` does not.
 */
struct ld_grubvars {
	char **name, **value;
	const char **taint; /* per variable: NULL when exact, else why not */
	size_t n;
	unsigned depth; /* inside if/case/loops */
	bool approx;    /* everything is approximate (or, inside a word: that word is) */
	const char *why; /* ... the first such thing, in words */
};

void ld_grubvars_clear(struct ld_grubvars *v);
const char *ld_grubvars_get(const struct ld_grubvars *v, const char *name, size_t nlen);
/* Takes value (malloc'ed). */
int ld_grubvars_set(struct ld_grubvars *v, const char *name, size_t nlen, char *value);
/* For the evaluator (grubeval.c): the taint of what it does not follow (grubvars.c). */
void ld_grubvars_not_followed(struct ld_grubvars *v, const char *why);
const char *ld_grubvars_get_tainting(struct ld_grubvars *v, const char *name, size_t nlen);
void ld_grubvars_set_taint(struct ld_grubvars *v, const char *name, size_t nlen, const char *why);
/* Follow one file's assignments. */
int ld_grubvars_eval(struct ld_grubvars *v, const char *text, size_t len);
/* "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT", malloc'ed. */
char *ld_grubvars_cmdline(const struct ld_grubvars *v);
/* Whether that line is approximate, and why (NULL when exact). */
const char *ld_grubvars_cmdline_why(const struct ld_grubvars *v);

#endif
