/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * log: the model of one run of `lockdownctl log`. The library reads the
 * source (a saved text log, /dev/kmsg or the journal), filters by time,
 * marks what is verified as the kernel's, adds the refusals up, and does
 * every look-up the renderers need (reason names, levels, advice, the
 * executables of processes still running); the renderers only show it.
 */
#ifndef LOCKDOWN_LOGREPORT_H
#define LOCKDOWN_LOGREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/logscan.h"

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

#endif
