// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel command line tokenizer, following lib/cmdline.c's next_arg(). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/cmdline.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * One parameter, split as next_arg() does: the first '=' separates name and
 * value (quotes or not); a leading quote of the word and the quotes around
 * the value are dropped, inner quotes stay.
 */
static int push_arg(struct ld_cmdline *c, const char *word, size_t len)
{
	struct ld_cmdline_arg *args, *arg;
	const char *eq, *v = NULL;
	size_t keylen, vlen = 0;
	bool quoted = len > 0 && word[0] == '"';

	if (quoted) {
		word++;
		len--;
	}
	/* a word that began with a quote loses its closing quote too */
	if (quoted && len > 0 && word[len - 1] == '"')
		len--;
	eq = memchr(word, '=', len);
	keylen = eq ? (size_t)(eq - word) : len;
	if (eq) {
		v = eq + 1;
		vlen = len - keylen - 1;
		if (vlen > 0 && v[0] == '"') {
			v++;
			vlen--;
			if (vlen > 0 && v[vlen - 1] == '"')
				vlen--;
		}
	}
	/* doubling at each power of two: one realloc per word was quadratic */
	args = c->args;
	if (c->n == 0 || (c->n >= 8 && (c->n & (c->n - 1)) == 0)) {
		args = realloc(c->args, (c->n < 8 ? 8 : 2 * c->n) * sizeof(*args));
		if (!args)
			return -ENOMEM;
		c->args = args;
	}
	arg = &args[c->n];
	arg->key = strndup(word, keylen);
	arg->value = eq ? strndup(v, vlen) : NULL;
	if (!arg->key || (eq && !arg->value)) {
		free(arg->key);
		free(arg->value);
		return -ENOMEM;
	}
	c->n++;
	return 0;
}

int ld_cmdline_parse(const char *buf, size_t len, struct ld_cmdline *ret)
{
	struct ld_cmdline c = { 0 };
	size_t i = 0;
	int err;

	if (memchr(buf, '\0', len))
		return -EBADMSG;
	while (i < len) {
		bool in_quote = false;
		size_t start;

		while (i < len && is_blank(buf[i]))
			i++;
		if (i == len)
			break;
		start = i;
		for (; i < len; i++) {
			if (buf[i] == '"')
				in_quote = !in_quote;
			else if (is_blank(buf[i]) && !in_quote)
				break;
		}
		if (i - start == 2 && memcmp(buf + start, "--", 2) == 0)
			break;
		err = push_arg(&c, buf + start, i - start);
		if (err < 0) {
			ld_cmdline_clear(&c);
			return err;
		}
	}
	*ret = c;
	return 0;
}

void ld_cmdline_clear(struct ld_cmdline *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->args[i].key);
		free(c->args[i].value);
	}
	free(c->args);
	c->args = NULL;
	c->n = 0;
}

static bool param_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

const struct ld_cmdline_arg *ld_cmdline_nth(const struct ld_cmdline *c, const char *key, size_t nth)
{
	for (size_t i = 0; i < c->n; i++)
		if (param_eq(c->args[i].key, key) && nth-- == 0)
			return &c->args[i];
	return NULL;
}

size_t ld_cmdline_count(const struct ld_cmdline *c, const char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += param_eq(c->args[i].key, key);
	return n;
}

const struct ld_cmdline_arg *ld_cmdline_last(const struct ld_cmdline *c, const char *key)
{
	size_t n = ld_cmdline_count(c, key);

	return n ? ld_cmdline_nth(c, key, n - 1) : NULL;
}
