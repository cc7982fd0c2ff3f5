// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The attacker's BPF programs of vm-enforce tamper, as raw instructions
 * loaded with bpf(2) (never libbpf's object loader): what root would write
 * to get past the seal. Each returns a program fd, or 0 / -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "../../bpf/lockdown_policy.h"
#include "enforce-progs.h"

int load_ret(__u32 btf_id, enum bpf_prog_type type, enum bpf_attach_type attach, int ret)
{
	/* r0 = ret; exit: 0 allows everything, a positive value passes "< 0" checks */
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = ret },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = attach,
		    .attach_btf_id = btf_id);

	return bpf_prog_load(type, "allow_all", "GPL", insns, 2, &o);
}

/*
 * A map-element iterator that writes 0 into the second 32-bit word of each
 * value: the state map's "sealed". r2 = ctx->value; if r2: *(u32 *)(r2 + 4) = 0.
 */
int load_iter_writer(struct btf *btf)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_1,
		  .off = 24 },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = BPF_REG_2, .off = 1, .imm = 0 },
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_2, .off = 4, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_ITER,
		    .attach_btf_id = (__u32)btf__find_by_name_kind(btf, "bpf_iter_bpf_map_elem",
								    BTF_KIND_FUNC));

	return bpf_prog_load(BPF_PROG_TYPE_TRACING, "iter_write", "GPL", insns, 5, &o);
}

/* Run an iterator program over the map behind map_fd (a read-only fd): 0 once it ran. */
int run_iter(int prog, int map_fd)
{
	union bpf_iter_link_info li = { .map.map_fd = (__u32)map_fd };
	LIBBPF_OPTS(bpf_link_create_opts, lo, .iter_info = &li, .iter_info_len = sizeof(li));
	int link = bpf_link_create(prog, 0, BPF_TRACE_ITER, &lo), it, r = 0;
	char buf[64];

	if (link < 0)
		return -errno;
	it = bpf_iter_create(link);
	if (it < 0 || read(it, buf, sizeof(buf)) < 0)
		r = -errno;
	if (it >= 0)
		close(it);
	close(link);
	return r;
}

/*
 * Zero the value at key (value_size bytes, at most 128) of the map behind
 * map_fd, a read-only fd is enough (the kernel checks the map's
 * BPF_F_RDONLY_PROG, not the descriptor): a socket filter calling
 * bpf_map_update_elem, run once by BPF_PROG_TEST_RUN. 0 or -errno.
 */
int zero_elem(int map_fd, __u32 key, __u32 value_size)
{
	struct bpf_insn insns[40] = { 0 };
	int n = 0, vs = (int)((value_size + 7) / 8 * 8), prog, r;
	char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = 1);

	if (vs > 128)
		return -EINVAL;
	/* key at fp-4; the value's zero bytes at fp-8-vs .. fp-8 */
	insns[n++] = (struct bpf_insn){ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10,
					.off = -4, .imm = (__s32)key };
	for (int off = 8 + vs; off > 8; off -= 8)
		insns[n++] = (struct bpf_insn){ .code = BPF_ST | BPF_MEM | BPF_DW,
						.dst_reg = BPF_REG_10, .off = (__s16)-off };
	insns[n++] = (struct bpf_insn){ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
					.src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd };
	n++; /* the second half of the 64-bit load */
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2,
					.src_reg = BPF_REG_10 };
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2,
					.imm = -4 };
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_3,
					.src_reg = BPF_REG_10 };
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_3,
					.imm = -8 - vs };
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4 };
	insns[n++] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_update_elem };
	insns[n++] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "zero_elem", "GPL", insns, (size_t)n, NULL);
	if (prog < 0)
		return -errno;
	r = bpf_prog_test_run_opts(prog, &t) < 0 ? -errno : t.retval == 0 ? 0 : -EIO;
	close(prog);
	return r;
}

/* A map iterator program (r0 = 0; exit), which BPF_LINK_UPDATE would take in place of ours. */
int load_map_iter(struct btf *btf)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_ITER,
		    .attach_btf_id = (__u32)btf__find_by_name_kind(btf, "bpf_iter_bpf_map",
								    BTF_KIND_FUNC));

	return bpf_prog_load(BPF_PROG_TYPE_TRACING, "map_iter", "GPL", insns, 2, &o);
}

/*
 * Put prog in the place of the program of the iterator link pinned at path
 * (reading the pin would then run it: counters of the attacker's choosing).
 * With restore (before the seal), put the original back: 0 once swapped.
 */
int swap_iter_prog(const char *path, int prog, bool restore)
{
	struct bpf_link_info info = { 0 };
	__u32 len = sizeof(info);
	int link = bpf_obj_get(path), orig = -1, r;

	if (link < 0)
		return -errno;
	if (restore && (bpf_obj_get_info_by_fd(link, &info, &len) < 0 ||
			(orig = bpf_prog_get_fd_by_id(info.prog_id)) < 0)) {
		r = -errno;
		close(link);
		return r;
	}
	r = bpf_link_update(link, prog, NULL) < 0 ? -errno : 0;
	if (r == 0 && orig >= 0 && bpf_link_update(link, orig, NULL) < 0)
		r = -errno; /* the original could not be put back: the control run says so */
	if (orig >= 0)
		close(orig);
	close(link);
	return r;
}

/* A sysctl program that takes back an earlier program's refusal: bpf_set_retval(0), return 1. */
int load_sysctl_allow(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_set_retval },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_CGROUP_SYSCTL);

	return bpf_prog_load(BPF_PROG_TYPE_CGROUP_SYSCTL, "allow_sysctl", "GPL", insns, 4, &o);
}
