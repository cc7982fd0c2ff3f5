// SPDX-License-Identifier: LGPL-2.1-or-later
#define _GNU_SOURCE /* memmem */
/* Reader for the kernel's structured log, /dev/kmsg. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kmsg.h"
#include "lockdown/root.h"

/* A kmsg record is at most 1 KiB of text plus its header in 6.x; be generous. */
#define KMSG_RECORD_MAX 16384

static int parse_u64(const char **p, const char *end, uint64_t *ret)
{
	uint64_t v = 0;
	const char *s = *p;

	if (s == end || *s < '0' || *s > '9')
		return -EBADMSG;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EBADMSG;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*ret = v;
	return 0;
}

int ld_kmsg_parse_record(const char *line, size_t len, struct ld_kmsg_record *ret)
{
	const char *p = line, *end = line + len, *semi = memchr(line, ';', len);
	uint64_t prio, seq, usec;

	if (!semi)
		return -EBADMSG;
	if (parse_u64(&p, semi, &prio) < 0 || p == semi || *p++ != ',')
		return -EBADMSG;
	if (parse_u64(&p, semi, &seq) < 0 || p == semi || *p++ != ',')
		return -EBADMSG;
	if (parse_u64(&p, semi, &usec) < 0)
		return -EBADMSG;
	/* flags and any later fields are not needed */
	if (p != semi && *p != ',')
		return -EBADMSG;
	if (prio > 0xffffffffu)
		return -EBADMSG;
	ret->facility = (unsigned)(prio >> 3);
	ret->level = (unsigned)(prio & 7);
	ret->seq = seq;
	ret->usec = usec;
	ret->msg = semi + 1;
	ret->msg_len = (size_t)(end - semi - 1);
	/* CONFIG_PRINTK_CALLER: ",caller=T123" is the task that printed (C for a CPU) */
	ret->caller_pid = 0;
	{
		const char *c = memmem(p, (size_t)(semi - p), ",caller=T", 9);
		uint64_t pid;

		if (c && (c += 9, parse_u64(&c, semi, &pid) == 0) && pid <= 0x7fffffff)
			ret->caller_pid = (uint32_t)pid;
	}
	return 0;
}

/* One chunk is a record line followed by " KEY=value" dictionary lines. */
static int walk_chunk(const char *buf, size_t len, ld_kmsg_fn fn, void *userdata)
{
	size_t pos = 0;

	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		struct ld_kmsg_record rec;
		int r;

		pos += llen + (nl ? 1 : 0);
		if (llen == 0 || line[0] == ' ')
			continue;
		if (ld_kmsg_parse_record(line, llen, &rec) < 0)
			continue; /* not a record: skip rather than give up on the log */
		r = fn(&rec, userdata);
		if (r < 0)
			return r;
	}
	return 0;
}

bool ld_kmsg_is_device(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 11;
}

int ld_kmsg_open(const struct ld_root *root, bool *ret_regular)
{
	struct stat st;
	int fd = ld_root_openat(root, "/dev/kmsg", O_RDONLY | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* Only the kernel's own log device is read as a stream: a FIFO would
	 * read as an empty log, /dev/zero or a tty would never end. */
	if (S_ISREG(st.st_mode) || ld_kmsg_is_device(&st)) {
		if (ret_regular)
			*ret_regular = S_ISREG(st.st_mode);
		return fd;
	}
	close(fd);
	return S_ISDIR(st.st_mode) ? -EISDIR : -LD_ENOTREG;
}

int ld_kmsg_walk(const struct ld_root *root, ld_kmsg_fn fn, void *userdata)
{
	bool regular;
	int fd, err = 0;

	fd = ld_kmsg_open(root, &regular);
	if (fd < 0)
		return fd;
	if (regular) {
		/* a copy of the log (a fixture, a snapshot): streamed a line at a time, any size */
		char *line = malloc(KMSG_RECORD_MAX);
		bool cut = false;
		FILE *f;

		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		f = line ? fdopen(fd, "r") : NULL;
		if (!f) {
			free(line);
			close(fd);
			return -ENOMEM;
		}
		/* a line longer than a record is no record: skipped, memory stays bounded */
		while (err == 0 && fgets(line, KMSG_RECORD_MAX, f)) {
			size_t n = strlen(line);
			bool whole = n && line[n - 1] == '\n';

			if (!cut && (whole || feof(f)))
				err = walk_chunk(line, n, fn, userdata);
			cut = !whole;
		}
		if (err == 0 && ferror(f))
			err = -EIO;
		free(line);
		fclose(f);
		return err;
	}
	err = ld_kmsg_walk_fd(fd, fn, userdata);
	close(fd);
	return err;
}

int ld_kmsg_walk_fd(int fd, ld_kmsg_fn fn, void *userdata)
{
	char buf[KMSG_RECORD_MAX];
	int err = 0;

	/* The device hands out one record per read() and starts at the oldest. */
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE) /* overwritten while we read: go on */
				continue;
			if (errno != EAGAIN)
				err = -errno;
			break;
		}
		if (n == 0)
			break;
		err = walk_chunk(buf, (size_t)n, fn, userdata);
		if (err < 0)
			break;
	}
	return err;
}

bool ld_kmsg_lockdown_raise(const char *msg, size_t len, const char **ret_src, size_t *ret_len)
{
	static const char head[] = "Kernel is locked down from ";
	size_t h = sizeof(head) - 1;
	const char *see;

	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (len <= h || memcmp(msg, head, h))
		return false;
	/*
	 * "; see man kernel_lockdown.7" upstream, "; see https://wiki.debian.org/SecureBoot"
	 * on Debian 10/11: any "; see " pointer, after a source that is not empty
	 */
	see = memmem(msg + h, len - h, "; see ", 6);
	if (!see || see == msg + h || see + 6 == msg + len)
		return false;
	*ret_src = msg + h;
	*ret_len = (size_t)(see - msg - h);
	return true;
}
