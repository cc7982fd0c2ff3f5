// SPDX-License-Identifier: LGPL-2.1-or-later
/* enforce follow: the refusals and permissive hits of the policy in force, from its ring buffer. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lockdown/enforce.h"
#include "lockdown/trace.h"
#include "pins.h"

static int on_sample(void *ctx, void *data, size_t size)
{
	struct ld_enforcer *e = ctx;
	struct ld_trace_record rec;

	if (ld_trace_record_decode(data, size, &rec) < 0)
		return 0;
	return e->on_record(&rec, e->userdata);
}

int ld_enforcer_follow_open(struct ld_enforcer *e, ld_enforce_record_fn fn, void *userdata)
{
	/*
	 * A BPF ring buffer has one consumer position, shared by every process
	 * that maps it: two followers would each miss the records the other
	 * consumed first (or both print them, by luck of scheduling). One
	 * follower at a time, then: -EBUSY for the second.
	 */
	e->follow_lock = open(e->pin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (e->follow_lock < 0)
		return -errno;
	if (flock(e->follow_lock, LOCK_EX | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	/*
	 * Reading a ring buffer moves its reader position, a page mapped
	 * writable, which the kernel maps only through a writable fd. Once
	 * sealed the pins were opened read-only: the ring buffer, and only it,
	 * is opened again for writing (the seal's guard lets this one through).
	 */
	if (!e->writable) {
		char path[PATH_MAX];
		int fd;

		snprintf(path, sizeof(path), "%s/%s", e->pin_dir, ld_map_pin_names[LD_PIN_EVENTS]);
		fd = bpf_obj_get(path);
		if (fd < 0)
			return -errno;
		close(e->map_fd[LD_PIN_EVENTS]);
		e->map_fd[LD_PIN_EVENTS] = fd;
	}
	e->on_record = fn;
	e->userdata = userdata;
	e->rb = ring_buffer__new(e->map_fd[LD_PIN_EVENTS], on_sample, e, NULL);
	return e->rb ? 0 : -errno;
}

int ld_enforcer_follow_poll(struct ld_enforcer *e, int timeout_ms)
{
	struct timespec ts;
	__u64 until;
	__u32 zero = 0;
	int n;

	/* keep the records coming for a while: a follower killed stops them soon */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	until = (__u64)ts.tv_sec * 1000000000u + (__u64)ts.tv_nsec + 5000000000u;
	if (bpf_map_update_elem(e->map_fd[LD_PIN_FOLLOW], &zero, &until, BPF_ANY) < 0)
		return -errno;
	n = ring_buffer__poll(e->rb, timeout_ms);
	return n == -EINTR ? 0 : n;
}
