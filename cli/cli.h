/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>

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

struct cli_opts {
	const char *root; /* --root DIR; "/" by default */
	enum json_mode json;
};

/* Verb flags, as systemd's verbs.c has them. */
enum {
	VERB_DEFAULT = 1 << 0, /* run when no verb is given */
	VERB_MUTATES = 1 << 1, /* changes the kernel or files: needs --yes or --dry-run */
};

struct verb {
	const char *name;
	const char *argspec; /* shown in --help */
	unsigned flags;
	const char *help;    /* one line */
	int (*fn)(int argc, char **argv, struct cli_opts *opts);
	const struct option *options; /* the verb's own, for --help and the man page test */
};

extern const struct verb cli_verbs[];
extern const struct option cli_check_options[];
extern const struct option cli_enable_options[];
extern const struct option cli_enforce_options[];
extern const struct option cli_log_options[];
extern const struct option cli_metrics_options[];
extern const struct option cli_status_options[];
extern const struct option cli_trace_options[];
extern const unsigned cli_n_verbs;

/*
 * Options every verb accepts after its name too, so "lockdownctl status
 * --json" works as well as "lockdownctl --json status".
 */
#define CLI_OPT_ROOT 0x100
#define CLI_COMMON_LONGOPTS                                           \
	{ "root", required_argument, NULL, CLI_OPT_ROOT },            \
	{ "json", optional_argument, NULL, 'j' },                     \
	{ "help", no_argument, NULL, 'h' }
#define CLI_COMMON_SHORTOPTS "jh"

/*
 * getopt_long() with the errors reported one way for every verb: a missing
 * argument as missing ("option '--since' requires an argument"), the bad
 * letter of a bundle alone ("-rz": 'z'), an unknown long option by its name
 * without "=value". On an error it prints the usage error and returns
 * CLI_OPT_BAD, which cli_common_option() turns into EXIT_USAGE.
 */
#define CLI_OPT_BAD 0x1ff
int cli_getopt(int argc, char **argv, const char *verb, const char *shortopts,
	       const struct option *longopts);

/* Handle a common option; returns 1 if handled, 0 if not one, -EXIT_USAGE on a bad value. */
int cli_common_option(int c, const char *arg, struct cli_opts *opts);
/*
 * What every verb does with an option it has no case for: -h prints the
 * verb's help (EXIT_OK), a bad common option is EXIT_USAGE, and anything
 * else is taken by cli_common_option(): -1, go on parsing.
 */
int cli_verb_option(int c, const char *verb, const char *options_help, const char *examples,
		    struct cli_opts *opts);

/* Usage error: message plus the util-linux "Try ... --help" hint on stderr. */
int cli_usage_error(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Operational error: "lockdownctl: <message>" on stderr; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, for a message that does not end the command. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Per-verb help printer used by each verb file and by the --help test. */
void cli_print_verb_help(const struct verb *v, const char *options, const char *examples);
/* The same, with a Commands: section for a verb that has sub-commands. */
void cli_print_verb_help_commands(const struct verb *v, const char *commands, const char *options,
				  const char *examples);

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

/* Root, or CAP_BPF and CAP_PERFMON (what loading BPF programs needs). */
bool cli_privileged(void);

int verb_status(int argc, char **argv, struct cli_opts *opts);
int verb_check(int argc, char **argv, struct cli_opts *opts);
int verb_trace(int argc, char **argv, struct cli_opts *opts);
int verb_enforce(int argc, char **argv, struct cli_opts *opts);
int verb_enable(int argc, char **argv, struct cli_opts *opts);
int verb_disable(int argc, char **argv, struct cli_opts *opts);
int verb_log(int argc, char **argv, struct cli_opts *opts);
int verb_metrics(int argc, char **argv, struct cli_opts *opts);

#endif
