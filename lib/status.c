// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Collect the model behind `lockdownctl status`. Each reader fails on its
 * own: a field we cannot read is marked with its error and the rest of the
 * report goes on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmsg.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "version.h"

#define SECURITYFS "/sys/kernel/security"

static int read_trimmed(const struct ld_root *root, const char *path, char **ret)
{
	char *buf = NULL;
	size_t len = 0;
	int err = ld_root_read_file(root, path, 4096, &buf, &len);

	if (err < 0)
		return err;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (len == 0 || memchr(buf, '\0', len)) {
		free(buf);
		return -EBADMSG;
	}
	*ret = buf;
	return 0;
}

static void read_securityfs(const struct ld_root *root, struct ld_status *st)
{
	char *buf = NULL;
	size_t len = 0;
	bool mounted = false;

	st->securityfs_err = ld_mount_is(root, SECURITYFS, "securityfs", &mounted);
	if (st->securityfs_err < 0 && ld_root_access(root, SECURITYFS "/lsm") == 0) {
		/* /proc/self/mounts unreadable, but its files are there */
		mounted = true;
		st->securityfs_err = 0;
	}
	st->securityfs_mounted = mounted;

	st->level_err = ld_root_read_file(root, SECURITYFS "/lockdown", 4096, &buf, &len);
	if (st->level_err == 0) {
		st->level_err = ld_securityfs_parse_level(buf, len, &st->level);
		free(buf);
	} else if (st->level_err == -ENOENT && !mounted && st->securityfs_err == 0) {
		st->level_err = -ENODEV;
	}

	buf = NULL;
	st->lsms_err = ld_root_read_file(root, SECURITYFS "/lsm", 4096, &buf, &len);
	if (st->lsms_err == 0) {
		st->lsms_err = ld_lsm_list_parse(buf, len, &st->lsms);
		free(buf);
	} else if (st->lsms_err == -ENOENT && !mounted && st->securityfs_err == 0) {
		st->lsms_err = -ENODEV;
	}
}

static void read_cmdline(const struct ld_root *root, struct ld_status *st)
{
	const struct ld_cmdline_arg *arg;
	char *buf = NULL;
	size_t len = 0;

	st->cmdline_level = LD_LEVEL_NONE;
	st->cmdline_err = ld_root_read_file(root, "/proc/cmdline", 1u << 20, &buf, &len);
	if (st->cmdline_err < 0)
		return;
	st->cmdline_err = ld_cmdline_parse(buf, len, &st->cmdline);
	free(buf);
	if (st->cmdline_err < 0)
		return;
	for (size_t i = 0; (arg = ld_cmdline_nth(&st->cmdline, "lockdown", i)); i++) {
		enum ld_level level;

		/* the kernel accepts exactly these two; "none" is "Malformed early option" */
		if (arg->value && ld_level_from_string(arg->value, &level) == 0 &&
		    level != LD_LEVEL_NONE) {
			if (level > st->cmdline_level)
				st->cmdline_level = level;
		} else {
			const char *v = arg->value ? arg->value : "";

			ld_strv_push(&st->cmdline_malformed, v, strlen(v));
		}
	}
}

static void read_kconfig(const struct ld_root *root, struct ld_status *st)
{
	st->kconfig_force = LD_LEVEL_NONE;
	st->kconfig_err = ld_kconfig_load(root, st->release, &st->kconfig, &st->kconfig_where);
	if (st->kconfig_err < 0)
		return;
	if (ld_kconfig_enabled(&st->kconfig, "LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY"))
		st->kconfig_force = LD_LEVEL_CONFIDENTIALITY;
	else if (ld_kconfig_enabled(&st->kconfig, "LOCK_DOWN_KERNEL_FORCE_INTEGRITY"))
		st->kconfig_force = LD_LEVEL_INTEGRITY;
	/* Debian and Fedora call it ..._IN_EFI_SECURE_BOOT, Ubuntu ..._IN_SECURE_BOOT */
	st->secure_boot_lockdown_configured =
		ld_kconfig_enabled(&st->kconfig, "LOCK_DOWN_IN_EFI_SECURE_BOOT") ||
		ld_kconfig_enabled(&st->kconfig, "LOCK_DOWN_IN_SECURE_BOOT");
}

static int on_kmsg(const struct ld_kmsg_record *rec, void *userdata)
{
	struct ld_status *st = userdata;
	const char *src;
	size_t len;

	if (st->log_records++ == 0)
		st->log_complete = rec->seq == 0;
	/* facility 0 only: user space cannot forge those through /dev/kmsg */
	if (rec->facility != 0 || !ld_kmsg_lockdown_raise(rec->msg, rec->msg_len, &src, &len))
		return 0;
	return ld_strv_push(&st->log_raises, src, len);
}

/* Which LSMs the kernel would start, judged from lsm= or CONFIG_LSM. */
static enum ld_tristate configured_lsm(const struct ld_status *st, const char *name,
				       const char **basis)
{
	const struct ld_cmdline_arg *lsm = NULL;
	const char *list;
	struct ld_strv sv = { 0 };
	bool found;

	if (st->cmdline_err == 0)
		lsm = ld_cmdline_last(&st->cmdline, "lsm");
	if (lsm && lsm->value) {
		list = lsm->value;
		*basis = "lsm= on the kernel command line";
	} else if (st->cmdline_err == 0 && st->kconfig_err == 0 &&
		   (list = ld_kconfig_get(&st->kconfig, "LSM"))) {
		*basis = "CONFIG_LSM (no lsm= on the command line)";
	} else {
		return LD_UNKNOWN;
	}
	if (ld_lsm_list_parse(list, strlen(list), &sv) < 0)
		return LD_UNKNOWN;
	found = ld_strv_contains(&sv, name);
	ld_strv_clear(&sv);
	return found ? LD_YES : LD_NO;
}

static void decide_active(struct ld_status *st)
{
	struct ld_fact *lock = &st->lockdown_active, *bpf = &st->bpf_lsm_active;

	if (st->lsms_err == 0) {
		bool l = ld_strv_contains(&st->lsms, "lockdown"), b = ld_strv_contains(&st->lsms, "bpf");

		*lock = (struct ld_fact){ l ? LD_YES : LD_NO, false,
					  l ? "listed in " SECURITYFS "/lsm"
					    : "not listed in " SECURITYFS "/lsm" };
		*bpf = (struct ld_fact){ b ? LD_YES : LD_NO, false,
					 b ? "listed in " SECURITYFS "/lsm"
					   : "not listed in " SECURITYFS "/lsm" };
		return;
	}
	/* No LSM list: deduce what the kernel would have started. */
	*lock = (struct ld_fact){ LD_UNKNOWN, true, "no LSM list and no kernel config" };
	*bpf = *lock;
	if (st->kconfig_err < 0)
		return;
	if (!ld_kconfig_enabled(&st->kconfig, "SECURITY_LOCKDOWN_LSM"))
		*lock = (struct ld_fact){ LD_NO, true, "CONFIG_SECURITY_LOCKDOWN_LSM is not set" };
	else if (ld_kconfig_enabled(&st->kconfig, "SECURITY_LOCKDOWN_LSM_EARLY"))
		*lock = (struct ld_fact){ LD_YES, true,
					  "CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y starts it always" };
	else
		lock->value = configured_lsm(st, "lockdown", &lock->basis);
	if (!ld_kconfig_enabled(&st->kconfig, "BPF_LSM"))
		*bpf = (struct ld_fact){ LD_NO, true, "CONFIG_BPF_LSM is not set" };
	else
		bpf->value = configured_lsm(st, "bpf", &bpf->basis);
}

static void decide_boot_level(struct ld_status *st)
{
	enum ld_level level = LD_LEVEL_NONE;

	st->boot_level_known = st->cmdline_err == 0 && st->kconfig_err == 0;
	if (st->cmdline_err == 0)
		level = st->cmdline_level;
	/* FORCE_* is applied when the LSM initialises: only if it is active */
	if (st->kconfig_err == 0 && st->lockdown_active.value == LD_YES && st->kconfig_force > level)
		level = st->kconfig_force;
	if (st->secure_boot_lockdown_configured) {
		if (st->secure_boot_err < 0)
			st->boot_level_known = false;
		else if (st->secure_boot == LD_SECURE_BOOT_ENABLED && level < LD_LEVEL_INTEGRITY)
			level = LD_LEVEL_INTEGRITY;
	}
	st->boot_level = level;
}

/*
 * Without securityfs the level can still be known: when the kernel log is
 * complete since boot, its last "locked down from" line and the setting that
 * source applies give the level. A securityfs raise carries no level: unknown.
 */
static void infer_level(struct ld_status *st)
{
	enum ld_level level = LD_LEVEL_NONE;

	if (st->level_err == 0 || st->log_err < 0 || !st->log_complete)
		return;
	if (st->log_raises.n > 0) {
		switch (ld_source_from_log_text(st->log_raises.v[st->log_raises.n - 1])) {
		case LD_SOURCE_CMDLINE:
			if (st->cmdline_err < 0)
				return;
			level = st->cmdline_level;
			break;
		case LD_SOURCE_KCONFIG:
			if (st->kconfig_err < 0)
				return;
			level = st->kconfig_force;
			break;
		case LD_SOURCE_SECURE_BOOT:
			level = LD_LEVEL_INTEGRITY;
			break;
		default:
			return;
		}
	}
	st->inferred_level = level;
	st->inferred_level_known = true;
}

static void note(struct ld_status *st, const char *fmt, const char *arg)
{
	char buf[512];

	snprintf(buf, sizeof(buf), fmt, arg);
	ld_strv_push(&st->notes, buf, strlen(buf));
}

static void add_notes(struct ld_status *st)
{
	const struct ld_cmdline_arg *lsm = NULL;

	for (size_t i = 0; i < st->cmdline_malformed.n; i++)
		note(st,
		     "lockdown=%s on the command line is rejected by the kernel "
		     "(\"Malformed early option 'lockdown'\"); only integrity and confidentiality are accepted",
		     st->cmdline_malformed.v[i]);
	if (st->lockdown_active.value == LD_NO)
		note(st, "%s",
		     "the lockdown LSM is not active: no level is enforced, although "
		     "/sys/kernel/security/lockdown still shows and accepts one");
	if (st->cmdline_err == 0)
		lsm = ld_cmdline_last(&st->cmdline, "lsm");
	if (lsm && lsm->value && st->lockdown_active.value == LD_YES) {
		struct ld_strv sv = { 0 };

		if (ld_lsm_list_parse(lsm->value, strlen(lsm->value), &sv) == 0 &&
		    !ld_strv_contains(&sv, "lockdown"))
			note(st, "%s",
			     "lsm= omits lockdown, but this kernel starts it as an early LSM "
			     "(CONFIG_SECURITY_LOCKDOWN_LSM_EARLY), so it stays active");
		ld_strv_clear(&sv);
	}
	if (st->catalogue_err == 0 && st->catalogue.source == LD_CATALOGUE_BUILTIN)
		note(st, "%s",
		     st->catalogue.approximate
			     ? "reason numbers come from a built-in table (no kernel BTF); this stable "
			       "release may carry backports that shift them"
			     : "reason numbers come from a built-in table (no kernel BTF)");
}

static void load_catalogue(const struct ld_root *root, struct ld_status *st)
{
	struct ld_kernel_version v;
	char *version_line = NULL;

	st->btf_err = ld_catalogue_load_btf(root, "/sys/kernel/btf/vmlinux", &st->catalogue);
	if (st->btf_err == 0) {
		st->catalogue_err = 0;
		return;
	}
	if (st->release_err < 0) {
		st->catalogue_err = st->release_err;
		return;
	}
	(void)read_trimmed(root, "/proc/version", &version_line);
	st->catalogue_err = ld_kernel_version_parse(st->release, version_line, &v);
	free(version_line);
	if (st->catalogue_err == 0)
		st->catalogue_err = ld_catalogue_builtin(&v, &st->catalogue);
}

int ld_status_collect(const struct ld_root *root, struct ld_status *ret)
{
	struct ld_status st = { 0 };

	st.release_err = read_trimmed(root, "/proc/sys/kernel/osrelease", &st.release);
	read_securityfs(root, &st);
	read_cmdline(root, &st);
	read_kconfig(root, &st);
	(void)ld_status_pick(&st); /* short of memory: fewer words shown, as with cmdline_malformed */
	st.secure_boot_err = ld_secure_boot_read(root, &st.secure_boot, &st.secure_boot_basis);
	st.sig_enforce_err = ld_sig_enforce_read(root, &st.sig_enforce);
	st.log_err = ld_kmsg_walk(root, on_kmsg, &st);
	decide_active(&st);
	decide_boot_level(&st);
	infer_level(&st);
	ld_status_decide_provenance(&st);
	load_catalogue(root, &st);
	add_notes(&st);
	*ret = st;
	return 0;
}

int ld_status_collect_basic(const struct ld_root *root, struct ld_status *ret)
{
	struct ld_status st = { 0 };

	st.release_err = read_trimmed(root, "/proc/sys/kernel/osrelease", &st.release);
	read_securityfs(root, &st);
	load_catalogue(root, &st);
	*ret = st;
	return 0;
}

void ld_status_clear(struct ld_status *st)
{
	free(st->release);
	ld_strv_clear(&st->lsms);
	ld_cmdline_clear(&st->cmdline);
	ld_strv_clear(&st->cmdline_malformed);
	ld_strv_clear(&st->cmdline_words);
	ld_strv_clear(&st->cmdline_lockdown);
	ld_kconfig_clear(&st->kconfig);
	ld_strv_clear(&st->log_raises);
	free(st->provenance.log_text);
	ld_catalogue_clear(&st->catalogue);
	ld_strv_clear(&st->notes);
	memset(st, 0, sizeof(*st));
}

int ld_status_effective_level(const struct ld_status *st, enum ld_level *ret, bool *ret_inferred)
{
	if (st->level_err == 0) {
		*ret = st->level;
		*ret_inferred = false;
		return 0;
	}
	if (!st->inferred_level_known)
		return -ENODATA;
	*ret = st->inferred_level;
	*ret_inferred = true;
	return 0;
}

const char *ld_error_slug(int err)
{
	switch (err) {
	case 0:
		return NULL;
	case -ENODEV:
		return "not-mounted";
	case -ENOENT:
		return "not-found";
	case -EACCES:
	case -EPERM:
		return "permission-denied";
	case -EBADMSG:
		return "malformed";
	case -EFBIG:
		return "too-large";
	case -EOPNOTSUPP:
		return "not-supported";
	case -ENODATA:
		return "undetermined";
	case -ENOMEM:
		return "out-of-memory";
	case -EISDIR:
		return "is-a-directory";
	case -LD_ENOTREG:
		return "not-a-regular-file";
	default:
		return "read-error";
	}
}
