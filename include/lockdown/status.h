/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_STATUS_H
#define LOCKDOWN_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "lockdown/cmdline.h"
#include "lockdown/error.h"
#include "lockdown/kconfig.h"
#include "lockdown/level.h"
#include "lockdown/reasons.h"
#include "lockdown/strv.h"
#include "lockdown/sysinfo.h"

struct ld_root;

/* A yes/no that may be unknown; `basis` says what decided it. */
enum ld_tristate { LD_NO, LD_YES, LD_UNKNOWN };

struct ld_fact {
	enum ld_tristate value;
	bool inferred;     /* deduced from configuration, not read from the kernel */
	const char *basis; /* e.g. "listed in /sys/kernel/security/lsm" */
};

/* How the current level came to be. */
enum ld_source {
	LD_SOURCE_NOT_LOCKED,   /* level is none */
	LD_SOURCE_CMDLINE,      /* lockdown= on the kernel command line */
	LD_SOURCE_KCONFIG,      /* CONFIG_LOCK_DOWN_KERNEL_FORCE_* */
	LD_SOURCE_SECURE_BOOT,  /* distro patch: locked down because Secure Boot is on */
	LD_SOURCE_SECURITYFS,   /* raised at run time through /sys/kernel/security/lockdown */
	LD_SOURCE_OTHER,        /* the kernel log names a source we do not know */
	LD_SOURCE_UNKNOWN,
	_LD_SOURCE_MAX,
};

const char *ld_source_to_string(enum ld_source source);
/* The %s of the kernel's "Kernel is locked down from %s" line, as a source. */
enum ld_source ld_source_from_log_text(const char *text);
const char *ld_source_describe(enum ld_source source);

struct ld_provenance {
	enum ld_source source;
	bool from_log;          /* the kernel's "locked down from" line said so */
	char *log_text;         /* that line's source text, when from_log */
	const char *why;        /* how it was inferred, or why it is unknown */
};

#define LD_STATUS_KCONFIG_PICKS 13

/* Everything `status` knows; each field carries its own error (0 or -errno). */
struct ld_status {
	char *release;
	int release_err;

	bool securityfs_mounted;
	int securityfs_err;

	enum ld_level level;
	int level_err; /* -ENODEV: securityfs not mounted */

	struct ld_strv lsms;
	int lsms_err;

	struct ld_fact lockdown_active;
	struct ld_fact bpf_lsm_active;

	struct ld_cmdline cmdline;
	int cmdline_err;
	enum ld_level cmdline_level;       /* highest valid lockdown= (the kernel's ratchet) */
	struct ld_strv cmdline_malformed;  /* lockdown= values the kernel rejects */
	/* picked by ld_status_pick(): lockdown=, lsm=, security=, module.sig_enforce= as written */
	struct ld_strv cmdline_words;
	struct ld_strv cmdline_lockdown;   /* every lockdown='s value, "" for a bare one */
	const char *cmdline_lsm;           /* the last lsm='s value (in cmdline), or NULL */

	struct ld_kconfig kconfig;
	int kconfig_err;
	struct ld_where kconfig_where;
	enum ld_level kconfig_force;
	/* picked by ld_status_pick(): the options status shows, NULL values when absent */
	struct ld_kconfig_pick {
		const char *name; /* without CONFIG_ */
		const char *value;
	} kconfig_picks[LD_STATUS_KCONFIG_PICKS];
	bool kconfig_lockdown_lsm, kconfig_lockdown_early, kconfig_sig_force; /* =y */

	enum ld_secure_boot secure_boot;
	int secure_boot_err;
	const char *secure_boot_basis;
	bool secure_boot_lockdown_configured; /* LOCK_DOWN_IN_[EFI_]SECURE_BOOT=y */

	bool sig_enforce;
	int sig_enforce_err;

	struct ld_strv log_raises; /* sources from "Kernel is locked down from X", oldest first */
	int log_err;
	bool log_complete; /* the log still holds record 0: nothing since boot was lost */
	uint64_t log_records;

	/* When the level cannot be read: what the complete kernel log implies. */
	enum ld_level inferred_level;
	bool inferred_level_known;

	enum ld_level boot_level; /* what the boot settings ask for */
	bool boot_level_known;

	struct ld_provenance provenance;

	struct ld_catalogue catalogue;
	int catalogue_err;
	int btf_err; /* why BTF was not used (0 when it was) */

	struct ld_strv notes; /* remarks worth a user's attention */
};

int ld_status_collect(const struct ld_root *root, struct ld_status *ret);
/*
 * Only the release, the level and the reason catalogue: what a live tracer
 * needs to name what it sees, without the kernel log and the config.
 */
int ld_status_collect_basic(const struct ld_root *root, struct ld_status *ret);
void ld_status_clear(struct ld_status *st);

/*
 * What status shows of the parsed command line and kernel config (those
 * without an error), picked from them; pure, for unit tests. -ENOMEM.
 */
int ld_status_pick(struct ld_status *st);

/* Provenance from the collected facts; pure, for unit tests. */
void ld_status_decide_provenance(struct ld_status *st);

/*
 * The level to act on: the one read from securityfs, else the one a complete
 * kernel log implies (*ret_inferred set). -ENODATA when neither is known.
 */
int ld_status_effective_level(const struct ld_status *st, enum ld_level *ret, bool *ret_inferred);

/* An input status read that held bytes it could not take (malformed or too large). */
struct ld_bad_input {
	int err; /* -EBADMSG or -EFBIG */
	const char *path;
	size_t line; /* 0: the file as a whole */
	const char *what;
};
#define LD_STATUS_INPUTS 8
/* The inputs of st that were malformed or too large, in ret; how many. */
size_t ld_status_bad_inputs(const struct ld_status *st, struct ld_bad_input ret[LD_STATUS_INPUTS]);

/* A short slug for an error: "not-mounted", "permission-denied", ... */
const char *ld_error_slug(int err);

#endif
