/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Mounting over the pins (class C14 of docs/threat-model.md): a mount on
 * the pin directory, or on a directory above it, hides the pins from path
 * lookup, and lockdownctl would then open someone else's, with their own
 * state and counters. Once sealed, in the pins' mount namespace, nothing
 * is mounted on a directory of that path, nor moved from or onto one; and
 * mount(2) with MS_MOVE, whose source is a string the hook cannot resolve,
 * is refused there altogether. Changes of existing mounts (remount,
 * propagation) and everything in other namespaces go on.
 *
 * Included after lockdown_enforce_mounts.h, whose struct path, task_struct
 * and namespace definitions it uses.
 */
#ifndef LOCKDOWN_ENFORCE_SHADOW_H
#define LOCKDOWN_ENFORCE_SHADOW_H

#define MS_REMOUNT     32
#define MS_MOVE	       8192
#define MS_UNBINDABLE  (1 << 17)
#define MS_PRIVATE     (1 << 18)
#define MS_SLAVE       (1 << 19)
#define MS_SHARED      (1 << 20)

static __always_inline bool on_pins_path(const struct ld_state *st, const struct path *p)
{
	struct inode *i = p->dentry->d_inode;
	__u64 ino;
	__u32 dev;

	if (!i)
		return false;
	ino = i->i_ino;
	dev = i->i_sb->s_dev;
	for (int k = 0; k < LD_GUARD_PATH; k++)
		if ((__u32)k < st->n_path && st->path[k].ino == ino && st->path[k].dev == dev)
			return true;
	return false;
}

/* The sealed state, when the current task is in the pins' mount namespace. */
static __always_inline const struct ld_state *sealed_here(void)
{
	const struct ld_state *st = sealed();
	struct task_struct *t = bpf_get_current_task_btf();

	if (!st || !t || t->nsproxy->mnt_ns->ns.inum != st->mnt_ns)
		return NULL;
	return st;
}

SEC("lsm/sb_mount")
int BPF_PROG(lsm_sb_mount, const char *dev_name, const struct path *path, const char *type,
	     unsigned long flags, void *data)
{
	const struct ld_state *st;

	if (flags & (MS_REMOUNT | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return 0; /* an existing mount changed: nothing goes on top */
	st = sealed_here();
	if (st && ((flags & MS_MOVE) || on_pins_path(st, path))) {
		count_tamper(LD_TAMPER_UMOUNT);
		return -EPERM;
	}
	return 0;
}

SEC("lsm/move_mount")
int BPF_PROG(lsm_move_mount, const struct path *from_path, const struct path *to_path)
{
	const struct ld_state *st = sealed_here();

	if (st && (on_pins_path(st, from_path) || on_pins_path(st, to_path))) {
		count_tamper(LD_TAMPER_UMOUNT);
		return -EPERM;
	}
	return 0;
}

#endif
