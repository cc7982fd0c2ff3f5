/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_BOOTCFG_H
#define LOCKDOWN_BOOTCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/bootcmd.h"
#include "lockdown/level.h"

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

#endif
