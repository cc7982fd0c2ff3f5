// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enable --boot: find how this machine builds its kernel command line and
 * plan the smallest change to it. Planning reads only; ld_boot_apply()
 * writes, each file atomically with a backup.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/atomicfile.h"
#include "lockdown/bootcfg.h"
#include "lockdown/root.h"

#define MAX_CONFIG (1u << 20)

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
	for (size_t i = 0; i < p->n_commands; i++)
		free(p->commands[i]);
	free(p->commands);
	free(p->detail);
	free(p->explain);
	free(p->note);
	memset(p, 0, sizeof(*p));
}

static bool exists(const struct ld_root *root, const char *path)
{
	return ld_root_access(root, path) == 0;
}

static int read_opt(const struct ld_root *root, const char *path, char **ret, size_t *ret_len)
{
	int r = ld_root_read_file(root, path, MAX_CONFIG, ret, ret_len);

	if (r == -ENOENT) {
		*ret = NULL;
		*ret_len = 0;
		return 0;
	}
	return r;
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
	if (exists(root, "/usr/sbin/grubby"))
		return "/usr/sbin/grubby";
	if (exists(root, "/usr/bin/grubby"))
		return "/usr/bin/grubby";
	return NULL;
}

static int add_change(struct ld_boot_plan *p, const char *path, char *old, size_t old_len,
		      char *new, size_t new_len)
{
	struct ld_boot_change *c;

	/* the same bytes: nothing to do (running it twice changes nothing) */
	if ((old && new && old_len == new_len && memcmp(old, new, new_len) == 0) || (!old && !new)) {
		free(old);
		free(new);
		return 0;
	}
	c = reallocarray(p->changes, p->n_changes + 1, sizeof(*c));
	if (!c) {
		free(old);
		free(new);
		return -ENOMEM;
	}
	p->changes = c;
	c[p->n_changes++] = (struct ld_boot_change){
		.path = strdup(path), .old = old, .old_len = old_len, .new = new, .new_len = new_len
	};
	return c[p->n_changes - 1].path ? 0 : -ENOMEM;
}

static int add_command(struct ld_boot_plan *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int add_command(struct ld_boot_plan *p, const char *fmt, ...)
{
	char **c, *s = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	c = reallocarray(p->commands, p->n_commands + 1, sizeof(*c));
	if (!c) {
		free(s);
		return -ENOMEM;
	}
	p->commands = c;
	c[p->n_commands++] = s;
	return 0;
}

static int set_str(char **dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int set_str(char **dst, const char *fmt, ...)
{
	va_list ap;
	int r;

	free(*dst);
	*dst = NULL;
	va_start(ap, fmt);
	r = vasprintf(dst, fmt, ap);
	va_end(ap);
	return r < 0 ? -ENOMEM : 0;
}

/* ---- GRUB with grub.d: a drop-in of our own, sourced last ---------------- */

/* Does any GRUB_CMDLINE_LINUX* assignment of these files mention lsm=? */
static bool grub_has_lsm(const struct ld_root *root)
{
	int fd = ld_root_openat(root, "/etc/default/grub.d", O_RDONLY | O_DIRECTORY);
	bool found = file_contains(root, "/etc/default/grub", "lsm=");
	DIR *d;
	struct dirent *de;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return found;
	}
	while ((de = readdir(d))) {
		char path[512];
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".cfg") != 0 ||
		    strcmp(de->d_name, "zz-lockdownctl.cfg") == 0)
			continue;
		snprintf(path, sizeof(path), "/etc/default/grub.d/%s", de->d_name);
		found |= file_contains(root, path, "lsm=");
	}
	closedir(d);
	return found;
}

static char *grub_dropin(enum ld_level level, const char *add_lsm)
{
	char *s = NULL;

	if (asprintf(&s,
		     "# Written by `lockdownctl enable %s --boot`; `lockdownctl disable --boot`\n"
		     "# removes it. grub-mkconfig sources this file after /etc/default/grub and\n"
		     "# the other drop-ins: it takes every lockdown= out of the command line,\n"
		     "# sets lockdown=%s, and keeps the lockdown LSM in lsm=.\n"
		     "lockdownctl_cmdline() {\n"
		     "\tcase $- in *f*) _ld_glob= ;; *) _ld_glob=1; set -f ;; esac\n"
		     "\t_ld_out=\n"
		     "\tfor _ld_w in $1; do\n"
		     "\t\tcase $_ld_w in\n"
		     "\t\tlockdown=*) continue ;;\n"
		     "\t\tlsm=) _ld_w=lsm=lockdown ;;\n"
		     "\t\tlsm=*) case \",${_ld_w#lsm=},\" in\n"
		     "\t\t\t*,lockdown,*) ;;\n"
		     "\t\t\t*) _ld_w=\"lsm=lockdown,${_ld_w#lsm=}\" ;;\n"
		     "\t\t\tesac ;;\n"
		     "\t\tesac\n"
		     "\t\t_ld_out=\"${_ld_out:+$_ld_out }$_ld_w\"\n"
		     "\tdone\n"
		     "\t[ -n \"$_ld_glob\" ] && set +f\n"
		     "\tprintf '%%s' \"$_ld_out\"\n"
		     "}\n"
		     "GRUB_CMDLINE_LINUX_DEFAULT=$(lockdownctl_cmdline \"$GRUB_CMDLINE_LINUX_DEFAULT\")\n"
		     "GRUB_CMDLINE_LINUX=\"$(lockdownctl_cmdline \"$GRUB_CMDLINE_LINUX\") lockdown=%s%s%s\"\n"
		     "unset -f lockdownctl_cmdline\n"
		     "unset _ld_glob _ld_out _ld_w\n",
		     ld_level_to_string(level), ld_level_to_string(level), ld_level_to_string(level),
		     add_lsm ? " lsm=" : "", add_lsm ? add_lsm : "") < 0)
		return NULL;
	return s;
}

static int grub_commands(const struct ld_root *root, struct ld_boot_plan *p)
{
	if (exists(root, "/usr/sbin/update-grub"))
		return add_command(p, "update-grub");
	if (exists(root, "/usr/sbin/grub2-mkconfig"))
		return add_command(p, "grub2-mkconfig -o /boot/grub2/grub.cfg");
	return add_command(p, "grub-mkconfig -o /boot/grub/grub.cfg");
}

static int plan_grub_dropin(const struct ld_root *root, enum ld_level level,
			    const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *old, *new = NULL, *lsm = NULL;
	size_t old_len;
	int r;

	r = read_opt(root, LD_GRUB_DROPIN, &old, &old_len);
	if (r < 0)
		return r;
	if (level != LD_LEVEL_NONE) {
		if (!grub_has_lsm(root) && (r = ld_bootcmd_needed_lsm(f, &lsm)) < 0) {
			free(old);
			return r;
		}
		new = grub_dropin(level, lsm);
		free(lsm);
		if (!new) {
			free(old);
			return -ENOMEM;
		}
	} else if (!old)
		set_str(&p->note, "%s does not exist: nothing of ours to undo", LD_GRUB_DROPIN);
	r = add_change(p, LD_GRUB_DROPIN, old, old_len, new, new ? strlen(new) : 0);
	if (r == 0 && p->n_changes)
		r = grub_commands(root, p);
	return r;
}

/* ---- GRUB without grub.d: edit GRUB_CMDLINE_LINUX in place ---------------- */

/* The value of the last NAME= assignment: [*vs, *ve) inside its quotes; *q the quote or 0. */
static bool grub_find(const char *buf, size_t len, const char *name, size_t *vs, size_t *ve,
		      char *q)
{
	size_t nl = strlen(name);
	bool found = false;

	for (size_t i = 0; i < len;) {
		size_t line = i, j = i;

		while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
			j++;
		if (len - j > 7 && memcmp(buf + j, "export", 6) == 0 && (buf[j + 6] == ' ' || buf[j + 6] == '\t')) {
			j += 6;
			while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
				j++;
		}
		if (len - j > nl && memcmp(buf + j, name, nl) == 0 && buf[j + nl] == '=') {
			size_t k = j + nl + 1;
			char quote = k < len && (buf[k] == '"' || buf[k] == '\'') ? buf[k] : 0;
			size_t end;

			if (quote) {
				end = k + 1;
				while (end < len && buf[end] != quote)
					end += quote == '"' && buf[end] == '\\' && end + 1 < len ? 2 : 1;
				if (end >= len)
					return false; /* unterminated: refuse to guess */
				*vs = k + 1;
				*ve = end;
			} else {
				end = k;
				while (end < len && buf[end] != ' ' && buf[end] != '\t' &&
				       buf[end] != '\n' && buf[end] != ';' && buf[end] != '#')
					end++;
				*vs = k;
				*ve = end;
			}
			*q = quote;
			found = true;
			i = end;
		}
		(void)line;
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return found;
}

/* buf with [vs, ve) replaced by val (quoted with "..." if it had no quotes and needs them). */
static char *splice_value(const char *buf, size_t len, size_t vs, size_t ve, const char *val,
		    size_t vlen, bool add_quotes, size_t *ret_len)
{
	size_t n = len - (ve - vs) + vlen + (add_quotes ? 2 : 0);
	char *s = malloc(n + 1), *p = s;

	if (!s)
		return NULL;
	memcpy(p, buf, vs);
	p += vs;
	if (add_quotes)
		*p++ = '"';
	memcpy(p, val, vlen);
	p += vlen;
	if (add_quotes)
		*p++ = '"';
	memcpy(p, buf + ve, len - ve);
	s[n] = '\0';
	*ret_len = n;
	return s;
}

/* Edit one variable's value in buf (level none: strip only). */
static int grub_edit_var(char **buf, size_t *len, const char *name, enum ld_level level,
			 const char *add_lsm)
{
	size_t vs, ve, vlen, n;
	char q, *val = NULL, *s;
	int r;

	if (!grub_find(*buf, *len, name, &vs, &ve, &q)) {
		if (level == LD_LEVEL_NONE || strcmp(name, "GRUB_CMDLINE_LINUX") != 0)
			return 0;
		/* no such assignment: add one at the end */
		if (asprintf(&val, "%s%s=\"lockdown=%s%s%s\"\n",
			     *len && (*buf)[*len - 1] != '\n' ? "\n" : "", name,
			     ld_level_to_string(level), add_lsm ? " lsm=" : "",
			     add_lsm ? add_lsm : "") < 0)
			return -ENOMEM;
		s = splice_value(*buf, *len, *len, *len, val, strlen(val), false, &n);
		free(val);
		if (!s)
			return -ENOMEM;
		free(*buf);
		*buf = s;
		*len = n;
		return 0;
	}
	r = level == LD_LEVEL_NONE || strcmp(name, "GRUB_CMDLINE_LINUX") != 0
		    ? ld_bootcmd_strip(*buf + vs, ve - vs, &val, &vlen)
		    : ld_bootcmd_enable(*buf + vs, ve - vs, level, add_lsm, &val, &vlen);
	if (r < 0)
		return r;
	s = splice_value(*buf, *len, vs, ve, val, vlen, !q && memchr(val, ' ', vlen), &n);
	free(val);
	if (!s)
		return -ENOMEM;
	free(*buf);
	*buf = s;
	*len = n;
	return 0;
}

static int grub_edit_raw(const char *old, size_t old_len, enum ld_level level,
			 const char *add_lsm, char **ret, size_t *ret_len)
{
	char *buf = malloc(old_len + 1);
	size_t len = old_len;
	int r;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, old, old_len);
	buf[len] = '\0';
	r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX_DEFAULT", LD_LEVEL_NONE, NULL);
	if (r == 0 && level != LD_LEVEL_NONE)
		r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX", level, add_lsm);
	else if (r == 0)
		r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX", LD_LEVEL_NONE, NULL);
	if (r < 0) {
		free(buf);
		return r;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

/*
 * A shell file can fool a line-by-line reading (a quoted value spanning
 * lines, quotes inside quotes). Rather than guess, check the result: the
 * last GRUB_CMDLINE_LINUX must now say the level on one line, and a second
 * edit must change nothing. Otherwise -EBADMSG: edit the file by hand.
 */
int ld_grub_edit_file(const char *old, size_t old_len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len)
{
	char *out = NULL, *again = NULL, q;
	size_t n, n2, vs, ve;
	int r = grub_edit_raw(old, old_len, level, add_lsm, &out, &n);

	if (r < 0)
		return r;
	if (level != LD_LEVEL_NONE &&
	    (!grub_find(out, n, "GRUB_CMDLINE_LINUX", &vs, &ve, &q) ||
	     memchr(out + vs, '\n', ve - vs) || ld_bootcmd_level(out + vs, ve - vs) != level))
		r = -EBADMSG;
	if (r == 0 && (r = grub_edit_raw(out, n, level, NULL, &again, &n2)) == 0 &&
	    (n2 != n || memcmp(again, out, n) != 0))
		r = -EBADMSG;
	free(again);
	if (r < 0) {
		free(out);
		return r == -ENOMEM ? r : -EBADMSG;
	}
	*ret = out;
	*ret_len = n;
	return 0;
}

typedef int (*enable_fn)(const char *old, size_t old_len, enum ld_level level,
			 const char *add_lsm, char **ret, size_t *ret_len);

/*
 * disable on a file we edit in place: if it is still exactly what enable
 * made of the backup, the backup comes back byte for byte; otherwise only
 * the lockdown= words are taken out.
 */
static int plan_undo(const struct ld_root *root, const char *path, const char *cur,
		     size_t cur_len, enable_fn fn, const struct ld_lsm_facts *f,
		     struct ld_boot_plan *p, char **ret, size_t *ret_len)
{
	char bpath[512], *bak = NULL, *lsm = NULL;
	size_t bak_len = 0;
	int r;

	snprintf(bpath, sizeof(bpath), "%s" LD_BACKUP_SUFFIX, path);
	r = read_opt(root, bpath, &bak, &bak_len);
	if (r < 0)
		return r;
	if (bak && (r = ld_bootcmd_needed_lsm(f, &lsm)) == 0) {
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= LD_LEVEL_CONFIDENTIALITY; l++)
			for (int with_lsm = 0; with_lsm < 2; with_lsm++) {
				char *made = NULL;
				size_t made_len;

				if (with_lsm && !lsm)
					continue;
				if (fn(bak, bak_len, l, with_lsm ? lsm : NULL, &made, &made_len) < 0)
					continue;
				if (made_len == cur_len && memcmp(made, cur, cur_len) == 0) {
					free(made);
					free(lsm);
					*ret = bak;
					*ret_len = bak_len;
					return 0;
				}
				free(made);
			}
	}
	free(lsm);
	free(bak);
	set_str(&p->note, "%s changed since lockdownctl wrote it: only the lockdown= words are "
			  "taken out (a lockdown added to lsm= stays; the backup is %s)",
		path, bpath);
	return fn(cur, cur_len, LD_LEVEL_NONE, NULL, ret, ret_len);
}

static int plan_grub_file(const struct ld_root *root, enum ld_level level,
			  const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *old, *new = NULL, *lsm = NULL;
	size_t old_len, new_len = 0;
	int r;

	r = read_opt(root, "/etc/default/grub", &old, &old_len);
	if (r < 0 || !old)
		return r < 0 ? r : -ENOENT;
	if (level == LD_LEVEL_NONE)
		r = plan_undo(root, "/etc/default/grub", old, old_len, ld_grub_edit_file, f, p, &new,
			      &new_len);
	else {
		if (!ld_bootcmd_has_word(old, old_len, "lsm"))
			r = ld_bootcmd_needed_lsm(f, &lsm);
		if (r == 0)
			r = ld_grub_edit_file(old, old_len, level, lsm, &new, &new_len);
		free(lsm);
	}
	if (r < 0) {
		free(old);
		return r;
	}
	r = add_change(p, "/etc/default/grub", old, old_len, new, new_len);
	if (r == 0 && p->n_changes)
		r = grub_commands(root, p);
	return r;
}

/* ---- kernel-install: /etc/kernel/cmdline ------------------------------------ */

static int cmdline_enable(const char *old, size_t old_len, enum ld_level level,
			  const char *add_lsm, char **ret, size_t *ret_len)
{
	return level == LD_LEVEL_NONE ? ld_bootcmd_strip(old, old_len, ret, ret_len)
				      : ld_bootcmd_enable(old, old_len, level, add_lsm, ret, ret_len);
}

/* Without the file kernel-install uses /proc/cmdline minus the boot loader's words. */
static int proc_cmdline_base(const struct ld_root *root, char **ret, size_t *ret_len)
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

static int plan_kernel_install(const struct ld_root *root, const char *release,
			       enum ld_level level, const struct ld_lsm_facts *f,
			       struct ld_boot_plan *p)
{
	char *old, *base, *new = NULL, *lsm = NULL;
	size_t old_len, base_len, new_len = 0;
	int r;

	r = read_opt(root, "/etc/kernel/cmdline", &old, &old_len);
	if (r < 0)
		return r;
	if (old) {
		base = old;
		base_len = old_len;
	} else if ((r = proc_cmdline_base(root, &base, &base_len)) < 0)
		return r;
	if (level == LD_LEVEL_NONE && old)
		r = plan_undo(root, "/etc/kernel/cmdline", old, old_len, cmdline_enable, f, p, &new,
			      &new_len);
	else if (level == LD_LEVEL_NONE)
		set_str(&p->note, "/etc/kernel/cmdline does not exist: nothing of ours to undo");
	else {
		if (!ld_bootcmd_has_word(base, base_len, "lsm"))
			r = ld_bootcmd_needed_lsm(f, &lsm);
		if (r == 0)
			r = ld_bootcmd_enable(base, base_len, level, lsm, &new, &new_len);
		free(lsm);
	}
	if (base != old)
		free(base);
	if (r < 0) {
		free(old);
		return r;
	}
	r = add_change(p, "/etc/kernel/cmdline", old, old_len, new, new_len);
	if (r == 0 && p->n_changes && release)
		r = add_command(p, "kernel-install add %s /boot/vmlinuz-%s", release, release);
	return r;
}

/* ---- grubby: it edits the entries; we only say what to ask of it ------------- */

static int plan_grubby(const struct ld_root *root, const char *grubby, enum ld_level level,
		       const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *cmdline = NULL, *lsm = NULL;
	size_t len = 0;
	int r;

	r = add_command(p, "%s --update-kernel=ALL --remove-args=lockdown", grubby);
	if (r < 0 || level == LD_LEVEL_NONE)
		return r;
	/* the entries follow the running command line; keep its lsm= with lockdown in it */
	if (ld_root_read_file(root, "/proc/cmdline", 65536, &cmdline, &len) == 0 &&
	    ld_bootcmd_has_word(cmdline, len, "lsm")) {
		char *edited = NULL, *w, *save = NULL;
		size_t n;

		if (ld_bootcmd_enable(cmdline, len, level, NULL, &edited, &n) == 0) {
			for (w = strtok_r(edited, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
				if (strncmp(w, "lsm=", 4) == 0) {
					free(lsm);
					lsm = strdup(w + 4);
				}
			free(edited);
		}
	} else
		r = ld_bootcmd_needed_lsm(f, &lsm);
	free(cmdline);
	if (r == 0)
		r = add_command(p, "%s --update-kernel=ALL --args=lockdown=%s", grubby,
				ld_level_to_string(level));
	/* grubby replaces the value of an argument it is given again */
	if (r == 0 && lsm)
		r = add_command(p, "%s --update-kernel=ALL --args=lsm=%s", grubby, lsm);
	free(lsm);
	return r;
}

int ld_boot_plan(const struct ld_root *root, const char *release, enum ld_level level,
		 const struct ld_lsm_facts *facts, struct ld_boot_plan *ret)
{
	struct ld_boot_plan p = { 0 };
	const char *uki = find_uki_dir(root), *grubby = find_grubby(root);
	int r = 0;

	if (uki || file_contains(root, "/etc/kernel/install.conf", "layout=uki")) {
		p.kind = LD_BOOT_UKI;
		set_str(&p.detail, "unified kernel images (%s)",
			uki ? uki : "/etc/kernel/install.conf: layout=uki");
		set_str(&p.explain,
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
		set_str(&p.detail, "grubby (%s) edits the boot entries", grubby);
		r = plan_grubby(root, grubby, level, facts, &p);
	} else if (exists(root, "/etc/default/grub")) {
		bool dropin = file_contains(root, "/usr/sbin/grub-mkconfig", "default/grub.d") ||
			      file_contains(root, "/usr/sbin/grub2-mkconfig", "default/grub.d");

		p.kind = dropin ? LD_BOOT_GRUB_DROPIN : LD_BOOT_GRUB_FILE;
		set_str(&p.detail, dropin ? "GRUB, reading /etc/default/grub.d/*.cfg"
					  : "GRUB (/etc/default/grub; grub-mkconfig reads no drop-ins)");
		r = dropin ? plan_grub_dropin(root, level, facts, &p)
			   : plan_grub_file(root, level, facts, &p);
	} else if (exists(root, "/etc/kernel/cmdline") || exists(root, "/boot/loader/entries") ||
		   exists(root, "/efi/loader/entries") || exists(root, "/boot/efi/loader/entries")) {
		p.kind = LD_BOOT_KERNEL_INSTALL;
		set_str(&p.detail, "systemd-boot / kernel-install (/etc/kernel/cmdline)");
		r = plan_kernel_install(root, release, level, facts, &p);
	} else {
		p.kind = LD_BOOT_UNKNOWN;
		set_str(&p.detail, "no GRUB, kernel-install, grubby or unified kernel image found");
	}
	if (r < 0) {
		ld_boot_plan_clear(&p);
		return r;
	}
	*ret = p;
	return 0;
}

int ld_boot_apply(const struct ld_root *root, const struct ld_boot_plan *p, size_t *ret_failed)
{
	for (size_t i = 0; i < p->n_changes; i++) {
		const struct ld_boot_change *c = &p->changes[i];
		int r = c->new ? ld_atomic_replace(root, c->path, c->new, c->new_len, 0644)
			       : ld_atomic_remove(root, c->path);

		if (r < 0) {
			*ret_failed = i;
			return r;
		}
	}
	return 0;
}
