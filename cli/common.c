// SPDX-License-Identifier: GPL-2.0-or-later
/* What every verb shares: the common options, error and help printers. */
#define _GNU_SOURCE /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

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

int cli_verb_getopt(int argc, char **argv, const struct cli_opts *opts)
{
	return cli_getopt(argc, argv, opts->verb->name, opts->verb->options,
			  opts->verb->flags & VERB_STOP_AT_ARG);
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

int cli_parse_options(int argc, char **argv, struct cli_opts *opts, cli_option_fn fn,
		      void *userdata)
{
	int c, r;

	while ((c = cli_verb_getopt(argc, argv, opts)) != -1) {
		if (c == 'h') {
			cli_print_verb_help(opts->verb);
			return EXIT_OK;
		}
		r = cli_common_option(c, optarg, opts);
		if (r < 0)
			return -r;
		if (r == 0 && (r = fn(c, optarg, userdata)) != 0)
			return r;
	}
	/* a verb without arguments in its synopsis takes none */
	if (!*opts->verb->argspec && optind < argc)
		return cli_usage_error(opts->verb->name, "unexpected argument '%s'", argv[optind]);
	return CLI_GO_ON;
}

void cli_print_verb_help(const struct verb *v)
{
	printf("lockdownctl %s [OPTIONS...]%s%s\n\n%s.\n\n", v->name, *v->argspec ? " " : "",
	       v->argspec, v->help);
	if (v->commands) {
		printf("Commands:\n");
		cli_print_commands(v->commands, v->n_commands);
		printf("\n");
	}
	printf("Options:\n");
	cli_print_options(v->options);
	cli_print_options(cli_common_options);
	if (v->examples)
		printf("\nExamples:\n%s", v->examples);
	printf("\nSee lockdownctl(8) for details.\n");
}

const struct cli_command *cli_find_command(const struct verb *v, const char *name)
{
	char names[256];

	cli_command_names(v->commands, v->n_commands, names, sizeof(names));
	if (!name) {
		cli_usage_error(v->name, "which command? (%s)", names);
		return NULL;
	}
	for (unsigned i = 0; i < v->n_commands; i++)
		if (strcmp(name, v->commands[i].name) == 0)
			return &v->commands[i];
	cli_usage_error(v->name, "unknown command '%s' (%s)", name, names);
	return NULL;
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
