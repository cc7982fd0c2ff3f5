/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_LEVEL_H
#define LOCKDOWN_LEVEL_H

#include <stddef.h>

/* The three levels of /sys/kernel/security/lockdown, in ratchet order. */
enum ld_level {
	LD_LEVEL_NONE,
	LD_LEVEL_INTEGRITY,
	LD_LEVEL_CONFIDENTIALITY,
	_LD_LEVEL_MAX,
	_LD_LEVEL_INVALID = -1,
};

const char *ld_level_to_string(enum ld_level level);

/* Exact, case-sensitive match as the kernel does; -EINVAL otherwise. */
int ld_level_from_string(const char *s, enum ld_level *ret);

/*
 * Parse the securityfs line, e.g. "none [integrity] confidentiality\n".
 * Every token must be a known level, exactly one is bracketed, and at most
 * one trailing newline is allowed. -EBADMSG when the text is not of that form.
 */
int ld_securityfs_parse_level(const char *buf, size_t len, enum ld_level *ret);

/*
 * What the kernel's securityfs write would do with `text` at level `current`
 * (security/lockdown/lockdown.c): 0 when it raises the level, -EPERM when the
 * level is not higher (lowering, or the same level), -EINVAL for anything that
 * is not a level name with at most one trailing newline.
 */
int ld_securityfs_check_write(enum ld_level current, const char *text, size_t len,
			      enum ld_level *ret_level);

#endif
