// SPDX-License-Identifier: GPL-2.0-or-later
/* enable LEVEL --now: raise lockdown through securityfs, one-way until reboot, after check's verdict. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enable.h"
#include "enable-render.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

int enable_now(const struct enable_args *a, const struct cli_opts *opts)
{
	FILE *out = opts->json != JSON_OFF ? stderr : stdout; /* stdout is the document's */
	const char *word = ld_level_to_string(a->level);
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	struct ld_enable_now n = { 0 };
	char what[256];
	bool report = false; /* a result worth a JSON document */
	int r;

	if (!a->yes && !a->dry_run && !isatty(STDIN_FILENO))
		return cli_usage_error(a->verb, "raising lockdown is irreversible until reboot: "
						"confirm with --yes (or run it on a terminal)");
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	ld_enable_now_decide(root, &st, a->level, a->force, &n);
	switch (n.decision) {
	case LD_NOW_INACTIVE:
		cli_error("the lockdown LSM is not active: %s would accept the write and enforce "
			  "nothing. Boot with lockdown in lsm= (lockdownctl enable %s --boot)",
			  LD_SECURITYFS_LOCKDOWN, word);
		r = EXIT_UNSUPPORTED;
		goto out;
	case LD_NOW_NO_LEVEL:
		r = cli_error("cannot read %s: %s", LD_SECURITYFS_LOCKDOWN, ld_strerror(-n.err));
		goto out;
	case LD_NOW_ALREADY:
		fprintf(out, "Lockdown is already at %s (asked: %s); it cannot be lowered until reboot.\n",
		       ld_level_to_string(st.level), word);
		r = EXIT_OK;
		report = true;
		goto out;
	case LD_NOW_CHECK_FAILED:
		r = cli_error("check failed: %s", ld_strerror(-n.err));
		goto out;
	default:
		break;
	}
	if (n.unknown) {
		fprintf(stderr, "lockdownctl: check finds no blocker at %s, but could not read %zu "
				"source%s that might hold one:\n",
			word, n.unseen, n.unseen == 1 ? "" : "s");
		enable_print_preflight(&n.check, a->level, false);
		if (n.decision == LD_NOW_UNKNOWN) {
			report = true;
			fprintf(stderr, "Not raising (run as root on the live system, or --force raises "
					"anyway).\n");
			r = EXIT_UNKNOWN;
			goto out;
		}
	}
	if (n.blockers > 0) {
		fprintf(stderr, "lockdownctl: check finds %zu blocker%s at %s:\n", n.blockers,
			n.blockers == 1 ? "" : "s", word);
		enable_print_preflight(&n.check, a->level, true);
		if (n.decision == LD_NOW_BLOCKED) {
			report = true;
			fprintf(stderr, "Not raising (lockdownctl check --level %s explains each; "
					"--force raises anyway).\n",
				word);
			r = EXIT_FINDINGS;
			goto out;
		}
	}
	if (a->dry_run) {
		fprintf(out, "Would write '%s' to %s (now %s).\n", word, LD_SECURITYFS_LOCKDOWN,
		       ld_level_to_string(st.level));
		r = EXIT_OK;
		report = true;
		goto out;
	}
	snprintf(what, sizeof(what),
		 "This raises kernel lockdown from %s to %s. It cannot be lowered until reboot.",
		 ld_level_to_string(st.level), word);
	if (!enable_confirmed(a, what, word)) {
		r = cli_usage_error(a->verb, "raising lockdown is irreversible until reboot: confirm "
					     "with --yes (or type the level on a terminal)");
		goto out;
	}
	fprintf(stderr, "Raising lockdown to %s: irreversible until reboot.\n", word);
	r = ld_enable_now_raise(root, &n);
	if (r == -EPERM) {
		/* the kernel refuses to lower or to repeat: someone raised it meanwhile */
		fprintf(out, "Lockdown is already at %s or higher.\n", word);
		r = EXIT_OK;
		goto out;
	}
	if (r < 0) {
		r = cli_error("cannot write %s: %s", LD_SECURITYFS_LOCKDOWN, ld_strerror(-r));
		goto out;
	}
	if (!n.raised) {
		r = cli_error("wrote '%s' but %s reads %s", word, LD_SECURITYFS_LOCKDOWN,
			      n.after_err < 0 ? ld_strerror(-n.after_err) : ld_level_to_string(n.after));
		goto out;
	}
	fprintf(out, "Lockdown is now %s (until reboot).\n", ld_level_to_string(n.after));
	r = EXIT_OK;
	report = true;
out:
	if (report && opts->json != JSON_OFF)
		r = enable_json(a, opts, &n, NULL, n.raised);
	ld_enable_now_clear(&n);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
