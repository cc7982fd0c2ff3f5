// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Run every detector once, then give each finding its level from this
 * kernel's catalogue. One process scan serves all detectors that ask who
 * holds what open.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detectors.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"

static const struct ld_proc_interest interests[] = {
	{ "/dev/mem", false },		   { "/dev/kmem", false },
	{ "/dev/port", false },		   { "/proc/kcore", false },
	{ "/dev/efi_test", false },	   { "/sys/kernel/debug", true },
	{ "/sys/kernel/tracing", true },   { "/dev/cpu/", true },
	{ "/sys/bus/pci/devices/", true }, { "/sys/devices/pci", true },
	{ "anon_inode:bpf-prog", false },  { "anon_inode:[perf_event]", false },
};

static const struct {
	const char *name;
	int (*fn)(struct check_state *st);
} detectors[] = {
	{ "modules", ld_detect_modules },
	{ "kexec", ld_detect_kexec },
	{ "hibernation", ld_detect_hibernation },
	{ "debugfs-tracefs", ld_detect_debugfs_tracefs },
	{ "raw-memory", ld_detect_raw_memory },
	{ "msr-ioport", ld_detect_msr_ioport },
	{ "acpi", ld_detect_acpi },
	{ "bpf-perf", ld_detect_bpf_perf },
	{ "module-params", ld_detect_module_params },
	{ "xfrm", ld_detect_xfrm },
	{ "software", ld_detect_software },
};

/*
 * The lowest level that refuses a reason: from this kernel's catalogue, else
 * from the class the reason has had in every kernel (exact: classes never
 * changed), else undecided, which every verdict counts at every level.
 */
static void assign_levels(struct ld_check_report *r, const struct ld_catalogue *cat)
{
	for (size_t i = 0; i < r->n; i++) {
		struct ld_finding *f = &r->findings[i];
		const struct ld_reason *reason = cat ? ld_catalogue_find(cat, f->reason) : NULL;

		/* an older kernel may name it differently (BPF_READ before 5.13) */
		if (!reason && cat && strcmp(f->reason, "LOCKDOWN_BPF_READ_KERNEL") == 0)
			reason = ld_catalogue_find(cat, "LOCKDOWN_BPF_READ");
		f->level_from_kernel = reason != NULL;
		if (reason) {
			snprintf(f->name, sizeof(f->name), "%s", reason->name);
			f->value = reason->value;
		} else
			ld_reason_short_name(f->reason, f->name, sizeof(f->name));
		f->level = reason ? reason->level : ld_reason_known_level(f->reason);
		f->level_source = reason ? "kernel"
				  : f->level == _LD_LEVEL_INVALID ? "undecided" : "known-class";
	}
}

int ld_check_run(const struct ld_root *root, const char *release,
		 const struct ld_catalogue *catalogue, struct ld_check_report *ret)
{
	struct ld_check_report report = { 0 };
	struct ld_check_ctx ctx = { root, release, catalogue, &report };
	struct check_state st = { .ctx = &ctx };
	int err = 0, cerr;

	st.cmdline = ld_read_value(&st, "/proc/cmdline", &cerr);
	st.scan_err = ld_proc_scan(root, interests, sizeof(interests) / sizeof(interests[0]),
				   &st.scan);
	if (st.scan_err == -ENOMEM)
		err = -ENOMEM;
	else if (st.scan_err < 0)
		err = ld_check_unseen(&ctx, "processes", "/proc (open files and mappings)",
				      st.scan_err);
	else if (st.scan.procs_unreadable > 0)
		err = ld_check_unseenf(&ctx, "processes", -EACCES, "open files of %zu of %zu processes",
				       st.scan.procs_unreadable, st.scan.procs);
	/* resume= (hibernation) and acpi_rsdp= are read from it: say so when it is not there */
	if (err == 0 && !st.cmdline)
		err = ld_check_unseen(&ctx, "cmdline", "/proc/cmdline (resume=, acpi_rsdp=)", cerr);
	for (size_t i = 0; i < sizeof(detectors) / sizeof(detectors[0]) && err == 0; i++) {
		err = detectors[i].fn(&st);
		if (err != -ENOMEM)
			err = 0; /* a detector that failed has said what it could not see */
	}
	ld_proc_scan_clear(&st.scan);
	free(st.cmdline);
	if (err < 0) {
		ld_check_report_clear(&report);
		return err;
	}
	assign_levels(&report, catalogue);
	*ret = report;
	return 0;
}
