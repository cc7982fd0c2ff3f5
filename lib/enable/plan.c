// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enable --boot: find how this machine builds its kernel command line and
 * plan the smallest change to it. Planning reads only; ld_boot_apply()
 * writes, each file atomically with a backup. Each boot loader's planner
 * is its own file (grub.c, grub-edit.c, kernel-install.c, grubby.c).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/atomicfile.h"
#include "lockdown/enable.h"
#include "lockdown/root.h"
#include "bootplan.h"

const char *ld_boot_kind_to_string(enum ld_boot_kind k)
{
	switch (k) {
	case LD_BOOT_GRUB_DROPIN:
		return "grub-dropin";
	case LD_BOOT_GRUB_FILE:
		return "grub";
	case LD_BOOT_KERNEL_INSTALL:
		return "kernel-install";
	case LD_BOOT_GRUBBY:
		return "grubby";
	case LD_BOOT_UKI:
		return "uki";
	default:
		return "unknown";
	}
}

void ld_boot_plan_clear(struct ld_boot_plan *p)
{
	for (size_t i = 0; i < p->n_changes; i++) {
		free(p->changes[i].path);
		free(p->changes[i].old);
		free(p->changes[i].new);
	}
	free(p->changes);
	for (size_t i = 0; i < p->n_commands; i++) {
		for (char **a = p->commands[i].argv; a && *a; a++)
			free(*a);
		free(p->commands[i].argv);
	}
	free(p->commands);
	for (size_t i = 0; i < p->n_sides; i++)
		free(p->sides[i].path);
	free(p->sides);
	free(p->detail);
	free(p->explain);
	free(p->approx_why);
	free(p->note);
	free(p->error);
	free(p->cmdline_before);
	free(p->cmdline_after);
	free(p->refusal_why);
	memset(p, 0, sizeof(*p));
}

static bool safe_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("@%+=:,./_-", c);
}

char *ld_boot_command_string(const struct ld_boot_command *c)
{
	size_t cap = 1;
	char *s, *o;

	for (char **a = c->argv; *a; a++)
		cap += strlen(*a) * 4 + 4;
	s = o = malloc(cap);
	if (!s)
		return NULL;
	for (char **a = c->argv; *a; a++) {
		const unsigned char *w = (const unsigned char *)*a;
		bool plain = *w != '\0', ctl = false;

		for (const unsigned char *q = w; *q; q++) {
			plain &= safe_word_char(*q);
			ctl |= *q < 0x20 || *q >= 0x7f;
		}
		if (a != c->argv)
			*o++ = ' ';
		if (plain) {
			o = stpcpy(o, *a);
		} else if (ctl) {
			/* $'...' with \xHH: nothing that moves a terminal, and the same bytes for bash */
			o = stpcpy(o, "$'");
			for (const unsigned char *q = w; *q; q++)
				if (*q < 0x20 || *q >= 0x7f || *q == '\'' || *q == '\\')
					o += sprintf(o, "\\x%02x", *q);
				else
					*o++ = (char)*q;
			*o++ = '\'';
		} else {
			*o++ = '\'';
			for (const unsigned char *q = w; *q; q++)
				if (*q == '\'')
					o = stpcpy(o, "'\\''");
				else
					*o++ = (char)*q;
			*o++ = '\'';
		}
	}
	*o = '\0';
	return s;
}

static bool file_contains(const struct ld_root *root, const char *path, const char *needle)
{
	char *buf = NULL;
	size_t len = 0;
	bool found;

	if (ld_root_read_file(root, path, 16u << 20, &buf, &len) < 0)
		return false;
	found = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

/* Any *.efi under one of the ESP's EFI/Linux directories: a UKI. */
static const char *find_uki_dir(const struct ld_root *root)
{
	static const char *const dirs[] = { "/boot/efi/EFI/Linux", "/efi/EFI/Linux",
					    "/boot/EFI/Linux" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int fd = ld_root_openat(root, dirs[i], O_RDONLY | O_DIRECTORY);
		DIR *d;
		struct dirent *de;
		bool found = false;

		if (fd < 0 || !(d = fdopendir(fd))) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		while ((de = readdir(d)))
			if (strlen(de->d_name) > 4 &&
			    strcmp(de->d_name + strlen(de->d_name) - 4, ".efi") == 0)
				found = true;
		closedir(d);
		if (found)
			return dirs[i];
	}
	return NULL;
}

static const char *find_grubby(const struct ld_root *root)
{
	if (ld_plan_exists(root, "/usr/sbin/grubby"))
		return "/usr/sbin/grubby";
	if (ld_plan_exists(root, "/usr/bin/grubby"))
		return "/usr/bin/grubby";
	return NULL;
}

static int add_side(const char *path, bool create, const char *role, void *userdata)
{
	struct ld_boot_plan *p = userdata;
	struct ld_boot_side *s;

	/* two changes may need the same directory (the state's): it is made once */
	for (size_t i = 0; i < p->n_sides; i++)
		if (p->sides[i].create == create && strcmp(p->sides[i].path, path) == 0)
			return 0;
	s = realloc(p->sides, (p->n_sides + 1) * sizeof(*s));

	if (!s)
		return -ENOMEM;
	p->sides = s;
	s = &s[p->n_sides];
	s->path = strdup(path);
	s->create = create;
	s->role = role;
	if (!s->path)
		return -ENOMEM;
	p->n_sides++;
	return 0;
}

/* What ld_boot_apply() will do besides the changes, so that the plan names every path. */
static int plan_sides(const struct ld_root *root, struct ld_boot_plan *p)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < p->n_changes; i++) {
		const struct ld_boot_change *c = &p->changes[i];

		r = ld_atomic_side_effects(root, c->path, !c->new, c->new && (c->flags & LD_CHANGE_RESTORE),
					   c->flags & LD_CHANGE_KEEP_EDITED, add_side, p);
	}
	return r;
}

int ld_boot_plan(const struct ld_root *root, const char *release, enum ld_level level,
		 const struct ld_lsm_facts *facts, struct ld_boot_plan *ret)
{
	struct ld_boot_plan p = { .lsm_before = -1, .lsm_after = -1 };
	const char *uki = find_uki_dir(root), *grubby = find_grubby(root);
	int r = 0;

	if (uki || file_contains(root, "/etc/kernel/install.conf", "layout=uki")) {
		p.kind = LD_BOOT_UKI;
		ld_plan_set_str(&p.detail, "unified kernel images (%s)",
			uki ? uki : "/etc/kernel/install.conf: layout=uki");
		ld_plan_set_str(&p.explain,
			"A unified kernel image carries its command line inside the signed image "
			"(.cmdline section), so no configuration file can change it and an edited "
			"image would fail Secure Boot. Rebuild the image with lockdown=%s%s on its "
			"command line (for example in /etc/kernel/cmdline, or ukify --cmdline, or "
			"dracut's kernel_cmdline=), sign it with your key, and install it; or raise "
			"the level at run time with `lockdownctl enable %s --now`.",
			level == LD_LEVEL_NONE ? "(removed)" : ld_level_to_string(level),
			" and lockdown in lsm=", level == LD_LEVEL_NONE ? "integrity" : ld_level_to_string(level));
	} else if (grubby) {
		p.kind = LD_BOOT_GRUBBY;
		ld_plan_set_str(&p.detail, "grubby (%s) edits the boot entries", grubby);
		r = ld_plan_grubby(root, grubby, level, facts, &p);
	} else if (ld_plan_exists(root, "/etc/default/grub")) {
		bool dropin = file_contains(root, "/usr/sbin/grub-mkconfig", "default/grub.d") ||
			      file_contains(root, "/usr/sbin/grub2-mkconfig", "default/grub.d");

		p.kind = dropin ? LD_BOOT_GRUB_DROPIN : LD_BOOT_GRUB_FILE;
		ld_plan_set_str(&p.detail, dropin ? "GRUB, reading /etc/default/grub.d/*.cfg"
					  : "GRUB (/etc/default/grub; grub-mkconfig reads no drop-ins)");
		r = dropin ? ld_plan_grub_dropin(root, level, facts, &p)
			   : ld_plan_grub_file(root, level, facts, &p);
	} else if (ld_plan_exists(root, "/etc/kernel/cmdline") || ld_plan_exists(root, "/boot/loader/entries") ||
		   ld_plan_exists(root, "/efi/loader/entries") || ld_plan_exists(root, "/boot/efi/loader/entries")) {
		p.kind = LD_BOOT_KERNEL_INSTALL;
		ld_plan_set_str(&p.detail, "systemd-boot / kernel-install (/etc/kernel/cmdline)");
		r = ld_plan_kernel_install(root, release, level, facts, &p);
	} else {
		p.kind = LD_BOOT_UNKNOWN;
		ld_plan_set_str(&p.detail, "no GRUB, kernel-install, grubby or unified kernel image found");
	}
	if (r == 0)
		r = plan_sides(root, &p);
	if (r < 0 && !p.error)
		ld_plan_set_str(&p.error, "%s", strerror(-r));
	*ret = p;
	return r;
}

int ld_boot_apply(const struct ld_root *root, struct ld_boot_plan *p, size_t *ret_failed)
{
	for (size_t i = 0; i < p->n_changes; i++) {
		struct ld_boot_change *c = &p->changes[i];
		int r = c->new ? ld_atomic_replace(root, c->path, c->new, c->new_len, 0644)
			       : ld_atomic_remove(root, c->path, c->flags & LD_CHANGE_KEEP_EDITED);

		if (r == 0 && c->new && (c->flags & LD_CHANGE_RESTORE))
			r = ld_atomic_forget(root, c->path);
		if (r < 0) {
			*ret_failed = i;
			return r;
		}
	}
	for (size_t i = 0; i < p->n_changes; i++) {
		struct ld_boot_change *c = &p->changes[i];
		char bak[4200];

		snprintf(bak, sizeof(bak), "%s" LD_BACKUP_SUFFIX, c->path);
		c->backup_kept = c->new && !(c->flags & LD_CHANGE_RESTORE) && ld_root_access(root, bak) == 0;
	}
	return 0;
}
