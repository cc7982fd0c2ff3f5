// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The enforce policy language: one statement per line, '#' comments,
 * parsed strictly (every error names the input and line), then resolved
 * against this kernel's reason catalogue into the data the BPF side reads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"

#define MAX_TOKENS 64
#define MAX_LINE   4096

static int fail(struct ld_policy_error *err, const char *source, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct ld_policy_error *err, const char *source, size_t line, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		snprintf(err->source, sizeof(err->source), "%s", source);
		err->line = line;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

void ld_policy_src_clear(struct ld_policy_src *src)
{
	for (size_t i = 0; i < src->n_stmts; i++) {
		free(src->stmts[i].reason);
		free(src->stmts[i].cgroup);
	}
	free(src->stmts);
	for (size_t i = 0; i < src->n_sources; i++)
		free(src->sources[i]);
	free(src->sources);
	memset(src, 0, sizeof(*src));
}

/* Reason names are the kernel's: letters, digits and '_'. */
static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A cgroup path: absolute, printable ASCII, no "." or ".." components. */
static bool valid_cgroup(const char *s)
{
	if (s[0] != '/')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	return !strstr(s, "/./") && !strstr(s, "/../") && !strstr(s, "//") &&
	       strcmp(s + strlen(s) - (strlen(s) >= 2 ? 2 : 0), "/.") != 0 &&
	       strcmp(s + strlen(s) - (strlen(s) >= 3 ? 3 : 0), "/..") != 0;
}

struct pending {
	struct ld_policy_stmt *stmts;
	size_t n, cap;
};

static int add_stmt(struct pending *p, enum ld_stmt_kind kind, const char *reason,
		    const char *cgroup, const char *source, size_t line)
{
	struct ld_policy_stmt *s;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct ld_policy_stmt *n = reallocarray(p->stmts, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		p->stmts = n;
		p->cap = cap;
	}
	s = &p->stmts[p->n];
	*s = (struct ld_policy_stmt){ .kind = kind, .source = source, .line = line };
	s->reason = strdup(reason);
	s->cgroup = cgroup ? strdup(cgroup) : NULL;
	if (!s->reason || (cgroup && !s->cgroup)) {
		free(s->reason);
		free(s->cgroup);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

static void drop_pending(struct pending *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->stmts[i].reason);
		free(p->stmts[i].cgroup);
	}
	free(p->stmts);
}

/* Settings of this input, applied to src only when the whole input is good. */
struct settings {
	enum ld_level level;
	size_t level_line;
	int permissive; /* -1: not set */
	size_t mode_line;
	int seal;       /* -1: not set */
	size_t seal_line;
};

static int parse_line(char *line, size_t lineno, const char *source, struct settings *set,
		      struct pending *p, struct ld_policy_error *err)
{
	char *tok[MAX_TOKENS], *save = NULL;
	size_t n = 0;
	int r;

	for (char *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (t[0] == '#')
			break;
		if (n == MAX_TOKENS)
			return fail(err, source, lineno, "too many words (at most %d)", MAX_TOKENS);
		tok[n++] = t;
	}
	if (n == 0)
		return 0;

	if (strcmp(tok[0], "level") == 0) {
		enum ld_level l;

		if (n != 2 || ld_level_from_string(tok[1], &l) < 0)
			return fail(err, source, lineno,
				    "'level' takes one of none, integrity, confidentiality");
		if (set->level_line)
			return fail(err, source, lineno, "'level' given twice (first on line %zu)",
				    set->level_line);
		set->level = l;
		set->level_line = lineno;
		return 0;
	}
	if (strcmp(tok[0], "mode") == 0) {
		if (n != 2 || (strcmp(tok[1], "enforce") != 0 && strcmp(tok[1], "permissive") != 0))
			return fail(err, source, lineno, "'mode' takes enforce or permissive");
		if (set->mode_line)
			return fail(err, source, lineno, "'mode' given twice (first on line %zu)",
				    set->mode_line);
		set->permissive = strcmp(tok[1], "permissive") == 0;
		set->mode_line = lineno;
		return 0;
	}
	if (strcmp(tok[0], "seal") == 0) {
		if (n != 2 || (strcmp(tok[1], "yes") != 0 && strcmp(tok[1], "no") != 0))
			return fail(err, source, lineno, "'seal' takes yes or no");
		if (set->seal_line)
			return fail(err, source, lineno, "'seal' given twice (first on line %zu)",
				    set->seal_line);
		set->seal = strcmp(tok[1], "yes") == 0;
		set->seal_line = lineno;
		return 0;
	}

	static const struct {
		const char *word;
		enum ld_stmt_kind kind;
	} lists[] = {
		{ "refuse", LD_STMT_REFUSE },         { "allow", LD_STMT_ALLOW },
		{ "permissive", LD_STMT_PERMISSIVE }, { "enforce", LD_STMT_ENFORCE },
		{ "exempt", LD_STMT_EXEMPT },
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const char *cgroup = NULL;
		size_t first = 1;

		if (strcmp(tok[0], lists[i].word) != 0)
			continue;
		if (lists[i].kind == LD_STMT_EXEMPT) {
			if (n < 3)
				return fail(err, source, lineno,
					    "'exempt' takes a cgroup path and at least one reason");
			if (!valid_cgroup(tok[1]))
				return fail(err, source, lineno,
					    "'%s' is not a cgroup path (absolute, under the "
					    "cgroup2 mount, e.g. /system.slice/kdump-tools.service)",
					    tok[1]);
			cgroup = tok[1];
			first = 2;
		} else if (n < 2)
			return fail(err, source, lineno, "'%s' takes at least one reason", tok[0]);
		for (size_t j = first; j < n; j++) {
			if (!valid_name(tok[j]))
				return fail(err, source, lineno, "'%s' is not a reason name", tok[j]);
			r = add_stmt(p, lists[i].kind, tok[j], cgroup, source, lineno);
			if (r < 0)
				return r;
		}
		return 0;
	}
	return fail(err, source, lineno,
		    "unknown statement '%s' (expected level, mode, refuse, allow, permissive, "
		    "enforce, exempt or seal)",
		    tok[0]);
}

int ld_policy_parse(struct ld_policy_src *src, const char *source, const char *text, size_t len,
		    struct ld_policy_error *err)
{
	struct settings set = { .level = LD_LEVEL_NONE, .permissive = -1, .seal = -1 };
	struct pending p = { 0 };
	char line[MAX_LINE + 1], *name = NULL, **sources;
	size_t lineno = 0, pos = 0;
	int r = 0;

	name = strdup(source);
	if (!name)
		return -ENOMEM;
	/* a UTF-8 byte order mark, as some editors write: skipped at the start, as systemd does */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len && r == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		lineno++;
		if (n > MAX_LINE) {
			r = fail(err, source, lineno, "line longer than %d bytes", MAX_LINE);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl ? 1 : 0);
		if (n > 0 && line[n - 1] == '\r') /* a file edited on Windows */
			line[--n] = '\0';
		if (strlen(line) != n) {
			r = fail(err, source, lineno, "NUL byte in the line");
			break;
		}
		for (size_t i = 0; i < n && r == 0; i++)
			if ((unsigned char)line[i] < ' ' && line[i] != '\t')
				r = fail(err, source, lineno, "control character 0x%02x in the line",
					 (unsigned char)line[i]);
		if (r == 0 && strstr(line, "\xef\xbb\xbf"))
			r = fail(err, source, lineno,
				 "byte order mark (U+FEFF) inside the line: save the file as plain UTF-8");
		if (r == 0)
			r = parse_line(line, lineno, name, &set, &p, err);
	}
	if (r == 0) {
		sources = reallocarray(src->sources, src->n_sources + 1, sizeof(*sources));
		if (!sources)
			r = -ENOMEM;
		else
			src->sources = sources;
	}
	if (r == 0 && p.n) {
		struct ld_policy_stmt *s =
			reallocarray(src->stmts, src->n_stmts + p.n, sizeof(*src->stmts));

		if (!s)
			r = -ENOMEM;
		else {
			memcpy(s + src->n_stmts, p.stmts, p.n * sizeof(*s));
			src->stmts = s;
			src->n_stmts += p.n;
			free(p.stmts);
			p = (struct pending){ 0 };
		}
	}
	if (r < 0) {
		drop_pending(&p);
		free(name);
		return r;
	}
	src->sources[src->n_sources++] = name;
	/* a later input (the command line after the file) overrides a setting */
	if (set.level_line) {
		src->level = set.level;
		src->level_source = name;
		src->level_line = set.level_line;
	}
	if (set.permissive >= 0)
		src->permissive = set.permissive;
	if (set.seal >= 0)
		src->seal = set.seal;
	return 0;
}

static int find_reason(const struct ld_catalogue *cat, const struct ld_policy_stmt *s,
		       struct ld_policy_error *err)
{
	const struct ld_reason *r = ld_catalogue_find(cat, s->reason);

	if (!r)
		return fail(err, s->source, s->line,
			    "unknown reason '%s' (this kernel's names: lockdownctl status --reasons)",
			    s->reason);
	if (r->value < 0 || r->value >= LD_POLICY_REASONS)
		return fail(err, s->source, s->line, "reason '%s' has number %lld, beyond %d",
			    s->reason, (long long)r->value, LD_POLICY_REASONS - 1);
	return (int)r->value;
}

int ld_policy_resolve(const struct ld_policy_src *src, const struct ld_catalogue *cat,
		      ld_cgroup_resolver resolve_cgroup, void *userdata, struct ld_policy *ret,
		      struct ld_policy_error *err)
{
	const struct ld_policy_stmt *refused_by[LD_POLICY_REASONS] = { 0 };
	const struct ld_policy_stmt *allowed_by[LD_POLICY_REASONS] = { 0 };
	bool refused[LD_POLICY_REASONS] = { 0 };
	int8_t mode[LD_POLICY_REASONS]; /* -1 default, else LD_ACTION_* */
	struct ld_policy p = { .version = LD_POLICY_VERSION };
	int v, r;

	memset(mode, -1, sizeof(mode));
	for (size_t i = 0; i < cat->n; i++)
		if (src->level != LD_LEVEL_NONE && cat->reasons[i].level != LD_LEVEL_NONE &&
		    cat->reasons[i].level <= src->level && cat->reasons[i].value >= 0 &&
		    cat->reasons[i].value < LD_POLICY_REASONS)
			refused[cat->reasons[i].value] = true;

	/* refuse and allow first: permissive and exempt name refused reasons */
	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i];

		if (s->kind != LD_STMT_REFUSE && s->kind != LD_STMT_ALLOW)
			continue;
		if ((v = find_reason(cat, s, err)) < 0)
			return v;
		if (s->kind == LD_STMT_REFUSE) {
			if (allowed_by[v])
				return fail(err, s->source, s->line,
					    "'%s' is refused here and allowed at %s:%zu", s->reason,
					    allowed_by[v]->source, allowed_by[v]->line);
			refused_by[v] = s;
			refused[v] = true;
		} else {
			if (refused_by[v])
				return fail(err, s->source, s->line,
					    "'%s' is allowed here and refused at %s:%zu", s->reason,
					    refused_by[v]->source, refused_by[v]->line);
			allowed_by[v] = s;
			refused[v] = false;
		}
	}
	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i];

		if (s->kind != LD_STMT_PERMISSIVE && s->kind != LD_STMT_ENFORCE)
			continue;
		if ((v = find_reason(cat, s, err)) < 0)
			return v;
		if (!refused[v])
			return fail(err, s->source, s->line,
				    "'%s' is not refused by this policy, so it cannot be %s", s->reason,
				    s->kind == LD_STMT_PERMISSIVE ? "permissive" : "enforced");
		mode[v] = s->kind == LD_STMT_PERMISSIVE ? LD_ACTION_PERMISSIVE : LD_ACTION_REFUSE;
	}
	for (int i = 0; i < LD_POLICY_REASONS; i++)
		p.action[i] = !refused[i]        ? LD_ACTION_ALLOW
			      : mode[i] >= 0     ? (uint8_t)mode[i]
			      : src->permissive ? LD_ACTION_PERMISSIVE
						 : LD_ACTION_REFUSE;

	for (size_t i = 0; i < src->n_stmts; i++) {
		const struct ld_policy_stmt *s = &src->stmts[i];
		struct ld_exempt *e = NULL;
		uint64_t id;
		unsigned level;

		if (s->kind != LD_STMT_EXEMPT)
			continue;
		if ((v = find_reason(cat, s, err)) < 0)
			return v;
		if (!refused[v])
			return fail(err, s->source, s->line,
				    "'%s' is not refused by this policy: nothing to exempt from",
				    s->reason);
		r = resolve_cgroup ? resolve_cgroup(s->cgroup, &id, &level, userdata) : -ENOENT;
		if (r < 0)
			return fail(err, s->source, s->line, "cgroup %s: %s", s->cgroup,
				    r == -ENOENT ? "no such cgroup (it must exist when the "
						   "policy is loaded)"
						 : strerror(-r));
		for (uint32_t j = 0; j < p.n_exempts; j++)
			if (p.exempt[j].cgroup_id == id)
				e = &p.exempt[j];
		if (!e) {
			if (p.n_exempts == LD_POLICY_EXEMPTS)
				return fail(err, s->source, s->line,
					    "more than %d exempt cgroups", LD_POLICY_EXEMPTS);
			e = &p.exempt[p.n_exempts++];
			e->cgroup_id = id;
			e->level = level;
		}
		e->reasons[v / 64] |= 1ULL << (v % 64);
	}
	*ret = p;
	return 0;
}

int ld_cgroup_lookup(const char *cgroup2_mount, const char *path, uint64_t *ret_id,
		     unsigned *ret_level)
{
	char *full = NULL;
	struct stat st;
	unsigned level = 0;

	if (asprintf(&full, "%s%s", cgroup2_mount, path) < 0)
		return -ENOMEM;
	if (stat(full, &st) < 0) {
		int e = -errno;

		free(full);
		return e;
	}
	free(full);
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* depth: the number of components, "/" being level 0 */
	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			level++;
	*ret_id = (uint64_t)st.st_ino; /* cgroup2: the directory's inode number is the cgroup id */
	*ret_level = level;
	return 0;
}
