// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the reader of the records' dump behind `enforce follow` (lib/enforce/records.c). */
/* -max_len: the follower's place, then a head and a full ring of records: the most the pin gives */
/* fuzz-options: -max_len=18456 */
/*
 * Corpus: the bytes of the pin link-dump_records as the VM tier read them
 * (@@EN-RECORDS-DUMP lines of tests/vm/guest/enforce-scenario, on 6.1 and
 * 6.12), each after 8 bytes placing the follower 5 records behind the last.
 */
#include <string.h>

#include "fuzz.h"
#include "../../bpf/lockdown_policy.h"
#include "lockdown/trace.h"
#include "../../lib/enforce/records.h"

static int on_record(const struct ld_trace_record *rec, void *userdata)
{
	size_t *n = userdata;

	(*n)++;
	return rec->reason == 99 ? -1 : 0; /* the stop path too */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_records_cursor c = { 0 };
	size_t n = 0;
	__u64 seq;

	if (size > FUZZ_MAX_INPUT || size < sizeof(seq))
		return 0;
	/* the first 8 bytes: where the follower is; the rest: the dump, read twice */
	memcpy(&seq, data, sizeof(seq));
	(void)ld_records_take(data + sizeof(seq), size - sizeof(seq), &c, on_record, &n);
	c.seq = seq;
	(void)ld_records_take(data + sizeof(seq), size - sizeof(seq), &c, on_record, &n);
	return 0;
}
