// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live side of enforce: owns the lockdown_enforce skeleton while it
 * starts the policy, then works only through the pins. The policy lives in
 * the kernel, held by its bpffs pins, not by a process: start loads,
 * attaches, pins and exits; status, reload, seal, follow and stop open the
 * pins again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../bpf/lockdown_events.h"
#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/trace.h"
#include "lockdown_enforce.skel.h"

/* What start pins, by file name under the pin directory. */
enum pinned_map {
	PIN_POLICY,
	PIN_STATE,
	PIN_COUNTS,
	PIN_TAMPER,
	PIN_EVENTS,
	PIN_FOLLOW, /* not guarded by the seal: whether records are made is not policy */
	N_PINNED_MAPS
};
static const char *const map_pin_names[N_PINNED_MAPS] = { "policy", "state",  "counts",
							   "tamper", "events", "follow" };
#define LINK_PREFIX "link-"

struct ld_enforcer {
	char *pin_dir;
	int map_fd[N_PINNED_MAPS];
	bool writable; /* opened for writing (before the seal) */
	struct ring_buffer *rb;
	int follow_lock; /* the pin directory, flock()ed while following */
	ld_enforce_record_fn on_record;
	void *userdata;
};

static struct bpf_map *skel_map(struct lockdown_enforce *skel, enum pinned_map m)
{
	switch (m) {
	case PIN_POLICY:
		return skel->maps.policy;
	case PIN_STATE:
		return skel->maps.state;
	case PIN_COUNTS:
		return skel->maps.counts;
	case PIN_TAMPER:
		return skel->maps.tamper;
	case PIN_FOLLOW:
		return skel->maps.follow_until;
	default:
		return skel->maps.events;
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

/* Everything the seal guards, filled in once the objects exist and are pinned. */
static int fill_state(struct lockdown_enforce *skel, const char *pin_dir, struct ld_state *st)
{
	const struct bpf_object_skeleton *sk = skel->skeleton;
	size_t n = 0;
	struct btf *btf;
	struct stat sb;
	char path[PATH_MAX];
	int err, id;

	for (int m = 0; m < N_PINNED_MAPS; m++)
		if (m != PIN_FOLLOW && (err = obj_id(bpf_map__fd(skel_map(skel, m)), &st->map_ids[m])) < 0)
			return err;
	if (sk->prog_cnt > LD_GUARD_IDS)
		return -E2BIG;
	for (int i = 0; i < sk->prog_cnt; i++) {
		if ((err = obj_id(bpf_program__fd(*sk->progs[i].prog), &st->prog_ids[i])) < 0)
			return err;
		if ((err = obj_id(bpf_link__fd(*sk->progs[i].link), &st->link_ids[i])) < 0)
			return err;
	}

	if (stat(pin_dir, &sb) < 0)
		return -errno;
	st->pin_dir_ino = sb.st_ino;
	st->pin_dev = kernel_dev(sb.st_dev);
	/* every mount between / and the pins: unmounting any drops the pins */
	n = 0;
	snprintf(path, sizeof(path), "%s", pin_dir);
	for (;;) {
		char *slash;
		__u32 dev;
		bool seen = false;

		if (stat(path[0] ? path : "/", &sb) < 0)
			return -errno;
		dev = kernel_dev(sb.st_dev);
		for (size_t i = 0; i < n; i++)
			seen |= st->mount_devs[i] == dev;
		if (!seen && n < 4)
			st->mount_devs[n++] = dev;
		if (!path[0])
			break;
		slash = strrchr(path, '/');
		if (!slash)
			break;
		*slash = '\0';
	}

	btf = btf__load_vmlinux_btf();
	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, "bpf_lsm_locked_down", BTF_KIND_FUNC);
	st->btf_lsm_locked_down = id > 0 ? (__u32)id : 0;
	id = btf__find_by_name_kind(btf, "security_locked_down", BTF_KIND_FUNC);
	st->btf_security_locked_down = id > 0 ? (__u32)id : 0;
	btf__free(btf);
	return 0;
}

static void unpin_all(const char *pin_dir)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;

	d = opendir(pin_dir);
	if (d) {
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", pin_dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(pin_dir);
}

static char *say(const char *fmt, const char *what, int err)
{
	char *s = NULL;

	if (asprintf(&s, fmt, what, strerror(-err)) < 0)
		s = NULL;
	return s;
}

int ld_enforce_start(const char *pin_dir, const struct ld_policy *p, char **error)
{
	struct lockdown_enforce *skel = NULL;
	const struct bpf_object_skeleton *sk;
	struct ld_state st = { 0 };
	char path[PATH_MAX];
	__u32 zero = 0;
	int err;

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
	for (int m = 0; m < N_PINNED_MAPS && err == 0; m++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, map_pin_names[m]);
		err = bpf_map__pin(skel_map(skel, m), path);
	}
	for (int i = 0; i < sk->prog_cnt && err == 0; i++) {
		snprintf(path, sizeof(path), "%s/" LINK_PREFIX "%s", pin_dir, sk->progs[i].name);
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
	lockdown_enforce__destroy(skel);
	unpin_all(pin_dir);
	return err;
}

static int open_pins(const char *pin_dir, bool writable, struct ld_enforcer *e)
{
	LIBBPF_OPTS(bpf_obj_get_opts, ro, .file_flags = BPF_F_RDONLY);
	char path[PATH_MAX];

	for (int m = 0; m < N_PINNED_MAPS; m++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, map_pin_names[m]);
		e->map_fd[m] = writable || m == PIN_FOLLOW ? bpf_obj_get(path)
							   : bpf_obj_get_opts(path, &ro);
		if (e->map_fd[m] < 0)
			return -errno;
	}
	return 0;
}

int ld_enforcer_open(const char *pin_dir, struct ld_enforcer **ret)
{
	struct ld_enforcer *e = calloc(1, sizeof(*e));
	int err;

	if (!e)
		return -ENOMEM;
	for (int m = 0; m < N_PINNED_MAPS; m++)
		e->map_fd[m] = -1;
	e->follow_lock = -1;
	e->pin_dir = strdup(pin_dir);
	if (!e->pin_dir) {
		free(e);
		return -ENOMEM;
	}
	/*
	 * After the seal the guard refuses writable fds (and counts each as an
	 * attempt): ask the state, read-only, before asking for more.
	 */
	err = open_pins(pin_dir, false, e);
	if (err == 0) {
		struct ld_state st;
		__u32 zero = 0;

		if (bpf_map_lookup_elem(e->map_fd[PIN_STATE], &zero, &st) < 0)
			err = -errno;
		else if (!st.sealed) {
			for (int m = 0; m < N_PINNED_MAPS; m++) {
				close(e->map_fd[m]);
				e->map_fd[m] = -1;
			}
			err = open_pins(pin_dir, true, e);
			e->writable = err == 0;
		}
	}
	if (err < 0) {
		ld_enforcer_free(e);
		return err;
	}
	*ret = e;
	return 0;
}

void ld_enforcer_free(struct ld_enforcer *e)
{
	if (!e)
		return;
	ring_buffer__free(e->rb);
	if (e->follow_lock >= 0)
		close(e->follow_lock);
	for (int m = 0; m < N_PINNED_MAPS; m++)
		if (e->map_fd[m] >= 0)
			close(e->map_fd[m]);
	free(e->pin_dir);
	free(e);
}

static int read_state(struct ld_enforcer *e, struct ld_state *st)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(e->map_fd[PIN_STATE], &zero, st) < 0 ? -errno : 0;
}

int ld_enforcer_read(struct ld_enforcer *e, struct ld_enforce_info *ret)
{
	int ncpus = libbpf_num_possible_cpus();
	struct ld_enforce_info info = { 0 };
	struct ld_enforce_counts *c = NULL;
	__u64 *t = NULL;
	struct ld_state st;
	__u32 slot;
	int err;

	if (ncpus <= 0)
		return ncpus < 0 ? ncpus : -EINVAL;
	if ((err = read_state(e, &st)) < 0)
		return err;
	info.sealed = st.sealed;
	info.generation = st.generation;
	info.policy = calloc(1, sizeof(*info.policy));
	c = calloc((size_t)ncpus, sizeof(*c));
	t = calloc((size_t)ncpus, sizeof(*t));
	if (!info.policy || !c || !t) {
		err = -ENOMEM;
		goto out;
	}
	slot = st.active & 1;
	if (bpf_map_lookup_elem(e->map_fd[PIN_POLICY], &slot, info.policy) < 0) {
		err = -errno;
		goto out;
	}
	for (__u32 r = 0; r < LD_POLICY_REASONS; r++) {
		if (bpf_map_lookup_elem(e->map_fd[PIN_COUNTS], &r, c) < 0) {
			err = -errno;
			goto out;
		}
		for (int cpu = 0; cpu < ncpus; cpu++) {
			info.refused[r] += c[cpu].refused;
			info.permissive[r] += c[cpu].permissive;
			info.exempt[r] += c[cpu].exempt;
		}
	}
	for (__u32 k = 0; k < LD_TAMPER_MAX; k++) {
		if (bpf_map_lookup_elem(e->map_fd[PIN_TAMPER], &k, t) < 0) {
			err = -errno;
			goto out;
		}
		for (int cpu = 0; cpu < ncpus; cpu++)
			info.tamper[k] += t[cpu];
	}
	for (int i = 0; i < LD_GUARD_IDS; i++) {
		info.n_maps += st.map_ids[i] != 0;
		info.n_progs += st.prog_ids[i] != 0;
		info.n_links += st.link_ids[i] != 0;
	}
out:
	free(c);
	free(t);
	if (err < 0) {
		free(info.policy);
		return err;
	}
	*ret = info;
	return 0;
}

void ld_enforce_info_clear(struct ld_enforce_info *info)
{
	free(info->policy);
	memset(info, 0, sizeof(*info));
}

int ld_enforcer_reload(struct ld_enforcer *e, const struct ld_policy *p)
{
	struct ld_state st;
	__u32 zero = 0, idle;
	int err;

	if ((err = read_state(e, &st)) < 0)
		return err;
	if (st.sealed || !e->writable)
		return -EPERM;
	idle = (st.active & 1) ^ 1;
	if (bpf_map_update_elem(e->map_fd[PIN_POLICY], &idle, p, BPF_ANY) < 0)
		return -errno;
	/* the switch: `active` is one aligned word of the state value */
	st.active = idle;
	st.generation++;
	return bpf_map_update_elem(e->map_fd[PIN_STATE], &zero, &st, BPF_ANY) < 0 ? -errno : 0;
}

int ld_enforcer_seal(struct ld_enforcer *e)
{
	struct ld_state st;
	__u32 zero = 0;
	int err;

	if ((err = read_state(e, &st)) < 0)
		return err;
	if (st.sealed)
		return 0;
	if (!e->writable)
		return -EPERM;
	st.sealed = 1;
	if (bpf_map_update_elem(e->map_fd[PIN_STATE], &zero, &st, BPF_ANY) < 0)
		return -errno;
	/* from here the guards are on; freezing makes even open fds read-only */
	if (bpf_map_freeze(e->map_fd[PIN_POLICY]) < 0 || bpf_map_freeze(e->map_fd[PIN_STATE]) < 0)
		return -errno;
	return 0;
}

int ld_enforcer_stop(struct ld_enforcer *e)
{
	struct ld_state st;
	int err;

	if ((err = read_state(e, &st)) < 0)
		return err;
	if (st.sealed)
		return -EPERM;
	unpin_all(e->pin_dir);
	if (access(e->pin_dir, F_OK) == 0)
		return -EBUSY;
	/*
	 * bpffs frees an unlinked pin's inode after an RCU grace period (6.12),
	 * so the programs detach a moment after the unlink. Return once they are
	 * gone: a program's id disappears when its last link has let it go.
	 */
	for (int tries = 0; tries < 1000; tries++) {
		bool alive = false;

		for (int i = 0; i < LD_GUARD_IDS && !alive; i++) {
			int fd = st.prog_ids[i] ? bpf_prog_get_fd_by_id(st.prog_ids[i]) : -1;

			if (fd >= 0) {
				close(fd);
				alive = true;
			}
		}
		if (!alive)
			return 0;
		usleep(10000);
	}
	return -EBUSY;
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct ld_enforcer *e = ctx;
	struct ld_trace_record rec;

	if (ld_trace_record_decode(data, size, &rec) < 0)
		return 0;
	return e->on_record(&rec, e->userdata);
}

int ld_enforcer_follow_open(struct ld_enforcer *e, ld_enforce_record_fn fn, void *userdata)
{
	/*
	 * A BPF ring buffer has one consumer position, shared by every process
	 * that maps it: two followers would each miss the records the other
	 * consumed first (or both print them, by luck of scheduling). One
	 * follower at a time, then: -EBUSY for the second.
	 */
	e->follow_lock = open(e->pin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (e->follow_lock < 0)
		return -errno;
	if (flock(e->follow_lock, LOCK_EX | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	e->on_record = fn;
	e->userdata = userdata;
	e->rb = ring_buffer__new(e->map_fd[PIN_EVENTS], on_sample, e, NULL);
	return e->rb ? 0 : -errno;
}

int ld_enforcer_follow_poll(struct ld_enforcer *e, int timeout_ms)
{
	struct timespec ts;
	__u64 until;
	__u32 zero = 0;
	int n;

	/* keep the records coming for a while: a follower killed stops them soon */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	until = (__u64)ts.tv_sec * 1000000000u + (__u64)ts.tv_nsec + 5000000000u;
	if (bpf_map_update_elem(e->map_fd[PIN_FOLLOW], &zero, &until, BPF_ANY) < 0)
		return -errno;
	n = ring_buffer__poll(e->rb, timeout_ms);
	return n == -EINTR ? 0 : n;
}

size_t ld_policy_seal_missing(const struct ld_policy *p, const struct ld_catalogue *cat,
			      enum ld_level builtin, const char **ret_names, size_t max)
{
	static const char *const needed[] = { "module_signature", "kexec" };
	size_t missing = 0;

	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		const struct ld_reason *r = ld_catalogue_find(cat, needed[i]);
		bool held;

		if (!r || r->value < 0 || r->value >= LD_POLICY_REASONS)
			continue; /* a kernel without the reason has no such check to bypass */
		held = builtin != LD_LEVEL_NONE && r->level <= builtin;
		if (!held && p->action[r->value] == LD_ACTION_REFUSE) {
			held = true;
			for (__u32 j = 0; j < p->n_exempts && j < LD_POLICY_EXEMPTS; j++)
				if (p->exempt[j].reasons[r->value / 64] & (1ULL << (r->value % 64)))
					held = false;
		}
		if (!held) {
			if (missing < max)
				ret_names[missing] = r->name;
			missing++;
		}
	}
	return missing;
}
