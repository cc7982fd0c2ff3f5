// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The records of the policy in force, as its iterator pin gives them
 * (struct ld_records_head, then complete records in slot order): new ones
 * in sequence order, and how many were overwritten before they were read.
 * Pure: bytes in, records out (tests/fuzz/fuzz-records.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/trace.h"
#include "records.h"

static int by_seq(const void *a, const void *b)
{
	__u64 x = ((const struct ld_record *)a)->seq, y = ((const struct ld_record *)b)->seq;

	return x < y ? -1 : x > y;
}

int ld_records_take(const void *dump, size_t len, struct ld_records_cursor *c,
		    ld_enforce_record_fn fn, void *userdata)
{
	struct ld_record recs[LD_RECORDS];
	struct ld_records_head h;
	size_t n = 0, count;
	int delivered = 0;

	if (len < sizeof(h))
		return -EBADMSG;
	memcpy(&h, dump, sizeof(h));
	count = (len - sizeof(h)) / sizeof(struct ld_record);
	if (h.magic != LD_RECORDS_MAGIC || h.slots != LD_RECORDS ||
	    (len - sizeof(h)) % sizeof(struct ld_record) || count > LD_RECORDS)
		return -EBADMSG;
	if (!c->started) {
		/* what was recorded before the follower came is not its to show */
		c->seq = h.last;
		c->started = true;
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		memcpy(&recs[n], (const char *)dump + sizeof(h) + i * sizeof(recs[0]), sizeof(recs[0]));
		if (recs[n].seq > c->seq)
			n++;
	}
	qsort(recs, n, sizeof(recs[0]), by_seq);
	for (size_t i = 0; i < n; i++) {
		struct ld_trace_record rec;
		__u64 want = c->seq + 1, seq = recs[i].seq;
		int r;

		if (seq < want)
			continue; /* the same seq twice: only a torn read could, keep the first */
		if (seq > want) {
			/*
			 * A gap: overwritten (the ring went round before we read),
			 * or still being written, then it shows next time. Only the
			 * first is sure: every seq of the gap is LD_RECORDS or more
			 * behind the last begun.
			 */
			if (seq - 1 > h.last || h.last - (seq - 1) < LD_RECORDS)
				break;
			c->lost += seq - want;
		}
		c->seq = seq;
		if (ld_trace_record_decode(&recs[i].ev, sizeof(recs[i].ev), &rec) < 0 ||
		    rec.kind != LD_RECORD_CHECK) {
			c->lost++;
			continue;
		}
		if ((r = fn(&rec, userdata)) < 0)
			return r;
		delivered++;
	}
	return delivered;
}
