// SPDX-License-Identifier: LGPL-2.1-or-later
/* Root-prefixed file access, modelled on util-linux's path context. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lockdown/root.h"

struct ld_root {
	int dirfd;
	char *prefix;
	bool live;
};

int ld_root_open(const char *dir, struct ld_root **ret)
{
	struct ld_root *root;

	if (!dir || !*dir)
		dir = "/";
	root = calloc(1, sizeof(*root));
	if (!root)
		return -ENOMEM;
	root->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root->dirfd < 0) {
		int err = -errno;

		free(root);
		return err;
	}
	root->prefix = strdup(dir);
	if (!root->prefix) {
		close(root->dirfd);
		free(root);
		return -ENOMEM;
	}
	root->live = strcmp(dir, "/") == 0;
	*ret = root;
	return 0;
}

struct ld_root *ld_root_free(struct ld_root *root)
{
	if (!root)
		return NULL;
	if (root->dirfd >= 0)
		close(root->dirfd);
	free(root->prefix);
	free(root);
	return NULL;
}

const char *ld_root_prefix(const struct ld_root *root)
{
	return root->prefix;
}

bool ld_root_is_live(const struct ld_root *root)
{
	return root->live;
}

static const char *relative(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

int ld_root_openat(const struct ld_root *root, const char *path, int flags)
{
	int fd = openat(root->dirfd, relative(path), flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int ld_root_access(const struct ld_root *root, const char *path)
{
	return faccessat(root->dirfd, relative(path), F_OK, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

int ld_root_read_file(const struct ld_root *root, const char *path, size_t max, char **ret_buf,
		      size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	struct stat st;
	char *buf;
	int fd, err;

	fd = ld_root_openat(root, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	/* size the buffer once when the file tells its size (BTF is megabytes) */
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size <= max)
		cap = (size_t)st.st_size;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger;

			if (cap >= max) {
				err = -EFBIG;
				goto fail;
			}
			cap = cap * 2 > max ? max : cap * 2;
			bigger = realloc(buf, cap + 1);
			if (!bigger) {
				err = -ENOMEM;
				goto fail;
			}
			buf = bigger;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
fail:
	close(fd);
	free(buf);
	return err;
}
