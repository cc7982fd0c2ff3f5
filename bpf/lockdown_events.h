/* SPDX-License-Identifier: (LGPL-2.1-or-later OR GPL-2.0-only) */
/*
 * What the BPF side of `trace` puts in its ring buffer: fixed-width fields
 * only, no pointers, ordered so there is no padding. Every record starts
 * with its size, version and kind, so user space can check a record before
 * it trusts a byte of it (and a fuzzer can feed it anything).
 */
#ifndef LOCKDOWN_EVENTS_H
#define LOCKDOWN_EVENTS_H

#include <linux/types.h>

#define LD_EVENTS_VERSION 1
#define LD_EVENT_COMM_LEN 16
#define LD_EVENT_EXE_LEN  256
#define LD_EVENT_ARGS_LEN 512

enum ld_event_kind {
	LD_EVENT_CHECK = 1, /* a call of security_locked_down() returned */
	LD_EVENT_EXEC = 2,  /* a traced process called execve() */
	LD_EVENT_EXIT = 3,  /* a thread-group leader exited */
};

/* Who made the check, when current is not simply a user process. */
enum ld_event_flags {
	LD_EVENT_F_KTHREAD = 1 << 0, /* a kernel thread: on behalf of someone else */
	LD_EVENT_F_IDLE = 1 << 1,    /* pid 0: interrupt or idle context, nobody's request */
	LD_EVENT_F_TRUNCATED = 1 << 2, /* exe or args did not fit */
	/* enforce: why a check the policy names was let through */
	LD_EVENT_F_PERMISSIVE = 1 << 3, /* permissive reason: allowed and recorded */
	LD_EVENT_F_EXEMPT = 1 << 4,     /* the caller's cgroup is exempt */
};

struct ld_event_header {
	__u16 size; /* of the whole record */
	__u8 version;
	__u8 kind;
	__u32 flags;
	__u64 ts_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u32 pid;   /* thread id */
	__u32 tgid;  /* process id */
};

struct ld_event_check {
	struct ld_event_header h;
	__u64 cgroup_id;
	__u32 uid;
	__s32 reason; /* this kernel's number; named through its BTF in user space */
	__s32 ret;    /* the verdict of all LSMs: 0 allowed, -EPERM refused */
	__u32 pad;
	char comm[LD_EVENT_COMM_LEN];
};

struct ld_event_exec {
	struct ld_event_header h;
	__u32 exe_len;  /* bytes of exe used, NUL included */
	__u32 args_len; /* bytes of args used: argv joined by NULs */
	char comm[LD_EVENT_COMM_LEN];
	char exe[LD_EVENT_EXE_LEN];
	char args[LD_EVENT_ARGS_LEN];
};

struct ld_event_exit {
	struct ld_event_header h;
};

/*
 * Summary mode: one entry per process and reason, kept in the kernel, so
 * a check costs a map update instead of a ring-buffer record. Only the
 * first check of each pair is also sent, for the process's name.
 */
struct ld_seen_key {
	__u32 tgid;
	__s32 reason;
};

struct ld_seen_value {
	__u64 first_ns;
	__u64 last_ns;
	__u64 checks;
	__u64 denied;
};

/* Slots of the per-CPU "lost" array: what the BPF side could not record. */
enum ld_event_lost {
	LD_LOST_CHECK = 0,  /* ring buffer full: check events (the counts stay exact) */
	LD_LOST_EXEC = 1,   /* ring buffer full: exec records */
	LD_LOST_FOLLOW = 2, /* followed-process map full: a descendant not followed */
	LD_LOST_MAX = 4,
};

#endif
