/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VM_ENFORCE_PROGS_H
#define VM_ENFORCE_PROGS_H

#include <linux/bpf.h>
#include <stdbool.h>

struct btf;

/* A program returning RET on btf_id (LSM or fmod_ret): an fd or -1 with errno. */
int load_ret(__u32 btf_id, enum bpf_prog_type type, enum bpf_attach_type attach, int ret);
/* A map-element iterator writing 0 into the second word of every value: an fd or -1. */
int load_iter_writer(struct btf *btf);
/* Run an iterator program over the map behind map_fd: 0 once it ran, or -errno. */
int run_iter(int prog, int map_fd);
/* Zero the value at key through map_fd (read-only is enough), with a socket filter run by
 * BPF_PROG_TEST_RUN: 0 or -errno. */
int zero_elem(int map_fd, __u32 key, __u32 value_size);

/* A map iterator program doing nothing: an fd or -1 with errno. */
int load_map_iter(struct btf *btf);
/* Swap prog into the iterator link pinned at path (restore: and back): 0 or -errno. */
int swap_iter_prog(const char *path, int prog, bool restore);

/* enforce-others.c: the attacks of docs/other-attach-types.md; 0 */
int others(const char *dir, bool control);

/* A sysctl program calling bpf_set_retval(0) and returning 1: an fd or -1 with errno. */
int load_sysctl_allow(void);

#endif
