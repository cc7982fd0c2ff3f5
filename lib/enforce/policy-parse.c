// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The enforce policy language: one statement per line, '#' comments,
 * parsed strictly (every error names the input and line). policy-resolve.c
 * turns the statements into the data the BPF side reads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/enforce.h"
#include "policy-error.h"

#define MAX_TOKENS 64
#define MAX_LINE   4096

int ld_policy_fail(struct ld_policy_error *err, const char *source, size_t line, const char *fmt,
		   ...)
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
			return ld_policy_fail(err, source, lineno, "too many words (at most %d)",
					      MAX_TOKENS);
		tok[n++] = t;
	}
	if (n == 0)
		return 0;

	if (strcmp(tok[0], "level") == 0) {
		enum ld_level l;

		if (n != 2 || ld_level_from_string(tok[1], &l) < 0)
			return ld_policy_fail(
				err, source, lineno,
				"'level' takes one of none, integrity, confidentiality");
		if (set->level_line)
			return ld_policy_fail(err, source, lineno,
					      "'level' given twice (first on line %zu)",
					      set->level_line);
		set->level = l;
		set->level_line = lineno;
		return 0;
	}
	if (strcmp(tok[0], "mode") == 0) {
		if (n != 2 || (strcmp(tok[1], "enforce") != 0 && strcmp(tok[1], "permissive") != 0))
			return ld_policy_fail(err, source, lineno,
					      "'mode' takes enforce or permissive");
		if (set->mode_line)
			return ld_policy_fail(err, source, lineno,
					      "'mode' given twice (first on line %zu)",
					      set->mode_line);
		set->permissive = strcmp(tok[1], "permissive") == 0;
		set->mode_line = lineno;
		return 0;
	}
	if (strcmp(tok[0], "seal") == 0) {
		if (n != 2 || (strcmp(tok[1], "yes") != 0 && strcmp(tok[1], "no") != 0))
			return ld_policy_fail(err, source, lineno, "'seal' takes yes or no");
		if (set->seal_line)
			return ld_policy_fail(err, source, lineno,
					      "'seal' given twice (first on line %zu)",
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
				return ld_policy_fail(
					err, source, lineno,
					"'exempt' takes a cgroup path and at least one reason");
			if (!valid_cgroup(tok[1]))
				return ld_policy_fail(
					err, source, lineno,
					"'%s' is not a cgroup path (absolute, under the "
					"cgroup2 mount, e.g. /system.slice/kdump-tools.service)",
					tok[1]);
			cgroup = tok[1];
			first = 2;
		} else if (n < 2)
			return ld_policy_fail(err, source, lineno, "'%s' takes at least one reason",
					      tok[0]);
		for (size_t j = first; j < n; j++) {
			if (!valid_name(tok[j]))
				return ld_policy_fail(err, source, lineno,
						      "'%s' is not a reason name", tok[j]);
			r = add_stmt(p, lists[i].kind, tok[j], cgroup, source, lineno);
			if (r < 0)
				return r;
		}
		return 0;
	}
	return ld_policy_fail(
		err, source, lineno,
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
			r = ld_policy_fail(err, source, lineno, "line longer than %d bytes",
					   MAX_LINE);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl ? 1 : 0);
		if (n > 0 && line[n - 1] == '\r') /* a file edited on Windows */
			line[--n] = '\0';
		if (strlen(line) != n) {
			r = ld_policy_fail(err, source, lineno, "NUL byte in the line");
			break;
		}
		for (size_t i = 0; i < n && r == 0; i++)
			if ((unsigned char)line[i] < ' ' && line[i] != '\t')
				r = ld_policy_fail(err, source, lineno,
						   "control character 0x%02x in the line",
						   (unsigned char)line[i]);
		if (r == 0 && strstr(line, "\xef\xbb\xbf"))
			r = ld_policy_fail(
				err, source, lineno,
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
