// SPDX-License-Identifier: GPL-2.0-or-later
/* The status model on fixture roots: level, activity, provenance, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lockdown/kconfig.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

static const char *fixtures(void)
{
	const char *dir = getenv("LD_FIXTURES");

	return dir ? dir : ".output/fixtures";
}

static void collect(const char *scenario, struct ld_status *st)
{
	struct ld_root *root = NULL;
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", fixtures(), scenario);
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_status_collect(root, st));
	ld_root_free(root);
}

static void test_scenarios(void **state)
{
	static const struct {
		const char *scenario;
		int level; /* -1: unreadable */
		enum ld_tristate active;
		enum ld_source source;
		bool from_log;
	} cases[] = {
		{ "deb61-none", LD_LEVEL_NONE, LD_YES, LD_SOURCE_NOT_LOCKED, false },
		{ "deb61-integrity", LD_LEVEL_INTEGRITY, LD_YES, LD_SOURCE_CMDLINE, true },
		{ "deb612-confidentiality", LD_LEVEL_CONFIDENTIALITY, LD_YES, LD_SOURCE_CMDLINE, true },
		{ "runtime-raise", LD_LEVEL_CONFIDENTIALITY, LD_YES, LD_SOURCE_SECURITYFS, true },
		{ "runtime-nolog", LD_LEVEL_CONFIDENTIALITY, LD_YES, LD_SOURCE_SECURITYFS, false },
		{ "not-mounted", -1, LD_YES, LD_SOURCE_KCONFIG, true },
		{ "kconfig-force", LD_LEVEL_INTEGRITY, LD_YES, LD_SOURCE_KCONFIG, false },
		{ "secure-boot", LD_LEVEL_INTEGRITY, LD_YES, LD_SOURCE_SECURE_BOOT, false },
		{ "secure-boot-log", LD_LEVEL_INTEGRITY, LD_YES, LD_SOURCE_SECURE_BOOT, true },
		{ "setup-mode", LD_LEVEL_NONE, LD_YES, LD_SOURCE_NOT_LOCKED, false },
		{ "lsm-inactive", LD_LEVEL_INTEGRITY, LD_NO, LD_SOURCE_SECURITYFS, true },
		{ "lsm-inactive-unmounted", -1, LD_NO, LD_SOURCE_SECURITYFS, true },
		{ "bpf-absent", LD_LEVEL_NONE, LD_YES, LD_SOURCE_NOT_LOCKED, false },
		{ "hostile", LD_LEVEL_INTEGRITY, LD_YES, LD_SOURCE_CMDLINE, true },
		{ "malformed", -1, LD_UNKNOWN, LD_SOURCE_NOT_LOCKED, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_status st;

		collect(cases[i].scenario, &st);
		if (cases[i].level < 0) {
			assert_true(st.level_err < 0);
		} else {
			assert_int_equal(0, st.level_err);
			assert_int_equal(cases[i].level, st.level);
		}
		assert_int_equal(cases[i].active, st.lockdown_active.value);
		if (st.provenance.source != cases[i].source)
			fail_msg("%s: source %s, want %s", cases[i].scenario,
				 ld_source_to_string(st.provenance.source),
				 ld_source_to_string(cases[i].source));
		assert_int_equal(cases[i].from_log, st.provenance.from_log);
		ld_status_clear(&st);
	}
}

static void test_not_mounted(void **state)
{
	struct ld_status st;

	(void)state;
	collect("not-mounted", &st);
	assert_false(st.securityfs_mounted);
	assert_int_equal(-ENODEV, st.level_err); /* "not-mounted", not just missing */
	assert_int_equal(-ENODEV, st.lsms_err);
	assert_true(st.lockdown_active.inferred);
	/* the complete kernel log still tells the level */
	assert_true(st.log_complete);
	assert_true(st.inferred_level_known);
	assert_int_equal(LD_LEVEL_INTEGRITY, st.inferred_level);
	{
		enum ld_level level;
		bool inferred = false;

		assert_int_equal(0, ld_status_effective_level(&st, &level, &inferred));
		assert_int_equal(LD_LEVEL_INTEGRITY, level);
		assert_true(inferred);
	}
	assert_int_equal(0, st.release_err);
	assert_int_equal(0, st.catalogue_err);
	ld_status_clear(&st);
}

static void test_forged_log_lines_ignored(void **state)
{
	struct ld_status st;

	(void)state;
	/* hostile/dev/kmsg has user-facility lines claiming other sources */
	collect("hostile", &st);
	assert_int_equal(1, st.log_raises.n);
	assert_string_equal("command line", st.log_raises.v[0]);
	assert_int_equal(1, st.cmdline_malformed.n);
	ld_status_clear(&st);
}

static void test_lsm_inactive_note(void **state)
{
	struct ld_status st;
	bool found = false;

	(void)state;
	collect("lsm-inactive", &st);
	for (size_t i = 0; i < st.notes.n; i++)
		found |= strstr(st.notes.v[i], "no level is enforced") != NULL;
	assert_true(found);
	ld_status_clear(&st);
}

static void test_malformed_fields(void **state)
{
	struct ld_status st;

	(void)state;
	collect("malformed", &st);
	assert_int_equal(-EBADMSG, st.level_err);
	assert_int_equal(-EBADMSG, st.lsms_err);
	assert_int_equal(-EBADMSG, st.kconfig_err);
	assert_int_equal(9, st.kconfig_where.line);
	assert_string_equal("/boot/config-6.1.0-56-cloud-amd64", st.kconfig_where.path);
	assert_int_equal(-EBADMSG, st.sig_enforce_err);
	assert_int_equal(0, st.cmdline_err); /* the rest is still read */
	assert_int_equal(0, st.catalogue_err);
	ld_status_clear(&st);
}

static void test_builtin_fallback(void **state)
{
	struct ld_status st;

	(void)state;
	collect("no-btf-5.10", &st);
	assert_int_equal(-ENOENT, st.btf_err);
	assert_int_equal(0, st.catalogue_err);
	assert_int_equal(LD_CATALOGUE_BUILTIN, st.catalogue.source);
	assert_true(st.catalogue.approximate);
	ld_status_clear(&st);
	collect("btf-no-enum", &st);
	assert_int_equal(-ENOENT, st.btf_err);
	assert_int_equal(LD_CATALOGUE_BUILTIN, st.catalogue.source);
	assert_false(st.catalogue.approximate);
	assert_int_equal(30, st.catalogue.confidentiality_max); /* 6.1.192 has the Xen member */
	ld_status_clear(&st);
}

/*
 * As an unprivileged user, 0600 files give permission-denied, the rest still
 * reads. The root is opened while still root (as lockdownctl opens --root
 * before reading anything), then privileges are dropped: every read is made
 * below that directory descriptor, so the test does not depend on whether
 * nobody could walk the path to the checkout (a clone in /root, mode 0700,
 * cannot be walked: opened after the drop, this failed in a fresh root).
 */
static void test_permission_denied(void **state)
{
	pid_t pid;
	int wstatus;

	(void)state;
	if (geteuid() != 0)
		skip(); /* then the fixture's 0600 files are ours and readable */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ld_status st;
		struct ld_root *root = NULL;
		char path[1024];

		snprintf(path, sizeof(path), "%s/securityfs-private", fixtures());
		if (ld_root_open(path, &root) < 0)
			_exit(11);
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0)
			_exit(10);
		if (setresuid(65534, 65534, 65534) < 0)
			_exit(errno == EINVAL ? 20 : 10); /* a user namespace without uid 65534 */
		if (geteuid() != 65534)
			_exit(14);
		if (ld_status_collect(root, &st) < 0)
			_exit(15);
		if (st.level_err != -EACCES || st.lsms_err != -EACCES || st.log_err != -EACCES)
			_exit(12);
		if (st.cmdline_err != 0 || st.release_err != 0 || st.catalogue_err != 0)
			_exit(13);
		_exit(0);
	}
	assert_int_equal(pid, waitpid(pid, &wstatus, 0));
	assert_true(WIFEXITED(wstatus));
	if (WEXITSTATUS(wstatus) == 20)
		skip();
	/* 10/14: could not drop privileges, 11: open, 15: collect, 12/13: wrong errors */
	assert_int_equal(0, WEXITSTATUS(wstatus));
}

static void test_kconfig_parse(void **state)
{
	const char *text = "#\n# Automatically generated file; DO NOT EDIT.\n#\n"
			   "CONFIG_SECURITY_LOCKDOWN_LSM=y\r\n"
			   "# CONFIG_LOCK_DOWN_KERNEL_FORCE_NONE is not set\n"
			   "CONFIG_LSM=\"landlock,lockdown,\\\"q\\\"\"\n"
			   "CONFIG_NR_CPUS=8192\n\n"
			   "# just a comment\n"
			   "CONFIG_SECURITY_LOCKDOWN_LSM=n";
	struct ld_kconfig k = { 0 };
	size_t line = 0;

	(void)state;
	assert_int_equal(0, ld_kconfig_parse(text, strlen(text), &k, &line));
	assert_string_equal("n", ld_kconfig_get(&k, "SECURITY_LOCKDOWN_LSM")); /* last wins */
	assert_string_equal("n", ld_kconfig_get(&k, "LOCK_DOWN_KERNEL_FORCE_NONE"));
	assert_string_equal("landlock,lockdown,\"q\"", ld_kconfig_get(&k, "LSM"));
	assert_string_equal("8192", ld_kconfig_get(&k, "NR_CPUS"));
	assert_null(ld_kconfig_get(&k, "MISSING"));
	assert_false(ld_kconfig_enabled(&k, "LOCK_DOWN_KERNEL_FORCE_NONE"));
	ld_kconfig_clear(&k);
}

static void test_kconfig_bad_lines(void **state)
{
	static const struct {
		const char *text;
		size_t line;
	} cases[] = {
		{ "CONFIG_A=y\nGARBAGE\n", 2 },	     { "CONFIG_A=\n", 1 },
		{ "CONFIG_=y\n", 1 },		     { "CONFIG_A=\"open\n", 1 },
		{ "CONFIG_A=\"x\" tail\n", 1 },	     { "CONFIG_A y\n", 1 },
		{ "\n\nCONFIG_A=two words\n", 3 },   { "CONFIG_A=y\nCONFIG_B=\"a\"\"b\"\n", 2 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_kconfig k = { 0 };
		size_t line = 0;

		assert_int_equal(-EBADMSG,
				 ld_kconfig_parse(cases[i].text, strlen(cases[i].text), &k, &line));
		assert_int_equal(cases[i].line, line);
	}
}

static void test_kconfig_sources(void **state)
{
	struct ld_kconfig k = { 0 };
	struct ld_where where;
	struct ld_root *root = NULL;
	char path[1024];

	(void)state;
	/* gzip'd /proc/config.gz first */
	snprintf(path, sizeof(path), "%s/deb612-confidentiality", fixtures());
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_kconfig_load(root, "6.12.117+deb12-cloud-amd64", &k, &where));
	assert_string_equal("/proc/config.gz", where.path);
	assert_true(strstr(ld_kconfig_get(&k, "LSM"), ",ipe") != NULL);
	ld_kconfig_clear(&k);
	root = ld_root_free(root);
	/* else /boot/config-RELEASE */
	snprintf(path, sizeof(path), "%s/deb61-none", fixtures());
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_kconfig_load(root, "6.1.0-56-cloud-amd64", &k, &where));
	assert_string_equal("/boot/config-6.1.0-56-cloud-amd64", where.path);
	assert_true(ld_kconfig_enabled(&k, "SECURITY_LOCKDOWN_LSM_EARLY"));
	ld_kconfig_clear(&k);
	assert_int_equal(-ENOENT, ld_kconfig_load(root, "9.9.9", &k, &where));
	ld_root_free(root);
}

/* A config.gz whose stream is damaged is malformed, not silently empty. */
static void test_kconfig_corrupt_gzip(void **state)
{
	char dir[] = "/tmp/ld-test-XXXXXX", path[256];
	struct ld_kconfig k = { 0 };
	struct ld_root *root = NULL;
	struct ld_where where;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/proc/config.gz", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	/* a gzip header, then deflate data that is not valid */
	fwrite("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff\xff\xff", 1, 16, f);
	fclose(f);
	assert_int_equal(0, ld_root_open(dir, &root));
	assert_int_equal(-EBADMSG, ld_kconfig_load(root, "6.1.0", &k, &where));
	assert_string_equal("/proc/config.gz", where.path);
	ld_root_free(root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_provenance_rules(void **state)
{
	struct ld_status st = { 0 };

	(void)state;
	st.boot_level_known = true;
	st.lockdown_active.value = LD_YES;
	/* equal to what the boot asked for: the first source in the kernel's order */
	st.level = LD_LEVEL_INTEGRITY;
	st.boot_level = LD_LEVEL_INTEGRITY;
	st.kconfig_force = LD_LEVEL_INTEGRITY;
	st.cmdline_level = LD_LEVEL_INTEGRITY;
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_KCONFIG, st.provenance.source);
	/* above it: only securityfs can have done it */
	st.level = LD_LEVEL_CONFIDENTIALITY;
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_SECURITYFS, st.provenance.source);
	/* below it: inconsistent, say so */
	st.level = LD_LEVEL_NONE;
	st.boot_level = LD_LEVEL_NONE;
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_NOT_LOCKED, st.provenance.source);
	st.level = LD_LEVEL_INTEGRITY;
	st.boot_level = LD_LEVEL_CONFIDENTIALITY;
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_UNKNOWN, st.provenance.source);
	/* without all boot settings: unknown, not a guess */
	st.boot_level_known = false;
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_UNKNOWN, st.provenance.source);
	/* a source text we do not know is passed on as "other" */
	ld_strv_push(&st.log_raises, "Quantum Boot", 12);
	ld_status_decide_provenance(&st);
	assert_int_equal(LD_SOURCE_OTHER, st.provenance.source);
	assert_string_equal("Quantum Boot", st.provenance.log_text);
	ld_status_clear(&st);
	assert_int_equal(LD_SOURCE_SECURE_BOOT, ld_source_from_log_text("EFI Secure Boot mode"));
	assert_int_equal(LD_SOURCE_SECURE_BOOT, ld_source_from_log_text("Secure IPL mode"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_not_mounted),
		cmocka_unit_test(test_forged_log_lines_ignored),
		cmocka_unit_test(test_lsm_inactive_note),
		cmocka_unit_test(test_malformed_fields),
		cmocka_unit_test(test_builtin_fallback),
		cmocka_unit_test(test_permission_denied),
		cmocka_unit_test(test_kconfig_parse),
		cmocka_unit_test(test_kconfig_bad_lines),
		cmocka_unit_test(test_kconfig_sources),
		cmocka_unit_test(test_kconfig_corrupt_gzip),
		cmocka_unit_test(test_provenance_rules),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
