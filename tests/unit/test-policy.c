// SPDX-License-Identifier: GPL-2.0-or-later
/* The enforce policy language: parsing, file:line errors, resolution. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "version.h"
#include "../../lib/enforce/cgroup.h"

/* Debian 6.1.192: KCORE 22, KEXEC 4, HIBERNATION 5, XEN_USER_ACTIONS 20 */
static struct ld_catalogue cat;

static int setup(void **state)
{
	struct ld_kernel_version v = { 6, 1, 192 };

	(void)state;
	return ld_catalogue_builtin(&v, &cat);
}

static int teardown(void **state)
{
	(void)state;
	ld_catalogue_clear(&cat);
	return 0;
}

static int number(const char *name)
{
	const struct ld_reason *r = ld_catalogue_find(&cat, name);

	assert_non_null(r);
	return (int)r->value;
}

/* Every cgroup exists, with id 1000 + depth, except paths containing "missing". */
static int fake_cgroups(const char *path, uint64_t *id, unsigned *level, void *userdata)
{
	unsigned depth = 0;

	(void)userdata;
	if (strstr(path, "missing"))
		return -ENOENT;
	for (const char *p = path; *p; p++)
		depth += *p == '/' && p[1];
	*id = 1000 + depth;
	*level = depth;
	return 0;
}

static int parse(struct ld_policy_src *src, const char *text, struct ld_policy_error *err)
{
	return ld_policy_parse(src, "policy.conf", text, strlen(text), err);
}

static void test_level_refuse_allow(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;

	(void)state;
	assert_int_equal(0, parse(&src,
				  "# a comment\n"
				  "level integrity   # trailing comment\n"
				  "\n"
				  "refuse kcore\r\n"
				  "allow hibernation\n",
				  &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("dev_mem")]);
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("kexec")]);
	assert_int_equal(LD_ACTION_ALLOW, p.action[number("hibernation")]);
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("kcore")]);
	assert_int_equal(LD_ACTION_ALLOW, p.action[number("tracefs")]);
	assert_int_equal(LD_ACTION_ALLOW, p.action[0]); /* LOCKDOWN_NONE is never refused */
	assert_int_equal(0, p.n_exempts);
	ld_policy_src_clear(&src);
}

static void test_permissive_and_enforce(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;

	(void)state;
	assert_int_equal(0, parse(&src, "refuse kcore dev_mem LOCKDOWN_DEBUGFS\nmode permissive\n"
					"enforce dev_mem\n",
				  &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(LD_ACTION_PERMISSIVE, p.action[number("kcore")]);
	assert_int_equal(LD_ACTION_PERMISSIVE, p.action[number("debugfs")]);
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("dev_mem")]);
	ld_policy_src_clear(&src);

	assert_int_equal(0, parse(&src, "refuse kcore dev_mem\npermissive kcore\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(LD_ACTION_PERMISSIVE, p.action[number("kcore")]);
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("dev_mem")]);
	ld_policy_src_clear(&src);
}

static void test_exempt(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;
	int k = number("kexec"), c = number("kcore");

	(void)state;
	assert_int_equal(0, parse(&src,
				  "level confidentiality\n"
				  "exempt /system.slice/kdump-tools.service kexec\n"
				  "exempt /system.slice/kdump-tools.service kcore\n"
				  "exempt /a kcore\n",
				  &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(2, p.n_exempts);
	assert_int_equal(1002, p.exempt[0].cgroup_id);
	assert_int_equal(2, p.exempt[0].level);
	assert_true(p.exempt[0].reasons[k / 64] & (1ULL << (k % 64)));
	assert_true(p.exempt[0].reasons[c / 64] & (1ULL << (c % 64)));
	assert_int_equal(1001, p.exempt[1].cgroup_id);
	assert_false(p.exempt[1].reasons[k / 64] & (1ULL << (k % 64)));
	ld_policy_src_clear(&src);
}

/* Later inputs (the command line) add statements and override settings. */
static void test_command_line_after_file(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;

	(void)state;
	assert_int_equal(0, parse(&src, "level confidentiality\nseal yes\n", &err));
	assert_int_equal(0, ld_policy_parse(&src, "-e #1", "level integrity", 15, &err));
	assert_int_equal(0, ld_policy_parse(&src, "-e #2", "refuse kcore", 12, &err));
	assert_true(src.seal);
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(LD_ACTION_REFUSE, p.action[number("kcore")]);
	assert_int_equal(LD_ACTION_ALLOW, p.action[number("tracefs")]);
	ld_policy_src_clear(&src);
}

static void test_parse_errors(void **state)
{
	static const struct {
		const char *text;
		size_t line;
		const char *message;
	} cases[] = {
		{ "level integrity\nlevel none\n", 2, "'level' given twice (first on line 1)" },
		{ "level high\n", 1, "'level' takes one of none, integrity, confidentiality" },
		{ "\n\nrefuse\n", 3, "'refuse' takes at least one reason" },
		{ "refuse kc-ore\n", 1, "'kc-ore' is not a reason name" },
		{ "deny kcore\n", 1, "unknown statement 'deny'" },
		{ "mode strict\n", 1, "'mode' takes enforce or permissive" },
		{ "seal maybe\n", 1, "'seal' takes yes or no" },
		{ "exempt kdump kexec\n", 1, "'kdump' is not a cgroup path" },
		{ "exempt /a/../b kexec\n", 1, "'/a/../b' is not a cgroup path" },
		{ "exempt /kdump\n", 1, "'exempt' takes a cgroup path and at least one reason" },
		{ "refuse kcore\x1b[2J\n", 1, "control character 0x1b in the line" },
		{ "level integrity\n\xef\xbb\xbfrefuse kcore\n", 2, "byte order mark (U+FEFF) inside" },
		{ "\xef\xbb\xbf\xef\xbb\xbfrefuse kcore\n", 1, "byte order mark (U+FEFF) inside" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_policy_src src = { 0 };
		struct ld_policy_error err = { 0 };

		assert_int_equal(-EINVAL, parse(&src, cases[i].text, &err));
		assert_string_equal("policy.conf", err.source);
		assert_int_equal(cases[i].line, err.line);
		if (strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("case %zu: got '%s'", i, err.message);
		/* a bad input leaves nothing behind */
		assert_int_equal(0, src.n_stmts);
		ld_policy_src_clear(&src);
	}
}

/* A byte order mark at the start, as Windows editors save, is not part of the first statement. */
static void test_byte_order_mark(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err = { 0 };

	(void)state;
	assert_int_equal(0, parse(&src, "\xef\xbb\xbfrefuse kcore\n", &err));
	assert_int_equal(1, src.n_stmts);
	assert_string_equal("kcore", src.stmts[0].reason);
	ld_policy_src_clear(&src);
}

static void test_nul_and_long_lines(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	char *big = malloc(5000);

	(void)state;
	assert_int_equal(-EINVAL, ld_policy_parse(&src, "f", "refuse kcore\0x\n", 15, &err));
	assert_string_equal("NUL byte in the line", err.message);
	memset(big, 'a', 5000);
	assert_int_equal(-EINVAL, ld_policy_parse(&src, "f", big, 5000, &err));
	assert_int_equal(1, err.line);
	free(big);
}

static void test_resolve_errors(void **state)
{
	static const struct {
		const char *text;
		size_t line;
		const char *message;
	} cases[] = {
		{ "refuse kcroe\n", 1, "unknown reason 'kcroe'" },
		{ "refuse kcore\n\nallow kcore\n", 3, "'kcore' is allowed here and refused at policy.conf:1" },
		{ "permissive kcore\n", 1, "'kcore' is not refused by this policy, so it cannot be permissive" },
		{ "level integrity\nexempt /x kcore\n", 2, "'kcore' is not refused by this policy: nothing to exempt from" },
		{ "refuse kexec\nexempt /missing kexec\n", 2, "cgroup /missing: no such cgroup" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_policy_src src = { 0 };
		struct ld_policy_error err = { 0 };
		struct ld_policy p;

		assert_int_equal(0, parse(&src, cases[i].text, &err));
		assert_int_equal(-EINVAL, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
		assert_int_equal(cases[i].line, err.line);
		if (strncmp(err.message, cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("case %zu: got '%s'", i, err.message);
		ld_policy_src_clear(&src);
	}
}

/* How many reasons the integrity level refuses in this catalogue. */
static size_t integrity_reasons(void)
{
	size_t n = 0;

	for (size_t i = 0; i < cat.n; i++)
		n += cat.reasons[i].level == LD_LEVEL_INTEGRITY;
	return n;
}

static void test_seal_missing(void **state)
{
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;
	const char *names[4];
	size_t all = integrity_reasons();

	(void)state;
	assert_true(all > 10);
	assert_int_equal(0, parse(&src, "refuse kcore kexec\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	/* every integrity reason but kexec, in catalogue order */
	assert_int_equal(all - 1, ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4));
	assert_string_equal("module_signature", names[0]);
	assert_string_equal("dev_mem", names[1]);
	/* the built-in level holds them all */
	assert_int_equal(0, ld_policy_seal_missing(&p, &cat, LD_LEVEL_INTEGRITY, names, 4));
	ld_policy_src_clear(&src);

	assert_int_equal(0, parse(&src, "level integrity\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(0, ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4));
	ld_policy_src_clear(&src);

	/* an allowed reason, an exemption or permissive mode is a hole */
	assert_int_equal(0, parse(&src, "level integrity\nallow hibernation\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(1, ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4));
	assert_string_equal("hibernation", names[0]);
	ld_policy_src_clear(&src);
	assert_int_equal(0, parse(&src, "level integrity\nexempt /k kexec\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(1, ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4));
	assert_string_equal("kexec", names[0]);
	ld_policy_src_clear(&src);
	assert_int_equal(0, parse(&src, "level integrity\nmode permissive\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(all, ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4));
	ld_policy_src_clear(&src);
}

/* Whether start may load, and a seal be worth anything: the refusals are the library's sentences. */
static void test_decide(void **state)
{
	char *lsms[] = { "capability", "yama" }, *with_bpf[] = { "capability", "bpf" };
	struct ld_status st = { .catalogue = cat, .lsms = { lsms, 2 } };
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;
	bool unsupported = false;
	char *why = NULL, want[512];

	(void)state;
	assert_int_equal(0, ld_enforce_decide_start(&st, "/sys/fs/bpf/x", &why, &unsupported));
	assert_true(unsupported);
	assert_non_null(strstr(why, "(/sys/kernel/security/lsm: capability,yama)"));
	assert_non_null(strstr(why, "lsm=capability,yama,bpf "));
	free(why);
	st.lsms_err = -EACCES;
	assert_int_equal(0, ld_enforce_decide_start(&st, "/sys/fs/bpf/x", &why, &unsupported));
	assert_true(unsupported);
	assert_non_null(strstr(why, "cannot tell whether the BPF LSM is active"));
	free(why);
	/* the LSM is there; /proc is not bpffs: an error, not the kernel's lack */
	st.lsms_err = 0;
	st.lsms = (struct ld_strv){ with_bpf, 2 };
	assert_int_equal(0, ld_enforce_decide_start(&st, "/proc/lockdownctl", &why, &unsupported));
	assert_false(unsupported);
	assert_string_equal(why, "/proc is not on bpffs: the policy is pinned there "
				 "(mount -t bpf bpf /proc)");
	free(why);

	assert_int_equal(0, parse(&src, "refuse kcore kexec\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(0, ld_enforce_decide_seal(&p, &st, &why));
	snprintf(want, sizeof(want),
		 "refusing to seal: the policy allows module_signature, dev_mem and %zu more reasons "
		 "the integrity level refuses, so root could change the running kernel and undo it "
		 "(add 'level integrity' to the policy, or raise the built-in level)",
		 integrity_reasons() - 3);
	assert_string_equal(why, want);
	free(why);
	ld_policy_src_clear(&src);
	assert_int_equal(0, parse(&src, "level integrity\nallow hibernation\n", &err));
	assert_int_equal(0, ld_policy_resolve(&src, &cat, fake_cgroups, NULL, &p, &err));
	assert_int_equal(0, ld_enforce_decide_seal(&p, &st, &why));
	assert_string_equal(why, "refusing to seal: the policy allows hibernation, which the integrity "
				 "level refuses, so root could change the running kernel and undo it "
				 "(refuse it, or raise the built-in level)");
	free(why);
	st.level = LD_LEVEL_INTEGRITY; /* the built-in level holds both */
	assert_int_equal(0, ld_enforce_decide_seal(&p, &st, &why));
	assert_null(why);
	ld_policy_src_clear(&src);
}

static uint64_t make_cgroup(const char *root, const char *cgroup)
{
	char path[512];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/sys/fs/cgroup%s", root, cgroup);
	assert_int_equal(0, mkdir(path, 0755));
	assert_int_equal(0, stat(path, &sb));
	return (uint64_t)sb.st_ino;
}

/* What enforce shows: rows for refused or counted reasons, the seal, exempt cgroups by path. */
static void test_view(void **state)
{
	char dir[] = "/tmp/test-policy-XXXXXX", path[512];
	struct ld_policy p = { .version = LD_POLICY_VERSION, .n_exempts = 2 };
	struct ld_enforce_info info = { .sealed = true, .generation = 3, .policy = &p };
	struct ld_status st = { .catalogue = cat, .level = LD_LEVEL_INTEGRITY };
	struct ld_enforce_view v;
	struct ld_root *root;
	int k = number("kexec"), c = number("kcore"), h = number("hibernation");

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sys", dir);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/sys/fs", dir);
	assert_int_equal(0, mkdir(path, 0755));
	make_cgroup(dir, "");
	make_cgroup(dir, "/a");
	p.exempt[0].cgroup_id = make_cgroup(dir, "/a/b");
	p.exempt[0].reasons[c / 64] |= 1ULL << (c % 64);
	p.exempt[0].reasons[k / 64] |= 1ULL << (k % 64);
	p.exempt[1].cgroup_id = 1; /* no such directory */
	p.action[k] = LD_ACTION_REFUSE;
	p.action[c] = LD_ACTION_PERMISSIVE;
	info.refused[h] = 7; /* allowed now, counted before a reload */
	info.tamper[LD_TAMPER_SWITCH] = 2;
	assert_int_equal(0, ld_root_open(dir, &root));

	assert_int_equal(0, ld_enforce_view_build(&p, &info, &st, root, &v));
	assert_true(v.loaded && v.sealed);
	assert_int_equal(3, v.generation);
	assert_int_equal(LD_LEVEL_INTEGRITY, v.builtin);
	assert_int_equal(2, v.tamper[LD_ENFORCE_TAMPER_SWITCH]);
	/* an exemption: whoever joins its cgroup gets the reason; the only class open */
	{
		size_t open = 0;

		for (size_t i = 0; i < v.n_threats; i++)
			if (v.threats[i].status != LD_THREAT_CLOSED) {
				assert_string_equal("exempt-cgroup-join", v.threats[i].id);
				open++;
			}
		assert_int_equal(1, open);
	}
	assert_int_equal(3, v.n_reasons); /* catalogue order: kexec 4, hibernation 5, kcore 22 */
	assert_string_equal("kexec", v.reasons[0].name);
	assert_int_equal(LD_ENFORCE_REFUSE, v.reasons[0].action);
	assert_true(v.reasons[0].builtin_refuses);
	assert_string_equal("hibernation", v.reasons[1].name);
	assert_int_equal(LD_ENFORCE_ALLOW, v.reasons[1].action);
	assert_int_equal(7, v.reasons[1].refused);
	assert_string_equal("kcore", v.reasons[2].name);
	assert_int_equal(LD_ENFORCE_PERMISSIVE, v.reasons[2].action);
	assert_false(v.reasons[2].builtin_refuses);
	assert_int_equal(2, v.n_exempts);
	assert_string_equal("/a/b", v.exempts[0].cgroup);
	assert_int_equal(2, v.exempts[0].n_reasons);
	assert_string_equal("kexec", v.exempts[0].reasons[0]);
	assert_string_equal("kcore", v.exempts[0].reasons[1]);
	assert_null(v.exempts[1].cgroup);
	assert_int_equal(1, v.exempts[1].cgroup_id);
	ld_enforce_view_clear(&v);

	/* a dry run has no counters: a reason only counted is no row */
	assert_int_equal(0, ld_enforce_view_build(&p, NULL, &st, root, &v));
	assert_false(v.loaded);
	assert_int_equal(2, v.n_reasons);
	ld_enforce_view_clear(&v);

	ld_root_free(root);
	snprintf(path, sizeof(path), "rm -rf -- '%s'", dir);
	assert_int_equal(0, system(path));
}

/* An exemption's cgroup is found by id: the tree walked below the mount, links not followed. */
static void test_cgroup_path_of(void **state)
{
	char top[] = "/tmp/ld-cgroup-XXXXXX", path[256], link[300], *got;
	struct stat st, deep, out;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(path, sizeof(path), "%s/a", top);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/a/b", top);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/a/b/c", top);
	assert_int_equal(0, mkdir(path, 0755));
	assert_int_equal(0, stat(path, &deep));
	snprintf(path, sizeof(path), "%s/outside", top);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/outside/x", top);
	assert_int_equal(0, mkdir(path, 0755));
	assert_int_equal(0, stat(path, &out));
	snprintf(path, sizeof(path), "%s/a/b", top);
	assert_int_equal(0, stat(path, &st));
	/* the mount is top/a: its own id is "/", a cgroup below it its path from there */
	snprintf(path, sizeof(path), "%s/a", top);
	snprintf(link, sizeof(link), "%s/link", path);
	assert_int_equal(0, symlink("../outside", link));
	got = ld_cgroup_path_of(path, (uint64_t)deep.st_ino);
	assert_string_equal("/b/c", got);
	free(got);
	got = ld_cgroup_path_of(path, (uint64_t)st.st_ino);
	assert_string_equal("/b", got);
	free(got);
	{
		struct stat self;

		assert_int_equal(0, stat(path, &self));
		got = ld_cgroup_path_of(path, (uint64_t)self.st_ino);
		assert_string_equal("/", got);
		free(got);
	}
	/* behind a link, and not there at all: not found */
	assert_null(ld_cgroup_path_of(path, (uint64_t)out.st_ino));
	assert_null(ld_cgroup_path_of(path, 1));
	snprintf(path, sizeof(path), "rm -rf '%s'", top);
	assert_int_equal(0, system(path));
}

/* A policy that exempts nothing leaves no class open; the static table keeps the open one. */
static void test_threats_for_policy(void **state)
{
	struct ld_policy p = { .version = LD_POLICY_VERSION };
	struct ld_threat t[LD_SEAL_THREATS_MAX];
	const struct ld_threat *all;
	size_t n, n_all = ld_seal_threats(&all), open = 0;

	(void)state;
	n = ld_seal_threats_for(&p, t, LD_SEAL_THREATS_MAX);
	assert_int_equal(n_all, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(all[i].id, t[i].id);
		assert_int_equal(LD_THREAT_CLOSED, t[i].status);
		open += all[i].status != LD_THREAT_CLOSED;
	}
	assert_int_equal(1, open);
	p.n_exempts = 1;
	n = ld_seal_threats_for(&p, t, 3); /* a short array gets what fits */
	assert_int_equal(3, n);
}

/* The tool's threat model and docs/threat-model.md say the same, class by class. */
static void test_threats_match_document(void **state)
{
	const char *top = getenv("LD_TOP") ? getenv("LD_TOP") : ".";
	const struct ld_threat *t;
	size_t n = ld_seal_threats(&t), rows = 0, open = 0;
	char path[1024], line[2048];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/docs/threat-model.md", top);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char want[128], *cell;
		const char *status;

		if (strncmp(line, "| C", 3) != 0)
			continue;
		assert_true(rows < n);
		snprintf(want, sizeof(want), "| C%zu `%s` |", rows + 1, t[rows].id);
		assert_memory_equal(want, line, strlen(want));
		/* the fourth cell is the status */
		cell = line;
		for (int k = 0; k < 3 && cell; k++)
			cell = strchr(cell + 1, '|');
		assert_non_null(cell);
		cell += 2;
		status = t[rows].status == LD_THREAT_CLOSED ? "closed"
			 : t[rows].status == LD_THREAT_OPEN ? "**open**"
							    : "**not analysed**";
		assert_memory_equal(status, cell, strlen(status));
		open += t[rows].status != LD_THREAT_CLOSED;
		rows++;
	}
	fclose(f);
	assert_int_equal(n, rows);
	assert_true(open > 0); /* an exemption stays open (C18): the list says so */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_refuse_allow),
		cmocka_unit_test(test_permissive_and_enforce),
		cmocka_unit_test(test_exempt),
		cmocka_unit_test(test_command_line_after_file),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_nul_and_long_lines), cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_resolve_errors),
		cmocka_unit_test(test_seal_missing),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_cgroup_path_of),
		cmocka_unit_test(test_threats_for_policy),
		cmocka_unit_test(test_threats_match_document),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, teardown);
}
