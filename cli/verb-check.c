// SPDX-License-Identifier: GPL-2.0-or-later
/* lockdownctl check: what on this machine depends on what each level forbids. */
#include <stdio.h>
#include <string.h>

#include "check-render.h"
#include "cli.h"
#include "lockdown/root.h"

const struct cli_option cli_check_options[] = {
	{ "level", 'l', required_argument, "LEVEL",
	  "Only what LEVEL (integrity, confidentiality) would break;\n"
	  "exit 3 if that includes a blocker" },
	{ 0 },
};
const char cli_check_examples[] = "  lockdownctl check\n"
			       "  lockdownctl check --level integrity && echo safe to lock down\n"
			       "  lockdownctl check --json | jq '.findings[] | select(.severity == \"blocker\")'\n";

/* --level, its one option */
static int check_option(int c, const char *arg, void *userdata)
{
	enum ld_level *upto = userdata;

	(void)c;
	if (ld_level_from_string(arg, upto) < 0 || *upto == LD_LEVEL_NONE)
		return cli_usage_error("check", "invalid level '%s' (integrity, confidentiality)", arg);
	return 0;
}

int verb_check(int argc, char **argv, struct cli_opts *opts)
{
	enum ld_level upto = LD_LEVEL_CONFIDENTIALITY;
	struct ld_check_report report;
	struct ld_check_verdict v;
	struct ld_root *root = NULL;
	struct ld_status st;
	int r = cli_parse_options(argc, argv, opts, check_option, &upto);

	if (r != CLI_GO_ON)
		return r;

	/* the release and this kernel's reason levels, as status reports them */
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	r = ld_check_run(root, st.release, st.catalogue_err == 0 ? &st.catalogue : NULL, &report);
	if (r < 0) {
		ld_status_clear(&st);
		ld_root_free(root);
		return cli_error("check failed: %s", ld_strerror(-r));
	}
	if (opts->json != JSON_OFF)
		r = check_render_json(&st, &report, upto, opts);
	else
		r = check_render_text(&st, &report, upto);
	ld_check_verdict(&report, &v);
	/* a blocker at any level in scope: 3; else anything unread that could hide one: 4 */
	if (r == EXIT_OK && ld_check_verdict_at(&v, upto) == LD_VERDICT_BLOCKED)
		r = EXIT_FINDINGS;
	else if (r == EXIT_OK && ld_check_verdict_at(&v, upto) == LD_VERDICT_UNKNOWN)
		r = EXIT_UNKNOWN;
	ld_check_report_clear(&report);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
