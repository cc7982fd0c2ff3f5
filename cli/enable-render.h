/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_ENABLE_RENDER_H
#define CLI_ENABLE_RENDER_H

#include <stdio.h>

#include "cli.h"
#include "lockdown/enable.h"

/* The JSON document of enable and disable: what was there, what was asked, what changed. */
int enable_print_json(const struct ld_enable_result *res, enum json_mode mode);
/*
 * What check's one report says against raising to LEVEL, on standard error:
 * the blockers there, or when there are none (blockers false), the sources
 * it could not read that might hold one.
 */
void enable_print_preflight(const struct ld_check_report *report, enum ld_level level, bool blockers);
/* Print one line with a machine-made part escaped for the terminal. */
void enable_say(FILE *out, const char *fmt, const char *what);
/* The dry run's paths besides the diffs, and the commands it would run. */
void enable_print_dry_run(FILE *out, const struct ld_boot_plan *plan);
/* What ld_boot_apply() wrote, restored or removed. */
void enable_print_written(FILE *out, const struct ld_boot_plan *plan);
/* What the next boot gets, said only as far as the computed command line supports it. */
void enable_say_next_boot(FILE *out, const struct ld_boot_plan *plan, const char *word);

#endif
