/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_KMSG_H
#define LOCKDOWN_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct ld_root;

/* One /dev/kmsg record: "PRI,SEQ,USEC,FLAGS[,...];MESSAGE". */
struct ld_kmsg_record {
	unsigned facility; /* 0 = kernel; user space writes land in facility 1 or above */
	unsigned level;
	uint64_t seq;
	uint64_t usec; /* CLOCK_MONOTONIC at the time of logging */
	const char *msg;
	size_t msg_len;
	uint32_t caller_pid; /* ",caller=T<pid>" (CONFIG_PRINTK_CALLER), 0 when absent */
};

/* Parse one record line (without its dictionary lines). -EBADMSG if malformed. */
int ld_kmsg_parse_record(const char *line, size_t len, struct ld_kmsg_record *ret);

/* Called for every record; a negative return stops the walk and is returned. */
typedef int (*ld_kmsg_fn)(const struct ld_kmsg_record *rec, void *userdata);

/*
 * Walk the kernel log in /dev/kmsg from its oldest record, without blocking
 * and without moving other readers. A regular file at that path (a fixture)
 * is read as one record per line. -EPERM/-EACCES when dmesg_restrict forbids.
 */
int ld_kmsg_walk(const struct ld_root *root, ld_kmsg_fn fn, void *userdata);
/*
 * Open /dev/kmsg of ROOT without blocking (O_NONBLOCK is left set): the
 * kernel's log device (character 1:11) or a regular file; anything else (a
 * FIFO, /dev/zero, a tty) is -LD_ENOTREG, a directory -EISDIR. *ret_regular
 * (when not NULL) says which of the two it is.
 */
int ld_kmsg_open(const struct ld_root *root, bool *ret_regular);
/* Is this the kernel's log device (character 1:11), whatever its name? */
bool ld_kmsg_is_device(const struct stat *st);
/* The same on an open /dev/kmsg (opened O_NONBLOCK, so the walk ends at the newest record). */
int ld_kmsg_walk_fd(int fd, ld_kmsg_fn fn, void *userdata);

/*
 * "Kernel is locked down from SOURCE; see man kernel_lockdown.7" (or Debian's
 * "; see https://wiki.debian.org/SecureBoot", any "; see " pointer): returns
 * true and the SOURCE span when the message is that line.
 */
bool ld_kmsg_lockdown_raise(const char *msg, size_t len, const char **ret_src, size_t *ret_len);

#endif
