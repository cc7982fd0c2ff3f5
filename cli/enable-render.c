// SPDX-License-Identifier: GPL-2.0-or-later
/* enable and disable: the result as JSON, and the sentences the text output is made of. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enable-render.h"
#include "lockdown/atomicfile.h"
#include "lockdown/status.h"
#include "output.h"

void enable_print_preflight(const struct ld_check_report *report, enum ld_level level, bool blockers)
{
	for (size_t i = 0; blockers && i < report->n; i++) {
		const struct ld_finding *f = &report->findings[i];
		char *id, *ev;

		if (f->severity != LD_SEVERITY_BLOCKER || !ld_finding_breaks_at(f, level))
			continue;
		id = text_escape(f->id);
		ev = text_escape(f->evidence ? f->evidence : "");
		fprintf(stderr, "  %s (%s): %s\n", id ? id : "?", f->reason, ev ? ev : "?");
		free(id);
		free(ev);
	}
	for (size_t i = 0; !blockers && i < report->n_unseen; i++) {
		char *what;

		if (!ld_unseen_matters_at(&report->unseen[i], level))
			continue;
		what = text_escape(report->unseen[i].what);
		fprintf(stderr, "  not checked: %s: %s (%s)\n", report->unseen[i].detector,
			what ? what : "?", ld_error_slug(report->unseen[i].err));
		free(what);
	}
}

int enable_print_json(const struct ld_enable_result *res, enum json_mode mode)
{
	const struct ld_boot_plan *plan = res->plan;
	const struct ld_enable_now *n = res->now_run;
	struct json_object *doc = json_document_new();
	int r;

	json_object_object_add(doc, "verb", json_object_new_string(res->verb));
	json_object_object_add(doc, "when", json_object_new_string(res->now ? "now" : "boot"));
	json_object_object_add(doc, "requested_level",
			       res->requested == LD_LEVEL_NONE
				       ? NULL
				       : json_object_new_string(ld_level_to_string(res->requested)));
	json_object_object_add(doc, "dry_run", json_object_new_boolean(res->dry_run));
	json_object_object_add(doc, "changed", json_object_new_boolean(res->changed));
	if (res->now && n) {
		json_object_object_add(doc, "level_before", json_object_new_string(ld_level_to_string(n->before)));
		json_object_object_add(doc, "level_after", json_object_new_string(
				       ld_level_to_string(res->changed ? n->after : n->before)));
		json_object_object_add(doc, "blockers", json_object_new_int((int)n->blockers));
	}
	if (plan) {
		struct json_object *changes = json_object_new_array(), *cmds = json_object_new_array();

		json_object_object_add(doc, "boot_loader", json_object_new_string(ld_boot_kind_to_string(plan->kind)));
		json_object_object_add(doc, "detail", plan->detail ? json_string_safe(plan->detail) : NULL);
		for (size_t i = 0; i < plan->n_changes; i++) {
			struct json_object *c = json_object_new_object();

			json_object_object_add(c, "path", json_string_safe(plan->changes[i].path));
			json_object_object_add(c, "action", json_object_new_string(
					!plan->changes[i].new ? "remove" : plan->changes[i].old ? "edit" : "create"));
			json_object_object_add(c, "role", json_object_new_string("configuration"));
			json_object_array_add(changes, c);
		}
		for (size_t i = 0; i < plan->n_sides; i++) {
			struct json_object *c = json_object_new_object();

			json_object_object_add(c, "path", json_string_safe(plan->sides[i].path));
			json_object_object_add(c, "action",
					       json_object_new_string(plan->sides[i].create ? "create" : "remove"));
			json_object_object_add(c, "role", json_object_new_string(plan->sides[i].role));
			json_object_array_add(changes, c);
		}
		for (size_t i = 0; i < plan->n_commands; i++) {
			char *c = ld_boot_command_string(&plan->commands[i]);

			json_object_array_add(cmds, c ? json_string_safe(c) : NULL);
			free(c);
		}
		json_object_object_add(doc, "changes", changes);
		json_object_object_add(doc, "commands", cmds);
		json_object_object_add(doc, "cmdline_before",
				       plan->cmdline_before ? json_string_safe(plan->cmdline_before) : NULL);
		json_object_object_add(doc, "cmdline_after",
				       plan->cmdline_after ? json_string_safe(plan->cmdline_after) : NULL);
		json_object_object_add(doc, "cmdline_approximate", json_object_new_boolean(plan->cmdline_approx));
		json_object_object_add(doc, "cmdline_approximate_why",
				       plan->cmdline_approx && plan->approx_why ? json_string_safe(plan->approx_why) : NULL);
		json_object_object_add(doc, "level_before",
				       json_object_new_string(ld_level_to_string(plan->level_before)));
		json_object_object_add(doc, "level_after",
				       json_object_new_string(ld_level_to_string(plan->level_after)));
		json_object_object_add(doc, "lockdown_lsm_after",
				       plan->lsm_after < 0 ? NULL : json_object_new_boolean(plan->lsm_after));
		json_object_object_add(doc, "error", plan->error ? json_string_safe(plan->error) : NULL);
		json_object_object_add(doc, "note", plan->note ? json_string_safe(plan->note) : NULL);
		json_object_object_add(doc, "explain", plan->explain ? json_string_safe(plan->explain) : NULL);
	}
	r = json_print(doc, mode);
	json_object_put(doc);
	return r;
}

/* Print one line with a machine-made part escaped for the terminal. */
void enable_say(FILE *out, const char *fmt, const char *what)
{
	char *e = text_escape(what ? what : "");

	fprintf(out, fmt, e ? e : "?");
	free(e);
}

/* What the next boot gets, said only as far as the computed command line supports it. */
void enable_say_next_boot(FILE *out, const struct ld_boot_plan *plan, const char *word)
{
	const char *how = plan->cmdline_approx ? " (as far as the files can be read without running them)" : "";

	if (!word) {
		if (plan->level_after != LD_LEVEL_NONE)
			fprintf(out, "The next boot still asks for lockdown=%s: the configuration's own words, "
				     "not lockdownctl's%s.\n",
				ld_level_to_string(plan->level_after), how);
		return;
	}
	if (plan->cmdline_approx) { /* only with --force: no claim */
		enable_say(out, "What the next boot gets cannot be told (%s): check the kernel command line "
			 "after the next boot.\n", plan->approx_why ? plan->approx_why : "not followed");
		return;
	}
	if (plan->lsm_after == 1)
		fprintf(out, "The next boot runs with lockdown=%s%s.\n", word, how);
	else
		fprintf(out, "The next boot's command line asks for lockdown=%s%s; whether the lockdown LSM "
			     "starts cannot be told here (no kernel configuration to read).\n",
			word, how);
}

void enable_print_dry_run(FILE *out, const struct ld_boot_plan *plan)
{
	/* the plan is the whole truth: every other path the real run creates or removes */
	for (size_t i = 0; i < plan->n_sides; i++) {
		char *e = text_escape(plan->sides[i].path);

		fprintf(out, "Would also %s %s (%s)\n", plan->sides[i].create ? "create" : "remove",
			e ? e : "?", plan->sides[i].role);
		free(e);
	}
	for (size_t i = 0; i < plan->n_commands; i++) {
		char *c = ld_boot_command_string(&plan->commands[i]);

		enable_say(out, "Would run: %s\n", c);
		free(c);
	}
}

void enable_print_written(FILE *out, const struct ld_boot_plan *plan)
{
	for (size_t i = 0; i < plan->n_changes; i++) {
		const struct ld_boot_change *c = &plan->changes[i];

		if (c->flags & LD_CHANGE_RESTORE)
			enable_say(out, "Restored %s (its original bytes; the backup is removed)\n", c->path);
		else if (!c->new)
			enable_say(out, "Removed %s\n", c->path);
		else if (c->backup_kept)
			fprintf(out, "Wrote %s (the original is kept in %s" LD_BACKUP_SUFFIX ")\n", c->path,
				c->path);
		else
			fprintf(out, "Wrote %s (lockdownctl made it; disable undoes it)\n", c->path);
	}
}
