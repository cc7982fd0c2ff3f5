/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_BOOTCMD_H
#define LOCKDOWN_BOOTCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/level.h"

/* What decides whether the lockdown LSM will be active at the next boot. */
struct ld_lsm_facts {
	char *const *active; /* /sys/kernel/security/lsm, in order */
	size_t n_active;
	const char *config_lsm; /* CONFIG_LSM, NULL when the configuration is unknown */
	int early; /* CONFIG_SECURITY_LOCKDOWN_LSM_EARLY: 1 set, 0 not set, -1 unknown */
};

/*
 * Whether the lockdown LSM starts on a boot with this command line: 1, 0,
 * or -1 when the facts cannot tell. Started early it always runs; otherwise
 * the last lsm= decides, and without one CONFIG_LSM.
 */
int ld_bootcmd_lockdown_starts(const char *in, size_t len, const struct ld_lsm_facts *f);

/*
 * The lsm= a command line without one needs so that lockdown is active:
 * NULL (and 0) when the kernel's default (CONFIG_LSM, else this boot's
 * active list) already has it; otherwise the active modules with lockdown
 * first, every other module (bpf included) kept in its place.
 */
int ld_bootcmd_needed_lsm(const struct ld_lsm_facts *f, char **ret);

/* Is `list` ("a,b,c") one that names lockdown? */
bool ld_bootcmd_lsm_has_lockdown(const char *list, size_t len);

/*
 * Edit command-line text (a file such as /etc/kernel/cmdline, or the value
 * of a GRUB variable) for lockdown=level, changing only what must change:
 * every lockdown= word goes (with the blanks before it), `lockdown` is put
 * first in each lsm= that lacks it, and " lockdown=LEVEL" (plus " lsm=..."
 * when add_lsm is given and no lsm= names lockdown already, so that a
 * second edit changes nothing) is added after the last word. Words are split as
 * the kernel's next_arg() splits them: blanks, with "..." protecting blanks.
 * A trailing newline stays trailing. With LD_LEVEL_NONE the lockdown=
 * words only go (and lsm= is still fixed); nothing is added. -EBADMSG
 * when a double quote is left open (what is appended would join it).
 */
int ld_bootcmd_enable(const char *in, size_t len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len);

/* Only take every lockdown= word out (what disable does to text it did not write). */
int ld_bootcmd_strip(const char *in, size_t len, char **ret, size_t *ret_len);

/* The next word of S from *pos, as the kernel's next_arg() splits them (blanks,
 * "..." protecting blanks): [*start, *end), *pos moved past it; false at the end. */
bool ld_bootcmd_next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end);

/* Whether the text has an lsm= word. */
bool ld_bootcmd_has_word(const char *in, size_t len, const char *key);

/* The effective lockdown= of a command line: the highest valid one, as the kernel's ratchet. */
enum ld_level ld_bootcmd_level(const char *in, size_t len);

#endif
