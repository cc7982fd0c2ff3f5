// SPDX-License-Identifier: GPL-2.0-or-later
/* The verb table: --help, dispatch and the man page test all read it. */
#include <string.h>

#include "cli.h"

const struct verb cli_verbs[] = {
	{ "status", "", VERB_DEFAULT,
	  "Show the lockdown level, how it was set, and what it forbids", verb_status, cli_status_options },
	{ "check", "", 0, "Find what on this machine each lockdown level would break", verb_check, cli_check_options },
	{ "trace", "[-- COMMAND [ARG...]]", 0,
	  "Record every lockdown check the kernel makes: a dry run of each level", verb_trace, cli_trace_options },
	{ "enforce", "COMMAND", VERB_MUTATES,
	  "A loadable lockdown on BPF LSM: per-reason policy, permissive mode, seal",
	  verb_enforce, cli_enforce_options },
	{ "enable", "LEVEL --now|--boot", VERB_MUTATES,
	  "Raise lockdown now, or set it on the kernel command line for the next boot",
	  verb_enable, cli_enable_options },
	{ "disable", "--boot", VERB_MUTATES,
	  "Undo enable --boot (a raised level stays until reboot)", verb_disable, cli_enable_options },
	{ "log", "", 0, "Find and explain the lockdown refusals the kernel has logged", verb_log, cli_log_options },
	{ "metrics", "", 0, "Write lockdown metrics for Prometheus (node_exporter's textfile collector)",
	  verb_metrics, cli_metrics_options },
};

const unsigned cli_n_verbs = sizeof(cli_verbs) / sizeof(cli_verbs[0]);

const struct verb *cli_find_verb(const char *name)
{
	for (unsigned i = 0; i < cli_n_verbs; i++)
		if (strcmp(cli_verbs[i].name, name) == 0)
			return &cli_verbs[i];
	return NULL;
}
