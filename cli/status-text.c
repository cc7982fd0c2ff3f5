// SPDX-License-Identifier: GPL-2.0-or-later
/* Text rendering of the status model, through libsmartcols. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "lockdown/status.h"
#include "output.h"
#include "status-render.h"

/* A two-column "Key: value" block, as hostnamectl and timedatectl print. */
static struct libscols_table *kv_new(bool right_keys)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_enable_noheadings(tb, 1);
	scols_table_set_column_separator(tb, " ");
	if (!scols_table_new_column(tb, "KEY", 0, right_keys ? SCOLS_FL_RIGHT : 0) ||
	    !scols_table_new_column(tb, "VALUE", 0, 0)) {
		scols_unref_table(tb);
		return NULL;
	}
	return tb;
}

static void kv_add(struct libscols_table *tb, const char *key, const char *value)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char k[64];

	if (!ln)
		return;
	snprintf(k, sizeof(k), "%s:", key);
	scols_line_set_data(ln, 0, k);
	/* libsmartcols prints control bytes and invalid UTF-8 as \xNN itself */
	scols_line_set_data(ln, 1, value);
}

static void kv_addf(struct libscols_table *tb, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void kv_addf(struct libscols_table *tb, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kv_add(tb, key, buf);
}

/* "unknown (not-mounted)" */
static const char *na(int err, char *buf, size_t size)
{
	snprintf(buf, size, CLI_UNKNOWN " (%s)", ld_error_slug(err));
	return buf;
}

static const char *fact_word(const struct ld_fact *f, const char *yes, const char *no)
{
	return f->value == LD_YES ? yes : f->value == LD_NO ? no : CLI_UNKNOWN;
}

static void add_level(struct libscols_table *tb, const struct ld_status *st)
{
	char buf[128];

	enum ld_level level;
	bool inferred;

	if (ld_status_effective_level(st, &level, &inferred) < 0)
		kv_add(tb, "Lockdown level", na(st->level_err, buf, sizeof(buf)));
	else if (inferred)
		kv_addf(tb, "Lockdown level", "%s (inferred from the kernel log; securityfs: %s)",
			ld_level_to_string(level), ld_error_slug(st->level_err));
	else
		kv_add(tb, "Lockdown level", ld_level_to_string(level));
	kv_addf(tb, "Lockdown LSM", "%s (%s%s)",
		fact_word(&st->lockdown_active, "active", "inactive"),
		st->lockdown_active.inferred ? "inferred: " : "", st->lockdown_active.basis);
}

static void add_provenance(struct libscols_table *tb, const struct ld_status *st)
{
	const struct ld_provenance *p = &st->provenance;

	if (p->source == LD_SOURCE_NOT_LOCKED)
		kv_add(tb, "Set by", "nothing (not locked down)");
	else if (p->from_log)
		kv_addf(tb, "Set by", "%s (kernel log: \"locked down from %s\")",
			ld_source_describe(p->source), p->log_text);
	else
		kv_addf(tb, "Set by", "%s (%s)", ld_source_describe(p->source), p->why);
	if (st->log_raises.n > 1) {
		char hist[512];

		kv_add(tb, "Raised from", ld_strv_join(&st->log_raises, " -> ", hist, sizeof(hist)));
	}
	if (st->boot_level_known)
		kv_add(tb, "Boot asks for", ld_level_to_string(st->boot_level));
	else
		kv_add(tb, "Boot asks for", "unknown (boot settings not all readable)");
}

static void add_context(struct libscols_table *tb, const struct ld_status *st)
{
	char buf[128], list[1024];

	if (st->lsms_err < 0)
		kv_add(tb, "Active LSMs", na(st->lsms_err, buf, sizeof(buf)));
	else
		kv_add(tb, "Active LSMs",
		       st->lsms.n ? ld_strv_join(&st->lsms, ",", list, sizeof(list)) : "(none)");
	if (st->cmdline_err < 0)
		kv_add(tb, "Command line", na(st->cmdline_err, buf, sizeof(buf)));
	else
		kv_add(tb, "Command line", st->cmdline_words.n
						   ? ld_strv_join(&st->cmdline_words, " ", list, sizeof(list))
						   : "(no lockdown=, lsm= or security=)");
	kv_addf(tb, "BPF LSM", "%s (%s%s)", fact_word(&st->bpf_lsm_active, "active", "inactive"),
		st->bpf_lsm_active.inferred ? "inferred: " : "", st->bpf_lsm_active.basis);
	if (st->secure_boot_err < 0)
		kv_add(tb, "Secure Boot", na(st->secure_boot_err, buf, sizeof(buf)));
	else
		kv_add(tb, "Secure Boot", ld_secure_boot_to_string(st->secure_boot));
	kv_addf(tb, "Module signing", "sig_enforce=%s, CONFIG_MODULE_SIG_FORCE=%s",
		st->sig_enforce_err < 0 ? na(st->sig_enforce_err, buf, sizeof(buf))
		: st->sig_enforce	? "Y"
					: "N",
		st->kconfig_err < 0 ? CLI_UNKNOWN
		: st->kconfig_sig_force ? "y"
					: "n");
}

static void add_kconfig(struct libscols_table *tb, const struct ld_status *st)
{
	char buf[128];

	if (st->kconfig_err < 0) {
		kv_add(tb, "Kernel config", na(st->kconfig_err, buf, sizeof(buf)));
		return;
	}
	kv_addf(tb, "Kernel config", "%s: LOCKDOWN_LSM=%s LSM_EARLY=%s FORCE=%s SECURE_BOOT_LOCKDOWN=%s",
		st->kconfig_where.path,
		st->kconfig_lockdown_lsm ? "y" : "n", st->kconfig_lockdown_early ? "y" : "n",
		ld_level_to_string(st->kconfig_force),
		st->secure_boot_lockdown_configured ? "y" : "n");
}

static void add_catalogue(struct libscols_table *tb, const struct ld_status *st)
{
	const struct ld_catalogue *cat = &st->catalogue;
	char buf[128];

	if (st->catalogue_err < 0)
		kv_add(tb, "Reasons", na(st->catalogue_err, buf, sizeof(buf)));
	else if (cat->source == LD_CATALOGUE_BTF)
		kv_addf(tb, "Reasons", "%zu, from kernel BTF (%s)", cat->n, cat->origin);
	else
		kv_addf(tb, "Reasons", "%zu, from built-in table for %s%s (no BTF: %s)", cat->n,
			cat->origin, cat->approximate ? ", approximate" : "",
			ld_error_slug(st->btf_err));
}

/* One line per group: "modules: unsigned module loading, unsafe module parameters". */
static int print_groups(const struct ld_status *st, enum ld_level lo, enum ld_level hi)
{
	const struct ld_catalogue *cat = &st->catalogue;
	struct libscols_table *tb = kv_new(false);
	const char *groups[64];
	size_t n = ld_catalogue_groups(cat, lo, hi, groups, 64);

	if (!tb)
		return -ENOMEM;
	scols_table_set_column_separator(tb, "  ");
	for (size_t i = 0; i < n; i++) {
		char line[1024], key[64];

		snprintf(key, sizeof(key), "  %s", groups[i]);
		kv_add(tb, key, ld_catalogue_group_text(cat, lo, hi, groups[i], line, sizeof(line)));
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}

static void print_forbidden(const struct ld_status *st)
{
	enum ld_level level;
	bool inferred = false;
	const char *how;

	if (st->catalogue_err < 0)
		return;
	if (ld_status_effective_level(st, &level, &inferred) < 0) {
		printf("\nIntegrity would forbid:\n");
		print_groups(st, LD_LEVEL_NONE, LD_LEVEL_INTEGRITY);
		printf("\nConfidentiality would also forbid:\n");
		print_groups(st, LD_LEVEL_INTEGRITY, LD_LEVEL_CONFIDENTIALITY);
		return;
	}
	how = inferred ? ", inferred" : "";
	if (level == LD_LEVEL_NONE) {
		printf("\nForbidden now: nothing (level none%s)\n", how);
	} else {
		printf("\nForbidden now (%s%s):\n", ld_level_to_string(level), how);
		print_groups(st, LD_LEVEL_NONE, level);
	}
	for (enum ld_level next = level + 1; next < _LD_LEVEL_MAX; next++) {
		printf("\nRaising to %s would %sforbid:\n", ld_level_to_string(next),
		       next == level + 1 ? "" : "also ");
		print_groups(st, next - 1, next);
	}
}

int status_render_text(const struct ld_status *st)
{
	struct libscols_table *tb = kv_new(true);
	char buf[128];

	if (!tb)
		return cli_error("out of memory");
	kv_add(tb, "Kernel", st->release_err < 0 ? na(st->release_err, buf, sizeof(buf))
						  : st->release);
	add_level(tb, st);
	add_provenance(tb, st);
	add_context(tb, st);
	add_kconfig(tb, st);
	add_catalogue(tb, st);
	scols_print_table(tb);
	scols_unref_table(tb);
	print_forbidden(st);
	if (st->provenance.source != LD_SOURCE_NOT_LOCKED)
		printf("\nNothing can lower this level before a reboot; a BPF LSM program can add "
		       "refusals on top of it but never lift one.\n");
	if (st->notes.n) {
		printf("\nNotes:\n");
		for (size_t i = 0; i < st->notes.n; i++) {
			char *safe = text_escape(st->notes.v[i]);

			printf("  * %s\n", safe ? safe : "?");
			free(safe);
		}
	}
	return EXIT_OK;
}
