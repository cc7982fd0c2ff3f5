// SPDX-License-Identifier: LGPL-2.1-or-later
/* Files the user names on the command line, opened never blocking. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"
#include "kmsg.h"
#include "lockdown/root.h"

const char *ld_file_type_words(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return NULL;
	case S_IFDIR:
		return "a directory";
	case S_IFIFO:
		return "a FIFO";
	case S_IFSOCK:
		return "a socket";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFLNK:
		return "a symbolic link";
	default:
		return "not a regular file";
	}
}

int ld_open_input(const char *path, unsigned flags, bool *ret_kmsg, const char **ret_what)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct stat st;
	int fd, fl;

	*ret_what = NULL;
	if (ret_kmsg)
		*ret_kmsg = false;
	fd = is_stdin ? fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)
		      : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	if (S_ISREG(st.st_mode) ||
	    (is_stdin && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode)))) {
		if (!is_stdin && (fl = fcntl(fd, F_GETFL)) >= 0)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		return fd;
	}
	if ((flags & LD_INPUT_KMSG) && ld_kmsg_is_device(&st)) {
		if (ret_kmsg)
			*ret_kmsg = true;
		return fd;
	}
	*ret_what = ld_file_type_words(st.st_mode);
	close(fd);
	return S_ISDIR(st.st_mode) ? -EISDIR : -LD_ENOTREG;
}
