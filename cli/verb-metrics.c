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
#include "lockdown/metrics.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

enum { OPT_TEXTFILE_DIR = 0x500 };

const struct cli_option cli_metrics_options[] = {
	{ "textfile-dir", OPT_TEXTFILE_DIR, required_argument, "DIR",
	  "Write DIR/lockdownctl.prom (atomically) instead of stdout" },
	{ 0 },
};

const char cli_metrics_examples[] =
	"  lockdownctl metrics\n"
	"  lockdownctl metrics --textfile-dir=/var/lib/prometheus/node-exporter\n";

/* The same samples as JSON: {"metrics": [{"name", "labels", "value"}]}. */
static int print_json(const struct ld_metrics *m, enum json_mode mode)
{
	struct json_object *doc = json_document_new(), *arr = json_object_new_array();
	int r;

	for (size_t i = 0; i < m->n; i++)
		for (size_t j = 0; j < m->families[i].n; j++) {
			const struct ld_metric_sample *s = &m->families[i].samples[j];
			struct json_object *o = json_object_new_object(), *labels = json_object_new_object();

			if (s->label)
				json_object_object_add(labels, s->label, json_object_new_string(s->label_value));
			json_object_object_add(o, "name", json_object_new_string(m->families[i].name));
			json_object_object_add(o, "labels", labels);
			json_object_object_add(o, "value", json_object_new_double((double)s->value));
			json_object_array_add(arr, o);
		}
	json_object_object_add(doc, "metrics", arr);
	r = json_print(doc, mode);
	json_object_put(doc);
	return r;
}

/* --textfile-dir, its one option */
static int metrics_option(int c, const char *arg, void *userdata)
{
	(void)c;
	*(const char **)userdata = arg;
	return 0;
}

int verb_metrics(int argc, char **argv, struct cli_opts *opts)
{
	const char *dir = NULL;
	struct ld_root *root = NULL;
	enum ld_textfile_step step;
	struct ld_status st = { 0 };
	struct ld_metrics m = { 0 };
	char *buf = NULL, path[PATH_MAX];
	size_t len = 0;
	int r = cli_parse_options(argc, argv, opts, metrics_option, &dir);

	if (r != CLI_GO_ON)
		return r;
	if (opts->json != JSON_OFF && dir)
		return cli_usage_error("metrics", "--textfile-dir writes the Prometheus text format: "
						  "no --json with it");
	r = cli_open_status(opts->root, false, &root, &st);
	if (r != EXIT_OK)
		return r;
	if (ld_metrics_collect(root, &st, &m) < 0) {
		r = cli_error("out of memory");
		goto out;
	}
	if (!dir && opts->json != JSON_OFF) {
		r = print_json(&m, opts->json);
		goto out;
	}
	if (ld_metrics_format_text(&m, &buf, &len) < 0) {
		r = cli_error("out of memory");
		goto out;
	}
	if (!dir) {
		fwrite(buf, 1, len, stdout);
		r = EXIT_OK;
		goto out;
	}
	r = ld_metrics_write_textfile(dir, buf, len, path, sizeof(path), &step);
	if (r < 0 && step == LD_TEXTFILE_DIR)
		r = cli_error("cannot use '%s': %s", dir, strerror(-r));
	else if (r < 0 && step == LD_TEXTFILE_PATH)
		r = cli_error("'%s': path too long", dir);
	else if (r < 0)
		r = cli_error("cannot write '%s': %s", path, ld_strerror(-r));
	else
		r = EXIT_OK;
out:
	ld_metrics_clear(&m);
	free(buf);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
