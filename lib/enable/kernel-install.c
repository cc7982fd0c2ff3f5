// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * systemd-boot and kernel-install: /etc/kernel/cmdline.
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

static int cmdline_enable(const struct ld_root *root, const struct ld_lsm_facts *f, const char *in,
			  size_t len, enum ld_level level, char **ret, size_t *ret_len)
{
	char *lsm = NULL;
	int r = 0;

	(void)root;
	if (level == LD_LEVEL_NONE)
		return ld_bootcmd_strip(in, len, ret, ret_len);
	if (!ld_bootcmd_has_word(in, len, "lsm"))
		r = ld_bootcmd_needed_lsm(f, &lsm);
	if (r == 0)
		r = ld_bootcmd_enable(in, len, level, lsm, ret, ret_len);
	free(lsm);
	return r;
}

/* ---- kernel-install: /etc/kernel/cmdline ------------------------------------ */

/* Without the file kernel-install uses /proc/cmdline minus the boot loader's words. */
int ld_plan_proc_cmdline_base(const struct ld_root *root, char **ret, size_t *ret_len)
{
	char *buf = NULL, *out, *save = NULL;
	size_t len = 0;
	int r = ld_root_read_file(root, "/proc/cmdline", 65536, &buf, &len);

	if (r < 0)
		return r;
	out = calloc(1, len + 2);
	if (!out) {
		free(buf);
		return -ENOMEM;
	}
	for (char *w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (strncmp(w, "BOOT_IMAGE=", 11) == 0 || strncmp(w, "initrd=", 7) == 0)
			continue;
		if (*out)
			strcat(out, " ");
		strcat(out, w);
	}
	strcat(out, "\n");
	free(buf);
	*ret = out;
	*ret_len = strlen(out);
	return 0;
}

static int kernel_install_commands(const struct ld_root *root, const char *release,
				   struct ld_boot_plan *p)
{
	char image[600];

	/* Proxmox's systemd-boot: proxmox-boot-tool copies kernels and command line to the ESPs */
	if (ld_plan_exists(root, "/usr/sbin/proxmox-boot-tool"))
		return ld_plan_add_command(p, "proxmox-boot-tool", "refresh", NULL);
	if (!release)
		return ld_plan_add_command(p, "kernel-install", "add", "$(uname -r)", "/boot/vmlinuz-$(uname -r)",
				   NULL);
	snprintf(image, sizeof(image), "/boot/vmlinuz-%s", release);
	return ld_plan_add_command(p, "kernel-install", "add", release, image, NULL);
}

int ld_plan_kernel_install(const struct ld_root *root, const char *release,
			       enum ld_level level, const struct ld_lsm_facts *f,
			       struct ld_boot_plan *p)
{
	char *old = NULL, *base = NULL, *new = NULL;
	size_t old_len = 0, base_len = 0, new_len = 0;
	unsigned flags = 0;
	int r;

	r = ld_plan_read_edit(root, "/etc/kernel/cmdline", p, &old, &old_len);
	if (r < 0)
		return r;
	if (ld_plan_proc_cmdline_base(root, &base, &base_len) < 0)
		base = NULL;
	if (!old && !base && level != LD_LEVEL_NONE) {
		ld_plan_set_str(&p->error, "neither /etc/kernel/cmdline nor /proc/cmdline can be read");
		return -ENOENT;
	}
	if (level == LD_LEVEL_NONE && old)
		r = ld_plan_undo(root, "/etc/kernel/cmdline", old, old_len, cmdline_enable, f, base,
			      base_len, p, &new, &new_len, &flags);
	else if (level == LD_LEVEL_NONE)
		ld_plan_set_str(&p->note, "/etc/kernel/cmdline does not exist: nothing of ours to undo");
	else
		r = cmdline_enable(root, f, old ? old : base, old ? old_len : base_len, level, &new,
				   &new_len);
	/*
	 * The file lockdownctl made would go, and kernel-install would then copy
	 * the running command line: after a boot with our words that line carries
	 * them (lockdown=...), so removing the file would keep lockdown. The file
	 * stays instead, with every lockdown= taken out.
	 */
	if (r == 0 && level == LD_LEVEL_NONE && old && !new && flags == 0 && base &&
	    (ld_bootcmd_level(base, base_len) != LD_LEVEL_NONE || memmem(base, base_len, "lockdown=", 9))) {
		r = ld_bootcmd_strip(old, old_len, &new, &new_len);
		if (r == 0)
			ld_plan_set_str(&p->note, "/etc/kernel/cmdline stays, without lockdown=: without it "
					  "kernel-install would copy the running command line, which carries "
					  "lockdown= from the boot lockdownctl set up");
	}
	if (r < 0) {
		free(old);
		free(base);
		free(new);
		return r;
	}
	ld_plan_predict(p, f, old ? ld_plan_collapse(old, old_len) : base ? ld_plan_collapse(base, base_len) : NULL,
		new ? ld_plan_collapse(new, new_len) : base ? ld_plan_collapse(base, base_len) : NULL, false);
	free(base);
	if (level == LD_LEVEL_NONE && old && !new && flags == 0 && p->note == NULL)
		; /* the file lockdownctl made goes */
	else if (level == LD_LEVEL_NONE && old && !new) {
		new = ld_plan_memdup(old, old_len);
		if (!new) {
			free(old);
			return -ENOMEM;
		}
		new_len = old_len;
	}
	r = ld_plan_add_change(p, "/etc/kernel/cmdline", old, old_len, new, new_len, flags);
	if (r == 0 && p->n_changes)
		r = kernel_install_commands(root, release, p);
	return r;
}
