/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/log: reading a source into the report (source.c), and line numbers (report.c). */
#ifndef LOCKDOWN_LOGREAD_H
#define LOCKDOWN_LOGREAD_H

#include <stdint.h>

#include "lockdown/log.h"

/* Read req's source into rep->sum and its counts of lines not read; sets rep->failure. */
int ld_log_read_source(const struct ld_root *root, const struct ld_log_request *req,
		       ld_log_follow_fn fn, void *userdata, struct ld_log_report *rep);
/* '\n' bytes in [p, end). */
uint64_t ld_log_count_newlines(const char *p, const char *end);
/* The line number at byte offset off of a regular file read from start, read again. */
uint64_t ld_log_line_at(int fd, uint64_t start, uint64_t off);

/* The cells of v worked out from v->reason and v->level. */
void ld_log_view_cells(struct ld_log_reason_view *v);

#endif
