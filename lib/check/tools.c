// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Installed programs known to need what lockdown forbids (facts: what-breaks).
 * Installed is not in use, so these are warnings; the process scan and the
 * tracer find actual use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "lockdown/root.h"

static const char *const bindirs[] = {
	"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin",
};

/* The first path under which `name` is installed, or NULL. */
static char *which(struct check_state *st, const char *name)
{
	for (size_t i = 0; i < sizeof(bindirs) / sizeof(bindirs[0]); i++) {
		char *p = strprintf("%s/%s", bindirs[i], name);

		if (!p || ld_root_access(st->ctx->root, p) == 0)
			return p;
		free(p);
	}
	return NULL;
}

int report_installed_tools(struct check_state *st, const char *detector,
			   const struct known_tool *tools, size_t n)
{
	int err = 0;

	for (size_t i = 0; i < n && err == 0; i++) {
		char *path = which(st, tools[i].name), *id, *ev;

		if (!path)
			continue;
		id = strprintf("%s.installed:%s", detector, tools[i].name);
		ev = strprintf("%s is installed: %s", path, tools[i].needs);
		err = add_owned(st->ctx, detector, id, tools[i].reason, LD_SEVERITY_WARNING, ev,
				tools[i].symptom, tools[i].remedy);
		free(path);
	}
	return err;
}
