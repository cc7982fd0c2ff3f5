// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 2: kexec and kdump. Integrity refuses kexec_load(2) outright and
 * kexec_file_load(2) of an image without a valid signature. A crash kernel
 * loaded now stays loaded, but the next load (a kernel update, a service
 * restart) goes through the same check.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "lockdown/root.h"

#define D "kexec"
#define R "LOCKDOWN_KEXEC"
#define SYMPTOM "kexec_load failed: Operation not permitted"
#define REMEDY                                                                              \
	"load with the file-based syscall and a signed kernel: kexec -s / --kexec-file-syscall " \
	"(Debian kdump-tools: KDUMP_KEXEC_ARGS=\"-s\"; RHEL: KDUMP_FILE_LOAD=\"on\")"

struct kdump_conf {
	bool use_kdump;
	bool file_load;   /* -s / --kexec-file-syscall / KDUMP_FILE_LOAD="on" */
	char where[512];  /* file:line that enabled it */
};

static bool has_file_syscall_flag(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "-s")) != NULL) {
		/* "-s" as a word, not part of "--something" */
		if ((p == s || p[-1] == ' ' || p[-1] == '"' || p[-1] == '=') &&
		    (p[2] == '\0' || p[2] == ' ' || p[2] == '"'))
			return true;
		p += 2;
	}
	return strstr(s, "--kexec-file-syscall") != NULL;
}

/* Debian's /etc/default/kdump-tools: USE_KDUMP=1, KDUMP_KEXEC_ARGS="..." */
static int debian_line(struct check_state *st, const char *path, size_t lineno, char *line,
		       void *userdata)
{
	struct kdump_conf *c = userdata;

	(void)st;
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "USE_KDUMP=", 10) == 0) {
		const char *v = line + 10;

		c->use_kdump = v[0] == '1' || (v[0] == '"' && v[1] == '1');
		if (c->use_kdump)
			snprintf(c->where, sizeof(c->where), "%s:%zu", path, lineno);
	} else if (strncmp(line, "KDUMP_KEXEC_ARGS=", 17) == 0) {
		c->file_load = has_file_syscall_flag(line + 17);
	}
	return 0;
}

/* RHEL/Fedora/SUSE /etc/sysconfig/kdump: KDUMP_FILE_LOAD="on" (SUSE also uses it) */
static int sysconfig_line(struct check_state *st, const char *path, size_t lineno, char *line,
			  void *userdata)
{
	struct kdump_conf *c = userdata;

	(void)st;
	if (strncmp(line, "KDUMP_FILE_LOAD=", 16) == 0)
		c->file_load = strstr(line + 16, "on") != NULL;
	else if (strncmp(line, "KEXEC_ARGS=", 11) == 0 && has_file_syscall_flag(line + 11))
		c->file_load = true;
	if (!c->where[0])
		snprintf(c->where, sizeof(c->where), "%s:%zu", path, lineno);
	return 0;
}

static bool unit_enabled(struct check_state *st, const char *unit)
{
	static const char *const wants[] = { "multi-user.target.wants", "basic.target.wants",
					     "sysinit.target.wants", "default.target.wants" };
	bool found = false;

	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]) && !found; i++) {
		char *p = ld_strprintf("/etc/systemd/system/%s/%s", wants[i], unit);

		if (p && ld_root_access(st->ctx->root, p) == 0)
			found = true;
		free(p);
	}
	return found;
}

static int add(struct check_state *st, const char *id, enum ld_severity sev, const char *ev)
{
	return ld_check_add(st->ctx, D, id, R, sev, ev, SYMPTOM, REMEDY);
}

int ld_detect_kexec(struct check_state *st)
{
	struct kdump_conf deb = { 0 }, rh = { 0 };
	char *v, ev[768];
	int err = 0, verr;

	v = ld_read_value(st, "/sys/kernel/kexec_crash_loaded", &verr);
	bool crash_loaded = v && strcmp(v, "1") == 0;
	free(v);
	v = ld_read_value(st, "/sys/kernel/kexec_loaded", &verr);
	if (v && strcmp(v, "1") == 0)
		err = add(st, "kexec.image-loaded", LD_SEVERITY_WARNING,
			  "/sys/kernel/kexec_loaded is 1: a kexec image is staged for the next "
			  "reboot; staging another one is checked");
	else if (verr < 0 && verr != -ENOENT)
		err = ld_check_unseen(st->ctx, D, "/sys/kernel/kexec_loaded", verr);
	free(v);
	if (err < 0)
		return err;

	if (ld_for_each_line(st, "/etc/default/kdump-tools", debian_line, &deb) == 0 && deb.use_kdump) {
		bool enabled = unit_enabled(st, "kdump-tools.service");

		snprintf(ev, sizeof(ev), "kdump-tools enabled (%s)%s%s; it loads the crash kernel "
			 "with %s", deb.where, enabled ? ", unit kdump-tools.service enabled" : "",
			 crash_loaded ? ", crash kernel loaded now" : "",
			 deb.file_load ? "kexec_file_load (-s): needs a signed kernel image"
				       : "kexec_load, which integrity refuses");
		err = add(st, "kexec.kdump-tools", deb.file_load ? LD_SEVERITY_WARNING
								: LD_SEVERITY_BLOCKER, ev);
	}
	if (err == 0 && ld_for_each_line(st, "/etc/sysconfig/kdump", sysconfig_line, &rh) == 0) {
		bool enabled = unit_enabled(st, "kdump.service");

		if (enabled || crash_loaded) {
			snprintf(ev, sizeof(ev), "kdump configured (%s)%s; it loads the crash kernel "
				 "with %s", rh.where, enabled ? ", unit kdump.service enabled" : "",
				 rh.file_load ? "kexec_file_load: needs a signed kernel image"
					      : "kexec_load, which integrity refuses");
			err = add(st, "kexec.kdump", rh.file_load ? LD_SEVERITY_WARNING
								  : LD_SEVERITY_BLOCKER, ev);
		}
	}
	if (err == 0 && crash_loaded && !deb.use_kdump && !rh.where[0])
		err = add(st, "kexec.crash-loaded", LD_SEVERITY_WARNING,
			  "/sys/kernel/kexec_crash_loaded is 1: a crash kernel is loaded; whatever "
			  "loaded it must reload it with kexec_file_load and a signed image");
	return err;
}
