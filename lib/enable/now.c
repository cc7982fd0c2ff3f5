// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enable --now: whether the level may be raised (check's verdict, the
 * kernel's current level), then the write to securityfs and the read back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/enable.h"
#include "lockdown/kconfig.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

int ld_enable_now_decide(const struct ld_root *root, const struct ld_status *st, enum ld_level level,
			 bool force, struct ld_enable_now *ret)
{
	struct ld_check_verdict v;
	int r;

	memset(ret, 0, sizeof(*ret));
	ret->level = level;
	ret->before = ret->after = st->level;
	if (st->lockdown_active.value == LD_NO) {
		ret->decision = LD_NOW_INACTIVE;
		return 0;
	}
	if (st->level_err < 0) {
		ret->decision = LD_NOW_NO_LEVEL;
		ret->err = st->level_err;
		return 0;
	}
	if (st->level >= level) {
		ret->decision = LD_NOW_ALREADY;
		return 0;
	}
	r = ld_check_run(root, st->release, st->catalogue_err == 0 ? &st->catalogue : NULL, &ret->check);
	if (r < 0) {
		ret->decision = LD_NOW_CHECK_FAILED;
		ret->err = r;
		return 0;
	}
	ld_check_verdict(&ret->check, &v);
	ret->blockers = v.blockers[level];
	ret->unseen = v.unseen[level];
	/* no blocker among what could be read is not "nothing breaks" */
	ret->unknown = ld_check_verdict_at(&v, level) == LD_VERDICT_UNKNOWN;
	if (ret->unknown && !force)
		ret->decision = LD_NOW_UNKNOWN;
	else if (ret->blockers > 0 && !force)
		ret->decision = LD_NOW_BLOCKED;
	else
		ret->decision = LD_NOW_GO;
	return 0;
}

/* What a write does, as the kernel decides it (see lockdown_write()). */
static int write_level(const struct ld_root *root, enum ld_level level)
{
	const char *word = ld_level_to_string(level);
	char buf[64];
	int fd, len, r = 0;

	fd = ld_root_openat(root, LD_SECURITYFS_LOCKDOWN,
			    O_WRONLY | (ld_root_is_live(root) ? 0 : O_TRUNC));
	if (fd < 0)
		return fd;
	/* a fake root: leave the file as the kernel would show it afterwards */
	len = ld_root_is_live(root)
		      ? snprintf(buf, sizeof(buf), "%s", word)
		      : snprintf(buf, sizeof(buf), "none %s%s%s %s%s%s\n",
				 level == LD_LEVEL_INTEGRITY ? "[" : "", "integrity",
				 level == LD_LEVEL_INTEGRITY ? "]" : "",
				 level == LD_LEVEL_CONFIDENTIALITY ? "[" : "", "confidentiality",
				 level == LD_LEVEL_CONFIDENTIALITY ? "]" : "");
	if (write(fd, buf, (size_t)len) != len)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

int ld_enable_now_raise(const struct ld_root *root, struct ld_enable_now *n)
{
	struct ld_status after = { 0 };
	int r = write_level(root, n->level);

	if (r < 0)
		return r;
	ld_status_collect_basic(root, &after);
	n->after_err = after.level_err;
	if (after.level_err == 0)
		n->after = after.level;
	n->raised = after.level_err == 0 && after.level >= n->level;
	ld_status_clear(&after);
	return 0;
}

void ld_enable_now_clear(struct ld_enable_now *n)
{
	ld_check_report_clear(&n->check);
	memset(n, 0, sizeof(*n));
}

void ld_boot_lsm_facts(const struct ld_status *st, struct ld_lsm_facts *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (st->lsms_err == 0) {
		ret->active = st->lsms.v;
		ret->n_active = st->lsms.n;
	}
	ret->config_lsm = st->kconfig_err == 0 ? ld_kconfig_get(&st->kconfig, "LSM") : NULL;
	ret->early = st->kconfig_err == 0
			     ? ld_kconfig_enabled(&st->kconfig, "SECURITY_LOCKDOWN_LSM_EARLY") > 0
			     : -1;
}
