// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 6: MSR and I/O ports. Integrity refuses writes to /dev/cpu/N/msr
 * (reads keep working) and ioperm/iopl: undervolting, fan and EC control,
 * BIOS flashing and some energy tools stop working.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"

#define D	    "msr-ioport"
#define MSR_SYMPTOM "wrmsr: pwrite: Operation not permitted (\"raw MSR access is restricted\")"
#define MSR_REMEDY                                                                             \
	"use the kernel's interfaces (cpufreq, intel_pstate, powercap/RAPL sysfs) instead of " \
	"raw MSR writes"
#define IO_SYMPTOM "\"Could not get I/O privileges (Operation not permitted)\" even as root"
#define IO_REMEDY  "use a kernel driver for the device (hwmon, EC, MTD/SPI for flashing)"


static int msr_module_line(struct check_state *st, const char *path, size_t lineno, char *line,
			   void *userdata)
{
	(void)st;
	(void)path;
	(void)lineno;
	if (strncmp(line, "msr ", 4) == 0)
		*(bool *)userdata = true;
	return 0;
}

int ld_detect_msr_ioport(struct check_state *st)
{
	bool loaded = false;
	int err = 0;

	(void)ld_for_each_line(st, "/proc/modules", msr_module_line, &loaded);
	if (loaded)
		err = ld_check_add(
			st->ctx, D, "msr-ioport.msr-module", "LOCKDOWN_MSR", LD_SEVERITY_WARNING,
			"the msr module is loaded: reads of /dev/cpu/*/msr keep working, "
			"writes are refused",
			MSR_SYMPTOM, MSR_REMEDY);
	for (size_t i = 0; i < st->scan.n && err == 0; i++) {
		const struct ld_proc_hit *h = &st->scan.hits[i];
		bool writes = h->accmode == O_WRONLY || h->accmode == O_RDWR;
		char *id, *ev;

		if (strncmp(h->path, "/dev/cpu/", 9) || !strstr(h->path, "/msr"))
			continue;
		id = ld_strprintf("msr-ioport.msr-open:%d:%s", h->pid, h->path);
		ev = ld_strprintf("pid %d (%s) has %s open %s", h->pid, h->cmdline, h->path,
			       writes ? "for writing" : "read-only (reads stay allowed)");
		err = ld_add_owned(st->ctx, D, id, "LOCKDOWN_MSR",
				writes ? LD_SEVERITY_BLOCKER : LD_SEVERITY_WARNING, ev, MSR_SYMPTOM,
				MSR_REMEDY);
	}
	return err;
}
