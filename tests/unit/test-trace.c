// SPDX-License-Identifier: GPL-2.0-or-later
/* trace without a kernel: record decoding, the summary, event files, /proc attribution. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bpf/lockdown_events.h"
#include "lockdown/reasons.h"
#include "lockdown/trace.h"

static struct ld_event_check check_record(int reason, int ret, const char *comm)
{
	struct ld_event_check e;

	memset(&e, 0, sizeof(e));
	e.h.size = sizeof(e);
	e.h.version = LD_EVENTS_VERSION;
	e.h.kind = LD_EVENT_CHECK;
	e.h.ts_ns = 1000;
	e.h.pid = 812;
	e.h.tgid = 811;
	e.cgroup_id = 77;
	e.uid = 1000;
	e.reason = reason;
	e.ret = ret;
	memcpy(e.comm, comm, strnlen(comm, sizeof(e.comm)));
	return e;
}

static void test_decode_check(void **state)
{
	struct ld_event_check e = check_record(22, -1, "dd");
	struct ld_trace_record r;

	(void)state;
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e), &r), 0);
	assert_int_equal(r.kind, LD_RECORD_CHECK);
	assert_int_equal(r.reason, 22);
	assert_int_equal(r.ret, -1);
	assert_int_equal(r.pid, 812);
	assert_int_equal(r.tgid, 811);
	assert_int_equal(r.uid, 1000);
	assert_string_equal(r.comm, "dd");

	/* a full 16-byte comm has no terminator in the record: the copy gets one */
	e = check_record(2, 0, "0123456789abcdef");
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e), &r), 0);
	assert_string_equal(r.comm, "0123456789abcdef");
}

static void test_decode_rejects(void **state)
{
	struct ld_event_check e = check_record(2, 0, "x");
	struct ld_trace_record r;

	(void)state;
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e) - 1, &r), -EBADMSG);
	assert_int_equal(ld_trace_record_decode(&e, 3, &r), -EBADMSG);
	assert_int_equal(ld_trace_record_decode(NULL, 0, &r), -EBADMSG);
	e.h.version = 2;
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e), &r), -EBADMSG);
	e.h.version = LD_EVENTS_VERSION;
	e.h.kind = 9;
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e), &r), -EBADMSG);
	e.h.kind = LD_EVENT_EXIT; /* an exit record has its own size */
	assert_int_equal(ld_trace_record_decode(&e, sizeof(e), &r), -EBADMSG);
}

static void test_decode_exec(void **state)
{
	struct ld_event_exec *e = calloc(1, sizeof(*e));
	struct ld_trace_record r;

	(void)state;
	e->h.size = sizeof(*e);
	e->h.version = LD_EVENTS_VERSION;
	e->h.kind = LD_EVENT_EXEC;
	e->h.tgid = 5;
	memcpy(e->exe, "/usr/bin/dd", 12);
	e->exe_len = 12;
	memcpy(e->args, "dd\0if=/dev/mem\0", 15);
	e->args_len = 15;
	assert_int_equal(ld_trace_record_decode(e, sizeof(*e), &r), 0);
	assert_string_equal(r.exe, "/usr/bin/dd");
	assert_int_equal(r.args_len, 15);
	assert_memory_equal(r.args, "dd\0if=/dev/mem\0", 15);

	/* lengths beyond the buffers and strings without an end stay inside */
	memset(e->exe, 'A', sizeof(e->exe));
	e->exe_len = 100000;
	e->args_len = 100000;
	assert_int_equal(ld_trace_record_decode(e, sizeof(*e), &r), 0);
	assert_int_equal(strlen(r.exe), sizeof(e->exe));
	assert_int_equal(r.args_len, sizeof(e->args));
	free(e);
}

static struct ld_trace_event event(int64_t value, const char *enumerator, enum ld_level level,
				   uint32_t tgid, const char *comm, int ret, uint64_t t)
{
	struct ld_trace_event ev = { .value = value, .level = level, .tgid = tgid, .pid = tgid,
				     .ret = ret, .time_ns = t };

	snprintf(ev.enumerator, sizeof(ev.enumerator), "%s", enumerator);
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm);
	return ev;
}

static void test_summary(void **state)
{
	struct ld_trace_summary s = { 0 };
	struct ld_trace_event a = event(22, "LOCKDOWN_KCORE", LD_LEVEL_CONFIDENTIALITY, 10, "cat", 0, 500),
			      b = event(2, "LOCKDOWN_DEV_MEM", LD_LEVEL_INTEGRITY, 11, "dd", -1, 300),
			      c = event(22, "LOCKDOWN_KCORE", LD_LEVEL_CONFIDENTIALITY, 10, "cat", 0, 100),
			      u = event(99, "", _LD_LEVEL_INVALID, 12, "x", 0, 50);

	(void)state;
	assert_int_equal(ld_trace_summary_add(&s, &a), 0);
	assert_int_equal(ld_trace_summary_add(&s, &b), 0);
	assert_int_equal(ld_trace_summary_add(&s, &c), 0);
	assert_int_equal(ld_trace_summary_add(&s, &u), 0);
	ld_trace_summary_finish(&s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.events, 4);
	/* sorted by the kernel's number */
	assert_int_equal(s.reasons[0].value, 2);
	assert_int_equal(s.reasons[1].value, 22);
	assert_int_equal(s.reasons[1].checks, 2);
	assert_int_equal(s.reasons[1].n_procs, 1); /* one process, counted twice */
	assert_int_equal(s.reasons[1].procs[0].checks, 2);
	assert_int_equal(s.reasons[1].first_ns, 100);
	assert_int_equal(s.reasons[1].last_ns, 500);
	assert_int_equal(s.reasons[0].denied, 1);
	/* the kernel's rule: integrity reasons fall at both levels, the rest at confidentiality */
	assert_true(ld_trace_reason_refused_at(&s.reasons[0], LD_LEVEL_INTEGRITY));
	assert_true(ld_trace_reason_refused_at(&s.reasons[0], LD_LEVEL_CONFIDENTIALITY));
	assert_false(ld_trace_reason_refused_at(&s.reasons[1], LD_LEVEL_INTEGRITY));
	assert_true(ld_trace_reason_refused_at(&s.reasons[1], LD_LEVEL_CONFIDENTIALITY));
	assert_false(ld_trace_reason_refused_at(&s.reasons[2], LD_LEVEL_CONFIDENTIALITY));
	assert_false(ld_trace_reason_refused_at(&s.reasons[0], LD_LEVEL_NONE));

	/* exact kernel counts raise what lost events left short, never lower */
	assert_int_equal(ld_trace_summary_set_exact(&s, 22, "LOCKDOWN_KCORE",
						    LD_LEVEL_CONFIDENTIALITY, 7, 3), 0);
	assert_int_equal(ld_trace_summary_set_exact(&s, 2, "LOCKDOWN_DEV_MEM",
						    LD_LEVEL_INTEGRITY, 1, 0), 0);
	assert_int_equal(s.reasons[1].checks, 7);
	assert_int_equal(s.reasons[1].denied, 3);
	assert_int_equal(s.reasons[0].checks, 1);
	assert_int_equal(s.reasons[0].denied, 1);

	/* summary mode: the kernel's count per process, and the reason's time span */
	ld_trace_summary_set_proc(&s, 22, 10, 40, 20, 9000);
	ld_trace_summary_set_proc(&s, 22, 99, 5, 1, 1);    /* unlisted: only the times count */
	ld_trace_summary_set_proc(&s, 1234, 10, 5, 1, 1);  /* no such reason: nothing */
	assert_int_equal(s.reasons[1].procs[0].checks, 40);
	assert_int_equal(s.reasons[1].n_procs, 1);
	assert_int_equal(s.reasons[1].first_ns, 1);
	assert_int_equal(s.reasons[1].last_ns, 9000);
	ld_trace_summary_clear(&s);
	assert_int_equal(s.n, 0);
}

static void test_summary_many_processes(void **state)
{
	struct ld_trace_summary s = { 0 };

	(void)state;
	for (uint32_t pid = 1; pid <= LD_TRACE_MAX_PROCS + 5; pid++) {
		struct ld_trace_event ev = event(15, "LOCKDOWN_DEBUGFS", LD_LEVEL_INTEGRITY, pid,
						 "pmdakvm", 0, pid);

		assert_int_equal(ld_trace_summary_add(&s, &ev), 0);
	}
	assert_int_equal(s.reasons[0].n_procs, LD_TRACE_MAX_PROCS);
	assert_int_equal(s.reasons[0].more_procs, 5);
	assert_int_equal(s.reasons[0].checks, LD_TRACE_MAX_PROCS + 5);
	ld_trace_summary_clear(&s);
}

struct collected {
	int n;
	struct ld_trace_event last;
};

static int collect(const struct ld_trace_event *ev, void *userdata)
{
	struct collected *c = userdata;

	c->n++;
	c->last = *ev;
	c->last.exe = c->last.cmdline = NULL; /* owned by the parser */
	return 0;
}

static void test_event_file(void **state)
{
	static const char good[] =
		"{\"type\":\"check\",\"realtime_us\":5,\"pid\":2,\"tgid\":1,\"value\":22,\"ret\":-1,"
		"\"comm\":\"cat\",\"enumerator\":\"LOCKDOWN_KCORE\",\"level\":\"confidentiality\","
		"\"context\":\"kernel-thread\",\"exe\":\"/bin/cat\"}\n"
		"\n"
		"{\"type\":\"future-kind\",\"anything\":1}\n"
		"{\"type\":\"summary\",\"lost\":{\"checks\":4,\"execs\":1,\"follows\":0}}";
	static const struct {
		const char *text;
		size_t line;
	} bad[] = {
		{ "{\"type\":\"check\"}\n", 1 },
		{ "\n\n[1]\n", 3 },
		{ "{\"type\":\"check\",\"realtime_us\":-1,\"pid\":1,\"tgid\":1,\"value\":1,\"ret\":0}", 1 },
		{ "{\"type\":\"check\",\"realtime_us\":1,\"pid\":1,\"tgid\":1,\"value\":1,\"ret\":0,"
		  "\"level\":\"paranoid\"}",
		  1 },
		{ "{\"type\":\"summary\"}\n", 1 },
		{ "{\"type\":\"check\"} trailing\n", 1 },
		{ "{\"type\":1}\n", 1 },
	};
	struct ld_event_file_totals t;
	struct collected c = { 0 };
	struct ld_where where = { 0 };

	(void)state;
	assert_int_equal(ld_event_file_parse(good, strlen(good), collect, &c, &t, &where), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.last.time_ns, 5000);
	assert_int_equal(c.last.value, 22);
	assert_int_equal(c.last.ret, -1);
	assert_int_equal(c.last.level, LD_LEVEL_CONFIDENTIALITY);
	assert_int_equal(c.last.context, LD_TRACE_KERNEL_THREAD);
	assert_string_equal(c.last.enumerator, "LOCKDOWN_KCORE");
	assert_true(t.present);
	assert_int_equal(t.lost_checks, 4);
	assert_int_equal(t.lost_execs, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		where.line = 0;
		assert_int_equal(ld_event_file_parse(bad[i].text, strlen(bad[i].text), collect, &c,
						     &t, &where),
				 -EBADMSG);
		assert_int_equal(where.line, bad[i].line);
	}
}

/* Processes that were running before the trace are named from /proc, once. */
static void test_proc_attribution(void **state)
{
	char dir[] = "/tmp/test-trace-XXXXXX", path[256];
	struct ld_trace_event ev = { .tgid = 42 };
	struct ld_trace_record exec = { .kind = LD_RECORD_EXEC, .tgid = 43 };
	struct ld_proc_cache *c;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/42", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/42/cmdline", dir);
	f = fopen(path, "w");
	fwrite("kworker\0x\0", 1, 10, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/42/stat", dir);
	f = fopen(path, "w");
	/* comm with a ") " inside, flags 0x00200000 (PF_KTHREAD) */
	fprintf(f, "42 (odd) name) S 2 0 0 0 -1 2097152 0 0\n");
	fclose(f);
	snprintf(path, sizeof(path), "%s/42/exe", dir);
	assert_int_equal(symlink("/usr/bin/true", path), 0);

	assert_int_equal(ld_proc_cache_new(dir, &c), 0);
	assert_int_equal(ld_proc_cache_attribute(c, &ev), 0);
	assert_string_equal(ev.exe, "/usr/bin/true");
	assert_string_equal(ev.cmdline, "kworker x");
	assert_int_equal(ev.context, LD_TRACE_KERNEL_THREAD);
	ld_trace_event_clear(&ev);

	/* an exec record wins over /proc, which may already be gone */
	snprintf(exec.exe, sizeof(exec.exe), "/bin/dd");
	memcpy(exec.args, "dd\0if=/dev/mem\0", 15);
	exec.args_len = 15;
	assert_int_equal(ld_proc_cache_exec(c, &exec), 0);
	ev = (struct ld_trace_event){ .tgid = 43 };
	assert_int_equal(ld_proc_cache_attribute(c, &ev), 0);
	assert_string_equal(ev.exe, "/bin/dd");
	assert_string_equal(ev.cmdline, "dd if=/dev/mem");
	assert_int_equal(ev.context, LD_TRACE_PROCESS);
	ld_trace_event_clear(&ev);
	ld_proc_cache_exit(c, 43);
	ev = (struct ld_trace_event){ .tgid = 43 };
	assert_int_equal(ld_proc_cache_attribute(c, &ev), 0);
	assert_null(ev.exe); /* gone, and /proc never had it */
	ld_trace_event_clear(&ev);
	ld_proc_cache_free(c);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static int collect_or_fail(const struct ld_trace_event *ev, void *userdata)
{
	struct collected *c = userdata;

	collect(ev, userdata);
	if (ev->tgid == 43) {
		assert_string_equal(ev->exe, "/bin/dd");
		assert_string_equal(ev->cmdline, "dd if=/dev/mem");
	}
	return c->n == 3 ? -EIO : 0;
}

/* The live path without a kernel: records in, named and attributed events out. */
static void test_session(void **state)
{
	struct ld_reason dev_mem = { .enumerator = "LOCKDOWN_DEV_MEM", .value = 2,
				     .level = LD_LEVEL_INTEGRITY };
	struct ld_catalogue cat = { .reasons = &dev_mem, .n = 1 };
	struct ld_trace_record exec = { .kind = LD_RECORD_EXEC, .tgid = 43 },
			       check = { .kind = LD_RECORD_CHECK, .mono_ns = 5, .pid = 44, .tgid = 43,
					 .reason = 2, .ret = -1, .comm = "dd" },
			       idle = { .kind = LD_RECORD_CHECK, .flags = LD_TRACE_F_IDLE, .reason = 7 };
	static const char file[] =
		"{\"type\":\"check\",\"realtime_us\":9,\"pid\":1,\"tgid\":1,\"value\":7,\"ret\":0}\n"
		"{\"type\":\"summary\",\"lost\":{\"checks\":4,\"execs\":1,\"follows\":2}}\n";
	struct ld_trace_session s;
	struct collected c = { 0 };
	struct ld_where where = { 0 };

	(void)state;
	assert_int_equal(ld_trace_session_init(&s, collect_or_fail, &c), 0);
	s.catalogue = &cat;
	s.realtime_offset_ns = 1000;
	snprintf(exec.exe, sizeof(exec.exe), "/bin/dd");
	memcpy(exec.args, "dd\0if=/dev/mem\0", 15);
	exec.args_len = 15;
	assert_int_equal(ld_trace_session_record(&exec, &s), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(ld_trace_session_record(&check, &s), 0);
	/* the kernel's clock made wall-clock time, the reason named, the exec record's process */
	assert_true(c.n == 1 && c.last.time_ns == 1005 && c.last.pid == 44 && c.last.ret == -1);
	assert_true(c.last.level == LD_LEVEL_INTEGRITY && c.last.context == LD_TRACE_PROCESS);
	assert_string_equal(c.last.enumerator, "LOCKDOWN_DEV_MEM");
	assert_string_equal(c.last.comm, "dd");
	/* nobody's check: no process to name, and a reason this kernel has no name for */
	assert_int_equal(ld_trace_session_record(&idle, &s), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.last.context, LD_TRACE_IDLE);
	assert_string_equal(c.last.enumerator, "");
	assert_int_equal(s.summary.events, 2);
	assert_int_equal(s.err, 0);

	/* a replayed file feeds the same summary; the failing sink stops it */
	assert_int_equal(ld_trace_session_replay(&s, file, strlen(file), &where), -EIO);
	assert_int_equal(where.line, 1);
	assert_int_equal(s.summary.lost_checks, 0);
	c.n = 0;
	assert_int_equal(ld_trace_session_replay(&s, file, strlen(file), &where), 0);
	assert_int_equal(s.summary.events, 4);
	assert_int_equal(s.summary.lost_checks, 4);
	assert_int_equal(s.summary.lost_execs, 1);
	assert_int_equal(s.summary.lost_follows, 2);

	/* a failing sink in the live path is remembered for the poll loop */
	c.n = 2;
	assert_int_equal(ld_trace_session_record(&idle, &s), -EIO);
	assert_int_equal(s.err, -EIO);
	ld_trace_session_clear(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_check),
		cmocka_unit_test(test_decode_rejects),
		cmocka_unit_test(test_decode_exec),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_many_processes),
		cmocka_unit_test(test_event_file),
		cmocka_unit_test(test_proc_attribution),
		cmocka_unit_test(test_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
