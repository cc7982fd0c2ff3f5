/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_CHECK_RENDER_H
#define CLI_CHECK_RENDER_H

#include "cli.h"
#include "lockdown/check.h"
#include "lockdown/status.h"

/* Does this finding matter at `upto` (LD_LEVEL_CONFIDENTIALITY: all)? */
bool check_finding_in_scope(const struct ld_finding *f, enum ld_level upto);

int check_render_text(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto);
int check_render_json(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto, const struct cli_opts *opts);

#endif
