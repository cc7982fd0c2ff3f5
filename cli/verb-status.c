// SPDX-License-Identifier: GPL-2.0-or-later
/* lockdownctl status: what level is in force, how it got there, what it forbids. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "status-render.h"

const struct cli_option cli_status_options[] = {
	{ "reasons", 'r', no_argument, NULL, "Show this kernel's lockdown reasons" },
	{ 0 },
};
const char cli_status_examples[] = "  lockdownctl status\n"
			       "  lockdownctl status --reasons\n"
			       "  lockdownctl --root /srv/snapshot status --json\n";

/* Bad input is named with its file and line; the field is then shown as unknown. */
static void warn_malformed(const struct ld_status *st, const char *root)
{
	struct ld_bad_input bad[LD_STATUS_INPUTS];
	size_t n = ld_status_bad_inputs(st, bad);
	const char *prefix = strcmp(root, "/") ? root : "";

	for (size_t i = 0; i < n; i++) {
		const char *why = bad[i].err == -EFBIG ? "too large" : "malformed";

		if (bad[i].line)
			cli_warn("%s%s:%zu: %s; %s unknown", prefix, bad[i].path, bad[i].line, why,
				 bad[i].what);
		else
			cli_warn("%s%s: %s; %s unknown", prefix, bad[i].path, why, bad[i].what);
	}
}

static int status_option(int c, const char *arg, void *userdata)
{
	(void)arg;
	*(bool *)userdata = c == 'r'; /* --reasons, its one option */
	return 0;
}

int verb_status(int argc, char **argv, struct cli_opts *opts)
{
	struct ld_root *root = NULL;
	struct ld_status st;
	bool reasons = false;
	int r = cli_parse_options(argc, argv, opts, status_option, &reasons);

	if (r != CLI_GO_ON)
		return r;

	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	warn_malformed(&st, opts->root);
	if (opts->json != JSON_OFF)
		r = status_render_json(&st, opts, reasons);
	else if (reasons)
		r = status_render_reasons_text(&st);
	else
		r = status_render_text(&st);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
