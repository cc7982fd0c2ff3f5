/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enable: what the boot-loader planners share (changes.c, undo.c, grub.c). */
#ifndef LOCKDOWN_BOOTPLAN_H
#define LOCKDOWN_BOOTPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/enable.h"
#include "lockdown/root.h"

#define LD_PLAN_MAX_CONFIG (1u << 20)

/* changes.c */
bool ld_plan_exists(const struct ld_root *root, const char *path);
/* A file's bytes, or NULL and 0 when it is absent. */
int ld_plan_read_opt(const struct ld_root *root, const char *path, char **ret, size_t *ret_len);
/* Takes old and new; the same bytes (or both NULL) add nothing. */
int ld_plan_add_change(struct ld_boot_plan *p, const char *path, char *old, size_t old_len,
		       char *new, size_t new_len, unsigned flags);
/* A command of argv words (NULL-terminated). */
int ld_plan_add_command(struct ld_boot_plan *p, ...) __attribute__((sentinel));
int ld_plan_set_str(char **dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A file the plan edits must be a regular file or absent; else p->error says why. */
int ld_plan_check_editable(const struct ld_root *root, const char *path, struct ld_boot_plan *p);
/* Read a file the plan edits (NULL when absent), after ld_plan_check_editable(). */
int ld_plan_read_edit(const struct ld_root *root, const char *path, struct ld_boot_plan *p,
		      char **ret, size_t *ret_len);
/* len bytes of s and a NUL, malloc'ed (NULL: out of memory). */
char *ld_plan_memdup(const char *s, size_t len);
/* Blanks and newlines collapsed as kernel-install does ("tr -s $IFS ' '"), malloc'ed. */
char *ld_plan_collapse(const char *s, size_t len);
/* Fill the plan's view of the next boot from the two command lines (taken). */
void ld_plan_predict(struct ld_boot_plan *p, const struct ld_lsm_facts *f, char *before,
		     char *after, bool approx);

/* undo.c: what enable makes of one state of a file it edits in place. */
typedef int (*ld_edit_fn)(const struct ld_root *root, const struct ld_lsm_facts *f, const char *in,
			  size_t len, enum ld_level level, char **ret, size_t *ret_len);
/* disable on such a file: *ret NULL (with *flags) when the file is to go. */
int ld_plan_undo(const struct ld_root *root, const char *path, const char *cur, size_t cur_len,
		 ld_edit_fn fn, const struct ld_lsm_facts *f, const char *base, size_t base_len,
		 struct ld_boot_plan *p, char **ret, size_t *ret_len, unsigned *flags);

/* grub.c */
/*
 * The command line GRUB builds from /etc/default/grub (grub, NULL: none)
 * and, with_dropins, grub.d (ours given as dropin, NULL: absent).
 */
int ld_grub_cmdline(const struct ld_root *root, const char *grub, size_t grub_len,
		    bool with_dropins, const char *dropin, size_t dropin_len, const char *lsm,
		    char **ret, bool *approx, struct ld_boot_plan *p);
/* Does a command line have an lsm= word (quotes taken as the kernel takes them)? */
bool ld_grub_has_lsm(const char *line);
/* update-grub, or grub-mkconfig as this root has it. */
int ld_grub_commands(const struct ld_root *root, struct ld_boot_plan *p);
/*
 * The end of a GRUB plan, which takes old, new, before and after: on an
 * error r they are freed; else the next boot is predicted from before and
 * after, the change of path is added and grub's commands follow it.
 */
int ld_grub_plan_finish(const struct ld_root *root, struct ld_boot_plan *p,
			const struct ld_lsm_facts *f, int r, const char *path, char *old,
			size_t old_len, char *new, size_t new_len, char *before, char *after,
			bool approx, unsigned flags);

/* One planner per boot loader. */
int ld_plan_grub_dropin(const struct ld_root *root, enum ld_level level,
			const struct ld_lsm_facts *f, struct ld_boot_plan *p);
int ld_plan_grub_file(const struct ld_root *root, enum ld_level level,
		      const struct ld_lsm_facts *f, struct ld_boot_plan *p);
int ld_plan_kernel_install(const struct ld_root *root, const char *release, enum ld_level level,
			   const struct ld_lsm_facts *f, struct ld_boot_plan *p);
int ld_plan_grubby(const struct ld_root *root, const char *grubby, enum ld_level level,
		   const struct ld_lsm_facts *f, struct ld_boot_plan *p);
/* kernel-install.c: /proc/cmdline minus the boot loader's words, as kernel-install takes it. */
int ld_plan_proc_cmdline_base(const struct ld_root *root, char **ret, size_t *ret_len);

#endif
