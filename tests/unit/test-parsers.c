// SPDX-License-Identifier: GPL-2.0-or-later
/* Table-driven tests of the text parsers: securityfs, LSM list, cmdline, kmsg, efivars. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lockdown/cmdline.h"
#include "kmsg.h"
#include "lockdown/level.h"
#include "lockdown/strv.h"
#include "lockdown/sysinfo.h"
#include "lockdown/utf8.h"

static void test_securityfs_levels(void **state)
{
	static const struct {
		const char *text;
		int err;
		enum ld_level level;
	} cases[] = {
		{ "[none] integrity confidentiality\n", 0, LD_LEVEL_NONE },
		{ "none [integrity] confidentiality\n", 0, LD_LEVEL_INTEGRITY },
		{ "none integrity [confidentiality]\n", 0, LD_LEVEL_CONFIDENTIALITY },
		{ "none [integrity] confidentiality", 0, LD_LEVEL_INTEGRITY }, /* no newline */
		{ "[integrity]", 0, LD_LEVEL_INTEGRITY },
		{ "none integrity confidentiality\n", -EBADMSG, 0 },	  /* no marker */
		{ "[none] [integrity] confidentiality\n", -EBADMSG, 0 }, /* two markers */
		{ "none [paranoid] confidentiality\n", -EBADMSG, 0 },	  /* unknown word */
		{ "none [Integrity] confidentiality\n", -EBADMSG, 0 },	  /* case matters */
		{ "none  [integrity]\n", -EBADMSG, 0 },		  /* double blank */
		{ " [none]\n", -EBADMSG, 0 },
		{ "[none] \n", -EBADMSG, 0 },
		{ "[none]\n\n", -EBADMSG, 0 },
		{ "[]\n", -EBADMSG, 0 },
		{ "[none\n", -EBADMSG, 0 },
		{ "\n", -EBADMSG, 0 },
		{ "", -EBADMSG, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum ld_level level = _LD_LEVEL_INVALID;
		int err = ld_securityfs_parse_level(cases[i].text, strlen(cases[i].text), &level);

		assert_int_equal(cases[i].err, err);
		if (err == 0)
			assert_int_equal(cases[i].level, level);
		else
			assert_int_equal(_LD_LEVEL_INVALID, level); /* untouched on failure */
	}
}

static void test_securityfs_huge_and_nul(void **state)
{
	size_t len = 1 << 20;
	char *big = malloc(len);
	enum ld_level level;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', len);
	assert_int_equal(-EBADMSG, ld_securityfs_parse_level(big, len, &level));
	free(big);
	assert_int_equal(-EBADMSG, ld_securityfs_parse_level("[no\0ne]\n", 8, &level));
}

static void test_securityfs_write_rules(void **state)
{
	enum ld_level to;

	(void)state;
	/* the kernel's ratchet: only a higher level is accepted */
	assert_int_equal(0, ld_securityfs_check_write(LD_LEVEL_NONE, "integrity\n", 10, &to));
	assert_int_equal(LD_LEVEL_INTEGRITY, to);
	assert_int_equal(0, ld_securityfs_check_write(LD_LEVEL_INTEGRITY, "confidentiality", 15, &to));
	assert_int_equal(-EPERM, ld_securityfs_check_write(LD_LEVEL_INTEGRITY, "integrity", 9, &to));
	assert_int_equal(-EPERM, ld_securityfs_check_write(LD_LEVEL_INTEGRITY, "none\n", 5, &to));
	assert_int_equal(-EPERM, ld_securityfs_check_write(LD_LEVEL_NONE, "none", 4, &to));
	/* one trailing newline only, case-sensitive, and strcmp stops at NUL */
	assert_int_equal(-EINVAL, ld_securityfs_check_write(LD_LEVEL_NONE, "integrity\n\n", 11, &to));
	assert_int_equal(-EINVAL, ld_securityfs_check_write(LD_LEVEL_NONE, "Integrity", 9, &to));
	assert_int_equal(-EINVAL, ld_securityfs_check_write(LD_LEVEL_NONE, " integrity", 10, &to));
	assert_int_equal(-EINVAL, ld_securityfs_check_write(LD_LEVEL_NONE, "", 0, &to));
	assert_int_equal(0, ld_securityfs_check_write(LD_LEVEL_NONE, "integrity\0junk", 14, &to));
}

static void test_level_names(void **state)
{
	enum ld_level level;

	(void)state;
	assert_string_equal("confidentiality", ld_level_to_string(LD_LEVEL_CONFIDENTIALITY));
	assert_null(ld_level_to_string(_LD_LEVEL_MAX));
	assert_int_equal(0, ld_level_from_string("none", &level));
	assert_int_equal(LD_LEVEL_NONE, level);
	assert_int_equal(-EINVAL, ld_level_from_string("NONE", &level));
	assert_int_equal(-EINVAL, ld_level_from_string(NULL, &level));
}

static void test_lsm_list(void **state)
{
	static const struct {
		const char *text;
		int err;
		size_t n;
	} cases[] = {
		{ "lockdown,capability,landlock,yama,apparmor,tomoyo,bpf", 0, 7 },
		{ "lockdown,capability\n", 0, 2 },
		{ "bpf", 0, 1 },
		{ "", 0, 0 }, /* every LSM disabled */
		{ "\n", 0, 0 },
		{ "lockdown,,bpf", -EBADMSG, 0 },
		{ ",lockdown", -EBADMSG, 0 },
		{ "lockdown,", -EBADMSG, 0 },
		{ "lock down", -EBADMSG, 0 },
		{ "Lockdown", -EBADMSG, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_strv sv = { 0 };
		int err = ld_lsm_list_parse(cases[i].text, strlen(cases[i].text), &sv);

		assert_int_equal(cases[i].err, err);
		assert_int_equal(cases[i].n, sv.n);
		ld_strv_clear(&sv);
	}
}

static void test_lsm_list_members(void **state)
{
	struct ld_strv sv = { 0 };
	const char *text = "lockdown,capability,bpf";

	(void)state;
	assert_int_equal(0, ld_lsm_list_parse(text, strlen(text), &sv));
	assert_true(ld_strv_contains(&sv, "lockdown"));
	assert_true(ld_strv_contains(&sv, "bpf"));
	assert_false(ld_strv_contains(&sv, "lock"));
	assert_null(sv.v[sv.n]); /* NULL-terminated */
	ld_strv_clear(&sv);
}

static void test_cmdline_split(void **state)
{
	const char *text = "BOOT_IMAGE=/vmlinuz ro  quiet\tlockdown=integrity lsm=\"lockdown, bpf\" "
			   "\"odd=a b\" module.sig-enforce=1 lockdown=confidentiality -- init lockdown=x\n";
	const struct ld_cmdline_arg *arg;
	struct ld_cmdline c = { 0 };

	(void)state;
	assert_int_equal(0, ld_cmdline_parse(text, strlen(text), &c));
	assert_int_equal(8, c.n);
	assert_string_equal("ro", c.args[1].key);
	assert_null(c.args[1].value);
	/* repeated: all kept in order, last wins for lookups */
	assert_int_equal(2, ld_cmdline_count(&c, "lockdown"));
	assert_string_equal("integrity", ld_cmdline_nth(&c, "lockdown", 0)->value);
	assert_string_equal("confidentiality", ld_cmdline_last(&c, "lockdown")->value);
	/* quotes protect blanks and are removed */
	assert_string_equal("lockdown, bpf", ld_cmdline_last(&c, "lsm")->value);
	assert_string_equal("a b", ld_cmdline_last(&c, "odd")->value);
	/* '-' and '_' are the same in parameter names */
	arg = ld_cmdline_last(&c, "module.sig_enforce");
	assert_non_null(arg);
	assert_string_equal("1", arg->value);
	/* after "--" everything belongs to init */
	assert_null(ld_cmdline_nth(&c, "lockdown", 2));
	assert_null(ld_cmdline_last(&c, "init"));
	ld_cmdline_clear(&c);
}

static void test_cmdline_odd(void **state)
{
	struct ld_cmdline c = { 0 };

	(void)state;
	assert_int_equal(0, ld_cmdline_parse("", 0, &c));
	assert_int_equal(0, c.n);
	assert_int_equal(0, ld_cmdline_parse("   \n", 4, &c));
	assert_int_equal(0, c.n);
	assert_int_equal(0, ld_cmdline_parse("lockdown", 8, &c)); /* bare, no value */
	assert_null(ld_cmdline_last(&c, "lockdown")->value);
	ld_cmdline_clear(&c);
	assert_int_equal(0, ld_cmdline_parse("lockdown=", 9, &c));
	assert_string_equal("", ld_cmdline_last(&c, "lockdown")->value);
	ld_cmdline_clear(&c);
	assert_int_equal(0, ld_cmdline_parse("a=\"unterminated b", 17, &c));
	assert_int_equal(1, c.n);
	ld_cmdline_clear(&c);
	assert_int_equal(-EBADMSG, ld_cmdline_parse("a\0b", 3, &c));
}

static void test_kmsg_record(void **state)
{
	const char *line = "5,42,1203311,-,caller=T1;Kernel is locked down from command line; see man "
			   "kernel_lockdown.7";
	struct ld_kmsg_record rec;
	const char *src;
	size_t len;

	(void)state;
	assert_int_equal(0, ld_kmsg_parse_record(line, strlen(line), &rec));
	assert_int_equal(0, rec.facility);
	assert_int_equal(5, rec.level);
	assert_int_equal(42, rec.seq);
	assert_int_equal(1203311, rec.usec);
	assert_true(ld_kmsg_lockdown_raise(rec.msg, rec.msg_len, &src, &len));
	assert_int_equal(12, len);
	assert_memory_equal("command line", src, len);
	/* user space writes to /dev/kmsg land in facility 1 (LOG_USER) */
	assert_int_equal(0, ld_kmsg_parse_record("13,1,2,-;x", 10, &rec));
	assert_int_equal(1, rec.facility);
	/* old kernels: no caller field */
	assert_int_equal(0, ld_kmsg_parse_record("6,1,2,-;x", 9, &rec));
	assert_int_equal(1, rec.msg_len);
}

static void test_kmsg_bad(void **state)
{
	static const char *const bad[] = {
		"", "no semicolon", "5,1;x", "5;x", "a,1,2,-;x", "5,1,2x;x", "5,,2,-;x",
		"99999999999,1,2,-;x", "5,1,99999999999999999999999,-;x",
	};
	struct ld_kmsg_record rec;
	const char *src;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(-EBADMSG, ld_kmsg_parse_record(bad[i], strlen(bad[i]), &rec));
	assert_false(ld_kmsg_lockdown_raise("Kernel is locked down from ; see man kernel_lockdown.7",
					    54, &src, &len));
	assert_false(ld_kmsg_lockdown_raise("Kernel is locked down from x", 28, &src, &len));
	assert_true(ld_kmsg_lockdown_raise("Kernel is locked down from x; see man kernel_lockdown.7\n",
					   56, &src, &len));
}

static void test_efivar(void **state)
{
	unsigned v = 99;

	(void)state;
	assert_int_equal(0, ld_efivar_parse_u8("\x06\0\0\0\x01", 5, &v));
	assert_int_equal(1, v);
	assert_int_equal(-EBADMSG, ld_efivar_parse_u8("\x06\0\0\0", 4, &v));
	assert_int_equal(-EBADMSG, ld_efivar_parse_u8("\x06\0\0\0\x01\x01", 6, &v));
}

static void test_mounts(void **state)
{
	const char *m = "sysfs /sys sysfs rw 0 0\n"
			"none /sys/kernel/security/x securityfs rw 0 0\n"
			"securityfs /sys/kernel/security securityfsx rw 0 0\n"
			"securityfs /sys/kernel/security securityfs rw,nosuid 0 0";
	const char *last = strrchr(m, '\n') + 1;

	(void)state;
	assert_int_equal(1, ld_mounts_contains(m, strlen(m), "/sys/kernel/security", "securityfs"));
	/* near misses: a longer path, a longer type, a line cut short */
	assert_int_equal(0, ld_mounts_contains(m, (size_t)(last - m), "/sys/kernel/security",
						"securityfs"));
	assert_int_equal(0, ld_mounts_contains("a /b", 4, "/b", "x"));
	assert_int_equal(0, ld_mounts_contains("", 0, "/", "x"));
}

static void test_utf8(void **state)
{
	bool changed;
	char *s;

	(void)state;
	s = ld_utf8_sanitize("plain \xc3\xa9t\xc3\xa9", 11, &changed);
	assert_string_equal("plain \xc3\xa9t\xc3\xa9", s);
	assert_false(changed);
	free(s);
	/* stray continuation, overlong '/', surrogate, truncated sequence */
	s = ld_utf8_sanitize("a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82", 12, &changed);
	assert_true(changed);
	assert_string_equal("a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd"
			    "\xef\xbf\xbd" "d\xef\xbf\xbd\xef\xbf\xbd", s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_securityfs_levels),
		cmocka_unit_test(test_securityfs_huge_and_nul),
		cmocka_unit_test(test_securityfs_write_rules),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_lsm_list),
		cmocka_unit_test(test_lsm_list_members),
		cmocka_unit_test(test_cmdline_split),
		cmocka_unit_test(test_cmdline_odd),
		cmocka_unit_test(test_kmsg_record),
		cmocka_unit_test(test_kmsg_bad),
		cmocka_unit_test(test_efivar),
		cmocka_unit_test(test_mounts),
		cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests_name("parsers", tests, NULL, NULL);
}
