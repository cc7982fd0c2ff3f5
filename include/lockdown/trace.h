/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * trace: the lockdown checks the kernel makes, as they happen (BPF), or as a
 * recorded event file replays them. The same events feed the same summary
 * either way, which is how the summary is tested without a kernel.
 */
#ifndef LOCKDOWN_TRACE_H
#define LOCKDOWN_TRACE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lockdown/error.h"
#include "lockdown/level.h"
#include "lockdown/strv.h"

struct ld_catalogue;

/* ---- raw records from the ring buffer ----------------------------------- */

enum ld_record_kind {
	LD_RECORD_CHECK = 1,
	LD_RECORD_EXEC = 2,
	LD_RECORD_EXIT = 3,
};

/* A validated copy of one ring-buffer record; strings always terminated. */
struct ld_trace_record {
	enum ld_record_kind kind;
	uint32_t flags; /* LD_TRACE_F_* */
	uint64_t mono_ns;
	uint32_t pid, tgid;
	/* LD_RECORD_CHECK */
	uint64_t cgroup_id;
	uint32_t uid;
	int32_t reason;
	int32_t ret;
	char comm[17];
	/* LD_RECORD_EXEC */
	char exe[257];
	char args[513]; /* argv joined by NULs, args_len bytes */
	size_t args_len;
};

#define LD_TRACE_F_KTHREAD   (1u << 0)
#define LD_TRACE_F_IDLE      (1u << 1)
#define LD_TRACE_F_TRUNCATED (1u << 2)
#define LD_TRACE_F_PERMISSIVE (1u << 3) /* enforce: recorded, let through */
#define LD_TRACE_F_EXEMPT     (1u << 4) /* enforce: the cgroup is exempt */

/* -EBADMSG when the bytes are not a record this version understands. */
int ld_trace_record_decode(const void *data, size_t size, struct ld_trace_record *ret);

/* ---- events: a check, named and attributed ------------------------------ */

enum ld_trace_context {
	LD_TRACE_PROCESS,       /* a user process asked */
	LD_TRACE_KERNEL_THREAD, /* a kernel thread: on behalf of someone else */
	LD_TRACE_IDLE,          /* pid 0: interrupt or idle, nobody's request */
};

struct ld_trace_event {
	uint64_t time_ns; /* CLOCK_REALTIME */
	uint32_t pid, tgid, uid;
	uint64_t cgroup_id;
	char comm[17];
	int64_t value;        /* the kernel's reason number */
	char enumerator[64];  /* "LOCKDOWN_KCORE", or "" when this kernel has no such value */
	char name[64];        /* as status --reasons names it ("kcore"), "reason#N" when unnamed */
	enum ld_level level;  /* lowest level refusing it; _LD_LEVEL_INVALID if unknown */
	int32_t ret;          /* the kernel's verdict: 0 allowed */
	enum ld_trace_context context;
	char *exe;     /* NULL when unknown */
	char *cmdline; /* NULL when unknown */
};

const char *ld_trace_context_to_string(enum ld_trace_context c);
int ld_trace_context_from_string(const char *s, enum ld_trace_context *ret);
void ld_trace_event_clear(struct ld_trace_event *ev);

/* Name a check record's reason through the catalogue (NULL: unnamed). */
void ld_trace_event_name(struct ld_trace_event *ev, const struct ld_catalogue *cat);
/* "kcore" for LOCKDOWN_KCORE, as status --reasons names it; "reason#N" when unnamed (""). */
void ld_trace_reason_name(const char *enumerator, int64_t value, char *buf, size_t size);

/* ---- what user space remembers of each process -------------------------- */

struct ld_proc_cache;

int ld_proc_cache_new(const char *proc_root, struct ld_proc_cache **ret);
void ld_proc_cache_free(struct ld_proc_cache *c);
/* An exec record: remember what ran, from BPF, before the process can vanish. */
int ld_proc_cache_exec(struct ld_proc_cache *c, const struct ld_trace_record *rec);
void ld_proc_cache_exit(struct ld_proc_cache *c, uint32_t tgid);
/*
 * Fill ev->exe and ev->cmdline for tgid: from the exec record if there was
 * one, else from /proc while the process lives (and remembered). Also tells
 * kernel threads apart when BPF could not (kprobe mode).
 */
int ld_proc_cache_attribute(struct ld_proc_cache *c, struct ld_trace_event *ev);

/* ---- the summary -------------------------------------------------------- */

#define LD_TRACE_MAX_PROCS 16 /* per reason; more are counted, not listed */

struct ld_trace_proc {
	uint32_t tgid;
	char comm[17];
	char *exe;
	enum ld_trace_context context;
	uint64_t checks;
};

struct ld_trace_reason {
	int64_t value;
	char enumerator[64];
	char name[64]; /* as in struct ld_trace_event */
	enum ld_level level;
	uint64_t checks;
	uint64_t denied; /* refused by the kernel as it is now */
	uint64_t first_ns, last_ns;
	struct ld_trace_proc procs[LD_TRACE_MAX_PROCS];
	size_t n_procs;
	uint64_t more_procs; /* distinct processes beyond the list */
};

struct ld_trace_summary {
	struct ld_trace_reason *reasons; /* sorted by value when finished */
	size_t n;
	uint64_t events;
	uint64_t lost_checks;  /* check events the ring buffer had no room for */
	uint64_t lost_execs;   /* exec records lost: some processes unnamed */
	uint64_t lost_follows; /* descendants that could not be followed */
	uint64_t checks;       /* all reasons' checks, kept as they rise */
	/* once finished, by value: the names of the reasons each level would refuse ... */
	struct ld_strv would_refuse[_LD_LEVEL_MAX];
	struct ld_strv denied; /* ... and of those the kernel as it is now refused */
};

int ld_trace_summary_add(struct ld_trace_summary *s, const struct ld_trace_event *ev);
/*
 * Exact kernel-side totals for one reason (from the BPF counters): raise the
 * counts where events were lost, so the summary never under-reports.
 */
int ld_trace_summary_set_exact(struct ld_trace_summary *s, int64_t value, const char *enumerator,
			       enum ld_level level, uint64_t checks, uint64_t denied);
/*
 * What the kernel counted for one process and reason (summary mode): the
 * reason's first and last times widen to these, and the process's count
 * rises to them if the process is listed (added by its first event).
 */
void ld_trace_summary_set_proc(struct ld_trace_summary *s, int64_t value, uint32_t tgid,
			       uint64_t checks, uint64_t first_ns, uint64_t last_ns);
/* Sort the reasons and name what each level would refuse and what was refused: -ENOMEM. */
int ld_trace_summary_finish(struct ld_trace_summary *s);
void ld_trace_summary_clear(struct ld_trace_summary *s);
/* Would `level` refuse this reason? */
bool ld_trace_reason_refused_at(const struct ld_trace_reason *r, enum ld_level level);

/* ---- event files: JSON Lines as `trace --json` / `--output` write them --- */

/*
 * A CLOCK_REALTIME time: RFC 3339 in UTC with microseconds, as the "time" of
 * an event (journalctl -o short-iso-precise), or with clock the local time
 * of day to the millisecond, as a table shows it.
 */
void ld_trace_format_time(char *buf, size_t size, uint64_t ns, bool clock);

struct ld_event_file_totals {
	bool present;
	uint64_t lost_checks, lost_execs, lost_follows;
};

typedef int (*ld_event_fn)(const struct ld_trace_event *ev, void *userdata);
/*
 * Parse JSON Lines: "check" objects become events, a "summary" object gives
 * the lost counts; anything else is skipped. -EBADMSG with *where set on
 * malformed input.
 */
int ld_event_file_parse(const char *data, size_t size, ld_event_fn fn, void *userdata,
			struct ld_event_file_totals *totals, struct ld_where *where);
/*
 * Read an event file whole, or standard input for "-": never a FIFO or a
 * device that would block or never end (ld_open_input(); *ret_what then
 * says what it is). The caller frees *ret, which is NUL-terminated.
 */
int ld_event_file_read(const char *path, char **ret, size_t *ret_len, const char **ret_what);

/* ---- the live tracer (BPF) ---------------------------------------------- */

enum ld_trace_mode {
	LD_TRACE_MODE_AUTO,
	LD_TRACE_MODE_FEXIT,  /* fexit/security_locked_down + tp_btf */
	LD_TRACE_MODE_KPROBE, /* kprobe + kretprobe + tracepoints */
};

const char *ld_trace_mode_to_string(enum ld_trace_mode m);
/* "auto", "fexit" or "kprobe" as a mode; -EINVAL for anything else. */
int ld_trace_mode_from_string(const char *s, enum ld_trace_mode *ret);

struct ld_tracer;

struct ld_tracer_opts {
	enum ld_trace_mode mode;
	bool follow; /* only processes added with ld_tracer_follow() and their descendants */
	bool stream; /* a record per check; else per process and reason, counted in the kernel */
	size_t ringbuf_bytes; /* 0: the default (2 MiB) */
	int (*on_record)(const struct ld_trace_record *rec, void *userdata);
	void *userdata;
	char *error; /* on failure: what went wrong, for the user (caller frees) */
};

/*
 * Load and attach. -EPERM without the privilege, -EOPNOTSUPP when the
 * kernel lacks what the chosen mode needs (opts->error says what).
 */
int ld_tracer_open(struct ld_tracer_opts *opts, struct ld_tracer **ret);
enum ld_trace_mode ld_tracer_mode(const struct ld_tracer *t);
int ld_tracer_follow(struct ld_tracer *t, pid_t tgid);
/*
 * Deliver ready records to on_record; waits up to timeout_ms, or less when
 * wake_fd (if >= 0, for example a pidfd) becomes readable. Count, or -errno.
 */
int ld_tracer_poll(struct ld_tracer *t, int timeout_ms, int wake_fd);
/* Exact counts per reason number, and what BPF could not record. */
struct ld_tracer_counts {
	uint64_t checked[128];
	uint64_t refused[128];
	uint64_t lost_checks, lost_execs, lost_follows;
};
int ld_tracer_read_counts(struct ld_tracer *t, struct ld_tracer_counts *ret);
/* Summary mode: what the kernel counted per process and reason (monotonic times). */
typedef void (*ld_seen_fn)(uint32_t tgid, int32_t reason, uint64_t checks, uint64_t denied,
			   uint64_t first_mono_ns, uint64_t last_mono_ns, void *userdata);
int ld_tracer_for_each_seen(struct ld_tracer *t, ld_seen_fn fn, void *userdata);
void ld_tracer_free(struct ld_tracer *t);

/* ---- a session: records or an event file in, events and the summary out -- */

struct ld_trace_session {
	const struct ld_catalogue *catalogue; /* names the reasons of records; NULL: unnamed */
	struct ld_proc_cache *procs;
	struct ld_trace_summary summary;
	int64_t realtime_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC, for the kernel's times */
	ld_event_fn on_event;       /* each event, once the summary has it; NULL: none */
	void *userdata;             /* for on_event */
	int err;                    /* the first error a record met, for the poll loop */
};

/* An empty session with its process cache (on /proc). -ENOMEM. */
int ld_trace_session_init(struct ld_trace_session *s, ld_event_fn on_event, void *userdata);
void ld_trace_session_clear(struct ld_trace_session *s);
/*
 * The tracer's on_record (userdata: the session). An exec or exit record
 * updates the process cache; a check record becomes an event, named through
 * the catalogue and attributed to its process, for the summary and on_event.
 */
int ld_trace_session_record(const struct ld_trace_record *rec, void *userdata);
/*
 * Raise the summary to the exact in-kernel counts: per reason always (in
 * case events were lost), per process in summary mode (with_seen), where
 * only each process's first check of a reason came as an event.
 */
void ld_trace_session_merge_counts(struct ld_trace_session *s, struct ld_tracer *t,
				   bool with_seen);
/*
 * An event file's events and lost counts into the session, as
 * ld_event_file_parse() reads them (-EBADMSG with *where set), or the
 * first error of on_event.
 */
int ld_trace_session_replay(struct ld_trace_session *s, const char *data, size_t size,
			    struct ld_where *where);

/* A live trace, system-wide or of one command and its descendants. */
struct ld_trace_live_opts {
	enum ld_trace_mode mode;
	bool stream;			    /* a record per check (events are written out) */
	double duration;		    /* seconds; <= 0: until stopped */
	char **argv;			    /* the command to follow; NULL: system-wide */
	enum ld_level level_now;	    /* the built-in level, to say why kprobes are refused */
	const volatile sig_atomic_t *stop;  /* set by the caller's signal handler */
	/* once the tracer runs, before the command does (signal handlers go here); may be NULL */
	void (*started)(const char *mode, void *userdata);
	/* about once a second, with the counts so far (a live view); may be NULL */
	void (*tick)(struct ld_trace_session *s, double elapsed_s, void *userdata);
	void *userdata;
};

struct ld_trace_live_result {
	const char *mode;  /* "fexit" or "kprobe", once the tracer ran */
	double duration_s; /* < 0 when the trace never started */
	int exit_status;   /* the command's, as a shell reports it */
	int release_err;   /* < 0: the command could not be run (it exits 127 or 126) */
	bool unsupported;  /* on failure: this kernel cannot do it */
	char *why;	   /* on failure: a sentence for the user (caller frees) */
};

/*
 * Run the trace into the session until the duration ends, the command exits
 * or *o->stop is set; then the last records and the exact counts. 0, or a
 * negative errno with res->why.
 */
int ld_trace_live(struct ld_trace_session *session, const struct ld_trace_live_opts *o,
		  struct ld_trace_live_result *res);

#endif
