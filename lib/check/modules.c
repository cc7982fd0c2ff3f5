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
#include <strings.h>
#include <unistd.h>

#include "detectors.h"
#include "check/checkparse.h"
#include "check/modsig.h"
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
	/* the kernel's asymmetric keys (/proc/keys), read at the first signed out-of-tree module */
	bool keys_read;
	int keys_err;
	char **key_names, **key_skids;
	size_t n_keys;
	struct mok_list mok; /* read at the first untrusted signer */
};

#define SYMPTOM_UNTRUSTED                                                                \
	"modprobe: ERROR: could not insert the module: Operation not permitted (the " \
	"kernel cannot verify the signature: \"module verification failed\" today, refused under lockdown)"
#define REMEDY_TRUST                                                                        \
	"enroll the signing key as a MOK (mokutil --import /var/lib/dkms/mok.pub, then confirm " \
	"at the next boot) or sign with a key the kernel already trusts"

static int add_key(const char *name, size_t name_len, const char *skid, size_t skid_len, void *userdata)
{
	struct modules *m = userdata;
	char **n = realloc(m->key_names, (m->n_keys + 1) * sizeof(*n)), **k;

	if (!n)
		return -ENOMEM;
	m->key_names = n;
	k = realloc(m->key_skids, (m->n_keys + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	m->key_skids = k;
	n[m->n_keys] = strndup(name, name_len);
	k[m->n_keys] = strndup(skid, skid_len);
	if (!n[m->n_keys] || !k[m->n_keys]) {
		free(n[m->n_keys]);
		free(k[m->n_keys]);
		return -ENOMEM;
	}
	m->n_keys++;
	return 0;
}

static int read_keys(struct check_state *st, struct modules *m)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	m->keys_read = true;
	r = ld_root_read_file(st->ctx->root, "/proc/keys", 16u << 20, &buf, &len);
	if (r == 0)
		r = ld_proc_keys_asymmetric(buf, len, add_key, m);
	free(buf);
	if (r == -ENOMEM)
		return r;
	m->keys_err = r;
	return r < 0 ? ld_check_unseen(st->ctx, D,
				       "/proc/keys (the keys the kernel trusts: who signed an out-of-tree "
				       "module is not judged)", r)
		     : 0;
}

/* Does the kernel hold the key that signed it? By key id, else by the issuer's name (/proc/keys shows no serials). */
static bool trusted(const struct modules *m, const struct ld_module_signer *sg)
{
	for (size_t i = 0; i < m->n_keys; i++)
		if ((sg->keyid && strcasecmp(sg->keyid, m->key_skids[i]) == 0) ||
		    (sg->name && strcmp(sg->name, m->key_names[i]) == 0))
			return true;
	return false;
}

/* A signed out-of-tree module: a blocker when no key of the kernel's can verify it. */
static int check_signer(struct check_state *st, struct modules *m, const char *path, const char *rel,
			const void *sig, size_t sig_len)
{
	struct ld_module_signer sg;
	const char *mok;
	char *id, *ev;
	int r;

	if (!m->keys_read && (r = read_keys(st, m)) < 0)
		return r;
	if (m->keys_err < 0)
		return 0;
	r = ld_module_signer_parse(sig, sig_len, &sg);
	if (r < 0) {
		return r == -ENOMEM ? r
				    : ld_check_unseenf(st->ctx, D, r,
						       "%s (its signature cannot be read: who signed it is not judged)",
						       path);
	}
	if (trusted(m, &sg)) {
		ld_module_signer_clear(&sg);
		return 0;
	}
	id = ld_strprintf("modules.untrusted-installed:%s", rel);
	mok = ld_mok_enrolled(st, &m->mok, &sg) ? "; that key is enrolled in MOK (MokListRT), yet the kernel did not load it" : "";
	if (sg.keyid)
		ev = ld_strprintf("%s: signed with key id %s, which no key of the kernel's has (/proc/keys: %zu "
			       "asymmetric keys)%s%s", path, sg.keyid, m->n_keys, mok,
			       m->sig_enforce ? "; already refused today because sig_enforce=Y" : "");
	else
		ev = ld_strprintf("%s: signed by \"%s\" (serial %s), a name no key of the kernel's has "
			       "(/proc/keys: %zu asymmetric keys)%s%s", path, sg.name, sg.serial, m->n_keys, mok,
			       m->sig_enforce ? "; already refused today because sig_enforce=Y" : "");
	ld_module_signer_clear(&sg);
	return ld_add_owned(st->ctx, D, id, R, m->sig_enforce ? LD_SEVERITY_WARNING : LD_SEVERITY_BLOCKER, ev,
			 SYMPTOM_UNTRUSTED, REMEDY_TRUST);
}

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
	char *path = ld_strprintf("%s/%s", base, rel), *id = NULL, *ev = NULL;
	bool tree = in_tree(m, rel);
	void *sig = NULL;
	size_t sig_len = 0;
	int r, err = 0;

	if (!path)
		return -ENOMEM;
	/* in-tree and compressed: trust the kernel build's signing */
	if (tree && strstr(rel, ".ko.")) {
		free(path);
		return 0;
	}
	m->scanned++;
	if (tree)
		r = ld_module_file_signed(st->ctx->root, path);
	else
		r = ld_module_file_signature(st->ctx->root, path, &sig, &sig_len);
	if (r == 1 && sig)
		err = check_signer(st, m, path, rel, sig, sig_len);
	else if (r < 0) {
		err = ld_check_unseen(st->ctx, D, path, r);
	} else if (r == 0) {
		id = ld_strprintf("modules.unsigned-installed:%s", rel);
		ev = ld_strprintf("%s: no appended signature (%s)%s", path,
			       tree ? "in-tree" : "out-of-tree, e.g. DKMS",
			       m->sig_enforce ? "; already refused today because sig_enforce=Y"
					      : "");
		err = id && ev ? ld_check_add(st->ctx, D, id, R,
					      tree || m->sig_enforce ? LD_SEVERITY_WARNING
								     : LD_SEVERITY_BLOCKER,
					      ev, SYMPTOM_LOAD, REMEDY_SIGN)
			       : -ENOMEM;
	}
	free(sig);
	free(id);
	free(ev);
	free(path);
	return err;
}

/* Walk base/rel recursively (depth-limited), checking every module file. */
static int walk(struct check_state *st, struct modules *m, const char *base, const char *rel,
		int depth)
{
	char *dirpath = ld_strprintf("%s%s%s", base, *rel ? "/" : "", rel);
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
		child = ld_strprintf("%s%s%s", rel, *rel ? "/" : "", de->d_name);
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
	id = ld_strprintf("modules.unsigned-loaded:%s", name);
	ev = ld_strprintf("module %s is loaded without a valid signature (taint flags %s)%s", name,
		       taints,
		       m->sig_enforce ? "" : "; it will not load again once lockdown is on");
	err = ld_add_owned(st->ctx, D, id, R, LD_SEVERITY_BLOCKER, ev, SYMPTOM_LOAD, REMEDY_SIGN);
	return err;
}

int ld_detect_modules(struct check_state *st)
{
	struct modules m = { 0 };
	char *base, *order, *v;
	int err, verr;

	v = ld_read_value(st, "/sys/module/module/parameters/sig_enforce", &verr);
	m.sig_enforce = v && v[0] == 'Y';
	free(v);

	err = ld_for_each_line(st, "/proc/modules", check_loaded_line, &m);
	if (err == -ENOMEM)
		return err;
	if (err < 0)
		ld_check_unseen(st->ctx, D, "/proc/modules", err);
	v = ld_read_value(st, "/proc/sys/kernel/tainted", &verr);
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
	base = ld_strprintf("/lib/modules/%s", st->ctx->release);
	order = base ? ld_strprintf("%s/modules.order", base) : NULL;
	if (!order) {
		free(base);
		return -ENOMEM;
	}
	err = ld_for_each_line(st, order, add_order_line, &m);
	if (err == 0 && m.in_tree)
		qsort(m.in_tree, m.n_in_tree, sizeof(*m.in_tree), cmp_str);
	err = walk(st, &m, base, "", 0);
	if (err < 0 && err != -ENOMEM)
		err = ld_check_unseen(st->ctx, D, base, err);
	for (size_t i = 0; i < m.n_in_tree; i++)
		free(m.in_tree[i]);
	free(m.in_tree);
	for (size_t i = 0; i < m.n_keys; i++) {
		free(m.key_names[i]);
		free(m.key_skids[i]);
	}
	free(m.key_names);
	free(m.key_skids);
	ld_mok_list_clear(&m.mok);
	free(order);
	free(base);
	return err;
}
