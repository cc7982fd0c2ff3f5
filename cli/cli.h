/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "options.h"

/* Exit codes, documented in lockdownctl(8) EXIT STATUS. */
enum {
	EXIT_OK = 0,
	EXIT_ERROR = 1,
	EXIT_USAGE = 2,
	EXIT_FINDINGS = 3,
	EXIT_UNSUPPORTED = 4,
	EXIT_UNKNOWN = 4, /* check: what could not be read might hold a blocker */
};

enum json_mode { JSON_OFF, JSON_PRETTY, JSON_SHORT };

struct verb;
struct cli_opts {
	const char *root; /* --root DIR; "/" by default */
	enum json_mode json;
	const struct verb *verb; /* the verb being run: its name and rows for errors and --help */
};

/* Verb flags, as systemd's verbs.c has them. */
enum {
	VERB_DEFAULT = 1 << 0, /* run when no verb is given */
	VERB_MUTATES = 1 << 1, /* changes the kernel or files: needs --yes or --dry-run */
	VERB_STOP_AT_ARG = 1 << 2, /* the first non-option ends the verb's options ("-- CMD") */
};

struct verb {
	const char *name;
	const char *argspec; /* shown in --help */
	unsigned flags;
	const char *help;    /* one line */
	int (*fn)(int argc, char **argv, struct cli_opts *opts);
	const struct cli_option *options; /* the verb's own rows; the common ones follow */
	const char *examples;             /* --help's Examples: section */
	const struct cli_command *commands; /* sub-commands, if the verb has them */
	unsigned n_commands;
};

extern const struct verb cli_verbs[];
extern const unsigned cli_n_verbs;

/* Each verb's rows and examples, defined in its own file, gathered in verbs.c. */
#define CLI_VERB_ROWS(v)                                \
	extern const struct cli_option cli_##v##_options[]; \
	extern const char cli_##v##_examples[]
CLI_VERB_ROWS(status);
CLI_VERB_ROWS(check);
CLI_VERB_ROWS(trace);
CLI_VERB_ROWS(enforce);
CLI_VERB_ROWS(enable);
CLI_VERB_ROWS(disable);
CLI_VERB_ROWS(log);
CLI_VERB_ROWS(metrics);
#define CLI_ENFORCE_COMMANDS 6
extern const struct cli_command cli_enforce_commands[CLI_ENFORCE_COMMANDS];

/*
 * The verb's next option, from its rows and the common ones (which every
 * verb accepts after its name too, so "lockdownctl status --json" works as
 * well as "lockdownctl --json status"). CLI_OPT_BAD after a usage error.
 */
int cli_verb_getopt(int argc, char **argv, const struct cli_opts *opts);

/* Handle a common option; returns 1 if handled, 0 if not one, -EXIT_USAGE on a bad value. */
int cli_common_option(int c, const char *arg, struct cli_opts *opts);
/* A verb's own option c, with its argument: 0 when taken, else the exit code after a usage error. */
typedef int (*cli_option_fn)(int c, const char *arg, void *userdata);
/*
 * Parse a verb's options: -h prints its help (EXIT_OK), the common ones go
 * to opts, its own to fn. A verb with no arguments in its synopsis takes
 * none. CLI_GO_ON with optind at the first argument, else the exit code.
 */
#define CLI_GO_ON (-1)
int cli_parse_options(int argc, char **argv, struct cli_opts *opts, cli_option_fn fn,
		      void *userdata);

/* Usage error: message plus the util-linux "Try ... --help" hint on stderr. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Operational error: "lockdownctl: <message>" on stderr; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, for a message that does not end the command. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A verb's --help, from its row of the verb table. */
void cli_print_verb_help(const struct verb *v);
/* The sub-command of v named name; NULL after a usage error that lists them. */
const struct cli_command *cli_find_command(const struct verb *v, const char *name);

const struct verb *cli_find_verb(const char *name);

struct ld_root;
struct ld_status;
/*
 * Open the root and collect the status every verb starts from (basic: only
 * release, level and reason catalogue). EXIT_OK, or the exit code after
 * the error was printed; nothing to free then.
 */
int cli_open_status(const char *root_dir, bool basic, struct ld_root **ret_root,
		    struct ld_status *ret_st);


int verb_status(int argc, char **argv, struct cli_opts *opts);
int verb_check(int argc, char **argv, struct cli_opts *opts);
int verb_trace(int argc, char **argv, struct cli_opts *opts);
int verb_enforce(int argc, char **argv, struct cli_opts *opts);
int verb_enable(int argc, char **argv, struct cli_opts *opts);
int verb_disable(int argc, char **argv, struct cli_opts *opts);
int verb_log(int argc, char **argv, struct cli_opts *opts);
int verb_metrics(int argc, char **argv, struct cli_opts *opts);

#endif
