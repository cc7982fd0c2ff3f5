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
#include "grubeval.h"

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
		      char *new, size_t new_len, unsigned flags)
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
	c[p->n_changes++] = (struct ld_boot_change){ .path = strdup(path), .old = old,
						     .old_len = old_len, .new = new,
						     .new_len = new_len, .flags = flags };
	return c[p->n_changes - 1].path ? 0 : -ENOMEM;
}

/* A command of argv words (NULL-terminated). */
static int add_command(struct ld_boot_plan *p, ...) __attribute__((sentinel));
static int add_command(struct ld_boot_plan *p, ...)
{
	struct ld_boot_command *c;
	char **argv = NULL;
	size_t n = 0;
	va_list ap;
	const char *w;
	int r = 0;

	va_start(ap, p);
	while ((w = va_arg(ap, const char *))) {
		char **a = reallocarray(argv, n + 2, sizeof(*a));

		if (!a || !(a[n] = strdup(w))) {
			argv = a ? a : argv;
			r = -ENOMEM;
			break;
		}
		argv = a;
		argv[++n] = NULL;
	}
	va_end(ap);
	c = r == 0 ? reallocarray(p->commands, p->n_commands + 1, sizeof(*c)) : NULL;
	if (!c) {
		for (size_t i = 0; i < n; i++)
			free(argv[i]);
		free(argv);
		return -ENOMEM;
	}
	p->commands = c;
	c[p->n_commands++].argv = argv;
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

/*
 * A file the plan edits must be a regular file (or absent): a symbolic link
 * would be replaced by a file (or, written through, change another file),
 * and a FIFO would block the reader. The dry run says so as the real run would.
 */
static int check_editable(const struct ld_root *root, const char *path, struct ld_boot_plan *p)
{
	char *what = NULL;
	int r = ld_atomic_check(root, path, &what);

	if (r == -ELOOP)
		set_str(&p->error, "%s is a symbolic link to %s: lockdownctl edits regular files only "
				   "(edit %s itself, or replace the link by a copy of it)",
			path, what ? what : "?", what ? what : "its target");
	else if (r == -EINVAL)
		set_str(&p->error, "%s is %s, not a regular file", path, what ? what : "not a regular file");
	else if (r == -EEXIST)
		set_str(&p->error, "%s" LD_BACKUP_SUFFIX " is %s, not a backup lockdownctl can keep the "
				   "original in: move it away first",
			path, what ? what : "not a regular file");
	else if (r == -ENOTDIR)
		set_str(&p->error, "cannot make the directories of %s: a name on its path is there but "
				   "is not a directory of the root (a link that leads out of it, or a file)",
			what ? what : path);
	else if (r < 0)
		set_str(&p->error, "cannot look at %s: %s", path, strerror(-r));
	free(what);
	return r;
}

/* Read a file the plan edits (NULL when absent), after check_editable(). */
static int read_edit(const struct ld_root *root, const char *path, struct ld_boot_plan *p,
		     char **ret, size_t *ret_len)
{
	int r = check_editable(root, path, p);

	if (r < 0)
		return r;
	r = read_opt(root, path, ret, ret_len);
	if (r < 0)
		set_str(&p->error, "cannot read %s: %s", path, strerror(-r));
	return r;
}

/* Collapse blanks and newlines as kernel-install does ("tr -s $IFS ' '"). */
static char *collapse(const char *s, size_t len)
{
	char *o = malloc(len + 1), *q = o;
	bool sp = false;

	if (!o)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		bool b = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';

		if (b && sp)
			continue;
		*q++ = b ? ' ' : s[i];
		sp = b;
	}
	while (q > o && q[-1] == ' ')
		q--;
	*q = '\0';
	return o;
}

/* Fill the plan's view of the next boot from the two command lines (taken). */
static void predict(struct ld_boot_plan *p, const struct ld_lsm_facts *f, char *before, char *after,
		    bool approx)
{
	free(p->cmdline_before);
	free(p->cmdline_after);
	p->cmdline_before = before;
	p->cmdline_after = after;
	p->cmdline_approx = approx;
	p->level_before = before ? ld_bootcmd_level(before, strlen(before)) : LD_LEVEL_NONE;
	p->level_after = after ? ld_bootcmd_level(after, strlen(after)) : LD_LEVEL_NONE;
	p->lsm_before = before ? ld_bootcmd_lockdown_starts(before, strlen(before), f) : -1;
	p->lsm_after = after ? ld_bootcmd_lockdown_starts(after, strlen(after), f) : -1;
}

/* ---- GRUB: the files as grub-mkconfig sources them ---------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.cfg names of /etc/default/grub.d, sorted as the shell's glob sorts them (C locale). */
static int grubd_names(const struct ld_root *root, char ***ret, size_t *ret_n)
{
	int fd = ld_root_openat(root, "/etc/default/grub.d", O_RDONLY | O_DIRECTORY);
	char **v = NULL;
	size_t n = 0;
	DIR *d;
	struct dirent *de;

	*ret = NULL;
	*ret_n = 0;
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **nv;

		if (len < 5 || strcmp(de->d_name + len - 4, ".cfg") != 0)
			continue;
		nv = reallocarray(v, n + 1, sizeof(*v));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			for (size_t i = 0; i < n; i++)
				free(v[i]);
			free(v);
			closedir(d);
			return -ENOMEM;
		}
		v = nv;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*ret = v;
	*ret_n = n;
	return 0;
}

/* Our drop-in's effect, as its shell does it: filter both variables, then append to GRUB_CMDLINE_LINUX. */
static char *dropin_filter(const char *in)
{
	char *copy = strdup(in ? in : ""), *save = NULL, *out;
	size_t cap;

	if (!copy)
		return NULL;
	cap = strlen(copy) * 2 + 16;
	out = calloc(1, cap);
	if (!out) {
		free(copy);
		return NULL;
	}
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char word[4096];

		if (strncmp(w, "lockdown=", 9) == 0)
			continue;
		if (strcmp(w, "lsm=") == 0)
			snprintf(word, sizeof(word), "lsm=lockdown");
		else if (strncmp(w, "lsm=", 4) == 0 && !ld_bootcmd_lsm_has_lockdown(w + 4, strlen(w + 4)))
			snprintf(word, sizeof(word), "lsm=lockdown,%s", w + 4);
		else
			snprintf(word, sizeof(word), "%s", w);
		if (strlen(out) + strlen(word) + 2 >= cap)
			break; /* cannot happen: at most doubled */
		if (*out)
			strcat(out, " ");
		strcat(out, word);
	}
	free(copy);
	return out;
}

static int dropin_apply(struct ld_grubvars *v, enum ld_level level, const char *lsm)
{
	const char *d = ld_grubvars_get(v, "GRUB_CMDLINE_LINUX_DEFAULT", 26);
	const char *a = ld_grubvars_get(v, "GRUB_CMDLINE_LINUX", 18);
	char *nd = dropin_filter(d), *na = dropin_filter(a), *full = NULL;
	int r;

	if (!nd || !na || asprintf(&full, "%s lockdown=%s%s%s", na, ld_level_to_string(level),
				   lsm ? " lsm=" : "", lsm ? lsm : "") < 0) {
		free(nd);
		free(na);
		return -ENOMEM;
	}
	free(na);
	r = ld_grubvars_set(v, "GRUB_CMDLINE_LINUX_DEFAULT", 26, nd);
	return r < 0 ? r : ld_grubvars_set(v, "GRUB_CMDLINE_LINUX", 18, full);
}

static char *grub_dropin(enum ld_level level, const char *add_lsm);

/* Which of our drop-ins this text is: 0 and the level and lsm=, or -ENOENT (edited or not ours). */
static int dropin_identify(const char *text, size_t len, const char *lsm, enum ld_level *ret_level,
			   bool *ret_with_lsm)
{
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= LD_LEVEL_CONFIDENTIALITY; l++)
		for (int w = 0; w < 2; w++) {
			char *made;
			bool same;

			if (w && !lsm)
				continue;
			made = grub_dropin(l, w ? lsm : NULL);
			if (!made)
				return -ENOMEM;
			same = strlen(made) == len && memcmp(made, text, len) == 0;
			free(made);
			if (same) {
				*ret_level = l;
				*ret_with_lsm = w;
				return 0;
			}
		}
	return -ENOENT;
}

/*
 * The command line GRUB builds: /etc/default/grub (its text given as grub,
 * NULL: none), then with_dropins the *.cfg of grub.d in order, ours given
 * as dropin (its text, NULL: absent) and simulated. *ret NULL when the
 * files cannot be read.
 */
static int grub_cmdline(const struct ld_root *root, const char *grub, size_t grub_len,
			bool with_dropins, const char *dropin, size_t dropin_len, const char *lsm,
			char **ret, bool *approx, struct ld_boot_plan *p)
{
	const char *unread = NULL;
	char unread_path[512];
	struct ld_grubvars v = { 0 };
	char **names = NULL;
	size_t n = 0;
	int r = 0;

	if (grub)
		r = ld_grubvars_eval(&v, grub, grub_len);
	if (r == 0 && with_dropins)
		r = grubd_names(root, &names, &n);
	/* ours sorts where its name sorts; it may not be in the directory (yet, or any more) */
	for (size_t i = 0; r == 0 && with_dropins && i <= n; i++) {
		const char *name = i < n ? names[i] : NULL;
		bool ours_here = dropin && (name ? strcmp("zz-lockdownctl.cfg", name) <= 0 : true);

		if (ours_here) {
			enum ld_level l;
			bool w;

			if (dropin_identify(dropin, dropin_len, lsm, &l, &w) == 0) {
				/*
				 * Our drop-in rewrites both variables when GRUB runs it: whatever
				 * came before, not followed or not read, it takes every lockdown=
				 * out and puts lockdown into every lsm=, so what the claim rests
				 * on is exact again; only what comes after it can spoil it.
				 */
				r = dropin_apply(&v, l, w ? lsm : NULL);
				v.approx = false;
				v.why = NULL;
				unread = NULL;
			} else if (!v.approx) {
				v.approx = true; /* edited by hand: not followed */
				v.why = "lockdownctl's drop-in edited by hand";
			}
			dropin = NULL;
		}
		if (r == 0 && name && strcmp(name, "zz-lockdownctl.cfg") != 0) {
			char path[512], *buf = NULL;
			size_t len = 0;

			snprintf(path, sizeof(path), "/etc/default/grub.d/%s", name);
			/* a FIFO or such is not read (it would block); an unreadable one is named */
			if (ld_atomic_check(root, path, NULL) != -EINVAL &&
			    ld_root_read_file(root, path, MAX_CONFIG, &buf, &len) == 0)
				r = ld_grubvars_eval(&v, buf, len);
			else {
				if (!v.approx && !unread) {
					snprintf(unread_path, sizeof(unread_path), "%s", path);
					unread = unread_path;
				}
				v.approx = true;
			}
			free(buf);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (r < 0) {
		ld_grubvars_clear(&v);
		return r;
	}
	*ret = ld_grubvars_cmdline(&v);
	*approx = ld_grubvars_cmdline_why(&v) != NULL;
	if (*approx && p && !p->approx_why) {
		if (unread)
			set_str(&p->approx_why, "%s cannot be read (GRUB would source it)", unread);
		else
			set_str(&p->approx_why, "%s", ld_grubvars_cmdline_why(&v));
	}
	ld_grubvars_clear(&v);
	return *ret ? 0 : -ENOMEM;
}

/* Does a command line have an lsm= word (quotes taken as the kernel takes them)? */
static bool has_lsm(const char *line)
{
	return line && ld_bootcmd_has_word(line, strlen(line), "lsm");
}

static int grub_commands(const struct ld_root *root, struct ld_boot_plan *p)
{
	if (exists(root, "/usr/sbin/update-grub"))
		return add_command(p, "update-grub", NULL);
	if (exists(root, "/usr/sbin/grub2-mkconfig"))
		return add_command(p, "grub2-mkconfig", "-o", "/boot/grub2/grub.cfg", NULL);
	return add_command(p, "grub-mkconfig", "-o", "/boot/grub/grub.cfg", NULL);
}

/* ---- GRUB with grub.d: a drop-in of our own, sourced last ---------------- */

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

static int plan_grub_dropin(const struct ld_root *root, enum ld_level level,
			    const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *grub = NULL, *old = NULL, *new = NULL, *lsm = NULL, *admin = NULL, *before = NULL,
	     *after = NULL;
	size_t grub_len = 0, old_len = 0;
	bool approx = false, a2 = false;
	unsigned flags = 0;
	int r;

	/* a linked drop-in directory is refused; the directory itself is, of course, no file */
	r = ld_atomic_check(root, "/etc/default/grub.d", NULL) == -ELOOP
		    ? check_editable(root, "/etc/default/grub.d", p)
		    : 0;
	if (r == 0)
		r = read_edit(root, LD_GRUB_DROPIN, p, &old, &old_len);
	if (r == 0 && ld_atomic_check(root, "/etc/default/grub", NULL) == -EINVAL)
		r = check_editable(root, "/etc/default/grub", p);
	if (r == 0 && (r = read_opt(root, "/etc/default/grub", &grub, &grub_len)) < 0)
		set_str(&p->error, "cannot read /etc/default/grub: %s", strerror(-r));
	/* the admin's files alone decide whether an lsm= is needed: the same each time */
	if (r == 0)
		r = grub_cmdline(root, grub, grub_len, true, NULL, 0, NULL, &admin, &approx, NULL);
	if (r == 0 && !has_lsm(admin))
		r = ld_bootcmd_needed_lsm(f, &lsm);
	if (r == 0)
		r = grub_cmdline(root, grub, grub_len, true, old, old_len, lsm, &before, &approx, NULL);
	if (r == 0 && level != LD_LEVEL_NONE) {
		new = grub_dropin(level, lsm);
		if (!new)
			r = -ENOMEM;
	} else if (r == 0 && !old)
		set_str(&p->note, "%s does not exist: nothing of ours to undo", LD_GRUB_DROPIN);
	else if (r == 0) {
		enum ld_level l;
		bool w;

		if (dropin_identify(old, old_len, lsm, &l, &w) < 0) {
			flags = LD_CHANGE_KEEP_EDITED;
			set_str(&p->note, "%s was edited since lockdownctl wrote it: it is kept as %s%s "
					  "(not sourced by grub-mkconfig)",
				LD_GRUB_DROPIN, LD_GRUB_DROPIN, LD_EDITED_SUFFIX);
		}
	}
	if (r == 0)
		r = grub_cmdline(root, grub, grub_len, true, new, new ? strlen(new) : 0, lsm, &after,
				 &a2, p);
	free(grub);
	free(admin);
	free(lsm);
	if (r < 0) {
		free(old);
		free(new);
		free(before);
		free(after);
		return r;
	}
	predict(p, f, before, after, a2); /* what is claimed is the next boot's line */
	r = add_change(p, LD_GRUB_DROPIN, old, old_len, new, new ? strlen(new) : 0, flags);
	if (r == 0 && p->n_changes)
		r = grub_commands(root, p);
	return r;
}

/* ---- GRUB without grub.d: edit the GRUB_CMDLINE_LINUX* assignments in place ---- */

/* The first NAME= assignment at a line start from `from`: its value [*vs, *ve) inside its quotes. */
static bool grub_find_from(const char *buf, size_t len, const char *name, size_t from, size_t *vs,
			   size_t *ve, char *q)
{
	size_t nl = strlen(name);

	for (size_t i = from; i < len;) {
		size_t j = i;

		/* only at a line start */
		if (i > 0 && buf[i - 1] != '\n') {
			while (i < len && buf[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
			j++;
		/* the first byte before memcmp: most lines are neither (one call fewer a line) */
		if (len - j > 7 && buf[j] == 'e' && memcmp(buf + j, "export", 6) == 0 &&
		    (buf[j + 6] == ' ' || buf[j + 6] == '\t')) {
			j += 6;
			while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
				j++;
		}
		if (len - j > nl && buf[j] == name[0] && memcmp(buf + j, name, nl) == 0 && buf[j + nl] == '=') {
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
				while (end < len && buf[end] != ' ' && buf[end] != '\t' && buf[end] != '\r' &&
				       buf[end] != '\n' && buf[end] != ';' && buf[end] != '#')
					end++;
				*vs = k;
				*ve = end;
			}
			*q = quote;
			return true;
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return false;
}

/* The last NAME= assignment. */
static bool grub_find(const char *buf, size_t len, const char *name, size_t *vs, size_t *ve, char *q)
{
	size_t from = 0, a, b;
	char qq;
	bool found = false;

	while (grub_find_from(buf, len, name, from, &a, &b, &qq)) {
		*vs = a;
		*ve = b;
		*q = qq;
		found = true;
		from = b;
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

/*
 * Edit every assignment of one variable: lockdown= out (and, enabling,
 * lockdown into each lsm= lacking it); the last GRUB_CMDLINE_LINUX also
 * gets lockdown=LEVEL (an assignment is added when there is none).
 */
static int grub_edit_var(char **buf, size_t *len, const char *name, enum ld_level level,
			 const char *add_lsm)
{
	bool linux_var = strcmp(name, "GRUB_CMDLINE_LINUX") == 0;
	size_t vs, ve, vlen, n, count = 0, from = 0, copied;
	char q, *val = NULL, *s;
	FILE *f;
	int r;

	while (grub_find_from(*buf, *len, name, from, &vs, &ve, &q)) {
		count++;
		from = ve;
	}
	if (!count) {
		if (level == LD_LEVEL_NONE || !linux_var)
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
	/* one pass: each assignment's value replaced, everything between copied as it is */
	f = open_memstream(&s, &n);
	if (!f)
		return -ENOMEM;
	r = 0;
	from = copied = 0;
	for (size_t k = 0; r == 0 && k < count; k++) {
		bool quote_it;

		if (!grub_find_from(*buf, *len, name, from, &vs, &ve, &q)) {
			r = -EBADMSG;
			break;
		}
		from = ve;
		if (level == LD_LEVEL_NONE)
			r = ld_bootcmd_strip(*buf + vs, ve - vs, &val, &vlen);
		else if (linux_var && k == count - 1)
			r = ld_bootcmd_enable(*buf + vs, ve - vs, level, add_lsm, &val, &vlen);
		else
			r = ld_bootcmd_enable(*buf + vs, ve - vs, LD_LEVEL_NONE, NULL, &val, &vlen);
		if (r < 0)
			break;
		quote_it = !q && (memchr(val, ' ', vlen) || memchr(val, '\t', vlen));
		fwrite(*buf + copied, 1, vs - copied, f);
		if (quote_it)
			fputc('"', f);
		fwrite(val, 1, vlen, f);
		if (quote_it)
			fputc('"', f);
		copied = ve;
		free(val);
		val = NULL;
	}
	fwrite(*buf + copied, 1, *len - copied, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(s);
		return r;
	}
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
	r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX_DEFAULT", level, NULL);
	if (r == 0)
		r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX", level, add_lsm);
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

/* What enable makes of one state of a file we edit in place (the add_lsm decision included). */
typedef int (*edit_fn)(const struct ld_root *root, const struct ld_lsm_facts *f, const char *in,
		       size_t len, enum ld_level level, char **ret, size_t *ret_len);

static int grub_file_enable(const struct ld_root *root, const struct ld_lsm_facts *f, const char *in,
			    size_t len, enum ld_level level, char **ret, size_t *ret_len)
{
	char *line = NULL, *lsm = NULL;
	bool approx;
	int r = grub_cmdline(root, in, len, false, NULL, 0, NULL, &line, &approx, NULL);

	if (r == 0 && !has_lsm(line) && level != LD_LEVEL_NONE)
		r = ld_bootcmd_needed_lsm(f, &lsm);
	if (r == 0)
		r = ld_grub_edit_file(in, len, level, lsm, ret, ret_len);
	free(line);
	free(lsm);
	return r;
}

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

/*
 * Is cur what a sequence of enables (integrity, confidentiality, either
 * again, up to four) made of orig? Then undoing gives orig back, byte for
 * byte. Anything else was edited by someone else since: only lockdown=
 * comes out, and their edit stays.
 */
static bool made_from(const struct ld_root *root, const struct ld_lsm_facts *f, edit_fn fn,
		      const char *orig, size_t orig_len, const char *cur, size_t cur_len, int depth)
{
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= LD_LEVEL_CONFIDENTIALITY; l++) {
		char *made = NULL;
		size_t made_len;
		bool hit;

		if (fn(root, f, orig, orig_len, l, &made, &made_len) < 0)
			continue;
		hit = (made_len == cur_len && memcmp(made, cur, cur_len) == 0) ||
		      (depth > 1 && !(made_len == orig_len && memcmp(made, orig, orig_len) == 0) &&
		       made_from(root, f, fn, made, made_len, cur, cur_len, depth - 1));
		free(made);
		if (hit)
			return true;
	}
	return false;
}

/* disable on a file we edit in place. *ret NULL (with *flags) when the file is to go. */
static int plan_undo(const struct ld_root *root, const char *path, const char *cur, size_t cur_len,
		     edit_fn fn, const struct ld_lsm_facts *f, const char *base, size_t base_len,
		     struct ld_boot_plan *p, char **ret, size_t *ret_len, unsigned *flags)
{
	char bpath[512], *bak = NULL;
	bool made = ld_made(root, path, false);
	size_t bak_len = 0;
	int r;

	snprintf(bpath, sizeof(bpath), "%s" LD_BACKUP_SUFFIX, path);
	r = read_opt(root, bpath, &bak, &bak_len);
	if (r < 0) {
		set_str(&p->error, "cannot read %s: %s", bpath, strerror(-r));
		return r;
	}
	if (bak && made_from(root, f, fn, bak, bak_len, cur, cur_len, 4)) {
		*ret = bak;
		*ret_len = bak_len;
		*flags = LD_CHANGE_RESTORE;
		return 0;
	}
	if (!bak && made && base && made_from(root, f, fn, base, base_len, cur, cur_len, 4)) {
		/* lockdownctl made this file: it goes, as it was before */
		*ret = NULL;
		*ret_len = 0;
		*flags = 0;
		return 0;
	}
	if (!bak && !made) {
		/* lockdownctl never wrote it: whatever lockdown= it has is the admin's own */
		*ret = malloc(cur_len + 1);
		if (!*ret)
			return -ENOMEM;
		memcpy(*ret, cur, cur_len);
		*ret_len = cur_len;
		*flags = 0;
		if (ld_bootcmd_level(cur, cur_len) != LD_LEVEL_NONE || memmem(cur, cur_len, "lockdown=", 9))
			set_str(&p->note, "%s has no backup from lockdownctl: its lockdown= is the "
					  "configuration's own and stays", path);
		return 0;
	}
	r = fn(root, f, cur, cur_len, LD_LEVEL_NONE, ret, ret_len);
	if (r == 0 && (*ret_len != cur_len || memcmp(*ret, cur, cur_len) != 0))
		set_str(&p->note, "%s changed since lockdownctl wrote it: only the lockdown= words are "
				  "taken out, the rest stays as it is now%s%s",
			path, bak ? "; the original is still in " : "", bak ? bpath : "");
	free(bak);
	*flags = 0;
	return r;
}

static int plan_grub_file(const struct ld_root *root, enum ld_level level,
			  const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *old = NULL, *new = NULL, *before = NULL, *after = NULL;
	size_t old_len = 0, new_len = 0;
	unsigned flags = 0;
	bool a1 = false, a2 = false;
	int r;

	r = read_edit(root, "/etc/default/grub", p, &old, &old_len);
	if (r < 0)
		return r;
	if (!old) {
		set_str(&p->error, "/etc/default/grub does not exist");
		return -ENOENT;
	}
	if (level == LD_LEVEL_NONE)
		r = plan_undo(root, "/etc/default/grub", old, old_len, grub_file_enable, f, NULL, 0, p,
			      &new, &new_len, &flags);
	else
		r = grub_file_enable(root, f, old, old_len, level, &new, &new_len);
	if (r == -EBADMSG)
		set_str(&p->error, "/etc/default/grub: cannot edit its GRUB_CMDLINE_LINUX so that it reads "
				   "back as asked (a quoted value across lines, or quotes inside quotes): "
				   "add lockdown=%s to it by hand",
			level == LD_LEVEL_NONE ? "..." : ld_level_to_string(level));
	if (r == 0)
		r = grub_cmdline(root, old, old_len, false, NULL, 0, NULL, &before, &a1, NULL);
	if (r == 0 && new)
		r = grub_cmdline(root, new, new_len, false, NULL, 0, NULL, &after, &a2, p);
	else if (r == 0)
		r = grub_cmdline(root, old, old_len, false, NULL, 0, NULL, &after, &a2, p);
	if (r < 0) {
		free(old);
		free(new);
		free(before);
		free(after);
		return r;
	}
	predict(p, f, before, after, a2); /* what is claimed is the next boot's line */
	if (!new) {
		/* nothing to change (disable without anything of ours) */
		new = malloc(old_len + 1);
		if (!new) {
			free(old);
			return -ENOMEM;
		}
		memcpy(new, old, old_len);
		new_len = old_len;
	}
	r = add_change(p, "/etc/default/grub", old, old_len, new, new_len, flags);
	if (r == 0 && p->n_changes)
		r = grub_commands(root, p);
	return r;
}

/* ---- kernel-install: /etc/kernel/cmdline ------------------------------------ */

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

static int kernel_install_commands(const struct ld_root *root, const char *release,
				   struct ld_boot_plan *p)
{
	char image[600];

	/* Proxmox's systemd-boot: proxmox-boot-tool copies kernels and command line to the ESPs */
	if (exists(root, "/usr/sbin/proxmox-boot-tool"))
		return add_command(p, "proxmox-boot-tool", "refresh", NULL);
	if (!release)
		return add_command(p, "kernel-install", "add", "$(uname -r)", "/boot/vmlinuz-$(uname -r)",
				   NULL);
	snprintf(image, sizeof(image), "/boot/vmlinuz-%s", release);
	return add_command(p, "kernel-install", "add", release, image, NULL);
}

static int plan_kernel_install(const struct ld_root *root, const char *release,
			       enum ld_level level, const struct ld_lsm_facts *f,
			       struct ld_boot_plan *p)
{
	char *old = NULL, *base = NULL, *new = NULL;
	size_t old_len = 0, base_len = 0, new_len = 0;
	unsigned flags = 0;
	int r;

	r = read_edit(root, "/etc/kernel/cmdline", p, &old, &old_len);
	if (r < 0)
		return r;
	if (proc_cmdline_base(root, &base, &base_len) < 0)
		base = NULL;
	if (!old && !base && level != LD_LEVEL_NONE) {
		set_str(&p->error, "neither /etc/kernel/cmdline nor /proc/cmdline can be read");
		return -ENOENT;
	}
	if (level == LD_LEVEL_NONE && old)
		r = plan_undo(root, "/etc/kernel/cmdline", old, old_len, cmdline_enable, f, base,
			      base_len, p, &new, &new_len, &flags);
	else if (level == LD_LEVEL_NONE)
		set_str(&p->note, "/etc/kernel/cmdline does not exist: nothing of ours to undo");
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
			set_str(&p->note, "/etc/kernel/cmdline stays, without lockdown=: without it "
					  "kernel-install would copy the running command line, which carries "
					  "lockdown= from the boot lockdownctl set up");
	}
	if (r < 0) {
		free(old);
		free(base);
		free(new);
		return r;
	}
	predict(p, f, old ? collapse(old, old_len) : base ? collapse(base, base_len) : NULL,
		new ? collapse(new, new_len) : base ? collapse(base, base_len) : NULL, false);
	free(base);
	if (level == LD_LEVEL_NONE && old && !new && flags == 0 && p->note == NULL)
		; /* the file lockdownctl made goes */
	else if (level == LD_LEVEL_NONE && old && !new) {
		new = malloc(old_len + 1);
		if (!new) {
			free(old);
			return -ENOMEM;
		}
		memcpy(new, old, old_len);
		new_len = old_len;
	}
	r = add_change(p, "/etc/kernel/cmdline", old, old_len, new, new_len, flags);
	if (r == 0 && p->n_changes)
		r = kernel_install_commands(root, release, p);
	return r;
}

/* ---- grubby: it edits the entries; we only say what to ask of it ------------- */

/* An lsm= value as grubby must be given it: the quotes the kernel strips, put back only where blanks need them. */
static char *lsm_value(const char *w, size_t len)
{
	char *v = malloc(len + 3), *o = v;

	if (!v)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (w[i] != '"')
			*o++ = w[i];
	*o = '\0';
	if (strpbrk(v, " \t")) {
		memmove(v + 1, v, (size_t)(o - v) + 1);
		v[0] = '"';
		strcat(v, "\"");
	}
	return v;
}

static int plan_grubby(const struct ld_root *root, const char *grubby, enum ld_level level,
		       const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *cmdline = NULL, *lsm = NULL, *base = NULL, *after = NULL, arg[600];
	size_t len = 0, base_len = 0, after_len = 0;
	int r;

	r = add_command(p, grubby, "--update-kernel=ALL", "--remove-args=lockdown", NULL);
	if (proc_cmdline_base(root, &base, &base_len) < 0)
		base = NULL;
	if (r < 0 || level == LD_LEVEL_NONE) {
		if (r == 0 && base && ld_bootcmd_strip(base, base_len, &after, &after_len) == 0)
			predict(p, f, collapse(base, base_len), collapse(after, after_len), false);
		free(after);
		free(base);
		return r;
	}
	/* the entries follow the running command line; keep its lsm= with lockdown in it */
	if (ld_root_read_file(root, "/proc/cmdline", 65536, &cmdline, &len) == 0 &&
	    ld_bootcmd_has_word(cmdline, len, "lsm")) {
		char *edited = NULL;
		size_t n, pos = 0, ws, we;

		if (ld_bootcmd_enable(cmdline, len, level, NULL, &edited, &n) == 0) {
			while (ld_bootcmd_next_word(edited, n, &pos, &ws, &we))
				if (we - ws >= 4 && strncmp(edited + ws, "lsm=", 4) == 0) {
					free(lsm);
					lsm = lsm_value(edited + ws + 4, we - ws - 4);
				}
			free(edited);
		}
	} else
		r = ld_bootcmd_needed_lsm(f, &lsm);
	free(cmdline);
	snprintf(arg, sizeof(arg), "--args=lockdown=%s", ld_level_to_string(level));
	if (r == 0)
		r = add_command(p, grubby, "--update-kernel=ALL", arg, NULL);
	/* grubby replaces the value of an argument it is given again */
	if (r == 0 && lsm) {
		snprintf(arg, sizeof(arg), "--args=lsm=%s", lsm);
		r = add_command(p, grubby, "--update-kernel=ALL", arg, NULL);
	}
	if (r == 0 && base) {
		/* what the entries will hold: lockdown= replaced, lsm= replaced */
		char *stripped = NULL, *o = NULL;
		size_t sl = 0, ol = 0;

		if (ld_bootcmd_strip(base, base_len, &stripped, &sl) == 0) {
			size_t cap = sl + 64 + (lsm ? strlen(lsm) : 0), pos = 0, ws, we;

			o = calloc(1, cap);
			while (o && ld_bootcmd_next_word(stripped, sl, &pos, &ws, &we)) {
				if (lsm && we - ws >= 4 && strncmp(stripped + ws, "lsm=", 4) == 0)
					continue;
				if (*o)
					strcat(o, " ");
				strncat(o, stripped + ws, we - ws);
			}
			if (o) {
				strcat(o, *o ? " lockdown=" : "lockdown=");
				strcat(o, ld_level_to_string(level));
				if (lsm) {
					strcat(o, " lsm=");
					strcat(o, lsm);
				}
				ol = strlen(o);
				predict(p, f, collapse(base, base_len), collapse(o, ol), false);
			}
		}
		free(stripped);
		free(o);
	}
	free(base);
	free(lsm);
	return r;
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
	if (r == 0)
		r = plan_sides(root, &p);
	if (r < 0 && !p.error)
		set_str(&p.error, "%s", strerror(-r));
	*ret = p;
	return r;
}

int ld_boot_apply(const struct ld_root *root, const struct ld_boot_plan *p, size_t *ret_failed)
{
	for (size_t i = 0; i < p->n_changes; i++) {
		const struct ld_boot_change *c = &p->changes[i];
		int r = c->new ? ld_atomic_replace(root, c->path, c->new, c->new_len, 0644)
			       : ld_atomic_remove(root, c->path, c->flags & LD_CHANGE_KEEP_EDITED);

		if (r == 0 && c->new && (c->flags & LD_CHANGE_RESTORE))
			r = ld_atomic_forget(root, c->path);
		if (r < 0) {
			*ret_failed = i;
			return r;
		}
	}
	return 0;
}
