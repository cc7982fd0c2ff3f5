// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * status: what it shows of the kernel command line and the kernel config,
 * picked once from them, so the text and the JSON show the same fields.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/status.h"

/* the parameters that decide lockdown, as status names them */
static const char *const cmdline_keys[] = { "lockdown", "lsm", "security", "module.sig_enforce" };

static const char *const kconfig_names[LD_STATUS_KCONFIG_PICKS] = {
	"SECURITY_LOCKDOWN_LSM",
	"SECURITY_LOCKDOWN_LSM_EARLY",
	"LOCK_DOWN_KERNEL_FORCE_NONE",
	"LOCK_DOWN_KERNEL_FORCE_INTEGRITY",
	"LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY",
	"LOCK_DOWN_IN_EFI_SECURE_BOOT",
	"LOCK_DOWN_IN_SECURE_BOOT",
	"LSM",
	"BPF_LSM",
	"DEBUG_INFO_BTF",
	"MODULE_SIG",
	"MODULE_SIG_FORCE",
	"SECURITYFS",
};

static int pick_cmdline(struct ld_status *st)
{
	const struct ld_cmdline *c = &st->cmdline;
	const struct ld_cmdline_arg *arg;
	int r = 0;

	for (size_t i = 0; i < c->n; i++)
		for (size_t k = 0; k < sizeof(cmdline_keys) / sizeof(cmdline_keys[0]); k++) {
			const struct ld_cmdline_arg *a = &c->args[i];
			char *word;
			int len;

			if (strcmp(a->key, cmdline_keys[k]))
				continue;
			len = asprintf(&word, "%s%s%s", a->key, a->value ? "=" : "", a->value ? a->value : "");
			if (len < 0)
				return -ENOMEM;
			r = ld_strv_push(&st->cmdline_words, word, (size_t)len);
			free(word);
			if (r < 0)
				return r;
		}
	for (size_t i = 0; (arg = ld_cmdline_nth(c, "lockdown", i)); i++)
		if ((r = ld_strv_push(&st->cmdline_lockdown, arg->value ? arg->value : "",
				      arg->value ? strlen(arg->value) : 0)) < 0)
			return r;
	arg = ld_cmdline_last(c, "lsm");
	st->cmdline_lsm = arg ? arg->value : NULL;
	return 0;
}

static void pick_kconfig(struct ld_status *st)
{
	for (size_t i = 0; i < LD_STATUS_KCONFIG_PICKS; i++) {
		st->kconfig_picks[i].name = kconfig_names[i];
		st->kconfig_picks[i].value = ld_kconfig_get(&st->kconfig, kconfig_names[i]);
	}
	st->kconfig_lockdown_lsm = ld_kconfig_enabled(&st->kconfig, "SECURITY_LOCKDOWN_LSM");
	st->kconfig_lockdown_early = ld_kconfig_enabled(&st->kconfig, "SECURITY_LOCKDOWN_LSM_EARLY");
	st->kconfig_sig_force = ld_kconfig_enabled(&st->kconfig, "MODULE_SIG_FORCE");
}

int ld_status_pick(struct ld_status *st)
{
	if (st->kconfig_err == 0)
		pick_kconfig(st);
	return st->cmdline_err == 0 ? pick_cmdline(st) : 0;
}
