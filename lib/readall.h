/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to lib/: read a whole stream into one NUL-terminated buffer. */
#ifndef LIB_READALL_H
#define LIB_READALL_H

#include <stddef.h>
#include <sys/types.h>

/* Reads up to `size` bytes; returns the count, 0 at the end, or -errno. */
typedef ssize_t (*readall_fn)(void *source, char *buf, size_t size);

/*
 * Call `fn` until it reports the end, growing the buffer from `initial`
 * bytes up to `max` (-EFBIG beyond). *ret_buf and *ret_len are set only on
 * success.
 */
int ld_readall(readall_fn fn, void *source, size_t initial, size_t max, char **ret_buf,
	    size_t *ret_len);

/* A readall_fn for a file descriptor (source: an int *), retrying EINTR. */
ssize_t ld_read_fd(void *source, char *buf, size_t size);
/* Write all len bytes to fd, retrying EINTR and short writes: 0 or -errno (-EIO for a 0 write). */
int ld_write_all(int fd, const void *data, size_t len);

#endif
