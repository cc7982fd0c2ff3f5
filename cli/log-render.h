/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_LOG_RENDER_H
#define CLI_LOG_RENDER_H

#include "cli.h"
#include "lockdown/log.h"

struct json_object;
struct libscols_table;
/* The reasons of the report from one column table (log-list.c): the table or a JSON array.
 * NULL when out of memory. */
struct libscols_table *log_reasons_table(const struct ld_log_report *rep);
struct json_object *log_reasons_json(const struct ld_log_report *rep);

int log_print_text(const struct ld_log_report *rep);
int log_print_json(const struct ld_log_report *rep, enum json_mode mode);
/* Lines of a text log that could not be read, on standard error: never dropped in silence. */
void log_print_unread(const struct ld_log_report *rep);
/* One lockdown line as it is logged (--follow): the time and the message, or a JSON object. */
void log_print_follow(const struct ld_logline *l, const struct ld_logmsg *m, bool json);
/* The journal's boots, oldest first, with their offsets. */
int log_print_boots(const struct ld_journal_boot *boots, size_t n, enum json_mode mode);

#endif
