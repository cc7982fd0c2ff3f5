// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * enforce start: load the lockdown_enforce skeleton with the policy,
 * attach, pin, record what the seal guards, and let go of the skeleton;
 * and whether the pins can go where asked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown_enforce.skel.h"
#include "pins.h"

#define BPF_FS_MAGIC 0xcafe4a11

static struct bpf_map *skel_map(struct lockdown_enforce *skel, enum ld_pinned_map m)
{
	switch (m) {
	case LD_PIN_POLICY:
		return skel->maps.policy;
	case LD_PIN_STATE:
		return skel->maps.state;
	case LD_PIN_COUNTS:
		return skel->maps.counts;
	case LD_PIN_TAMPER:
		return skel->maps.tamper;
	case LD_PIN_RECORDS:
		return skel->maps.records;
	default:
		return skel->maps.record_seq;
	}
}

/* The kernel's dev_t (MKDEV): what super_block.s_dev holds. */
static __u32 kernel_dev(dev_t d)
{
	return (__u32)(major(d) << 20 | minor(d));
}

/* The id of any BPF object: map, program and link info all begin with type and id. */
static int obj_id(int fd, __u32 *ret)
{
	union {
		struct bpf_map_info map;
		struct bpf_prog_info prog;
		struct bpf_link_info link;
	} info;
	__u32 len = sizeof(info);
	int err;

	_Static_assert(offsetof(struct bpf_map_info, id) == offsetof(struct bpf_prog_info, id) &&
			       offsetof(struct bpf_map_info, id) == offsetof(struct bpf_link_info, id),
		       "the id is where the three info structs agree");
	memset(&info, 0, sizeof(info));
	err = bpf_obj_get_info_by_fd(fd, &info, &len);
	if (err == 0)
		*ret = info.map.id;
	return err;
}

/*
 * Every mount between / and the pins, innermost first: unmounting any
 * drops the pins. Walking up the path, a mount's root is the last
 * component seen on it. And every directory on the way, as lookup sees
 * it: mounting on any would hide the pins (C14).
 */
static int record_mounts(const char *pin_dir, struct ld_state *st)
{
	char path[PATH_MAX];
	struct statx sx;

	snprintf(path, sizeof(path), "%s", pin_dir);
	for (;;) {
		char *slash;
		struct ld_mount_ref *m;

		if (statx(AT_FDCWD, path[0] ? path : "/", 0, STATX_INO | STATX_MNT_ID, &sx) < 0)
			return -errno;
		if (!(sx.stx_mask & STATX_MNT_ID))
			return -EOPNOTSUPP;
		if (!st->n_mounts || st->mounts[st->n_mounts - 1].id != (__s32)sx.stx_mnt_id) {
			if (st->n_mounts == LD_GUARD_MOUNTS)
				return -E2BIG;
			st->mounts[st->n_mounts++].id = (__s32)sx.stx_mnt_id;
		}
		m = &st->mounts[st->n_mounts - 1];
		m->dev = (__u32)(sx.stx_dev_major << 20 | sx.stx_dev_minor);
		m->root_ino = sx.stx_ino;
		if (st->n_path == LD_GUARD_PATH)
			return -E2BIG;
		st->path[st->n_path].ino = sx.stx_ino;
		st->path[st->n_path++].dev = m->dev;
		if (!path[0])
			return 0;
		slash = strrchr(path, '/');
		if (!slash)
			return 0;
		*slash = '\0';
	}
}

/* Everything the seal guards, filled in once the objects exist and are pinned. */
static int fill_state(struct lockdown_enforce *skel, const char *pin_dir, struct ld_state *st)
{
	static const char *const hooks[] = { LD_GUARD_HOOKS };
	const struct bpf_object_skeleton *sk = skel->skeleton;
	struct btf *btf;

	_Static_assert(2 * sizeof(hooks) / sizeof(hooks[0]) <= LD_GUARD_BTF_IDS,
		       "a bpf_lsm_ and a security_ id per hook");
	struct stat sb;
	int err, id;

	for (int m = 0; m < LD_N_PINNED_MAPS; m++)
		if ((err = obj_id(bpf_map__fd(skel_map(skel, m)), &st->map_ids[m])) < 0)
			return err;
	if (sk->prog_cnt > LD_GUARD_IDS)
		return -E2BIG;
	for (int i = 0; i < sk->prog_cnt; i++) {
		if (bpf_program__fd(*sk->progs[i].prog) < 0)
			continue; /* not loaded (the other unmount guard) */
		if ((err = obj_id(bpf_program__fd(*sk->progs[i].prog), &st->prog_ids[i])) < 0)
			return err;
		if (!*sk->progs[i].link) /* the sysctl guard, attached without a link */
			st->sysctl_prog_id = st->prog_ids[i];
		else if ((err = obj_id(bpf_link__fd(*sk->progs[i].link), &st->link_ids[i])) < 0)
			return err;
	}

	if (stat(pin_dir, &sb) < 0)
		return -errno;
	st->pin_dir_ino = sb.st_ino;
	st->pin_dev = kernel_dev(sb.st_dev);
	st->records_map_id = st->map_ids[LD_PIN_RECORDS];
	st->counts_map_id = st->map_ids[LD_PIN_COUNTS];
	st->tamper_map_id = st->map_ids[LD_PIN_TAMPER];
	if (stat("/proc/self/ns/mnt", &sb) < 0)
		return -errno;
	st->mnt_ns = (__u32)sb.st_ino;
	if ((err = record_mounts(pin_dir, st)) < 0)
		return err;

	btf = btf__load_vmlinux_btf();
	if (!btf)
		return -errno;
	for (size_t i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		for (int k = 0; k < 2; k++) {
			char name[64];

			snprintf(name, sizeof(name), "%s%s", k ? "security_" : "bpf_lsm_", hooks[i]);
			id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
			st->guard_btf_ids[2 * i + k] = id > 0 ? (__u32)id : 0;
		}
	id = btf__find_by_name_kind(btf, "bpf_iter_bpf_map_elem", BTF_KIND_FUNC);
	st->btf_iter_map_elem = id > 0 ? (__u32)id : 0;
	id = btf__find_by_name_kind(btf, "bpf_iter_bpf_map", BTF_KIND_FUNC);
	st->btf_iter_map = id > 0 ? (__u32)id : 0;
	btf__free(btf);
	return 0;
}

/* The built-in level now: "none integrity [confidentiality]". */
static bool confidentiality(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	bool yes;

	if (!f)
		return false;
	yes = fgets(buf, sizeof(buf), f) && strstr(buf, "[confidentiality]");
	fclose(f);
	return yes;
}

static char *say(const char *fmt, const char *what, int err)
{
	char *s = NULL;

	if (asprintf(&s, fmt, what, strerror(-err)) < 0)
		s = NULL;
	return s;
}

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* The root of the cgroup2 hierarchy, as systemd mounts it (unified or hybrid): an fd, or -errno. */
static int cgroup2_root(const char **ret_path)
{
	static const char *const paths[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
	struct statfs sf;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (statfs(paths[i], &sf) == 0 && (unsigned long)sf.f_type == CGROUP2_SUPER_MAGIC) {
			int fd = open(paths[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			*ret_path = paths[i];
			return fd < 0 ? -errno : fd;
		}
	*ret_path = paths[0];
	return -ENOMEDIUM;
}

int ld_enforce_start(const char *pin_dir, const struct ld_policy *p, char **error)
{
	struct lockdown_enforce *skel = NULL;
	const struct bpf_object_skeleton *sk;
	struct ld_state st = { 0 };
	const char *cg_path;
	char path[PATH_MAX];
	__u32 zero = 0;
	bool conf, sysctl_attached = false;
	int err, cg;

	*error = NULL;
	if (mkdir(pin_dir, 0700) < 0) {
		err = -errno;
		*error = say(err == -EEXIST ? "%s exists: a policy is in force (see enforce status; "
					      "enforce reload changes it)%.0s"
					    : "cannot create %s: %s",
			     pin_dir, err);
		return err;
	}
	skel = lockdown_enforce__open();
	if (!skel) {
		err = -errno;
		goto fail;
	}
	sk = skel->skeleton;
	/* no BPF program, ours included, may write the policy or the state */
	bpf_map__set_map_flags(skel->maps.policy, BPF_F_RDONLY_PROG);
	bpf_map__set_map_flags(skel->maps.state, BPF_F_RDONLY_PROG);
	/* bpf_probe_read_kernel is refused at load under confidentiality */
	conf = confidentiality();
	bpf_program__set_autoload(skel->progs.lsm_sb_umount, !conf);
	bpf_program__set_autoload(skel->progs.lsm_sb_umount_typed, conf);
	err = lockdown_enforce__load(skel);
	if (err < 0) {
		*error = say("loading the %s programs failed: %s", "enforce", err);
		goto fail;
	}
	err = bpf_map__update_elem(skel->maps.policy, &zero, sizeof(zero), p, sizeof(*p), 0);
	if (err < 0)
		goto fail;
	err = lockdown_enforce__attach(skel);
	if (err < 0) {
		*error = say("attaching the %s programs failed: %s", "enforce", err);
		goto fail;
	}
	/*
	 * The guard of the ftrace switch, on the cgroup2 root with multi-attach
	 * (no descendant can replace it). Not through a link: a cgroup link can
	 * be detached by whoever opens its pin, while detaching this takes an
	 * fd of the program, which the seal refuses.
	 */
	cg = cgroup2_root(&cg_path);
	if (cg >= 0) {
		err = bpf_prog_attach(bpf_program__fd(skel->progs.guard_sysctl), cg, BPF_CGROUP_SYSCTL,
				      BPF_F_ALLOW_MULTI) < 0 ? -errno : 0;
		sysctl_attached = err == 0;
		close(cg);
	} else
		err = cg;
	if (err < 0) {
		*error = say(err == -ENOMEDIUM ? "no cgroup2 hierarchy at %s (or its unified/): "
						 "the guard of kernel.ftrace_enabled attaches to its "
						 "root (mount -t cgroup2 cgroup2 /sys/fs/cgroup)%.0s"
					       : "attaching the sysctl guard to %s failed: %s",
			     cg_path, err);
		goto fail;
	}
	for (int m = 0; m < LD_N_PINNED_MAPS && err == 0; m++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, ld_map_pin_names[m]);
		err = bpf_map__pin(skel_map(skel, m), path);
	}
	for (int i = 0; i < sk->prog_cnt && err == 0; i++) {
		if (!*sk->progs[i].link)
			continue; /* not attached here, or the sysctl guard (attached without a link) */
		snprintf(path, sizeof(path), "%s/" LD_LINK_PREFIX "%s", pin_dir, sk->progs[i].name);
		err = bpf_link__pin(*sk->progs[i].link, path);
	}
	if (err < 0) {
		*error = say("pinning under %s failed: %s", pin_dir, err);
		goto fail;
	}
	err = fill_state(skel, pin_dir, &st);
	if (err == 0)
		err = bpf_map__update_elem(skel->maps.state, &zero, sizeof(zero), &st, sizeof(st), 0);
	if (err < 0) {
		*error = say("recording what the %s guards failed: %s", "seal", err);
		goto fail;
	}
	/* the pins hold everything now; our references go */
	lockdown_enforce__destroy(skel);
	return 0;
fail:
	if (sysctl_attached && (cg = cgroup2_root(&cg_path)) >= 0) {
		bpf_prog_detach2(bpf_program__fd(skel->progs.guard_sysctl), cg, BPF_CGROUP_SYSCTL);
		close(cg);
	}
	lockdown_enforce__destroy(skel);
	ld_unpin_all(pin_dir);
	return err;
}

int ld_sysctl_guard_detach(__u32 prog_id)
{
	const char *path;
	int cg, fd, err;

	fd = bpf_prog_get_fd_by_id(prog_id);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno; /* gone already */
	cg = cgroup2_root(&path);
	err = cg < 0 ? cg : bpf_prog_detach2(fd, cg, BPF_CGROUP_SYSCTL) < 0 ? -errno : 0;
	if (cg >= 0)
		close(cg);
	close(fd);
	return err;
}

bool ld_enforce_pin_parent_on_bpffs(const char *pin_dir, char *ret_parent, size_t size)
{
	char *slash;
	struct statfs sf;

	snprintf(ret_parent, size, "%s", pin_dir);
	slash = strrchr(ret_parent, '/');
	if (slash && slash != ret_parent)
		*slash = '\0';
	return statfs(ret_parent, &sf) == 0 && (unsigned long)sf.f_type == BPF_FS_MAGIC;
}
