// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector: software known to need what lockdown forbids (the knowledge
 * base, data/software.json), found from dpkg's status, the program's files
 * and the systemd units enabled to run it. A unit enabled to start at boot
 * is a blocker (the service fails at its next start); a program that is
 * installed but run by hand is a warning naming the command that fails.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detectors.h"
#include "check/dpkg.h"
#include "lockdown/root.h"
#include "check/rpmdb.h"
#include "check/software.h"

#define D "software"
#define UNIT_DIR "/etc/systemd/system"

struct installed {
	const struct ld_software_kb *kb;
	const char **by; /* per entry: the package database that lists it ("dpkg", "rpm"), or NULL */
	const char *db;  /* the one being read */
};

static int on_package(const char *name, size_t len, void *userdata)
{
	struct installed *in = userdata;

	for (size_t i = 0; i < in->kb->n; i++) {
		const char *p = in->kb->v[i].package;

		if (p && strlen(p) == len && memcmp(p, name, len) == 0 && !in->by[i])
			in->by[i] = in->db;
	}
	return 0;
}

/* Which entries dpkg lists as installed; a root without dpkg has none (not an error). */
static int read_dpkg(struct check_state *st, struct installed *in)
{
	char *buf = NULL;
	size_t len = 0;
	int r = ld_root_read_file(st->ctx->root, LD_DPKG_STATUS, 256u << 20, &buf, &len);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return ld_check_unseen(st->ctx, D, LD_DPKG_STATUS " (installed packages)", r);
	in->db = "dpkg";
	r = ld_dpkg_installed(buf, len, on_package, in);
	free(buf);
	return r;
}

/*
 * Which entries rpm's SQLite database lists (Fedora, RHEL 9): the first of its
 * two paths that exists; none is not an error. The KB's names are Debian's,
 * which rpm shares for most of these tools (flashrom, kexec-tools, pciutils).
 */
static int read_rpm(struct check_state *st, struct installed *in)
{
	static const char *const paths[] = { LD_RPMDB_SYSIMAGE, LD_RPMDB_VARLIB };
	char *buf = NULL;
	size_t len = 0;
	int r = -ENOENT;

	for (size_t i = 0; i < 2 && r == -ENOENT; i++) {
		r = ld_root_read_file(st->ctx->root, paths[i], 512u << 20, &buf, &len);
		if (r == -ENOENT)
			continue;
		if (r < 0) {
			return ld_check_unseenf(st->ctx, D, r, "%s (installed rpm packages)", paths[i]);
		}
		in->db = "rpm";
		r = ld_rpmdb_installed(buf, len, on_package, in);
		free(buf);
		if (r == -EINVAL)
			r = ld_check_unseenf(st->ctx, D, r, "%s (not an rpm SQLite database)", paths[i]);
		return r;
	}
	/* the older formats: said, not read (the programs' own files still find them) */
	static const char *const other[] = { "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db",
					     "/usr/lib/sysimage/rpm/Packages.db" };
	for (size_t i = 0; i < 3; i++)
		if (ld_root_access(st->ctx->root, other[i]) == 0)
			return ld_check_unseenf(st->ctx, D, -EOPNOTSUPP,
						"%s (rpm's Berkeley DB or ndb format is not read: installed "
						"software is found by its files only)",
						other[i]);
	return 0;
}

/* The first of a unit's enabling links (UNIT_DIR/X.wants/UNIT or X.requires/UNIT), or NULL. */
static char *enabled_link(struct check_state *st, const char *unit)
{
	int fd = ld_root_openat(st->ctx->root, UNIT_DIR, O_RDONLY | O_DIRECTORY);
	char *found = NULL;
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return NULL;
	}
	while (!found && (de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *p;

		if (!(n > 6 && strcmp(de->d_name + n - 6, ".wants") == 0) &&
		    !(n > 9 && strcmp(de->d_name + n - 9, ".requires") == 0))
			continue;
		p = ld_strprintf(UNIT_DIR "/%s/%s", de->d_name, unit);
		if (p && ld_root_access(st->ctx->root, p) == 0)
			found = p;
		else
			free(p);
	}
	closedir(d);
	return found;
}

/* The directories of a root's PATH for root (the usual ones: the root's own environment is not known). */
static const char *const bindirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

/* Where it is installed: a path the base lists, else its name in a PATH directory. NULL: nowhere. */
static char *first_binary(struct check_state *st, const struct ld_software *s)
{
	for (size_t i = 0; i < s->n_binaries; i++)
		if (ld_root_access(st->ctx->root, s->binaries[i]) == 0)
			return strdup(s->binaries[i]);
	for (size_t i = 0; i < s->n_binaries; i++)
		for (size_t d = 0; d < sizeof(bindirs) / sizeof(bindirs[0]); d++) {
			char *p = ld_strprintf("%s%s", bindirs[d], strrchr(s->binaries[i], '/'));

			if (!p || ld_root_access(st->ctx->root, p) == 0)
				return p;
			free(p);
		}
	return NULL;
}

static int report(struct check_state *st, const struct ld_software *s, const char *by)
{
	const char *base, *reason, *symptom, *remedy;
	char *bin = first_binary(st, s), *link = NULL, *id, *ev, *sym;
	bool at_boot;

	if (!bin && !by)
		return 0; /* (or out of memory: then nothing is claimed either) */
	base = s->package ? s->package : strrchr(s->binaries[0], '/') + 1;
	for (size_t i = 0; i < s->n_units && !link; i++)
		link = enabled_link(st, s->units[i]);
	if (link) {
		id = ld_strprintf(D ".unit:%s", strrchr(link, '/') + 1);
		ev = ld_strprintf("%s is enabled (%s), and at its next start %s", strrchr(link, '/') + 1,
			       link, s->operation);
	} else {
		const char *note = s->verified ? "" : " (inferred from the kernel source; no user report yet)";

		id = ld_strprintf(D ".installed:%s", base);
		if (by && bin)
			ev = ld_strprintf("package %s is installed (%s), %s: %s%s", s->package, by, bin,
				       s->operation, note);
		else if (by)
			ev = ld_strprintf("package %s is installed (%s): %s%s", s->package, by,
				       s->operation, note);
		else
			ev = ld_strprintf("%s is installed: %s%s", bin, s->operation, note);
	}
	at_boot = link != NULL;
	sym = ld_strprintf("`%s` fails: %s", s->command, s->error);
	reason = ld_check_keep(st->ctx, s->reason);
	symptom = sym ? ld_check_keep(st->ctx, sym) : NULL;
	remedy = ld_check_keep(st->ctx, s->advice);
	free(sym);
	free(link);
	free(bin);
	if (!reason || !symptom || !remedy) {
		free(id);
		free(ev);
		return -ENOMEM;
	}
	return ld_add_owned(st->ctx, D, id, reason, at_boot ? LD_SEVERITY_BLOCKER : LD_SEVERITY_WARNING,
			 ev, symptom, remedy);
}

int ld_detect_software(struct check_state *st)
{
	struct ld_software_kb kb = { 0 };
	struct installed in = { &kb, NULL, NULL };
	char *error = NULL;
	int r = ld_software_kb_builtin(&kb, &error);

	if (r < 0) {
		r = r == -ENOMEM ? r
				 : ld_check_unseenf(st->ctx, D, r, "the built-in knowledge base: %s",
						    error ? error : "?");
		free(error);
		return r;
	}
	in.by = calloc(kb.n ? kb.n : 1, sizeof(*in.by));
	r = in.by ? read_dpkg(st, &in) : -ENOMEM;
	if (r >= 0)
		r = read_rpm(st, &in);
	for (size_t i = 0; r >= 0 && i < kb.n; i++)
		r = report(st, &kb.v[i], in.by[i]);
	free(in.by);
	ld_software_kb_clear(&kb);
	return r;
}
