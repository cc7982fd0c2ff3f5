/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal to lib/enforce: what the live side's files share (load.c,
 * pins.c, follow.c).
 *
 * The live side of enforce: owns the lockdown_enforce skeleton while it
 * starts the policy, then works only through the pins. The policy lives in
 * the kernel, held by its bpffs pins, not by a process: start loads,
 * attaches, pins and exits; status, reload, seal, follow and stop open the
 * pins again.
 */
#ifndef LOCKDOWN_ENFORCE_PINS_H
#define LOCKDOWN_ENFORCE_PINS_H

#include <linux/types.h>
#include <stdbool.h>

#include "lockdown/enforce.h"
#include "records.h"

/*
 * What start pins, by file name under the pin directory. The first
 * LD_MAP_READABLE (policy, state) are the only ones opened by fd once
 * sealed; the counters and the records are read through iterator pins.
 */
enum ld_pinned_map {
	LD_PIN_POLICY,
	LD_PIN_STATE,
	LD_PIN_COUNTS,
	LD_PIN_TAMPER,
	LD_PIN_RECORDS,
	LD_PIN_RECORD_SEQ,
	LD_N_PINNED_MAPS
};
extern const char *const ld_map_pin_names[LD_N_PINNED_MAPS]; /* pins.c */
#define LD_LINK_PREFIX "link-"

struct ld_enforcer {
	char *pin_dir;
	int map_fd[LD_N_PINNED_MAPS];
	bool writable; /* opened for writing (before the seal) */
	struct ld_records_cursor follow; /* follow.c */
	__u64 follow_read_ns;            /* CLOCK_MONOTONIC of its last read */
	__u64 follow_unread_ns;          /* time past LD_RECORDS_READER_NS between two reads */
	ld_enforce_record_fn on_record;
	void *userdata;
};

/* load.c: take the sysctl guard off the cgroup2 root (0 when it is gone already). */
int ld_sysctl_guard_detach(__u32 prog_id);

/* pins.c: remove every pin, then the directory (what a failed start leaves, and stop). */
void ld_unpin_all(const char *pin_dir);

/*
 * pins.c: read the pin of one of our iterators (pin_dir/name) whole into
 * *ret (caller frees), at most max bytes; -EBADMSG when it says more.
 */
int ld_iter_pin_read(const char *pin_dir, const char *name, size_t max, char **ret, size_t *ret_len);

#endif
