// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 4: debugfs and tracefs. Integrity refuses opening debugfs files
 * that are writable or have ioctl/mmap (read-only ones stay readable);
 * confidentiality refuses tracefs altogether, and at boot does not even
 * create its files. Looks at who holds such files open, at an active tracer,
 * and at units and tmpfiles that write debugfs tunables.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"

#define D		"debugfs-tracefs"
#define SYMPTOM_DEBUGFS "open fails with Operation not permitted (\"debugfs access is restricted\")"
#define SYMPTOM_TRACEFS "tracefs files cannot be opened; at boot tracing is disabled entirely"
#define REMEDY_DEBUGFS                                                                         \
	"use the sysfs or sysctl interface of the same tunable where one exists, or drop the " \
	"tuning"
#define REMEDY_TRACEFS                                                                  \
	"stay at integrity on this machine, or trace with BPF programs that use typed " \
	"fentry/tracepoint arguments (no kprobes, no bpf_probe_read_kernel)"

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool is_tracefs(const char *path)
{
	return under(path, "/sys/kernel/tracing") || under(path, "/sys/kernel/debug/tracing");
}

static int open_files(struct check_state *st)
{
	int err = 0;

	for (size_t i = 0; i < st->scan.n && err == 0; i++) {
		const struct ld_proc_hit *h = &st->scan.hits[i];
		bool writes = h->accmode == O_WRONLY || h->accmode == O_RDWR;
		char *id, *ev;

		if (is_tracefs(h->path)) {
			id = ld_strprintf("debugfs-tracefs.tracefs-open:%d:%s", h->pid, h->path);
			ev = ld_strprintf("pid %d (%s) has %s open%s", h->pid, h->cmdline, h->path,
				       h->fd < 0 ? " (mapped)" : "");
			err = id && ev ? ld_check_add(st->ctx, D, id, "LOCKDOWN_TRACEFS",
						      LD_SEVERITY_BLOCKER, ev, SYMPTOM_TRACEFS,
						      REMEDY_TRACEFS)
				       : -ENOMEM;
		} else if (under(h->path, "/sys/kernel/debug")) {
			id = ld_strprintf("debugfs-tracefs.debugfs-open:%d:%s", h->pid, h->path);
			ev = ld_strprintf(
				"pid %d (%s) has %s open %s", h->pid, h->cmdline, h->path,
				writes	    ? "for writing"
				: h->fd < 0 ? "(mapped)"
					    : "read-only (refused only if the file is writable or "
					      "has ioctl/mmap)");
			err = id && ev ? ld_check_add(st->ctx, D, id, "LOCKDOWN_DEBUGFS",
						      writes || h->fd < 0 ? LD_SEVERITY_BLOCKER
									  : LD_SEVERITY_WARNING,
						      ev, SYMPTOM_DEBUGFS, REMEDY_DEBUGFS)
				       : -ENOMEM;
		} else {
			continue;
		}
		free(id);
		free(ev);
	}
	return err;
}

/* A tracefs control file that is not in its idle state means tracing is in use. */
static int tracer_state(struct check_state *st)
{
	static const struct {
		const char *file, *idle, *reason, *what;
	} controls[] = {
		{ "current_tracer", "nop", "LOCKDOWN_TRACEFS", "a tracer is active" },
		{ "kprobe_events", "", "LOCKDOWN_KPROBES", "kprobe events are defined" },
		{ "uprobe_events", "", "LOCKDOWN_TRACEFS", "uprobe events are defined" },
		{ "set_event", "", "LOCKDOWN_TRACEFS", "trace events are enabled" },
	};
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	const char *in_use = NULL;
	int err = 0;

	for (size_t r = 0; r < 2 && !in_use; r++) {
		bool seen = false;

		for (size_t i = 0; i < sizeof(controls) / sizeof(controls[0]) && err == 0; i++) {
			char *path = ld_strprintf("%s/%s", roots[r], controls[i].file), *v, *id, *ev;
			int verr;

			if (!path)
				return -ENOMEM;
			v = ld_read_value(st, path, &verr);
			if (v) {
				char *nl = strchr(v, '\n');

				seen = true;
				if (nl)
					*nl = '\0'; /* first entry is evidence enough */
				if (strcmp(v, controls[i].idle)) {
					in_use = roots[r];
					id = ld_strprintf("debugfs-tracefs.%s", controls[i].file);
					ev = ld_strprintf("%s: %s (%s%s)", path, controls[i].what, v,
						       nl ? ", ..." : "");
					err = ld_add_owned(st->ctx, D, id, controls[i].reason,
							LD_SEVERITY_BLOCKER, ev, SYMPTOM_TRACEFS,
							REMEDY_TRACEFS);
				}
			}
			free(v);
			free(path);
		}
		if (seen)
			break; /* the same tracefs seen through its older debugfs path */
	}
	/* whoever set that up manages it through tracefs, which confidentiality closes */
	if (err == 0 && in_use) {
		char *ev = ld_strprintf("tracing is set up through %s; changing or reading it needs "
				     "tracefs",
				     in_use);

		err = ev ? ld_check_add(st->ctx, D, "debugfs-tracefs.tracefs-in-use",
					"LOCKDOWN_TRACEFS", LD_SEVERITY_BLOCKER, ev,
					SYMPTOM_TRACEFS, REMEDY_TRACEFS)
			 : -ENOMEM;
		free(ev);
	}
	return err;
}

/* Unit files, tmpfiles.d and rc.local lines that write under /sys/kernel/debug. */
static int writer_line(struct check_state *st, const char *path, size_t lineno, char *line,
		       void *userdata)
{
	char *hit = strstr(line, "/sys/kernel/debug/"), *id, *ev, *p;
	int err;

	(void)userdata;
	while (*line == ' ' || *line == '\t')
		line++;
	if (!hit || *line == '#' || *line == ';')
		return 0;
	for (p = hit; *p && *p != ' ' && *p != '"' && *p != '\''; p++)
		;
	id = ld_strprintf("debugfs-tracefs.writer:%s:%zu", path, lineno);
	ev = ld_strprintf("%s:%zu writes %.*s", path, lineno, (int)(p - hit), hit);
	err = ld_add_owned(st->ctx, D, id, is_tracefs(hit) ? "LOCKDOWN_TRACEFS" : "LOCKDOWN_DEBUGFS",
			LD_SEVERITY_BLOCKER, ev,
			is_tracefs(hit) ? SYMPTOM_TRACEFS : SYMPTOM_DEBUGFS,
			is_tracefs(hit) ? REMEDY_TRACEFS : REMEDY_DEBUGFS);
	return err;
}

static int writer_file(struct check_state *st, const char *path, void *userdata)
{
	int err = ld_for_each_line(st, path, writer_line, userdata);

	return err == -ENOMEM ? err : 0;
}

int ld_detect_debugfs_tracefs(struct check_state *st)
{
	static const struct {
		const char *dir, *suffix;
	} writers[] = {
		{ "/etc/systemd/system", ".service" },
		{ "/etc/tmpfiles.d", ".conf" },
		{ "/usr/lib/tmpfiles.d", ".conf" },
		{ "/etc/sysfs.d", ".conf" },
	};
	int err = open_files(st);

	if (err == 0)
		err = tracer_state(st);
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]) && err == 0; i++) {
		err = ld_for_each_file(st, writers[i].dir, writers[i].suffix, writer_file, NULL);
		if (err != -ENOMEM)
			err = 0;
	}
	if (err == 0)
		err = writer_file(st, "/etc/rc.local", NULL);
	if (err == 0)
		err = writer_file(st, "/etc/sysfs.conf", NULL);
	return err;
}
