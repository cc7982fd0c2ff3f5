/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_KCONFIG_H
#define LOCKDOWN_KCONFIG_H

#include <stddef.h>

struct ld_root;
struct ld_where;

struct ld_kconfig_entry {
	char *name;  /* without the CONFIG_ prefix */
	char *value; /* "y", "m", "n" (is not set), a number, or an unquoted string */
};

struct ld_kconfig {
	struct ld_kconfig_entry *entries;
	size_t n;
	char *path; /* where it was read from */
};

/*
 * Parse .config text. On a malformed line returns -EBADMSG and stores its
 * 1-based number in *ret_line (if given).
 */
int ld_kconfig_parse(const char *buf, size_t len, struct ld_kconfig *ret, size_t *ret_line);

/*
 * Load the running kernel's config: /proc/config.gz (gzip, via zlib), else
 * /boot/config-RELEASE. -ENOENT when neither exists. *ret_where names the
 * file tried last (and the line, for -EBADMSG), whatever the result.
 */
int ld_kconfig_load(const struct ld_root *root, const char *release, struct ld_kconfig *ret,
		    struct ld_where *ret_where);
void ld_kconfig_clear(struct ld_kconfig *k);

/* The value, or NULL when the option is absent from the file. */
const char *ld_kconfig_get(const struct ld_kconfig *k, const char *name);
/* True for "y" (and "m", which no lockdown option can be). */
int ld_kconfig_enabled(const struct ld_kconfig *k, const char *name);

#endif
