// SPDX-License-Identifier: GPL-2.0-or-later
/* log without a kernel: messages, line formats, the summary, the scanners. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lockdown/logscan.h"
#include "lockdown/logscanner.h"

static struct ld_logmsg classify(const char *msg)
{
	struct ld_logmsg m;

	ld_logmsg_classify(msg, strlen(msg), &m);
	return m;
}

static void test_denials(void **state)
{
	static const struct {
		const char *msg, *comm, *enumerator, *what;
	} cases[] = {
		{ "Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7", "dd",
		  "LOCKDOWN_DEV_MEM", "/dev/mem,kmem,port" },
		/* a comm with ": " in it, and one with "is restricted" in it */
		{ "Lockdown: ab: cd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7", "ab: cd",
		  "LOCKDOWN_DEV_MEM", "/dev/mem,kmem,port" },
		{ "Lockdown: x is restricted: /proc/kcore access is restricted; see man kernel_lockdown.7",
		  "x is restricted", "LOCKDOWN_KCORE", "/proc/kcore access" },
		/* the oldest form has no comm */
		{ "Lockdown: hibernation is restricted; see man kernel_lockdown.7", "", "LOCKDOWN_HIBERNATION",
		  "hibernation" },
		/* the man page's comma, pre-5.4 wordings without the pointer */
		{ "Lockdown: tlp: raw MSR access is restricted, see man kernel_lockdown.7", "tlp",
		  "LOCKDOWN_MSR", "raw MSR access" },
		{ "Lockdown: insmod: Loading of unsigned module is restricted", "insmod",
		  "LOCKDOWN_MODULE_SIGNATURE", "Loading of unsigned module" },
		{ "Lockdown: execsnoop: Use of kprobes is restricted", "execsnoop", "LOCKDOWN_KPROBES",
		  "Use of kprobes" },
		/* two enumerators print "use of bpf to read kernel RAM": the newer name */
		{ "Lockdown: bpftool: use of bpf to read kernel RAM is restricted; see man kernel_lockdown.7",
		  "bpftool", "LOCKDOWN_BPF_READ_KERNEL", "use of bpf to read kernel RAM" },
		/* a reason this build does not know: still split and kept */
		{ "Lockdown: foo: quantum flux is restricted; see man kernel_lockdown.7\n", "foo", NULL,
		  "quantum flux" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_logmsg m = classify(cases[i].msg);

		if (m.kind != LD_LOGMSG_DENIAL)
			fail_msg("case %zu: not a denial", i);
		assert_string_equal(cases[i].comm, m.comm);
		assert_string_equal(cases[i].what, m.what);
		if (cases[i].enumerator)
			assert_string_equal(cases[i].enumerator, m.enumerator);
		else
			assert_null(m.enumerator);
	}
}

static void test_other_messages(void **state)
{
	struct ld_logmsg m;

	(void)state;
	m = classify("Kernel is locked down from EFI Secure Boot mode; see man kernel_lockdown.7");
	assert_int_equal(LD_LOGMSG_RAISE, m.kind);
	assert_string_equal("EFI Secure Boot mode", m.what);
	m = classify("lockdown_is_locked_down: 20 callbacks suppressed");
	assert_int_equal(LD_LOGMSG_SUPPRESSED, m.kind);
	assert_int_equal(20, m.suppressed);
	assert_int_equal(LD_LOGMSG_NONE, classify("lockdown_is_locked_down: x callbacks suppressed").kind);
	assert_int_equal(LD_LOGMSG_MODULE_REJECTED, classify("Loading of unsigned module is rejected").kind);
	m = classify("ldtest: module verification failed: signature and/or required key missing - tainting kernel");
	assert_int_equal(LD_LOGMSG_MODULE_UNSIGNED, m.kind);
	assert_string_equal("ldtest", m.comm);
	assert_int_equal(LD_LOGMSG_NONE, classify("Lockdown: nothing here").kind);
	assert_int_equal(LD_LOGMSG_NONE, classify("e1000e: eth0 NIC Link is Down").kind);
}

static void test_lines(void **state)
{
	struct ld_logline l;
	const char *s;

	(void)state;
	s = "[   12.000001] Lockdown: dd: x is restricted";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_int_equal(12000001, l.mono_us);
	assert_true(l.from_kernel);
	assert_memory_equal("Lockdown:", l.msg, 9);
	s = "[Sat Nov 28 12:00:05 2026] Lockdown: a: b is restricted";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_int_equal(1795867205000000LL, l.realtime_us);
	s = "Nov 28 12:00:00 web01 kernel: [    0.5] Lockdown: a: b is restricted";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_int_equal(500000, l.mono_us);
	assert_memory_equal("Lockdown:", l.msg, 9);
	/* another program's syslog line is not a kernel message at all */
	s = "Nov 28 12:00:00 web01 sshd[9]: Lockdown: a: b is restricted";
	assert_false(ld_logline_parse(s, strlen(s), &l));
	s = "2026-11-28T12:00:00.1+00:00 web01 kernel: Lockdown: a: b is restricted";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_int_equal(1795867200000000LL, l.realtime_us);
	s = "{\"MESSAGE\":\"Lockdown: a: b is restricted\",\"_TRANSPORT\":\"syslog\"}";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_false(l.from_kernel);
	s = "13,43,12000300,-,caller=T900;Lockdown: forger: b is restricted";
	assert_true(ld_logline_parse(s, strlen(s), &l));
	assert_false(l.from_kernel); /* facility 1: written by user space */
	assert_int_equal(900, l.pid);
}

static void add(struct ld_log_summary *s, const char *msg, bool kernel)
{
	struct ld_logline l = { .msg = msg, .msg_len = strlen(msg), .from_kernel = kernel,
				.trusted = kernel, .mono_us = 1, .realtime_us = -1 };
	struct ld_logmsg m;

	ld_logmsg_classify(msg, strlen(msg), &m);
	assert_true(ld_log_summary_add(s, &l, &m) >= 0);
}

static void test_summary_suppressed(void **state)
{
	struct ld_log_summary s;

	(void)state;
	ld_log_summary_init(&s);
	/* a window of one reason: its suppressed count is that reason's */
	for (int i = 0; i < 10; i++)
		add(&s, "Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7", true);
	add(&s, "lockdown_is_locked_down: 20 callbacks suppressed", true);
	/* a mixed window: nobody's */
	add(&s, "Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7", true);
	add(&s, "Lockdown: cat: debugfs access is restricted; see man kernel_lockdown.7", true);
	add(&s, "lockdown_is_locked_down: 5 callbacks suppressed", true);
	/* forged: counted apart */
	add(&s, "Lockdown: forger: /proc/kcore access is restricted; see man kernel_lockdown.7", false);
	assert_int_equal(2, s.n);
	assert_int_equal(11, s.reasons[0].logged);
	assert_int_equal(20, s.reasons[0].suppressed);
	assert_int_equal(5, s.suppressed_unattributed);
	assert_int_equal(1, s.forged);
	assert_int_equal(1, s.reasons[0].n_procs);
	assert_int_equal(11, s.reasons[0].procs[0].count);
	ld_log_summary_clear(&s);
}

static int collect(const char *line, size_t len, void *userdata)
{
	char *out = userdata;

	strncat(out, line, len);
	strcat(out, "|");
	return 0;
}

/* Both engines hand out the same lines, once each, in order. */
static void test_scanners_agree(void **state)
{
	const char *buf = "a\nLockdown: x\nb module c\nkernel_lockdown.7 module x\nzzz\nlast ockdown";
	char got[2][256] = { "", "" };

	(void)state;
	for (int hs = 0; hs < 2; hs++) {
		struct ld_log_scanner *s;

		assert_int_equal(0, ld_log_scanner_new(hs, &s));
		assert_int_equal(0, ld_log_scanner_scan(s, buf, strlen(buf), collect, got[hs]));
		ld_log_scanner_free(s);
	}
	assert_string_equal("Lockdown: x|b module c|kernel_lockdown.7 module x|last ockdown|", got[0]);
	assert_string_equal(got[0], got[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_denials),
		cmocka_unit_test(test_other_messages),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_summary_suppressed),
		cmocka_unit_test(test_scanners_agree),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
