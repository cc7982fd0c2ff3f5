// SPDX-License-Identifier: GPL-2.0-or-later
/* lockdownctl: global options, verb dispatch, exit status. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lockdown/suggest.h"
#include "output.h"

#ifndef LOCKDOWNCTL_VERSION
#error "LOCKDOWNCTL_VERSION comes from the Makefile (debian/changelog)"
#endif

static const struct cli_option main_options[] = {
	{ "version", 'V', no_argument, NULL, "Show the version" },
	{ 0 },
};

static void print_help(void)
{
	char left[16][64], help[256];
	unsigned n = cli_n_verbs < 16 ? cli_n_verbs : 16;
	int col = 0;

	printf("lockdownctl [OPTIONS...] COMMAND [ARGS...]\n\n"
	       "Inspect and manage Linux kernel lockdown.\n\n"
	       "Commands:\n");
	/* "  name argspec", the help past the longest */
	for (unsigned i = 0; i < n; i++) {
		int w = snprintf(left[i], sizeof(left[i]), "  %s%s%s", cli_verbs[i].name,
				 *cli_verbs[i].argspec ? " " : "", cli_verbs[i].argspec);

		col = w + 2 > col ? w + 2 : col;
	}
	for (unsigned i = 0; i < n; i++) {
		snprintf(help, sizeof(help), "%s%s", cli_verbs[i].help,
			 cli_verbs[i].flags & VERB_DEFAULT ? " (default)" : "");
		cli_print_row(left[i], help, col);
	}
	printf("\nOptions:\n");
	cli_print_options(main_options);
	cli_print_options(cli_common_options);
	printf("\nExamples:\n"
	       "  lockdownctl status              # level, provenance, what it forbids\n"
	       "  lockdownctl status --reasons    # this kernel's reason table\n"
	       "  lockdownctl --json status | jq .level\n"
	       "\nSee lockdownctl(8) for details.\n");
}

static int unknown_verb(const char *name)
{
	const struct verb *best = NULL;
	unsigned best_d = 3, prefixed = 0; /* suggest only close matches */

	char *safe = text_escape(name);

	fprintf(stderr, "lockdownctl: unknown command '%s'", safe ? safe : "?");
	free(safe);
	/* a prefix of several ("en": enable, enforce) names them all: no guessing which */
	for (unsigned i = 0; i < cli_n_verbs; i++)
		if (*name && strncmp(name, cli_verbs[i].name, strlen(name)) == 0)
			fprintf(stderr, "%s'%s'", prefixed++ ? " or " : "; did you mean ",
				cli_verbs[i].name);
	for (unsigned i = 0; i < cli_n_verbs && !prefixed; i++) {
		unsigned d = ld_edit_distance(name, cli_verbs[i].name);

		if (d < best_d) {
			best = &cli_verbs[i];
			best_d = d;
		}
	}
	if (prefixed)
		fputc('?', stderr);
	else if (best)
		fprintf(stderr, "; did you mean '%s'?", best->name);
	fputs("\nTry 'lockdownctl --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* util-linux's close_stdout: a failed write of the report is a failure. */
static int flush_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || close(STDOUT_FILENO) < 0) {
		if (errno != EPIPE) {
			fprintf(stderr, "lockdownctl: write error: %s\n", strerror(errno));
			return EXIT_ERROR;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cli_opts opts = { .root = "/" };
	const struct verb *verb = NULL;
	int c, r;

	/* "+": stop at the verb; the verb parses the rest */
	while ((c = cli_getopt(argc, argv, NULL, main_options, true)) != -1) {
		switch (c) {
		case 'h':
			print_help();
			return flush_stdout(EXIT_OK);
		case 'V':
			printf("lockdownctl %s\n", LOCKDOWNCTL_VERSION);
			return flush_stdout(EXIT_OK);
		default:
			r = cli_common_option(c, optarg, &opts);
			if (r < 0)
				return -r;
		}
	}
	if (optind < argc) {
		verb = cli_find_verb(argv[optind]);
		if (!verb)
			return unknown_verb(argv[optind]);
	} else {
		for (unsigned i = 0; i < cli_n_verbs && !verb; i++)
			if (cli_verbs[i].flags & VERB_DEFAULT)
				verb = &cli_verbs[i];
	}
	/* the verb sees argv starting at its own name, as getopt expects */
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		static char *default_argv[2];

		default_argv[0] = (char *)verb->name;
		argc = 1;
		argv = default_argv;
	}
	opts.verb = verb;
	optind = 0; /* full getopt reset for the verb's own parse */
	r = verb->fn(argc, argv, &opts);
	return flush_stdout(r);
}
