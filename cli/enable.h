/* SPDX-License-Identifier: GPL-2.0-or-later */
/* enable and disable: what the verb's files share (verb-enable.c, enable-now.c, enable-boot.c). */
#ifndef CLI_ENABLE_H
#define CLI_ENABLE_H

#include <stdbool.h>

#include "cli.h"
#include "lockdown/enable.h"

struct enable_args {
	const char *verb;
	enum ld_level level;
	bool now, boot, dry_run, yes, force, no_update;
};

/* A typed confirmation on a terminal, or --yes; nothing otherwise. */
bool enable_confirmed(const struct enable_args *a, const char *what, const char *word);
/* The run's JSON document (n for --now, plan for --boot). */
int enable_json(const struct enable_args *a, const struct cli_opts *opts,
		const struct ld_enable_now *n, const struct ld_boot_plan *plan, bool changed);
int enable_now(const struct enable_args *a, const struct cli_opts *opts);
/* enable --boot and disable --boot */
int enable_boot(const struct enable_args *a, const struct cli_opts *opts);

#endif
