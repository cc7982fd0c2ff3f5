/* SPDX-License-Identifier: (LGPL-2.1-or-later OR GPL-2.0-only) */
/*
 * The enforce policy as the BPF side reads it: fixed-width data only, shared
 * by bpf/lockdown_enforce.bpf.c and lib/enforce. Policy reaches BPF as data,
 * numbered by the running kernel's enum lockdown_reason (user space maps
 * names to numbers through BTF), so the BPF code names no enum member.
 */
#ifndef LOCKDOWN_POLICY_H
#define LOCKDOWN_POLICY_H

#include <linux/types.h>

#include "lockdown_events.h"

#define LD_POLICY_VERSION 1
#define LD_POLICY_REASONS 128 /* enum lockdown_reason has ~31 members today */
#define LD_POLICY_EXEMPTS 32

/* What the policy does with one reason. */
enum ld_action {
	LD_ACTION_ALLOW = 0,      /* no objection (the built-in LSM still decides) */
	LD_ACTION_REFUSE = 1,     /* -EPERM, counted and recorded */
	LD_ACTION_PERMISSIVE = 2, /* allowed, counted and recorded as if refused */
};

/*
 * One exemption: processes in this cgroup (v2) or below it may do the
 * reasons in the mask. level is the cgroup's depth under the root, which is
 * what bpf_get_current_ancestor_cgroup_id() takes.
 */
struct ld_exempt {
	__u64 cgroup_id;
	__u64 reasons[2]; /* bit n: reason number n */
	__u32 level;
	__u32 pad;
};

struct ld_policy {
	__u32 version;
	__u32 n_exempts;
	__u8 action[LD_POLICY_REASONS];
	struct ld_exempt exempt[LD_POLICY_EXEMPTS];
};

#define LD_GUARD_IDS 16
#define LD_GUARD_BTF_IDS 24
/* The hooks of lockdown_enforce.bpf.c, the policy's first; user space resolves them. */
#define LD_GUARD_HOOKS                                                                   \
	"locked_down", "bpf", "bpf_map", "bpf_prog", "inode_unlink", "inode_rmdir",        \
		"inode_rename", "sb_umount", "sb_mount", "move_mount"
#define LD_GUARD_MOUNTS 6
#define LD_GUARD_PATH	8 /* directories from / to the pin directory, as path lookup sees them */

/* One mount above the pins: its id, and what any copy or bind of it shares (sb, root). */
struct ld_mount_ref {
	__u64 root_ino; /* inode number of the mount's root directory */
	__u32 dev;      /* kernel dev_t of its superblock */
	__s32 id;       /* the mount id (statx STATX_MNT_ID, /proc/self/mountinfo) */
};

/*
 * The state: which of the two policy slots is in force (reload writes the
 * other one, then flips this index: one 4-byte store, so no check ever sees
 * half a policy), whether the policy is sealed, and what the seal guards.
 * Both maps are BPF_F_RDONLY_PROG (no BPF program can write them) and are
 * frozen by the seal (no system call can either).
 */
struct ld_state {
	__u32 active;   /* 0 or 1: the policy slot in force */
	__u32 sealed;   /* 1: one-way, until reboot */
	__u64 generation; /* bumped by each reload */
	/* our own objects, refused to everyone once sealed */
	__u32 map_ids[LD_GUARD_IDS];
	__u32 prog_ids[LD_GUARD_IDS];
	__u32 link_ids[LD_GUARD_IDS];
	/* the pin directory in bpffs: no unlink, rename or rmdir there */
	__u64 pin_dir_ino;
	__u32 pin_dev;          /* kernel dev_t (MKDEV(major, minor) = major << 20 | minor) */
	/*
	 * map_ids[] is in the order of the pins (lib/enforce/pins.h): the
	 * policy and the state first. Once sealed, those two are the only maps
	 * of ours anyone gets a descriptor of, read-only: the others (counters,
	 * records) are written by our programs, so any program given a
	 * descriptor of them, a read-only one too, could write them.
	 */
#define LD_MAP_READABLE 2
	__u32 records_map_id;
	/*
	 * The mounts the pins hang from (bpffs, /sys, /), innermost first, in
	 * the mount namespace that holds the pins: none of them may be
	 * unmounted there. Other mounts, and every mount of other namespaces,
	 * may, as long as no unmount can propagate into these (see
	 * lockdown_enforce_mounts.h).
	 */
	struct ld_mount_ref mounts[LD_GUARD_MOUNTS];
	__u32 n_mounts;
	__u32 mnt_ns;           /* inode number of that mount namespace (/proc/self/ns/mnt) */
	/*
	 * BTF ids (vmlinux) of the hooks the policy and its guards run on, as
	 * bpf_lsm_NAME and security_NAME (LD_GUARD_HOOKS): once sealed, no new
	 * LSM or fmod_ret program may attach there, since either can change
	 * what the hook answers. 0: not in this kernel.
	 */
	__u32 guard_btf_ids[LD_GUARD_BTF_IDS];
	/*
	 * BTF id of bpf_iter_bpf_map_elem: a map-element iterator writes the
	 * values of the map it is attached to (the kernel checks neither
	 * BPF_F_RDONLY_PROG nor freezing there), so once sealed none loads.
	 */
	__u32 btf_iter_map_elem;
	/*
	 * BTF id of bpf_iter_bpf_map: a map iterator program could take the
	 * place of ours in the counters' iterator link (BPF_LINK_UPDATE), so
	 * once sealed none loads either.
	 */
	__u32 btf_iter_map;
	/* the sysctl guard's program: attached to the cgroup2 root without a link (stop detaches it) */
	__u32 sysctl_prog_id;
	/*
	 * The counters' maps: once sealed, no fd of them at all, read-only
	 * included, since any program given one may write them (they cannot
	 * be BPF_F_RDONLY_PROG: our programs count in them). lockdownctl reads
	 * them through the pinned iterator of lockdown_enforce_counters.h.
	 */
	__u32 counts_map_id;
	__u32 tamper_map_id;
	/*
	 * Every directory from / to the pin directory as path lookup sees it
	 * (each mount's root where one is mounted), by inode and device: once
	 * sealed nothing may be mounted on any of them, nor moved from or onto
	 * them, in the pins' namespace (lockdown_enforce_shadow.h).
	 */
	struct ld_path_node {
		__u64 ino;
		__u32 dev;
		__u32 pad;
	} path[LD_GUARD_PATH];
	__u32 n_path;
};

/*
 * What reading the counters' iterator pin (LD_COUNTERS_PIN) gives: this
 * head, then LD_POLICY_REASONS struct ld_enforce_counts and LD_TAMPER_MAX
 * __u64, each summed over the CPUs.
 */
#define LD_COUNTERS_MAGIC 0x4c44434eu /* "LDCN" */
#define LD_COUNTERS_PIN	  "link-dump_counters"
struct ld_counters_head {
	__u32 magic;
	__u32 reasons;
	__u32 tamper;
	__u32 cpus; /* how many CPUs were summed */
};

/* Per-reason counters, per CPU (lockdownctl sums them). */
struct ld_enforce_counts {
	__u64 refused;
	__u64 permissive;
	__u64 exempt;
};

/* Slots of the per-CPU "tamper" array: what the seal refused. */
enum ld_tamper {
	LD_TAMPER_MAP = 0,    /* a writable fd to a policy map */
	LD_TAMPER_PROG = 1,   /* an fd to one of our programs */
	LD_TAMPER_LINK = 2,   /* an fd to one of our links by id */
	LD_TAMPER_LOAD = 3,   /* a new program on the lockdown hook */
	LD_TAMPER_PIN = 4,    /* unlink, rename or rmdir in the pin directory */
	LD_TAMPER_UMOUNT = 5, /* unmounting a mount the pins hang from */
	LD_TAMPER_UNUSED = 6, /* was "ring buffer full": records are no longer dropped */
	LD_TAMPER_SWITCH = 7, /* writing kernel.ftrace_enabled, the switch under the trampolines */
	LD_TAMPER_MAX = 8,
};

/*
 * The records of refusals and permissive hits, for `enforce follow`: a ring
 * of LD_RECORDS slots in an array map that only our programs write and
 * nobody gets a descriptor of once sealed (class C12). Record n (from 1)
 * goes to slot n % LD_RECORDS; its slot's seq is 0 while it is written.
 * Reading the pin LD_RECORDS_PIN runs our iterator, which gives struct
 * ld_records_head, then every complete record as struct ld_record, in slot
 * order, and marks the time of the read: records are made only within
 * LD_RECORDS_READER_NS of the last read, so that nobody pays for them
 * while nobody follows (the counters always count). A follower that falls
 * LD_RECORDS records behind loses the oldest and can tell how many from
 * the sequence numbers.
 */
#define LD_RECORDS	 256 /* a power of two; head + records fit the iterator's 32 KiB buffer */
#define LD_RECORDS_MAGIC 0x4c445243u /* "LDRC" */
#define LD_RECORDS_PIN	 "link-dump_records"
#define LD_RECORDS_READER_NS 5000000000ull /* a follower reads every 200 ms */
/* Slots of the record_seq map. */
enum ld_record_seq {
	LD_RECORD_SEQ_LAST = 0, /* seq of the last record begun */
	LD_RECORD_SEQ_READ = 1, /* CLOCK_MONOTONIC ns of the last read of LD_RECORDS_PIN */
	LD_RECORD_SEQ_MAX = 2,
};
struct ld_records_head {
	__u32 magic;
	__u32 slots; /* LD_RECORDS */
	__u64 last;  /* seq of the last record begun */
};

struct ld_record {
	__u64 seq; /* 1, 2, ...: 0 while written */
	struct ld_event_check ev;
};
_Static_assert((LD_RECORDS & (LD_RECORDS - 1)) == 0, "a power of two");
_Static_assert(sizeof(struct ld_records_head) + LD_RECORDS * sizeof(struct ld_record) <= 32768,
	       "one iterator buffer");

#endif
