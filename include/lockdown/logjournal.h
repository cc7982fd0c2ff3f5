/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_LOGJOURNAL_H
#define LOCKDOWN_LOGJOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/logscan.h"

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
