// SPDX-License-Identifier: LGPL-2.1-or-later
/* metrics --textfile-dir: the Prometheus text written where node_exporter reads it. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "lockdown/atomicfile.h"
#include "lockdown/metrics.h"
#include "lockdown/root.h"

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
