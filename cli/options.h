/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

/*
 * One row per option: getopt's tables, the --help text and the man page
 * test are all made from these rows, so they cannot disagree.
 */
struct cli_option {
	const char *name;    /* long name; for a help-only row, its left column */
	int val;             /* short letter, or a value >= 0x100 for a long-only option; 0: help only */
	int has_arg;         /* no_argument, required_argument, optional_argument */
	const char *arg;     /* the argument's name in --help ("FILE"); NULL without one */
	const char *help;    /* --help text; each "\n" starts a continuation line */
};

/* A verb's sub-command: name and --help line (as bpftool's command tables). */
struct cli_command {
	const char *name;
	const char *help;
};

/* The rows every verb takes after its own: --help, --root, --json. */
#define CLI_OPT_ROOT 0x100
extern const struct cli_option cli_common_options[];

/*
 * getopt_long() over the common rows and the verb's rows (ended by a row
 * of name NULL), with the errors reported one way for every verb: a
 * missing argument as missing ("option '--since' requires an argument"),
 * the bad letter of a bundle alone ("-rz": 'z'), an unknown long option by
 * its name without "=value". On an error it prints the usage error and
 * returns CLI_OPT_BAD. stop_at_arg: the first non-option ends the options.
 */
#define CLI_OPT_BAD 0x1ff
int cli_getopt(int argc, char **argv, const char *verb, const struct cli_option *rows,
	       bool stop_at_arg);

/* left, then help from column col (two blanks after a longer left); continuation lines at col. */
#define CLI_HELP_COLUMN 25
void cli_print_row(const char *left, const char *help, int col);
/* "  -x --name=ARG" and the help text from CLI_HELP_COLUMN, for each row. */
void cli_print_options(const struct cli_option *rows);
/* "  name" and the help text from CLI_HELP_COLUMN. */
void cli_print_commands(const struct cli_command *cmds, unsigned n);
/* "start, status, ..." into buf: the names a usage error lists. */
const char *cli_command_names(const struct cli_command *cmds, unsigned n, char *buf,
			      unsigned size);

#endif
