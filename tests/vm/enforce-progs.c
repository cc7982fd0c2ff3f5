// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The attacker's BPF programs of vm-enforce tamper, as raw instructions
 * loaded with bpf(2) (never libbpf's object loader): what root would write
 * to get past the seal. Each returns a program fd, or 0 / -errno.
 */
#define _GNU_SOURCE
#include <errno.h>
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
 * A socket filter given map_fd (read-only is enough: the kernel checks the
 * map's BPF_F_RDONLY_PROG, not the descriptor) that zeroes the counters of
 * the last reason slot on its CPU, run once with BPF_PROG_TEST_RUN: 0 when
 * the write happened.
 */
int zero_counter(int map_fd)
{
	struct bpf_insn insns[] = {
		/* key = LD_POLICY_REASONS - 1 at fp-4; value = 24 zero bytes at fp-32 */
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4,
		  .imm = LD_POLICY_REASONS - 1 },
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_10, .off = -16, .imm = 0 },
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_10, .off = -24, .imm = 0 },
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_10, .off = -32, .imm = 0 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_3, .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_3, .imm = -32 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_update_elem },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = 1);
	int prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "zero_count", "GPL", insns,
				 sizeof(insns) / sizeof(insns[0]), NULL), r;

	if (prog < 0)
		return -errno;
	r = bpf_prog_test_run_opts(prog, &t) < 0 ? -errno : t.retval == 0 ? 0 : -EIO;
	close(prog);
	return r;
}
