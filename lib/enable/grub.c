// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * GRUB as grub-mkconfig reads it: the command line /etc/default/grub and
 * its grub.d drop-ins build, and the plan for a drop-in of our own.
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
#include "grubeval.h"

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
int ld_grub_cmdline(const struct ld_root *root, const char *grub, size_t grub_len,
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
			    ld_root_read_file(root, path, LD_PLAN_MAX_CONFIG, &buf, &len) == 0)
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
			ld_plan_set_str(&p->approx_why, "%s cannot be read (GRUB would source it)", unread);
		else
			ld_plan_set_str(&p->approx_why, "%s", ld_grubvars_cmdline_why(&v));
	}
	ld_grubvars_clear(&v);
	return *ret ? 0 : -ENOMEM;
}

/* Does a command line have an lsm= word (quotes taken as the kernel takes them)? */
bool ld_grub_has_lsm(const char *line)
{
	return line && ld_bootcmd_has_word(line, strlen(line), "lsm");
}

int ld_grub_commands(const struct ld_root *root, struct ld_boot_plan *p)
{
	if (ld_plan_exists(root, "/usr/sbin/update-grub"))
		return ld_plan_add_command(p, "update-grub", NULL);
	if (ld_plan_exists(root, "/usr/sbin/grub2-mkconfig"))
		return ld_plan_add_command(p, "grub2-mkconfig", "-o", "/boot/grub2/grub.cfg", NULL);
	return ld_plan_add_command(p, "grub-mkconfig", "-o", "/boot/grub/grub.cfg", NULL);
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

int ld_plan_grub_dropin(const struct ld_root *root, enum ld_level level,
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
		    ? ld_plan_check_editable(root, "/etc/default/grub.d", p)
		    : 0;
	if (r == 0)
		r = ld_plan_read_edit(root, LD_GRUB_DROPIN, p, &old, &old_len);
	if (r == 0 && ld_atomic_check(root, "/etc/default/grub", NULL) == -EINVAL)
		r = ld_plan_check_editable(root, "/etc/default/grub", p);
	if (r == 0 && (r = ld_plan_read_opt(root, "/etc/default/grub", &grub, &grub_len)) < 0)
		ld_plan_set_str(&p->error, "cannot read /etc/default/grub: %s", strerror(-r));
	/* the admin's files alone decide whether an lsm= is needed: the same each time */
	if (r == 0)
		r = ld_grub_cmdline(root, grub, grub_len, true, NULL, 0, NULL, &admin, &approx, NULL);
	if (r == 0 && !ld_grub_has_lsm(admin))
		r = ld_bootcmd_needed_lsm(f, &lsm);
	if (r == 0)
		r = ld_grub_cmdline(root, grub, grub_len, true, old, old_len, lsm, &before, &approx, NULL);
	if (r == 0 && level != LD_LEVEL_NONE) {
		new = grub_dropin(level, lsm);
		if (!new)
			r = -ENOMEM;
	} else if (r == 0 && !old)
		ld_plan_set_str(&p->note, "%s does not exist: nothing of ours to undo", LD_GRUB_DROPIN);
	else if (r == 0) {
		enum ld_level l;
		bool w;

		if (dropin_identify(old, old_len, lsm, &l, &w) < 0) {
			flags = LD_CHANGE_KEEP_EDITED;
			ld_plan_set_str(&p->note, "%s was edited since lockdownctl wrote it: it is kept as %s%s "
					  "(not sourced by grub-mkconfig)",
				LD_GRUB_DROPIN, LD_GRUB_DROPIN, LD_EDITED_SUFFIX);
		}
	}
	if (r == 0)
		r = ld_grub_cmdline(root, grub, grub_len, true, new, new ? strlen(new) : 0, lsm, &after,
				 &a2, p);
	free(grub);
	free(admin);
	free(lsm);
	return ld_grub_plan_finish(root, p, f, r, LD_GRUB_DROPIN, old, old_len, new,
				   new ? strlen(new) : 0, before, after, a2, flags);
}

int ld_grub_plan_finish(const struct ld_root *root, struct ld_boot_plan *p,
			const struct ld_lsm_facts *f, int r, const char *path, char *old,
			size_t old_len, char *new, size_t new_len, char *before, char *after,
			bool approx, unsigned flags)
{
	if (r < 0) {
		free(old);
		free(new);
		free(before);
		free(after);
		return r;
	}
	ld_plan_predict(p, f, before, after, approx); /* what is claimed is the next boot's line */
	r = ld_plan_add_change(p, path, old, old_len, new, new_len, flags);
	if (r == 0 && p->n_changes)
		r = ld_grub_commands(root, p);
	return r;
}
