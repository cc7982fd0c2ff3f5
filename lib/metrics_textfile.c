// SPDX-License-Identifier: LGPL-2.1-or-later
/* metrics: the Prometheus text exposition format, and --textfile-dir writing it where
 * node_exporter reads it. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lockdown/atomicfile.h"
#include "lockdown/metrics.h"
#include "lockdown/root.h"

int ld_metrics_format_text(const struct ld_metrics *m, char **ret, size_t *ret_len)
{
	FILE *f = open_memstream(ret, ret_len);

	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++) {
		const struct ld_metric_family *fam = &m->families[i];

		fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", fam->name, fam->help, fam->name, fam->type);
		for (size_t j = 0; j < fam->n; j++) {
			const struct ld_metric_sample *s = &fam->samples[j];

			if (s->label)
				fprintf(f, "%s{%s=\"%s\"} %llu\n", fam->name, s->label, s->label_value,
					(unsigned long long)s->value);
			else
				fprintf(f, "%s %llu\n", fam->name, (unsigned long long)s->value);
		}
	}
	if (fclose(f) != 0) {
		free(*ret);
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int ld_metrics_write_textfile(const char *dir, const char *text, size_t len, char *ret_path,
			      size_t size, enum ld_textfile_step *ret_step)
{
	struct ld_root *fsroot = NULL;
	char real[PATH_MAX];
	int r;

	*ret_step = LD_TEXTFILE_DIR;
	if (!realpath(dir, real))
		return -errno;
	*ret_step = LD_TEXTFILE_PATH;
	if ((size_t)snprintf(ret_path, size, "%.4000s/lockdownctl.prom", real) >= size)
		return -ENAMETOOLONG;
	*ret_step = LD_TEXTFILE_WRITE;
	r = ld_root_open("/", &fsroot);
	if (r == 0)
		r = ld_atomic_write(fsroot, ret_path, text, len, 0644);
	ld_root_free(fsroot);
	return r;
}
