// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl enable LEVEL --now | --boot, and disable --boot: raise
 * lockdown now through securityfs (one-way until reboot), or set it up for
 * the next boot by editing what this machine builds its command line from.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "enable.h"
#include "enable-render.h"

enum { OPT_NOW = 0x300, OPT_BOOT, OPT_FORCE, OPT_NO_UPDATE };

const struct cli_option cli_enable_options[] = {
	{ "now", OPT_NOW, no_argument, NULL, "Raise the level now (irreversible until reboot)" },
	{ "boot", OPT_BOOT, no_argument, NULL, "Set it on the kernel command line for the next boot" },
	{ "dry-run", 'n', no_argument, NULL,
	  "Show what would change (a diff for --boot); change nothing" },
	{ "yes", 'y', no_argument, NULL, "Do it without asking" },
	{ "force", OPT_FORCE, no_argument, NULL,
	  "--now: raise even when check finds blockers;\n"
	  "--boot: lower a level the boot configuration asks for" },
	{ "no-update", OPT_NO_UPDATE, no_argument, NULL,
	  "--boot: do not run update-grub / kernel-install; print them" },
	{ 0 },
};

const char cli_enable_examples[] =
	"  lockdownctl enable integrity --boot --dry-run\n"
	"  lockdownctl enable integrity --boot --yes\n"
	"  lockdownctl enable confidentiality --now\n";

/* --now and --force are taken, to refuse them with the reason */
const struct cli_option cli_disable_options[] = {
	{ "boot", OPT_BOOT, no_argument, NULL, "Undo what enable --boot changed (the only kind of undo)" },
	{ "dry-run", 'n', no_argument, NULL, "Show the diff; change nothing" },
	{ "yes", 'y', no_argument, NULL, "Do it without asking" },
	{ "no-update", OPT_NO_UPDATE, no_argument, NULL,
	  "Do not run update-grub / kernel-install; print them" },
	{ "now", OPT_NOW, no_argument, NULL, "Refused: a raised level stays until reboot" },
	{ "force", OPT_FORCE, no_argument, NULL, "Refused: a raised level stays until reboot" },
	{ 0 },
};

const char cli_disable_examples[] = "  lockdownctl disable --boot --dry-run\n";

/* A typed confirmation on a terminal, or --yes; nothing otherwise. */
bool enable_confirmed(const struct enable_args *a, const char *what, const char *word)
{
	char line[64];

	if (a->yes)
		return true;
	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "%s\nType '%s' to go on: ", what, word);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\n")] = '\0';
	return strcmp(line, word) == 0;
}

int enable_json(const struct enable_args *a, const struct cli_opts *opts,
		      const struct ld_enable_now *n, const struct ld_boot_plan *plan, bool changed)
{
	struct ld_enable_result res = { .verb = a->verb, .now = a->now, .dry_run = a->dry_run,
					.requested = a->level, .changed = changed, .now_run = n,
					.plan = plan };

	return enable_print_json(&res, opts->json);
}

static int enable_option(int c, const char *arg, void *userdata)
{
	struct enable_args *a = userdata;

	(void)arg;
	switch (c) {
	case OPT_NOW:
		a->now = true;
		break;
	case OPT_BOOT:
		a->boot = true;
		break;
	case 'n':
		a->dry_run = true;
		break;
	case 'y':
		a->yes = true;
		break;
	case OPT_FORCE:
		a->force = true;
		break;
	case OPT_NO_UPDATE:
		a->no_update = true;
		break;
	}
	return 0;
}

int verb_enable(int argc, char **argv, struct cli_opts *opts)
{
	struct enable_args a = { .verb = "enable" };
	int i, r = cli_parse_options(argc, argv, opts, enable_option, &a);

	if (r != CLI_GO_ON)
		return r;
	i = optind;
	if (i >= argc)
		return cli_usage_error("enable", "which level? (integrity or confidentiality)");
	if (i + 1 < argc)
		return cli_usage_error("enable", "unexpected argument '%s'", argv[i + 1]);
	if (strcmp(argv[i], "none") == 0)
		return cli_usage_error("enable", "'none' is not a level to enable: the kernel rejects "
						 "lockdown=none, and a raised level cannot be lowered "
						 "until reboot (disable --boot undoes enable --boot)");
	if (ld_level_from_string(argv[i], &a.level) < 0 || a.level == LD_LEVEL_NONE)
		return cli_usage_error("enable", "invalid level '%s' (integrity or confidentiality)",
				       argv[i]);
	if (a.now == a.boot)
		return cli_usage_error("enable", "say when: --now (securityfs, until reboot) or "
						 "--boot (the kernel command line)");
	if (a.now && a.no_update)
		return cli_usage_error("enable", "--no-update goes with --boot");
	return a.now ? enable_now(&a, opts) : enable_boot(&a, opts);
}

int verb_disable(int argc, char **argv, struct cli_opts *opts)
{
	struct enable_args a = { .verb = "disable", .level = LD_LEVEL_NONE };
	int r = cli_parse_options(argc, argv, opts, enable_option, &a);

	if (r != CLI_GO_ON)
		return r;
	if (optind < argc)
		return cli_usage_error("disable", "unexpected argument '%s'", argv[optind]);
	if (a.now)
		return cli_usage_error("disable", "lockdown cannot be lowered until reboot; "
						  "disable --boot stops setting it at the next boot");
	if (!a.boot)
		return cli_usage_error("disable", "disable --boot is the only kind of disable");
	if (a.force)
		return cli_usage_error("disable", "--force goes with enable --now");
	return enable_boot(&a, opts);
}
