// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What command line GRUB builds from /etc/default/grub and its drop-ins,
 * read without running them: the files are shell, sourced in order by
 * grub-mkconfig, and 10_linux puts "$GRUB_CMDLINE_LINUX
 * $GRUB_CMDLINE_LINUX_DEFAULT" on every entry. Assignments are followed
 * with '...', "...", backslashes and $VAR / ${VAR} of variables set before;
 * command substitutions and assignments inside if/case/loops cannot be
 * followed, so the result is then flagged approximate. Here the shell is
 * read; the variables it sets are kept in grubvars.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "grubeval.h"
#include "lockdown/enable.h"
#include "../strbuf.h"

#define MAX_VALUE (64u << 10)

static bool name_char(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skip a balanced $( ... ) or ` ... ` starting at s[i] (the '(' or '`'); returns the index after it. */
static size_t skip_subst(const char *s, size_t len, size_t i)
{
	if (s[i] == '`') {
		for (i++; i < len && s[i] != '`'; i++)
			if (s[i] == '\\' && i + 1 < len)
				i++;
		return i < len ? i + 1 : len;
	}
	for (int depth = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == '\'') {
			while (++i < len && s[i] != '\'')
				;
		} else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return len;
}

/* $... at s[i]: append the expansion; returns the index after it. */
static size_t expand(struct ld_grubvars *v, struct ld_strbuf *b, const char *s, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j < len && s[j] == '(') {
		ld_grubvars_not_followed(v, "a command substitution $(...)"); /* not run */
		return skip_subst(s, len, j);
	}
	if (j < len && s[j] == '{') {
		size_t k = j + 1, e;
		const char *val;

		while (k < len && name_char(s[k], k == j + 1))
			k++;
		e = k;
		while (e < len && s[e] != '}')
			e++;
		if (e != k)
			ld_grubvars_not_followed(v, "a parameter expansion such as ${VAR:-...}");
		val = ld_grubvars_get_tainting(v, s + j + 1, k - j - 1);
		if (val)
			ld_strbuf_put(b, val, strlen(val));
		return e < len ? e + 1 : len;
	}
	if (j < len && name_char(s[j], true)) {
		const char *val;

		while (j < len && name_char(s[j], false))
			j++;
		val = ld_grubvars_get_tainting(v, s + i + 1, j - i - 1);
		if (val)
			ld_strbuf_put(b, val, strlen(val));
		return j;
	}
	if (j < len && (s[j] == '?' || s[j] == '$' || s[j] == '#' || s[j] == '!' || s[j] == '@' ||
			s[j] == '*' || s[j] == '-' || (s[j] >= '0' && s[j] <= '9'))) {
		ld_grubvars_not_followed(v, "a special parameter ($?, $1, ...)");
		return j + 1;
	}
	ld_strbuf_put(b, "$", 1);
	return j;
}

/* A $ or ` at s[*i], quoted or not: expanded into b, or said not followed; false for any other byte. */
static bool substitution(struct ld_grubvars *v, struct ld_strbuf *b, const char *s, size_t len,
			 size_t *i)
{
	if (s[*i] == '$')
		*i = expand(v, b, s, len, *i);
	else if (s[*i] == '`') {
		ld_grubvars_not_followed(v, "a command substitution `...`");
		*i = skip_subst(s, len, *i);
	} else
		return false;
	return true;
}

/* One shell word at s[i] (an assignment's value): its expansion into b; returns the index after it. */
static size_t word(struct ld_grubvars *v, struct ld_strbuf *b, const char *s, size_t len, size_t i)
{
	while (i < len && !blank(s[i]) && s[i] != '\n' && s[i] != ';' && s[i] != '&' &&
	       s[i] != '|' && s[i] != ')') {
		if (s[i] == '\'') {
			size_t e = i + 1;

			while (e < len && s[e] != '\'')
				e++;
			ld_strbuf_put(b, s + i + 1, e - i - 1);
			i = e < len ? e + 1 : len;
		} else if (s[i] == '"') {
			for (i++; i < len && s[i] != '"';) {
				if (s[i] == '\\' && i + 1 < len &&
				    (s[i + 1] == '$' || s[i + 1] == '`' || s[i + 1] == '"' || s[i + 1] == '\\')) {
					ld_strbuf_put(b, s + i + 1, 1);
					i += 2;
				} else if (s[i] == '\\' && i + 1 < len && s[i + 1] == '\n')
					i += 2;
				else if (!substitution(v, b, s, len, &i))
					ld_strbuf_put(b, s + i++, 1);
			}
			if (i < len)
				i++;
		} else if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] != '\n')
				ld_strbuf_put(b, s + i + 1, 1);
			i += 2;
		} else if (!substitution(v, b, s, len, &i))
			ld_strbuf_put(b, s + i++, 1);
	}
	return i;
}

/* Skip the rest of a command (quotes and substitutions kept together); returns the index after its end. */
static size_t skip_command(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n' && s[i] != ';' && s[i] != '&' && s[i] != '|') {
		if (s[i] == '\'') {
			while (++i < len && s[i] != '\'')
				;
			i++;
		} else if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (s[i] == '\\')
			i += 2;
		else if (s[i] == '$' && i + 1 < len && s[i + 1] == '(')
			i = skip_subst(s, len, i + 1);
		else if (s[i] == '`')
			i = skip_subst(s, len, i);
		else if (s[i] == '#' && (i == 0 || blank(s[i - 1]))) {
			while (i < len && s[i] != '\n')
				i++;
		} else
			i++;
	}
	return i < len ? i + 1 : len;
}

static bool keyword(const char *s, size_t len, size_t i, const char *kw)
{
	size_t k = strlen(kw);

	return len - i >= k && memcmp(s + i, kw, k) == 0 &&
	       (i + k == len || blank(s[i + k]) || s[i + k] == '\n' || s[i + k] == ';');
}

/*
 * unset NAME... at s[i]: outside any conditional the names are gone (they
 * expand to nothing, as unset variables do); inside one they may or may not
 * be, so their values are marked not followed.
 */
static int unset(struct ld_grubvars *v, const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n' && s[i] != ';' && s[i] != '&' && s[i] != '|') {
		size_t n;
		char *empty;
		int r;

		while (i < len && blank(s[i]))
			i++;
		if (i < len && s[i] == '-') { /* -v, -f */
			while (i < len && !blank(s[i]) && s[i] != '\n' && s[i] != ';')
				i++;
			continue;
		}
		for (n = 0; i + n < len && name_char(s[i + n], n == 0); n++)
			;
		if (n == 0) {
			if (i < len && s[i] != '\n' && s[i] != ';' && s[i] != '&' && s[i] != '|') {
				ld_grubvars_not_followed(v, "an unset lockdownctl cannot read");
				return 0;
			}
			break;
		}
		if (!(empty = strdup("")))
			return -ENOMEM;
		r = ld_grubvars_set(v, s + i, n, empty);
		if (r < 0)
			return r;
		ld_grubvars_set_taint(v, s + i, n,
				      v->depth ? "an unset inside if/case/a loop/{ } (it may or may not happen)"
					       : NULL);
		i += n;
	}
	return 0;
}

int ld_grubvars_eval(struct ld_grubvars *v, const char *s, size_t len)
{
	static const char *const open_kw[] = { "if", "case", "for", "while", "until", "{" };
	static const char *const close_kw[] = { "fi", "esac", "done", "}" };
	static const char *const mid_kw[] = { "then", "else", "elif", "do" };
	size_t i = 0;

	while (i < len) {
		bool assigned = false;

		while (i < len && (blank(s[i]) || s[i] == '\n' || s[i] == ';' || s[i] == '&' ||
				   s[i] == '|' || s[i] == '(' || s[i] == ')'))
			i++;
		if (i >= len)
			break;
		if (s[i] == '#') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		for (size_t k = 0; k < sizeof(open_kw) / sizeof(open_kw[0]); k++)
			if (keyword(s, len, i, open_kw[k])) {
				v->depth++;
				i += strlen(open_kw[k]);
				if (k >= 1 && k <= 4) /* the case word / loop list: not an assignment */
					i = skip_command(s, len, i);
				goto next;
			}
		for (size_t k = 0; k < sizeof(close_kw) / sizeof(close_kw[0]); k++)
			if (keyword(s, len, i, close_kw[k])) {
				if (v->depth)
					v->depth--;
				i += strlen(close_kw[k]);
				goto next;
			}
		for (size_t k = 0; k < sizeof(mid_kw) / sizeof(mid_kw[0]); k++)
			if (keyword(s, len, i, mid_kw[k])) {
				i += strlen(mid_kw[k]);
				goto next;
			}
		if (keyword(s, len, i, "export") || keyword(s, len, i, "readonly"))
			i += s[i] == 'e' ? 6 : 8;
		/* NAME=word [NAME=word...] [command] */
		for (;;) {
			size_t j = i, ns;
			struct ld_strbuf b = { .max = MAX_VALUE };
			const char *was_why, *taint;
			bool was_approx;
			int r;

			while (j < len && blank(s[j]))
				j++;
			ns = j;
			if (j >= len || !name_char(s[j], true))
				break;
			while (j < len && name_char(s[j], false))
				j++;
			if (j >= len || s[j] != '=')
				break;
			/* the word's own taint, apart from what spoils everything */
			was_approx = v->approx;
			was_why = v->why;
			v->approx = false;
			v->why = NULL;
			i = word(v, &b, s, len, j + 1);
			if (b.err == -E2BIG)
				ld_grubvars_not_followed(v,
							 "a value longer than lockdownctl keeps");
			else if (b.err) {
				free(b.p);
				return b.err;
			}
			if (!b.p && !(b.p = strdup("")))
				return -ENOMEM;
			if (v->depth)
				ld_grubvars_not_followed(
					v, "an assignment inside if/case/a loop/{ } (it may or may not happen)");
			taint = v->approx ? v->why : NULL;
			v->approx = was_approx;
			v->why = was_why;
			r = ld_grubvars_set(v, s + ns, j - ns, b.p);
			if (r < 0)
				return r;
			ld_grubvars_set_taint(v, s + ns, j - ns, taint);
			assigned = true;
		}
		(void)assigned;
		/* a command: not run. Sourcing another file cannot be followed */
		if (keyword(s, len, i, "source") || keyword(s, len, i, ".") || keyword(s, len, i, "eval") ||
		    keyword(s, len, i, "read"))
			ld_grubvars_not_followed(v, "source, eval or read (not run)");
		else if (keyword(s, len, i, "unset")) {
			int r = unset(v, s, len, i + 5);

			if (r < 0)
				return r;
		}
		i = skip_command(s, len, i);
next:;
	}
	return 0;
}

int ld_grub_eval(const char *text, size_t len, char **ret, bool *ret_approx)
{
	struct ld_grubvars v = { 0 };
	int r = ld_grubvars_eval(&v, text, len);
	char *s;

	if (r < 0) {
		ld_grubvars_clear(&v);
		return r;
	}
	s = ld_grubvars_cmdline(&v);
	*ret_approx = ld_grubvars_cmdline_why(&v) != NULL;
	ld_grubvars_clear(&v);
	if (!s)
		return -ENOMEM;
	*ret = s;
	return 0;
}
