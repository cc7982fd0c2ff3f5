// SPDX-License-Identifier: GPL-2.0-or-later
/* What every verb shares: the common options, error and help printers. */
#define _GNU_SOURCE /* vasprintf */
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/*
 * "lockdownctl: MESSAGE" on standard error, the message escaped as a whole:
 * the values in it (an option's argument, a file name, a line of a policy)
 * come from the user or the machine, and never reach the terminal raw.
 */
static void print_escaped(const char *fmt, va_list ap)
{
	char *msg = NULL, *safe;

	if (vasprintf(&msg, fmt, ap) < 0) {
		fputs("lockdownctl: out of memory\n", stderr);
		return;
	}
	safe = text_escape(msg);
	fprintf(stderr, "lockdownctl: %s", safe ? safe : "out of memory");
	free(safe);
	free(msg);
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
	va_list ap;
	char *safe = verb ? text_escape(verb) : NULL;

	va_start(ap, fmt);
	print_escaped(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'lockdownctl %s%s--help' for more information.\n",
		safe ? safe : "", safe ? " " : "");
	free(safe);
	return EXIT_USAGE;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_escaped(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print_escaped(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The option as the user wrote it: "--since" of "--since=x", or "-l". */
static void option_name(char **argv, int c, char *buf, size_t size)
{
	const char *arg = argv[optind - 1];

	if (strncmp(arg, "--", 2) == 0)
		snprintf(buf, size, "%.*s", (int)strcspn(arg, "="), arg);
	else
		snprintf(buf, size, "-%c", c);
}

int cli_getopt(int argc, char **argv, const char *verb, const char *shortopts,
	       const struct option *longopts)
{
	char spec[128], name[128];
	bool stop_at_arg = shortopts[0] == '+';
	int c;

	/* ":" first (after "+"): a missing argument comes back as ':', not '?' */
	snprintf(spec, sizeof(spec), "%s:%s", stop_at_arg ? "+" : "", shortopts + stop_at_arg);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c == ':') {
		option_name(argv, optopt, name, sizeof(name));
		cli_usage_error(verb, "option '%s' requires an argument", name);
		return CLI_OPT_BAD;
	}
	if (c == '?') {
		/* optopt is the bad character of a bundle ("-rz": 'z'), 0 for a long option */
		if (optopt > 0 && optopt < 0x80 && strncmp(argv[optind - 1], "--", 2) != 0)
			cli_usage_error(verb, "invalid option -- '%c'", optopt);
		else if (optopt)
			cli_usage_error(verb, "option '%.*s' takes no argument",
					(int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		else
			cli_usage_error(verb, "unrecognized option '%.*s'",
					(int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		return CLI_OPT_BAD;
	}
	return c;
}

int cli_common_option(int c, const char *arg, struct cli_opts *opts)
{
	switch (c) {
	case CLI_OPT_BAD:
		return -EXIT_USAGE; /* cli_getopt() said why */
	case CLI_OPT_ROOT:
		if (!arg || !*arg)
			return -cli_usage_error(NULL, "--root needs a directory (an empty one would mean the live system)");
		opts->root = arg;
		return 1;
	case 'j':
		/* bare --json: pretty for a person at a terminal, compact for a pipe */
		if (!arg)
			opts->json = isatty(STDOUT_FILENO) ? JSON_PRETTY : JSON_SHORT;
		else if (strcmp(arg, "pretty") == 0)
			opts->json = JSON_PRETTY;
		else if (strcmp(arg, "short") == 0)
			opts->json = JSON_SHORT;
		else if (strcmp(arg, "help") == 0) {
			puts("pretty\nshort");
			exit(EXIT_OK);
		} else
			return -cli_usage_error(NULL, "invalid --json value '%s' (pretty, short)", arg);
		return 1;
	default:
		return 0;
	}
}

int cli_verb_option(int c, const char *verb, const char *options_help, const char *examples,
		    struct cli_opts *opts)
{
	int r;

	if (c == 'h') {
		cli_print_verb_help(cli_find_verb(verb), options_help, examples);
		return EXIT_OK;
	}
	r = cli_common_option(c, optarg, opts);
	return r < 0 ? -r : -1;
}

void cli_print_verb_help(const struct verb *v, const char *options, const char *examples)
{
	cli_print_verb_help_commands(v, NULL, options, examples);
}

void cli_print_verb_help_commands(const struct verb *v, const char *commands, const char *options,
				  const char *examples)
{
	printf("lockdownctl %s [OPTIONS...]%s%s\n\n%s.\n\n", v->name, *v->argspec ? " " : "",
	       v->argspec, v->help);
	if (commands)
		printf("Commands:\n%s\n", commands);
	printf("Options:\n%s"
	       "  -h --help             Show this help\n"
	       "     --root=DIR         Read the system files under DIR\n"
	       "  -j --json[=MODE]      One JSON document on stdout (pretty, short)\n",
	       options ? options : "");
	if (examples)
		printf("\nExamples:\n%s", examples);
	printf("\nSee lockdownctl(8) for details.\n");
}


int cli_open_status(const char *root_dir, bool basic, struct ld_root **ret_root,
		    struct ld_status *ret_st)
{
	struct ld_root *root;
	int r = ld_root_open(root_dir, &root);

	if (r < 0)
		return cli_error("cannot open root '%s': %s", root_dir, ld_strerror(-r));
	r = basic ? ld_status_collect_basic(root, ret_st) : ld_status_collect(root, ret_st);
	if (r < 0) {
		ld_root_free(root);
		return cli_error("failed to collect status: %s", ld_strerror(-r));
	}
	*ret_root = root;
	return EXIT_OK;
}

/* CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON, in the effective set. */
bool cli_privileged(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) < 0)
		return geteuid() == 0;
#define HAS(cap) (d[(cap) / 32].effective & (1u << ((cap) % 32)))
	return HAS(CAP_SYS_ADMIN) || (HAS(CAP_BPF) && HAS(CAP_PERFMON));
#undef HAS
}
