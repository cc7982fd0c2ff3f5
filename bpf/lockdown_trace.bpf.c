// SPDX-License-Identifier: GPL-2.0-only
/*
 * lockdownctl trace: every lockdown check the kernel makes, with the verdict
 * all LSMs returned. The kernel calls security_locked_down(reason) at each
 * restricted operation whatever the level, so fexit on it is a dry run of
 * lockdown: it sees what would be refused while nothing is.
 *
 * Two sets of programs, one loaded: fexit + tp_btf (needs BTF trampolines;
 * reads only typed arguments, so it works under confidentiality, which
 * refuses kprobes and bpf_probe_read_kernel), or kprobe + kretprobe +
 * classic tracepoints for kernels without trampolines.
 *
 * No vmlinux.h: the reason stays a plain int, named in user space through
 * the running kernel's BTF; the few task fields used are CO-RE relocated.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <asm/ptrace.h> /* struct pt_regs, for the kprobe pair */
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "lockdown_events.h"

#define PF_KTHREAD   0x00200000
#define MAX_REASONS  128 /* enum lockdown_reason has ~31 members today */
#define MAX_FOLLOWED 16384

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
} __attribute__((preserve_access_index));

struct task_struct {
	unsigned int flags;
	int pid;
	int tgid;
	struct mm_struct *mm;
} __attribute__((preserve_access_index));

struct linux_binprm {
	unsigned long exec; /* user address of the file name on the new stack */
} __attribute__((preserve_access_index));

/* Set before load: only processes in `followed` are traced (trace -- CMD). */
const volatile bool cfg_follow = false;
/* Set before load: a record per check (--json, --output), not the summary map. */
const volatile bool cfg_stream = false;

struct counts {
	__u64 checked;
	__u64 refused;
};

/* Exact per-reason totals, kept even when the ring buffer is full. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_REASONS);
	__type(key, __u32);
	__type(value, struct counts);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LD_LOST_MAX);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* tgids of the command being followed and of all its descendants */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_FOLLOWED);
	__type(key, __u32);
	__type(value, __u8);
} followed SEC(".maps");

/* summary mode: checks per process and reason (see struct ld_seen_key) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct ld_seen_key);
	__type(value, struct ld_seen_value);
} seen SEC(".maps");

/* kprobe mode: the reason, from entry to return, per thread */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __s32);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 21); /* user space may resize before load */
} events SEC(".maps");

static __always_inline void count_lost(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&lost, &slot);

	if (n)
		(*n)++;
}

/*
 * Wake the reader only once a good part of the buffer waits; it polls every
 * 100 ms anyway. A wakeup per event costs the traced process a context
 * switch per check, far more than the check itself.
 */
static __always_inline __u64 wakeup(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= (256u << 10) ? BPF_RB_FORCE_WAKEUP
										 : BPF_RB_NO_WAKEUP;
}

static __always_inline bool traced(__u32 tgid)
{
	return !cfg_follow || bpf_map_lookup_elem(&followed, &tgid);
}

static __always_inline void fill_header(struct ld_event_header *h, __u16 size, __u8 kind,
					__u64 id)
{
	h->size = size;
	h->version = LD_EVENTS_VERSION;
	h->kind = kind;
	h->flags = 0;
	h->ts_ns = bpf_ktime_get_ns();
	h->pid = (__u32)id;
	h->tgid = id >> 32;
}

/*
 * Summary mode: count the check in the process's entry. True when the
 * entry existed, so no record is needed; false for a first check (or a full
 * map), which then goes out as a record like in stream mode.
 */
static __always_inline bool seen_before(__u32 tgid, int what, int ret)
{
	struct ld_seen_key k = { .tgid = tgid, .reason = what };
	struct ld_seen_value *v = bpf_map_lookup_elem(&seen, &k), fresh;
	__u64 now = bpf_ktime_get_ns();

	if (!v) {
		fresh.first_ns = fresh.last_ns = now;
		fresh.checks = 1;
		fresh.denied = ret != 0;
		if (bpf_map_update_elem(&seen, &k, &fresh, BPF_NOEXIST) == 0)
			return false;
		v = bpf_map_lookup_elem(&seen, &k); /* another CPU was first */
		if (!v)
			return false;
	}
	__sync_fetch_and_add(&v->checks, 1);
	if (ret)
		__sync_fetch_and_add(&v->denied, 1);
	v->last_ns = now;
	return true;
}

static __always_inline int record_check(int what, int ret, __u32 flags)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct ld_event_check *e;
	__u32 key = (__u32)what;
	struct counts *c;

	if (!traced(id >> 32))
		return 0;
	c = key < MAX_REASONS ? bpf_map_lookup_elem(&counts, &key) : NULL;
	if (c) {
		c->checked++;
		if (ret)
			c->refused++;
	}
	if (!cfg_stream && seen_before(id >> 32, what, ret))
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(LD_LOST_CHECK);
		return 0;
	}
	fill_header(&e->h, sizeof(*e), LD_EVENT_CHECK, id);
	if ((__u32)id == 0)
		flags |= LD_EVENT_F_IDLE;
	e->h.flags = flags;
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->reason = what;
	e->ret = ret;
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, wakeup());
	return 0;
}

/* The parent is followed, so its new process is too. */
static __always_inline void follow_child(__u32 parent_tgid, __u32 child_tgid)
{
	static const __u8 one = 1;

	if (!cfg_follow || parent_tgid == child_tgid || !bpf_map_lookup_elem(&followed, &parent_tgid))
		return;
	if (bpf_map_update_elem(&followed, &child_tgid, &one, BPF_ANY))
		count_lost(LD_LOST_FOLLOW);
}

static __always_inline void record_exit(__u64 id)
{
	__u32 tgid = id >> 32;
	struct ld_event_exit *e;

	if (!traced(tgid))
		return;
	bpf_map_delete_elem(&followed, &tgid);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return; /* only frees a cache entry early in user space */
	fill_header(&e->h, sizeof(*e), LD_EVENT_EXIT, id);
	bpf_ringbuf_submit(e, wakeup());
}

/*
 * An exec record of a traced process with its header and comm filled; NULL
 * when the process is not traced or the buffer is full (counted as lost).
 */
static __always_inline struct ld_event_exec *begin_exec(__u64 id)
{
	struct ld_event_exec *e;

	if (!traced(id >> 32))
		return NULL;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(LD_LOST_EXEC);
		return NULL;
	}
	fill_header(&e->h, sizeof(*e), LD_EVENT_EXEC, id);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

/* ---- fexit mode: typed arguments only --------------------------------- */

SEC("fexit/security_locked_down")
int BPF_PROG(fexit_security_locked_down, int what, int ret)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return record_check(what, ret, task->flags & PF_KTHREAD ? LD_EVENT_F_KTHREAD : 0);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tp_btf_fork, struct task_struct *parent, struct task_struct *child)
{
	follow_child(parent->tgid, child->tgid);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tp_btf_exec, struct task_struct *p, int old_pid, struct linux_binprm *bprm)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct ld_event_exec *e;
	struct mm_struct *mm;
	unsigned long len;
	long n;

	e = begin_exec(id);
	if (!e)
		return 0;
	/* both strings are in the new process's user memory: no kernel read */
	n = bpf_probe_read_user_str(e->exe, sizeof(e->exe), (const void *)bprm->exec);
	e->exe_len = n > 0 ? n : 0;
	mm = p->mm;
	len = mm->arg_end - mm->arg_start;
	if (len > sizeof(e->args)) {
		len = sizeof(e->args);
		e->h.flags |= LD_EVENT_F_TRUNCATED;
	}
	e->args_len = bpf_probe_read_user(e->args, len, (const void *)mm->arg_start) == 0 ? len : 0;
	bpf_ringbuf_submit(e, wakeup());
	return 0;
}

/*
 * The same without reading user memory. libbpf decides whether the kernel
 * has bpf_probe_read_user by loading a probe that uses
 * bpf_probe_read_kernel; confidentiality refuses that probe, so libbpf
 * rewrites the call to the legacy bpf_probe_read, which is refused too.
 * Under confidentiality this one is loaded instead, and user space reads
 * /proc at once.
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(tp_btf_exec_lite, struct task_struct *p)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct ld_event_exec *e;

	e = begin_exec(id);
	if (!e)
		return 0;
	e->exe[0] = '\0';
	e->exe_len = 0;
	e->args_len = 0;
	bpf_ringbuf_submit(e, wakeup());
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(tp_btf_exit, struct task_struct *p)
{
	if (p->pid == p->tgid)
		record_exit(bpf_get_current_pid_tgid());
	return 0;
}

/* ---- kprobe mode: for kernels without BTF trampolines ------------------ */

SEC("kprobe/security_locked_down")
int BPF_KPROBE(kprobe_security_locked_down, int what)
{
	__u64 id = bpf_get_current_pid_tgid();
	__s32 reason = what;

	bpf_map_update_elem(&pending, &id, &reason, BPF_ANY);
	return 0;
}

SEC("kretprobe/security_locked_down")
int BPF_KRETPROBE(kretprobe_security_locked_down, int ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__s32 *reason = bpf_map_lookup_elem(&pending, &id);
	int what;

	if (!reason)
		return 0;
	what = *reason;
	bpf_map_delete_elem(&pending, &id);
	return record_check(what, ret, 0); /* kernel threads are told apart in user space */
}

/* the classic tracepoint records, as their format files describe them */
struct sched_fork_args {
	__u64 common;
	char parent_comm[16];
	__s32 parent_pid;
	char child_comm[16];
	__s32 child_pid;
};

struct sched_exec_args {
	__u64 common;
	__u32 filename_loc; /* __data_loc: offset in the low 16 bits, length in the high */
	__s32 pid;
	__s32 old_pid;
};

SEC("tracepoint/sched/sched_process_fork")
int tracepoint_fork(struct sched_fork_args *ctx)
{
	/* parent_pid is a thread id; current is the parent, so ask for its tgid */
	follow_child(bpf_get_current_pid_tgid() >> 32, (__u32)ctx->child_pid);
	return 0;
}

SEC("tracepoint/sched/sched_process_exec")
int tracepoint_exec(struct sched_exec_args *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct ld_event_exec *e;
	long n;

	e = begin_exec(id);
	if (!e)
		return 0;
	/* kprobe mode cannot run under confidentiality anyway, so a kernel read is fine here */
	n = bpf_probe_read_kernel_str(e->exe, sizeof(e->exe),
				      (const char *)ctx + (ctx->filename_loc & 0xffff));
	e->exe_len = n > 0 ? n : 0;
	e->args_len = 0; /* user space reads /proc/PID/cmdline */
	bpf_ringbuf_submit(e, wakeup());
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int tracepoint_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();

	if ((__u32)id == id >> 32)
		record_exit(id);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
