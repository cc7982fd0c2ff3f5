/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The enable module: command-line edits, the boot plan, raising the level now. */
#ifndef LOCKDOWN_ENABLE_H
#define LOCKDOWN_ENABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/level.h"
#include "lockdown/check.h"

/* What decides whether the lockdown LSM will be active at the next boot. */
struct ld_lsm_facts {
	char *const *active; /* /sys/kernel/security/lsm, in order */
	size_t n_active;
	const char *config_lsm; /* CONFIG_LSM, NULL when the configuration is unknown */
	int early; /* CONFIG_SECURITY_LOCKDOWN_LSM_EARLY: 1 set, 0 not set, -1 unknown */
};

/*
 * Whether the lockdown LSM starts on a boot with this command line: 1, 0,
 * or -1 when the facts cannot tell. Started early it always runs; otherwise
 * the last lsm= decides, and without one CONFIG_LSM.
 */
int ld_bootcmd_lockdown_starts(const char *in, size_t len, const struct ld_lsm_facts *f);

/*
 * The lsm= a command line without one needs so that lockdown is active:
 * NULL (and 0) when the kernel's default (CONFIG_LSM, else this boot's
 * active list) already has it; otherwise the active modules with lockdown
 * first, every other module (bpf included) kept in its place.
 */
int ld_bootcmd_needed_lsm(const struct ld_lsm_facts *f, char **ret);

/* Is `list` ("a,b,c") one that names lockdown? */
bool ld_bootcmd_lsm_has_lockdown(const char *list, size_t len);

/*
 * Edit command-line text (a file such as /etc/kernel/cmdline, or the value
 * of a GRUB variable) for lockdown=level, changing only what must change:
 * every lockdown= word goes (with the blanks before it), `lockdown` is put
 * first in each lsm= that lacks it, and " lockdown=LEVEL" (plus " lsm=..."
 * when add_lsm is given and no lsm= names lockdown already, so that a
 * second edit changes nothing) is added after the last word. Words are split as
 * the kernel's next_arg() splits them: blanks, with "..." protecting blanks.
 * A trailing newline stays trailing. With LD_LEVEL_NONE the lockdown=
 * words only go (and lsm= is still fixed); nothing is added. -EBADMSG
 * when a double quote is left open (what is appended would join it).
 */
int ld_bootcmd_enable(const char *in, size_t len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len);

/* Only take every lockdown= word out (what disable does to text it did not write). */
int ld_bootcmd_strip(const char *in, size_t len, char **ret, size_t *ret_len);

/* The next word of S from *pos, as the kernel's next_arg() splits them (blanks,
 * "..." protecting blanks): [*start, *end), *pos moved past it; false at the end. */
bool ld_bootcmd_next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end);

/* Whether the text has an lsm= word. */
bool ld_bootcmd_has_word(const char *in, size_t len, const char *key);

/* The effective lockdown= of a command line: the highest valid one, as the kernel's ratchet. */
enum ld_level ld_bootcmd_level(const char *in, size_t len);

struct ld_root;

/* How this machine builds its kernel command line. */
enum ld_boot_kind {
	LD_BOOT_UNKNOWN,
	LD_BOOT_GRUB_DROPIN,    /* GRUB reading the drop-ins in /etc/default/grub.d (Debian) */
	LD_BOOT_GRUB_FILE,      /* GRUB, /etc/default/grub only */
	LD_BOOT_KERNEL_INSTALL, /* systemd-boot / kernel-install: /etc/kernel/cmdline */
	LD_BOOT_GRUBBY,         /* RHEL family: grubby edits the entries */
	LD_BOOT_UKI,            /* unified kernel images: the command line is signed in */
};

const char *ld_boot_kind_to_string(enum ld_boot_kind k);

/* One file to write or to remove. */
enum {
	LD_CHANGE_RESTORE = 1 << 0,     /* new is the original again: drop the backup after */
	LD_CHANGE_KEEP_EDITED = 1 << 1, /* remove: keep it as path + LD_EDITED_SUFFIX */
};
struct ld_boot_change {
	char *path;
	char *old; /* NULL when the file does not exist */
	size_t old_len;
	char *new; /* NULL: remove */
	size_t new_len;
	unsigned flags;
	bool backup_kept; /* after ld_boot_apply(): written, and PATH.LD_BACKUP_SUFFIX keeps the original */
};

/* A path besides the configuration that applying the plan creates or removes (backups, markers, ...). */
struct ld_boot_side {
	char *path;
	bool create;      /* false: removed */
	const char *role; /* "backup", "marker", "directory", "edited copy" */
};

/* A command to run afterwards. */
struct ld_boot_command {
	char **argv; /* NULL-terminated */
};

/* The command as a shell would take it, each word quoted where needed ($'\xHH' for control bytes). */
char *ld_boot_command_string(const struct ld_boot_command *c);
/*
 * The change as a unified diff (diff -u, labels a/PATH and b/PATH, or
 * /dev/null for an absent side), made by the system's diff(1) in /tmp:
 * the bytes, NUL-terminated. -errno when diff could not be run.
 */
int ld_boot_change_diff(const struct ld_boot_change *c, char **ret, size_t *ret_len);

struct ld_boot_plan {
	enum ld_boot_kind kind;
	char *detail; /* what was found, for the user */
	struct ld_boot_change *changes;
	size_t n_changes;
	struct ld_boot_command *commands; /* to run afterwards */
	size_t n_commands;
	struct ld_boot_side *sides; /* everything else ld_boot_apply() creates or removes */
	size_t n_sides;
	char *explain;   /* LD_BOOT_UKI: why nothing can be edited, and what to do */
	char *note;      /* anything else the user should know */
	char *error;     /* when ld_boot_plan() fails: what is wrong, naming the file */
	/*
	 * The kernel command line the boot loader builds from these files,
	 * before and after the changes (NULL: cannot tell), read without running
	 * anything; cmdline_approx when the files do things that reading cannot
	 * follow (command substitution, conditionals).
	 */
	char *cmdline_before, *cmdline_after;
	bool cmdline_approx;
	char *approx_why; /* cmdline_approx: the first thing not followed, and where */
	enum ld_level level_before, level_after;
	int lsm_before, lsm_after; /* the lockdown LSM starts: 1, 0, -1 cannot tell */
	int refusal;	    /* enum ld_boot_refusal, after ld_boot_decide() */
	char *refusal_why; /* and why, with what to do */
};

/*
 * What `enable LEVEL --boot` (level integrity or confidentiality) or
 * `disable --boot` (level none) would change on this machine. release is
 * the running kernel's, for the regeneration commands. -EBADMSG when a
 * file cannot be understood, -ELOOP when a file to edit is a symbolic link,
 * -EINVAL when it is not a regular file: then ret->error says which and
 * why. ret must be cleared with ld_boot_plan_clear() in every case.
 */
int ld_boot_plan(const struct ld_root *root, const char *release, enum ld_level level,
		 const struct ld_lsm_facts *facts, struct ld_boot_plan *ret);
void ld_boot_plan_clear(struct ld_boot_plan *p);

/* Whether a plan may be carried out as asked: the policy of enable/disable --boot. */
enum ld_boot_refusal {
	LD_BOOT_GO = 0,		    /* apply it (or there is nothing to change) */
	LD_BOOT_REFUSE_LOWER,	    /* it would lower the level the configuration asks for */
	LD_BOOT_REFUSE_APPROXIMATE, /* the next boot's command line cannot be told */
	LD_BOOT_REFUSE_CLAIM,	    /* the computed line would not have the level, or not start the LSM */
	LD_BOOT_REFUSE_UNSUPPORTED, /* a unified kernel image, or no known boot loader */
};

/*
 * Decide, for a plan made for LEVEL: never lower a level the configuration
 * asks for, nor edit where the next boot cannot be told, without FORCE;
 * never make a change the computed command line would not carry (not even
 * with FORCE); nothing on a unified kernel image or an unknown boot loader.
 * Sets p->refusal and p->refusal_why (a sentence for the user, with what
 * to do), and returns p->refusal, or -ENOMEM.
 */
int ld_boot_decide(struct ld_boot_plan *p, enum ld_level level, bool force);

/*
 * Make the plan's file changes, each atomically; the first change lockdownctl
 * makes to a file keeps its original bytes (ld_atomic_replace()). Each
 * change written says whether a backup now keeps the original.
 */
int ld_boot_apply(const struct ld_root *root, struct ld_boot_plan *p, size_t *ret_failed);

/*
 * /etc/default/grub edited in place: lockdown= out of GRUB_CMDLINE_LINUX_DEFAULT,
 * lockdown=LEVEL (and add_lsm) into the last GRUB_CMDLINE_LINUX (added when
 * there is none); level none only takes lockdown= out. Every other byte stays.
 */
int ld_grub_edit_file(const char *old, size_t old_len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len);

/*
 * The command line GRUB builds from shell text (an /etc/default/grub and
 * drop-ins, concatenated), read without running it: "$GRUB_CMDLINE_LINUX
 * $GRUB_CMDLINE_LINUX_DEFAULT". *ret_approx when the text does what reading
 * cannot follow. 0 or -ENOMEM.
 */
int ld_grub_eval(const char *text, size_t len, char **ret, bool *ret_approx);

#define LD_GRUB_DROPIN "/etc/default/grub.d/zz-lockdownctl.cfg"

/*
 * enable and disable: the model of one run. --now raises the level through
 * securityfs after check's verdict; --boot plans an edit of the boot
 * configuration (lockdown/bootcfg.h). The renderers show struct
 * ld_enable_result; the library decides what may be done.
 */
struct ld_root;
struct ld_status;

#define LD_SECURITYFS_LOCKDOWN "/sys/kernel/security/lockdown"

/* What --now may do, decided before anything is written. */
enum ld_now_decision {
	LD_NOW_GO,        /* raise (after the user's confirmation) */
	LD_NOW_INACTIVE,  /* the lockdown LSM is not active: a write would enforce nothing */
	LD_NOW_NO_LEVEL,  /* the level cannot be read (err) */
	LD_NOW_ALREADY,   /* the level is already there or higher: it cannot be lowered */
	LD_NOW_CHECK_FAILED, /* check could not run (err) */
	LD_NOW_UNKNOWN,   /* no blocker, but sources that might hold one were not read (no force) */
	LD_NOW_BLOCKED,   /* check finds blockers at the level (no force) */
};

struct ld_enable_now {
	enum ld_level level;        /* asked */
	enum ld_level before;       /* the level when the run started */
	enum ld_now_decision decision;
	int err;                    /* NO_LEVEL, CHECK_FAILED: -errno */
	struct ld_check_report check; /* check's one report: its verdict decides, it says why */
	size_t blockers;            /* blockers at the level */
	size_t unseen;              /* sources not read that might hold one, when no blocker */
	bool unknown;               /* the verdict at the level is unknown (said even with force) */
	/* after ld_enable_now_raise() */
	bool raised;                /* the kernel reads the level (or higher) back */
	enum ld_level after;        /* the level read back */
	int after_err;              /* reading it back failed: -errno */
};

/* Decide (st: the status collected on root), running check once when the level is to be raised. */
int ld_enable_now_decide(const struct ld_root *root, const struct ld_status *st, enum ld_level level,
			 bool force, struct ld_enable_now *ret);
/*
 * Write the level (a fake root's file is left as the kernel would show it)
 * and read it back: 0 (then raised, after and after_err say what the kernel
 * reads), -EPERM when the kernel refused (someone raised it meanwhile), or
 * -errno when the write failed.
 */
int ld_enable_now_raise(const struct ld_root *root, struct ld_enable_now *n);
void ld_enable_now_clear(struct ld_enable_now *n);

/* The facts about LSMs a boot plan needs, from the collected status (borrowed from st). */
void ld_boot_lsm_facts(const struct ld_status *st, struct ld_lsm_facts *ret);

/* One run of enable or disable, as its JSON document shows it. */
struct ld_enable_result {
	const char *verb;           /* "enable", "disable" */
	bool now;                   /* --now (else --boot) */
	bool dry_run;
	enum ld_level requested;    /* none for disable */
	bool changed;               /* something was written (or grubby ran) */
	const struct ld_enable_now *now_run; /* --now */
	const struct ld_boot_plan *plan;     /* --boot */
};

#endif
