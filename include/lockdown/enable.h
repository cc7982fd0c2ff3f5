/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * enable and disable: the model of one run. --now raises the level through
 * securityfs after check's verdict; --boot plans an edit of the boot
 * configuration (lockdown/bootcfg.h). The renderers show struct
 * ld_enable_result; the library decides what may be done.
 */
#ifndef LOCKDOWN_ENABLE_H
#define LOCKDOWN_ENABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/bootcfg.h"
#include "lockdown/bootcmd.h"
#include "lockdown/check.h"
#include "lockdown/level.h"

struct ld_root;
struct ld_status;

#define LD_SECURITYFS_LOCKDOWN "/sys/kernel/security/lockdown"

/* What --now may do, decided before anything is written. */
enum ld_now_decision {
	LD_NOW_GO,        /* raise (after the user's confirmation) */
	LD_NOW_INACTIVE,  /* the lockdown LSM is not active: a write would enforce nothing */
	LD_NOW_NO_LEVEL,  /* the level cannot be read (err) */
	LD_NOW_ALREADY,   /* the level is already there or higher: it cannot be lowered */
	LD_NOW_CHECK_FAILED, /* check could not run (err) */
	LD_NOW_UNKNOWN,   /* no blocker, but sources that might hold one were not read (no force) */
	LD_NOW_BLOCKED,   /* check finds blockers at the level (no force) */
};

struct ld_enable_now {
	enum ld_level level;        /* asked */
	enum ld_level before;       /* the level when the run started */
	enum ld_now_decision decision;
	int err;                    /* NO_LEVEL, CHECK_FAILED: -errno */
	struct ld_check_report check; /* check's one report: its verdict decides, it says why */
	size_t blockers;            /* blockers at the level */
	size_t unseen;              /* sources not read that might hold one, when no blocker */
	bool unknown;               /* the verdict at the level is unknown (said even with force) */
	/* after ld_enable_now_raise() */
	bool raised;                /* the kernel reads the level (or higher) back */
	enum ld_level after;        /* the level read back */
	int after_err;              /* reading it back failed: -errno */
};

/* Decide (st: the status collected on root), running check once when the level is to be raised. */
int ld_enable_now_decide(const struct ld_root *root, const struct ld_status *st, enum ld_level level,
			 bool force, struct ld_enable_now *ret);
/*
 * Write the level (a fake root's file is left as the kernel would show it)
 * and read it back: 0 (then raised, after and after_err say what the kernel
 * reads), -EPERM when the kernel refused (someone raised it meanwhile), or
 * -errno when the write failed.
 */
int ld_enable_now_raise(const struct ld_root *root, struct ld_enable_now *n);
void ld_enable_now_clear(struct ld_enable_now *n);

/* The facts about LSMs a boot plan needs, from the collected status (borrowed from st). */
void ld_boot_lsm_facts(const struct ld_status *st, struct ld_lsm_facts *ret);

/* One run of enable or disable, as its JSON document shows it. */
struct ld_enable_result {
	const char *verb;           /* "enable", "disable" */
	bool now;                   /* --now (else --boot) */
	bool dry_run;
	enum ld_level requested;    /* none for disable */
	bool changed;               /* something was written (or grubby ran) */
	const struct ld_enable_now *now_run; /* --now */
	const struct ld_boot_plan *plan;     /* --boot */
};

#endif
