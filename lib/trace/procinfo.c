// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What user space remembers of each traced process. Processes vanish (a
 * `dd if=/dev/mem` lives for milliseconds), so the executable and arguments
 * are taken from the exec record BPF wrote while the process was starting;
 * /proc is asked only for processes that were running before the trace.
 */
#define _GNU_SOURCE /* tdestroy */
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/trace.h"

struct proc_entry {
	uint32_t tgid;
	bool kthread;
	char *exe;
	char *cmdline;
};

struct ld_proc_cache {
	char *proc_root; /* "/proc", or a fixture's */
	void *tree;      /* tsearch tree of struct proc_entry */
};

static int cmp_entry(const void *a, const void *b)
{
	uint32_t x = ((const struct proc_entry *)a)->tgid, y = ((const struct proc_entry *)b)->tgid;

	return (x > y) - (x < y);
}

static void free_entry(void *p)
{
	struct proc_entry *e = p;

	free(e->exe);
	free(e->cmdline);
	free(e);
}

int ld_proc_cache_new(const char *proc_root, struct ld_proc_cache **ret)
{
	struct ld_proc_cache *c = calloc(1, sizeof(*c));

	if (!c || !(c->proc_root = strdup(proc_root ? proc_root : "/proc"))) {
		free(c);
		return -ENOMEM;
	}
	*ret = c;
	return 0;
}

void ld_proc_cache_free(struct ld_proc_cache *c)
{
	if (!c)
		return;
	tdestroy(c->tree, free_entry);
	free(c->proc_root);
	free(c);
}

static struct proc_entry *find(struct ld_proc_cache *c, uint32_t tgid)
{
	struct proc_entry key = { .tgid = tgid };
	void *node = tfind(&key, &c->tree, cmp_entry);

	return node ? *(struct proc_entry **)node : NULL;
}

/* Insert or replace; takes ownership of e. */
static int store(struct ld_proc_cache *c, struct proc_entry *e)
{
	struct proc_entry *old = find(c, e->tgid);

	if (old) {
		tdelete(old, &c->tree, cmp_entry);
		free_entry(old);
	}
	if (!tsearch(e, &c->tree, cmp_entry)) {
		free_entry(e);
		return -ENOMEM;
	}
	return 0;
}

/* NUL-separated arguments as one line, the way ps shows them. */
static char *join_args(const char *args, size_t len)
{
	char *s;

	while (len > 0 && args[len - 1] == '\0')
		len--;
	s = malloc(len + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++)
		s[i] = args[i] ? args[i] : ' ';
	s[len] = '\0';
	return s;
}

void ld_proc_cache_exit(struct ld_proc_cache *c, uint32_t tgid)
{
	struct proc_entry *e = find(c, tgid);

	if (e) {
		tdelete(e, &c->tree, cmp_entry);
		free_entry(e);
	}
}

static char *read_small(const char *path, size_t *len)
{
	char *buf = malloc(4096);
	ssize_t n;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, 4095);
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* A process that was running before the trace: ask /proc, once. */
static struct proc_entry *from_proc(struct ld_proc_cache *c, uint32_t tgid)
{
	struct proc_entry *e = calloc(1, sizeof(*e));
	char path[512], link[4096], *buf, *close_paren;
	ssize_t n;
	size_t len;

	if (!e)
		return NULL;
	e->tgid = tgid;
	snprintf(path, sizeof(path), "%s/%u/exe", c->proc_root, tgid);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		e->exe = strdup(link);
	}
	snprintf(path, sizeof(path), "%s/%u/cmdline", c->proc_root, tgid);
	if ((buf = read_small(path, &len))) {
		e->cmdline = len ? join_args(buf, len) : NULL;
		free(buf);
	}
	/* field 9 of stat holds the task flags; PF_KTHREAD is 0x00200000 */
	snprintf(path, sizeof(path), "%s/%u/stat", c->proc_root, tgid);
	if ((buf = read_small(path, &len))) {
		unsigned long flags = 0;

		close_paren = strrchr(buf, ')');
		if (close_paren && sscanf(close_paren + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1)
			e->kthread = flags & 0x00200000;
		free(buf);
	}
	if (store(c, e) < 0)
		return NULL;
	return e;
}

int ld_proc_cache_exec(struct ld_proc_cache *c, const struct ld_trace_record *rec)
{
	struct proc_entry *e;

	/* no strings from BPF (kprobe mode, or confidentiality): /proc, now, while it runs */
	if (!rec->exe[0] || !rec->args_len) {
		ld_proc_cache_exit(c, rec->tgid);
		e = from_proc(c, rec->tgid);
		if (!e)
			return -ENOMEM;
		if (rec->exe[0] && !e->exe && !(e->exe = strdup(rec->exe)))
			return -ENOMEM;
		return 0;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->tgid = rec->tgid;
	e->exe = strdup(rec->exe);
	e->cmdline = join_args(rec->args, rec->args_len);
	if (!e->exe || !e->cmdline) {
		free_entry(e);
		return -ENOMEM;
	}
	return store(c, e);
}

static int dup_or_null(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -ENOMEM : 0;
}

int ld_proc_cache_attribute(struct ld_proc_cache *c, struct ld_trace_event *ev)
{
	struct proc_entry *e;

	if (ev->context == LD_TRACE_IDLE)
		return 0; /* pid 0 is nobody: whatever ran was interrupted */
	e = find(c, ev->tgid);
	if (!e)
		e = from_proc(c, ev->tgid);
	if (!e)
		return -ENOMEM;
	if (e->kthread)
		ev->context = LD_TRACE_KERNEL_THREAD;
	if (dup_or_null(&ev->exe, e->exe) < 0 || dup_or_null(&ev->cmdline, e->cmdline) < 0)
		return -ENOMEM;
	return 0;
}
