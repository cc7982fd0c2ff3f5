/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * log: the lockdown lines of a kernel log, recognised and added up. Input is
 * messages (the text after any timestamp or syslog prefix) with what is known
 * of where each came from; out comes a summary per reason.
 */
#ifndef LOCKDOWN_LOGSCAN_H
#define LOCKDOWN_LOGSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

struct ld_catalogue;

enum ld_logmsg_kind {
	LD_LOGMSG_NONE,
	LD_LOGMSG_DENIAL,            /* "Lockdown: COMM: WHAT is restricted; see man kernel_lockdown.7" */
	LD_LOGMSG_RAISE,             /* "Kernel is locked down from SOURCE; see man ..." */
	LD_LOGMSG_SUPPRESSED,        /* "lockdown_is_locked_down: N callbacks suppressed" */
	LD_LOGMSG_MODULE_REJECTED,   /* "Loading of unsigned module is rejected" (sig_enforce) */
	LD_LOGMSG_MODULE_UNSIGNED,   /* "module verification failed: ...": loaded, kernel tainted */
};

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

/* Where a message came from, and how much that is worth. */
struct ld_logline {
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
 * A line of text: dmesg (with or without [timestamps], dmesg -T), syslog /
 * journalctl -k short ("Mon DD HH:MM:SS host kernel: ..."), rsyslog ISO
 * timestamps, journalctl -o json, or a /dev/kmsg record. ret->msg points
 * into line. False when the line is not a kernel message at all (another
 * program's syslog line, a JSON record of another transport). ret->msg
 * points into line, or into ret->text for a JSON line.
 */
bool ld_logline_parse(const char *line, size_t len, struct ld_logline *ret);

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
	char source[64];
	int64_t when_us;
	bool when_is_mono;
	char boot[40];
};

struct ld_log_summary {
	struct ld_log_reason *reasons;
	size_t n;
	uint64_t suppressed_unattributed;
	uint64_t forged;           /* lockdown-looking lines that are not the kernel's */
	uint64_t module_rejected;  /* "Loading of unsigned module is rejected" */
	uint64_t module_unsigned;  /* unsigned modules loaded (would be refused at integrity) */
	struct ld_log_raise raises[8];
	size_t n_raises;
	uint64_t lines;            /* messages looked at */
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

#endif
