// SPDX-License-Identifier: GPL-2.0-or-later
/* Rendering of the check report: a table and per-finding advice, or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "check-render.h"
#include "output.h"

static void print_verdict(const struct ld_check_verdict *v, enum ld_level upto)
{
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= upto; l++) {
		bool unknown = ld_check_verdict_at(v, l) == LD_VERDICT_UNKNOWN;

		printf("%s%s: %s%zu blocker%s, %zu warning%s", l == LD_LEVEL_INTEGRITY ? "" : "; ",
		       ld_level_to_string(l), unknown ? "unknown (" : "", v->blockers[l],
		       v->blockers[l] == 1 ? "" : "s", v->warnings[l], v->warnings[l] == 1 ? "" : "s");
		if (unknown)
			printf(" in what could be read; %zu source%s not checked)", v->unseen[l],
			       v->unseen[l] == 1 ? "" : "s");
	}
	printf("\n");
}

/* Say where levels came from when it was not this kernel, and what an unknown one counts as. */
static void print_level_sources(const struct ld_check_verdict *v, enum ld_level upto)
{
	size_t from_table = v->from_class[upto];

	if (from_table)
		printf("%zu finding%s: level from the class the reason has had in every kernel "
		       "(this kernel's reason catalogue does not name it).\n",
		       from_table, from_table == 1 ? "" : "s");
	if (v->undecided)
		printf("%zu finding%s of unknown level: counted as breaking at every level.\n",
		       v->undecided, v->undecided == 1 ? "" : "s");
}

int check_render_text(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto)
{
	struct libscols_table *tb = check_findings_table(r, upto);
	struct ld_check_verdict v;
	enum ld_level level;
	bool known, inferred = false;
	char *release;

	if (!tb)
		return cli_error("out of memory");
	ld_check_verdict(r, &v);
	known = ld_status_effective_level(st, &level, &inferred) == 0;
	release = st->release ? text_escape(st->release) : NULL;
	printf("Kernel %s, lockdown level %s%s.\n", release ? release : CLI_UNKNOWN,
	       known ? ld_level_to_string(level) : CLI_UNKNOWN,
	       inferred ? " (inferred from the kernel log)" : "");
	free(release);
	print_verdict(&v, upto);
	print_level_sources(&v, upto);
	if (scols_table_get_nlines(tb)) {
		printf("\n");
		scols_print_table(tb);
	}
	scols_unref_table(tb);
	for (size_t i = 0, k = 0; i < r->n; i++) {
		const struct ld_finding *f = &r->findings[i];
		char *ev, *id;

		if (!ld_finding_breaks_at(f, upto))
			continue;
		ev = text_escape(f->evidence);
		id = text_escape(f->id);
		printf("\n%zu. %s\n   evidence: %s\n   breaks:   %s\n   instead:  %s\n", ++k,
		       id ? id : "?", ev ? ev : "?", f->symptom, f->remedy);
		if (f->level == _LD_LEVEL_INVALID)
			printf("   (level unknown: %s is not a reason we know, and this kernel's catalogue "
			       "does not name it; counted as breaking at every level)\n",
			       f->reason);
		free(ev);
		free(id);
	}
	if (r->n_unseen) {
		printf("\nNot checked:\n");
		for (size_t i = 0; i < r->n_unseen; i++) {
			char *what = text_escape(r->unseen[i].what);

			printf("  %s: %s (%s)\n", r->unseen[i].detector, what ? what : "?",
			       ld_error_slug(r->unseen[i].err));
			free(what);
		}
	}
	return EXIT_OK;
}

int check_render_json(const struct ld_status *st, const struct ld_check_report *r,
		      enum ld_level upto, const struct cli_opts *opts)
{
	struct json_object *doc = json_document_new(), *verdicts = json_object_new_object();
	struct ld_check_verdict v;
	int ret;

	ld_check_verdict(r, &v);
	json_object_object_add(doc, "root", json_string_safe(opts->root));
	json_add_string_or_error(doc, "kernel_release", st->release, st->release_err);
	json_add_string_or_error(doc, "current_level", ld_level_to_string(st->level), st->level_err);
	json_add_inferred_level(doc, "current_level_inferred", st);
	json_object_object_add(doc, "scope", json_object_new_string(ld_level_to_string(upto)));
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l <= upto; l++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "verdict", json_object_new_string(ld_verdict_to_string(
							     ld_check_verdict_at(&v, l))));
		json_object_object_add(o, "blockers", json_object_new_int64((int64_t)v.blockers[l]));
		json_object_object_add(o, "warnings", json_object_new_int64((int64_t)v.warnings[l]));
		json_object_object_add(o, "not_checked", json_object_new_int64((int64_t)v.unseen[l]));
		json_object_object_add(verdicts, ld_level_to_string(l), o);
	}
	json_object_object_add(doc, "verdicts", verdicts);
	json_object_object_add(doc, "undecided_findings", json_object_new_int64((int64_t)v.undecided));
	json_object_object_add(doc, "findings", check_findings_json(r, upto));
	json_object_object_add(doc, "not_checked", check_unseen_json(r, upto));
	ret = json_print(doc, opts->json);
	json_object_put(doc);
	return ret;
}
