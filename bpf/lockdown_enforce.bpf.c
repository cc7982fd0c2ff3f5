// SPDX-License-Identifier: GPL-2.0-only
/*
 * lockdownctl enforce: a lockdown policy on the BPF LSM. The kernel calls
 * the LSM hook locked_down(reason) at every restricted operation; the
 * built-in lockdown LSM runs first and the first refusal ends the call, so
 * this program only ever sees what the built-in one allowed. It can add
 * refusals, never lift one.
 *
 * The policy is data (two slots of the `policy` map, the one in force named
 * by `state`), so a reload is one 4-byte store and never a gap. Both maps
 * are read-only to BPF programs (BPF_F_RDONLY_PROG, set by user space
 * before load) and frozen by the seal.
 *
 * The guard programs make the seal hold against root: once `state.sealed`
 * is set they refuse what would remove or weaken the policy from user
 * space (fds to our maps for writing, any fd of the counters' and records' maps, fds
 * to our programs and links, new programs that modify the lockdown hook,
 * unlink/rename in the pin directory, unmounting what the pins hang from). Before the seal they do
 * nothing. Everything reads typed arguments directly, but for the unmount
 * guard's struct mount (lockdown_enforce_mounts.h): bpf_probe_read_kernel,
 * which confidentiality refuses, is in lsm_sb_umount only, and user space
 * loads lsm_sb_umount_typed in its place there.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "lockdown_events.h"
#include "lockdown_policy.h"

#define EPERM       1
#define FMODE_WRITE 0x2

/* Kernel structures, only the fields read; CO-RE finds their offsets. */
struct bpf_map {
	__u32 id;
} __attribute__((preserve_access_index));

struct bpf_prog_aux {
	__u32 id;
} __attribute__((preserve_access_index));

struct bpf_prog {
	struct bpf_prog_aux *aux;
} __attribute__((preserve_access_index));

struct super_block {
	__u32 s_dev;
} __attribute__((preserve_access_index));

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
} __attribute__((preserve_access_index));

struct dentry {
	struct inode *d_inode;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct ld_policy);
} policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ld_state);
} state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LD_POLICY_REASONS);
	__type(key, __u32);
	__type(value, struct ld_enforce_counts);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LD_TAMPER_MAX);
	__type(key, __u32);
	__type(value, __u64);
} tamper SEC(".maps");

/* Refusals and permissive hits, for `enforce follow` (see struct ld_record). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LD_RECORDS);
	__type(key, __u32);
	__type(value, struct ld_record);
} records SEC(".maps");

/* The seq of the last record begun, and when the records were last read (enum ld_record_seq). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LD_RECORD_SEQ_MAX);
	__type(key, __u32);
	__type(value, __u64);
} record_seq SEC(".maps");

static __always_inline const struct ld_state *get_state(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&state, &zero);
}

static __always_inline void count_tamper(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&tamper, &slot);

	if (n)
		*n += 1;
}

/* Is the current task in the exempt cgroup, or below it? */
static __always_inline bool exempt(const struct ld_policy *p, __u32 reason)
{
	__u32 n = p->n_exempts, word = (reason >> 6) & 1; /* masked: the verifier sees the bound */
	__u64 bit = 1ULL << (reason & 63);

	for (__u32 i = 0; i < LD_POLICY_EXEMPTS; i++) {
		const struct ld_exempt *e = &p->exempt[i];

		if (i >= n)
			break;
		if (!(e->reasons[word] & bit))
			continue;
		if (bpf_get_current_ancestor_cgroup_id(e->level) == e->cgroup_id)
			return true;
	}
	return false;
}

/*
 * One record, while someone reads them (within LD_RECORDS_READER_NS of the
 * last read of the iterator, which only our iterator marks). The slot's
 * seq is cleared first and set last, each by an atomic exchange (a full
 * barrier), so the iterator can skip a record still being written.
 */
static __always_inline void record(__u32 reason, __s32 ret, __u32 flags)
{
	__u32 k_last = LD_RECORD_SEQ_LAST, k_read = LD_RECORD_SEQ_READ, slot;
	__u64 *last = bpf_map_lookup_elem(&record_seq, &k_last), seq, id, now;
	__u64 *read = bpf_map_lookup_elem(&record_seq, &k_read);
	struct ld_record *r;

	if (!last || !read || !*read)
		return; /* never read */
	now = bpf_ktime_get_ns();
	if (now - *read > LD_RECORDS_READER_NS)
		return; /* nobody reads now */
	seq = __sync_fetch_and_add(last, 1) + 1;
	slot = (__u32)seq & (LD_RECORDS - 1);
	r = bpf_map_lookup_elem(&records, &slot);
	if (!r)
		return;
	__sync_lock_test_and_set(&r->seq, 0);
	id = bpf_get_current_pid_tgid();
	r->ev.h.size = sizeof(r->ev);
	r->ev.h.version = LD_EVENTS_VERSION;
	r->ev.h.kind = LD_EVENT_CHECK;
	r->ev.h.flags = flags | ((__u32)id == 0 ? LD_EVENT_F_IDLE : 0);
	r->ev.h.ts_ns = now;
	r->ev.h.pid = (__u32)id;
	r->ev.h.tgid = id >> 32;
	r->ev.cgroup_id = bpf_get_current_cgroup_id();
	r->ev.uid = (__u32)bpf_get_current_uid_gid();
	r->ev.reason = (__s32)reason;
	r->ev.ret = ret;
	r->ev.pad = 0;
	bpf_get_current_comm(r->ev.comm, sizeof(r->ev.comm));
	__sync_lock_test_and_set(&r->seq, seq);
}

SEC("lsm/locked_down")
int BPF_PROG(lsm_locked_down, int what, int ret)
{
	const struct ld_policy *p;
	const struct ld_state *st;
	struct ld_enforce_counts *c;
	__u32 reason = (__u32)what, slot;
	__u8 action;

	if (ret)
		return ret; /* an earlier BPF program refused: keep its answer */
	if (reason >= LD_POLICY_REASONS || !(st = get_state()))
		return 0;
	slot = st->active & 1;
	p = bpf_map_lookup_elem(&policy, &slot);
	if (!p)
		return 0;
	/* the bound checked above can be lost when reason is spilled: mask it again */
	barrier_var(reason);
	reason &= LD_POLICY_REASONS - 1;
	action = p->action[reason];
	if (action == LD_ACTION_ALLOW)
		return 0;
	c = bpf_map_lookup_elem(&counts, &reason);
	if (exempt(p, reason)) {
		if (c)
			c->exempt++;
		return 0;
	}
	if (action == LD_ACTION_PERMISSIVE) {
		if (c)
			c->permissive++;
		record(reason, 0, LD_EVENT_F_PERMISSIVE);
		return 0;
	}
	if (c)
		c->refused++;
	record(reason, -EPERM, 0);
	return -EPERM;
}

static __always_inline bool in_ids(const __u32 *ids, __u32 id)
{
	for (int i = 0; i < LD_GUARD_IDS; i++)
		if (ids[i] && ids[i] == id)
			return true;
	return false;
}

static __always_inline bool in_readable(const __u32 *ids, __u32 id)
{
	for (int i = 0; i < LD_MAP_READABLE; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static __always_inline const struct ld_state *sealed(void)
{
	const struct ld_state *st = get_state();

	return st && st->sealed ? st : NULL;
}

static __always_inline bool guarded_hook(const struct ld_state *st, __u32 btf_id)
{
	for (int i = 0; i < LD_GUARD_BTF_IDS; i++)
		if (btf_id && st->guard_btf_ids[i] == btf_id)
			return true;
	return false;
}

/*
 * The bpf() system call: new programs that could change what one of our
 * hooks answers, our links by id. An LSM program attached after ours runs
 * first and, before 6.10, may return any value; an fmod_ret program
 * replaces the return value; a positive one passes the callers' "< 0"
 * checks as if allowed. So neither may attach to a hook we run on.
 */
SEC("lsm/bpf")
int BPF_PROG(lsm_bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
	const struct ld_state *st = sealed();

	if (!st)
		return 0;
	if (cmd == BPF_PROG_LOAD) {
		__u32 type = attr->prog_type, btf_id = attr->attach_btf_id;

		if ((type == BPF_PROG_TYPE_LSM ||
		     (type == BPF_PROG_TYPE_TRACING &&
		      attr->expected_attach_type == BPF_MODIFY_RETURN)) &&
		    guarded_hook(st, btf_id)) {
			count_tamper(LD_TAMPER_LOAD);
			return -EPERM;
		}
		/*
		 * a map-element iterator can write any array or hash map it is given;
		 * a map iterator could replace the program of our counters' iterator
		 * link (BPF_LINK_UPDATE takes one of the same target), and forge them
		 */
		if (type == BPF_PROG_TYPE_TRACING && attr->expected_attach_type == BPF_TRACE_ITER &&
		    btf_id && (btf_id == st->btf_iter_map_elem || btf_id == st->btf_iter_map)) {
			count_tamper(LD_TAMPER_LOAD);
			return -EPERM;
		}
		/*
		 * a sysctl program run after ours may call bpf_set_retval(0) and
		 * return 1, which turns our refusal of kernel.ftrace_enabled into a
		 * success (C8): none loads once sealed
		 */
		if (type == BPF_PROG_TYPE_CGROUP_SYSCTL) {
			count_tamper(LD_TAMPER_LOAD);
			return -EPERM;
		}
	} else if ((cmd == BPF_PROG_ATTACH && attr->attach_type == BPF_CGROUP_SYSCTL) ||
		   (cmd == BPF_LINK_CREATE && attr->link_create.attach_type == BPF_CGROUP_SYSCTL)) {
		/* nor is one loaded before the seal attached after it */
		count_tamper(LD_TAMPER_LOAD);
		return -EPERM;
	} else if (cmd == BPF_LINK_GET_FD_BY_ID && in_ids(st->link_ids, attr->link_id)) {
		count_tamper(LD_TAMPER_LINK);
		return -EPERM;
	}
	return 0;
}

/*
 * An fd to one of our maps: once sealed, a read-only one of the policy or
 * the state (status reads them; no program can write them), nothing else.
 * The counters and the records are written by our programs, so they cannot
 * be BPF_F_RDONLY_PROG, and any program given an fd of them, read-only
 * too, could write them (classes C11, C12): lockdownctl reads them through
 * iterators of its own instead.
 */
SEC("lsm/bpf_map")
int BPF_PROG(lsm_bpf_map, struct bpf_map *map, unsigned int fmode)
{
	const struct ld_state *st = sealed();
	__u32 id = map->id;

	if (st && in_ids(st->map_ids, id) &&
	    ((fmode & FMODE_WRITE) || !in_readable(st->map_ids, id))) {
		count_tamper(LD_TAMPER_MAP);
		return -EPERM;
	}
	return 0;
}

SEC("lsm/bpf_prog")
int BPF_PROG(lsm_bpf_prog, struct bpf_prog *prog)
{
	const struct ld_state *st = sealed();

	if (st && in_ids(st->prog_ids, prog->aux->id)) {
		count_tamper(LD_TAMPER_PROG);
		return -EPERM;
	}
	return 0;
}

static __always_inline bool is_pin_dir(const struct ld_state *st, struct inode *inode)
{
	return inode && inode->i_ino == st->pin_dir_ino && inode->i_sb->s_dev == st->pin_dev;
}

static __always_inline int guard_pin_dir(struct inode *dir, struct dentry *dentry)
{
	const struct ld_state *st = sealed();

	if (st && (is_pin_dir(st, dir) || is_pin_dir(st, dentry->d_inode))) {
		count_tamper(LD_TAMPER_PIN);
		return -EPERM;
	}
	return 0;
}

SEC("lsm/inode_unlink")
int BPF_PROG(lsm_inode_unlink, struct inode *dir, struct dentry *dentry)
{
	return guard_pin_dir(dir, dentry);
}

SEC("lsm/inode_rmdir")
int BPF_PROG(lsm_inode_rmdir, struct inode *dir, struct dentry *dentry)
{
	return guard_pin_dir(dir, dentry);
}

/* Renaming a pin away, something over a pin, or the directory itself. */
SEC("lsm/inode_rename")
int BPF_PROG(lsm_inode_rename, struct inode *old_dir, struct dentry *old_dentry,
	     struct inode *new_dir, struct dentry *new_dentry)
{
	int r = guard_pin_dir(old_dir, old_dentry);

	return r ? r : guard_pin_dir(new_dir, new_dentry);
}

/* Unmounting bpffs, or a mount above it, in the namespace of the pins. */
#include "lockdown_enforce_mounts.h"
/* Mounting over the pins, or over a directory above them. */
#include "lockdown_enforce_shadow.h"

/* The switch under the trampolines, kernel.ftrace_enabled. */
#include "lockdown_enforce_sysctl.h"

/* The counters and the records, for lockdownctl, through iterator pins instead of map fds. */
#include "lockdown_enforce_counters.h"
#include "lockdown_enforce_records.h"

char LICENSE[] SEC("license") = "GPL";
