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

/* One file to write (or to remove, keeping a backup). */
struct ld_boot_change {
	char *path;
	char *old; /* NULL when the file does not exist */
	size_t old_len;
	char *new; /* NULL: remove */
	size_t new_len;
};

struct ld_boot_plan {
	enum ld_boot_kind kind;
	char *detail; /* what was found, for the user */
	struct ld_boot_change *changes;
	size_t n_changes;
	char **commands; /* to run afterwards (argv joined by blanks, each word shell-safe) */
	size_t n_commands;
	char *explain;   /* LD_BOOT_UKI: why nothing can be edited, and what to do */
	char *note;      /* anything else the user should know */
};

/*
 * What `enable LEVEL --boot` (level integrity or confidentiality) or
 * `disable --boot` (level none) would change on this machine. release is
 * the running kernel's, for the regeneration commands. -EBADMSG when a
 * file cannot be understood (the plan's detail says which).
 */
int ld_boot_plan(const struct ld_root *root, const char *release, enum ld_level level,
		 const struct ld_lsm_facts *facts, struct ld_boot_plan *ret);
void ld_boot_plan_clear(struct ld_boot_plan *p);

/* Make the plan's file changes, each atomically with a backup. */
int ld_boot_apply(const struct ld_root *root, const struct ld_boot_plan *p, size_t *ret_failed);

/*
 * /etc/default/grub edited in place: lockdown= out of GRUB_CMDLINE_LINUX_DEFAULT,
 * lockdown=LEVEL (and add_lsm) into the last GRUB_CMDLINE_LINUX (added when
 * there is none); level none only takes lockdown= out. Every other byte stays.
 */
int ld_grub_edit_file(const char *old, size_t old_len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len);

#define LD_GRUB_DROPIN "/etc/default/grub.d/zz-lockdownctl.cfg"

#endif
