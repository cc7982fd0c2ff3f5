// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A live trace from start to end: the held command, the tracer, the poll
 * loop until the duration, the command's exit or a stop request, the last
 * records, and the exact counts. What went wrong is said in a sentence for
 * the user, with whether this kernel simply cannot do it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lockdown/error.h"
#include "lockdown/root.h"
#include "lockdown/spawn.h"
#include "lockdown/trace.h"

static int fail(struct ld_trace_live_result *res, bool unsupported, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct ld_trace_live_result *res, bool unsupported, int err, const char *fmt, ...)
{
	char *why = NULL;
	va_list ap;

	res->unsupported = unsupported;
	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		why = NULL;
	va_end(ap);
	free(res->why);
	res->why = why;
	return err < 0 ? err : -EIO;
}

/* Why the tracer could not start, as the user can act on it. */
static int open_failed(struct ld_trace_live_result *res, int r, const char *error,
		       enum ld_level level_now)
{
	const char *what = error ? error : ld_strerror(-r);

	if (r == -EPERM && level_now == LD_LEVEL_CONFIDENTIALITY)
		return fail(res, true, r, "lockdown confidentiality refuses kprobes: %s", what);
	if (r == -EPERM) /* ld_can_load_bpf() said yes: something else stands in the way */
		return fail(res, false, r,
			    "the kernel refused the tracer (a container, seccomp or LSM policy?): %s",
			    what);
	if (r == -EOPNOTSUPP || r == -ENOENT || r == -ESRCH || r == -EINVAL)
		return fail(res, true, r, "this kernel cannot trace lockdown checks: %s", what);
	return fail(res, false, r, "cannot start tracing: %s", what);
}

/* Poll until the duration, the command's exit or a stop request; the command's wait status. */
static int poll_loop(struct ld_trace_session *session, struct ld_tracer *t,
		     const struct ld_trace_live_opts *o, pid_t child, int child_fd, int64_t start)
{
	int64_t last_tick = 0;
	int status = 0;
	bool child_done = false;

	while (!*o->stop && session->err == 0) {
		int64_t now;
		int r = ld_tracer_poll(t, 100, child_fd);

		if (r < 0) {
			session->err = r;
			break;
		}
		now = ld_now_ns(CLOCK_MONOTONIC);
		if (o->duration > 0 && now - start >= (int64_t)(o->duration * 1e9))
			break;
		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			child_done = true;
			break;
		}
		if (o->tick && now - last_tick >= 1000000000) {
			ld_trace_session_merge_counts(session, t, false);
			o->tick(session, (double)(now - start) / 1e9, o->userdata);
			last_tick = now;
		}
	}
	if (*o->stop && child > 0 && !child_done)
		kill(child, SIGTERM);
	if (child > 0 && !child_done)
		waitpid(child, &status, 0);
	return status;
}

int ld_trace_live(struct ld_trace_session *session, const struct ld_trace_live_opts *o,
		  struct ld_trace_live_result *res)
{
	struct ld_tracer_opts to = { .mode = o->mode, .follow = o->argv != NULL,
				     .stream = o->stream, .on_record = ld_trace_session_record,
				     .userdata = session };
	struct ld_held_child held = { 0 };
	struct ld_tracer *t = NULL;
	int child_fd = -1, status, r;
	int64_t start;

	*res = (struct ld_trace_live_result){ .duration_s = -1 };
	if (o->argv && (r = ld_spawn_held(o->argv, &held)) < 0)
		return fail(res, false, r, "cannot start '%s': %s", o->argv[0], strerror(-r));
	/* the command's end wakes the poll (without a pidfd, <= 100 ms late) */
	if (held.pid > 0)
		child_fd = pidfd_open(held.pid, 0);
	r = ld_tracer_open(&to, &t);
	if (r == 0 && held.pid > 0 && (r = ld_tracer_follow(t, held.pid)) < 0)
		to.error = strdup("cannot add the command to the followed set");
	if (r < 0) {
		if (held.pid > 0)
			ld_spawn_abandon(&held);
		if (child_fd >= 0)
			close(child_fd);
		r = open_failed(res, r, to.error, o->level_now);
		free(to.error);
		return r;
	}
	res->mode = ld_trace_mode_to_string(ld_tracer_mode(t));
	if (o->started)
		o->started(res->mode, o->userdata);
	session->realtime_offset_ns = ld_realtime_offset_ns();
	start = ld_now_ns(CLOCK_MONOTONIC);
	if (held.pid > 0)
		res->release_err = ld_spawn_release(&held); /* then it exits 127 or 126 */
	status = poll_loop(session, t, o, held.pid, child_fd, start);
	/* what is already in the ring buffer belongs to the session */
	while (session->err == 0 && ld_tracer_poll(t, 0, -1) > 0)
		;
	if (child_fd >= 0)
		close(child_fd);
	res->duration_s = (double)(ld_now_ns(CLOCK_MONOTONIC) - start) / 1e9;
	ld_trace_session_merge_counts(session, t, !o->stream);
	ld_tracer_free(t);
	res->exit_status = ld_shell_status(status);
	if (session->err < 0)
		return fail(res, false, session->err, "tracing failed: %s",
			    ld_strerror(-session->err));
	return 0;
}
