// SPDX-License-Identifier: GPL-2.0-or-later
/* Command-line editing for enable --boot: only lockdown= and lsm= change. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "lockdown/enable.h"
#include "lockdown/spawn.h"

static char *edit(const char *in, enum ld_level level, const char *add_lsm)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(0, ld_bootcmd_enable(in, strlen(in), level, add_lsm, &out, &len));
	assert_int_equal(strlen(out), len);
	return out;
}

static void test_edits(void **state)
{
	static const struct {
		const char *in, *add_lsm, *want;
	} cases[] = {
		{ "quiet splash", NULL, "quiet splash lockdown=integrity" },
		{ "quiet splash\n", NULL, "quiet splash lockdown=integrity\n" },
		{ "quiet lockdown=none splash\n", NULL, "quiet splash lockdown=integrity\n" },
		{ "lockdown=confidentiality quiet", NULL, "quiet lockdown=integrity" },
		{ "quiet lockdown=confidentiality", NULL, "quiet lockdown=integrity" },
		{ "lock-down=x lockdown=y quiet", NULL, "lock-down=x quiet lockdown=integrity" },
		{ "lsm=capability,yama,bpf quiet", NULL,
		  "lsm=lockdown,capability,yama,bpf quiet lockdown=integrity" },
		{ "lsm=lockdown,bpf quiet", NULL, "lsm=lockdown,bpf quiet lockdown=integrity" },
		{ "lsm=yama,lockdown", NULL, "lsm=yama,lockdown lockdown=integrity" },
		{ "lsm= quiet", NULL, "lsm=lockdown quiet lockdown=integrity" },
		{ "", "lockdown,capability,bpf", "lockdown=integrity lsm=lockdown,capability,bpf" },
		{ "root=UUID=1 foo=\"a lockdown=none b\"", NULL,
		  "root=UUID=1 foo=\"a lockdown=none b\" lockdown=integrity" },
		{ "a  lockdown=x\tb", NULL, "a\tb lockdown=integrity" },
		{ "$GRUB_X quiet ${Y}", NULL, "$GRUB_X quiet ${Y} lockdown=integrity" },
		{ "  quiet  ", NULL, "  quiet lockdown=integrity  " },
		{ "quiet\r\n", NULL, "quiet lockdown=integrity\r\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = edit(cases[i].in, LD_LEVEL_INTEGRITY, cases[i].add_lsm), *again;

		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: '%s' -> '%s', want '%s'", i, cases[i].in, out, cases[i].want);
		/* running it twice changes nothing the second time */
		again = edit(out, LD_LEVEL_INTEGRITY, NULL);
		if (strcmp(again, out) != 0)
			fail_msg("case %zu: not idempotent: '%s' -> '%s'", i, out, again);
		free(again);
		free(out);
	}
}

static void test_level_change_and_invalid(void **state)
{
	char *out = edit("quiet lockdown=integrity", LD_LEVEL_CONFIDENTIALITY, NULL), *o2;
	size_t n;

	(void)state;
	assert_string_equal("quiet lockdown=confidentiality", out);
	free(out);
	assert_int_equal(-EINVAL, ld_bootcmd_enable("x", 1, (enum ld_level)7, NULL, &o2, &n));
	assert_int_equal(-EBADMSG, ld_bootcmd_enable("a=\"b c", 5, LD_LEVEL_INTEGRITY, NULL, &o2, &n));
	out = edit("quiet lockdown=none splash", LD_LEVEL_NONE, NULL);
	assert_string_equal("quiet splash", out);
	free(out);
}

static void test_needed_lsm(void **state)
{
	char *active[] = { "capability", "yama", "bpf" }, *with[] = { "lockdown", "capability", "bpf" };
	struct ld_lsm_facts f = { .active = active, .n_active = 3, .config_lsm = "yama,bpf" };
	char *lsm;

	(void)state;
	assert_int_equal(0, ld_bootcmd_needed_lsm(&f, &lsm));
	assert_string_equal("lockdown,capability,yama,bpf", lsm);
	free(lsm);
	f.config_lsm = "landlock,lockdown,yama,bpf";
	assert_int_equal(0, ld_bootcmd_needed_lsm(&f, &lsm));
	assert_null(lsm);
	/* configuration unknown: this boot's active list decides */
	f.config_lsm = NULL;
	f.active = with;
	assert_int_equal(0, ld_bootcmd_needed_lsm(&f, &lsm));
	assert_null(lsm);
}

static void test_level_of_line(void **state)
{
	(void)state;
	assert_int_equal(LD_LEVEL_NONE, ld_bootcmd_level("quiet lockdown=none", 19));
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY,
			 ld_bootcmd_level("lockdown=confidentiality lockdown=integrity", 43));
	assert_true(ld_bootcmd_has_word("a lsm=x", 7, "lsm"));
	assert_false(ld_bootcmd_has_word("a xlsm=x", 8, "lsm"));
}

/* The next boot's lockdown LSM, from the line and the kernel's facts. */
static void test_lockdown_starts(void **state)
{
	struct ld_lsm_facts noearly = { .config_lsm = "landlock,yama,bpf", .early = 0 };
	struct ld_lsm_facts early = { .config_lsm = "landlock,yama,bpf", .early = 1 };
	struct ld_lsm_facts unknown = { .early = -1 };
	const char *guide = "quiet lsm=landlock,yama,apparmor,bpf";

	(void)state;
	assert_int_equal(0, ld_bootcmd_lockdown_starts(guide, strlen(guide), &noearly));
	assert_int_equal(1, ld_bootcmd_lockdown_starts(guide, strlen(guide), &early));
	assert_int_equal(-1, ld_bootcmd_lockdown_starts(guide, strlen(guide), &unknown));
	/* the last lsm= wins, as the kernel's __setup handler keeps the last */
	assert_int_equal(1, ld_bootcmd_lockdown_starts("lsm=yama lsm=lockdown,yama", 26, &noearly));
	assert_int_equal(0, ld_bootcmd_lockdown_starts("lsm=lockdown lsm=yama", 21, &noearly));
	assert_int_equal(0, ld_bootcmd_lockdown_starts("quiet", 5, &noearly));
}

/* Idempotent on quoted GRUB values; lockdown goes into an admin's lsm= in GRUB_CMDLINE_LINUX_DEFAULT. */
static void test_grub_quoted_lsm(void **state)
{
	const char *in = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet lsm=landlock,yama,apparmor,bpf\"\n"
			 "GRUB_CMDLINE_LINUX=\"\"\n";
	char *out = NULL, *again = NULL, *line = NULL;
	size_t n, n2;
	bool approx;

	(void)state;
	assert_int_equal(0, ld_grub_edit_file(in, strlen(in), LD_LEVEL_INTEGRITY, NULL, &out, &n));
	assert_non_null(strstr(out, "lsm=lockdown,landlock,yama,apparmor,bpf\""));
	assert_int_equal(0, ld_grub_edit_file(out, n, LD_LEVEL_INTEGRITY, NULL, &again, &n2));
	assert_memory_equal(out, again, n);
	assert_int_equal(0, ld_grub_eval(out, n, &line, &approx));
	assert_false(approx);
	assert_string_equal("lockdown=integrity quiet lsm=lockdown,landlock,yama,apparmor,bpf", line);
	free(line);
	free(again);
	free(out);
	/* $VAR chains are followed; command substitution is flagged */
	in = "A=\"x y\"\nGRUB_CMDLINE_LINUX=\"$A lockdown=integrity\"\n"
	     "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX z\"\nGRUB_CMDLINE_LINUX_DEFAULT=$(true)\n";
	assert_int_equal(0, ld_grub_eval(in, strlen(in), &line, &approx));
	assert_true(approx);
	assert_string_equal("x y lockdown=integrity z ", line);
	free(line);
}

/* A hostile release string is printed quoted, control bytes as \xHH. */
static void test_command_quoting(void **state)
{
	char *argv[] = { "kernel-install", "add", "6.1; rm -rf / #", "a'b", "\x1b[2J", NULL };
	struct ld_boot_command c = { .argv = argv };
	char *s = ld_boot_command_string(&c);

	(void)state;
	assert_string_equal("kernel-install add '6.1; rm -rf / #' 'a'\\''b' $'\\x1b[2J'", s);
	free(s);
}

/* A second enable with the same lsm= to add changes nothing: an lsm= naming lockdown is enough. */
static void test_add_lsm_once(void **state)
{
	char *out = edit("quiet", LD_LEVEL_CONFIDENTIALITY, "lockdown,yama"), *again;

	(void)state;
	/* control: with no lsm= it is added */
	assert_string_equal("quiet lockdown=confidentiality lsm=lockdown,yama", out);
	again = edit(out, LD_LEVEL_CONFIDENTIALITY, "lockdown,yama");
	assert_string_equal(out, again);
	free(again);
	free(out);
	{
		char *grub = NULL;
		size_t n = 0;

		assert_int_equal(0, ld_grub_edit_file("\x99", 1, LD_LEVEL_CONFIDENTIALITY, "lockdown,yama",
						      &out, &n));
		assert_int_equal(0, ld_grub_edit_file(out, n, LD_LEVEL_CONFIDENTIALITY, "lockdown,yama",
						      &grub, &n));
		assert_string_equal(out, grub);
		free(grub);
		free(out);
	}
}

/* The policy of enable/disable --boot, decided by the library on the plan. */
static void test_decide(void **state)
{
	struct ld_boot_plan p = { .kind = LD_BOOT_GRUB_DROPIN, .n_changes = 1, .lsm_after = 1 };

	(void)state;
	/* control: a plan that gives what was asked goes ahead */
	p.level_before = LD_LEVEL_NONE;
	p.level_after = LD_LEVEL_INTEGRITY;
	assert_int_equal(LD_BOOT_GO, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, false));
	assert_null(p.refusal_why);
	/* lowering confidentiality to integrity: refused, --force lowers */
	p.level_before = LD_LEVEL_CONFIDENTIALITY;
	assert_int_equal(LD_BOOT_REFUSE_LOWER, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, false));
	assert_non_null(strstr(p.refusal_why, "--force lowers it"));
	assert_int_equal(LD_BOOT_GO, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, true));
	/* disable (level none) is never a lowering refused */
	p.level_after = LD_LEVEL_NONE;
	assert_int_equal(LD_BOOT_GO, ld_boot_decide(&p, LD_LEVEL_NONE, false));
	/* shell not followed: refused without --force, which edits and claims nothing */
	p.level_before = LD_LEVEL_NONE;
	p.level_after = LD_LEVEL_INTEGRITY;
	p.cmdline_approx = true;
	p.approx_why = "an unset inside if ... fi (/etc/default/grub:3)";
	assert_int_equal(LD_BOOT_REFUSE_APPROXIMATE, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, false));
	assert_non_null(strstr(p.refusal_why, "/etc/default/grub:3"));
	assert_int_equal(LD_BOOT_GO, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, true));
	p.cmdline_approx = false;
	p.approx_why = NULL;
	/* a computed line without the level, or without the LSM: refused even with --force */
	p.cmdline_after = "quiet lockdown=integrity lsm=yama";
	p.lsm_after = 0;
	assert_int_equal(LD_BOOT_REFUSE_CLAIM, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, true));
	assert_non_null(strstr(p.refusal_why, "lockdown to its lsm="));
	p.lsm_after = 1;
	p.level_after = LD_LEVEL_NONE;
	assert_int_equal(LD_BOOT_REFUSE_CLAIM, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, true));
	assert_non_null(strstr(p.refusal_why, "a different lockdown level"));
	p.cmdline_after = NULL;
	/* nothing to edit on a unified kernel image or an unknown boot loader, with or without --force */
	p.kind = LD_BOOT_UNKNOWN;
	p.n_changes = 0;
	assert_int_equal(LD_BOOT_REFUSE_UNSUPPORTED, ld_boot_decide(&p, LD_LEVEL_INTEGRITY, true));
	assert_non_null(strstr(p.refusal_why, "lockdown=integrity"));
	free(p.refusal_why);
}

/* diff(1)'s bytes as they are: a control byte, a last line without a newline, an absent side. */
static void test_change_diff(void **state)
{
	struct ld_boot_change c = { .path = "/etc/default/grub", .old = "a\nb\001x\nc\n",
				    .old_len = 8, .new = "a\nB\nc", .new_len = 5 };
	struct ld_boot_change gone = { .path = "/etc/x", .old = "only\n", .old_len = 5 };
	char *d = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(0, ld_boot_change_diff(&c, &d, &len));
	assert_non_null(memmem(d, len, "--- a/etc/default/grub\n+++ b/etc/default/grub\n", 46));
	assert_non_null(memmem(d, len, "-b\001x\n", 5));
	assert_non_null(memmem(d, len, "+B\n", 3));
	assert_non_null(memmem(d, len, "\n\\ No newline at end of file\n", 29));
	free(d);
	assert_int_equal(0, ld_boot_change_diff(&gone, &d, &len));
	assert_non_null(strstr(d, "--- a/etc/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-only\n"));
	free(d);
}

/* A held child runs only once released; a failed exec is the parent's to report. */
static void test_spawn(void **state)
{
	char *ok[] = { "sh", "-c", "exit 7", NULL }, *missing[] = { "/nonexistent/lockdownctl-x", NULL };
	struct ld_held_child c;
	int status;

	(void)state;
	assert_int_equal(7, ld_spawn_wait(ok, -1));
	assert_int_equal(0, ld_spawn_held(ok, &c));
	assert_int_equal(0, ld_spawn_release(&c));
	assert_int_equal(c.pid, waitpid(c.pid, &status, 0));
	assert_int_equal(7, ld_shell_status(status));
	assert_int_equal(0, ld_spawn_held(missing, &c));
	assert_int_equal(-ENOENT, ld_spawn_release(&c));
	assert_int_equal(c.pid, waitpid(c.pid, &status, 0));
	assert_int_equal(127, ld_shell_status(status));
	assert_int_equal(0, ld_spawn_held(ok, &c));
	ld_spawn_abandon(&c); /* never ran: waited for inside */
	assert_int_equal(-1, waitpid(c.pid, &status, WNOHANG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edits),
		cmocka_unit_test(test_level_change_and_invalid),
		cmocka_unit_test(test_needed_lsm),
		cmocka_unit_test(test_level_of_line),
		cmocka_unit_test(test_lockdown_starts),
		cmocka_unit_test(test_grub_quoted_lsm),
		cmocka_unit_test(test_command_quoting),
		cmocka_unit_test(test_add_lsm_once),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_change_diff),
		cmocka_unit_test(test_spawn),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
