// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Editing a kernel command line for lockdown, byte for byte: only the
 * lockdown= words and the lsm= list change; every other byte (spacing,
 * quotes, variables in a GRUB value, the trailing newline) stays.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/enable.h"
#include "../strbuf.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool ld_bootcmd_next_word(const char *s, size_t len, size_t *pos, size_t *start, size_t *end)
{
	size_t i = *pos;
	bool quoted = false;

	while (i < len && blank(s[i]))
		i++;
	if (i >= len)
		return false;
	*start = i;
	for (; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && blank(s[i]))
			break;
	}
	*end = i;
	*pos = i;
	return true;
}

/* Does word [s, s+n) have the key ("lockdown", "lsm"), with '-' and '_' alike? */
static bool word_key(const char *s, size_t n, const char *key, const char **ret_value)
{
	size_t k = strlen(key);

	if (n < k + 1 || s[k] != '=')
		return false;
	for (size_t i = 0; i < k; i++) {
		char a = s[i] == '-' ? '_' : s[i], b = key[i] == '-' ? '_' : key[i];

		if (a != b)
			return false;
	}
	if (ret_value)
		*ret_value = s + k + 1;
	return true;
}

bool ld_bootcmd_lsm_has_lockdown(const char *list, size_t len)
{
	size_t i = 0;

	if (len && list[0] == '"') { /* lsm="a,b" */
		list++;
		len -= len > 1 && list[len - 2] == '"' ? 2 : 1;
	}
	while (i <= len) {
		size_t j = i;

		while (j < len && list[j] != ',')
			j++;
		if (j - i == 8 && memcmp(list + i, "lockdown", 8) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

bool ld_bootcmd_has_word(const char *in, size_t len, const char *key)
{
	size_t pos = 0, a, b;

	while (ld_bootcmd_next_word(in, len, &pos, &a, &b))
		if (word_key(in + a, b - a, key, NULL))
			return true;
	return false;
}

enum ld_level ld_bootcmd_level(const char *in, size_t len)
{
	enum ld_level best = LD_LEVEL_NONE;
	size_t pos = 0, a, b;
	const char *v;

	while (ld_bootcmd_next_word(in, len, &pos, &a, &b)) {
		if (!word_key(in + a, b - a, "lockdown", &v))
			continue;
		if ((size_t)(in + b - v) == 9 && memcmp(v, "integrity", 9) == 0 &&
		    best < LD_LEVEL_INTEGRITY)
			best = LD_LEVEL_INTEGRITY;
		else if ((size_t)(in + b - v) == 15 && memcmp(v, "confidentiality", 15) == 0)
			best = LD_LEVEL_CONFIDENTIALITY;
	}
	return best;
}

int ld_bootcmd_lockdown_starts(const char *in, size_t len, const struct ld_lsm_facts *f)
{
	size_t pos = 0, a, b;
	const char *v, *last = NULL;
	size_t last_len = 0;

	while (ld_bootcmd_next_word(in, len, &pos, &a, &b))
		if (word_key(in + a, b - a, "lsm", &v)) {
			last = v;
			last_len = (size_t)(in + b - v);
		}
	if (f->early == 1)
		return 1;
	if (last)
		return ld_bootcmd_lsm_has_lockdown(last, last_len) ? 1 : f->early == 0 ? 0 : -1;
	if (f->config_lsm)
		return ld_bootcmd_lsm_has_lockdown(f->config_lsm, strlen(f->config_lsm)) ? 1
		       : f->early == 0					       ? 0
									       : -1;
	return -1;
}

int ld_bootcmd_needed_lsm(const struct ld_lsm_facts *f, char **ret)
{
	size_t len = 0;
	char *s;

	*ret = NULL;
	if (f->config_lsm) {
		if (ld_bootcmd_lsm_has_lockdown(f->config_lsm, strlen(f->config_lsm)))
			return 0;
	} else {
		for (size_t i = 0; i < f->n_active; i++)
			if (strcmp(f->active[i], "lockdown") == 0)
				return 0;
	}
	len = strlen("lockdown") + 1;
	for (size_t i = 0; i < f->n_active; i++)
		len += strlen(f->active[i]) + 1;
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	strcpy(s, "lockdown");
	for (size_t i = 0; i < f->n_active; i++)
		if (strcmp(f->active[i], "lockdown") != 0) {
			strcat(s, ",");
			strcat(s, f->active[i]);
		}
	*ret = s;
	return 0;
}

static int edit(const char *in, size_t len, enum ld_level level, const char *add_lsm,
		bool fix_lsm, char **ret, size_t *ret_len)
{
	struct ld_strbuf b = { 0 };
	size_t pos = 0, copied = 0, a, e, last_end = 0;
	const char *v, *word;

	size_t n_lockdown = 0, n_same = 0, quotes = 0;
	bool keep, lsm_ok = false; /* the last lsm= starts lockdown (as written or as fixed) */

	/* an open quote would swallow whatever is appended: refuse, do not guess */
	for (size_t i = 0; i < len; i++)
		quotes += in[i] == '"';
	if (quotes % 2)
		return -EBADMSG;

	if (level != LD_LEVEL_INTEGRITY && level != LD_LEVEL_CONFIDENTIALITY &&
	    level != LD_LEVEL_NONE)
		return -EINVAL;
	/* LD_LEVEL_NONE: only take the lockdown= words out (and fix lsm=) */
	word = level == LD_LEVEL_NONE ? "" : ld_level_to_string(level);
	/* one lockdown= with the right value already: leave it where it is */
	while (ld_bootcmd_next_word(in, len, &pos, &a, &e))
		if (word_key(in + a, e - a, "lockdown", &v)) {
			n_lockdown++;
			n_same += (size_t)(in + e - v) == strlen(word) && memcmp(v, word, strlen(word)) == 0;
		}
	keep = level != LD_LEVEL_NONE && n_lockdown == 1 && n_same == 1;
	pos = 0;
	while (ld_bootcmd_next_word(in, len, &pos, &a, &e)) {
		if (!keep && word_key(in + a, e - a, "lockdown", NULL)) {
			/* drop the blanks before it too, unless it is the first word */
			size_t cut = a;

			while (cut > copied && blank(in[cut - 1]) && in[cut - 1] != '\n')
				cut--;
			if (cut == copied && copied == 0)
				cut = a; /* leading: keep what precedes, drop blanks after instead */
			ld_strbuf_put(&b, in + copied, cut - copied);
			copied = e;
			if (cut == a)
				while (copied < len && (in[copied] == ' ' || in[copied] == '\t'))
					copied++;
			continue;
		}
		if (word_key(in + a, e - a, "lsm", &v))
			lsm_ok = fix_lsm || ld_bootcmd_lsm_has_lockdown(v, (size_t)(in + e - v));
		if (fix_lsm && word_key(in + a, e - a, "lsm", &v) &&
		    !ld_bootcmd_lsm_has_lockdown(v, (size_t)(in + e - v))) {
			bool q = v < in + e && *v == '"';

			ld_strbuf_put(&b, in + copied, (size_t)(v - in) + q - copied);
			ld_strbuf_put(&b, "lockdown", 8);
			if ((size_t)(in + e - v) > (size_t)(q ? 2 : 0))
				ld_strbuf_put(&b, ",", 1);
			copied = (size_t)(v - in) + q;
		}
		last_end = e;
	}
	/* the new words go after the last word kept, before trailing blanks */
	if (last_end < copied)
		last_end = copied;
	while (last_end > copied && blank(in[last_end - 1]))
		last_end--;
	ld_strbuf_put(&b, in + copied, last_end - copied);
	if (!keep && level != LD_LEVEL_NONE) {
		if (b.n > 0 && !blank(b.p[b.n - 1]))
			ld_strbuf_put(&b, " ", 1);
		ld_strbuf_put(&b, "lockdown=", 9);
		ld_strbuf_put(&b, word, strlen(word));
	}
	/* an lsm= that starts lockdown is there already: a second would change nothing */
	if (add_lsm && !lsm_ok) {
		if (b.n > 0 && !blank(b.p[b.n - 1]))
			ld_strbuf_put(&b, " ", 1);
		ld_strbuf_put(&b, "lsm=", 4);
		ld_strbuf_put(&b, add_lsm, strlen(add_lsm));
	}
	ld_strbuf_put(&b, in + last_end, len - last_end);
	if (b.err) {
		free(b.p);
		return b.err;
	}
	if (!b.p)
		ld_strbuf_put(&b, "", 0);
	*ret = b.p;
	*ret_len = b.n;
	return 0;
}

int ld_bootcmd_enable(const char *in, size_t len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len)
{
	return edit(in, len, level, add_lsm, true, ret, ret_len);
}

int ld_bootcmd_strip(const char *in, size_t len, char **ret, size_t *ret_len)
{
	return edit(in, len, LD_LEVEL_NONE, NULL, false, ret, ret_len);
}
