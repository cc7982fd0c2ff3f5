// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 8: BPF and perf tracing. Confidentiality refuses to load programs
 * that call bpf_probe_read_kernel and friends (which BPF_CORE_READ expands
 * to) and to attach kprobes; integrity refuses bpf_probe_write_user.
 * Programs already loaded keep running, but the agent that owns them fails
 * on its next start.
 *
 * On the live system, with the privilege for it, the loaded programs are
 * enumerated with the bpf syscall and their translated code is read to see
 * which helpers they call (names from /proc/kallsyms). Otherwise the
 * programs held by processes are found through /proc/PID/fdinfo.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "detectors.h"
#include "check/bpfprog.h"
#include "lockdown/root.h"

#define D "bpf-perf"
#define SYMPTOM_READ                                                                        \
	"program load fails (verifier: \"unknown func bpf_probe_read_kernel\"), logged as " \
	"\"use of bpf to read kernel RAM is restricted\""
#define SYMPTOM_KPROBE "attaching the kprobe fails: Operation not permitted"
#define SYMPTOM_WRITE  "program load fails: bpf_probe_write_user is refused"
#define REMEDY_READ                                                                          \
	"stay at integrity on this machine, or use programs that read only typed arguments " \
	"(fentry/fexit, tp_btf, LSM)"
#define REMEDY_KPROBE "prefer fentry/fexit or tracepoints, which lockdown does not gate"

enum { PROG_TYPE_KPROBE = 2 };


static int add_prog(struct check_state *st, unsigned id, unsigned type, const char *name,
		    unsigned helpers, const char *owner)
{
	struct {
		bool on;
		const char *tag, *what, *reason, *symptom, *remedy;
		enum ld_severity sev;
	} hits[] = {
		{ helpers & LD_BPF_READS_KERNEL, "reads-kernel", "reads kernel memory",
		  "LOCKDOWN_BPF_READ_KERNEL", SYMPTOM_READ, REMEDY_READ, LD_SEVERITY_BLOCKER },
		{ helpers & LD_BPF_WRITES_USER, "writes-user", "writes user memory",
		  "LOCKDOWN_BPF_WRITE_USER", SYMPTOM_WRITE, "drop bpf_probe_write_user",
		  LD_SEVERITY_BLOCKER },
		{ type == PROG_TYPE_KPROBE, "kprobe", "is a kprobe/uprobe program",
		  "LOCKDOWN_KPROBES", SYMPTOM_KPROBE, REMEDY_KPROBE, LD_SEVERITY_WARNING },
	};
	int err = 0;

	for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]) && err == 0; i++) {
		char *fid, *ev;

		if (!hits[i].on)
			continue;
		fid = ld_strprintf("bpf-perf.prog:%u:%s", id, hits[i].tag);
		ev = ld_strprintf("BPF program %u (%s, type %u) %s%s%s; it keeps running, but loading "
			       "it again is refused",
			       id, *name ? name : "unnamed", type, hits[i].what,
			       owner ? ", held by " : "", owner ? owner : "");
		err = ld_add_owned(st->ctx, D, fid, hits[i].reason, hits[i].sev, ev, hits[i].symptom,
				hits[i].remedy);
	}
	return err;
}

/* Helper addresses from /proc/kallsyms: megabytes, so read once and only when needed. */
static bool load_syms(struct check_state *st, struct ld_bpf_syms *syms, int *state)
{
	char *ks = NULL;
	size_t kslen = 0;

	if (*state == 0) {
		*state = -1;
		if (ld_root_read_file(st->ctx->root, "/proc/kallsyms", 64u << 20, &ks, &kslen) == 0 &&
		    ld_bpf_syms_parse(ks, kslen, syms) == 0)
			*state = 1;
		free(ks);
	}
	return *state == 1;
}

/* The loaded programs, through the bpf syscall. 0, or -errno when not possible. */
static int live_programs(struct check_state *st)
{
	struct ld_bpf_syms syms;
	int syms_state = 0; /* 0 not read yet, 1 usable, -1 unusable */
	__u32 id = 0;
	int err = 0, seen = 0;

	while (err == 0 && bpf_prog_get_next_id(id, &id) == 0) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		unsigned helpers = 0;
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue; /* unloaded meanwhile */
		seen++;
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.xlated_prog_len &&
		    load_syms(st, &syms, &syms_state)) {
			__u32 xlen = info.xlated_prog_len;
			void *insns = malloc(xlen);
			struct bpf_prog_info again = { .xlated_prog_len = xlen,
						       .xlated_prog_insns =
							       (__u64)(uintptr_t)insns };

			len = sizeof(again);
			if (insns && bpf_obj_get_info_by_fd(fd, &again, &len) == 0)
				helpers = ld_bpf_scan_helpers(insns, again.xlated_prog_len, &syms);
			free(insns);
		}
		close(fd);
		err = add_prog(st, id, info.type, info.name, helpers, NULL);
	}
	if (err == 0 && errno != ENOENT && seen == 0)
		return -errno; /* EPERM: not privileged */
	if (err == 0 && seen > 0 && syms_state != 1)
		err = ld_check_unseen(st->ctx, D,
				      "which helpers loaded BPF programs call (/proc/kallsyms "
				      "unreadable or addresses hidden)",
				      -EACCES);
	return err;
}

/* Programs held by processes, from /proc/PID/fdinfo: type only, no helpers. */
static int fdinfo_programs(struct check_state *st)
{
	int err = 0;

	for (size_t i = 0; i < st->scan.n && err == 0; i++) {
		const struct ld_proc_hit *h = &st->scan.hits[i];
		char *path, *info, *t, *pid_s, *owner;
		unsigned type = 0, id = 0;
		int verr;

		if (strcmp(h->path, "anon_inode:bpf-prog"))
			continue;
		path = ld_strprintf("/proc/%d/fdinfo/%d", h->pid, h->fd);
		info = path ? ld_read_value(st, path, &verr) : NULL;
		free(path);
		if (!info)
			continue;
		if ((t = strstr(info, "prog_type:")))
			type = (unsigned)strtoul(t + 10, NULL, 10);
		if ((pid_s = strstr(info, "prog_id:")))
			id = (unsigned)strtoul(pid_s + 8, NULL, 10);
		free(info);
		owner = ld_strprintf("pid %d (%s)", h->pid, h->cmdline);
		err = owner ? add_prog(st, id, type, "", 0, owner) : -ENOMEM;
		free(owner);
	}
	return err;
}

/*
 * A kprobe made through perf_event_open (perf probe, bcc, libbpf's perf-link
 * mode) is a perf event of the kprobe PMU, but fdinfo does not show a perf
 * event's type. So with kprobes registered, the processes holding perf
 * events are named as their likely owners, as a warning.
 */
static int perf_event_holders(struct check_state *st, size_t kprobes)
{
	int err = 0;

	for (size_t i = 0; i < st->scan.n && err == 0; i++) {
		const struct ld_proc_hit *h = &st->scan.hits[i];

		if (h->fd < 0 || strcmp(h->path, "anon_inode:[perf_event]"))
			continue;
		err = ld_add_owned(st->ctx, D, ld_strprintf("bpf-perf.perf-events:%d", h->pid),
				"LOCKDOWN_KPROBES", LD_SEVERITY_WARNING,
				ld_strprintf("pid %d (%s) holds perf events while %zu kprobe%s "
					  "registered; if one of them is a kprobe, this program "
					  "cannot create it again",
					  h->pid, h->cmdline, kprobes,
					  kprobes == 1 ? " is" : "s are"),
				SYMPTOM_KPROBE, REMEDY_KPROBE);
	}
	return err;
}

/* Every kprobe in the kernel, whoever made it (BPF, perf, kprobe_events, systemtap). */
static int registered_kprobes(struct check_state *st)
{
	char *list, *first_end, *ev;
	size_t n = 0;
	int verr, err;

	list = ld_read_value(st, "/sys/kernel/debug/kprobes/list", &verr);
	if (!list)
		return verr == -ENOENT ? 0
				       : ld_check_unseen(st->ctx, D,
							 "/sys/kernel/debug/kprobes/list", verr);
	for (char *p = list; *p; p++)
		n += *p == '\n';
	if (*list)
		n++;
	if (n == 0) {
		free(list);
		return 0;
	}
	first_end = strchr(list, '\n');
	if (first_end)
		*first_end = '\0';
	ev = ld_strprintf("%zu kprobe%s registered (first: %s); whatever created them cannot "
		       "create them again",
		       n, n == 1 ? "" : "s", list);
	err = ev ? ld_check_add(st->ctx, D, "bpf-perf.kprobes-registered", "LOCKDOWN_KPROBES",
				LD_SEVERITY_WARNING, ev, SYMPTOM_KPROBE, REMEDY_KPROBE)
		 : -ENOMEM;
	free(ev);
	free(list);
	if (err == 0)
		err = perf_event_holders(st, n);
	return err;
}

/*
 * perf_event_paranoid decides who may profile; lockdown adds only two
 * refusals on top, for everyone: kernel register samples (--intr-regs) and
 * kprobe events. A machine that lets users profile the kernel is where
 * someone will meet the first.
 */
static int perf_paranoid(struct check_state *st)
{
	int verr;
	char *v = ld_read_value(st, "/proc/sys/kernel/perf_event_paranoid", &verr);
	long level;
	char *end;
	bool number;

	if (!v)
		return verr == -ENOENT ? 0
				       : ld_check_unseen(st->ctx, D,
							 "/proc/sys/kernel/perf_event_paranoid", verr);
	level = strtol(v, &end, 10);
	number = end != v && *end == '\0';
	free(v);
	if (!number || level > 1)
		return 0;
	return ld_add_owned(st->ctx, D, strdup("bpf-perf.perf-paranoid"), "LOCKDOWN_PERF",
			 LD_SEVERITY_WARNING,
			 ld_strprintf("kernel.perf_event_paranoid = %ld: users may profile the kernel; "
				   "sampling kernel registers is refused at confidentiality, for "
				   "root too",
				   level),
			 "perf record --intr-regs: Operation not permitted",
			 "profile without kernel register samples (plain perf record works)");
}

int ld_detect_bpf_perf(struct check_state *st)
{
	int err = -EOPNOTSUPP;

	if (ld_root_is_live(st->ctx->root))
		err = live_programs(st);
	if (err == -ENOMEM)
		return err;
	if (err < 0) {
		err = ld_check_unseen(
			st->ctx, D,
			"the helpers of loaded BPF programs (needs the live system and "
			"CAP_SYS_ADMIN); programs held by processes are still listed",
			err);
		if (err == 0)
			err = fdinfo_programs(st);
	}
	if (err == 0)
		err = registered_kprobes(st);
	if (err == 0)
		err = perf_paranoid(st);
	return err;
}
