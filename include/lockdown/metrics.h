/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * metrics: the state of lockdown on this machine as metric families in the
 * style of node_exporter's node_selinux_*: the level, the LSMs, check's
 * verdict per level, the enforce policy's counters and the refusals the
 * kernel logged since boot. One model; the Prometheus text and the JSON
 * are two renderings of it.
 */
#ifndef LOCKDOWN_METRICS_H
#define LOCKDOWN_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct ld_root;
struct ld_status;

struct ld_metric_sample {
	const char *label;  /* the one label's name, or NULL */
	char *label_value;  /* its value (never holds '"', '\\' or a newline) */
	uint64_t value;
};

struct ld_metric_family {
	const char *name, *type, *help;
	struct ld_metric_sample *samples; /* none: the family is known, no sample can be given */
	size_t n;
};

struct ld_metrics {
	struct ld_metric_family *families;
	size_t n;
};

/* Collect from st (collected on root), running check once and reading /dev/kmsg: 0 or -ENOMEM. */
int ld_metrics_collect(const struct ld_root *root, const struct ld_status *st, struct ld_metrics *ret);
void ld_metrics_clear(struct ld_metrics *m);

/* The Prometheus text exposition format of m, in *ret (caller frees): 0 or -ENOMEM. */
int ld_metrics_format_text(const struct ld_metrics *m, char **ret, size_t *ret_len);

/*
 * Write len bytes of text as DIR/lockdownctl.prom, atomically (node_exporter's
 * collector reads *.prom: a temporary name, then a rename). ret_path gets
 * the file's path. -errno; *ret_step says which step failed.
 */
enum ld_textfile_step { LD_TEXTFILE_DIR, LD_TEXTFILE_PATH, LD_TEXTFILE_WRITE };
int ld_metrics_write_textfile(const char *dir, const char *text, size_t len, char *ret_path,
			      size_t size, enum ld_textfile_step *ret_step);

#endif
