// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Ring-buffer records, checked before use: a record is trusted only when its
 * size, version and kind agree with what this build's BPF side writes, and
 * every string is copied with a terminator whatever the bytes say.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bpf/lockdown_events.h"
#include "lockdown/reasons.h"
#include "lockdown/trace.h"

static void copy_str(char *dst, size_t dst_size, const char *src, size_t src_size)
{
	size_t n = strnlen(src, src_size < dst_size - 1 ? src_size : dst_size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int ld_trace_record_decode(const void *data, size_t size, struct ld_trace_record *ret)
{
	struct ld_event_header h;
	struct ld_trace_record r = { 0 };

	if (!data || size < sizeof(h))
		return -EBADMSG;
	memcpy(&h, data, sizeof(h));
	if (h.version != LD_EVENTS_VERSION || h.size != size)
		return -EBADMSG;
	r.kind = h.kind;
	r.flags = h.flags & (LD_TRACE_F_KTHREAD | LD_TRACE_F_IDLE | LD_TRACE_F_TRUNCATED |
			     LD_TRACE_F_PERMISSIVE | LD_TRACE_F_EXEMPT);
	r.mono_ns = h.ts_ns;
	r.pid = h.pid;
	r.tgid = h.tgid;
	switch (h.kind) {
	case LD_EVENT_CHECK: {
		struct ld_event_check e;

		if (size != sizeof(e))
			return -EBADMSG;
		memcpy(&e, data, sizeof(e));
		r.cgroup_id = e.cgroup_id;
		r.uid = e.uid;
		r.reason = e.reason;
		r.ret = e.ret;
		copy_str(r.comm, sizeof(r.comm), e.comm, sizeof(e.comm));
		break;
	}
	case LD_EVENT_EXEC: {
		/* large: decode in place rather than copy to the stack */
		const struct ld_event_exec *e = data;

		if (size != sizeof(*e))
			return -EBADMSG;
		copy_str(r.comm, sizeof(r.comm), e->comm, sizeof(e->comm));
		copy_str(r.exe, sizeof(r.exe), e->exe,
			 e->exe_len < sizeof(e->exe) ? e->exe_len : sizeof(e->exe));
		r.args_len = e->args_len < sizeof(e->args) ? e->args_len : sizeof(e->args);
		memcpy(r.args, e->args, r.args_len);
		r.args[r.args_len] = '\0';
		break;
	}
	case LD_EVENT_EXIT:
		if (size != sizeof(struct ld_event_exit))
			return -EBADMSG;
		break;
	default:
		return -EBADMSG;
	}
	*ret = r;
	return 0;
}

static const char *const context_names[] = {
	[LD_TRACE_PROCESS] = "process",
	[LD_TRACE_KERNEL_THREAD] = "kernel-thread",
	[LD_TRACE_IDLE] = "idle-or-interrupt",
};

const char *ld_trace_context_to_string(enum ld_trace_context c)
{
	return (unsigned)c < sizeof(context_names) / sizeof(context_names[0]) ? context_names[c]
									      : "unknown";
}

int ld_trace_context_from_string(const char *s, enum ld_trace_context *ret)
{
	for (size_t i = 0; i < sizeof(context_names) / sizeof(context_names[0]); i++)
		if (strcmp(s, context_names[i]) == 0) {
			*ret = (enum ld_trace_context)i;
			return 0;
		}
	return -EINVAL;
}

void ld_trace_event_clear(struct ld_trace_event *ev)
{
	free(ev->exe);
	free(ev->cmdline);
	ev->exe = ev->cmdline = NULL;
}

void ld_trace_event_name(struct ld_trace_event *ev, const struct ld_catalogue *cat)
{
	ev->enumerator[0] = '\0';
	ev->level = _LD_LEVEL_INVALID;
	for (size_t i = 0; cat && i < cat->n; i++)
		if (cat->reasons[i].value == ev->value) {
			snprintf(ev->enumerator, sizeof(ev->enumerator), "%s",
				 cat->reasons[i].enumerator);
			ev->level = cat->reasons[i].level;
			break;
		}
	ld_trace_reason_name(ev->enumerator, ev->value, ev->name, sizeof(ev->name));
}
