// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * For each reason: software users have reported hitting it, and what to do
 * instead. Drawn from ../shared/facts/what-breaks.md (public issue reports),
 * written in our own words; keyed by enumerator.
 */
#include <string.h>

#include "lockdown/log.h"

static const struct ld_log_advice advice[] = {
	{ "LOCKDOWN_MODULE_SIGNATURE",
	  "DKMS and other out-of-tree modules (NVIDIA, ZFS, VirtualBox, v4l2loopback), systemtap",
	  "sign the module with a key the kernel trusts (enroll a MOK: dkms and mokutil "
	  "--import do it), or use the distribution's signed build" },
	{ "LOCKDOWN_DEV_MEM",
	  "dmidecode, flashrom, fwupd, tuned, libsmbios, coreboot cbmem",
	  "read firmware tables from /sys/firmware/dmi/tables and /sys/firmware/acpi; "
	  "flash firmware through fwupd's capsule updates instead of /dev/mem" },
	{ "LOCKDOWN_KEXEC", "kdump-tools, kexec-based installers and boot loaders (petitboot)",
	  "load signed kernels with kexec_file_load: kexec -s (kdump-tools: "
	  "KDUMP_KEXEC_ARGS=\"-s\")" },
	{ "LOCKDOWN_HIBERNATION",
	  "systemd-logind asking whether hibernation works (a harmless probe that repeats), "
	  "desktop hibernate buttons",
	  "nothing to fix when it is only logind's probe; otherwise suspend to RAM, or keep "
	  "lockdown off where hibernation is required" },
	{ "LOCKDOWN_PCI_ACCESS", "setpci, PCI config-space tools, nvme-cli show-regs",
	  "use the driver's own interface (sysfs attributes, ethtool, nvme-cli commands that "
	  "go through the driver)" },
	{ "LOCKDOWN_IOPORT", "flashrom, fan and EC tools (ectool, nbfc-linux), sensors-detect",
	  "use a kernel driver for the device (hwmon, EC drivers) instead of raw port access" },
	{ "LOCKDOWN_MSR",
	  "undervolting tools (intel-undervolt, throttled), TLP, x86_energy_perf_policy, mcelog, "
	  "spectre-meltdown-checker",
	  "reading MSRs is still allowed; for writes use the kernel's interfaces (intel_pstate, "
	  "powercap/RAPL sysfs, EDAC)" },
	{ "LOCKDOWN_ACPI_TABLES", "DSDT/SSDT overrides from the initrd (suspend fixes, sensors)",
	  "get the fix into the firmware or the kernel; remove the override from the initrd" },
	{ "LOCKDOWN_MODULE_PARAMETERS", "modules given I/O ports, IRQs or memory on the command "
					"line or in modprobe.d",
	  "let the driver probe the hardware, or configure it through its sysfs interface" },
	{ "LOCKDOWN_DEBUGFS",
	  "tools writing debugfs tunables (system76-scheduler, cfs-zen-tweaks), bcc tools, pcp "
	  "pmdakvm, blktrace, switcheroo-control",
	  "use the sysfs or procfs equivalents; reading plain debugfs files still works" },
	{ "LOCKDOWN_BPF_WRITE_USER", "BPF programs calling bpf_probe_write_user",
	  "do not write user memory from BPF; use uprobes' return value overrides or user-space "
	  "agents" },
	{ "LOCKDOWN_KCORE", "crash and drgn on the live kernel, memory forensics (AVML), perf "
			    "annotate",
	  "take a kdump vmcore instead; debug on an unlocked test machine" },
	{ "LOCKDOWN_KPROBES", "bpftrace, bcc tools (execsnoop...), perf probe, perf trace",
	  "use fentry/fexit and tracepoints (BTF), which confidentiality allows" },
	{ "LOCKDOWN_BPF_READ_KERNEL",
	  "eBPF agents reading kernel memory (Cilium, Tetragon, Tracee, sched_ext, bpftool)",
	  "use BTF-typed access (fentry/fexit, CO-RE direct reads on BTF pointers), which does "
	  "not need bpf_probe_read_kernel" },
	{ "LOCKDOWN_PERF", "perf record --intr-regs", "record without kernel register samples" },
	{ "LOCKDOWN_TRACEFS", "ftrace users, trace-cmd, perf trace, bcc tools",
	  "use BPF on tracepoints through the bpf syscall (ring buffers, not trace_pipe)" },
	{ "LOCKDOWN_XFRM_SECRET", "ip xfrm state (the keys show as zeros)",
	  "keep the keys where the IKE daemon keeps them; the kernel no longer shows them" },
};

const struct ld_log_advice *ld_log_advice_for(const char *enumerator)
{
	for (size_t i = 0; enumerator && i < sizeof(advice) / sizeof(advice[0]); i++)
		if (strcmp(advice[i].enumerator, enumerator) == 0)
			return &advice[i];
	return NULL;
}
