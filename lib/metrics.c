// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * metrics: what is known of lockdown here, as metric families. A family
 * whose samples would read as safe without being known keeps its help and
 * type and leaves the sample out (check's blockers where sources were not
 * read); a source that cannot be read leaves its families out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/check.h"
#include "lockdown/enforce.h"
#include "kmsg.h"
#include "lockdown/log.h"
#include "lockdown/metrics.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

struct collect {
	struct ld_metrics *m;
	int err;
};

static void family(struct collect *c, const char *name, const char *type, const char *help)
{
	struct ld_metric_family *f;

	if (c->err)
		return;
	f = reallocarray(c->m->families, c->m->n + 1, sizeof(*f));
	if (!f) {
		c->err = -ENOMEM;
		return;
	}
	c->m->families = f;
	f[c->m->n++] = (struct ld_metric_family){ .name = name, .type = type, .help = help };
}

/* A sample of the family added last. */
static void sample(struct collect *c, const char *label, const char *label_value, uint64_t value)
{
	struct ld_metric_family *f;
	struct ld_metric_sample *s;

	if (c->err)
		return;
	f = &c->m->families[c->m->n - 1];
	s = reallocarray(f->samples, f->n + 1, sizeof(*s));
	if (!s) {
		c->err = -ENOMEM;
		return;
	}
	f->samples = s;
	s[f->n] = (struct ld_metric_sample){ .label = label, .value = value };
	if (label && !(s[f->n].label_value = strdup(label_value))) {
		c->err = -ENOMEM;
		return;
	}
	f->n++;
}

static void add_status(struct collect *c, const struct ld_status *st)
{
	if (st->level_err == 0) {
		family(c, "lockdown_level", "gauge", "The kernel lockdown level in force (1 on the current level).");
		for (enum ld_level l = LD_LEVEL_NONE; l < _LD_LEVEL_MAX; l++)
			sample(c, "level", ld_level_to_string(l), st->level == l);
	}
	if (st->lockdown_active.value != LD_UNKNOWN) {
		family(c, "lockdown_lsm_active", "gauge", "Whether the lockdown LSM is active.");
		sample(c, NULL, NULL, st->lockdown_active.value == LD_YES);
	}
	if (st->bpf_lsm_active.value != LD_UNKNOWN) {
		family(c, "lockdown_bpf_lsm_active", "gauge",
		       "Whether the BPF LSM is active (lockdownctl enforce needs it).");
		sample(c, NULL, NULL, st->bpf_lsm_active.value == LD_YES);
	}
	family(c, "lockdown_provenance_info", "gauge", "How the lockdown level was set.");
	sample(c, "source", ld_source_to_string(st->provenance.source), 1);
}

static void add_check(struct collect *c, const struct ld_root *root, const struct ld_status *st)
{
	struct ld_check_report report = { 0 };
	struct ld_check_verdict v;

	if (ld_check_run(root, st->release, st->catalogue_err == 0 ? &st->catalogue : NULL, &report) != 0)
		return;
	ld_check_verdict(&report, &v);
	/* no count where it would read as safe without being known: the sample is left out */
	family(c, "lockdown_check_blockers", "gauge",
	       "What lockdownctl check finds would break at each level (blockers); absent "
	       "where none was found but some sources could not be read.");
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
		if (ld_check_verdict_at(&v, l) != LD_VERDICT_UNKNOWN)
			sample(c, "level", ld_level_to_string(l), v.blockers[l]);
	family(c, "lockdown_check_unknown", "gauge",
	       "1 where check found no blocker but could not read everything that might hold one.");
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
		sample(c, "level", ld_level_to_string(l), ld_check_verdict_at(&v, l) == LD_VERDICT_UNKNOWN);
	family(c, "lockdown_check_not_checked", "gauge",
	       "Sources check could not read that matter at each level.");
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
		sample(c, "level", ld_level_to_string(l), v.unseen[l]);
	ld_check_report_clear(&report);
}

/* The enforce policy only exists on the live system. */
static void add_enforce(struct collect *c, const struct ld_root *root, const struct ld_status *st)
{
	struct ld_enforce_info info = { 0 };
	struct ld_enforcer *e = NULL;
	int r;

	if (!ld_root_is_live(root))
		return;
	r = ld_enforcer_open(LD_ENFORCE_PIN_DIR, &e);
	if (r == 0 || r == -ENOENT) {
		family(c, "lockdown_enforce_loaded", "gauge", "Whether a lockdownctl enforce policy is in force.");
		sample(c, NULL, NULL, r == 0);
	}
	if (r == 0 && ld_enforcer_read(e, &info) == 0) {
		family(c, "lockdown_enforce_sealed", "gauge", "Whether the enforce policy is sealed.");
		sample(c, NULL, NULL, info.sealed);
		family(c, "lockdown_enforce_refused_total", "counter",
		       "Checks the enforce policy refused, by reason.");
		for (size_t i = 0; i < st->catalogue.n; i++) {
			int64_t v = st->catalogue.reasons[i].value;

			if (v >= 0 && v < LD_ENFORCE_REASONS && info.refused[v])
				sample(c, "reason", st->catalogue.reasons[i].name, info.refused[v]);
		}
		ld_enforce_info_clear(&info);
	}
	ld_enforcer_free(e);
}

static int on_kmsg(const struct ld_kmsg_record *rec, void *userdata)
{
	struct ld_logline l = { .msg = rec->msg, .msg_len = rec->msg_len, .from_kernel = rec->facility == 0,
				.trusted = rec->facility == 0, .mono_us = (int64_t)rec->usec,
				.realtime_us = -1 };
	struct ld_logmsg m;

	ld_logmsg_classify(rec->msg, rec->msg_len, &m);
	return ld_log_summary_add(userdata, &l, &m) < 0 ? -ENOMEM : 0;
}

static void add_log(struct collect *c, const struct ld_root *root)
{
	struct ld_log_summary sum;
	char name[64];

	ld_log_summary_init(&sum);
	if (ld_kmsg_walk(root, on_kmsg, &sum) == 0) {
		family(c, "lockdown_log_refusals_total", "counter",
		       "Lockdown refusals the kernel logged since boot, rate-limited ones included, by reason.");
		for (size_t i = 0; i < sum.n; i++) {
			if (!sum.reasons[i].enumerator)
				continue;
			ld_reason_short_name(sum.reasons[i].enumerator, name, sizeof(name));
			sample(c, "reason", name, sum.reasons[i].logged + sum.reasons[i].suppressed);
		}
		family(c, "lockdown_log_suppressed_unattributed_total", "counter",
		       "Refusals the kernel's rate limiter hid whose reason cannot be told.");
		sample(c, NULL, NULL, sum.suppressed_unattributed);
	}
	ld_log_summary_clear(&sum);
}

int ld_metrics_collect(const struct ld_root *root, const struct ld_status *st, struct ld_metrics *ret)
{
	struct collect c = { .m = ret };

	memset(ret, 0, sizeof(*ret));
	add_status(&c, st);
	add_check(&c, root, st);
	add_enforce(&c, root, st);
	add_log(&c, root);
	if (c.err < 0)
		ld_metrics_clear(ret);
	return c.err;
}

void ld_metrics_clear(struct ld_metrics *m)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->families[i].n; j++)
			free(m->families[i].samples[j].label_value);
		free(m->families[i].samples);
	}
	free(m->families);
	memset(m, 0, sizeof(*m));
}
