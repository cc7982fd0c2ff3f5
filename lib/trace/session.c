// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A trace session: what turns the tracer's records, or a recorded event
 * file, into named and attributed events, and those into the summary. Live
 * or replayed, every event takes the same way in (take_event()), which is
 * how a replayed file stands for a live trace in the tests.
 */
#include <string.h>

#include "lockdown/trace.h"

int ld_trace_session_init(struct ld_trace_session *s, ld_event_fn on_event, void *userdata)
{
	memset(s, 0, sizeof(*s));
	s->on_event = on_event;
	s->userdata = userdata;
	return ld_proc_cache_new(NULL, &s->procs);
}

void ld_trace_session_clear(struct ld_trace_session *s)
{
	ld_trace_summary_clear(&s->summary);
	ld_proc_cache_free(s->procs);
	s->procs = NULL;
}

/* An event, named and attributed: into the summary, and out to on_event. */
static int take_event(struct ld_trace_session *s, const struct ld_trace_event *ev)
{
	int err = ld_trace_summary_add(&s->summary, ev);

	if (err == 0 && s->on_event)
		err = s->on_event(ev, s->userdata);
	return err;
}

int ld_trace_session_record(const struct ld_trace_record *rec, void *userdata)
{
	struct ld_trace_session *s = userdata;
	struct ld_trace_event ev = { 0 };
	int err;

	switch (rec->kind) {
	case LD_RECORD_EXEC:
		return ld_proc_cache_exec(s->procs, rec);
	case LD_RECORD_EXIT:
		ld_proc_cache_exit(s->procs, rec->tgid);
		return 0;
	case LD_RECORD_CHECK:
		break;
	}
	ev.time_ns = (uint64_t)((int64_t)rec->mono_ns + s->realtime_offset_ns);
	ev.pid = rec->pid;
	ev.tgid = rec->tgid;
	ev.uid = rec->uid;
	ev.cgroup_id = rec->cgroup_id;
	memcpy(ev.comm, rec->comm, sizeof(ev.comm));
	ev.value = rec->reason;
	ev.ret = rec->ret;
	ev.context = rec->flags & LD_TRACE_F_IDLE	  ? LD_TRACE_IDLE
		     : rec->flags & LD_TRACE_F_KTHREAD ? LD_TRACE_KERNEL_THREAD
						       : LD_TRACE_PROCESS;
	ld_trace_event_name(&ev, s->catalogue);
	err = ld_proc_cache_attribute(s->procs, &ev);
	if (err == 0)
		err = take_event(s, &ev);
	ld_trace_event_clear(&ev);
	if (err < 0)
		s->err = err;
	return err < 0 ? err : 0;
}

static void on_seen(uint32_t tgid, int32_t reason, uint64_t checks, uint64_t denied,
		    uint64_t first_mono_ns, uint64_t last_mono_ns, void *userdata)
{
	struct ld_trace_session *s = userdata;

	(void)denied; /* the per-reason totals carry it */
	ld_trace_summary_set_proc(&s->summary, reason, tgid, checks,
				  (uint64_t)((int64_t)first_mono_ns + s->realtime_offset_ns),
				  (uint64_t)((int64_t)last_mono_ns + s->realtime_offset_ns));
}

void ld_trace_session_merge_counts(struct ld_trace_session *s, struct ld_tracer *t,
				   bool with_seen)
{
	struct ld_tracer_counts c;

	if (with_seen)
		ld_tracer_for_each_seen(t, on_seen, s);

	if (ld_tracer_read_counts(t, &c) < 0)
		return;
	for (int64_t v = 0; v < 128; v++) {
		struct ld_trace_event ev = { .value = v };

		if (!c.checked[v])
			continue;
		ld_trace_event_name(&ev, s->catalogue);
		ld_trace_summary_set_exact(&s->summary, v, ev.enumerator, ev.level, c.checked[v],
					   c.refused[v]);
	}
	s->summary.lost_checks = c.lost_checks;
	s->summary.lost_execs = c.lost_execs;
	s->summary.lost_follows = c.lost_follows;
}

static int on_file_event(const struct ld_trace_event *ev, void *userdata)
{
	return take_event(userdata, ev);
}

int ld_trace_session_replay(struct ld_trace_session *s, const char *data, size_t size,
			    struct ld_where *where)
{
	struct ld_event_file_totals totals;
	int err = ld_event_file_parse(data, size, on_file_event, s, &totals, where);

	if (err < 0)
		return err;
	s->summary.lost_checks = totals.lost_checks;
	s->summary.lost_execs = totals.lost_execs;
	s->summary.lost_follows = totals.lost_follows;
	return 0;
}
