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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lockdown/procscan.h"
#include "lockdown/root.h"

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

static int scan_fds(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		    size_t n_in, struct ld_proc_scan *s)
{
	char path[64], target[4096];
	struct dirent *de;
	DIR *dir;
	int dfd, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	dfd = ld_root_openat(root, path, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -errno;
	}
	while (err == 0 && (de = readdir(dir))) {
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(dir), de->d_name, target, sizeof(target));
		if (n <= 0 || (size_t)n >= sizeof(target))
			continue; /* closed meanwhile, or not a link */
		if (interesting(in, n_in, target, (size_t)n))
			err = add_hit(root, s, pid, atoi(de->d_name), target, (size_t)n);
	}
	closedir(dir);
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

int ld_proc_scan(const struct ld_root *root, const struct ld_proc_interest *interests,
		 size_t n_interests, struct ld_proc_scan *ret)
{
	struct ld_proc_scan s = { 0 };
	int self = ld_root_is_live(root) ? getpid() : -1;
	struct dirent *de;
	DIR *dir;
	int dfd, err = 0;

	dfd = ld_root_openat(root, "/proc", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd;
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return -errno;
	}
	while (err == 0 && (de = readdir(dir))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		int fd_err, map_err;

		if (*end || pid <= 0 || pid == self)
			continue;
		s.procs++;
		fd_err = scan_fds(root, (int)pid, interests, n_interests, &s);
		map_err = scan_maps(root, (int)pid, interests, n_interests, &s);
		if (fd_err == -ENOMEM || map_err == -ENOMEM)
			err = -ENOMEM;
		else if (fd_err == -EACCES || fd_err == -EPERM || map_err == -EACCES ||
			 map_err == -EPERM)
			s.procs_unreadable++;
		/* -ENOENT: the process exited while we looked; nothing to report */
	}
	closedir(dir);
	if (err < 0) {
		ld_proc_scan_clear(&s);
		return err;
	}
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
