/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unmount guard of lockdown_enforce.bpf.c (included there, once).
 *
 * Unmounting the bpffs instance that holds the pins, or a mount above it
 * (a lazy unmount of /sys or / detaches it too), drops the pins and with
 * them the policy. What needs refusing is exactly that, and no more: a
 * sealed host still runs containers, which unmount their copies of / and
 * /sys, and bpffs and sysfs instances of their own, in their own mount
 * namespaces.
 *
 *  - In the mount namespace that holds the pins, the mounts recorded at
 *    start (by mount id, innermost first) may not be unmounted.
 *  - Anywhere else, and for any other mount, an unmount can reach those
 *    mounts only by propagation, and propagation needs a parent of theirs
 *    (every recorded mount but the innermost) to be shared or a slave. So
 *    while they are all private, every other unmount is allowed; once one
 *    of them is not (mount_setattr() changes that with no LSM hook, so it
 *    is looked at on each unmount), unmounting a copy or a bind of one of
 *    the recorded mounts (same superblock, same root), or lazily a mount
 *    with submounts (one of them may be such a copy), is refused in every
 *    namespace, unless it cannot send: the kernel propagates the unmount
 *    of a mount through its parent's peers and slaves only (fs/pnode.c,
 *    propagate_umount), so it is allowed when that parent, and for a lazy
 *    unmount every mount of the tree that has submounts, is neither shared
 *    nor a master of slaves. This is what container runtimes do: runc
 *    makes its namespace's mounts slaves (MS_REC | MS_SLAVE), then
 *    unmounts the old root lazily.
 *
 * The kernel hands the hook a struct vfsmount, which sits inside the
 * struct mount that has the id, parent and propagation; reaching it needs
 * bpf_probe_read_kernel, which the confidentiality level refuses at load.
 * There lsm_sb_umount_typed (typed reads only) is loaded instead: it
 * refuses copies and binds of the recorded mounts, and lazy unmounts, in
 * every namespace.
 */
#ifndef LOCKDOWN_ENFORCE_MOUNTS_H
#define LOCKDOWN_ENFORCE_MOUNTS_H

#include <bpf/bpf_core_read.h>

#define LD_MNT_SHARED 0x1000 /* include/linux/mount.h MNT_SHARED: in a peer group */
#define LD_MNT_DETACH 0x2    /* umount2() flag: lazy, the mounts below go too */

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_flags;
} __attribute__((preserve_access_index));

struct list_head {
	struct list_head *next;
} __attribute__((preserve_access_index));

/* fs/mount.h: read through bpf_probe_read_kernel only (it is not a typed argument) */
struct mount {
	struct mount *mnt_parent;
	struct vfsmount mnt;
	struct list_head mnt_mounts;
	struct list_head mnt_child;
	struct list_head mnt_slave_list;
	struct mount *mnt_master;
	int mnt_id;
} __attribute__((preserve_access_index));

struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct mnt_namespace {
	struct ns_common ns;
} __attribute__((preserve_access_index));

struct nsproxy {
	struct mnt_namespace *mnt_ns;
} __attribute__((preserve_access_index));

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} __attribute__((preserve_access_index));

struct fs_struct {
	struct path root;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	struct task_struct *real_parent;
	struct nsproxy *nsproxy;
	struct fs_struct *fs;
} __attribute__((preserve_access_index));

/* A copy or a bind of a recorded mount: the same superblock and the same root. */
static __always_inline bool like_recorded(const struct ld_state *st, struct vfsmount *mnt)
{
	__u32 dev = mnt->mnt_sb->s_dev;
	__u64 ino = mnt->mnt_root->d_inode->i_ino;

	for (int i = 0; i < LD_GUARD_MOUNTS; i++)
		if ((__u32)i < st->n_mounts && st->mounts[i].dev == dev &&
		    st->mounts[i].root_ino == ino)
			return true;
	return false;
}

static __always_inline struct mount *real_mount(unsigned long vfsmount)
{
	return (struct mount *)(vfsmount - bpf_core_field_offset(struct mount, mnt));
}

/* Has the mount submounts (which a lazy unmount takes along)? */
static __always_inline bool has_children(struct mount *m)
{
	unsigned long head = (unsigned long)m + bpf_core_field_offset(struct mount, mnt_mounts);
	unsigned long next = (unsigned long)BPF_CORE_READ(m, mnt_mounts.next);

	return next && next != head;
}

/* Shared, or a slave: unmounts elsewhere can propagate to its children. */
static __always_inline bool propagates(struct mount *m)
{
	int flags = BPF_CORE_READ(m, mnt.mnt_flags);

	return (flags & LD_MNT_SHARED) || BPF_CORE_READ(m, mnt_master);
}

#define off_(field) bpf_core_field_offset(struct mount, field)

/* Does the unmount of m's children propagate: is m shared, or a master of slaves? */
static __always_inline bool sends(unsigned long m)
{
	struct mount *mp = (struct mount *)m;
	unsigned long slaves = (unsigned long)BPF_CORE_READ(mp, mnt_slave_list.next);

	return (BPF_CORE_READ(mp, mnt.mnt_flags) & LD_MNT_SHARED) ||
	       (slaves && slaves != m + off_(mnt_slave_list));
}

/* A walk of the mounts of a tree in preorder, for bpf_loop. */
struct tree_walk {
	unsigned long top, m;
	bool sends, done;
};

static long tree_step(__u32 i, void *data)
{
	struct tree_walk *w = data;
	unsigned long m = w->m, next;

	next = (unsigned long)BPF_CORE_READ((struct mount *)m, mnt_mounts.next);
	if (next && next != m + off_(mnt_mounts)) {
		/* submounts: their unmount propagates through m */
		if (sends(m)) {
			w->sends = true;
			return 1;
		}
		w->m = next - off_(mnt_child);
		return 0;
	}
	/* a leaf: on to the next sibling of it or of a mount above it */
	for (int d = 0; d < 64; d++) {
		unsigned long parent;

		if (m == w->top) {
			w->done = true;
			return 1;
		}
		parent = (unsigned long)BPF_CORE_READ((struct mount *)m, mnt_parent);
		next = (unsigned long)BPF_CORE_READ((struct mount *)m, mnt_child.next);
		if (next && next != parent + off_(mnt_mounts)) {
			w->m = next - off_(mnt_child);
			return 0;
		}
		m = parent;
	}
	return 1; /* deeper than that: not done, taken as sending */
}

/*
 * Can unmounting m (lazily: with its submounts) propagate anywhere? Through
 * its parent, and for a lazy unmount through any mount of its tree. A tree
 * of more than 1024 mounts counts as yes.
 */
static __always_inline bool unmount_sends(struct mount *m, bool lazy)
{
	struct tree_walk w = { .top = (unsigned long)m, .m = (unsigned long)m };

	if (sends((unsigned long)BPF_CORE_READ(m, mnt_parent)))
		return true;
	if (!lazy)
		return false;
	bpf_loop(1024, tree_step, &w, 0);
	return w.sends || !w.done;
}

/* The child of parent with this mount id (among its first 64), or NULL. */
static __always_inline struct mount *child_by_id(struct mount *parent, int id)
{
	unsigned long head = (unsigned long)parent + bpf_core_field_offset(struct mount, mnt_mounts);
	unsigned long node = (unsigned long)BPF_CORE_READ(parent, mnt_mounts.next);

	for (int i = 0; i < 64 && node && node != head; i++) {
		struct mount *c = (struct mount *)(node - bpf_core_field_offset(struct mount, mnt_child));

		if (BPF_CORE_READ(c, mnt_id) == id)
			return c;
		node = (unsigned long)BPF_CORE_READ((struct list_head *)node, next);
	}
	return NULL;
}

/* st->mounts[k].id, by constant indexes only (what the verifier can bound) */
static __always_inline __s32 mount_id_at(const struct ld_state *st, int k)
{
	for (int i = 0; i < LD_GUARD_MOUNTS; i++)
		if (i == k)
			return st->mounts[i].id;
	return -1;
}

/*
 * Can an unmount propagate into the recorded mounts now? Found from the
 * root of pid 1 (the outermost one) down by their ids; anything not as
 * recorded counts as yes.
 */
static __always_inline bool recorded_may_propagate(const struct ld_state *st)
{
	struct task_struct *t = bpf_get_current_task_btf();
	int k = (int)st->n_mounts - 1;
	struct mount *m;

	for (int i = 0; i < 64 && t && t->pid != 1; i++)
		t = t->real_parent;
	if (!t || t->pid != 1 || t->nsproxy->mnt_ns->ns.inum != st->mnt_ns)
		return true;
	if (k < 1 || k >= LD_GUARD_MOUNTS)
		return true;
	m = real_mount((unsigned long)BPF_CORE_READ(t, fs, root.mnt));
	if (BPF_CORE_READ(m, mnt_id) != mount_id_at(st, k))
		return true;
	/* each parent among them: is it shared or a slave? */
	for (int i = 0; i < LD_GUARD_MOUNTS; i++) {
		if (propagates(m))
			return true;
		k--;
		if (k < 1)
			return false; /* the next one is the innermost: its parent was just seen */
		m = child_by_id(m, mount_id_at(st, k));
		if (!m)
			return true;
	}
	return true;
}

static __always_inline int refuse_umount(void)
{
	count_tamper(LD_TAMPER_UMOUNT);
	return -EPERM;
}

SEC("lsm/sb_umount")
int BPF_PROG(lsm_sb_umount, struct vfsmount *mnt, int flags)
{
	const struct ld_state *st = sealed();
	struct task_struct *t = bpf_get_current_task_btf();
	struct mount *m = real_mount((unsigned long)mnt);
	int id;

	if (!st)
		return 0;
	/* the kernel unmounts only mounts of the caller's namespace */
	if (t->nsproxy->mnt_ns->ns.inum == st->mnt_ns) {
		id = BPF_CORE_READ(m, mnt_id);
		for (int i = 0; i < LD_GUARD_MOUNTS; i++)
			if ((__u32)i < st->n_mounts && st->mounts[i].id == id)
				return refuse_umount();
	}
	/*
	 * What can propagate: the mount itself if it is a copy or a bind of a
	 * recorded one; with a lazy unmount, also whatever is below it (an
	 * rbind of /sys under a tmpfs, say), which is not looked at one by one,
	 * as long as some mount on the way passes unmounts on.
	 */
	if ((like_recorded(st, mnt) || ((flags & LD_MNT_DETACH) && has_children(m))) &&
	    recorded_may_propagate(st) && unmount_sends(m, flags & LD_MNT_DETACH))
		return refuse_umount();
	return 0;
}

/*
 * Under confidentiality (no bpf_probe_read_kernel, so no propagation to
 * look at): every copy and bind, and every lazy unmount, in every namespace.
 */
SEC("lsm/sb_umount")
int BPF_PROG(lsm_sb_umount_typed, struct vfsmount *mnt, int flags)
{
	const struct ld_state *st = sealed();

	return st && (like_recorded(st, mnt) || (flags & LD_MNT_DETACH)) ? refuse_umount() : 0;
}

#endif
