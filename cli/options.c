// SPDX-License-Identifier: GPL-2.0-or-later
/* Option rows: getopt's tables and the --help text made from one source. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"

#define MAX_ROWS 32

const struct cli_option cli_common_options[] = {
	{ "help", 'h', no_argument, NULL, "Show this help" },
	{ "root", CLI_OPT_ROOT, required_argument, "DIR", "Read the system files under DIR" },
	{ "json", 'j', optional_argument, "MODE", "One JSON document on stdout (pretty, short)" },
	{ 0 },
};

/* The option as the user wrote it: "--since" of "--since=x", or "-l". */
static void option_name(char **argv, int c, char *buf, size_t size)
{
	const char *arg = argv[optind - 1];

	if (strncmp(arg, "--", 2) == 0)
		snprintf(buf, size, "%.*s", (int)strcspn(arg, "="), arg);
	else
		snprintf(buf, size, "-%c", c);
}

/* Append the getopt rows of rows[] to lo[] and sh; returns the new count. */
static size_t add_rows(const struct cli_option *rows, struct option *lo, size_t n, char *sh)
{
	for (const struct cli_option *o = rows; o && o->name && n < MAX_ROWS; o++) {
		if (!o->val)
			continue;
		lo[n++] = (struct option){ o->name, o->has_arg, NULL, o->val };
		if (o->val < 0x100) {
			/* a short letter takes its argument only when it needs one: "-j" stays bare */
			size_t l = strlen(sh);

			sh[l] = (char)o->val;
			sh[l + 1] = o->has_arg == required_argument ? ':' : '\0';
			sh[l + 2] = '\0';
		}
	}
	return n;
}

int cli_getopt(int argc, char **argv, const char *verb, const struct cli_option *rows,
	       bool stop_at_arg)
{
	struct option lo[MAX_ROWS + 1] = { 0 };
	char sh[3 * MAX_ROWS + 3] = "", name[128];
	int c;

	/* ":" first (after "+"): a missing argument comes back as ':', not '?' */
	strcpy(sh, stop_at_arg ? "+:" : ":");
	add_rows(cli_common_options, lo, add_rows(rows, lo, 0, sh), sh);
	opterr = 0;
	c = getopt_long(argc, argv, sh, lo, NULL);
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

void cli_print_row(const char *left, const char *help, int col)
{
	int w = printf("%s", left);

	printf("%*s", w + 2 > col ? 2 : col - w, "");
	for (const char *p = help; *p;) {
		size_t l = strcspn(p, "\n");

		printf("%.*s\n", (int)l, p);
		p += l;
		if (*p == '\n' && *++p)
			printf("%*s", col, "");
	}
}

void cli_print_options(const struct cli_option *rows)
{
	for (const struct cli_option *o = rows; o->name; o++) {
		char left[96];
		int n;

		if (!o->val) {
			snprintf(left, sizeof(left), "  %s", o->name);
			cli_print_row(left, o->help, CLI_HELP_COLUMN);
			continue;
		}
		if (o->val < 0x100)
			n = snprintf(left, sizeof(left), "  -%c --%s", o->val, o->name);
		else
			n = snprintf(left, sizeof(left), "     --%s", o->name);
		if (o->arg && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, "%s%s%s",
				 o->has_arg == optional_argument ? "[=" : "=", o->arg,
				 o->has_arg == optional_argument ? "]" : "");
		cli_print_row(left, o->help, CLI_HELP_COLUMN);
	}
}

void cli_print_commands(const struct cli_command *cmds, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		char left[64];

		snprintf(left, sizeof(left), "  %s", cmds[i].name);
		cli_print_row(left, cmds[i].help, CLI_HELP_COLUMN);
	}
}

const char *cli_command_names(const struct cli_command *cmds, unsigned n, char *buf,
			      unsigned size)
{
	unsigned off = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < n && off < size; i++)
		off += (unsigned)snprintf(buf + off, size - off, "%s%s", i ? ", " : "", cmds[i].name);
	return buf;
}
