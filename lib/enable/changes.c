// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The pieces every boot-loader planner is built of: reading the files a
 * plan edits (refusing what is not a regular file), adding changes and
 * commands to the plan, and the plan's view of the next boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/atomicfile.h"
#include "lockdown/enable.h"
#include "lockdown/root.h"
#include "bootplan.h"

bool ld_plan_exists(const struct ld_root *root, const char *path)
{
	return ld_root_access(root, path) == 0;
}

int ld_plan_read_opt(const struct ld_root *root, const char *path, char **ret, size_t *ret_len)
{
	int r = ld_root_read_file(root, path, LD_PLAN_MAX_CONFIG, ret, ret_len);

	if (r == -ENOENT) {
		*ret = NULL;
		*ret_len = 0;
		return 0;
	}
	return r;
}

int ld_plan_add_change(struct ld_boot_plan *p, const char *path, char *old, size_t old_len,
		      char *new, size_t new_len, unsigned flags)
{
	struct ld_boot_change *c;

	/* the same bytes: nothing to do (running it twice changes nothing) */
	if ((old && new && old_len == new_len && memcmp(old, new, new_len) == 0) || (!old && !new)) {
		free(old);
		free(new);
		return 0;
	}
	c = reallocarray(p->changes, p->n_changes + 1, sizeof(*c));
	if (!c) {
		free(old);
		free(new);
		return -ENOMEM;
	}
	p->changes = c;
	c[p->n_changes++] = (struct ld_boot_change){ .path = strdup(path), .old = old,
						     .old_len = old_len, .new = new,
						     .new_len = new_len, .flags = flags };
	return c[p->n_changes - 1].path ? 0 : -ENOMEM;
}

/* A command of argv words (NULL-terminated). */
int ld_plan_add_command(struct ld_boot_plan *p, ...)
{
	struct ld_boot_command *c;
	char **argv = NULL;
	size_t n = 0;
	va_list ap;
	const char *w;
	int r = 0;

	va_start(ap, p);
	while ((w = va_arg(ap, const char *))) {
		char **a = reallocarray(argv, n + 2, sizeof(*a));

		if (!a || !(a[n] = strdup(w))) {
			argv = a ? a : argv;
			r = -ENOMEM;
			break;
		}
		argv = a;
		argv[++n] = NULL;
	}
	va_end(ap);
	c = r == 0 ? reallocarray(p->commands, p->n_commands + 1, sizeof(*c)) : NULL;
	if (!c) {
		for (size_t i = 0; i < n; i++)
			free(argv[i]);
		free(argv);
		return -ENOMEM;
	}
	p->commands = c;
	c[p->n_commands++].argv = argv;
	return 0;
}

int ld_plan_set_str(char **dst, const char *fmt, ...)
{
	va_list ap;
	int r;

	free(*dst);
	*dst = NULL;
	va_start(ap, fmt);
	r = vasprintf(dst, fmt, ap);
	va_end(ap);
	return r < 0 ? -ENOMEM : 0;
}

/*
 * A file the plan edits must be a regular file (or absent): a symbolic link
 * would be replaced by a file (or, written through, change another file),
 * and a FIFO would block the reader. The dry run says so as the real run would.
 */
int ld_plan_check_editable(const struct ld_root *root, const char *path, struct ld_boot_plan *p)
{
	char *what = NULL;
	int r = ld_atomic_check(root, path, &what);

	if (r == -ELOOP)
		ld_plan_set_str(&p->error, "%s is a symbolic link to %s: lockdownctl edits regular files only "
				   "(edit %s itself, or replace the link by a copy of it)",
			path, what ? what : "?", what ? what : "its target");
	else if (r == -EINVAL)
		ld_plan_set_str(&p->error, "%s is %s, not a regular file", path, what ? what : "not a regular file");
	else if (r == -EEXIST)
		ld_plan_set_str(&p->error, "%s" LD_BACKUP_SUFFIX " is %s, not a backup lockdownctl can keep the "
				   "original in: move it away first",
			path, what ? what : "not a regular file");
	else if (r == -ENOTDIR)
		ld_plan_set_str(&p->error, "cannot make the directories of %s: a name on its path is there but "
				   "is not a directory of the root (a link that leads out of it, or a file)",
			what ? what : path);
	else if (r < 0)
		ld_plan_set_str(&p->error, "cannot look at %s: %s", path, strerror(-r));
	free(what);
	return r;
}

/* Read a file the plan edits (NULL when absent), after ld_plan_check_editable(). */
int ld_plan_read_edit(const struct ld_root *root, const char *path, struct ld_boot_plan *p,
		     char **ret, size_t *ret_len)
{
	int r = ld_plan_check_editable(root, path, p);

	if (r < 0)
		return r;
	r = ld_plan_read_opt(root, path, ret, ret_len);
	if (r < 0)
		ld_plan_set_str(&p->error, "cannot read %s: %s", path, strerror(-r));
	return r;
}

char *ld_plan_memdup(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

/* Collapse blanks and newlines as kernel-install does ("tr -s $IFS ' '"). */
char *ld_plan_collapse(const char *s, size_t len)
{
	char *o = malloc(len + 1), *q = o;
	bool sp = false;

	if (!o)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		bool b = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';

		if (b && sp)
			continue;
		*q++ = b ? ' ' : s[i];
		sp = b;
	}
	while (q > o && q[-1] == ' ')
		q--;
	*q = '\0';
	return o;
}

/* Fill the plan's view of the next boot from the two command lines (taken). */
void ld_plan_predict(struct ld_boot_plan *p, const struct ld_lsm_facts *f, char *before, char *after,
		    bool approx)
{
	free(p->cmdline_before);
	free(p->cmdline_after);
	p->cmdline_before = before;
	p->cmdline_after = after;
	p->cmdline_approx = approx;
	p->level_before = before ? ld_bootcmd_level(before, strlen(before)) : LD_LEVEL_NONE;
	p->level_after = after ? ld_bootcmd_level(after, strlen(after)) : LD_LEVEL_NONE;
	p->lsm_before = before ? ld_bootcmd_lockdown_starts(before, strlen(before), f) : -1;
	p->lsm_after = after ? ld_bootcmd_lockdown_starts(after, strlen(after), f) : -1;
}
