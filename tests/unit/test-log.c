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

#include "lockdown/log.h"
#include "log/logscanner.h"
#include "lockdown/reasons.h"

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


/* Wordings of Debian 10/11, pre-5.4 distribution patches and RHEL; module rejections. */
static void test_distribution_wordings(void **state)
{
	static const struct {
		const char *msg, *comm, *enumerator;
	} cases[] = {
		{ "Lockdown: modprobe: unsigned module loading is restricted; see https://wiki.debian.org/SecureBoot",
		  "modprobe", "LOCKDOWN_MODULE_SIGNATURE" },
		{ "Lockdown: BPF is restricted; see https://wiki.debian.org/SecureBoot", "",
		  "LOCKDOWN_BPF_READ_KERNEL" },
		{ "Lockdown: Hibernation is restricted; see man kernel_lockdown.7", "", "LOCKDOWN_HIBERNATION" },
		{ "Lockdown: modprobe: Loading of untrusted modules is restricted; see man kernel_lockdown.7",
		  "modprobe", "LOCKDOWN_MODULE_SIGNATURE" },
		{ "Lockdown: insmod: Loading of unsigned modules is restricted; see man kernel_lockdown.7",
		  "insmod", "LOCKDOWN_MODULE_SIGNATURE" },
		{ "Lockdown: ioperm is restricted; see man kernel_lockdown.7", "", "LOCKDOWN_IOPORT" },
		{ "Lockdown: x86_energy_perf: Direct MSR access is restricted; see man kernel_lockdown.7",
		  "x86_energy_perf", "LOCKDOWN_MSR" },
		/* another distribution's pointer, and a line cut after "see" */
		{ "Lockdown: dd: /dev/mem,kmem,port is restricted; see https://example.org/lockdown", "dd",
		  "LOCKDOWN_DEV_MEM" },
		{ "Lockdown: insmod: unsigned module loading is restricted; see man k", "insmod",
		  "LOCKDOWN_MODULE_SIGNATURE" },
	};
	struct ld_logmsg m;
	const char *kw;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = classify(cases[i].msg);
		if (m.kind != LD_LOGMSG_DENIAL || !m.enumerator)
			fail_msg("case %zu: not a known denial", i);
		assert_string_equal(cases[i].comm, m.comm);
		assert_string_equal(cases[i].enumerator, m.enumerator);
	}
	m = classify("Kernel is locked down from EFI secure boot; see https://wiki.debian.org/SecureBoot");
	assert_int_equal(LD_LOGMSG_RAISE, m.kind);
	assert_string_equal("EFI secure boot", m.what);
	m = classify("Loading of module with unavailable key is rejected");
	assert_int_equal(LD_LOGMSG_MODULE_REJECTED, m.kind);
	assert_string_equal("module with unavailable key", m.what);
	assert_int_equal(LD_LOGMSG_LIFT, classify("Lifting lockdown").kind);
	assert_int_equal(LD_LOGMSG_NONE, classify("Lifting lockdown later").kind);
	m = classify("Loading of module with unsupported crypto is rejected");
	assert_int_equal(LD_LOGMSG_MODULE_REJECTED, m.kind);
	assert_int_equal(LD_LOGMSG_NONE, classify("Loading of firmware is rejected").kind);
	assert_int_equal(LD_LOGMSG_MODULE_SIG,
			 classify("Request for unknown module key 'Red Hat: 3ffb' err -13").kind);
	assert_int_equal(LD_LOGMSG_MODULE_SIG, classify("Module is not signed with expected PKCS#7 message").kind);
	/* levels: fixed per reason; a guess from a keyword for unknown texts, or none */
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, ld_reason_known_level("LOCKDOWN_KCORE"));
	assert_int_equal(LD_LEVEL_INTEGRITY, ld_reason_known_level("LOCKDOWN_DEV_MEM"));
	assert_int_equal(_LD_LEVEL_INVALID, ld_reason_known_level("LOCKDOWN_NOPE"));
	assert_int_equal(_LD_LEVEL_INVALID, ld_reason_known_level(NULL));
	assert_int_equal(LD_LEVEL_INTEGRITY, ld_log_guess_level("raw SPI flash io port poking", &kw));
	assert_string_equal("port", kw + strlen(kw) - 4); /* "io port" or "i/o port" or "ioport" */
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, ld_log_guess_level("kernel stack peeking via bpf", &kw));
	assert_string_equal("bpf", kw);
	assert_int_equal(LD_LEVEL_INTEGRITY, ld_log_guess_level("use of bpf to write user RAM", &kw));
	assert_int_equal(_LD_LEVEL_INVALID, ld_log_guess_level("frobnication", &kw));
	assert_null(kw);
	assert_true(ld_logmsg_looks_lockdown("Lockdown: x", 11));
	assert_false(ld_logmsg_looks_lockdown("ACPI: kernel is locked down, ignoring", 37));
}

/* The formats people paste: each gives the kernel's message, or says it is another program's. */
static void test_more_lines(void **state)
{
	static const struct {
		const char *line;
		bool parsed, kernel;
		enum ld_logformat format;
	} cases[] = {
		{ "[    5.000001] myhost kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_TAGGED },
		{ "Nov 28 12:00:01 kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_SYSLOG },
		{ "Nov 28 12:00:01.123456 myhost kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_SYSLOG },
		{ "Sat 2026-11-28 12:00:07 UTC myhost kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_SYSLOG },
		{ "kern  :notice: [    6.000000] Lockdown: a: b is restricted", true, true, LD_LOGFMT_DMESG_X },
		{ "user  :notice: [    6.000000] Lockdown: a: b is restricted", false, false, LD_LOGFMT_DMESG_X },
		{ "kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_TAGGED },
		{ "archlinux kernel: Lockdown: a: b is restricted", true, true, LD_LOGFMT_TAGGED },
		{ "[  +0.000035] Lockdown: a: b is restricted", true, true, LD_LOGFMT_DMESG },
		{ "2026-11-28T12:00:08,000001+00:00 Lockdown: a: b is restricted", true, true, LD_LOGFMT_DMESG },
		{ "Nov 28 12:00:09 [kernel] [    9.0] Lockdown: a: b is restricted", true, true, LD_LOGFMT_SYSLOG },
		{ "Nov 28 12:00:10 myhost evil[123]: Lockdown: a: b is restricted", false, false, LD_LOGFMT_SYSLOG },
		{ "Nov 28 12:00:10 systemd-modules-load: Lockdown: a: b is restricted", false, false, LD_LOGFMT_SYSLOG },
		{ "[   10.0] myhost evil[124]: Lockdown: a: b is restricted", false, false, LD_LOGFMT_DMESG },
	};
	struct ld_logline l;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = ld_logline_parse(cases[i].line, strlen(cases[i].line), &l);

		if (got != cases[i].parsed || l.format != cases[i].format)
			fail_msg("case %zu: parsed %d format %d", i, got, (int)l.format);
		if (got) {
			assert_true(l.from_kernel == cases[i].kernel);
			assert_memory_equal("Lockdown: a: b", l.msg, 14);
		}
	}
}

/* journalctl -o json: MESSAGE as bytes is decoded; a record without a readable one is counted. */
static void test_json_messages(void **state)
{
	const char *s;
	struct ld_logline l;

	(void)state;
	s = "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":[76,111,99,107,100,111,119,110,58,32,27,120]}";
	assert_true(ld_logline_parse_json(s, strlen(s), &l));
	assert_true(l.from_kernel);
	assert_int_equal(12, l.msg_len);
	assert_memory_equal("Lockdown: \x1bx", l.msg, 12);
	s = "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":[76,300]}";
	assert_false(ld_logline_parse_json(s, strlen(s), &l));
	assert_true(l.unreadable);
	s = "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":{\"a\":1}}";
	assert_false(ld_logline_parse(s, strlen(s), &l));
	assert_true(l.unreadable);
	s = "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":[76,";
	assert_false(ld_logline_parse(s, strlen(s), &l));
	assert_true(l.unreadable);
}

/* "N callbacks suppressed" with no refusal before it: unknown, not "several reasons". */
static void test_summary_suppressed_first(void **state)
{
	struct ld_log_summary s;

	(void)state;
	ld_log_summary_init(&s);
	add(&s, "lockdown_is_locked_down: 5 callbacks suppressed", true);
	add(&s, "Lockdown: dd: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7", true);
	add(&s, "Lockdown: cat: /proc/kcore access is restricted; see man kernel_lockdown.7", true);
	add(&s, "lockdown_is_locked_down: 7 callbacks suppressed", true);
	add(&s, "lockdown_is_locked_down: 3 callbacks suppressed", true);
	assert_int_equal(5 + 3, s.suppressed_unknown);
	assert_int_equal(7, s.suppressed_several);
	assert_int_equal(15, s.suppressed_unattributed);
	add(&s, "Loading of unsigned module is rejected", true);
	add(&s, "Loading of module with unavailable key is rejected", true);
	add(&s, "Loading of unsigned module is rejected", true);
	assert_int_equal(3, s.module_rejected);
	assert_int_equal(2, s.n_rejections);
	assert_int_equal(2, s.rejections[0].count);
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
		cmocka_unit_test(test_distribution_wordings),
		cmocka_unit_test(test_more_lines),
		cmocka_unit_test(test_json_messages),
		cmocka_unit_test(test_summary_suppressed_first),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
