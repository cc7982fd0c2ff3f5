/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_ENFORCE_RENDER_H
#define CLI_ENFORCE_RENDER_H

#include "cli.h"
#include "lockdown/enforce.h"
#include "lockdown/trace.h"

struct ld_catalogue;

/* What enforce shows about a policy, in force or about to be. */
struct enforce_view {
	const char *title;                 /* "Policy in force", "Policy (dry run)" */
	const struct ld_policy *policy;
	const struct ld_enforce_info *info; /* counters and seal; NULL for a dry run */
	const struct ld_catalogue *cat;
	enum ld_level builtin;              /* the built-in level now */
	const char *const *exempt_paths;    /* by exempt index; NULL entries print the id */
	const char *pin_dir;
};

int enforce_print_text(const struct enforce_view *v);
int enforce_print_json(const struct enforce_view *v, enum json_mode mode);

/* One refusal or permissive hit: a kernel-like line, or a JSON Lines object. */
void enforce_print_record(const struct ld_trace_record *rec, const struct ld_catalogue *cat,
			  int64_t realtime_offset_ns, bool json);

#endif
