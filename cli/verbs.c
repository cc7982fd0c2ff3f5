// SPDX-License-Identifier: GPL-2.0-or-later
/* The verb table: --help, dispatch and the man page test all read it. */
#include <string.h>

#include "cli.h"

#define VERB(n, spec, fl, text) \
	.name = #n, .argspec = spec, .flags = fl, .help = text, .fn = verb_##n, \
	.options = cli_##n##_options, .examples = cli_##n##_examples

const struct verb cli_verbs[] = {
	{ VERB(status, "", VERB_DEFAULT,
	       "Show the lockdown level, how it was set, and what it forbids") },
	{ VERB(check, "", 0,
	       "Find what on this machine each lockdown level would break") },
	{ VERB(trace, "[-- COMMAND [ARG...]]", VERB_STOP_AT_ARG,
	       "Record every lockdown check the kernel makes: a dry run of each level") },
	{ VERB(enforce, "COMMAND", VERB_MUTATES,
	       "A loadable lockdown on BPF LSM: per-reason policy, permissive mode, seal"),
	  .commands = cli_enforce_commands, .n_commands = CLI_ENFORCE_COMMANDS },
	{ VERB(enable, "LEVEL --now|--boot", VERB_MUTATES,
	       "Raise lockdown now, or set it on the kernel command line for the next boot") },
	{ VERB(disable, "--boot", VERB_MUTATES,
	       "Undo enable --boot (a raised level stays until reboot)") },
	{ VERB(log, "", 0,
	       "Find and explain the lockdown refusals the kernel has logged") },
	{ VERB(metrics, "", 0,
	       "Write lockdown metrics for Prometheus (node_exporter's textfile collector)") },
};

const unsigned cli_n_verbs = sizeof(cli_verbs) / sizeof(cli_verbs[0]);

const struct verb *cli_find_verb(const char *name)
{
	for (unsigned i = 0; i < cli_n_verbs; i++)
		if (strcmp(cli_verbs[i].name, name) == 0)
			return &cli_verbs[i];
	return NULL;
}
