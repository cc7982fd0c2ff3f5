/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enforce: the records' dump (records.c), for follow.c and the fuzz harness. */
#ifndef LOCKDOWN_ENFORCE_RECORDS_H
#define LOCKDOWN_ENFORCE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/enforce.h"

/* Where a follower is: the last seq delivered or counted lost. */
struct ld_records_cursor {
	uint64_t seq;
	uint64_t lost; /* overwritten before they were read, or unreadable */
	bool started;
};

/*
 * Hand the records of dump (len bytes read from the records' iterator pin)
 * newer than the cursor to fn, oldest first, and move the cursor. The
 * first call only sets the cursor to the last record begun. Returns how
 * many were handed, fn's value if it was < 0, or -EBADMSG for a dump that
 * is not one.
 */
int ld_records_take(const void *dump, size_t len, struct ld_records_cursor *c,
		    ld_enforce_record_fn fn, void *userdata);

#endif
