// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl metrics: the state of lockdown on this machine in the
 * Prometheus text format, for node_exporter's textfile collector (written
 * atomically, so the collector never reads half a file), in the style of
 * node_exporter's own node_selinux_* metrics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "lockdown/atomicfile.h"
#include "lockdown/check.h"
#include "lockdown/enforce.h"
#include "lockdown/kmsg.h"
#include "lockdown/logscan.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "../bpf/lockdown_policy.h"

static const char options_help[] =
	"     --textfile-dir=DIR  Write DIR/lockdownctl.prom (atomically) instead of stdout\n";

static const char examples[] =
	"  lockdownctl metrics\n"
	"  lockdownctl metrics --textfile-dir=/var/lib/prometheus/node-exporter\n";

enum { OPT_TEXTFILE_DIR = 0x500 };

const struct option cli_metrics_options[] = {
	CLI_COMMON_LONGOPTS,
	{ "textfile-dir", required_argument, NULL, OPT_TEXTFILE_DIR },
	{ 0 },
};

static void metric(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
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

static void write_metrics(FILE *f, const struct ld_root *root, const struct ld_status *st)
{
	struct ld_check_report report = { 0 };
	struct ld_log_summary sum;
	struct ld_enforcer *e = NULL;
	char name[64];

	if (st->level_err == 0) {
		metric(f, "lockdown_level", "gauge",
		       "The kernel lockdown level in force (1 on the current level).");
		for (enum ld_level l = LD_LEVEL_NONE; l < _LD_LEVEL_MAX; l++)
			fprintf(f, "lockdown_level{level=\"%s\"} %d\n", ld_level_to_string(l), st->level == l);
	}
	if (st->lockdown_active.value != LD_UNKNOWN) {
		metric(f, "lockdown_lsm_active", "gauge", "Whether the lockdown LSM is active.");
		fprintf(f, "lockdown_lsm_active %d\n", st->lockdown_active.value == LD_YES);
	}
	if (st->bpf_lsm_active.value != LD_UNKNOWN) {
		metric(f, "lockdown_bpf_lsm_active", "gauge",
		       "Whether the BPF LSM is active (lockdownctl enforce needs it).");
		fprintf(f, "lockdown_bpf_lsm_active %d\n", st->bpf_lsm_active.value == LD_YES);
	}
	metric(f, "lockdown_provenance_info", "gauge", "How the lockdown level was set.");
	fprintf(f, "lockdown_provenance_info{source=\"%s\"} 1\n",
		ld_source_to_string(st->provenance.source));

	if (ld_check_run(root, st->release, st->catalogue_err == 0 ? &st->catalogue : NULL, &report) ==
	    0) {
		struct ld_check_verdict v;

		ld_check_verdict(&report, &v);
		/* no count where it would read as safe without being known: the sample is left out */
		metric(f, "lockdown_check_blockers", "gauge",
		       "What lockdownctl check finds would break at each level (blockers); absent "
		       "where none was found but some sources could not be read.");
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
			if (ld_check_verdict_at(&v, l) != LD_VERDICT_UNKNOWN)
				fprintf(f, "lockdown_check_blockers{level=\"%s\"} %zu\n",
					ld_level_to_string(l), v.blockers[l]);
		metric(f, "lockdown_check_unknown", "gauge",
		       "1 where check found no blocker but could not read everything that might hold one.");
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
			fprintf(f, "lockdown_check_unknown{level=\"%s\"} %d\n", ld_level_to_string(l),
				ld_check_verdict_at(&v, l) == LD_VERDICT_UNKNOWN);
		metric(f, "lockdown_check_not_checked", "gauge",
		       "Sources check could not read that matter at each level.");
		for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
			fprintf(f, "lockdown_check_not_checked{level=\"%s\"} %zu\n",
				ld_level_to_string(l), v.unseen[l]);
		ld_check_report_clear(&report);
	}

	/* the enforce policy only exists on the live system */
	if (ld_root_is_live(root)) {
		int r = ld_enforcer_open(LD_ENFORCE_PIN_DIR, &e);
		struct ld_enforce_info info = { 0 };

		if (r == 0 || r == -ENOENT) {
			metric(f, "lockdown_enforce_loaded", "gauge", "Whether a lockdownctl enforce policy is in force.");
			fprintf(f, "lockdown_enforce_loaded %d\n", r == 0);
		}
		if (r == 0 && ld_enforcer_read(e, &info) == 0) {
			metric(f, "lockdown_enforce_sealed", "gauge", "Whether the enforce policy is sealed.");
			fprintf(f, "lockdown_enforce_sealed %d\n", info.sealed);
			metric(f, "lockdown_enforce_refused_total", "counter",
			       "Checks the enforce policy refused, by reason.");
			for (size_t i = 0; i < st->catalogue.n; i++) {
				int64_t v = st->catalogue.reasons[i].value;

				if (v >= 0 && v < LD_POLICY_REASONS && info.refused[v])
					fprintf(f, "lockdown_enforce_refused_total{reason=\"%s\"} %llu\n",
						st->catalogue.reasons[i].name,
						(unsigned long long)info.refused[v]);
			}
			ld_enforce_info_clear(&info);
		}
		ld_enforcer_free(e);
	}

	ld_log_summary_init(&sum);
	if (ld_kmsg_walk(root, on_kmsg, &sum) == 0) {
		metric(f, "lockdown_log_refusals_total", "counter",
		       "Lockdown refusals the kernel logged since boot, rate-limited ones included, by reason.");
		for (size_t i = 0; i < sum.n; i++) {
			if (!sum.reasons[i].enumerator)
				continue;
			ld_reason_short_name(sum.reasons[i].enumerator, name, sizeof(name));
			fprintf(f, "lockdown_log_refusals_total{reason=\"%s\"} %llu\n", name,
				(unsigned long long)(sum.reasons[i].logged + sum.reasons[i].suppressed));
		}
		metric(f, "lockdown_log_suppressed_unattributed_total", "counter",
		       "Refusals the kernel's rate limiter hid whose reason cannot be told.");
		fprintf(f, "lockdown_log_suppressed_unattributed_total %llu\n",
			(unsigned long long)sum.suppressed_unattributed);
	}
	ld_log_summary_clear(&sum);
}

/*
 * The same samples as JSON, read back from the exposition text just made
 * (one producer, two forms): {"metrics": [{"name", "labels", "value"}]}.
 * Our label values never hold '"', ',' or '}', so the split is exact.
 */
static int print_json(char *text, enum json_mode mode)
{
	struct json_object *doc = json_document_new(), *arr = json_object_new_array();
	char *save = NULL;
	int r;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_object *m, *labels;
		char *sp, *brace;

		if (line[0] == '#' || !(sp = strrchr(line, ' ')))
			continue;
		*sp = '\0';
		m = json_object_new_object();
		labels = json_object_new_object();
		brace = strchr(line, '{');
		if (brace) {
			char *lsave = NULL;

			*brace = '\0';
			brace[strlen(brace + 1)] = '\0'; /* the closing '}' */
			for (char *kv = strtok_r(brace + 1, ",", &lsave); kv; kv = strtok_r(NULL, ",", &lsave)) {
				char *eq = strchr(kv, '=');

				if (!eq)
					continue;
				*eq = '\0';
				eq[strlen(eq + 1)] = '\0'; /* the closing quote */
				json_object_object_add(labels, kv, json_object_new_string(eq + 2));
			}
		}
		json_object_object_add(m, "name", json_object_new_string(line));
		json_object_object_add(m, "labels", labels);
		json_object_object_add(m, "value", json_object_new_double(strtod(sp + 1, NULL)));
		json_object_array_add(arr, m);
	}
	json_object_object_add(doc, "metrics", arr);
	r = json_print(doc, mode);
	json_object_put(doc);
	return r;
}

int verb_metrics(int argc, char **argv, struct cli_opts *opts)
{
	const char *dir = NULL;
	struct ld_root *root = NULL, *fsroot = NULL;
	struct ld_status st = { 0 };
	char *buf = NULL, path[PATH_MAX], real[PATH_MAX];
	size_t len = 0;
	FILE *f;
	int c, r;

	while ((c = cli_getopt(argc, argv, "metrics", CLI_COMMON_SHORTOPTS, cli_metrics_options)) != -1) {
		switch (c) {
		case OPT_TEXTFILE_DIR:
			dir = optarg;
			break;
		case 'h':
			cli_print_verb_help(cli_find_verb("metrics"), options_help, examples);
			return EXIT_OK;
		default:
			r = cli_common_option(c, optarg, opts);
			if (r < 0)
				return -r;
		}
	}
	if (optind < argc)
		return cli_usage_error("metrics", "unexpected argument '%s'", argv[optind]);
	if (opts->json != JSON_OFF && dir)
		return cli_usage_error("metrics", "--textfile-dir writes the Prometheus text format: "
						  "no --json with it");
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	f = open_memstream(&buf, &len);
	if (!f) {
		r = cli_error("out of memory");
		goto out;
	}
	write_metrics(f, root, &st);
	if (fclose(f) != 0) {
		r = cli_error("out of memory");
		goto out;
	}
	if (!dir && opts->json != JSON_OFF) {
		r = print_json(buf, opts->json);
		goto out;
	}
	if (!dir) {
		fwrite(buf, 1, len, stdout);
		r = EXIT_OK;
		goto out;
	}
	/* the collector reads *.prom: write a temporary name, then rename */
	if (!realpath(dir, real)) {
		r = cli_error("cannot use '%s': %s", dir, strerror(errno));
		goto out;
	}
	if ((size_t)snprintf(path, sizeof(path), "%.4000s/lockdownctl.prom", real) >= sizeof(path)) {
		r = cli_error("'%s': path too long", dir);
		goto out;
	}
	r = ld_root_open("/", &fsroot);
	if (r == 0)
		r = ld_atomic_write(fsroot, path, buf, len, 0644);
	r = r < 0 ? cli_error("cannot write '%s': %s", path, ld_strerror(-r)) : EXIT_OK;
out:
	free(buf);
	ld_root_free(fsroot);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
