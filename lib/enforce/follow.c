// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enforce follow: the refusals and permissive hits of the policy in force,
 * read from its records through the iterator pin (LD_RECORDS_PIN), which
 * needs no fd of the records' maps: the same read before and after the
 * seal, and any number of followers, since reading moves nothing (but the
 * time of the last read, which keeps records coming).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/spawn.h"
#include "pins.h"
#include "records.h"

#define DUMP_MAX (sizeof(struct ld_records_head) + LD_RECORDS * sizeof(struct ld_record))

static int take(struct ld_enforcer *e)
{
	char *dump;
	size_t len;
	__u64 now = (__u64)ld_now_ns(CLOCK_MONOTONIC);
	int r = ld_iter_pin_read(e->pin_dir, LD_RECORDS_PIN, DUMP_MAX, &dump, &len);

	if (r < 0)
		return r;
	/* records are made only while someone reads: a follower stopped longer misses them */
	if (e->follow_read_ns && now - e->follow_read_ns > LD_RECORDS_READER_NS)
		e->follow_unread_ns += now - e->follow_read_ns - LD_RECORDS_READER_NS;
	e->follow_read_ns = now;
	r = ld_records_take(dump, len, &e->follow, e->on_record, e->userdata);
	free(dump);
	return r;
}

int ld_enforcer_follow_open(struct ld_enforcer *e, ld_enforce_record_fn fn, void *userdata)
{
	e->on_record = fn;
	e->userdata = userdata;
	e->follow = (struct ld_records_cursor){ 0 };
	e->follow_read_ns = e->follow_unread_ns = 0;
	return take(e);
}

int ld_enforcer_follow_poll(struct ld_enforcer *e, int timeout_ms)
{
	int n = take(e);

	if (n == 0 && timeout_ms > 0) {
		struct timespec ts = { .tv_sec = timeout_ms / 1000,
				       .tv_nsec = (long)(timeout_ms % 1000) * 1000000 };

		nanosleep(&ts, NULL); /* a signal ends it early: the caller looks at its flag */
	}
	return n;
}

uint64_t ld_enforcer_follow_lost(const struct ld_enforcer *e)
{
	return e->follow.lost;
}

uint64_t ld_enforcer_follow_unread_ns(const struct ld_enforcer *e)
{
	return e->follow_unread_ns;
}
