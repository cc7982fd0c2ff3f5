// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verb table is the single source: every verb must appear in --help and
 * in the man page's COMMANDS section, and answer its own --help. Also proves
 * the BPF toolchain: the generated skeleton opens (parsing only, nothing is
 * loaded into the kernel).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <bpf/libbpf.h>
#include <cmocka.h>

#include "cli.h"
#include "lockdown_trace.skel.h"

static char *run(const char *args, int *ret_status)
{
	const char *bin = getenv("LD_BIN") ? getenv("LD_BIN") : ".output/lockdownctl";
	char cmd[1024], *out = calloc(1, 1 << 16);
	size_t len = 0, n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s %s", bin, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(out + len, 1, (1 << 16) - 1 - len, p)) > 0)
		len += n;
	*ret_status = pclose(p);
	return out;
}

static char *read_man(void)
{
	const char *top = getenv("LD_TOP") ? getenv("LD_TOP") : ".";
	char path[1024], *buf = calloc(1, 1 << 20);
	FILE *f;

	snprintf(path, sizeof(path), "%s/man/lockdownctl.8", top);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_true(fread(buf, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return buf;
}

static void test_verbs_in_help(void **state)
{
	int status;
	char *help = run("--help", &status);

	(void)state;
	assert_int_equal(0, status);
	assert_true(cli_n_verbs > 0);
	for (unsigned i = 0; i < cli_n_verbs; i++) {
		char line[64];

		snprintf(line, sizeof(line), "\n  %s ", cli_verbs[i].name);
		if (!strstr(help, line))
			fail_msg("verb '%s' missing from --help", cli_verbs[i].name);
		if (!strstr(help, cli_verbs[i].help))
			fail_msg("help text of '%s' missing from --help", cli_verbs[i].name);
	}
	free(help);
}

static void test_verbs_have_help(void **state)
{
	(void)state;
	for (unsigned i = 0; i < cli_n_verbs; i++) {
		char args[64], want[64], *out;
		int status;

		snprintf(args, sizeof(args), "%s --help", cli_verbs[i].name);
		out = run(args, &status);
		assert_int_equal(0, status);
		snprintf(want, sizeof(want), "lockdownctl %s ", cli_verbs[i].name);
		assert_true(strncmp(out, want, strlen(want)) == 0);
		free(out);
	}
}

/* The groff spelling of an option: every '-' is written "\\-". */
static void groff(char *p, const char *dashes, const char *name)
{
	for (const char *c = dashes; *c; c++)
		p += sprintf(p, "\\-");
	for (const char *c = name; *c; c++)
		p += *c == '-' ? sprintf(p, "\\-") : sprintf(p, "%c", *c);
}

/*
 * Every option row of every verb, from the verb table: in its --help and in
 * the man page, long name and short letter, and no letter or name twice
 * among the verb's rows and the common ones (getopt would take the first).
 */
static void test_options_documented(void **state)
{
	char *man = read_man();

	(void)state;
	for (unsigned i = 0; i < cli_n_verbs; i++) {
		const struct cli_option *o, *q;
		char args[64], *help;
		int status;

		assert_non_null(cli_verbs[i].options);
		snprintf(args, sizeof(args), "%s --help", cli_verbs[i].name);
		help = run(args, &status);
		assert_int_equal(0, status);
		for (o = cli_verbs[i].options; o->name; o++) {
			char want[96], manwant[160], letter[3] = { o->val, 0, 0 };

			if (!o->val)
				continue; /* a help-only row */
			snprintf(want, sizeof(want), "--%s", o->name);
			if (!strstr(help, want))
				fail_msg("%s: option %s missing from its --help", cli_verbs[i].name, want);
			groff(manwant, "--", o->name);
			if (!strstr(man, manwant))
				fail_msg("%s: option %s missing from the man page", cli_verbs[i].name, want);
			for (q = o + 1; q->name; q++)
				if (q->val == o->val || strcmp(q->name, o->name) == 0)
					fail_msg("%s: --%s twice", cli_verbs[i].name, o->name);
			for (q = cli_common_options; q->name; q++)
				if (q->val == o->val || strcmp(q->name, o->name) == 0)
					fail_msg("%s: --%s is a common option", cli_verbs[i].name,
						 o->name);
			if (o->val >= 0x100)
				continue;
			snprintf(want, sizeof(want), "-%c --%s", o->val, o->name);
			if (!strstr(help, want))
				fail_msg("%s: -%c missing from its --help", cli_verbs[i].name, o->val);
			groff(manwant, "-", letter);
			if (!strstr(man, manwant))
				fail_msg("%s: -%c missing from the man page", cli_verbs[i].name, o->val);
		}
		free(help);
	}
	free(man);
}

static void test_verbs_in_man(void **state)
{
	char *man = read_man(), *commands, *end;

	(void)state;
	commands = strstr(man, "\n.SH COMMANDS\n");
	assert_non_null(commands);
	end = strstr(commands + 1, "\n.SH ");
	assert_non_null(end);
	*end = '\0';
	for (unsigned i = 0; i < cli_n_verbs; i++) {
		char entry[64];

		snprintf(entry, sizeof(entry), "\n.TP\n.B %s", cli_verbs[i].name);
		if (!strstr(commands, entry))
			fail_msg("verb '%s' missing from the man page's COMMANDS", cli_verbs[i].name);
	}
	/* every exit code of cli.h is documented */
	*end = '\n';
	for (int code = EXIT_OK; code <= EXIT_UNSUPPORTED; code++) {
		char entry[32];

		snprintf(entry, sizeof(entry), "\n.TP\n.B %d\n", code);
		assert_non_null(strstr(man, entry));
	}
	free(man);
}

static void test_bpf_skeleton_opens(void **state)
{
	struct lockdown_trace *skel;

	(void)state;
	libbpf_set_print(NULL);
	skel = lockdown_trace__open();
	assert_non_null(skel);
	assert_non_null(skel->progs.fexit_security_locked_down);
	assert_int_equal(BPF_PROG_TYPE_TRACING,
			 bpf_program__type(skel->progs.fexit_security_locked_down));
	assert_int_equal(BPF_TRACE_FEXIT,
			 bpf_program__expected_attach_type(skel->progs.fexit_security_locked_down));
	assert_string_equal("counts", bpf_map__name(skel->maps.counts));
	lockdown_trace__destroy(skel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbs_in_help),
		cmocka_unit_test(test_verbs_have_help),
		cmocka_unit_test(test_verbs_in_man),
		cmocka_unit_test(test_options_documented),
		cmocka_unit_test(test_bpf_skeleton_opens),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
