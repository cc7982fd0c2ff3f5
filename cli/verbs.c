// SPDX-License-Identifier: GPL-2.0-or-later
/* The verb table: --help, dispatch and the man page test all read it. */
#include "cli.h"

const struct verb cli_verbs[] = {
	{ "status", "", VERB_DEFAULT,
	  "Show the lockdown level, how it was set, and what it forbids", verb_status },
};

const unsigned cli_n_verbs = sizeof(cli_verbs) / sizeof(cli_verbs[0]);
