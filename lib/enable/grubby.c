// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * grubby edits the boot entries itself: the plan says what to ask of it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/atomicfile.h"
#include "lockdown/enable.h"
#include "lockdown/root.h"
#include "bootplan.h"

/* ---- grubby: it edits the entries; we only say what to ask of it ------------- */

/* An lsm= value as grubby must be given it: the quotes the kernel strips, put back only where blanks need them. */
static char *lsm_value(const char *w, size_t len)
{
	char *v = malloc(len + 3), *o = v;

	if (!v)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (w[i] != '"')
			*o++ = w[i];
	*o = '\0';
	if (strpbrk(v, " \t")) {
		memmove(v + 1, v, (size_t)(o - v) + 1);
		v[0] = '"';
		strcat(v, "\"");
	}
	return v;
}

int ld_plan_grubby(const struct ld_root *root, const char *grubby, enum ld_level level,
		       const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *cmdline = NULL, *lsm = NULL, *base = NULL, *after = NULL, arg[600];
	size_t len = 0, base_len = 0, after_len = 0;
	int r;

	r = ld_plan_add_command(p, grubby, "--update-kernel=ALL", "--remove-args=lockdown", NULL);
	if (ld_plan_proc_cmdline_base(root, &base, &base_len) < 0)
		base = NULL;
	if (r < 0 || level == LD_LEVEL_NONE) {
		if (r == 0 && base && ld_bootcmd_strip(base, base_len, &after, &after_len) == 0)
			ld_plan_predict(p, f, ld_plan_collapse(base, base_len), ld_plan_collapse(after, after_len), false);
		free(after);
		free(base);
		return r;
	}
	/* the entries follow the running command line; keep its lsm= with lockdown in it */
	if (ld_root_read_file(root, "/proc/cmdline", 65536, &cmdline, &len) == 0 &&
	    ld_bootcmd_has_word(cmdline, len, "lsm")) {
		char *edited = NULL;
		size_t n, pos = 0, ws, we;

		if (ld_bootcmd_enable(cmdline, len, level, NULL, &edited, &n) == 0) {
			while (ld_bootcmd_next_word(edited, n, &pos, &ws, &we))
				if (we - ws >= 4 && strncmp(edited + ws, "lsm=", 4) == 0) {
					free(lsm);
					lsm = lsm_value(edited + ws + 4, we - ws - 4);
				}
			free(edited);
		}
	} else
		r = ld_bootcmd_needed_lsm(f, &lsm);
	free(cmdline);
	snprintf(arg, sizeof(arg), "--args=lockdown=%s", ld_level_to_string(level));
	if (r == 0)
		r = ld_plan_add_command(p, grubby, "--update-kernel=ALL", arg, NULL);
	/* grubby replaces the value of an argument it is given again */
	if (r == 0 && lsm) {
		snprintf(arg, sizeof(arg), "--args=lsm=%s", lsm);
		r = ld_plan_add_command(p, grubby, "--update-kernel=ALL", arg, NULL);
	}
	if (r == 0 && base) {
		/* what the entries will hold: lockdown= replaced, lsm= replaced */
		char *stripped = NULL, *o = NULL;
		size_t sl = 0, ol = 0;

		if (ld_bootcmd_strip(base, base_len, &stripped, &sl) == 0) {
			size_t cap = sl + 64 + (lsm ? strlen(lsm) : 0), pos = 0, ws, we;

			o = calloc(1, cap);
			while (o && ld_bootcmd_next_word(stripped, sl, &pos, &ws, &we)) {
				if (lsm && we - ws >= 4 && strncmp(stripped + ws, "lsm=", 4) == 0)
					continue;
				if (*o)
					strcat(o, " ");
				strncat(o, stripped + ws, we - ws);
			}
			if (o) {
				strcat(o, *o ? " lockdown=" : "lockdown=");
				strcat(o, ld_level_to_string(level));
				if (lsm) {
					strcat(o, " lsm=");
					strcat(o, lsm);
				}
				ol = strlen(o);
				ld_plan_predict(p, f, ld_plan_collapse(base, base_len), ld_plan_collapse(o, ol), false);
			}
		}
		free(stripped);
		free(o);
	}
	free(base);
	free(lsm);
	return r;
}
