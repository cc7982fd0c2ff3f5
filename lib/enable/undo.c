// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * disable on a file enable edits in place: the backup back when what is
 * there now is what enable made of it, else only lockdown= taken out.
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

/*
 * Is cur what a sequence of enables (integrity, confidentiality, either
 * again, up to four) made of orig? Then undoing gives orig back, byte for
 * byte. Anything else was edited by someone else since: only lockdown=
 * comes out, and their edit stays.
 */
static bool made_from(const struct ld_root *root, const struct ld_lsm_facts *f, ld_edit_fn fn,
		      const char *orig, size_t orig_len, const char *cur, size_t cur_len, int depth)
{
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= LD_LEVEL_CONFIDENTIALITY; l++) {
		char *made = NULL;
		size_t made_len;
		bool hit;

		if (fn(root, f, orig, orig_len, l, &made, &made_len) < 0)
			continue;
		hit = (made_len == cur_len && memcmp(made, cur, cur_len) == 0) ||
		      (depth > 1 && !(made_len == orig_len && memcmp(made, orig, orig_len) == 0) &&
		       made_from(root, f, fn, made, made_len, cur, cur_len, depth - 1));
		free(made);
		if (hit)
			return true;
	}
	return false;
}

/* disable on a file we edit in place. *ret NULL (with *flags) when the file is to go. */
int ld_plan_undo(const struct ld_root *root, const char *path, const char *cur, size_t cur_len,
		     ld_edit_fn fn, const struct ld_lsm_facts *f, const char *base, size_t base_len,
		     struct ld_boot_plan *p, char **ret, size_t *ret_len, unsigned *flags)
{
	char bpath[512], *bak = NULL;
	bool made = ld_made(root, path, false);
	size_t bak_len = 0;
	int r;

	snprintf(bpath, sizeof(bpath), "%s" LD_BACKUP_SUFFIX, path);
	r = ld_plan_read_opt(root, bpath, &bak, &bak_len);
	if (r < 0) {
		ld_plan_set_str(&p->error, "cannot read %s: %s", bpath, strerror(-r));
		return r;
	}
	if (bak && made_from(root, f, fn, bak, bak_len, cur, cur_len, 4)) {
		*ret = bak;
		*ret_len = bak_len;
		*flags = LD_CHANGE_RESTORE;
		return 0;
	}
	if (!bak && made && base && made_from(root, f, fn, base, base_len, cur, cur_len, 4)) {
		/* lockdownctl made this file: it goes, as it was before */
		*ret = NULL;
		*ret_len = 0;
		*flags = 0;
		return 0;
	}
	if (!bak && !made) {
		/* lockdownctl never wrote it: whatever lockdown= it has is the admin's own */
		*ret = ld_plan_memdup(cur, cur_len);
		if (!*ret)
			return -ENOMEM;
		*ret_len = cur_len;
		*flags = 0;
		if (ld_bootcmd_level(cur, cur_len) != LD_LEVEL_NONE || memmem(cur, cur_len, "lockdown=", 9))
			ld_plan_set_str(&p->note, "%s has no backup from lockdownctl: its lockdown= is the "
					  "configuration's own and stays", path);
		return 0;
	}
	r = fn(root, f, cur, cur_len, LD_LEVEL_NONE, ret, ret_len);
	if (r == 0 && (*ret_len != cur_len || memcmp(*ret, cur, cur_len) != 0))
		ld_plan_set_str(&p->note, "%s changed since lockdownctl wrote it: only the lockdown= words are "
				  "taken out, the rest stays as it is now%s%s",
			path, bak ? "; the original is still in " : "", bak ? bpath : "");
	free(bak);
	*flags = 0;
	return r;
}
