/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the records without an fd of their maps (class C12 of
 * docs/threat-model.md). Our programs write the records, so the maps cannot
 * be BPF_F_RDONLY_PROG, and any program given an fd of them could write
 * forged records or wipe real ones: once sealed nobody gets one. A reader,
 * `enforce follow` included, opens the pin of this iterator's link instead
 * (LD_RECORDS_PIN): each read runs this program, which writes struct
 * ld_records_head, then every slot holding a complete record, and marks
 * the time, which keeps the records coming. Nothing else a reader does
 * moves anything: any number of followers read the same ring.
 * Needs the definitions of lockdown_enforce_counters.h.
 */
#ifndef LOCKDOWN_ENFORCE_RECORDS_H
#define LOCKDOWN_ENFORCE_RECORDS_H

SEC("iter/bpf_map")
int dump_records(struct bpf_iter__bpf_map *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct ld_records_head h = { .magic = LD_RECORDS_MAGIC, .slots = LD_RECORDS };
	struct ld_record copy;
	__u32 k_last = LD_RECORD_SEQ_LAST, k_read = LD_RECORD_SEQ_READ;
	__u64 *last, *read;

	if (ctx->meta->seq_num != 0 || !ctx->map)
		return 0;
	last = bpf_map_lookup_elem(&record_seq, &k_last);
	read = bpf_map_lookup_elem(&record_seq, &k_read);
	if (!last || !read)
		return 0;
	__sync_lock_test_and_set(read, bpf_ktime_get_ns());
	h.last = __sync_fetch_and_or(last, 0);
	bpf_seq_write(seq, &h, sizeof(h));
#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < LD_RECORDS; i++) {
		__u32 key = i;
		struct ld_record *r = bpf_map_lookup_elem(&records, &key);

		if (!r)
			break;
		/* atomic reads, full barriers: a record changed meanwhile is skipped */
		copy.seq = __sync_fetch_and_or(&r->seq, 0);
		if (!copy.seq)
			continue;
		__builtin_memcpy(&copy.ev, &r->ev, sizeof(copy.ev));
		if (__sync_fetch_and_or(&r->seq, 0) != copy.seq)
			continue;
		bpf_seq_write(seq, &copy, sizeof(copy));
	}
	return 0;
}

#endif
