// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON rendering of the status model (schema 1, documented in lockdownctl(8)). */
#include <stdio.h>
#include <string.h>

#include "lockdown/status.h"
#include "output.h"
#include "status-render.h"

static struct json_object *fact_json(const struct ld_fact *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "value", f->value == LD_UNKNOWN
						  ? NULL
						  : json_object_new_boolean(f->value == LD_YES));
	json_object_object_add(o, "inferred", json_object_new_boolean(f->inferred));
	json_object_object_add(o, "basis", json_object_new_string(f->basis));
	return o;
}

static struct json_object *provenance_json(const struct ld_status *st)
{
	const struct ld_provenance *p = &st->provenance;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "source", json_object_new_string(ld_source_to_string(p->source)));
	json_object_object_add(o, "evidence",
			       json_object_new_string(p->from_log ? "kernel-log" : "inferred"));
	json_object_object_add(o, "log_text", p->log_text ? json_string_safe(p->log_text) : NULL);
	json_object_object_add(o, "why", p->why ? json_object_new_string(p->why) : NULL);
	json_object_object_add(o, "history", st->log_err < 0 ? NULL : json_strv(&st->log_raises));
	if (st->log_err < 0)
		json_object_object_add(o, "history_error",
				       json_object_new_string(ld_error_slug(st->log_err)));
	json_object_object_add(o, "log_complete", json_object_new_boolean(st->log_complete));
	json_object_object_add(o, "boot_level",
			       st->boot_level_known
				       ? json_object_new_string(ld_level_to_string(st->boot_level))
				       : NULL);
	return o;
}

static struct json_object *cmdline_json(const struct ld_status *st)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "lockdown", json_strv(&st->cmdline_lockdown));
	json_object_object_add(o, "lockdown_level",
			       json_object_new_string(ld_level_to_string(st->cmdline_level)));
	json_object_object_add(o, "lockdown_malformed", json_strv(&st->cmdline_malformed));
	json_object_object_add(o, "lsm", st->cmdline_lsm ? json_string_safe(st->cmdline_lsm) : NULL);
	return o;
}

static struct json_object *kconfig_json(const struct ld_status *st)
{
	struct json_object *o = json_object_new_object(), *opts = json_object_new_object();

	json_object_object_add(o, "path", json_string_safe(st->kconfig_where.path));
	for (size_t i = 0; i < LD_STATUS_KCONFIG_PICKS; i++) {
		const struct ld_kconfig_pick *p = &st->kconfig_picks[i];
		char key[96];

		snprintf(key, sizeof(key), "CONFIG_%s", p->name);
		json_object_object_add(opts, key, p->value ? json_string_safe(p->value) : NULL);
	}
	json_object_object_add(o, "options", opts);
	json_object_object_add(o, "force_level",
			       json_object_new_string(ld_level_to_string(st->kconfig_force)));
	json_object_object_add(o, "secure_boot_lockdown",
			       json_object_new_boolean(st->secure_boot_lockdown_configured));
	return o;
}

static void add_catalogue(struct json_object *doc, const struct ld_status *st)
{
	const struct ld_catalogue *cat = &st->catalogue;
	struct json_object *o;

	if (st->catalogue_err < 0) {
		json_object_object_add(doc, "reason_catalogue", NULL);
		json_object_object_add(doc, "reason_catalogue_error",
				       json_object_new_string(ld_error_slug(st->catalogue_err)));
		json_object_object_add(doc, "reasons", NULL);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "source", json_object_new_string(
						    cat->source == LD_CATALOGUE_BTF ? "btf" : "builtin"));
	json_object_object_add(o, "origin", json_string_safe(cat->origin));
	json_object_object_add(o, "approximate", json_object_new_boolean(cat->approximate));
	json_object_object_add(o, "btf_error", st->btf_err < 0
						       ? json_object_new_string(ld_error_slug(st->btf_err))
						       : NULL);
	json_object_object_add(o, "integrity_max", json_object_new_int64(cat->integrity_max));
	json_object_object_add(o, "confidentiality_max",
			       json_object_new_int64(cat->confidentiality_max));
	json_object_object_add(doc, "reason_catalogue", o);
	json_object_object_add(doc, "reasons", status_reasons_json(st));
}

int status_render_json(const struct ld_status *st, const struct cli_opts *opts, bool reasons_only)
{
	struct json_object *doc = json_document_new();
	int r;

	json_object_object_add(doc, "root", json_string_safe(opts->root));
	json_add_string_or_error(doc, "kernel_release", st->release, st->release_err);
	if (!reasons_only) {
		json_add_string_or_error(doc, "level", ld_level_to_string(st->level), st->level_err);
		json_add_inferred_level(doc, "level_inferred", st);
		json_add_bool_or_error(doc, "securityfs_mounted", st->securityfs_mounted,
				       st->securityfs_err);
		json_object_object_add(doc, "lockdown_lsm_active", fact_json(&st->lockdown_active));
		json_object_object_add(doc, "bpf_lsm_active", fact_json(&st->bpf_lsm_active));
		json_object_object_add(doc, "provenance", provenance_json(st));
		json_object_object_add(doc, "active_lsms",
				       st->lsms_err < 0 ? NULL : json_strv(&st->lsms));
		if (st->lsms_err < 0)
			json_object_object_add(doc, "active_lsms_error",
					       json_object_new_string(ld_error_slug(st->lsms_err)));
		json_object_object_add(doc, "cmdline",
				       st->cmdline_err < 0 ? NULL : cmdline_json(st));
		if (st->cmdline_err < 0)
			json_object_object_add(doc, "cmdline_error", json_object_new_string(
									    ld_error_slug(st->cmdline_err)));
		json_object_object_add(doc, "kconfig",
				       st->kconfig_err < 0 ? NULL : kconfig_json(st));
		if (st->kconfig_err < 0)
			json_object_object_add(doc, "kconfig_error", json_object_new_string(
									    ld_error_slug(st->kconfig_err)));
		json_add_string_or_error(doc, "secure_boot", ld_secure_boot_to_string(st->secure_boot),
					 st->secure_boot_err);
		json_add_bool_or_error(doc, "module_sig_enforce", st->sig_enforce,
				       st->sig_enforce_err);
		json_object_object_add(doc, "notes", json_strv(&st->notes));
	}
	add_catalogue(doc, st);
	r = json_print(doc, opts->json);
	json_object_put(doc);
	return r;
}
