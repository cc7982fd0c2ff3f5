// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl enforce: a lockdown policy on the BPF LSM, with per-reason
 * refusals, a permissive mode, cgroup exemptions and a one-way seal. It
 * only adds refusals to what the built-in lockdown LSM refuses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"
#include "enforce-follow.h"
#include "enforce-render.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "lockdown/sysinfo.h"

#define DEFAULT_POLICY  "/etc/lockdownctl/policy.conf"
#define MAX_STATEMENTS  64

const struct cli_command cli_enforce_commands[CLI_ENFORCE_COMMANDS] = {
	{ "start", "Load the policy and pin it: it stays after lockdownctl exits" },
	{ "status", "Show the policy in force, its counters and the seal" },
	{ "follow", "Print refusals and permissive hits as they happen" },
	{ "reload", "Replace the policy in force, with no gap between the two" },
	{ "seal", "Make the policy permanent until reboot (one-way)" },
	{ "stop", "Remove the policy (not once it is sealed)" },
};

enum { OPT_SEAL = 0x200, OPT_PIN_DIR };

const struct cli_option cli_enforce_options[] = {
	{ "policy", 'p', required_argument, "FILE",
	  "Policy file (default " DEFAULT_POLICY "; '-': stdin)" },
	{ "statement", 'e', required_argument, "STMT",
	  "A policy statement, after the file's (repeatable)" },
	{ "dry-run", 'n', no_argument, NULL, "Check and show the policy; load nothing" },
	{ "yes", 'y', no_argument, NULL, "Confirm a command that changes the running kernel" },
	{ "seal", OPT_SEAL, no_argument, NULL,
	  "start: seal right after starting (or 'seal yes' in the file)" },
	{ "pin-dir", OPT_PIN_DIR, required_argument, "DIR",
	  "Where the policy is pinned (default " LD_ENFORCE_PIN_DIR ")" },
	{ "verbose", 'v', no_argument, NULL, "Show libbpf's messages (the verifier's log)" },
	{ 0 },
};

const char cli_enforce_examples[] =
	"  lockdownctl enforce start --dry-run -e 'level integrity' -e 'refuse kcore'\n"
	"  lockdownctl enforce start --yes             # from " DEFAULT_POLICY "\n"
	"  lockdownctl enforce follow --json\n"
	"  lockdownctl enforce seal --yes\n";

struct enforce_args {
	const char *policy_file;
	bool policy_file_given;
	const char *statements[MAX_STATEMENTS];
	size_t n_statements;
	bool dry_run, yes, seal, verbose;
	const char *pin_dir;
};

static int print_policy_error(const struct ld_policy_error *e)
{
	if (e->line && strncmp(e->source, "-e #", 4) != 0) /* a statement is one line */
		cli_warn("%s:%zu: %s", e->source, e->line, e->message);
	else
		cli_warn("%s: %s", e->source, e->message);
	return EXIT_ERROR;
}

/* Parse the file (if any) and the -e statements, then resolve for this kernel. */
static int build_policy(const struct enforce_args *a, const struct ld_root *root,
			const struct ld_catalogue *cat, struct ld_policy_src *src,
			struct ld_policy **ret)
{
	struct ld_policy_input in = {
		.file = a->policy_file,
		.file_given = a->policy_file_given,
		.statements = a->statements,
		.n_statements = a->n_statements,
	};
	struct ld_policy_error err = { 0 };
	enum ld_policy_step step;
	int r = ld_policy_build(&in, root, cat, src, ret, &err, &step);

	if (r == 0)
		return EXIT_OK;
	if (step == LD_POLICY_STEP_READ)
		return cli_error("cannot read policy '%s': %s%s", a->policy_file, ld_strerror(-r),
				 r == -ENOENT ? " (give --policy FILE or -e STATEMENT)" : "");
	if (r == -EINVAL)
		return print_policy_error(&err);
	if (step == LD_POLICY_STEP_PARSE)
		return cli_error("cannot parse policy: %s", ld_strerror(-r));
	return cli_error("cannot resolve policy: %s", ld_strerror(-r));
}

/* The library's refusal, said; or -ENOMEM. */
static int refused(int r, char *why, bool unsupported)
{
	if (r < 0)
		return cli_error("%s", ld_strerror(-r));
	cli_error("%s", why);
	free(why);
	return unsupported ? EXIT_UNSUPPORTED : EXIT_ERROR;
}

static int refuse_unsafe_seal(const struct ld_policy *p, const struct ld_status *st)
{
	char *why = NULL;
	int r = ld_enforce_decide_seal(p, st, &why);

	return r == 0 && !why ? EXIT_OK : refused(r, why, false);
}

static int need_yes(const char *cmd, const struct enforce_args *a)
{
	if (a->yes || a->dry_run)
		return EXIT_OK;
	return cli_usage_error("enforce", "'enforce %s' changes the running kernel: add --yes "
					  "(or --dry-run to see the policy)",
			       cmd);
}

static int show(const struct enforce_args *a, const struct cli_opts *opts, const char *title,
		const struct ld_policy *p, const struct ld_enforce_info *info,
		const struct ld_status *st, const struct ld_root *root)
{
	struct ld_enforce_view v;
	int r = ld_enforce_view_build(p, info, st, root, &v);

	if (r < 0)
		return cli_error("cannot show the policy: %s", ld_strerror(-r));
	v.title = title;
	v.pin_dir = a->pin_dir;
	r = opts->json != JSON_OFF ? enforce_print_json(&v, opts->json) : enforce_print_text(&v);
	ld_enforce_view_clear(&v);
	return r;
}

/* libbpf speaks only with --verbose (the verifier's log, for developers). */
static int libbpf_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static int run(const char *cmd, const struct enforce_args *a, struct cli_opts *opts)
{
	bool loads = strcmp(cmd, "start") == 0 || strcmp(cmd, "reload") == 0;
	struct ld_policy_src src = { 0 };
	struct ld_enforce_info info = { 0 };
	struct ld_enforcer *e = NULL;
	struct ld_policy *p = NULL;
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	int r;

	if (strcmp(opts->root, "/") != 0 && !(loads && a->dry_run))
		return cli_usage_error("enforce", "--root works only with 'start --dry-run' or "
						  "'reload --dry-run': the rest acts on the running "
						  "kernel");
	if (a->dry_run && !loads)
		return cli_usage_error("enforce", "--dry-run goes with start or reload");
	if ((a->policy_file_given || a->n_statements) && !loads)
		return cli_usage_error("enforce", "a policy goes with start or reload");
	if (a->seal && strcmp(cmd, "start") != 0)
		return cli_usage_error("enforce", "--seal goes with start (or use 'enforce seal')");
	if (strcmp(cmd, "status") != 0 && strcmp(cmd, "follow") != 0 &&
	    (r = need_yes(cmd, a)) != EXIT_OK)
		return r;
	if (!a->dry_run && !ld_can_load_bpf())
		return cli_error("enforce loads and reads BPF LSM programs: it needs root");

	/* the active LSMs matter only to start: the rest need the level and the reasons */
	r = cli_open_status(opts->root, strcmp(cmd, "start") != 0, &root, &st);
	if (r != EXIT_OK)
		return r;
	if (st.catalogue_err < 0) {
		r = cli_error("cannot name this kernel's lockdown reasons: %s",
			      ld_strerror(-st.catalogue_err));
		goto out;
	}
	if (loads) {
		r = build_policy(a, root, &st.catalogue, &src, &p);
		if (r != EXIT_OK)
			goto out;
	}
	if (a->dry_run) {
		r = show(a, opts, "Policy (dry run: nothing loaded)", p, NULL, &st, root);
		goto out;
	}
	if (strcmp(cmd, "start") == 0) {
		char *why = NULL;
		bool unsupported;

		r = ld_enforce_decide_start(&st, a->pin_dir, &why, &unsupported);
		if (r < 0 || why) {
			r = refused(r, why, unsupported);
			goto out;
		}
		if ((a->seal || src.seal) && (r = refuse_unsafe_seal(p, &st)) != EXIT_OK)
			goto out;
		r = ld_enforce_start(a->pin_dir, p, &why);
		if (r < 0) {
			cli_error("cannot start the policy: %s", why ? why : ld_strerror(-r));
			free(why);
			r = r == -EEXIST ? EXIT_ERROR : r == -EINVAL || r == -EOPNOTSUPP
							      ? EXIT_UNSUPPORTED : EXIT_ERROR;
			goto out;
		}
		fprintf(stderr, "Policy in force, pinned at %s.\n", a->pin_dir);
		if (!(a->seal || src.seal)) {
			r = EXIT_OK;
			goto out;
		}
	}
	r = ld_enforcer_open(a->pin_dir, &e);
	if (r < 0) {
		r = cli_error("no policy pinned at %s: %s%s", a->pin_dir, ld_strerror(-r),
			      r == -ENOENT ? " (enforce start loads one)" : "");
		goto out;
	}
	if (strcmp(cmd, "status") == 0) {
		r = ld_enforcer_read(e, &info);
		if (r < 0) {
			r = cli_error("cannot read the policy in force: %s", ld_strerror(-r));
			goto out;
		}
		r = show(a, opts, "Policy in force", info.policy, &info, &st, root);
	} else if (strcmp(cmd, "follow") == 0) {
		r = enforce_follow(e, &st.catalogue, opts->json != JSON_OFF);
	} else if (strcmp(cmd, "reload") == 0) {
		r = ld_enforcer_reload(e, p);
		if (r == -EPERM)
			r = cli_error("the policy is sealed: it stays as it is until reboot");
		else if (r < 0)
			r = cli_error("cannot reload: %s", ld_strerror(-r));
		else {
			fprintf(stderr, "Policy replaced.\n");
			r = EXIT_OK;
		}
	} else if (strcmp(cmd, "seal") == 0 || strcmp(cmd, "start") == 0) {
		r = ld_enforcer_read(e, &info);
		if (r < 0) {
			r = cli_error("cannot read the policy in force: %s", ld_strerror(-r));
			goto out;
		}
		if ((r = refuse_unsafe_seal(info.policy, &st)) != EXIT_OK)
			goto out;
		r = ld_enforcer_seal(e);
		if (r < 0)
			r = cli_error("cannot seal: %s", ld_strerror(-r));
		else {
			struct ld_threat t[LD_SEAL_THREATS_MAX];
			size_t n = ld_seal_threats_for(info.policy, t, LD_SEAL_THREATS_MAX);

			enforce_print_sealed(t, n);
			r = EXIT_OK;
		}
	} else if (strcmp(cmd, "stop") == 0) {
		r = ld_enforcer_stop(e);
		if (r == -EPERM)
			r = cli_error("the policy is sealed: it stays in force until reboot");
		else if (r < 0)
			r = cli_error("cannot remove the policy at %s: %s", a->pin_dir, ld_strerror(-r));
		else {
			fprintf(stderr, "Policy removed.\n");
			r = EXIT_OK;
		}
	}
out:
	ld_enforce_info_clear(&info);
	ld_enforcer_free(e);
	ld_policy_src_clear(&src);
	free(p);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}

static int enforce_option(int c, const char *arg, void *userdata)
{
	struct enforce_args *a = userdata;

	switch (c) {
	case 'p':
		a->policy_file = arg;
		a->policy_file_given = true;
		break;
	case 'e':
		if (a->n_statements == MAX_STATEMENTS)
			return cli_usage_error("enforce", "at most %d -e statements",
					       MAX_STATEMENTS);
		a->statements[a->n_statements++] = arg;
		break;
	case 'n':
		a->dry_run = true;
		break;
	case 'y':
		a->yes = true;
		break;
	case 'v':
		a->verbose = true;
		break;
	case OPT_SEAL:
		a->seal = true;
		break;
	case OPT_PIN_DIR:
		if (arg[0] != '/')
			return cli_usage_error("enforce", "--pin-dir takes an absolute path");
		a->pin_dir = arg;
		break;
	}
	return 0;
}

int verb_enforce(int argc, char **argv, struct cli_opts *opts)
{
	const struct cli_command *cmd;
	struct enforce_args a = { .policy_file = DEFAULT_POLICY, .pin_dir = LD_ENFORCE_PIN_DIR };
	int r = cli_parse_options(argc, argv, opts, enforce_option, &a);

	if (r != CLI_GO_ON)
		return r;
	if (optind + 1 < argc)
		return cli_usage_error("enforce", "unexpected argument '%s'", argv[optind + 1]);
	cmd = cli_find_command(opts->verb, optind < argc ? argv[optind] : NULL);
	if (!cmd)
		return EXIT_USAGE;
	libbpf_set_print(a.verbose ? libbpf_verbose : NULL);
	return run(cmd->name, &a, opts);
}
