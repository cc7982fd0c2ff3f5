// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One process of ld_proc_scan(): its descriptors and its mappings that name
 * a path of interest, with the access mode and command line of each hit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lockdown/root.h"
#include "procscan_internal.h"

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
	return strdup("unknown"); /* gone, or not ours to read: the word the renderers use */
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
int ld_proc_scan_fds(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
		     size_t n_in, const struct ld_proc_filter *f, struct ld_proc_scan *s)
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
				if (fstatat(dfd, de->d_name, &st, 0) == 0 &&
				    !ld_proc_filter_candidate(f, &st))
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

int ld_proc_scan_maps(const struct ld_root *root, int pid, const struct ld_proc_interest *in,
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
