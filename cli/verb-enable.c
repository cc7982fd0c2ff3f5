// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl enable LEVEL --now | --boot, and disable --boot: raise
 * lockdown now through securityfs (one-way until reboot), or set it up for
 * the next boot by editing what this machine builds its command line from.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "lockdown/atomicfile.h"
#include "lockdown/bootcfg.h"
#include "lockdown/check.h"
#include "lockdown/kconfig.h"
#include "lockdown/level.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

#define SECURITYFS_LOCKDOWN "/sys/kernel/security/lockdown"

extern char **environ;

static const char enable_options[] =
	"     --now               Raise the level now (irreversible until reboot)\n"
	"     --boot              Set it on the kernel command line for the next boot\n"
	"  -n --dry-run           Show what would change (a diff for --boot); change nothing\n"
	"  -y --yes               Do it without asking\n"
	"     --force             --now: raise even when check finds blockers;\n"
	"                         --boot: lower a level the boot configuration asks for\n"
	"     --no-update         --boot: do not run update-grub / kernel-install; print them\n";

static const char enable_examples[] =
	"  lockdownctl enable integrity --boot --dry-run\n"
	"  lockdownctl enable integrity --boot --yes\n"
	"  lockdownctl enable confidentiality --now\n";

static const char disable_options[] =
	"     --boot              Undo what enable --boot changed (the only kind of undo)\n"
	"  -n --dry-run           Show the diff; change nothing\n"
	"  -y --yes               Do it without asking\n"
	"     --no-update         Do not run update-grub / kernel-install; print them\n"
	"     --now, --force      Refused: a raised level stays until reboot\n";

enum { OPT_NOW = 0x300, OPT_BOOT, OPT_FORCE, OPT_NO_UPDATE };

struct enable_args {
	const char *verb;
	enum ld_level level;
	bool now, boot, dry_run, yes, force, no_update;
};

/* A typed confirmation on a terminal, or --yes; nothing otherwise. */
static bool confirmed(const struct enable_args *a, const char *what, const char *word)
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

/* ---- --now ------------------------------------------------------------------ */

/*
 * What check's one report says against raising to LEVEL, on standard error:
 * the blockers there, or when there are none, the sources it could not read
 * that might hold one (the same verdict rule as check's).
 */
static void print_preflight(const struct ld_check_report *report, enum ld_level level,
			    bool blockers)
{
	for (size_t i = 0; blockers && i < report->n; i++) {
		const struct ld_finding *f = &report->findings[i];
		char *id, *ev;

		if (f->severity != LD_SEVERITY_BLOCKER || !ld_finding_breaks_at(f, level))
			continue;
		id = text_escape(f->id);
		ev = text_escape(f->evidence ? f->evidence : "");
		fprintf(stderr, "  %s (%s): %s\n", id ? id : "?", f->reason, ev ? ev : "?");
		free(id);
		free(ev);
	}
	for (size_t i = 0; !blockers && i < report->n_unseen; i++) {
		char *what;

		if (!ld_unseen_matters_at(&report->unseen[i], level))
			continue;
		what = text_escape(report->unseen[i].what);
		fprintf(stderr, "  not checked: %s: %s (%s)\n", report->unseen[i].detector,
			what ? what : "?", ld_error_slug(report->unseen[i].err));
		free(what);
	}
}

/* What a write does, as the kernel decides it (see lockdown_write()). */
static int write_level(const struct ld_root *root, enum ld_level level)
{
	const char *word = ld_level_to_string(level);
	char buf[64];
	int fd, len, r = 0;

	fd = ld_root_openat(root, SECURITYFS_LOCKDOWN,
			    O_WRONLY | (ld_root_is_live(root) ? 0 : O_TRUNC));
	if (fd < 0)
		return fd;
	/* a fake root: leave the file as the kernel would show it afterwards */
	len = ld_root_is_live(root)
		      ? snprintf(buf, sizeof(buf), "%s", word)
		      : snprintf(buf, sizeof(buf), "none %s%s%s %s%s%s\n",
				 level == LD_LEVEL_INTEGRITY ? "[" : "", "integrity",
				 level == LD_LEVEL_INTEGRITY ? "]" : "",
				 level == LD_LEVEL_CONFIDENTIALITY ? "[" : "", "confidentiality",
				 level == LD_LEVEL_CONFIDENTIALITY ? "]" : "");
	if (write(fd, buf, (size_t)len) != len)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

/* The JSON document of enable and disable: what was there, what was asked, what changed. */
static int print_result_json(const struct cli_opts *opts, const struct enable_args *a,
			     const struct ld_boot_plan *plan, enum ld_level before,
			     enum ld_level after, int n_blockers, bool changed)
{
	struct json_object *doc = json_document_new();
	int r;

	json_object_object_add(doc, "verb", json_object_new_string(a->verb));
	json_object_object_add(doc, "when", json_object_new_string(a->now ? "now" : "boot"));
	json_object_object_add(doc, "requested_level",
			       a->level == LD_LEVEL_NONE ? NULL
							 : json_object_new_string(ld_level_to_string(a->level)));
	json_object_object_add(doc, "dry_run", json_object_new_boolean(a->dry_run));
	json_object_object_add(doc, "changed", json_object_new_boolean(changed));
	if (a->now) {
		json_object_object_add(doc, "level_before", json_object_new_string(ld_level_to_string(before)));
		json_object_object_add(doc, "level_after", json_object_new_string(ld_level_to_string(after)));
		json_object_object_add(doc, "blockers", json_object_new_int(n_blockers));
	}
	if (plan) {
		struct json_object *changes = json_object_new_array(), *cmds = json_object_new_array();

		json_object_object_add(doc, "boot_loader", json_object_new_string(ld_boot_kind_to_string(plan->kind)));
		json_object_object_add(doc, "detail", plan->detail ? json_string_safe(plan->detail) : NULL);
		for (size_t i = 0; i < plan->n_changes; i++) {
			struct json_object *c = json_object_new_object();

			json_object_object_add(c, "path", json_string_safe(plan->changes[i].path));
			json_object_object_add(c, "action", json_object_new_string(
					!plan->changes[i].new ? "remove" : plan->changes[i].old ? "edit" : "create"));
			json_object_object_add(c, "role", json_object_new_string("configuration"));
			json_object_array_add(changes, c);
		}
		for (size_t i = 0; i < plan->n_sides; i++) {
			struct json_object *c = json_object_new_object();

			json_object_object_add(c, "path", json_string_safe(plan->sides[i].path));
			json_object_object_add(c, "action",
					       json_object_new_string(plan->sides[i].create ? "create" : "remove"));
			json_object_object_add(c, "role", json_object_new_string(plan->sides[i].role));
			json_object_array_add(changes, c);
		}
		for (size_t i = 0; i < plan->n_commands; i++) {
			char *c = ld_boot_command_string(&plan->commands[i]);

			json_object_array_add(cmds, c ? json_string_safe(c) : NULL);
			free(c);
		}
		json_object_object_add(doc, "changes", changes);
		json_object_object_add(doc, "commands", cmds);
		json_object_object_add(doc, "cmdline_before",
				       plan->cmdline_before ? json_string_safe(plan->cmdline_before) : NULL);
		json_object_object_add(doc, "cmdline_after",
				       plan->cmdline_after ? json_string_safe(plan->cmdline_after) : NULL);
		json_object_object_add(doc, "cmdline_approximate", json_object_new_boolean(plan->cmdline_approx));
		json_object_object_add(doc, "cmdline_approximate_why",
				       plan->cmdline_approx && plan->approx_why ? json_string_safe(plan->approx_why) : NULL);
		json_object_object_add(doc, "level_before",
				       json_object_new_string(ld_level_to_string(plan->level_before)));
		json_object_object_add(doc, "level_after",
				       json_object_new_string(ld_level_to_string(plan->level_after)));
		json_object_object_add(doc, "lockdown_lsm_after",
				       plan->lsm_after < 0 ? NULL : json_object_new_boolean(plan->lsm_after));
		json_object_object_add(doc, "error", plan->error ? json_string_safe(plan->error) : NULL);
		json_object_object_add(doc, "note", plan->note ? json_string_safe(plan->note) : NULL);
		json_object_object_add(doc, "explain", plan->explain ? json_string_safe(plan->explain) : NULL);
	}
	r = json_print(doc, opts->json);
	json_object_put(doc);
	return r;
}

static int enable_now(const struct enable_args *a, const struct cli_opts *opts)
{
	FILE *out = opts->json != JSON_OFF ? stderr : stdout; /* stdout is the document's */
	const char *word = ld_level_to_string(a->level);
	struct ld_root *root = NULL;
	struct ld_status st = { 0 }, after = { 0 };
	char what[256];
	bool changed = false, report = false; /* report: a result worth a JSON document */
	struct ld_check_report check = { 0 };
	struct ld_check_verdict v;
	int r, n = 0;

	if (!a->yes && !a->dry_run && !isatty(STDIN_FILENO))
		return cli_usage_error(a->verb, "raising lockdown is irreversible until reboot: "
						"confirm with --yes (or run it on a terminal)");
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	if (st.lockdown_active.value == LD_NO) {
		cli_error("the lockdown LSM is not active: %s would accept the write and enforce "
			  "nothing. Boot with lockdown in lsm= (lockdownctl enable %s --boot)",
			  SECURITYFS_LOCKDOWN, word);
		r = EXIT_UNSUPPORTED;
		goto out;
	}
	if (st.level_err < 0) {
		r = cli_error("cannot read %s: %s", SECURITYFS_LOCKDOWN, ld_strerror(-st.level_err));
		goto out;
	}
	if (st.level >= a->level) {
		fprintf(out, "Lockdown is already at %s (asked: %s); it cannot be lowered until reboot.\n",
		       ld_level_to_string(st.level), word);
		r = EXIT_OK;
		report = true;
		goto out;
	}
	/* check runs once: its verdict decides, its report says why */
	r = ld_check_run(root, st.release, st.catalogue_err == 0 ? &st.catalogue : NULL, &check);
	if (r < 0) {
		r = cli_error("check failed: %s", ld_strerror(-r));
		goto out;
	}
	ld_check_verdict(&check, &v);
	n = (int)v.blockers[a->level];
	if (ld_check_verdict_at(&v, a->level) == LD_VERDICT_UNKNOWN) {
		/* no blocker among what could be read is not "nothing breaks" */
		fprintf(stderr, "lockdownctl: check finds no blocker at %s, but could not read %zu "
				"source%s that might hold one:\n",
			word, v.unseen[a->level], v.unseen[a->level] == 1 ? "" : "s");
		print_preflight(&check, a->level, false);
		if (!a->force) {
			report = true;
			fprintf(stderr, "Not raising (run as root on the live system, or --force raises "
					"anyway).\n");
			r = EXIT_UNKNOWN;
			goto out;
		}
	}
	if (n > 0) {
		fprintf(stderr, "lockdownctl: check finds %d blocker%s at %s:\n", n, n == 1 ? "" : "s",
			word);
		print_preflight(&check, a->level, true);
		if (!a->force) {
			report = true;
			fprintf(stderr, "Not raising (lockdownctl check --level %s explains each; "
					"--force raises anyway).\n",
				word);
			r = EXIT_FINDINGS;
			goto out;
		}
	}
	if (a->dry_run) {
		fprintf(out, "Would write '%s' to %s (now %s).\n", word, SECURITYFS_LOCKDOWN,
		       ld_level_to_string(st.level));
		r = EXIT_OK;
		report = true;
		goto out;
	}
	snprintf(what, sizeof(what),
		 "This raises kernel lockdown from %s to %s. It cannot be lowered until reboot.",
		 ld_level_to_string(st.level), word);
	if (!confirmed(a, what, word)) {
		r = cli_usage_error(a->verb, "raising lockdown is irreversible until reboot: confirm "
					     "with --yes (or type the level on a terminal)");
		goto out;
	}
	fprintf(stderr, "Raising lockdown to %s: irreversible until reboot.\n", word);
	r = write_level(root, a->level);
	if (r == -EPERM) {
		/* the kernel refuses to lower or to repeat: someone raised it meanwhile */
		fprintf(out, "Lockdown is already at %s or higher.\n", word);
		r = EXIT_OK;
		goto out;
	}
	if (r < 0) {
		r = cli_error("cannot write %s: %s", SECURITYFS_LOCKDOWN, ld_strerror(-r));
		goto out;
	}
	ld_status_collect_basic(root, &after);
	if (after.level_err < 0 || after.level < a->level) {
		r = cli_error("wrote '%s' but %s reads %s", word, SECURITYFS_LOCKDOWN,
			      after.level_err < 0 ? ld_strerror(-after.level_err)
						  : ld_level_to_string(after.level));
		goto out;
	}
	fprintf(out, "Lockdown is now %s (until reboot).\n", ld_level_to_string(after.level));
	r = EXIT_OK;
	changed = report = true;
out:
	if (report && opts->json != JSON_OFF)
		r = print_result_json(opts, a, NULL, st.level,
				      after.level_err == 0 && changed ? after.level : st.level, n, changed);
	ld_check_report_clear(&check);
	ld_status_clear(&after);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}

/* ---- --boot ----------------------------------------------------------------- */

static int spawn_wait(char **argv, int out_fd)
{
	posix_spawn_file_actions_t fa;
	int status, r;
	pid_t pid;

	fflush(stdout);
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Print what diff(1) wrote to FD, each line escaped: the lines are the file's own bytes. */
static void print_escaped_lines(int fd)
{
	FILE *f = fdopen(fd, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return;
	rewind(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		bool nl = line[n - 1] == '\n';
		char *e;

		e = text_escape_bytes(line, (size_t)(n - nl), true);
		printf("%s\n", e ? e : "?");
		free(e);
	}
	free(line);
	fclose(f);
}

/* A unified diff of one change, by diff(1) on two temporary files. */
static int print_diff(const struct ld_boot_change *c)
{
	char a[] = "/tmp/lockdownctl-a-XXXXXX", b[] = "/tmp/lockdownctl-b-XXXXXX";
	char o[] = "/tmp/lockdownctl-d-XXXXXX";
	char la[600], lb[600];
	int fa = mkstemp(a), fb = mkstemp(b), fo = mkstemp(o), r = -1;

	if (fa >= 0 && fb >= 0 && (!c->old || write(fa, c->old, c->old_len) == (ssize_t)c->old_len) &&
	    (!c->new || write(fb, c->new, c->new_len) == (ssize_t)c->new_len)) {
		char *argv[] = { "diff", "-u", "--label", la, "--label", lb, a, b, NULL };

		snprintf(la, sizeof(la), "%s%s", c->old ? "a" : "", c->old ? c->path : "/dev/null");
		snprintf(lb, sizeof(lb), "%s%s", c->new ? "b" : "", c->new ? c->path : "/dev/null");
		if (fo >= 0) {
			unlink(o);
			r = spawn_wait(argv, fo);
			if (r == 0 || r == 1)
				print_escaped_lines(fo); /* closes fo */
			else
				close(fo);
			fo = -1;
		}
	}
	if (fo >= 0) {
		close(fo);
		unlink(o);
	}
	if (fa >= 0) {
		close(fa);
		unlink(a);
	}
	if (fb >= 0) {
		close(fb);
		unlink(b);
	}
	return r == 0 || r == 1 ? 0 : -1;
}

/* Run a planned command, on the live system only (never under --root). */
static int run_command(const struct ld_boot_command *cmd)
{
	char *argv[16];
	size_t n = 0;

	for (char **a = cmd->argv; *a && n < 15; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	return spawn_wait(argv, -1);
}

/* Print one line with a machine-made part escaped for the terminal. */
static void say(FILE *out, const char *fmt, const char *what)
{
	char *e = text_escape(what ? what : "");

	fprintf(out, fmt, e ? e : "?");
	free(e);
}

/* What the next boot gets, said only as far as the computed command line supports it. */
static void say_next_boot(FILE *out, const struct ld_boot_plan *plan, const char *word)
{
	const char *how = plan->cmdline_approx ? " (as far as the files can be read without running them)" : "";

	if (!word) {
		if (plan->level_after != LD_LEVEL_NONE)
			fprintf(out, "The next boot still asks for lockdown=%s: the configuration's own words, "
				     "not lockdownctl's%s.\n",
				ld_level_to_string(plan->level_after), how);
		return;
	}
	if (plan->cmdline_approx) { /* only with --force: no claim */
		say(out, "What the next boot gets cannot be told (%s): check the kernel command line "
			 "after the next boot.\n", plan->approx_why ? plan->approx_why : "not followed");
		return;
	}
	if (plan->lsm_after == 1)
		fprintf(out, "The next boot runs with lockdown=%s%s.\n", word, how);
	else
		fprintf(out, "The next boot's command line asks for lockdown=%s%s; whether the lockdown LSM "
			     "starts cannot be told here (no kernel configuration to read).\n",
			word, how);
}

static int boot(const struct enable_args *a, const struct cli_opts *opts)
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
	if (st.lsms_err == 0) {
		facts.active = st.lsms.v;
		facts.n_active = st.lsms.n;
	}
	facts.config_lsm = st.kconfig_err == 0 ? ld_kconfig_get(&st.kconfig, "LSM") : NULL;
	facts.early = st.kconfig_err == 0
			      ? ld_kconfig_enabled(&st.kconfig, "SECURITY_LOCKDOWN_LSM_EARLY") > 0
			      : -1;
	r = ld_boot_plan(root, st.release_err == 0 ? st.release : NULL, a->level, &facts, &plan);
	if (r < 0) {
		char *e = text_escape(plan.error ? plan.error : ld_strerror(-r));

		r = cli_error("cannot plan the change to the boot configuration: %s", e ? e : "?");
		free(e);
		if (opts->json != JSON_OFF)
			print_result_json(opts, a, &plan, LD_LEVEL_NONE, LD_LEVEL_NONE, 0, false);
		goto out;
	}
	grubby = plan.kind == LD_BOOT_GRUBBY;
	say(out, "Boot configuration: %s.\n", plan.detail);
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
			print_result_json(opts, a, &plan, LD_LEVEL_NONE, LD_LEVEL_NONE, 0, false);
		if (plan.refusal == LD_BOOT_REFUSE_UNSUPPORTED) {
			if (plan.explain)
				cli_warn("%s", plan.refusal_why);
			else
				cli_error("%s", plan.refusal_why);
		}
		goto out;
	}
	if (plan.n_changes == 0 && !grubby) {
		say(out, "%s\n", plan.note ? plan.note
			       : word ? "Already set up for the next boot: nothing to change."
				      : "Nothing to undo.");
		r = EXIT_OK;
		if (opts->json != JSON_OFF)
			r = print_result_json(opts, a, &plan, LD_LEVEL_NONE, LD_LEVEL_NONE, 0, false);
		goto out;
	}
	if (plan.note)
		say(stderr, "lockdownctl: note: %s\n", plan.note);
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
		/* the plan is the whole truth: every other path the real run creates or removes */
		for (size_t i = 0; i < plan.n_sides; i++) {
			char *e = text_escape(plan.sides[i].path);

			fprintf(out, "Would also %s %s (%s)\n", plan.sides[i].create ? "create" : "remove",
				e ? e : "?", plan.sides[i].role);
			free(e);
		}
		for (size_t i = 0; i < plan.n_commands; i++) {
			char *c = ld_boot_command_string(&plan.commands[i]);

			say(out, "Would run: %s\n", c);
			free(c);
		}
		r = opts->json != JSON_OFF
			    ? print_result_json(opts, a, &plan, LD_LEVEL_NONE, LD_LEVEL_NONE, 0, false)
			    : EXIT_OK;
		goto out;
	}
	if (!confirmed(a, "This changes the kernel command line of the next boot.",
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
	for (size_t i = 0; i < plan.n_changes; i++) {
		const struct ld_boot_change *c = &plan.changes[i];

		if (c->flags & LD_CHANGE_RESTORE)
			say(out, "Restored %s (its original bytes; the backup is removed)\n", c->path);
		else if (!c->new)
			say(out, "Removed %s\n", c->path);
		else {
			char bak[4200];

			snprintf(bak, sizeof(bak), "%s" LD_BACKUP_SUFFIX, c->path);
			if (ld_root_access(root, bak) == 0)
				fprintf(out, "Wrote %s (the original is kept in %s)\n", c->path, bak);
			else
				fprintf(out, "Wrote %s (lockdownctl made it; disable undoes it)\n", c->path);
		}
	}
	for (size_t i = 0; i < plan.n_commands; i++) {
		char *c = ld_boot_command_string(&plan.commands[i]);

		if (!run_cmds) {
			say(out, "Now run: %s\n", c);
			free(c);
			continue;
		}
		say(out, "Running: %s\n", c);
		if (run_command(&plan.commands[i]) != 0) {
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
	say_next_boot(out, &plan, word);
	changed = !grubby || run_cmds;
	r = opts->json != JSON_OFF
		    ? print_result_json(opts, a, &plan, LD_LEVEL_NONE, LD_LEVEL_NONE, 0, changed)
		    : EXIT_OK;
out:
	ld_boot_plan_clear(&plan);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}

/* Also read by the --help and man page test, through the verb table. */
const struct option cli_enable_options[] = {
	CLI_COMMON_LONGOPTS,
	{ "now", no_argument, NULL, OPT_NOW },
	{ "boot", no_argument, NULL, OPT_BOOT },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "yes", no_argument, NULL, 'y' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "no-update", no_argument, NULL, OPT_NO_UPDATE },
	{ 0 },
};

static int parse(int argc, char **argv, struct cli_opts *opts, struct enable_args *a,
		 bool disable)
{
	int c, r;

	while ((c = cli_getopt(argc, argv, argv[0], CLI_COMMON_SHORTOPTS "ny", cli_enable_options)) != -1) {
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
		case 'h':
			if (disable)
				cli_print_verb_help(cli_find_verb("disable"), disable_options,
						    "  lockdownctl disable --boot --dry-run\n");
			else
				cli_print_verb_help(cli_find_verb("enable"), enable_options,
						    enable_examples);
			return -EXIT_OK - 1000;
		default:
			r = cli_common_option(c, optarg, opts);
			if (r < 0)
				return r;
		}
	}
	return optind;
}

int verb_enable(int argc, char **argv, struct cli_opts *opts)
{
	struct enable_args a = { .verb = "enable" };
	int i = parse(argc, argv, opts, &a, false);

	if (i == -EXIT_OK - 1000)
		return EXIT_OK;
	if (i < 0)
		return -i;
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
	return a.now ? enable_now(&a, opts) : boot(&a, opts);
}

int verb_disable(int argc, char **argv, struct cli_opts *opts)
{
	struct enable_args a = { .verb = "disable", .level = LD_LEVEL_NONE };
	int i = parse(argc, argv, opts, &a, true);

	if (i == -EXIT_OK - 1000)
		return EXIT_OK;
	if (i < 0)
		return -i;
	if (i < argc)
		return cli_usage_error("disable", "unexpected argument '%s'", argv[i]);
	if (a.now)
		return cli_usage_error("disable", "lockdown cannot be lowered until reboot; "
						  "disable --boot stops setting it at the next boot");
	if (!a.boot)
		return cli_usage_error("disable", "disable --boot is the only kind of disable");
	if (a.force)
		return cli_usage_error("disable", "--force goes with enable --now");
	return boot(&a, opts);
}
