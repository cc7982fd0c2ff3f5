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

/* What start pins, by file name under the pin directory. */
enum ld_pinned_map {
	LD_PIN_POLICY,
	LD_PIN_STATE,
	LD_PIN_COUNTS,
	LD_PIN_TAMPER,
	LD_PIN_EVENTS,
	LD_PIN_FOLLOW, /* not guarded by the seal: whether records are made is not policy */
	LD_N_PINNED_MAPS
};
extern const char *const ld_map_pin_names[LD_N_PINNED_MAPS]; /* pins.c */
#define LD_LINK_PREFIX "link-"

struct ld_enforcer {
	char *pin_dir;
	int map_fd[LD_N_PINNED_MAPS];
	bool writable; /* opened for writing (before the seal) */
	struct ring_buffer *rb;
	int follow_lock; /* the pin directory, flock()ed while following */
	ld_enforce_record_fn on_record;
	void *userdata;
};

/* load.c: take the sysctl guard off the cgroup2 root (0 when it is gone already). */
int ld_sysctl_guard_detach(__u32 prog_id);

/* pins.c: remove every pin, then the directory (what a failed start leaves, and stop). */
void ld_unpin_all(const char *pin_dir);

#endif
