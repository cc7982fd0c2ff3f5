// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl enforce: a lockdown policy on the BPF LSM, with per-reason
 * refusals, a permissive mode, cgroup exemptions and a one-way seal. It
 * only adds refusals to what the built-in lockdown LSM refuses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "../bpf/lockdown_policy.h"
#include "cli.h"
#include "enforce-render.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

#define DEFAULT_POLICY  "/etc/lockdownctl/policy.conf"
#define CGROUP2_MOUNT   "/sys/fs/cgroup"
#define BPF_FS_MAGIC    0xcafe4a11
#define MAX_STATEMENTS  64

static const char commands_help[] =
	"  start                  Load the policy and pin it: it stays after lockdownctl exits\n"
	"  status                 Show the policy in force, its counters and the seal\n"
	"  follow                 Print refusals and permissive hits as they happen\n"
	"  reload                 Replace the policy in force, with no gap between the two\n"
	"  seal                   Make the policy permanent until reboot (one-way)\n"
	"  stop                   Remove the policy (not once it is sealed)\n";

static const char options_help[] =
	"  -p --policy=FILE       Policy file (default " DEFAULT_POLICY "; '-': stdin)\n"
	"  -e --statement=STMT    A policy statement, after the file's (repeatable)\n"
	"  -n --dry-run           Check and show the policy; load nothing\n"
	"  -y --yes               Confirm a command that changes the running kernel\n"
	"     --seal              start: seal right after starting (or 'seal yes' in the file)\n"
	"     --pin-dir=DIR       Where the policy is pinned (default " LD_ENFORCE_PIN_DIR ")\n"
	"  -v --verbose           Show libbpf's messages (the verifier's log)\n";

static const char examples[] =
	"  lockdownctl enforce start --dry-run -e 'level integrity' -e 'refuse kcore'\n"
	"  lockdownctl enforce start --yes             # from " DEFAULT_POLICY "\n"
	"  lockdownctl enforce follow --json\n"
	"  lockdownctl enforce seal --yes\n";

enum { OPT_SEAL = 0x200, OPT_PIN_DIR };

struct enforce_args {
	const char *policy_file;
	bool policy_file_given;
	const char *statements[MAX_STATEMENTS];
	size_t n_statements;
	bool dry_run, yes, seal;
	const char *pin_dir;
};

struct cgroup_ctx {
	const struct ld_root *root;
	char mount[PATH_MAX];
};

static int resolve_cgroup(const char *path, uint64_t *ret_id, unsigned *ret_level, void *userdata)
{
	const struct cgroup_ctx *c = userdata;

	return ld_cgroup_lookup(c->mount, path, ret_id, ret_level);
}

static int print_policy_error(const struct ld_policy_error *e)
{
	if (e->line && strncmp(e->source, "-e #", 4) != 0) /* a statement is one line */
		cli_warn("%s:%zu: %s", e->source, e->line, e->message);
	else
		cli_warn("%s: %s", e->source, e->message);
	return EXIT_ERROR;
}

static int read_stdin(char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1);
	size_t n;

	if (!buf)
		return -ENOMEM;
	while ((n = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap) {
			char *b = cap < (1u << 20) ? realloc(buf, 2 * cap + 1) : NULL;

			if (!b) {
				free(buf);
				return cap < (1u << 20) ? -ENOMEM : -EFBIG;
			}
			buf = b;
			cap *= 2;
		}
	}
	if (ferror(stdin)) {
		free(buf);
		return -EIO;
	}
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

/* Parse the file (if any) and the -e statements, then resolve for this kernel. */
static int build_policy(const struct enforce_args *a, const struct ld_root *root,
			const struct ld_catalogue *cat, struct ld_policy_src *src,
			struct ld_policy *ret)
{
	struct cgroup_ctx cg = { .root = root };
	struct ld_policy_error err = { 0 };
	char *text = NULL;
	size_t len = 0;
	int r;

	if (strcmp(a->policy_file, "-") == 0)
		r = read_stdin(&text, &len);
	else
		r = ld_root_read_file(root, a->policy_file, 1u << 20, &text, &len);
	if (r == -ENOENT && !a->policy_file_given && a->n_statements > 0)
		r = 0; /* statements on the command line are a policy by themselves */
	else if (r < 0)
		return cli_error("cannot read policy '%s': %s%s", a->policy_file, ld_strerror(-r),
				 r == -ENOENT ? " (give --policy FILE or -e STATEMENT)" : "");
	else {
		r = ld_policy_parse(src, a->policy_file, text, len, &err);
		free(text);
		if (r == -EINVAL)
			return print_policy_error(&err);
		if (r < 0)
			return cli_error("cannot parse policy: %s", ld_strerror(-r));
	}
	for (size_t i = 0; i < a->n_statements; i++) {
		char name[32];

		snprintf(name, sizeof(name), "-e #%zu", i + 1);
		r = ld_policy_parse(src, name, a->statements[i], strlen(a->statements[i]), &err);
		if (r == -EINVAL)
			return print_policy_error(&err);
		if (r < 0)
			return cli_error("cannot parse policy: %s", ld_strerror(-r));
	}
	snprintf(cg.mount, sizeof(cg.mount), "%s%s",
		 strcmp(ld_root_prefix(root), "/") == 0 ? "" : ld_root_prefix(root), CGROUP2_MOUNT);
	r = ld_policy_resolve(src, cat, resolve_cgroup, &cg, ret, &err);
	if (r == -EINVAL)
		return print_policy_error(&err);
	if (r < 0)
		return cli_error("cannot resolve policy: %s", ld_strerror(-r));
	return EXIT_OK;
}

/* The cgroup path of each exemption, found by id under the cgroup2 mount. */
static struct {
	uint64_t id;
	char *path;
	size_t prefix;
} cg_search;

static int match_cgroup(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D && (uint64_t)sb->st_ino == cg_search.id) {
		cg_search.path = strdup(fpath[cg_search.prefix] ? fpath + cg_search.prefix : "/");
		return 1;
	}
	return 0;
}

static void find_exempt_paths(const char *mount, const struct ld_policy *p, char **paths)
{
	for (uint32_t i = 0; i < p->n_exempts && i < LD_POLICY_EXEMPTS; i++) {
		cg_search.id = p->exempt[i].cgroup_id;
		cg_search.path = NULL;
		cg_search.prefix = strlen(mount);
		nftw(mount, match_cgroup, 16, FTW_PHYS | FTW_MOUNT);
		paths[i] = cg_search.path;
	}
}

static bool bpf_lsm_on(const struct ld_status *st)
{
	return st->lsms_err == 0 && ld_strv_contains(&st->lsms, "bpf");
}

static int refuse_without_bpf_lsm(const struct ld_status *st)
{
	char list[1024] = "";
	size_t off = 0;

	if (st->lsms_err != 0) {
		cli_error("cannot tell whether the BPF LSM is active: /sys/kernel/security/lsm: %s",
			  ld_strerror(-st->lsms_err));
		return EXIT_UNSUPPORTED;
	}
	for (size_t i = 0; i < st->lsms.n && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s", i ? "," : "",
					st->lsms.v[i]);
	cli_error("the BPF LSM is not active (/sys/kernel/security/lsm: %s): a policy would load "
		  "and never run. Boot with lsm=%s%sbpf on the kernel command line (keep the "
		  "modules you have, in their order)",
		  list, list, off ? "," : "");
	return EXIT_UNSUPPORTED;
}

static int check_bpffs(const char *pin_dir)
{
	char parent[PATH_MAX], *slash;
	struct statfs sf;

	snprintf(parent, sizeof(parent), "%s", pin_dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	if (statfs(parent, &sf) < 0 || (unsigned long)sf.f_type != BPF_FS_MAGIC)
		return cli_error("%s is not on bpffs: the policy is pinned there (mount -t bpf bpf "
				 "%s)",
				 parent, parent);
	return EXIT_OK;
}

/* A seal is worth nothing while root can still load a module or kexec a kernel. */
static int refuse_unsafe_seal(const struct ld_policy *p, const struct ld_status *st)
{
	const char *missing[4];
	size_t n = ld_policy_seal_missing(p, &st->catalogue, st->level_err == 0 ? st->level
										 : LD_LEVEL_NONE,
					  missing, 4);

	if (!n)
		return EXIT_OK;
	return cli_error("refusing to seal: the policy allows %s%s%s, so root could load a module "
			 "or kexec a kernel that undoes it (refuse them, or raise the built-in level)",
			 missing[0], n > 1 ? " and " : "", n > 1 ? missing[1] : "");
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
		const struct ld_status *st, const char *cgroup_mount)
{
	char *paths[LD_POLICY_EXEMPTS] = { 0 };
	struct enforce_view v = {
		.title = title,
		.policy = p,
		.info = info,
		.cat = &st->catalogue,
		.builtin = st->level_err == 0 ? st->level : LD_LEVEL_NONE,
		.exempt_paths = (const char *const *)paths,
		.pin_dir = a->pin_dir,
	};
	int r;

	find_exempt_paths(cgroup_mount, p, paths);
	r = opts->json != JSON_OFF ? enforce_print_json(&v, opts->json) : enforce_print_text(&v);
	for (int i = 0; i < LD_POLICY_EXEMPTS; i++)
		free(paths[i]);
	return r;
}

/* libbpf speaks only with --verbose (the verifier's log, for developers). */
static int libbpf_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct follow_ctx {
	const struct ld_catalogue *cat;
	int64_t offset;
	bool json;
};

static int on_record(const struct ld_trace_record *rec, void *userdata)
{
	const struct follow_ctx *f = userdata;

	if (rec->kind == LD_RECORD_CHECK)
		enforce_print_record(rec, f->cat, f->offset, f->json);
	return 0;
}

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmd_follow(struct ld_enforcer *e, const struct ld_status *st, const struct cli_opts *o)
{
	struct follow_ctx f = { .cat = &st->catalogue, .json = o->json != JSON_OFF };
	struct sigaction sa = { .sa_handler = on_signal };
	int r;

	f.offset = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_MONOTONIC);
	r = ld_enforcer_follow_open(e, on_record, &f);
	if (r == -EBUSY)
		return cli_error("another 'enforce follow' is reading the policy's events: the kernel's "
				 "ring buffer has one reader, so two followers would each miss records");
	if (r < 0)
		return cli_error("cannot read the policy's events: %s", ld_strerror(-r));
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!f.json && isatty(STDOUT_FILENO))
		fprintf(stderr, "Following refusals of the policy in force; Ctrl-C to stop.\n");
	while (!stop_requested) {
		r = ld_enforcer_follow_poll(e, 200);
		if (r < 0)
			return cli_error("reading events failed: %s", ld_strerror(-r));
	}
	return EXIT_OK;
}

static int run(const char *cmd, const struct enforce_args *a, struct cli_opts *opts)
{
	bool loads = strcmp(cmd, "start") == 0 || strcmp(cmd, "reload") == 0;
	struct ld_policy_src src = { 0 };
	struct ld_enforce_info info = { 0 };
	struct ld_enforcer *e = NULL;
	struct ld_policy p = { 0 };
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	char cg_mount[PATH_MAX];
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
	if (!a->dry_run && !cli_privileged())
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
	snprintf(cg_mount, sizeof(cg_mount), "%s%s",
		 strcmp(opts->root, "/") == 0 ? "" : opts->root, CGROUP2_MOUNT);
	if (loads) {
		r = build_policy(a, root, &st.catalogue, &src, &p);
		if (r != EXIT_OK)
			goto out;
	}
	if (a->dry_run) {
		r = show(a, opts, "Policy (dry run: nothing loaded)", &p, NULL, &st, cg_mount);
		goto out;
	}
	if (strcmp(cmd, "start") == 0) {
		char *why = NULL;

		if (!bpf_lsm_on(&st)) {
			r = refuse_without_bpf_lsm(&st);
			goto out;
		}
		if ((r = check_bpffs(a->pin_dir)) != EXIT_OK)
			goto out;
		if ((a->seal || src.seal) && (r = refuse_unsafe_seal(&p, &st)) != EXIT_OK)
			goto out;
		r = ld_enforce_start(a->pin_dir, &p, &why);
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
		r = show(a, opts, "Policy in force", info.policy, &info, &st, cg_mount);
	} else if (strcmp(cmd, "follow") == 0) {
		r = cmd_follow(e, &st, opts);
	} else if (strcmp(cmd, "reload") == 0) {
		r = ld_enforcer_reload(e, &p);
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
			fprintf(stderr, "Policy sealed: it cannot be removed or weakened until "
					"reboot.\n");
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
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}

/* Also read by the --help and man page test, through the verb table. */
const struct option cli_enforce_options[] = {
	CLI_COMMON_LONGOPTS,
	{ "policy", required_argument, NULL, 'p' },
	{ "statement", required_argument, NULL, 'e' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "yes", no_argument, NULL, 'y' },
	{ "seal", no_argument, NULL, OPT_SEAL },
	{ "pin-dir", required_argument, NULL, OPT_PIN_DIR },
	{ "verbose", no_argument, NULL, 'v' },
	{ 0 },
};

int verb_enforce(int argc, char **argv, struct cli_opts *opts)
{
	static const char *const commands[] = { "start", "status", "follow", "reload", "seal",
						"stop" };
	struct enforce_args a = { .policy_file = DEFAULT_POLICY, .pin_dir = LD_ENFORCE_PIN_DIR };
	const char *cmd;
	bool known = false, verbose = false;
	int c, r;

	while ((c = cli_getopt(argc, argv, "enforce", CLI_COMMON_SHORTOPTS "p:e:nyvh", cli_enforce_options)) != -1) {
		switch (c) {
		case 'p':
			a.policy_file = optarg;
			a.policy_file_given = true;
			break;
		case 'e':
			if (a.n_statements == MAX_STATEMENTS)
				return cli_usage_error("enforce", "at most %d -e statements",
						       MAX_STATEMENTS);
			a.statements[a.n_statements++] = optarg;
			break;
		case 'n':
			a.dry_run = true;
			break;
		case 'y':
			a.yes = true;
			break;
		case 'v':
			verbose = true;
			break;
		case OPT_SEAL:
			a.seal = true;
			break;
		case OPT_PIN_DIR:
			if (optarg[0] != '/')
				return cli_usage_error("enforce", "--pin-dir takes an absolute path");
			a.pin_dir = optarg;
			break;
		case 'h':
			cli_print_verb_help_commands(cli_find_verb("enforce"), commands_help, options_help,
						     examples);
			return EXIT_OK;
		default:
			r = cli_common_option(c, optarg, opts);
			if (r < 0)
				return -r;
		}
	}
	if (optind >= argc)
		return cli_usage_error("enforce", "which command? (start, status, follow, reload, "
						  "seal, stop)");
	if (optind + 1 < argc)
		return cli_usage_error("enforce", "unexpected argument '%s'", argv[optind + 1]);
	cmd = argv[optind];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		known |= strcmp(cmd, commands[i]) == 0;
	if (!known)
		return cli_usage_error("enforce", "unknown command '%s' (start, status, follow, "
						  "reload, seal, stop)",
				       cmd);
	libbpf_set_print(verbose ? libbpf_verbose : NULL);
	return run(cmd, &a, opts);
}
