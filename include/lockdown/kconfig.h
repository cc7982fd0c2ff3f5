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
 * The most a kernel config may hold, compressed or not. A real one is
 * 100-300 KiB (every option of every architecture, mostly "is not set"
 * lines, stays under 1 MiB); the cap keeps a gzip bomb (1 KiB that inflates
 * to 1 MiB) from costing more than a few milliseconds.
 */
#define LD_KCONFIG_MAX (4u << 20)

/*
 * Parse .config text. On a malformed line returns -EBADMSG and stores its
 * 1-based number in *ret_line (if given). A text without a single CONFIG_
 * line (empty, only comments) is -EBADMSG too, with line 0: it is not a
 * config with nothing set.
 */
int ld_kconfig_parse(const char *buf, size_t len, struct ld_kconfig *ret, size_t *ret_line);

/*
 * Inflate a complete gzip file (one or more members) into a NUL-terminated
 * buffer of at most max bytes. -EBADMSG when it is not gzip, is corrupt, is
 * empty, or stops before a member's end (truncated), or has anything but
 * another member after one; -EFBIG when it inflates beyond max.
 */
int ld_kconfig_gunzip(const void *in, size_t len, size_t max, char **ret_buf, size_t *ret_len);

/*
 * Load the running kernel's config: /proc/config.gz (gzip, via zlib), else
 * /boot/config-RELEASE. -ENOENT when neither exists; -EBADMSG when the one
 * found is empty, truncated or not a config; -EFBIG beyond LD_KCONFIG_MAX.
 * *ret_where names the file tried last (and the line, for -EBADMSG),
 * whatever the result.
 */
int ld_kconfig_load(const struct ld_root *root, const char *release, struct ld_kconfig *ret,
		    struct ld_where *ret_where);
void ld_kconfig_clear(struct ld_kconfig *k);

/* The value, or NULL when the option is absent from the file. */
const char *ld_kconfig_get(const struct ld_kconfig *k, const char *name);
/* True for "y" (and "m", which no lockdown option can be). */
int ld_kconfig_enabled(const struct ld_kconfig *k, const char *name);

#endif
