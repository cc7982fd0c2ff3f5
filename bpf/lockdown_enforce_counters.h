/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading the counters without an fd of their maps (class C11 of
 * docs/threat-model.md). The counters cannot be BPF_F_RDONLY_PROG, since
 * our programs count in them, so any program given an fd of them, even a
 * read-only one, could write them: once sealed, the bpf_map guard hands
 * out no fd of the counts and tamper maps to anyone, lockdownctl included.
 * lockdownctl reads them by opening the pin of this iterator's link
 * instead (LD_COUNTERS_PIN): each read runs this program, which writes
 * struct ld_counters_head, then every counter summed over the CPUs. An
 * iterator over BPF maps calls it once per map in the system; only the
 * first call writes.
 */
#ifndef LOCKDOWN_ENFORCE_COUNTERS_H
#define LOCKDOWN_ENFORCE_COUNTERS_H

#define LD_MAX_CPUS 8192 /* bpf_map_lookup_percpu_elem answers NULL past the last */

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
} __attribute__((preserve_access_index));

/*
 * The reasons are summed LD_DUMP_GROUP at a time, each group in one pass
 * over the CPUs: a loop per reason would cost the verifier a pass of the
 * callback per reason (6.12 gives up past a million instructions).
 */
#define LD_DUMP_GROUP 16
_Static_assert(LD_POLICY_REASONS % LD_DUMP_GROUP == 0, "whole groups");

union counters_sum {
	struct {
		__u32 first, cpus;
		struct ld_enforce_counts c[LD_DUMP_GROUP];
	} g;
	__u64 t[LD_TAMPER_MAX];
};

static long add_group(__u32 cpu, void *data)
{
	union counters_sum *s = data;

	for (__u32 i = 0; i < LD_DUMP_GROUP; i++) {
		__u32 key = s->g.first + i;
		const struct ld_enforce_counts *v = bpf_map_lookup_percpu_elem(&counts, &key, cpu);

		if (!v)
			return 1; /* past the last CPU */
		s->g.c[i].refused += v->refused;
		s->g.c[i].permissive += v->permissive;
		s->g.c[i].exempt += v->exempt;
	}
	s->g.cpus = cpu + 1;
	return 0;
}

static long add_tamper(__u32 cpu, void *data)
{
	union counters_sum *s = data;

	for (__u32 k = 0; k < LD_TAMPER_MAX; k++) {
		__u32 key = k; /* the helper gets a copy: k keeps its bound for the index */
		const __u64 *v = bpf_map_lookup_percpu_elem(&tamper, &key, cpu);

		if (!v)
			return 1;
		s->t[k] += *v;
	}
	return 0;
}

SEC("iter/bpf_map")
int dump_counters(struct bpf_iter__bpf_map *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct ld_counters_head h = { .magic = LD_COUNTERS_MAGIC, .reasons = LD_POLICY_REASONS,
				      .tamper = LD_TAMPER_MAX };
	union counters_sum s;

	if (ctx->meta->seq_num != 0 || !ctx->map)
		return 0;
	for (__u32 first = 0; first < LD_POLICY_REASONS; first += LD_DUMP_GROUP) {
		__builtin_memset(&s, 0, sizeof(s));
		s.g.first = first;
		bpf_loop(LD_MAX_CPUS, add_group, &s, 0);
		if (first == 0) {
			h.cpus = s.g.cpus;
			bpf_seq_write(seq, &h, sizeof(h));
		}
		bpf_seq_write(seq, s.g.c, sizeof(s.g.c));
	}
	__builtin_memset(&s, 0, sizeof(s));
	bpf_loop(LD_MAX_CPUS, add_tamper, &s, 0);
	bpf_seq_write(seq, s.t, sizeof(s.t));
	return 0;
}

#endif
