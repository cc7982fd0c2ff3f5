// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-enforce: the enforce tests' hands inside the VM (never run elsewhere:
 * it tries to remove a lockdown policy from the kernel).
 *   reader N PATH      open and read PATH N times; "@@READER ok=X refused=Y other=Z ns=T"
 *   churn N DIR        create, rename and unlink a file in DIR N times (the
 *                      inode_rename and inode_unlink hooks); the same line
 *   bpfcall N          look up an element of an array map N times through
 *                      bpf(2) (the bpf hook); the same line
 *   mounts N DIR       mount a tmpfs on DIR and unmount it N times (the
 *                      sb_umount hook); the same line
 *   tamper PIN_DIR     every way root could remove or weaken the pinned
 *                      policy, or rewrite its counters, through user space; "@@TAMPER NAME RESULT" each,
 *                      RESULT ok (the attempt worked) or the errno name
 *   control PIN_DIR    the harmless subset of tamper, to show that before
 *                      the seal the same calls succeed (so tamper can fail)
 *   others PIN_DIR [control]  the attacks of the other program and attach
 *                      types (enforce-others.c); "@@OTHER NAME RESULT" each
 *   run CMD ARGS...    run CMD; "@@ELAPSED NS RC" (busybox date has no %N)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "../../bpf/lockdown_policy.h"
#include "enforce-progs.h"
#include "errno-name.h"

static void report(const char *name, int r)
{
	printf("@@TAMPER %s %s\n", name, r < 0 ? errno_name(-r) : "ok");
	fflush(stdout);
}

/* fd or -errno, closing any fd: only whether the kernel handed one out counts */
static int got_fd(int fd)
{
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int run(char **argv)
{
	long long t0 = now_ns();
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return perror("vm-enforce run"), 1;
	printf("@@ELAPSED %lld %d\n", now_ns() - t0, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 0;
}

static int reader(long n, const char *path)
{
	long ok = 0, refused = 0, other = 0;
	long long t0 = now_ns();
	char c;

	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);

		if (fd >= 0 && read(fd, &c, 1) >= 0)
			ok++;
		else if (errno == EPERM)
			refused++;
		else
			other++;
		if (fd >= 0)
			close(fd);
	}
	printf("@@READER ok=%ld refused=%ld other=%ld ns=%lld\n", ok, refused, other, now_ns() - t0);
	return 0;
}

/*
 * N times one allowed operation that crosses a hook of the enforce policy
 * (bench/enforce.sh): its outcome counted as reader counts opens.
 */
static int loop(long n, const char *op, const char *dir)
{
	long ok = 0, refused = 0, other = 0;
	char a[512], b[512];
	int map = -1;
	__u32 key = 0;
	__u64 val;
	long long t0;

	snprintf(a, sizeof(a), "%s/a", dir ? dir : "");
	snprintf(b, sizeof(b), "%s/b", dir ? dir : "");
	if (strcmp(op, "bpfcall") == 0 &&
	    (map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bench", sizeof(key), sizeof(val), 1, NULL)) < 0)
		return perror("vm-enforce bpfcall: map"), 1;
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int r = 0, fd;

		if (map >= 0) {
			r = bpf_map_lookup_elem(map, &key, &val);
		} else if (strcmp(op, "churn") == 0) {
			fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			r = fd < 0 ? -1 : close(fd);
			if (r == 0)
				r = rename(a, b);
			if (r == 0)
				r = unlink(b);
		} else {
			r = mount("bench", dir, "tmpfs", 0, NULL);
			if (r == 0)
				r = umount2(dir, 0);
		}
		if (r == 0)
			ok++;
		else if (errno == EPERM)
			refused++;
		else
			other++;
	}
	printf("@@READER ok=%ld refused=%ld other=%ld ns=%lld\n", ok, refused, other, now_ns() - t0);
	if (map >= 0)
		close(map);
	return 0;
}

/* Mount a tmpfs on PATH and take it off again: 0 when the mount was made. */
static int shadow(const char *path)
{
	if (mount("shadow", path, "tmpfs", 0, NULL) < 0)
		return -errno;
	umount2(path, 0);
	return 0;
}

/* Write VALUE to a sysctl: 0 or -errno of the write. */
static int write_sysctl(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		r = -errno;
	close(fd);
	return r;
}

/*
 * Maps only our programs write (the counters, the records), so no
 * descriptor at all, read-only included, by pin or by id: NAME-fd,
 * NAME-by-id, SECOND-fd, then NAME-rewrite, which zeroes the value at key
 * through a read-only descriptor (the kernel lets a program write there).
 */
struct written_maps {
	const char *name, *pin, *second, *second_pin;
	__u32 id, key, size;
};

static void attack_written(const char *dir, const struct written_maps *w)
{
	LIBBPF_OPTS(bpf_obj_get_opts, ro, .file_flags = BPF_F_RDONLY);
	LIBBPF_OPTS(bpf_get_fd_by_id_opts, ro_id, .open_flags = BPF_F_RDONLY);
	char path[512], path2[512], name[64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, w->pin);
	snprintf(path2, sizeof(path2), "%s/%s", dir, w->second_pin);
	snprintf(name, sizeof(name), "%s-fd", w->name);
	report(name, got_fd(bpf_obj_get_opts(path, &ro)));
	snprintf(name, sizeof(name), "%s-by-id", w->name);
	report(name, got_fd(bpf_map_get_fd_by_id_opts(w->id, &ro_id)));
	snprintf(name, sizeof(name), "%s-fd", w->second);
	report(name, got_fd(bpf_obj_get_opts(path2, &ro)));
	fd = bpf_obj_get_opts(path, &ro);
	snprintf(name, sizeof(name), "%s-rewrite", w->name);
	report(name, fd < 0 ? -errno : zero_elem(fd, w->key, w->size));
	if (fd >= 0)
		close(fd);
}

static int tamper(const char *dir, bool control)
{
	LIBBPF_OPTS(bpf_obj_get_opts, ro, .file_flags = BPF_F_RDONLY);
	struct ld_state st;
	char path[512], path2[512];
	struct btf *btf = btf__load_vmlinux_btf();
	int state_fd, fd, r;
	__u32 zero = 0;
	__s32 lsm_id, fmod_id;

	if (!btf)
		return fprintf(stderr, "vm-enforce: no vmlinux BTF\n"), 1;
	lsm_id = btf__find_by_name_kind(btf, "bpf_lsm_locked_down", BTF_KIND_FUNC);
	fmod_id = btf__find_by_name_kind(btf, "security_locked_down", BTF_KIND_FUNC);
	snprintf(path, sizeof(path), "%s/state", dir);
	state_fd = bpf_obj_get_opts(path, &ro);
	if (state_fd < 0 || bpf_map_lookup_elem(state_fd, &zero, &st) < 0)
		return fprintf(stderr, "vm-enforce: cannot read %s: %m\n", path), 1;

	/* the policy map: a writable fd by pin and by id, a write through a read-only fd */
	snprintf(path, sizeof(path), "%s/policy", dir);
	report("map-open-writable", got_fd(bpf_obj_get(path)));
	report("map-by-id-writable", got_fd(bpf_map_get_fd_by_id(st.map_ids[0])));
	report("link-by-id", got_fd(bpf_link_get_fd_by_id(st.link_ids[0])));
	/* the counters and the records: no descriptor at all; then one used to rewrite them */
	{
		const struct written_maps counters = { "counters", "counts", "tamper", "tamper",
						       st.counts_map_id, LD_POLICY_REASONS - 1,
						       sizeof(struct ld_enforce_counts) };
		const struct written_maps records = { "records", "records", "record-seq",
						      "record_seq", st.records_map_id, 1,
						      sizeof(struct ld_record) };

		attack_written(dir, &counters);
		attack_written(dir, &records);
	}
	report("prog-by-id", got_fd(bpf_prog_get_fd_by_id(st.prog_ids[0])));
	/* a program on the same hook that allows (loaded, never attached) */
	report("load-lsm-allow", got_fd(load_ret((__u32)lsm_id, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, 0)));
	report("load-fmod-ret", got_fd(load_ret((__u32)fmod_id, BPF_PROG_TYPE_TRACING,
					      BPF_MODIFY_RETURN, 0)));
	/*
	 * the guards' own hooks: an LSM program that allows, on the hook that
	 * guards map fds; an fmod_ret making security_bpf_map() answer 1, which
	 * its callers take for "allowed". Sealed, if it loads, it is attached
	 * and a writable fd of the policy map is asked for again.
	 */
	report("load-lsm-guard", got_fd(load_ret((__u32)btf__find_by_name_kind(btf, "bpf_lsm_bpf_map",
										BTF_KIND_FUNC),
						 BPF_PROG_TYPE_LSM, BPF_LSM_MAC, 0)));
	fd = load_ret((__u32)btf__find_by_name_kind(btf, "security_bpf_map", BTF_KIND_FUNC),
		      BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, 1);
	report("load-fmod-ret-guard", fd < 0 ? -errno : 0);
	/*
	 * a map-element iterator writing the state map through its read-only fd
	 * (before the seal it writes the 0 that is there: the path works)
	 */
	int iter = load_iter_writer(btf);

	report("load-map-iterator", iter < 0 ? -errno : 0);
	if (iter >= 0)
		report("map-iterator-unseal", run_iter(iter, state_fd));
	if (iter >= 0)
		close(iter);
	/* the counters' iterator link: a program of ours in its place would forge them */
	iter = load_map_iter(btf);
	report("load-map-iter", iter < 0 ? -errno : 0);
	if (iter >= 0) {
		snprintf(path2, sizeof(path2), "%s/" LD_COUNTERS_PIN, dir);
		report("iter-link-replace", swap_iter_prog(path2, iter, control));
		close(iter);
	}
	btf__free(btf);
	/*
	 * the global switch under the trampolines: with ftrace off, no LSM
	 * program runs, guards included. Switched back on at once, whatever
	 * happened (before the seal, to show the write works).
	 */
	r = write_sysctl("/proc/sys/kernel/ftrace_enabled", "0");
	write_sysctl("/proc/sys/kernel/ftrace_enabled", "1");
	report("ftrace-switch", r);
	/*
	 * a sysctl program after the guard: bpf_set_retval(0) and return 1 take
	 * back its refusal of the switch. Before the seal it only loads (attached,
	 * it would outlive the test); sealed, if it loaded, it is attached to the
	 * cgroup2 root, the switch tried, and everything put back.
	 */
	r = load_sysctl_allow();
	report("load-sysctl-prog", r < 0 ? -errno : 0);
	if (r >= 0 && !control) {
		int cg = open("/sys/fs/cgroup", O_RDONLY | O_DIRECTORY | O_CLOEXEC), w = -EBADF;

		if (cg >= 0 && bpf_prog_attach(r, cg, BPF_CGROUP_SYSCTL, BPF_F_ALLOW_MULTI) == 0) {
			w = write_sysctl("/proc/sys/kernel/ftrace_enabled", "0");
			write_sysctl("/proc/sys/kernel/ftrace_enabled", "1");
			bpf_prog_detach2(r, cg, BPF_CGROUP_SYSCTL);
		} else if (cg >= 0)
			w = -errno;
		report("sysctl-retval-bypass", w);
		if (cg >= 0)
			close(cg);
	}
	if (r >= 0)
		close(r);
	if (fd >= 0 && !control) {
		int link = bpf_raw_tracepoint_open(NULL, fd);

		report("fmod-ret-guard-bypass", link < 0 ? -errno : got_fd(bpf_obj_get(path)));
		if (link >= 0)
			close(link);
	}
	if (fd >= 0)
		close(fd);
	/*
	 * a tmpfs mounted over the pins, or over bpffs: lockdownctl would then
	 * read someone else's pins. Unmounted at once if it got through.
	 */
	report("shadow-pins", shadow(dir));
	report("shadow-bpffs", shadow("/sys/fs/bpf"));
	if (control)
		return 0;

	fd = bpf_obj_get_opts(path, &ro);
	if (fd >= 0) {
		struct ld_policy none = { .version = LD_POLICY_VERSION };

		r = bpf_map_update_elem(fd, &zero, &none, BPF_ANY) < 0 ? -errno : 0;
		if (r == 0) {
			__u32 one = 1;
			r = bpf_map_update_elem(fd, &one, &none, BPF_ANY) < 0 ? -errno : 0;
		}
		close(fd);
	} else
		r = -errno;
	report("map-write-readonly-fd", r);
	/* the link through its pin: detach it, or swap its program */
	snprintf(path, sizeof(path), "%s/link-lsm_locked_down", dir);
	fd = bpf_obj_get(path);
	report("link-open-pin", fd < 0 ? -errno : 0);
	if (fd >= 0) {
		struct bpf_insn ret0[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		int prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "ret0", "GPL", ret0, 2, NULL);

		report("link-detach", bpf_link_detach(fd) < 0 ? -errno : 0);
		report("link-update", prog < 0 ? -errno
					   : bpf_link_update(fd, prog, NULL) < 0 ? -errno : 0);
		if (prog >= 0)
			close(prog);
		close(fd);
	}
	/* the pins: unlink, rename away, rename over, and the directory itself */
	report("unpin-unlink", unlink(path) < 0 ? -errno : 0);
	snprintf(path2, sizeof(path2), "%s/../moved", dir);
	report("unpin-rename", rename(path, path2) < 0 ? -errno : 0);
	snprintf(path2, sizeof(path2), "%s/counts", dir);
	report("unpin-rename-over", rename(path2, path) < 0 ? -errno : 0);
	snprintf(path2, sizeof(path2), "%s.moved", dir);
	report("unpin-rename-dir", rename(dir, path2) < 0 ? -errno : 0);
	/* unmount bpffs, or what it hangs from */
	report("umount-bpffs", umount2("/sys/fs/bpf", 0) < 0 ? -errno : 0);
	report("umount-bpffs-lazy", umount2("/sys/fs/bpf", MNT_DETACH) < 0 ? -errno : 0);
	report("umount-sys-lazy", umount2("/sys", MNT_DETACH) < 0 ? -errno : 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "reader") == 0)
		return reader(atol(argv[2]), argv[3]);
	if (argc == 3 && strcmp(argv[1], "tamper") == 0)
		return tamper(argv[2], false);
	if (argc == 3 && strcmp(argv[1], "control") == 0)
		return tamper(argv[2], true);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "others") == 0)
		return others(argv[2], argc == 4 && strcmp(argv[3], "control") == 0);
	if ((argc == 4 && (strcmp(argv[1], "churn") == 0 || strcmp(argv[1], "mounts") == 0)) ||
	    (argc == 3 && strcmp(argv[1], "bpfcall") == 0))
		return loop(atol(argv[2]), argv[1], argv[3]);
	if (argc >= 3 && strcmp(argv[1], "run") == 0)
		return run(argv + 2);
	fprintf(stderr, "usage: vm-enforce reader N PATH | churn N DIR | bpfcall N | mounts N DIR |\n"
			"       tamper PIN_DIR | control PIN_DIR | others PIN_DIR [control] | run CMD...\n");
	return 2;
}
