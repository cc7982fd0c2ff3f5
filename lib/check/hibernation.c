// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 3: hibernation. Integrity refuses to hibernate (EPERM) and, worse,
 * silently skips resuming from an image at boot: a machine set up to resume
 * boots fresh and the hibernated session is lost.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "lockdown/cmdline.h"

#define D "hibernation"
#define R "LOCKDOWN_HIBERNATION"
#define SYMPTOM                                                                             \
	"hibernate fails with Operation not permitted (\"Sleep verb hibernate not "        \
	"supported\"); at boot the resume image is silently ignored"
#define REMEDY                                                                              \
	"use suspend to RAM instead, and disable hibernation (AllowHibernation=no in "      \
	"systemd-sleep.conf) so desktops stop offering it"

static int sleep_conf_line(struct check_state *st, const char *path, size_t lineno, char *line,
			   void *userdata)
{
	int *allowed = userdata;

	(void)st;
	(void)path;
	(void)lineno;
	if (strncmp(line, "AllowHibernation=", 17) == 0)
		*allowed = strncmp(line + 17, "no", 2) && strncmp(line + 17, "0", 1) &&
			   strncmp(line + 17, "false", 5);
	return 0;
}

static int sleep_dropin(struct check_state *st, const char *path, void *userdata)
{
	return ld_for_each_line(st, path, sleep_conf_line, userdata);
}

static int swap_line(struct check_state *st, const char *path, size_t lineno, char *line,
		     void *userdata)
{
	char **swaps = userdata, *dev = line, *sp, *more;

	(void)st;
	(void)path;
	if (lineno == 1 || !*line) /* header */
		return 0;
	sp = strchr(dev, ' ');
	if (sp)
		*sp = '\0';
	more = ld_strprintf("%s%s%s", *swaps ? *swaps : "", *swaps ? ", " : "", dev);
	if (!more)
		return -ENOMEM;
	free(*swaps);
	*swaps = more;
	return 0;
}

int ld_detect_hibernation(struct check_state *st)
{
	const struct ld_cmdline_arg *resume = NULL;
	struct ld_cmdline c = { 0 };
	char *v, *swaps = NULL, ev[1024];
	int allowed = 1, err = 0, verr;
	bool disabled = false;

	if (st->cmdline && ld_cmdline_parse(st->cmdline, strlen(st->cmdline), &c) == 0) {
		resume = ld_cmdline_last(&c, "resume");
		disabled = ld_cmdline_last(&c, "nohibernate") ||
			   (ld_cmdline_last(&c, "hibernate") &&
			    ld_cmdline_last(&c, "hibernate")->value &&
			    strcmp(ld_cmdline_last(&c, "hibernate")->value, "no") == 0);
	}
	(void)ld_for_each_line(st, "/etc/systemd/sleep.conf", sleep_conf_line, &allowed);
	(void)ld_for_each_file(st, "/etc/systemd/sleep.conf.d", ".conf", sleep_dropin, &allowed);
	if (disabled || !allowed)
		goto out; /* hibernation is off already: nothing to break */

	if (resume && resume->value && *resume->value && strcmp(resume->value, "none")) {
		snprintf(ev, sizeof(ev), "resume=%s on the kernel command line: a hibernation "
			 "image there would be ignored at boot", resume->value);
		err = ld_check_add(st->ctx, D, "hibernation.resume-cmdline", R,
				   LD_SEVERITY_BLOCKER, ev, SYMPTOM, REMEDY);
	} else {
		v = ld_read_value(st, "/sys/power/resume", &verr);
		if (v && strcmp(v, "0:0") && *v) {
			snprintf(ev, sizeof(ev), "/sys/power/resume is %s: a resume device is set "
				 "(by the initramfs)", v);
			err = ld_check_add(st->ctx, D, "hibernation.resume-device", R,
					   LD_SEVERITY_BLOCKER, ev, SYMPTOM, REMEDY);
		}
		free(v);
	}
	if (err < 0)
		goto out;
	if (ld_for_each_line(st, "/proc/swaps", swap_line, &swaps) == 0 && swaps) {
		snprintf(ev, sizeof(ev), "swap (%s) can hold a hibernation image and hibernation "
			 "is not disabled in systemd-sleep.conf", swaps);
		err = ld_check_add(st->ctx, D, "hibernation.swap", R, LD_SEVERITY_WARNING, ev,
				   SYMPTOM, REMEDY);
	}
out:
	free(swaps);
	ld_cmdline_clear(&c);
	return err;
}
