// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel .config parser; /proc/config.gz is read through zlib. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lockdown/error.h"
#include "lockdown/kconfig.h"
#include "lockdown/root.h"
#include "gunzip.h"

static bool is_symbol_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int push_entry(struct ld_kconfig *k, const char *name, size_t nlen, const char *value,
		      size_t vlen)
{
	struct ld_kconfig_entry *e = k->entries;

	/* the array doubles whenever n reaches a power of two (a config has ~10,000 entries) */
	if (k->n == 0 || (k->n >= 16 && (k->n & (k->n - 1)) == 0)) {
		e = realloc(k->entries, (k->n < 16 ? 16 : 2 * k->n) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		k->entries = e;
	}
	e[k->n].name = strndup(name, nlen);
	e[k->n].value = strndup(value, vlen);
	if (!e[k->n].name || !e[k->n].value) {
		free(e[k->n].name);
		free(e[k->n].value);
		return -ENOMEM;
	}
	k->n++;
	return 0;
}

/* "# CONFIG_FOO is not set" */
static int parse_not_set(struct ld_kconfig *k, const char *line, size_t len)
{
	static const char head[] = "# CONFIG_", tail[] = " is not set";
	size_t h = sizeof(head) - 1, t = sizeof(tail) - 1, i;

	if (len < h + t + 1 || memcmp(line, head, h) || memcmp(line + len - t, tail, t))
		return 0; /* an ordinary comment */
	for (i = h; i < len - t; i++)
		if (!is_symbol_char(line[i]))
			return 0;
	return push_entry(k, line + h, len - t - h, "n", 1);
}

/* "CONFIG_FOO=value", where value is a word or a "quoted \"string\"" */
static int parse_assignment(struct ld_kconfig *k, const char *line, size_t len)
{
	size_t i = 7, name_end;
	const char *v;
	size_t vlen;

	if (len < 9 || memcmp(line, "CONFIG_", 7))
		return -EBADMSG;
	while (i < len && is_symbol_char(line[i]))
		i++;
	if (i == 7 || i == len || line[i] != '=')
		return -EBADMSG;
	name_end = i++;
	v = line + i;
	vlen = len - i;
	if (vlen > 0 && v[0] == '"') {
		char *out = malloc(vlen), *p = out;
		size_t j;
		int err;

		if (!out)
			return -ENOMEM;
		for (j = 1; j < vlen && v[j] != '"'; j++) {
			if (v[j] == '\\' && j + 1 < vlen)
				j++;
			*p++ = v[j];
		}
		if (j != vlen - 1) { /* no closing quote, or text after it */
			free(out);
			return -EBADMSG;
		}
		err = push_entry(k, line + 7, name_end - 7, out, (size_t)(p - out));
		free(out);
		return err;
	}
	for (size_t j = 0; j < vlen; j++)
		if (v[j] == ' ' || v[j] == '\t' || v[j] == '"' || v[j] == '\0')
			return -EBADMSG;
	if (vlen == 0)
		return -EBADMSG;
	return push_entry(k, line + 7, name_end - 7, v, vlen);
}

int ld_kconfig_parse(const char *buf, size_t len, struct ld_kconfig *ret, size_t *ret_line)
{
	struct ld_kconfig k = { 0 };
	size_t pos = 0, lineno = 0;
	int err = 0;

	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (llen == 0)
			continue;
		if (line[0] == '#')
			err = parse_not_set(&k, line, llen);
		else
			err = parse_assignment(&k, line, llen);
		if (err < 0)
			break;
	}
	if (err == 0 && k.n == 0) {
		err = -EBADMSG; /* empty, only comments, or not a config at all */
		lineno = 0;
	}
	if (err < 0) {
		if (ret_line)
			*ret_line = lineno;
		ld_kconfig_clear(&k);
		return err;
	}
	*ret = k;
	return 0;
}

/* The compressed bytes, handed out at most UINT_MAX at a time. */
struct gz_in {
	const uint8_t *p;
	size_t left;
};

/* The text: grown as it comes, never beyond max (a bomb stops there). */
struct gz_out {
	char *buf;
	size_t len, cap, max;
};

struct gz {
	struct gz_in in;
	struct gz_out out;
};

static ssize_t gz_read(void *userdata, const uint8_t **ret)
{
	struct gz_in *in = &((struct gz *)userdata)->in;
	size_t n = in->left < UINT_MAX ? in->left : UINT_MAX;

	*ret = in->p;
	in->p += n;
	in->left -= n;
	return (ssize_t)n;
}

static int gz_write(void *userdata, const uint8_t *data, size_t len)
{
	struct gz_out *o = &((struct gz *)userdata)->out;

	if (len > o->max - o->len)
		return -EFBIG;
	if (o->len + len > o->cap) {
		size_t cap = o->cap;
		char *bigger;

		while (cap < o->len + len)
			cap = cap > o->max / 2 ? o->max : 2 * cap;
		bigger = realloc(o->buf, cap + 1);
		if (!bigger)
			return -ENOMEM;
		o->buf = bigger;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	return 0;
}

int ld_kconfig_gunzip(const void *in, size_t len, size_t max, char **ret_buf, size_t *ret_len)
{
	/* configs compress about 4.5:1 */
	struct gz g = { .in = { in, len }, .out = { .cap = len < max / 4 ? 4 * len : max, .max = max } };
	int err;

	if (max > UINT_MAX)
		return -EFBIG; /* a config is a few hundred KiB: no cap anywhere near */
	if (g.out.cap == 0)
		g.out.cap = 1;
	g.out.buf = malloc(g.out.cap + 1);
	if (!g.out.buf)
		return -ENOMEM;
	err = ld_gunzip(gz_read, gz_write, &g);
	if (err < 0) {
		free(g.out.buf);
		return err;
	}
	g.out.buf[g.out.len] = '\0';
	*ret_buf = g.out.buf;
	if (ret_len)
		*ret_len = g.out.len;
	return 0;
}

static int read_gzip(const struct ld_root *root, const char *path, char **ret_buf, size_t *ret_len)
{
	char *gz = NULL;
	size_t len = 0;
	int err;

	err = ld_root_read_file(root, path, LD_KCONFIG_MAX, &gz, &len);
	if (err < 0)
		return err;
	err = ld_kconfig_gunzip(gz, len, LD_KCONFIG_MAX, ret_buf, ret_len);
	free(gz);
	return err;
}

int ld_kconfig_load(const struct ld_root *root, const char *release, struct ld_kconfig *ret,
		    struct ld_where *ret_where)
{
	char boot_path[384], *buf = NULL;
	const char *path = "/proc/config.gz";
	size_t len = 0;
	int err;

	err = read_gzip(root, path, &buf, &len);
	if (err == -ENOENT && release) {
		snprintf(boot_path, sizeof(boot_path), "/boot/config-%s", release);
		path = boot_path;
		err = ld_root_read_file(root, path, LD_KCONFIG_MAX, &buf, &len);
	}
	snprintf(ret_where->path, sizeof(ret_where->path), "%s", path);
	ret_where->line = 0;
	if (err < 0)
		return err;
	err = ld_kconfig_parse(buf, len, ret, &ret_where->line);
	free(buf);
	if (err < 0)
		return err;
	ret->path = strdup(path);
	if (!ret->path) {
		ld_kconfig_clear(ret);
		return -ENOMEM;
	}
	return 0;
}

void ld_kconfig_clear(struct ld_kconfig *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->entries[i].name);
		free(k->entries[i].value);
	}
	free(k->entries);
	free(k->path);
	k->entries = NULL;
	k->path = NULL;
	k->n = 0;
}

const char *ld_kconfig_get(const struct ld_kconfig *k, const char *name)
{
	/* the last assignment wins, as in Kconfig itself */
	for (size_t i = k->n; i-- > 0;)
		if (strcmp(k->entries[i].name, name) == 0)
			return k->entries[i].value;
	return NULL;
}

int ld_kconfig_enabled(const struct ld_kconfig *k, const char *name)
{
	const char *v = ld_kconfig_get(k, name);

	return v && (strcmp(v, "y") == 0 || strcmp(v, "m") == 0);
}
