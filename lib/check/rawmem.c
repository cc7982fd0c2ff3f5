// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 5: raw memory and device access by running processes: /dev/mem,
 * /dev/kmem and /dev/port (refused at open under integrity), /proc/kcore
 * (confidentiality), PCI BARs mapped through sysfs resource files and
 * /dev/efi_test (integrity).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"

#define D "raw-memory"

static const struct {
	const char *path;
	bool prefix;
	const char *reason, *symptom, *remedy;
} targets[] = {
	{ "/dev/mem", false, "LOCKDOWN_DEV_MEM",
	  "open(\"/dev/mem\") fails: Operation not permitted",
	  "read SMBIOS from /sys/firmware/dmi/tables (dmidecode does), firmware data from "
	  "/sys/firmware, and hardware state from its driver's sysfs files" },
	{ "/dev/kmem", false, "LOCKDOWN_DEV_MEM",
	  "open(\"/dev/kmem\") fails: Operation not permitted", "use the driver's own interface" },
	{ "/dev/port", false, "LOCKDOWN_DEV_MEM",
	  "open(\"/dev/port\") fails: Operation not permitted",
	  "use a kernel driver for the device (hwmon, EC drivers) instead of raw ports" },
	{ "/proc/kcore", false, "LOCKDOWN_KCORE",
	  "open(\"/proc/kcore\") fails: Operation not permitted (crash, drgn, perf annotate)",
	  "stay at integrity on this machine, or analyse kernel memory from a kdump vmcore" },
	{ "/dev/efi_test", false, "LOCKDOWN_EFI_TEST", "open(\"/dev/efi_test\") fails",
	  "run firmware tests on a machine that is not locked down" },
	{ "/sys/bus/pci/devices/", true, "LOCKDOWN_PCI_ACCESS",
	  "mmap of the PCI resource file fails: Operation not permitted",
	  "use the device's kernel driver (or VFIO for user-space drivers)" },
	{ "/sys/devices/pci", true, "LOCKDOWN_PCI_ACCESS",
	  "mmap of the PCI resource file fails: Operation not permitted",
	  "use the device's kernel driver (or VFIO for user-space drivers)" },
};

int ld_detect_raw_memory(struct check_state *st)
{
	int err = 0;

	for (size_t i = 0; i < st->scan.n && err == 0; i++) {
		const struct ld_proc_hit *h = &st->scan.hits[i];

		for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
			size_t n = strlen(targets[t].path);
			char *id, *ev;

			if (targets[t].prefix ? strncmp(h->path, targets[t].path, n)
					      : strcmp(h->path, targets[t].path))
				continue;
			/* under /sys only the BAR files matter: resourceN, resourceN_wc */
			if (targets[t].prefix && !strstr(h->path, "/resource"))
				continue;
			id = ld_strprintf("raw-memory.%s:%d:%s", h->fd < 0 ? "mapped" : "open", h->pid,
				       h->path);
			ev = ld_strprintf("pid %d (%s) has %s %s", h->pid, h->cmdline, h->path,
				       h->fd < 0 ? "mapped" : "open");
			err = ld_add_owned(st->ctx, D, id, targets[t].reason, LD_SEVERITY_BLOCKER, ev,
					targets[t].symptom, targets[t].remedy);
			break;
		}
	}
	return err;
}
