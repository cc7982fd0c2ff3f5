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
#include "readall.h"

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

static ssize_t read_fd(void *source, char *buf, size_t size)
{
	for (;;) {
		ssize_t n = read(*(int *)source, buf, size);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

int ld_root_read_file(const struct ld_root *root, const char *path, size_t max, char **ret_buf,
		      size_t *ret_len)
{
	size_t initial = 4096;
	struct stat st;
	int fd, err;

	fd = ld_root_openat(root, path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	/* size the buffer once when the file tells its size (BTF is megabytes) */
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (uint64_t)st.st_size <= max)
		initial = (size_t)st.st_size;
	err = readall(read_fd, &fd, initial, max, ret_buf, ret_len);
	close(fd);
	return err;
}
