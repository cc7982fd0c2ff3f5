// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who holds what open: the question lsof answers, limited to a handful of
 * paths so it can be answered in one cheap pass. Per process it costs one
 * readlink per fd and one read of the maps file; cmdline and fdinfo are only
 * read for the rare hits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lockdown/procscan.h"
#include "lockdown/root.h"

#define MAX_WORKERS 8

static bool interesting(const struct ld_proc_interest *in, size_t n, const char *path, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(in[i].path);

		if (in[i].prefix ? len >= l && memcmp(path, in[i].path, l) == 0
				 : len == l && memcmp(path, in[i].path, l) == 0)
			return true;
	}
	return false;
}

static char *read_cmdline(const struct ld_root *root, int pid)
{
	char path[64], *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if (ld_root_read_file(root, path, 1u << 16, &buf, &len) == 0 && len > 0) {
		while (len > 0 && buf[len - 1] == '\0')
			len--;
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[len] = '\0';
		return buf;
	}
	free(buf);
	/* kernel threads have no arguments: show the comm as ps does */
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if (ld_root_read_file(root, path, 64, &buf, &len) == 0) {
		char *out = malloc(len + 3);

		while (len > 0 && buf[len - 1] == '\n')
			len--;
		if (out)
			snprintf(out, len + 3, "[%.*s]", (int)len, buf);
		free(buf);
		return out;
	}
	return strdup("?");
}

static int fd_accmode(const struct ld_root *root, int pid, int fd)
{
	char path[64], *buf = NULL, *flags;
	int mode = -1;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	if (ld_root_read_file(root, path, 1u << 16, &buf, NULL) < 0)
		return -1;
	flags = strstr(buf, "flags:");
	if (flags)
		mode = (int)(strtoul(flags + 6, NULL, 8) & O_ACCMODE);
	free(buf);
	return mode;
}

static int add_hit(const struct ld_root *root, struct ld_proc_scan *s, int pid, int fd,
		   const char *path, size_t len)
{
	struct ld_proc_hit *h = realloc(s->hits, (s->n + 1) * sizeof(*h));

	if (!h)
		return -ENOMEM;
	s->hits = h;
	h = &h[s->n];
	h->pid = pid;
	h->fd = fd;
	h->accmode = fd >= 0 ? fd_accmode(root, pid, fd) : -1;
	h->path = strndup(path, len);
	h->cmdline = read_cmdline(root, pid);
	if (!h->path || !h->cmdline) {
		free(h->path);
		free(h->cmdline);
		return -ENOMEM;
	}
	s->n++;
	return 0;
}

/*
 * On the live system most descriptors can be settled by the device and
 * inode of their target, a stat, without the readlink that builds a path:
 * /dev/null, sockets, pipes and files on disk are none of our business. Only
 * candidates are read as links. Fixture roots hold dangling symlinks whose
 * targets would resolve on the host, so there every descriptor is read.
 */
struct prefilter {
	bool on;
	dev_t rdevs[8]; /* character devices named exactly (/dev/mem, /dev/port, ...) */
	size_t n_rdevs;
	unsigned majors[8]; /* character majors below a /dev prefix (/dev/cpu/N/msr) */
	size_t n_majors;
	dev_t fs[8]; /* filesystems below other prefixes (debugfs, tracefs, sysfs), anon inodes */
	size_t n_fs;
	struct {
		dev_t dev;
		ino_t ino;
	} files[8]; /* other files named exactly (/proc/kcore) */
	size_t n_files;
};

static void add_majors_below(struct prefilter *f, const char *dir, int depth)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[512];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 2)
			add_majors_below(f, path, depth + 1);
		else if ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && f->n_majors < 8)
			f->majors[f->n_majors++] = major(st.st_rdev);
	}
	closedir(d);
}

static void prefilter_init(struct prefilter *f, const struct ld_root *root,
			   const struct ld_proc_interest *in, size_t n_in)
{
	memset(f, 0, sizeof(*f));
	if (!ld_root_is_live(root))
		return;
	for (size_t i = 0; i < n_in; i++) {
		struct stat st;
		char dir[512];

		if (strncmp(in[i].path, "anon_inode:", 11) == 0) {
			/* every anonymous inode shares one filesystem: learn it from an eventfd */
			int efd = eventfd(0, EFD_CLOEXEC);

			if (efd < 0 || fstat(efd, &st) < 0 || f->n_fs == 8) {
				if (efd >= 0)
					close(efd);
				return; /* cannot filter safely: read every link */
			}
			close(efd);
			f->fs[f->n_fs++] = st.st_dev;
			continue;
		}
		if (!in[i].prefix) {
			if (stat(in[i].path, &st) < 0)
				continue; /* absent here: no process can hold it */
			if ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && f->n_rdevs < 8)
				f->rdevs[f->n_rdevs++] = st.st_rdev;
			else if (f->n_files < 8) {
				f->files[f->n_files].dev = st.st_dev;
				f->files[f->n_files++].ino = st.st_ino;
			} else
				return;
			continue;
		}
		if (strncmp(in[i].path, "/dev/", 5) == 0) {
			snprintf(dir, sizeof(dir), "%s", in[i].path);
			add_majors_below(f, dir, 0);
			continue;
		}
		/* "/sys/devices/pci" is a name prefix: its directory is /sys/devices */
		snprintf(dir, sizeof(dir), "%s", in[i].path);
		if (stat(dir, &st) < 0) {
			char *slash = strrchr(dir, '/');

			if (!slash || slash == dir)
				return;
			*slash = '\0';
			if (stat(dir, &st) < 0)
				return;
		}
		if (f->n_fs == 8)
			return;
		f->fs[f->n_fs++] = st.st_dev;
	}
	f->on = true;
}

static bool prefilter_candidate(const struct prefilter *f, const struct stat *st)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		for (size_t i = 0; i < f->n_rdevs; i++)
			if (st->st_rdev == f->rdevs[i])
				return true;
		for (size_t i = 0; i < f->n_majors; i++)
			if (major(st->st_rdev) == f->majors[i])
				return true;
		return false;
	}
	for (size_t i = 0; i < f->n_fs; i++)
		if (st->st_dev == f->fs[i])
			return true;
	for (size_t i = 0; i < f->n_files; i++)
		if (st->st_dev == f->files[i].dev && st->st_ino == f->files[i].ino)
			return true;
	return false;
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/*
 * The hot loop of a busy host: one readlink per descriptor. getdents64 is
 * called directly, without the fstat and fcntl that opendir adds per process.
 */
static int scan_fds(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		    size_t n_in, const struct prefilter *f, struct ld_proc_scan *s)
{
	char path[64], target[4096], buf[32768] __attribute__((aligned(8)));
	int dfd, err = 0;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dfd = ld_root_openat(root, path, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	while (err == 0 && (n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n && err == 0;) {
			struct linux_dirent64 *de = (struct linux_dirent64 *)(buf + off);
			ssize_t len;

			off += de->d_reclen;
			if (de->d_name[0] == '.')
				continue;
			if (f->on) {
				struct stat st;

				/* a stat that fails (closed meanwhile) falls back to the link */
				if (fstatat(dfd, de->d_name, &st, 0) == 0 && !prefilter_candidate(f, &st))
					continue;
			}
			len = readlinkat(dfd, de->d_name, target, sizeof(target));
			if (len <= 0 || (size_t)len >= sizeof(target))
				continue; /* closed meanwhile, or not a link */
			if (interesting(in, n_in, target, (size_t)len))
				err = add_hit(root, s, pid, atoi(de->d_name), target, (size_t)len);
		}
	}
	if (n < 0 && err == 0)
		err = -errno;
	close(dfd);
	return err;
}

static int scan_maps(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		     size_t n_in, struct ld_proc_scan *s)
{
	char path[64], *buf = NULL, *line, *save = NULL;
	const char *last = NULL;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	err = ld_root_read_file(root, path, 256u << 20, &buf, NULL);
	if (err < 0)
		return err;
	for (line = strtok_r(buf, "\n", &save); line && err == 0; line = strtok_r(NULL, "\n", &save)) {
		/* "start-end perms offset dev inode      /path" */
		const char *p = strchr(line, '/');

		if (!p || !interesting(in, n_in, p, strlen(p)))
			continue;
		if (last && strcmp(last, p) == 0)
			continue; /* one hit per mapped file, not per segment */
		last = p;
		err = add_hit(root, s, pid, -1, p, strlen(p));
	}
	free(buf);
	return err;
}

struct worker {
	const struct ld_root *root;
	const struct ld_proc_interest *in;
	size_t n_in;
	const struct prefilter *filter;
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
		int fd_err = scan_fds(w->root, w->pids[i], w->in, w->n_in, w->filter, &w->part);
		int map_err = scan_maps(w->root, w->pids[i], w->in, w->n_in, &w->part);

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
	struct prefilter filter;
	struct worker workers[MAX_WORKERS];
	pthread_t threads[MAX_WORKERS];
	atomic_size_t next = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n_pids = 0, n_workers;
	int *pids = NULL, err;

	err = list_pids(root, &pids, &n_pids);
	if (err < 0)
		return err;
	prefilter_init(&filter, root, interests, n_interests);
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
