// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live side of trace: owns the lockdown_trace skeleton. Open, size the
 * ring buffer, choose the program set, load, attach, then poll. fexit is
 * tried first; kprobe + kretprobe only when the kernel cannot attach fexit
 * (no BTF or no trampolines), and the caller is told which mode runs.
 */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../bpf/lockdown_events.h"
#include "lockdown/trace.h"
#include "lockdown_trace.skel.h"

#define DEFAULT_RINGBUF (2u << 20)

struct ld_tracer {
	struct lockdown_trace *skel;
	struct ring_buffer *rb;
	enum ld_trace_mode mode;
	int (*on_record)(const struct ld_trace_record *rec, void *userdata);
	void *userdata;
	uint64_t undecodable; /* records this build does not understand: counted as lost */
};

const char *ld_trace_mode_to_string(enum ld_trace_mode m)
{
	switch (m) {
	case LD_TRACE_MODE_FEXIT:
		return "fexit";
	case LD_TRACE_MODE_KPROBE:
		return "kprobe";
	default:
		return "auto";
	}
}

int ld_trace_mode_from_string(const char *s, enum ld_trace_mode *ret)
{
	for (enum ld_trace_mode m = LD_TRACE_MODE_AUTO; m <= LD_TRACE_MODE_KPROBE; m++)
		if (strcmp(s, ld_trace_mode_to_string(m)) == 0) {
			*ret = m;
			return 0;
		}
	return -EINVAL;
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct ld_tracer *t = ctx;
	struct ld_trace_record rec;

	if (ld_trace_record_decode(data, size, &rec) < 0) {
		t->undecodable++;
		return 0;
	}
	return t->on_record(&rec, t->userdata);
}

/* lite: the exec record without reading user memory (see tp_btf_exec_lite) */
static void choose_programs(struct lockdown_trace *skel, enum ld_trace_mode mode, bool follow,
			    bool lite)
{
	bool fexit = mode == LD_TRACE_MODE_FEXIT, kprobe = mode == LD_TRACE_MODE_KPROBE;

	bpf_program__set_autoload(skel->progs.fexit_security_locked_down, fexit);
	bpf_program__set_autoload(skel->progs.tp_btf_fork, fexit && follow);
	bpf_program__set_autoload(skel->progs.tp_btf_exec, fexit && !lite);
	bpf_program__set_autoload(skel->progs.tp_btf_exec_lite, fexit && lite);
	bpf_program__set_autoload(skel->progs.tp_btf_exit, fexit);
	bpf_program__set_autoload(skel->progs.kprobe_security_locked_down, kprobe);
	bpf_program__set_autoload(skel->progs.kretprobe_security_locked_down, kprobe);
	bpf_program__set_autoload(skel->progs.tracepoint_fork, kprobe && follow);
	bpf_program__set_autoload(skel->progs.tracepoint_exec, kprobe);
	bpf_program__set_autoload(skel->progs.tracepoint_exit, kprobe);
}

static char *describe(const char *what, enum ld_trace_mode mode, int err)
{
	char *s = NULL;

	if (asprintf(&s, "%s the %s programs failed: %s", what, ld_trace_mode_to_string(mode),
		     strerror(-err)) < 0)
		s = NULL;
	return s;
}

static int try_mode(struct ld_tracer *t, enum ld_trace_mode mode, bool lite,
		    const struct ld_tracer_opts *o, char **why)
{
	struct lockdown_trace *skel = lockdown_trace__open();
	int err;

	if (!skel)
		return -errno;
	skel->rodata->cfg_follow = o->follow;
	skel->rodata->cfg_stream = o->stream;
	err = bpf_map__set_max_entries(skel->maps.events,
				       o->ringbuf_bytes ? (unsigned)o->ringbuf_bytes : DEFAULT_RINGBUF);
	/* streaming sends every check: the per-process table would stay empty */
	if (err == 0 && o->stream)
		err = bpf_map__set_max_entries(skel->maps.seen, 1);
	choose_programs(skel, mode, o->follow, lite);
	if (err == 0 && (err = lockdown_trace__load(skel)) < 0)
		*why = describe("loading", mode, err);
	else if (err == 0 && (err = lockdown_trace__attach(skel)) < 0)
		*why = describe("attaching", mode, err);
	if (err < 0) {
		lockdown_trace__destroy(skel);
		return err;
	}
	t->skel = skel;
	t->mode = mode;
	return 0;
}

int ld_tracer_open(struct ld_tracer_opts *o, struct ld_tracer **ret)
{
	struct ld_tracer *t = calloc(1, sizeof(*t));
	char *why_fexit = NULL, *why_kprobe = NULL;
	int err = -EOPNOTSUPP, fexit_err = 0;

	if (!t)
		return -ENOMEM;
	t->on_record = o->on_record;
	t->userdata = o->userdata;
	o->error = NULL;
	if (o->mode != LD_TRACE_MODE_KPROBE) {
		/* without kernel BTF there is no fexit; say so instead of a libbpf error */
		if (access("/sys/kernel/btf/vmlinux", R_OK) < 0 && errno == ENOENT) {
			fexit_err = err = -EOPNOTSUPP;
			why_fexit = strdup("the kernel has no BTF (/sys/kernel/btf/vmlinux), which "
					   "fexit needs");
		} else {
			fexit_err = err = try_mode(t, LD_TRACE_MODE_FEXIT, false, o, &why_fexit);
			if (err == -EINVAL) {
				/* refused helpers (confidentiality): without the user-memory reads */
				free(why_fexit);
				why_fexit = NULL;
				fexit_err = err = try_mode(t, LD_TRACE_MODE_FEXIT, true, o, &why_fexit);
			}
		}
	}
	/* a privilege problem is not cured by another mode */
	if (err < 0 && o->mode != LD_TRACE_MODE_FEXIT && fexit_err != -EPERM)
		err = try_mode(t, LD_TRACE_MODE_KPROBE, false, o, &why_kprobe);
	if (err == 0) {
		t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), on_sample, t, NULL);
		if (!t->rb)
			err = -errno;
	}
	if (err < 0) {
		if (why_fexit && why_kprobe) {
			if (asprintf(&o->error, "%s; %s", why_fexit, why_kprobe) < 0)
				o->error = NULL;
		} else {
			o->error = why_fexit ? why_fexit : why_kprobe;
			why_fexit = why_kprobe = NULL;
		}
		free(why_fexit);
		free(why_kprobe);
		ld_tracer_free(t);
		return err == -EACCES ? -EPERM : err;
	}
	free(why_fexit);
	free(why_kprobe);
	*ret = t;
	return 0;
}

enum ld_trace_mode ld_tracer_mode(const struct ld_tracer *t)
{
	return t->mode;
}

int ld_tracer_follow(struct ld_tracer *t, pid_t tgid)
{
	__u32 key = (__u32)tgid;
	__u8 one = 1;

	return bpf_map__update_elem(t->skel->maps.followed, &key, sizeof(key), &one, sizeof(one),
				    BPF_ANY);
}

int ld_tracer_poll(struct ld_tracer *t, int timeout_ms, int wake_fd)
{
	struct pollfd fds[2] = {
		{ .fd = ring_buffer__epoll_fd(t->rb), .events = POLLIN },
		{ .fd = wake_fd, .events = POLLIN }, /* poll() skips a negative fd */
	};
	int n;

	if (timeout_ms > 0 && poll(fds, 2, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	/*
	 * The BPF side wakes us only when much is waiting (see wakeup() there),
	 * so whatever woke us, or none, the records waiting are taken now.
	 */
	n = ring_buffer__consume(t->rb);
	return n == -EINTR ? 0 : n;
}

int ld_tracer_read_counts(struct ld_tracer *t, struct ld_tracer_counts *ret)
{
	int ncpus = libbpf_num_possible_cpus();
	struct { __u64 checked, refused; } *c;
	__u64 *lost;
	int err = 0;

	if (ncpus <= 0)
		return ncpus < 0 ? ncpus : -EINVAL;
	memset(ret, 0, sizeof(*ret));
	c = calloc((size_t)ncpus, sizeof(*c));
	lost = calloc((size_t)ncpus, sizeof(*lost));
	if (!c || !lost) {
		free(c);
		free(lost);
		return -ENOMEM;
	}
	for (__u32 key = 0; key < 128 && err == 0; key++) {
		err = bpf_map__lookup_elem(t->skel->maps.counts, &key, sizeof(key), c,
					   (size_t)ncpus * sizeof(*c), 0);
		for (int cpu = 0; cpu < ncpus && err == 0; cpu++) {
			ret->checked[key] += c[cpu].checked;
			ret->refused[key] += c[cpu].refused;
		}
	}
	for (__u32 key = 0; key < LD_LOST_MAX && err == 0; key++) {
		uint64_t sum = 0;

		err = bpf_map__lookup_elem(t->skel->maps.lost, &key, sizeof(key), lost,
					   (size_t)ncpus * sizeof(*lost), 0);
		for (int cpu = 0; cpu < ncpus && err == 0; cpu++)
			sum += lost[cpu];
		if (key == LD_LOST_CHECK)
			ret->lost_checks = sum;
		else if (key == LD_LOST_EXEC)
			ret->lost_execs = sum;
		else if (key == LD_LOST_FOLLOW)
			ret->lost_follows = sum;
	}
	ret->lost_checks += t->undecodable;
	free(c);
	free(lost);
	return err;
}

int ld_tracer_for_each_seen(struct ld_tracer *t, ld_seen_fn fn, void *userdata)
{
	struct ld_seen_key key, next;
	struct ld_seen_value v;
	void *prev = NULL;
	int err;

	while ((err = bpf_map__get_next_key(t->skel->maps.seen, prev, &next, sizeof(next))) == 0) {
		if (bpf_map__lookup_elem(t->skel->maps.seen, &next, sizeof(next), &v, sizeof(v), 0) == 0)
			fn(next.tgid, next.reason, v.checks, v.denied, v.first_ns, v.last_ns, userdata);
		key = next;
		prev = &key;
	}
	return err == -ENOENT ? 0 : err;
}

void ld_tracer_free(struct ld_tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	lockdown_trace__destroy(t->skel);
	free(t);
}
