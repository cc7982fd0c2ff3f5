// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 1: kernel modules that integrity refuses to load. A module loaded
 * unsigned (taint E) loads today but not after the next reboot; an unsigned
 * out-of-tree module installed for this kernel (DKMS: NVIDIA, ZFS,
 * VirtualBox, v4l2loopback) fails at its next load.
 *
 * In-tree modules are those listed in modules.order; they are signed by the
 * kernel build, so compressed ones are not decompressed (a full scan of a
 * distribution kernel would cost seconds). Out-of-tree ones are all checked.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detectors.h"
#include "lockdown/checkparse.h"
#include "lockdown/modsig.h"
#include "lockdown/root.h"

#define D	     "modules"
#define R	     "LOCKDOWN_MODULE_SIGNATURE"
#define SYMPTOM_LOAD "modprobe: ERROR: could not insert the module: Operation not permitted"
#define REMEDY_SIGN                                                                        \
	"sign the module with a key enrolled as a MOK (mokutil --import; DKMS signs with " \
	"/var/lib/dkms/mok.key when it exists) or use a signed build from the distribution"

/* /proc/sys/kernel/tainted bits (kernel/panic.c) */
#define TAINT_OOT_MODULE      12
#define TAINT_UNSIGNED_MODULE 13

struct modules {
	char **in_tree; /* sorted relative paths without the compression suffix */
	size_t n_in_tree;
	bool sig_enforce;
	size_t scanned;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_order_line(struct check_state *st, const char *path, size_t lineno, char *line,
			  void *userdata)
{
	struct modules *m = userdata;
	char **more;

	(void)st;
	(void)path;
	(void)lineno;
	if (!*line)
		return 0;
	more = realloc(m->in_tree, (m->n_in_tree + 1) * sizeof(*more));
	if (!more)
		return -ENOMEM;
	m->in_tree = more;
	/* lines read "kernel/fs/ext4/ext4.ko" (older kernels: "kernel/...ko" too) */
	m->in_tree[m->n_in_tree] = strdup(line);
	if (!m->in_tree[m->n_in_tree])
		return -ENOMEM;
	m->n_in_tree++;
	return 0;
}

static bool in_tree(const struct modules *m, const char *rel)
{
	char key[4096], *k = key;
	size_t len = strlen(rel);

	/* compare without .xz/.gz/.zst: modules.order names the .ko */
	snprintf(key, sizeof(key), "%s", rel);
	if (len > 3 && strstr(key, ".ko.")) {
		*strstr(key, ".ko.") = '\0';
		strcat(key, ".ko");
	}
	return m->in_tree && bsearch(&k, m->in_tree, m->n_in_tree, sizeof(*m->in_tree), cmp_str);
}

static bool is_module_name(const char *name)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.gz", ".ko.zst" };
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);

		if (len > s && strcmp(name + len - s, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int check_installed(struct check_state *st, struct modules *m, const char *base,
			   const char *rel)
{
	char *path = strprintf("%s/%s", base, rel), *id = NULL, *ev = NULL;
	bool tree = in_tree(m, rel);
	int r, err = 0;

	if (!path)
		return -ENOMEM;
	/* in-tree and compressed: trust the kernel build's signing */
	if (tree && strstr(rel, ".ko.")) {
		free(path);
		return 0;
	}
	m->scanned++;
	r = ld_module_file_signed(st->ctx->root, path);
	if (r < 0) {
		err = ld_check_unseen(st->ctx, D, path, r);
	} else if (r == 0) {
		id = strprintf("modules.unsigned-installed:%s", rel);
		ev = strprintf("%s: no appended signature (%s)%s", path,
			       tree ? "in-tree" : "out-of-tree, e.g. DKMS",
			       m->sig_enforce ? "; already refused today because sig_enforce=Y"
					      : "");
		err = id && ev ? ld_check_add(st->ctx, D, id, R,
					      tree || m->sig_enforce ? LD_SEVERITY_WARNING
								     : LD_SEVERITY_BLOCKER,
					      ev, SYMPTOM_LOAD, REMEDY_SIGN)
			       : -ENOMEM;
	}
	free(id);
	free(ev);
	free(path);
	return err;
}

/* Walk base/rel recursively (depth-limited), checking every module file. */
static int walk(struct check_state *st, struct modules *m, const char *base, const char *rel,
		int depth)
{
	char *dirpath = strprintf("%s%s%s", base, *rel ? "/" : "", rel);
	struct dirent *de;
	DIR *d;
	int dfd, err = 0;

	if (!dirpath)
		return -ENOMEM;
	dfd = ld_root_openat(st->ctx->root, dirpath, O_RDONLY | O_DIRECTORY);
	free(dirpath);
	if (dfd < 0)
		return depth == 0 ? dfd : 0;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while (err == 0 && (de = readdir(d))) {
		char *child;

		if (de->d_name[0] == '.' || strcmp(de->d_name, "build") == 0 ||
		    strcmp(de->d_name, "source") == 0)
			continue;
		child = strprintf("%s%s%s", rel, *rel ? "/" : "", de->d_name);
		if (!child)
			err = -ENOMEM;
		else if (de->d_type == DT_DIR && depth < 12)
			err = walk(st, m, base, child, depth + 1);
		else if ((de->d_type == DT_REG || de->d_type == DT_UNKNOWN) &&
			 is_module_name(de->d_name))
			err = check_installed(st, m, base, child);
		free(child);
	}
	closedir(d);
	return err;
}

/* "nvidia 56823808 2 nvidia_modeset, Live 0x0000000000000000 (POE)" */
static int check_loaded_line(struct check_state *st, const char *path, size_t lineno, char *line,
			     void *userdata)
{
	struct modules *m = userdata;
	char name[256], taints[32], *id, *ev;
	int err;

	(void)path;
	(void)lineno;
	if (ld_proc_modules_line(line, strlen(line), name, sizeof(name), taints, sizeof(taints)) <
		    0 ||
	    !strchr(taints, 'E'))
		return 0;
	id = strprintf("modules.unsigned-loaded:%s", name);
	ev = strprintf("module %s is loaded without a valid signature (taint flags %s)%s", name,
		       taints,
		       m->sig_enforce ? "" : "; it will not load again once lockdown is on");
	err = add_owned(st->ctx, D, id, R, LD_SEVERITY_BLOCKER, ev, SYMPTOM_LOAD, REMEDY_SIGN);
	return err;
}

int detect_modules(struct check_state *st)
{
	struct modules m = { 0 };
	char *base, *order, *v;
	int err, verr;

	v = read_value(st, "/sys/module/module/parameters/sig_enforce", &verr);
	m.sig_enforce = v && v[0] == 'Y';
	free(v);

	err = for_each_line(st, "/proc/modules", check_loaded_line, &m);
	if (err == -ENOMEM)
		return err;
	if (err < 0)
		ld_check_unseen(st->ctx, D, "/proc/modules", err);
	v = read_value(st, "/proc/sys/kernel/tainted", &verr);
	if (v) {
		unsigned long taint = strtoul(v, NULL, 10);
		char ev[160];

		/* taint E with no E module listed: it was unloaded, but it ran */
		if ((taint >> TAINT_UNSIGNED_MODULE) & 1) {
			bool listed = false;

			for (size_t i = 0; i < st->ctx->report->n; i++)
				listed |= strncmp(st->ctx->report->findings[i].id,
						  "modules.unsigned-loaded:", 24) == 0;
			if (!listed) {
				snprintf(ev, sizeof(ev),
					 "kernel taint %lu has E (unsigned module loaded since "
					 "boot)",
					 taint);
				err = ld_check_add(st->ctx, D, "modules.taint-unsigned", R,
						   LD_SEVERITY_WARNING, ev, SYMPTOM_LOAD,
						   REMEDY_SIGN);
			}
		}
		free(v);
	}

	if (!st->ctx->release)
		return ld_check_unseen(st->ctx, D, "/lib/modules (kernel release unknown)",
				       -ENOENT);
	base = strprintf("/lib/modules/%s", st->ctx->release);
	order = base ? strprintf("%s/modules.order", base) : NULL;
	if (!order) {
		free(base);
		return -ENOMEM;
	}
	err = for_each_line(st, order, add_order_line, &m);
	if (err == 0 && m.in_tree)
		qsort(m.in_tree, m.n_in_tree, sizeof(*m.in_tree), cmp_str);
	err = walk(st, &m, base, "", 0);
	if (err < 0 && err != -ENOMEM)
		err = ld_check_unseen(st->ctx, D, base, err);
	for (size_t i = 0; i < m.n_in_tree; i++)
		free(m.in_tree[i]);
	free(m.in_tree);
	free(order);
	free(base);
	return err;
}
