// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * enable LEVEL --boot and disable --boot: plan the edit of the boot
 * configuration, show it (a diff by diff(1)), write it, and run the boot
 * loader's commands on the live system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enable.h"
#include "enable-render.h"
#include "output.h"
#include "lockdown/root.h"
#include "lockdown/spawn.h"
#include "lockdown/status.h"

/* The change's diff, each line escaped: the lines are the file's own bytes. */
static int print_diff(const struct ld_boot_change *c)
{
	char *d = NULL;
	size_t len = 0;
	int r = ld_boot_change_diff(c, &d, &len);

	for (size_t i = 0; r == 0 && i < len;) {
		const char *nl = memchr(d + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (d + i)) : len - i;
		char *e = text_escape_bytes(d + i, n, true);

		printf("%s\n", e ? e : "?");
		free(e);
		i += n + 1;
	}
	free(d);
	return r;
}

int enable_boot(const struct enable_args *a, const struct cli_opts *opts)
{
	FILE *out = opts->json != JSON_OFF ? stderr : stdout;
	bool changed = false;
	struct ld_boot_plan plan = { 0 };
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	struct ld_lsm_facts facts = { 0 };
	const char *word = a->level == LD_LEVEL_NONE ? NULL : ld_level_to_string(a->level);
	bool grubby, run_cmds;
	size_t failed = 0;
	int r;

	if (!a->yes && !a->dry_run && !isatty(STDIN_FILENO))
		return cli_usage_error(a->verb, "this changes the boot configuration: confirm with "
						"--yes, or look first with --dry-run");
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	ld_boot_lsm_facts(&st, &facts);
	r = ld_boot_plan(root, st.release_err == 0 ? st.release : NULL, a->level, &facts, &plan);
	if (r < 0) {
		char *e = text_escape(plan.error ? plan.error : ld_strerror(-r));

		r = cli_error("cannot plan the change to the boot configuration: %s", e ? e : "?");
		free(e);
		if (opts->json != JSON_OFF)
			enable_json(a, opts, NULL, &plan, false);
		goto out;
	}
	grubby = plan.kind == LD_BOOT_GRUBBY;
	enable_say(out, "Boot configuration: %s.\n", plan.detail);
	/* the library's policy: what may be written, and what is said instead */
	r = ld_boot_decide(&plan, a->level, a->force);
	if (r < 0) {
		r = cli_error("%s", ld_strerror(-r));
		goto out;
	}
	switch (plan.refusal) {
	case LD_BOOT_REFUSE_LOWER:
		fprintf(stderr, "lockdownctl: %s\n", plan.refusal_why);
		r = EXIT_FINDINGS;
		break;
	case LD_BOOT_REFUSE_APPROXIMATE:
		cli_warn("%s", plan.refusal_why);
		r = EXIT_FINDINGS;
		break;
	case LD_BOOT_REFUSE_CLAIM:
		r = cli_error("%s", plan.refusal_why);
		goto out; /* no JSON: as an error of the plan */
	case LD_BOOT_REFUSE_UNSUPPORTED:
		r = EXIT_UNSUPPORTED;
		break;
	}
	if (plan.refusal != LD_BOOT_GO) {
		if (opts->json != JSON_OFF)
			enable_json(a, opts, NULL, &plan, false);
		if (plan.refusal == LD_BOOT_REFUSE_UNSUPPORTED) {
			if (plan.explain)
				cli_warn("%s", plan.refusal_why);
			else
				cli_error("%s", plan.refusal_why);
		}
		goto out;
	}
	if (plan.n_changes == 0 && !grubby) {
		enable_say(out, "%s\n", plan.note ? plan.note
			       : word ? "Already set up for the next boot: nothing to change."
				      : "Nothing to undo.");
		r = EXIT_OK;
		if (opts->json != JSON_OFF)
			r = enable_json(a, opts, NULL, &plan, false);
		goto out;
	}
	if (plan.note)
		enable_say(stderr, "lockdownctl: note: %s\n", plan.note);
	for (size_t i = 0; i < plan.n_changes; i++)
		if (a->dry_run && opts->json == JSON_OFF && print_diff(&plan.changes[i]) < 0) {
			r = cli_error("cannot show the diff (diff(1) missing?)");
			goto out;
		}
	/* grubby's commands are the edit itself; the rest regenerate the boot loader's files */
	/* under --root nothing is run, grubby included: a program of the root
	 * (or a link in it) is not ours to execute; the commands are shown */
	run_cmds = ld_root_is_live(root) && (grubby || !a->no_update);
	if (a->dry_run) {
		enable_print_dry_run(out, &plan);
		r = opts->json != JSON_OFF
			    ? enable_json(a, opts, NULL, &plan, false)
			    : EXIT_OK;
		goto out;
	}
	if (!enable_confirmed(a, "This changes the kernel command line of the next boot.",
		       word ? word : "disable")) {
		r = cli_usage_error(a->verb, "confirm with --yes (or type the word on a terminal), "
					     "or look first with --dry-run");
		goto out;
	}
	r = ld_boot_apply(root, &plan, &failed);
	if (r < 0) {
		r = cli_error("cannot write %s: %s (it is unchanged)", plan.changes[failed].path,
			      ld_strerror(-r));
		goto out;
	}
	enable_print_written(out, &plan);
	for (size_t i = 0; i < plan.n_commands; i++) {
		char *c = ld_boot_command_string(&plan.commands[i]);

		if (!run_cmds) {
			enable_say(out, "Now run: %s\n", c);
			free(c);
			continue;
		}
		enable_say(out, "Running: %s\n", c);
		/* on the live system only (never under --root) */
		fflush(stdout);
		if (ld_spawn_wait(plan.commands[i].argv, -1) != 0) {
			char *e = text_escape(c ? c : "?");

			r = cli_error("'%s' failed; the boot configuration files are written, the boot "
				      "loader's own configuration is not updated",
				      e ? e : "?");
			free(e);
			free(c);
			goto out;
		}
		free(c);
	}
	if (grubby && !run_cmds) /* the edit is grubby's, and it was shown, not run */
		fputs("Nothing is changed until grubby runs; then:\n", out);
	enable_say_next_boot(out, &plan, word);
	changed = !grubby || run_cmds;
	r = opts->json != JSON_OFF
		    ? enable_json(a, opts, NULL, &plan, changed)
		    : EXIT_OK;
out:
	ld_boot_plan_clear(&plan);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
