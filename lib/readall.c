// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "readall.h"

int ld_readall(readall_fn fn, void *source, size_t initial, size_t max, char **ret_buf,
	    size_t *ret_len)
{
	size_t len = 0, cap = initial ? initial : 4096;
	char *buf = malloc(cap + 1);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger;

			if (cap >= max) {
				/* exactly max bytes is allowed: one more (into the NUL's place) is not */
				ssize_t more = fn(source, buf + len, 1);

				err = more < 0 ? (int)more : more > 0 ? -EFBIG : 0;
				break;
			}
			cap = cap * 2 > max ? max : cap * 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			buf = bigger;
		}
		n = fn(source, buf + len, cap - len);
		if (n < 0) {
			err = (int)n;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (err < 0) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

ssize_t ld_read_fd(void *source, char *buf, size_t size)
{
	for (;;) {
		ssize_t n = read(*(int *)source, buf, size);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

int ld_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
