/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_CMDLINE_H
#define LOCKDOWN_CMDLINE_H

#include <stddef.h>

struct ld_cmdline_arg {
	char *key;
	char *value; /* NULL for a bare word such as "quiet" */
};

struct ld_cmdline {
	struct ld_cmdline_arg *args;
	size_t n;
};

/*
 * Split a kernel command line the way the kernel's next_arg() does: blanks
 * separate parameters, double quotes protect blanks, and "--" ends the
 * kernel's part (the rest belongs to init and is not kept).
 */
int ld_cmdline_parse(const char *buf, size_t len, struct ld_cmdline *ret);
void ld_cmdline_clear(struct ld_cmdline *c);

/* Parameter names compare with '-' and '_' equal, as parameq() does. */
const struct ld_cmdline_arg *ld_cmdline_last(const struct ld_cmdline *c, const char *key);
size_t ld_cmdline_count(const struct ld_cmdline *c, const char *key);
const struct ld_cmdline_arg *ld_cmdline_nth(const struct ld_cmdline *c, const char *key,
					     size_t nth);

#endif
