/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_LOGSCANNER_H
#define LOCKDOWN_LOGSCANNER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Finds the lines of a buffer that may be lockdown lines, in one pass:
 * Hyperscan where the CPU has what it needs (SSSE3), else glibc's memmem
 * once per needle. Only those lines are parsed; the rest of a log is never
 * looked at line by line.
 */
struct ld_log_scanner;

int ld_log_scanner_new(bool use_hyperscan, struct ld_log_scanner **ret);
void ld_log_scanner_free(struct ld_log_scanner *s);
const char *ld_log_scanner_engine(const struct ld_log_scanner *s); /* "hyperscan", "memmem" */

/* Called once per candidate line [line, line + len), in order; < 0 stops. */
typedef int (*ld_log_line_fn)(const char *line, size_t len, void *userdata);

/* buf holds complete lines (a last line without '\n' counts). */
int ld_log_scanner_scan(struct ld_log_scanner *s, const char *buf, size_t len, ld_log_line_fn fn,
			void *userdata);

#endif
