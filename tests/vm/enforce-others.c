// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-enforce others PIN_DIR [control]: the attacks of docs/other-attach-types.md
 * (class by class: other BPF program types, the tracing switches, kernel
 * memory writes, the pins from other mount namespaces), written as root
 * would, with raw bpf(2), sysctl and file writes. "@@OTHER NAME RESULT
 * KCORE" each: RESULT ok (the attempt worked) or the errno name, KCORE the
 * same for an open of /proc/kcore, which the policy refuses, right after
 * the attempt (for a switch, while it is switched: each is put back at
 * once). With control (before the seal) the pins are left alone, to show
 * the others work there. Inside the VM only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "../../bpf/lockdown_policy.h"
#include "enforce-progs.h"
#include "errno-name.h"

/* Open /proc/kcore, which the policy refuses: 0 or -errno. */
static int kcore(void)
{
	int fd = open("/proc/kcore", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static void report_k(const char *name, int r, int k)
{
	printf("@@OTHER %s %s %s\n", name, r < 0 ? errno_name(-r) : "ok",
	       k < 0 ? errno_name(-k) : "ok");
	fflush(stdout);
}

static void report(const char *name, int r)
{
	report_k(name, r, kcore());
}

/* Write value to path, try kcore, put back what was there; report both. */
static void flip(const char *name, const char *path, const char *value)
{
	char old[64] = "";
	int fd = open(path, O_RDWR), r = 0, k;
	ssize_t n;

	if (fd < 0) {
		report(name, -errno);
		return;
	}
	n = read(fd, old, sizeof(old) - 1);
	if (n < 0 || write(fd, value, strlen(value)) < 0)
		r = -errno;
	k = kcore();
	if (r == 0)
		(void)!pwrite(fd, old, (size_t)n, 0);
	close(fd);
	report_k(name, r, k);
}

/*
 * C13.5: a syscall program asking bpf_sys_bpf(BPF_MAP_GET_FD_BY_ID) for a
 * writable fd of the policy map, run by BPF_PROG_TEST_RUN: its retval is
 * the fd or -errno.
 */
static int syscall_map_by_id(__u32 map_id)
{
	struct bpf_insn insns[] = {
		/* union bpf_attr { map_id, next_id, open_flags } at fp-16, writable */
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -16,
		  .imm = (__s32)map_id },
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -12 },
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -8 },
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1,
		  .imm = BPF_MAP_GET_FD_BY_ID },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -16 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 12 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_sys_bpf },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .prog_flags = BPF_F_SLEEPABLE);
	LIBBPF_OPTS(bpf_test_run_opts, t);
	int prog = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "map_by_id", "GPL", insns,
				 sizeof(insns) / sizeof(insns[0]), &o), r;

	if (prog < 0)
		return -errno;
	r = bpf_prog_test_run_opts(prog, &t) < 0 ? -errno : (int)t.retval;
	close(prog);
	if (r >= 0)
		close(r);
	return r < 0 ? r : 0;
}

/*
 * C13.1: a kprobe program calling bpf_override_return(ctx, 0), loaded; the
 * kernel has it only with CONFIG_BPF_KPROBE_OVERRIDE, and attaches it only
 * to error-injectable functions.
 */
static int kprobe_override(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_override_return },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int prog = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "override", "GPL", insns,
				 sizeof(insns) / sizeof(insns[0]), NULL);

	if (prog < 0)
		return -errno;
	close(prog);
	return 0;
}

/* C13.4: an fexit program on a guard's hook storing into its return value. */
static int fexit_write_return(struct btf *btf)
{
	struct bpf_insn insns[] = {
		/* bpf_lsm_bpf_map(map, fmode): the return value follows the two arguments */
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_1, .off = 16 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	__s32 id = btf__find_by_name_kind(btf, "bpf_lsm_bpf_map", BTF_KIND_FUNC);
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_FEXIT,
		    .attach_btf_id = (__u32)id);
	int prog = bpf_prog_load(BPF_PROG_TYPE_TRACING, "fexit_ret", "GPL", insns,
				 sizeof(insns) / sizeof(insns[0]), &o);

	if (prog < 0)
		return -errno;
	close(prog);
	return 0;
}

/* C13.9: unlink a pin from a new mount namespace (a child), or through /proc/1/root. */
static int unlink_elsewhere(const char *path, bool new_ns)
{
	pid_t pid;
	int status;

	if (!new_ns)
		return unlink(path) < 0 ? -errno : 0;
	pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) < 0 ? 200 : unlink(path) < 0 ? errno : 0);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -ECHILD;
	return WEXITSTATUS(status) == 200 ? -ENOSYS : -WEXITSTATUS(status);
}

int others(const char *dir, bool control)
{
	LIBBPF_OPTS(bpf_obj_get_opts, ro, .file_flags = BPF_F_RDONLY);
	struct btf *btf = btf__load_vmlinux_btf();
	char path[512];
	struct ld_state st;
	__u32 zero = 0;
	int fd, r;

	snprintf(path, sizeof(path), "%s/state", dir);
	fd = bpf_obj_get_opts(path, &ro);
	if (!btf || fd < 0 || bpf_map_lookup_elem(fd, &zero, &st) < 0)
		return fprintf(stderr, "vm-enforce: cannot read %s or the vmlinux BTF\n", path), 1;
	close(fd);

	/* other BPF program types */
	report("syscall-prog-map-by-id", syscall_map_by_id(st.map_ids[0]));
	report("kprobe-override", kprobe_override());
	report("fexit-write-return", fexit_write_return(btf));
	btf__free(btf);
	/* tracing and BPF switches: each put back at once */
	flip("kprobes-optimization", "/proc/sys/debug/kprobes-optimization", "0");
	flip("bpf-stats", "/proc/sys/kernel/bpf_stats_enabled", "1");
	flip("jit-off", "/proc/sys/net/core/bpf_jit_enable", "0");
	flip("tracing-off", "/sys/kernel/tracing/tracing_on", "0");
	flip("kprobes-disable", "/sys/kernel/debug/kprobes/enabled", "0");
	/* kernel memory, the ways the integrity reasons name */
	fd = open("/dev/mem", O_RDWR | O_CLOEXEC);
	report("dev-mem-write", fd < 0 ? -errno : 0);
	if (fd >= 0)
		close(fd);
	r = iopl(3) < 0 ? -errno : 0;
	if (r == 0)
		iopl(0);
	report("iopl", r);
	if (!control) {
		/* the pins, from another mount namespace and through another root */
		snprintf(path, sizeof(path), "%s/link-lsm_locked_down", dir);
		report("unlink-new-mntns", unlink_elsewhere(path, true));
		snprintf(path, sizeof(path), "/proc/1/root%s/link-lsm_locked_down", dir);
		report("unlink-proc-root", unlink_elsewhere(path, false));
	}
	return 0;
}
