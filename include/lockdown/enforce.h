/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_ENFORCE_H
#define LOCKDOWN_ENFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

struct ld_catalogue;
struct ld_policy; /* bpf/lockdown_policy.h: what the BPF side reads */
struct ld_root;
struct ld_status;

/* Reason numbers a policy can name: 0 to LD_ENFORCE_REASONS - 1. */
#define LD_ENFORCE_REASONS 128

/*
 * A policy as written: statements with where they came from, so that every
 * error names the file and line (or the command-line statement). Names are
 * checked against this kernel's reasons only by ld_policy_resolve().
 *
 *   level integrity            refuse every reason integrity forbids
 *   refuse kcore tracefs       ... and these
 *   allow hibernation          ... but not this one
 *   mode permissive            refusals are recorded and let through
 *   permissive kprobes         this reason only (or `enforce R` under mode permissive)
 *   exempt /system.slice/x.service kexec   this cgroup (v2) and below may
 *   seal yes                   the systemd unit seals after starting
 */
enum ld_stmt_kind {
	LD_STMT_REFUSE,
	LD_STMT_ALLOW,
	LD_STMT_PERMISSIVE,
	LD_STMT_ENFORCE,
	LD_STMT_EXEMPT,
};

struct ld_policy_stmt {
	enum ld_stmt_kind kind;
	char *reason;
	char *cgroup; /* LD_STMT_EXEMPT */
	const char *source; /* file name, or "command line" (not owned) */
	size_t line;
};

struct ld_policy_src {
	enum ld_level level;
	const char *level_source;
	size_t level_line;
	bool permissive; /* mode permissive */
	bool seal;
	struct ld_policy_stmt *stmts;
	size_t n_stmts;
	char **sources; /* owned copies of the file names used */
	size_t n_sources;
};

struct ld_policy_error {
	char source[512];
	size_t line; /* 0: the whole input */
	char message[512];
};

/*
 * Add the statements of one input (a file's content, or a single
 * command-line statement) to src. -EINVAL with err filled on a bad line;
 * src is unchanged then. `source` names the input in errors.
 */
int ld_policy_parse(struct ld_policy_src *src, const char *source, const char *text, size_t len,
		    struct ld_policy_error *err);
void ld_policy_src_clear(struct ld_policy_src *src);

/* One exemption as resolved: the cgroup path and what it was resolved to. */
struct ld_policy_exempt_path {
	char *path;
	uint64_t cgroup_id;
	unsigned level;
};

/*
 * Turn the statements into what the BPF side reads, numbered by this
 * kernel's catalogue. cgroup_id_of maps a cgroup path to its id and depth
 * (the caller decides where cgroup2 is mounted, so tests use a fake tree);
 * -ENOENT from it is an error naming the line. -EINVAL with err filled.
 */
typedef int (*ld_cgroup_resolver)(const char *path, uint64_t *ret_id, unsigned *ret_level,
				  void *userdata);
int ld_policy_resolve(const struct ld_policy_src *src, const struct ld_catalogue *cat,
		      ld_cgroup_resolver resolve_cgroup, void *userdata, struct ld_policy *ret,
		      struct ld_policy_error *err);

/* The cgroup id and depth of a cgroup2 directory: its inode number, and its '/' count. */
int ld_cgroup_lookup(const char *cgroup2_mount, const char *path, uint64_t *ret_id,
		     unsigned *ret_level);

/* --- a policy from where the user gives it (lib/enforce/policy-build.c) -- */

struct ld_policy_input {
	const char *file; /* under the root; "-": standard input */
	bool file_given;  /* else a missing file is no error when there are statements */
	const char *const *statements; /* after the file's; named "-e #1", ... in errors */
	size_t n_statements;
};

/* Where ld_policy_build() stopped. */
enum ld_policy_step {
	LD_POLICY_STEP_READ,
	LD_POLICY_STEP_PARSE,
	LD_POLICY_STEP_RESOLVE,
};

/*
 * Read the file (if any), parse it and the statements into src, then
 * resolve them for this kernel, cgroups under the root's cgroup2 mount.
 * *ret (caller frees) is what start and reload load. On failure
 * *ret_step says which step failed; -EINVAL from parse or resolve fills err.
 */
int ld_policy_build(const struct ld_policy_input *in, const struct ld_root *root,
		    const struct ld_catalogue *cat, struct ld_policy_src *src,
		    struct ld_policy **ret, struct ld_policy_error *err,
		    enum ld_policy_step *ret_step);

/* --- the policy in the kernel (lib/enforce/load.c, pins.c, follow.c) ---- */

#define LD_ENFORCE_PIN_DIR "/sys/fs/bpf/lockdownctl"

struct ld_enforcer;
struct ld_trace_record;

/*
 * Load the programs with the policy in slot 0, attach them, and pin maps
 * and links under pin_dir (created; its parent must be on bpffs) so the
 * policy outlives the process. -EEXIST when a policy is already pinned
 * there. On failure nothing stays loaded or pinned; *error (caller frees)
 * may say more.
 */
int ld_enforce_start(const char *pin_dir, const struct ld_policy *p, char **error);
/* Whether pin_dir's parent, put in ret_parent, is on bpffs (start pins there). */
bool ld_enforce_pin_parent_on_bpffs(const char *pin_dir, char *ret_parent, size_t size);

/* The pinned policy; -ENOENT when none is. */
int ld_enforcer_open(const char *pin_dir, struct ld_enforcer **ret);
void ld_enforcer_free(struct ld_enforcer *e);

/* Slots of ld_enforce_info.tamper: what the seal refused. */
enum ld_enforce_tamper {
	LD_ENFORCE_TAMPER_MAP,    /* a writable fd to a policy map */
	LD_ENFORCE_TAMPER_PROG,   /* an fd to one of our programs */
	LD_ENFORCE_TAMPER_LINK,   /* an fd to one of our links by id */
	LD_ENFORCE_TAMPER_LOAD,   /* a new program on the lockdown hook */
	LD_ENFORCE_TAMPER_PIN,    /* unlink, rename or rmdir in the pin directory */
	LD_ENFORCE_TAMPER_UMOUNT, /* unmounting a mount the pins hang from */
	LD_ENFORCE_TAMPER_UNUSED, /* was "ring buffer full": records are no longer dropped */
	LD_ENFORCE_TAMPER_SWITCH, /* writing kernel.ftrace_enabled */
	LD_ENFORCE_TAMPER_MAX = 8,
};

struct ld_enforce_info {
	bool sealed;
	uint64_t generation;
	struct ld_policy *policy; /* the slot in force (owned by info) */
	uint64_t refused[LD_ENFORCE_REASONS], permissive[LD_ENFORCE_REASONS],
		exempt[LD_ENFORCE_REASONS]; /* by reason number */
	uint64_t tamper[LD_ENFORCE_TAMPER_MAX]; /* by enum ld_enforce_tamper */
	uint32_t n_maps, n_progs, n_links;
};
int ld_enforcer_read(struct ld_enforcer *e, struct ld_enforce_info *ret);
void ld_enforce_info_clear(struct ld_enforce_info *info);

/* Write the idle slot, then switch to it: no check sees a mix. -EPERM when sealed. */
int ld_enforcer_reload(struct ld_enforcer *e, const struct ld_policy *p);
/* One-way: mark sealed, then freeze the policy and state maps. */
int ld_enforcer_seal(struct ld_enforcer *e);
/* Unpin everything (the links go with the last reference). -EPERM when sealed. */
int ld_enforcer_stop(struct ld_enforcer *e);

/*
 * Stream refusals and permissive hits made from now on; on_record returns
 * < 0 to stop. Any number of followers, before and after the seal. poll
 * hands what is new (how many), or waits timeout_ms when nothing is. The
 * kernel keeps the last 256 records: lost counts those a follower too slow
 * never saw. Records are made only within 5 s of a read: unread_ns is how
 * long past that this follower went unread (stopped), when none were made.
 * The counters count every one.
 */
typedef int (*ld_enforce_record_fn)(const struct ld_trace_record *rec, void *userdata);
int ld_enforcer_follow_open(struct ld_enforcer *e, ld_enforce_record_fn fn, void *userdata);
int ld_enforcer_follow_poll(struct ld_enforcer *e, int timeout_ms);
uint64_t ld_enforcer_follow_lost(const struct ld_enforcer *e);
uint64_t ld_enforcer_follow_unread_ns(const struct ld_enforcer *e);

/*
 * Reasons a seal needs refused (enforced, not exempt) by this policy unless
 * the built-in level already refuses them: every reason of the integrity
 * level, since each changes the running kernel (a module, a new kernel,
 * I/O ports, MSRs, a hibernation image...), and so could undo the policy.
 * Returns how many are missing and puts their names (catalogue-owned), in
 * catalogue order, in ret_names[0..max).
 */
size_t ld_policy_seal_missing(const struct ld_policy *p, const struct ld_catalogue *cat,
			      enum ld_level builtin, const char **ret_names, size_t max);

struct ld_status;
/*
 * Whether enforce start can load a policy here (lib/enforce/decide.c): the
 * BPF LSM active, the pin directory's parent on bpffs. *why is NULL when it
 * can, else a sentence for the user (caller frees), *unsupported when this
 * kernel cannot run a policy at all. 0 or -ENOMEM.
 */
int ld_enforce_decide_start(const struct ld_status *st, const char *pin_dir, char **why,
			    bool *unsupported);
/* Whether sealing p is worth anything (ld_policy_seal_missing()): *why as above. */
int ld_enforce_decide_seal(const struct ld_policy *p, const struct ld_status *st, char **why);


/* --- what enforce shows about a policy (lib/enforce/view.c) ------------- */

/* What the policy does with a reason. */
enum ld_enforce_action {
	LD_ENFORCE_ALLOW,
	LD_ENFORCE_REFUSE,
	LD_ENFORCE_PERMISSIVE,
};

/* A reason worth a row: named by the policy, or counted. */
struct ld_enforce_view_reason {
	const char *name; /* the catalogue's */
	int64_t number;
	enum ld_level level;
	enum ld_enforce_action action;
	bool builtin_refuses; /* the built-in level refuses it first */
	uint64_t refused, permissive, exempt; /* the counters, when loaded */
};

/* One exempt cgroup. */
struct ld_enforce_view_exempt {
	char *cgroup; /* its path under the cgroup2 mount; NULL: not found */
	uint64_t cgroup_id;
	const char **reasons; /* the catalogue's names, in its order */
	size_t n_reasons;
};

/* A policy, in force or about to be, as enforce shows it. */
/* The seal's threat model (docs/threat-model.md): each class and whether the seal closes it. */
enum ld_threat_status {
	LD_THREAT_CLOSED,       /* an attack is in the VM tier and fails on both kernels */
	LD_THREAT_OPEN,         /* an attack is known to work */
	LD_THREAT_NOT_ANALYSED, /* not tried yet: not closed */
};

struct ld_threat {
	const char *id;   /* "ftrace-switch" */
	const char *what; /* the class in words */
	enum ld_threat_status status;
	bool exemptions_only; /* open only through a policy's exemptions: closed without any */
};

/* Every class, in the document's order. */
size_t ld_seal_threats(const struct ld_threat **ret);
#define LD_SEAL_THREATS_MAX 24
/*
 * The classes as they stand for sealed policy p, in ret[0..max): a class
 * open only through what a policy grants (root joining an exempt cgroup)
 * is closed for a policy that grants nothing of it. Returns the count.
 */
size_t ld_seal_threats_for(const struct ld_policy *p, struct ld_threat *ret, size_t max);
const char *ld_threat_status_to_string(enum ld_threat_status s);

struct ld_enforce_view {
	const char *title;   /* the caller's: "Policy in force", "Policy (dry run)" */
	const char *pin_dir; /* the caller's */
	bool loaded;         /* in force: the seal, generation and counters are set */
	bool sealed;
	uint64_t generation;
	enum ld_level builtin; /* the built-in level now */
	uint64_t tamper[LD_ENFORCE_TAMPER_MAX]; /* by enum ld_enforce_tamper */
	struct ld_enforce_view_reason *reasons; /* in the catalogue's order */
	size_t n_reasons;
	struct ld_enforce_view_exempt *exempts;
	size_t n_exempts;
	struct ld_threat threats[LD_SEAL_THREATS_MAX]; /* in force: the threat model, for this policy */
	size_t n_threats;
};

/*
 * The view of policy p, with info's counters and seal when it is in force
 * (NULL for a dry run), named by st's catalogue and found under the root's
 * cgroup2 mount. Clear it with ld_enforce_view_clear().
 */
int ld_enforce_view_build(const struct ld_policy *p, const struct ld_enforce_info *info,
			  const struct ld_status *st, const struct ld_root *root,
			  struct ld_enforce_view *ret);
void ld_enforce_view_clear(struct ld_enforce_view *v);

#endif
