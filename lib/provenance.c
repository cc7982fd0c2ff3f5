// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * How did the kernel get to its current lockdown level?
 *
 * Best evidence is the kernel's own "Kernel is locked down from X" line: it
 * is printed on every successful raise, so the last one names the source of
 * the current level. Without it (log rotated away, dmesg_restrict), replay
 * the boot in the kernel's order: CONFIG_LOCK_DOWN_KERNEL_FORCE_* when the
 * LSM initialises, then lockdown= (an early param), then the distro's Secure
 * Boot hook. The first that reached the final level is its source; a level
 * above anything the boot asked for can only come from securityfs.
 */
#include <stdlib.h>
#include <string.h>

#include "lockdown/status.h"

static const struct {
	const char *name;
	const char *description;
} sources[_LD_SOURCE_MAX] = {
	[LD_SOURCE_NOT_LOCKED] = { "none", "not locked down" },
	[LD_SOURCE_CMDLINE] = { "command-line", "kernel command line (lockdown=)" },
	[LD_SOURCE_KCONFIG] = { "kernel-config", "kernel configuration (LOCK_DOWN_KERNEL_FORCE_*)" },
	[LD_SOURCE_SECURE_BOOT] = { "secure-boot", "Secure Boot (distribution kernel patch)" },
	[LD_SOURCE_SECURITYFS] = { "securityfs", "raised at run time through securityfs" },
	[LD_SOURCE_OTHER] = { "other", "a source this tool does not know" },
	[LD_SOURCE_UNKNOWN] = { "unknown", "unknown" },
};

const char *ld_source_to_string(enum ld_source source)
{
	return source < _LD_SOURCE_MAX ? sources[source].name : NULL;
}

const char *ld_source_describe(enum ld_source source)
{
	return source < _LD_SOURCE_MAX ? sources[source].description : NULL;
}

/* The kernel's wording of the %s in "Kernel is locked down from %s". */
enum ld_source ld_source_from_log_text(const char *text)
{
	if (strcmp(text, "command line") == 0)
		return LD_SOURCE_CMDLINE;
	if (strcmp(text, "Kernel configuration") == 0)
		return LD_SOURCE_KCONFIG;
	if (strcmp(text, "securityfs") == 0)
		return LD_SOURCE_SECURITYFS;
	/* Debian: "EFI Secure Boot"; Fedora/RHEL: "EFI Secure Boot mode"; s390: "Secure IPL mode" */
	if (strcmp(text, "EFI Secure Boot") == 0 || strcmp(text, "EFI Secure Boot mode") == 0 ||
	    strcmp(text, "Secure IPL mode") == 0)
		return LD_SOURCE_SECURE_BOOT;
	return LD_SOURCE_OTHER;
}

static void set(struct ld_status *st, enum ld_source source, const char *why)
{
	st->provenance.source = source;
	st->provenance.why = why;
}

void ld_status_decide_provenance(struct ld_status *st)
{
	struct ld_provenance *p = &st->provenance;
	const struct ld_strv *raises = &st->log_raises;

	free(p->log_text);
	memset(p, 0, sizeof(*p));
	if (st->level_err == 0 && st->level == LD_LEVEL_NONE) {
		set(st, LD_SOURCE_NOT_LOCKED, NULL);
		return;
	}
	/* every successful raise is logged, so the last line names the current source */
	if (st->log_err == 0 && raises->n > 0) {
		const char *last = raises->v[raises->n - 1];

		p->from_log = true;
		p->log_text = strdup(last);
		set(st, ld_source_from_log_text(last), "kernel log: \"Kernel is locked down from ...\"");
		return;
	}
	if (st->level_err < 0) {
		if (st->inferred_level_known && st->inferred_level == LD_LEVEL_NONE)
			set(st, LD_SOURCE_NOT_LOCKED, NULL);
		else
			set(st, LD_SOURCE_UNKNOWN, "the current level cannot be read");
		return;
	}
	if (!st->boot_level_known) {
		set(st, LD_SOURCE_UNKNOWN,
		    "no \"locked down from\" line in the kernel log, and the boot settings "
		    "(command line, kernel config, Secure Boot) cannot all be read");
		return;
	}
	if (st->level > st->boot_level) {
		set(st, LD_SOURCE_SECURITYFS,
		    "inferred: the level is above what the boot settings ask for");
		return;
	}
	if (st->level < st->boot_level) {
		set(st, LD_SOURCE_UNKNOWN,
		    "the level is below what the boot settings ask for");
		return;
	}
	if (st->lockdown_active.value == LD_YES && st->kconfig_force == st->level)
		set(st, LD_SOURCE_KCONFIG, "inferred from the kernel config");
	else if (st->cmdline_level == st->level)
		set(st, LD_SOURCE_CMDLINE, "inferred from the kernel command line");
	else
		set(st, LD_SOURCE_SECURE_BOOT,
		    "inferred from Secure Boot and the kernel's lockdown-on-Secure-Boot option");
}
