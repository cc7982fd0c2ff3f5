// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reason texts kernels have printed in "Lockdown: COMM: REASON is
 * restricted" beyond the 5.4+ lockdown_reasons[] strings (which
 * ld_reason_match_text knows): the pre-5.4 lockdown patch sets that Fedora,
 * RHEL, Ubuntu, Debian and SUSE carried (kernel_is_locked_down("...")
 * call sites), with their own capitalisation and wording. Each entry says
 * where it was seen. Then, for a text no table knows, the level it most
 * likely has, guessed from a keyword, and which keyword.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lockdown/log.h"
#include "lockdown/reasons.h"

static const struct {
	const char *text;
	const char *enumerator;
} distro_wordings[] = {
	/* kernel/module.c module_sig_check() of the 2017-2019 patch sets */
	{ "Loading of unsigned module", "LOCKDOWN_MODULE_SIGNATURE" },
	{ "Loading of unsigned modules", "LOCKDOWN_MODULE_SIGNATURE" },
	{ "Loading of untrusted modules", "LOCKDOWN_MODULE_SIGNATURE" }, /* RHEL 8 (corpus: redhat, vbox) */
	{ "Loading of module with unavailable key", "LOCKDOWN_MODULE_SIGNATURE" },
	{ "Loading of module with unsupported crypto", "LOCKDOWN_MODULE_SIGNATURE" },
	{ "Command line-specified device addresses, irqs and dma channels",
	  "LOCKDOWN_MODULE_PARAMETERS" },
	{ "kexec of unsigned images", "LOCKDOWN_KEXEC" },
	{ "Hibernation", "LOCKDOWN_HIBERNATION" },                 /* corpus: undervolt, debian10 */
	{ "Direct PCI access", "LOCKDOWN_PCI_ACCESS" },
	{ "ioperm", "LOCKDOWN_IOPORT" },                           /* corpus: undervolt */
	{ "iopl", "LOCKDOWN_IOPORT" },
	{ "Direct MSR access", "LOCKDOWN_MSR" },                   /* corpus: undervolt, tlp */
	{ "Modifying ACPI tables", "LOCKDOWN_ACPI_TABLES" },
	{ "ACPI error injection", "LOCKDOWN_ACPI_TABLES" },
	{ "MMIO trace testing", "LOCKDOWN_MMIOTRACE" },
	{ "debugfs", "LOCKDOWN_DEBUGFS" },
	{ "Using xmon write-access", "LOCKDOWN_XMON_WR" },
	{ "Using xmon", "LOCKDOWN_XMON_RW" },
	{ "/proc/kcore", "LOCKDOWN_KCORE" },
	{ "Use of kprobes", "LOCKDOWN_KPROBES" },                 /* corpus: bpftrace (Ubuntu 5.0) */
	{ "perf", "LOCKDOWN_PERF" },                               /* Oracle UEK's patch set */
	{ "BPF", "LOCKDOWN_BPF_READ_KERNEL" },                     /* corpus: debian10 */
};

const char *ld_log_match_reason(const char *text, size_t len, size_t *ret_at)
{
	size_t at = 0, best_at = 0, best_len = 0;
	const char *best = ld_reason_match_text(text, len, true, &at);

	if (best) {
		best_at = at;
		best_len = len - at;
	}
	/* the longest text wins, so "COMM: Loading of unsigned modules" is not read as "... modules" */
	for (size_t i = 0; i < sizeof(distro_wordings) / sizeof(distro_wordings[0]); i++)
		if (strlen(distro_wordings[i].text) > best_len &&
		    ld_reason_ends_with(text, len, distro_wordings[i].text, true, &at)) {
			best = distro_wordings[i].enumerator;
			best_at = at;
			best_len = strlen(distro_wordings[i].text);
		}
	if (best)
		*ret_at = best_at;
	return best;
}

/*
 * An unknown reason text: integrity guards what could change the running
 * kernel (code, hardware, firmware tables, the hibernation image),
 * confidentiality what could read it. Reading keywords come first, except
 * that a BPF write is integrity's.
 */
static const struct {
	const char *keyword;
	enum ld_level level;
} guesses[] = {
	{ "write", LD_LEVEL_INTEGRITY },  /* "use of bpf to write user RAM", "xmon write" */
	{ "kcore", LD_LEVEL_CONFIDENTIALITY },
	{ "kprobe", LD_LEVEL_CONFIDENTIALITY },
	{ "perf", LD_LEVEL_CONFIDENTIALITY },
	{ "tracefs", LD_LEVEL_CONFIDENTIALITY },
	{ "trace", LD_LEVEL_CONFIDENTIALITY },
	{ "bpf", LD_LEVEL_CONFIDENTIALITY },
	{ "xfrm", LD_LEVEL_CONFIDENTIALITY },
	{ "secret", LD_LEVEL_CONFIDENTIALITY },
	{ "read kernel", LD_LEVEL_CONFIDENTIALITY },
	{ "module", LD_LEVEL_INTEGRITY },
	{ "kexec", LD_LEVEL_INTEGRITY },
	{ "msr", LD_LEVEL_INTEGRITY },
	{ "ioport", LD_LEVEL_INTEGRITY },
	{ "io port", LD_LEVEL_INTEGRITY },
	{ "i/o port", LD_LEVEL_INTEGRITY },
	{ "ioperm", LD_LEVEL_INTEGRITY },
	{ "iopl", LD_LEVEL_INTEGRITY },
	{ "pci", LD_LEVEL_INTEGRITY },
	{ "acpi", LD_LEVEL_INTEGRITY },
	{ "hibernat", LD_LEVEL_INTEGRITY },
	{ "debugfs", LD_LEVEL_INTEGRITY },
	{ "/dev/mem", LD_LEVEL_INTEGRITY },
	{ "kmem", LD_LEVEL_INTEGRITY },
	{ "mmio", LD_LEVEL_INTEGRITY },
	{ "pcmcia", LD_LEVEL_INTEGRITY },
	{ "serial", LD_LEVEL_INTEGRITY },
	{ "device tree", LD_LEVEL_INTEGRITY },
	{ "efi", LD_LEVEL_INTEGRITY },
	{ "firmware", LD_LEVEL_INTEGRITY },
	{ "parameter", LD_LEVEL_INTEGRITY },
};

enum ld_level ld_log_guess_level(const char *what, const char **ret_keyword)
{
	size_t len = strlen(what);

	for (size_t i = 0; i < sizeof(guesses) / sizeof(guesses[0]); i++) {
		size_t k = strlen(guesses[i].keyword);

		if (k <= len && strcasestr(what, guesses[i].keyword)) {
			*ret_keyword = guesses[i].keyword;
			return guesses[i].level;
		}
	}
	*ret_keyword = NULL;
	return _LD_LEVEL_INVALID;
}
