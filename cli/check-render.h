/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_CHECK_RENDER_H
#define CLI_CHECK_RENDER_H

#include "cli.h"
#include "lockdown/check.h"
#include "lockdown/status.h"

struct json_object;
struct libscols_table;
/* The report's lists, each from one column table: findings in scope as a table and as JSON,
 * sources not checked as JSON. NULL when out of memory. */
struct libscols_table *check_findings_table(const struct ld_check_report *r, enum ld_level upto);
struct json_object *check_findings_json(const struct ld_check_report *r, enum ld_level upto);
struct json_object *check_unseen_json(const struct ld_check_report *r, enum ld_level upto);

int check_render_text(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto);
int check_render_json(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto, const struct cli_opts *opts);

#endif
