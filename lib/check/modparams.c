// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 9: module parameters that set hardware resources (I/O ports,
 * IRQs, DMA channels, memory addresses). Integrity refuses any parameter a
 * driver declares with module_param_hw(): the module then fails to load.
 * The kernel's flag is not visible from user space, so parameters are judged
 * by name: the names module_param_hw() users take; prefix matches are warnings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "check/checkparse.h"
#include "lockdown/cmdline.h"

#define D	"module-params"
#define R	"LOCKDOWN_MODULE_PARAMETERS"
#define SYMPTOM "the module fails to load: Operation not permitted (\"unsafe module parameters\")"
#define REMEDY                                                                                 \
	"drop the parameter and let the driver probe the hardware (ACPI/PnP/PCI), or fix the " \
	"resources in firmware"

static int add(struct check_state *st, const char *where, const char *module, const char *param,
	       const char *value, int certainty)
{
	/* where is "FILE:LINE" or "cmdline": the same parameter can be set in both */
	char *id = ld_strprintf("module-params.hw:%s.%s@%s", module, param, where);
	char *ev = ld_strprintf("%s sets %s.%s=%s, %s hardware-resource parameter",
			     strcmp(where, "cmdline") ? where : "the kernel command line", module,
			     param, value, certainty == 2 ? "a" : "probably a");
	int err = ld_add_owned(st->ctx, D, id, R,
			    certainty == 2 ? LD_SEVERITY_BLOCKER : LD_SEVERITY_WARNING, ev, SYMPTOM,
			    REMEDY);
	return err;
}

struct options_ctx {
	struct check_state *st;
	char where[512];
};

static int on_param(const char *module, const char *param, const char *value, void *userdata)
{
	struct options_ctx *o = userdata;
	int c = ld_hw_param_certainty(param);

	return c ? add(o->st, o->where, module, param, value ? value : "", c) : 0;
}

static int options_line(struct check_state *st, const char *path, size_t lineno, char *line,
			void *userdata)
{
	struct options_ctx o = { .st = st };

	(void)userdata;
	snprintf(o.where, sizeof(o.where), "%s:%zu", path, lineno);
	return ld_modprobe_options_line(line, strlen(line), on_param, &o);
}

static int options_file(struct check_state *st, const char *path, void *userdata)
{
	int err = ld_for_each_line(st, path, options_line, userdata);

	return err == -ENOMEM ? err : 0;
}

int ld_detect_module_params(struct check_state *st)
{
	static const char *const dirs[] = { "/etc/modprobe.d", "/run/modprobe.d",
					    "/usr/local/lib/modprobe.d", "/usr/lib/modprobe.d",
					    "/lib/modprobe.d" };
	struct ld_cmdline c = { 0 };
	int err = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && err == 0; i++) {
		err = ld_for_each_file(st, dirs[i], ".conf", options_file, NULL);
		if (err != -ENOMEM)
			err = 0;
	}
	/* "driver.param=value" on the command line, for built-in or later-loaded modules */
	if (err == 0 && st->cmdline &&
	    ld_cmdline_parse(st->cmdline, strlen(st->cmdline), &c) == 0) {
		for (size_t i = 0; i < c.n && err == 0; i++) {
			char *dot = strchr(c.args[i].key, '.'), *module;
			int certainty;

			if (!dot || !(certainty = ld_hw_param_certainty(dot + 1)))
				continue;
			module = strndup(c.args[i].key, (size_t)(dot - c.args[i].key));
			err = module ? add(st, "cmdline", module, dot + 1,
					   c.args[i].value ? c.args[i].value : "", certainty)
				     : -ENOMEM;
			free(module);
		}
	}
	ld_cmdline_clear(&c);
	return err;
}
