// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who holds what open: the question lsof answers, limited to a handful of
 * paths so it can be answered in one cheap pass. Per process it costs one
 * readlink per fd and one read of the maps file; cmdline and fdinfo are only
 * read for the rare hits. Here the pass over every process, its workers and
 * the merge of their hits; one process is read in procscan_process.c, and
 * procscan_filter.c spares most readlinks on the live system.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procscan.h"
#include "lockdown/root.h"
#include "procscan_internal.h"

#define MAX_WORKERS 8

struct worker {
	const struct ld_root *root;
	const struct ld_proc_interest *in;
	size_t n_in;
	const struct ld_proc_filter *filter;
	const int *pids;
	size_t n_pids;
	atomic_size_t *next;
	struct ld_proc_scan part;
	int err;
};

/* Each worker takes the next pid until none is left; the kernel work is per fd. */
static void *work(void *arg)
{
	struct worker *w = arg;
	size_t i;

	while (w->err == 0 && (i = atomic_fetch_add(w->next, 1)) < w->n_pids) {
		int fd_err = ld_proc_scan_fds(w->root, w->pids[i], w->in, w->n_in, w->filter,
					      &w->part);
		int map_err = ld_proc_scan_maps(w->root, w->pids[i], w->in, w->n_in, &w->part);

		if (fd_err == -ENOMEM || map_err == -ENOMEM)
			w->err = -ENOMEM;
		else if (fd_err == -EACCES || fd_err == -EPERM || map_err == -EACCES ||
			 map_err == -EPERM)
			w->part.procs_unreadable++;
		/* -ENOENT: the process exited while we looked; nothing to report */
	}
	return NULL;
}

static int list_pids(const struct ld_root *root, int **ret, size_t *ret_n)
{
	int self = ld_root_is_live(root) ? getpid() : -1, *pids = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *dir;
	int dfd;

	dfd = ld_root_openat(root, "/proc", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(dir))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0 || pid > INT32_MAX || pid == self)
			continue;
		if (n == cap) {
			int *more = realloc(pids, (cap = cap ? cap * 2 : 256) * sizeof(*pids));

			if (!more) {
				free(pids);
				closedir(dir);
				return -ENOMEM;
			}
			pids = more;
		}
		pids[n++] = (int)pid;
	}
	closedir(dir);
	*ret = pids;
	*ret_n = n;
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct ld_proc_hit *x = a, *y = b;
	int c;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if ((x->fd < 0) != (y->fd < 0))
		return x->fd < 0 ? 1 : -1; /* open files before mappings */
	c = strcmp(x->path, y->path);
	if (c)
		return c;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

/*
 * Sort (so reports do not depend on scheduling or directory order) and keep
 * one hit per process, path and kind: a process holding /dev/mem fifty times
 * is one finding. The write access mode wins over read-only.
 */
static void sort_and_merge(struct ld_proc_scan *s)
{
	size_t out = 0;

	qsort(s->hits, s->n, sizeof(*s->hits), cmp_hit);
	for (size_t i = 0; i < s->n; i++) {
		struct ld_proc_hit *h = &s->hits[i], *prev = out ? &s->hits[out - 1] : NULL;

		if (prev && prev->pid == h->pid && (prev->fd < 0) == (h->fd < 0) &&
		    strcmp(prev->path, h->path) == 0) {
			if (h->accmode == O_WRONLY || h->accmode == O_RDWR)
				prev->accmode = h->accmode;
			free(h->path);
			free(h->cmdline);
			continue;
		}
		s->hits[out++] = *h;
	}
	s->n = out;
}

int ld_proc_scan(const struct ld_root *root, const struct ld_proc_interest *interests,
		 size_t n_interests, struct ld_proc_scan *ret)
{
	struct ld_proc_scan s = { 0 };
	struct ld_proc_filter filter;
	struct worker workers[MAX_WORKERS];
	pthread_t threads[MAX_WORKERS];
	atomic_size_t next = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n_pids = 0, n_workers;
	int *pids = NULL, err;

	err = list_pids(root, &pids, &n_pids);
	if (err < 0)
		return err;
	ld_proc_filter_init(&filter, root, interests, n_interests);
	/* threads pay off only on a busy host; one does for fixtures and small machines */
	n_workers = n_pids < 256 || cpus < 2 ? 1 : (size_t)(cpus < MAX_WORKERS ? cpus : MAX_WORKERS);
	for (size_t i = 0; i < n_workers; i++) {
		workers[i] = (struct worker){ .root = root, .in = interests, .n_in = n_interests,
					      .filter = &filter,
					      .pids = pids, .n_pids = n_pids, .next = &next };
		if (i > 0 && pthread_create(&threads[i], NULL, work, &workers[i]) != 0)
			n_workers = i; /* run with what we have */
	}
	work(&workers[0]);
	for (size_t i = 1; i < n_workers; i++)
		pthread_join(threads[i], NULL);
	free(pids);
	s.procs = n_pids;
	for (size_t i = 0; i < n_workers; i++) {
		struct ld_proc_scan *p = &workers[i].part;
		struct ld_proc_hit *all;

		if (workers[i].err < 0)
			err = workers[i].err;
		s.procs_unreadable += p->procs_unreadable;
		all = err == 0 ? realloc(s.hits, (s.n + p->n + 1) * sizeof(*all)) : NULL;
		if (all) {
			if (p->n)
				memcpy(all + s.n, p->hits, p->n * sizeof(*all));
			s.hits = all;
			s.n += p->n;
			free(p->hits);
		} else {
			err = -ENOMEM;
			ld_proc_scan_clear(p);
		}
	}
	if (err < 0) {
		ld_proc_scan_clear(&s);
		return err;
	}
	sort_and_merge(&s);
	*ret = s;
	return 0;
}

void ld_proc_scan_clear(struct ld_proc_scan *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->hits[i].path);
		free(s->hits[i].cmdline);
	}
	free(s->hits);
	memset(s, 0, sizeof(*s));
}
