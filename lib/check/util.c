// SPDX-License-Identifier: LGPL-2.1-or-later
/* Small file helpers the detectors share; every path goes through the root. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detectors.h"
#include "lockdown/root.h"

#define CONFIG_FILE_MAX (4u << 20)

char *ld_strprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

int ld_add_owned(struct ld_check_ctx *ctx, const char *detector, char *id, const char *reason,
	      enum ld_severity severity, char *evidence, const char *symptom, const char *remedy)
{
	int err = id && evidence ? ld_check_add(ctx, detector, id, reason, severity, evidence,
						symptom, remedy)
				  : -ENOMEM;

	free(id);
	free(evidence);
	return err;
}

int ld_for_each_line(struct check_state *st, const char *path, line_fn fn, void *userdata)
{
	char *buf = NULL, *p;
	size_t len = 0, lineno = 0;
	int err;

	err = ld_root_read_file(st->ctx->root, path, CONFIG_FILE_MAX, &buf, &len);
	if (err < 0)
		return err;
	p = buf;
	while (p < buf + len && err >= 0) {
		char *nl = memchr(p, '\n', (size_t)(buf + len - p));

		if (nl)
			*nl = '\0';
		lineno++;
		err = fn(st, path, lineno, p, userdata);
		p = nl ? nl + 1 : buf + len;
	}
	free(buf);
	return err < 0 ? err : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ld_for_each_file(struct check_state *st, const char *dir, const char *suffix,
		  int (*fn)(struct check_state *st, const char *path, void *userdata),
		  void *userdata)
{
	char **names = NULL;
	size_t n = 0, slen = strlen(suffix);
	struct dirent *de;
	DIR *d;
	int dfd, err = 0;

	dfd = ld_root_openat(st->ctx->root, dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **more;

		if (de->d_name[0] == '.' || len < slen || strcmp(de->d_name + len - slen, suffix))
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more || !(more[n] = strdup(de->d_name))) {
			names = more ? more : names;
			err = -ENOMEM;
			break;
		}
		names = more;
		n++;
	}
	closedir(d);
	/* sorted, so reports do not depend on directory order */
	if (names)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (err == 0) {
			char *path = ld_strprintf("%s/%s", dir, names[i]);

			err = path ? fn(st, path, userdata) : -ENOMEM;
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return err;
}

char *ld_read_value(struct check_state *st, const char *path, int *err)
{
	char *buf = NULL;
	size_t len = 0;

	*err = ld_root_read_file(st->ctx->root, path, 1u << 16, &buf, &len);
	if (*err < 0)
		return NULL;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	return buf;
}
