/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_ENFORCE_RENDER_H
#define CLI_ENFORCE_RENDER_H

#include "cli.h"
#include "lockdown/enforce.h"
#include "lockdown/trace.h"

struct json_object;
struct ld_reason;
struct libscols_table;

/* The view's reasons, with counters when the policy is in force, as a table or a JSON array,
 * from one column table (enforce-list.c). NULL when out of memory. */
struct libscols_table *enforce_reasons_table(const struct ld_enforce_view *v);
struct json_object *enforce_reasons_json(const struct ld_enforce_view *v);

/* What enforce shows about a policy, in force or about to be (ld_enforce_view_build()). */
int enforce_print_text(const struct ld_enforce_view *v);
int enforce_print_json(const struct ld_enforce_view *v, enum json_mode mode);

/* One refusal or permissive hit, r its reason (NULL: unknown to this kernel):
 * a kernel-like line, or a JSON Lines object. */
void enforce_print_record(const struct ld_trace_record *rec, const struct ld_reason *r,
			  int64_t realtime_offset_ns, bool json);

/* On standard error, once sealed: what the seal refuses, and which classes it does not close. */
void enforce_print_sealed(const struct ld_threat *threats, size_t n);

#endif
