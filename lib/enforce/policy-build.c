// SPDX-License-Identifier: LGPL-2.1-or-later
/* A policy from where the user gives it: a file or standard input, then statements. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../bpf/lockdown_policy.h"
#include "cgroup.h"
#include "lockdown/enforce.h"
#include "lockdown/root.h"

static int resolve_cgroup(const char *path, uint64_t *ret_id, unsigned *ret_level, void *userdata)
{
	const char *mount = userdata;

	return ld_cgroup_lookup(mount, path, ret_id, ret_level);
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

/* Parse the file (if any) and the statements, then resolve for this kernel. */
int ld_policy_build(const struct ld_policy_input *in, const struct ld_root *root,
		    const struct ld_catalogue *cat, struct ld_policy_src *src,
		    struct ld_policy **ret, struct ld_policy_error *err,
		    enum ld_policy_step *ret_step)
{
	char mount[PATH_MAX], *text = NULL;
	struct ld_policy *p;
	size_t len = 0;
	int r;

	*ret_step = LD_POLICY_STEP_READ;
	if (strcmp(in->file, "-") == 0)
		r = read_stdin(&text, &len);
	else
		r = ld_root_read_file(root, in->file, 1u << 20, &text, &len);
	if (r == -ENOENT && !in->file_given && in->n_statements > 0)
		r = 0; /* statements on the command line are a policy by themselves */
	else if (r < 0)
		return r;
	else {
		*ret_step = LD_POLICY_STEP_PARSE;
		r = ld_policy_parse(src, in->file, text, len, err);
		free(text);
		if (r < 0)
			return r;
	}
	*ret_step = LD_POLICY_STEP_PARSE;
	for (size_t i = 0; i < in->n_statements; i++) {
		char name[32];

		snprintf(name, sizeof(name), "-e #%zu", i + 1);
		r = ld_policy_parse(src, name, in->statements[i], strlen(in->statements[i]), err);
		if (r < 0)
			return r;
	}
	*ret_step = LD_POLICY_STEP_RESOLVE;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	ld_cgroup2_mount(root, mount, sizeof(mount));
	r = ld_policy_resolve(src, cat, resolve_cgroup, mount, p, err);
	if (r < 0) {
		free(p);
		return r;
	}
	*ret = p;
	return 0;
}
