// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel command line tokenizer, following lib/cmdline.c's next_arg(). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/cmdline.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy src[0..len) without the double quotes the kernel strips. */
static char *unquote(const char *src, size_t len)
{
	char *out = malloc(len + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (src[i] != '"')
			*p++ = src[i];
	*p = '\0';
	return out;
}

static int push_arg(struct ld_cmdline *c, const char *word, size_t len)
{
	struct ld_cmdline_arg *args, *arg;
	size_t keylen = len;
	const char *eq = NULL;
	bool in_quote = false;

	for (size_t i = 0; i < len; i++) {
		if (word[i] == '"')
			in_quote = !in_quote;
		else if (word[i] == '=' && !in_quote) {
			eq = word + i;
			keylen = i;
			break;
		}
	}
	args = realloc(c->args, (c->n + 1) * sizeof(*args));
	if (!args)
		return -ENOMEM;
	c->args = args;
	arg = &args[c->n];
	arg->key = unquote(word, keylen);
	arg->value = eq ? unquote(eq + 1, len - keylen - 1) : NULL;
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
