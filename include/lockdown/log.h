/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The log module: recognising lockdown lines, the report of `log`, the journal. */
#ifndef LOCKDOWN_LOG_H
#define LOCKDOWN_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

/*
 * log: the lockdown lines of a kernel log, recognised and added up. Input is
 * messages (the text after any timestamp or syslog prefix) with what is known
 * of where each came from; out comes a summary per reason.
 */
struct ld_catalogue;

enum ld_logmsg_kind {
	LD_LOGMSG_NONE,
	LD_LOGMSG_DENIAL,            /* "Lockdown: COMM: WHAT is restricted; see man kernel_lockdown.7" */
	LD_LOGMSG_RAISE,             /* "Kernel is locked down from SOURCE; see man ..." */
	LD_LOGMSG_SUPPRESSED,        /* "lockdown_is_locked_down: N callbacks suppressed" */
	LD_LOGMSG_MODULE_REJECTED,   /* "Loading of WHAT is rejected" (sig_enforce): what = WHAT */
	LD_LOGMSG_MODULE_UNSIGNED,   /* "module verification failed: ...": loaded, kernel tainted */
	LD_LOGMSG_MODULE_SIG,        /* a module's signature could not be checked ("Request for
				      * unknown module key", "not signed with expected PKCS#7") */
	LD_LOGMSG_LIFT,              /* "Lifting lockdown" (pre-5.4 patches: SysRq+x lowered it) */
};

/*
 * Does the message look like one of lockdown's, whatever classify says?
 * (A line the parser could not read is then worth a warning.)
 */
bool ld_logmsg_looks_lockdown(const char *msg, size_t len);

struct ld_logmsg {
	enum ld_logmsg_kind kind;
	char comm[64];           /* DENIAL: the process name ("" in the old form without it) */
	char what[160];          /* DENIAL: the reason text as printed; RAISE: the source */
	const char *enumerator;  /* DENIAL: "LOCKDOWN_DEV_MEM", or NULL when not recognised */
	unsigned long suppressed; /* SUPPRESSED */
};

/*
 * Classify one kernel message. Reason texts are matched against the exact
 * strings of this kernel's catalogue (and older kernels' and distributions'
 * wordings), from the end, so a process name containing ": " or "is
 * restricted" is still split correctly.
 */
enum ld_logmsg_kind ld_logmsg_classify(const char *msg, size_t len, struct ld_logmsg *ret);
/* "denial", "raise", "lift", "suppressed"; "module" for the module kinds. */
const char *ld_logmsg_kind_to_string(enum ld_logmsg_kind kind);

/*
 * The enumerator a reason text names ("COMM: REASON" or "REASON"): the
 * kernel's strings of every version, then the pre-5.4 distribution patch
 * wordings; the longest match wins. *ret_at: where REASON starts.
 */
const char *ld_log_match_reason(const char *text, size_t len, size_t *ret_at);
/* For an unknown reason text: the level it most likely has and the keyword that says so. */
enum ld_level ld_log_guess_level(const char *what, const char **ret_keyword);

enum ld_logformat {
	LD_LOGFMT_BARE,      /* just the message (dmesg -t, a pasted line) */
	LD_LOGFMT_DMESG,     /* "[  1.2] MSG", "[Sat Nov 28 ...] MSG", "[  +0.0] MSG" */
	LD_LOGFMT_DMESG_X,   /* "kern  :notice: [  1.2] MSG" */
	LD_LOGFMT_SYSLOG,    /* "Mon DD HH:MM:SS[.us] [HOST] kernel: MSG", ISO, short-full */
	LD_LOGFMT_TAGGED,    /* "[HOST] kernel: MSG", "[  1.2] HOST kernel: MSG" (short-monotonic) */
	LD_LOGFMT_JSON,      /* journalctl -o json */
	LD_LOGFMT_KMSG,      /* /dev/kmsg record */
};

/* Where a message came from, and how much that is worth. */
struct ld_logline {
	enum ld_logformat format;
	bool unreadable;     /* a record that could not be read (JSON without a usable MESSAGE) */
	const char *msg;
	size_t msg_len;
	bool trusted;        /* the kernel's own record (kmsg facility 0, journal _TRANSPORT=kernel) */
	bool from_kernel;    /* claims to be the kernel's (a text file's "kernel:" tag, a dmesg line) */
	int64_t mono_us;     /* -1 when unknown */
	int64_t realtime_us; /* -1 when unknown */
	char boot[40];       /* boot id when known, "" otherwise */
	uint32_t pid;        /* 0 when unknown (kmsg caller=T<pid>) */
	char text[4096];     /* msg's storage when it had to be decoded (a JSON line) */
};

/*
 * A line of text: dmesg (with or without [timestamps], -T, -H/--reltime, -x,
 * --time-format=iso), syslog / journalctl -k short and short-precise
 * ("Mon DD HH:MM:SS[.us] [host] kernel: ..."), rsyslog ISO and short-iso,
 * short-full, short-monotonic ("[  1.2] host kernel: ..."), a bare
 * "kernel: MSG" or "host kernel: MSG", journalctl -o json, or a /dev/kmsg
 * record. ret->msg points
 * into line. False when the line is not a kernel message at all (another
 * program's syslog line, a JSON record of another transport). ret->msg
 * points into line, or into ret->text for a JSON line.
 */
bool ld_logline_parse(const char *line, size_t len, struct ld_logline *ret);
/*
 * One journalctl -o json line. MESSAGE is a string, or an array of byte
 * values (journalctl's form for text that is not printable UTF-8), decoded.
 * False for a record of no use; then ret->unreadable says whether it could
 * not be read at all (bad JSON, MESSAGE missing or not text nor bytes).
 */
bool ld_logline_parse_json(const char *line, size_t len, struct ld_logline *ret);

/* ---- the summary ------------------------------------------------------------ */

#define LD_LOG_MAX_PROCS 16

struct ld_log_proc {
	char comm[64];
	uint32_t pid;
	uint64_t count;
};

struct ld_log_reason {
	char what[160];
	const char *enumerator; /* NULL: not in any catalogue we know */
	enum ld_level guessed_level; /* unknown reasons: the likely level, or _LD_LEVEL_INVALID */
	const char *guess_keyword;   /* ... and the keyword it was guessed from */
	uint64_t logged;        /* denial lines */
	uint64_t suppressed;    /* rate-limited lines attributed to this reason */
	struct ld_log_proc procs[LD_LOG_MAX_PROCS];
	size_t n_procs;
	uint64_t more_procs;
	int64_t first_us, last_us; /* realtime if known, else monotonic; -1 unknown */
	bool first_is_mono;
	char boots[4][40];
	size_t n_boots;
	bool untrusted; /* at least one line could not be verified as the kernel's */
};

struct ld_log_raise {
	bool lifted;     /* a lift (SysRq+x, pre-5.4 patch sets), not a raise */
	char source[64];
	int64_t when_us;
	bool when_is_mono;
	char boot[40];
};

#define LD_LOG_MAX_REJECTIONS 8
/*
 * Reasons no catalogue names are kept one by one up to this many; refusals
 * of further unknown texts are folded together, so that time and memory stay
 * bounded whatever the log holds. How many distinct texts were folded is
 * counted exactly up to LD_LOG_FOLD_SET * 3 / 4, a lower bound beyond.
 */
#define LD_LOG_MAX_UNKNOWN 64
#define LD_LOG_FOLD_SET 16384

struct ld_log_summary {
	struct ld_log_reason *reasons;
	size_t n;
	uint64_t suppressed_unattributed; /* = suppressed_several + suppressed_unknown */
	uint64_t suppressed_several;      /* the window before saw refusals of several reasons */
	uint64_t suppressed_unknown;      /* no refusal was logged before: reason unknown */
	uint64_t forged;           /* lockdown-looking lines that are not the kernel's */
	uint64_t module_rejected;  /* "Loading of ... is rejected", all kinds */
	struct {
		char what[64];     /* "unsigned module", "module with unavailable key", ... */
		uint64_t count;
	} rejections[LD_LOG_MAX_REJECTIONS];
	size_t n_rejections;
	uint64_t module_sig_failed; /* signature checks that failed (LD_LOGMSG_MODULE_SIG) */
	uint64_t module_unsigned;  /* unsigned modules loaded (would be refused at integrity) */
	struct ld_log_raise raises[8];
	size_t n_raises;
	uint64_t lines;            /* messages looked at */
	uint64_t folded;           /* refusals of unknown reasons beyond LD_LOG_MAX_UNKNOWN */
	uint64_t folded_distinct;  /* ... their distinct texts */
	bool folded_distinct_is_min; /* ... more than that (the count stopped) */
	size_t n_unknown;          /* reasons[] entries without an enumerator */
	uint64_t *fold_set;        /* hashes of the folded texts (open addressing) */
	/* the current rate-limit window, to attribute "N callbacks suppressed" */
	int window_reason;         /* index into reasons; -1 none yet; -2 mixed */
};

void ld_log_summary_init(struct ld_log_summary *s);
/* Add one message; -ENOMEM. Returns 1 when it was a lockdown line (for --follow). */
int ld_log_summary_add(struct ld_log_summary *s, const struct ld_logline *line,
		       const struct ld_logmsg *m);
void ld_log_summary_clear(struct ld_log_summary *s);

/* What a reason covers, who is known to hit it, and what to do (NULL when nothing known). */
struct ld_log_advice {
	const char *enumerator;
	const char *known;  /* software known to hit it */
	const char *remedy; /* what to do instead */
};
const struct ld_log_advice *ld_log_advice_for(const char *enumerator);

/*
 * log: the model of one run of `lockdownctl log`. The library reads the
 * source (a saved text log, /dev/kmsg or the journal), filters by time,
 * marks what is verified as the kernel's, adds the refusals up, and does
 * every look-up the renderers need (reason names, levels, advice, the
 * executables of processes still running); the renderers only show it.
 */
struct ld_root;
struct ld_status;

struct ld_log_request {
	const char *file;         /* a saved log ("-": standard input), or NULL */
	bool journal;             /* the systemd journal (kernel transport) */
	const char *journal_file; /* ... a journal file instead of the system's */
	const char *boot;         /* ... one boot: id or offset */
	int64_t since_us, until_us; /* 0: no bound */
	bool follow;              /* kmsg or journal: new records, until *stop */
	bool memmem_scanner;      /* text: the scanner of machines without SSSE3 */
	volatile int *stop;
};

/* One reason with what the renderers show of it looked up. */
struct ld_log_reason_view {
	const struct ld_log_reason *reason; /* in the report's summary */
	char name[64];            /* the short name; "" when no catalogue knows the text */
	enum ld_level level;      /* from this kernel's catalogue or the known table; else invalid */
	const struct ld_log_advice *advice; /* NULL: nothing known */
	enum ld_level level_shown; /* level, else the reason's guessed level (maybe invalid too) */
	bool level_guessed;        /* level is invalid: level_shown is a guess, if anything */
	const char *guessed_from;  /* ... the keyword it was guessed from, else NULL */
	uint64_t count;            /* logged + suppressed */
	bool verified;             /* every line was verified as the kernel's */
	char exe[LD_LOG_MAX_PROCS][256]; /* per process: its executable if it still runs, else "" */
};

enum ld_log_failure {
	LD_LOG_OK,
	LD_LOG_FAIL_OPEN,  /* --file could not be opened (open_what: what it is, when that is why) */
	LD_LOG_FAIL_READ,  /* the source could not be read */
};

struct ld_log_report {
	const char *source;      /* the source in words: a file name, "standard input", "/dev/kmsg", ... */
	struct ld_log_summary sum;
	struct ld_log_reason_view *views; /* sum.n of them (NULL when following) */
	/* text logs: lines that could not be read, and the first one's line number */
	uint64_t unparsed, unparsed_first;     /* lockdown's words in a form not recognised */
	uint64_t unreadable, unreadable_first; /* JSON records without a readable MESSAGE */
	enum ld_log_failure failure;
	const char *open_what;   /* LD_LOG_FAIL_OPEN: "a FIFO", "a directory", ... or NULL */
};

/* Called for each lockdown line of the kernel's while following. */
typedef void (*ld_log_follow_fn)(const struct ld_logline *line, const struct ld_logmsg *m,
				 void *userdata);

/*
 * Read the source req names into *ret (cleared first). st gives this
 * kernel's catalogue for the levels; root the processes still running (a
 * saved log's pids belong to another boot: they are not looked up). 0, or
 * -errno with ret->failure saying at which step; *ret is to be cleared
 * either way.
 */
int ld_log_report_read(const struct ld_root *root, const struct ld_status *st,
		       const struct ld_log_request *req, ld_log_follow_fn fn, void *userdata,
		       struct ld_log_report *ret);
void ld_log_report_clear(struct ld_log_report *r);

/* "YYYY-MM-DD [HH:MM[:SS]]" or "YYYY-MM-DDTHH:MM:SS", UTC: 0, -EINVAL, or -ERANGE (no such date). */
int ld_log_parse_time(const char *s, int64_t *ret_us);
/* "-" for a negative time, "+S.mmms" for a monotonic one, else "YYYY-MM-DD HH:MM:SS" UTC. */
void ld_log_format_time(char *buf, size_t size, int64_t us, bool mono);

struct ld_root;

struct ld_journal_opts {
	const char *file;  /* a journal file instead of the system's */
	const char *boot;  /* NULL: every boot; "0", "-1", ...; or a 32-hex boot id */
	int64_t since_us, until_us; /* realtime bounds; 0: none */
};

struct ld_journal_boot {
	char id[40];
	uint64_t first_us, last_us;
	uint64_t entries; /* kernel entries */
};

typedef int (*ld_journal_fn)(const struct ld_logline *line, void *userdata);

/* Every kernel-transport entry (then new ones with follow, until *stop). */
int ld_journal_scan(const struct ld_root *root, const struct ld_journal_opts *o, bool follow,
		    ld_journal_fn fn, void *userdata, volatile int *stop);
/* The boots with kernel entries, oldest first. */
int ld_journal_list_boots(const struct ld_root *root, const struct ld_journal_opts *o,
			  struct ld_journal_boot **ret, size_t *ret_n);

#endif
