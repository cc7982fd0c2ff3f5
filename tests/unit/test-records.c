// SPDX-License-Identifier: GPL-2.0-or-later
/* The records' dump of enforce follow (lib/enforce/records.c): order, gaps, losses, bad bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/trace.h"
#include "../../lib/enforce/records.h"

struct dump {
	struct ld_records_head h;
	struct ld_record r[LD_RECORDS + 1];
	size_t n;
};

static void start(struct dump *d, uint64_t last)
{
	memset(d, 0, sizeof(*d));
	d->h = (struct ld_records_head){ .magic = LD_RECORDS_MAGIC, .slots = LD_RECORDS, .last = last };
}

static void add(struct dump *d, uint64_t seq, int reason)
{
	struct ld_record *r = &d->r[d->n++];

	r->seq = seq;
	r->ev.h.size = sizeof(r->ev);
	r->ev.h.version = LD_EVENTS_VERSION;
	r->ev.h.kind = LD_EVENT_CHECK;
	r->ev.h.pid = r->ev.h.tgid = 100;
	r->ev.reason = reason;
	r->ev.ret = -EPERM;
	memcpy(r->ev.comm, "probe", 6);
}

/* The bytes the iterator gives: the head, then the records. */
static size_t bytes(const struct dump *d, char *buf)
{
	memcpy(buf, &d->h, sizeof(d->h));
	memcpy(buf + sizeof(d->h), d->r, d->n * sizeof(d->r[0]));
	return sizeof(d->h) + d->n * sizeof(d->r[0]);
}

struct seen {
	int reasons[16];
	size_t n;
	int stop_at; /* return -ECANCELED at this many */
};

static int on_record(const struct ld_trace_record *rec, void *userdata)
{
	struct seen *s = userdata;

	if (s->stop_at && (int)s->n == s->stop_at)
		return -ECANCELED;
	assert_int_equal(LD_RECORD_CHECK, rec->kind);
	if (s->n < 16)
		s->reasons[s->n] = rec->reason;
	s->n++;
	return 0;
}

static int take(const struct dump *d, struct ld_records_cursor *c, struct seen *s)
{
	static char buf[sizeof(struct dump)];

	return ld_records_take(buf, bytes(d, buf), c, on_record, s);
}

static void test_bad_dumps(void **state)
{
	static struct dump d;
	static char buf[sizeof(struct dump)];
	struct ld_records_cursor c = { 0 };
	struct seen s = { 0 };
	size_t len;

	(void)state;
	start(&d, 3);
	add(&d, 3, 22);
	len = bytes(&d, buf);
	assert_int_equal(-EBADMSG, ld_records_take(buf, sizeof(d.h) - 1, &c, on_record, &s));
	assert_int_equal(-EBADMSG, ld_records_take(buf, len - 1, &c, on_record, &s)); /* half a record */
	d.h.magic ^= 1;
	len = bytes(&d, buf);
	assert_int_equal(-EBADMSG, ld_records_take(buf, len, &c, on_record, &s));
	start(&d, 3);
	d.h.slots = LD_RECORDS / 2;
	len = bytes(&d, buf);
	assert_int_equal(-EBADMSG, ld_records_take(buf, len, &c, on_record, &s));
	start(&d, LD_RECORDS + 1);
	for (uint64_t q = 1; q <= LD_RECORDS + 1; q++)
		add(&d, q, 1);
	len = bytes(&d, buf);
	assert_int_equal(-EBADMSG, ld_records_take(buf, len, &c, on_record, &s)); /* more than the ring */
	assert_false(c.started);
	assert_int_equal(0, s.n);
}

static void test_order_and_start(void **state)
{
	static struct dump d;
	struct ld_records_cursor c = { 0 };
	struct seen s = { 0 };

	(void)state;
	start(&d, 5);
	add(&d, 4, 1);
	add(&d, 5, 2);
	assert_int_equal(0, take(&d, &c, &s)); /* records from before the follower: not shown */
	assert_true(c.started);
	assert_int_equal(5, c.seq);
	/* slot order is not seq order once the ring went round */
	start(&d, 8);
	add(&d, 8, 8);
	add(&d, 4, 1);
	add(&d, 6, 6);
	add(&d, 7, 7);
	add(&d, 5, 2);
	assert_int_equal(3, take(&d, &c, &s));
	assert_int_equal(3, s.n);
	assert_int_equal(6, s.reasons[0]);
	assert_int_equal(7, s.reasons[1]);
	assert_int_equal(8, s.reasons[2]);
	assert_int_equal(8, c.seq);
	assert_int_equal(0, c.lost);
	assert_int_equal(0, take(&d, &c, &s)); /* nothing new */
}

static void test_gaps(void **state)
{
	static struct dump d;
	struct ld_records_cursor c = { .started = true, .seq = 10 };
	struct seen s = { 0 };

	(void)state;
	/* 11 still being written: 12 waits for it */
	start(&d, 12);
	add(&d, 12, 12);
	assert_int_equal(0, take(&d, &c, &s));
	assert_int_equal(10, c.seq);
	add(&d, 11, 11);
	assert_int_equal(2, take(&d, &c, &s));
	assert_int_equal(11, s.reasons[0]);
	assert_int_equal(12, s.reasons[1]);
	assert_int_equal(0, c.lost);
	/* the ring went round twice: 13 .. 12 + LD_RECORDS overwritten, the last LD_RECORDS kept */
	start(&d, 12 + 2 * LD_RECORDS);
	for (uint64_t q = 13 + LD_RECORDS; q <= 12 + 2 * LD_RECORDS; q++)
		add(&d, q, (int)(q % 100));
	s.n = 0;
	assert_int_equal(LD_RECORDS, take(&d, &c, &s));
	assert_int_equal((13 + LD_RECORDS) % 100, s.reasons[0]);
	assert_int_equal(LD_RECORDS, c.lost);
	assert_int_equal(12 + 2 * LD_RECORDS, c.seq);
	/* one missing in the middle, with the ring on: it was overwritten only if LD_RECORDS behind */
	start(&d, 12 + 3 * LD_RECORDS);
	for (uint64_t q = 13 + 2 * LD_RECORDS; q <= 12 + 3 * LD_RECORDS; q++)
		if (q != 20 + 2 * LD_RECORDS)
			add(&d, q, 1);
	s.n = 0;
	assert_int_equal(7, take(&d, &c, &s)); /* up to the gap, which may still be written */
	assert_int_equal(LD_RECORDS, c.lost);
}

static void test_bad_record_and_stop(void **state)
{
	static struct dump d;
	struct ld_records_cursor c = { .started = true, .seq = 1 };
	struct seen s = { 0 };

	(void)state;
	start(&d, 4);
	add(&d, 2, 2);
	add(&d, 3, 3);
	d.r[1].ev.h.size = 7; /* not a record: skipped, counted */
	add(&d, 4, 4);
	assert_int_equal(2, take(&d, &c, &s));
	assert_int_equal(1, c.lost);
	assert_int_equal(4, c.seq);
	/* the callback stops the walk: its value comes back, the cursor stays on the last handed */
	start(&d, 7);
	add(&d, 5, 5);
	add(&d, 6, 6);
	add(&d, 7, 7);
	s = (struct seen){ .stop_at = 1 };
	assert_int_equal(-ECANCELED, take(&d, &c, &s));
	assert_int_equal(1, s.n);
	assert_int_equal(6, c.seq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_dumps),
		cmocka_unit_test(test_order_and_start),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_bad_record_and_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
