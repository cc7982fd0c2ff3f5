// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy in force, through its pins: open them (read-only once
 * sealed), read the counters, reload, seal and stop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "pins.h"
#include "readall.h"

const char *const ld_map_pin_names[LD_N_PINNED_MAPS] = { "policy", "state",   "counts",
							  "tamper", "records", "record_seq" };
_Static_assert(LD_PIN_POLICY < LD_MAP_READABLE && LD_PIN_STATE < LD_MAP_READABLE &&
		       LD_PIN_COUNTS >= LD_MAP_READABLE,
	       "the maps readable once sealed come first, as the bpf_map guard reads map_ids");

void ld_unpin_all(const char *pin_dir)
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

/*
 * Only the policy and the state are opened by fd: the counters and the
 * records are read through their iterators (read_counters(), follow.c),
 * since once sealed the guard gives no fd of them (and counts each try).
 */
static int open_pins(const char *pin_dir, bool writable, struct ld_enforcer *e)
{
	LIBBPF_OPTS(bpf_obj_get_opts, ro, .file_flags = BPF_F_RDONLY);
	char path[PATH_MAX];

	for (int m = 0; m < LD_MAP_READABLE; m++) {
		snprintf(path, sizeof(path), "%s/%s", pin_dir, ld_map_pin_names[m]);
		e->map_fd[m] = writable ? bpf_obj_get(path) : bpf_obj_get_opts(path, &ro);
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
	for (int m = 0; m < LD_N_PINNED_MAPS; m++)
		e->map_fd[m] = -1;
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

		if (bpf_map_lookup_elem(e->map_fd[LD_PIN_STATE], &zero, &st) < 0)
			err = -errno;
		else if (!st.sealed) {
			for (int m = 0; m < LD_N_PINNED_MAPS; m++) {
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
	for (int m = 0; m < LD_N_PINNED_MAPS; m++)
		if (e->map_fd[m] >= 0)
			close(e->map_fd[m]);
	free(e->pin_dir);
	free(e);
}

static int read_state(struct ld_enforcer *e, struct ld_state *st)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(e->map_fd[LD_PIN_STATE], &zero, st) < 0 ? -errno : 0;
}

/* ld_enforce_info is the BPF side's counters, by its reason numbers and tamper slots */
#define SAME_SLOT(x) ((int)LD_ENFORCE_TAMPER_##x == (int)LD_TAMPER_##x)
_Static_assert(LD_ENFORCE_REASONS == LD_POLICY_REASONS, "one reason number space");
_Static_assert(SAME_SLOT(MAP) && SAME_SLOT(PROG) && SAME_SLOT(LINK) && SAME_SLOT(LOAD) &&
		       SAME_SLOT(PIN) && SAME_SLOT(UMOUNT) && SAME_SLOT(UNUSED) && SAME_SLOT(SWITCH) &&
		       SAME_SLOT(MAX),
	       "one set of tamper slots");
#undef SAME_SLOT

/*
 * The counters, summed over the CPUs by the iterator whose link is pinned
 * as LD_COUNTERS_PIN: reading it needs no fd of the counters' maps, which
 * the seal gives to nobody (class C11).
 */
int ld_iter_pin_read(const char *pin_dir, const char *name, size_t max, char **ret, size_t *ret_len)
{
	char path[PATH_MAX];
	int fd, err;

	*ret = NULL;
	*ret_len = 0;
	snprintf(path, sizeof(path), "%s/%s", pin_dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = ld_readall(ld_read_fd, &fd, max + 1, max + 1, ret, ret_len);
	close(fd);
	if (err == -EFBIG || (err == 0 && *ret_len > max))
		err = -EBADMSG;
	if (err < 0) {
		free(*ret);
		*ret = NULL;
	}
	return err;
}

static int read_counters(const char *pin_dir, struct ld_enforce_info *info)
{
	struct {
		struct ld_counters_head h;
		struct ld_enforce_counts c[LD_POLICY_REASONS];
		__u64 t[LD_TAMPER_MAX];
	} dump;
	char *buf;
	size_t len;
	int err;

	err = ld_iter_pin_read(pin_dir, LD_COUNTERS_PIN, sizeof(dump), &buf, &len);
	if (err < 0)
		return err;
	if (len == sizeof(dump))
		memcpy(&dump, buf, sizeof(dump));
	free(buf);
	if (len != sizeof(dump) || dump.h.magic != LD_COUNTERS_MAGIC ||
	    dump.h.reasons != LD_POLICY_REASONS || dump.h.tamper != LD_TAMPER_MAX)
		return -EBADMSG;
	for (size_t r = 0; r < LD_POLICY_REASONS; r++) {
		info->refused[r] = dump.c[r].refused;
		info->permissive[r] = dump.c[r].permissive;
		info->exempt[r] = dump.c[r].exempt;
	}
	memcpy(info->tamper, dump.t, sizeof(info->tamper));
	return 0;
}

int ld_enforcer_read(struct ld_enforcer *e, struct ld_enforce_info *ret)
{
	struct ld_enforce_info info = { 0 };
	struct ld_state st;
	__u32 slot;
	int err;

	if ((err = read_state(e, &st)) < 0)
		return err;
	info.sealed = st.sealed;
	info.generation = st.generation;
	info.policy = calloc(1, sizeof(*info.policy));
	if (!info.policy)
		return -ENOMEM;
	slot = st.active & 1;
	if (bpf_map_lookup_elem(e->map_fd[LD_PIN_POLICY], &slot, info.policy) < 0)
		err = -errno;
	else
		err = read_counters(e->pin_dir, &info);
	if (err < 0) {
		free(info.policy);
		return err;
	}
	for (int i = 0; i < LD_GUARD_IDS; i++) {
		info.n_maps += st.map_ids[i] != 0;
		info.n_progs += st.prog_ids[i] != 0;
		info.n_links += st.link_ids[i] != 0;
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
	if (bpf_map_update_elem(e->map_fd[LD_PIN_POLICY], &idle, p, BPF_ANY) < 0)
		return -errno;
	/* the switch: `active` is one aligned word of the state value */
	st.active = idle;
	st.generation++;
	return bpf_map_update_elem(e->map_fd[LD_PIN_STATE], &zero, &st, BPF_ANY) < 0 ? -errno : 0;
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
	if (bpf_map_update_elem(e->map_fd[LD_PIN_STATE], &zero, &st, BPF_ANY) < 0)
		return -errno;
	/* from here the guards are on; freezing makes even open fds read-only */
	if (bpf_map_freeze(e->map_fd[LD_PIN_POLICY]) < 0 ||
	    bpf_map_freeze(e->map_fd[LD_PIN_STATE]) < 0)
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
	if (st.sysctl_prog_id && (err = ld_sysctl_guard_detach(st.sysctl_prog_id)) < 0)
		return err;
	ld_unpin_all(e->pin_dir);
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
