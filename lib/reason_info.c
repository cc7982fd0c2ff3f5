// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What each reason means, keyed by enumerator name (never by number: numbers
 * move between kernels). Descriptions are the kernel's own lockdown_reasons[]
 * strings, byte for byte, so they also match the "Lockdown: COMM: TEXT is
 * restricted" log lines.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lockdown/reasons.h"

struct reason_info {
	const char *enumerator;
	const char *description;
	const char *group;
};

static const struct reason_info infos[] = {
	{ "LOCKDOWN_MODULE_SIGNATURE", "unsigned module loading", "modules" },
	{ "LOCKDOWN_DEV_MEM", "/dev/mem,kmem,port", "raw-hardware" },
	{ "LOCKDOWN_EFI_TEST", "/dev/efi_test access", "firmware" },
	{ "LOCKDOWN_KEXEC", "kexec of unsigned images", "kexec-hibernation" },
	{ "LOCKDOWN_HIBERNATION", "hibernation", "kexec-hibernation" },
	{ "LOCKDOWN_PCI_ACCESS", "direct PCI access", "raw-hardware" },
	{ "LOCKDOWN_IOPORT", "raw io port access", "raw-hardware" },
	{ "LOCKDOWN_MSR", "raw MSR access", "raw-hardware" },
	{ "LOCKDOWN_ACPI_TABLES", "modifying ACPI tables", "firmware" },
	{ "LOCKDOWN_DEVICE_TREE", "modifying device tree contents", "firmware" },
	{ "LOCKDOWN_PCMCIA_CIS", "direct PCMCIA CIS storage", "raw-hardware" },
	{ "LOCKDOWN_TIOCSSERIAL", "reconfiguration of serial port IO", "raw-hardware" },
	{ "LOCKDOWN_MODULE_PARAMETERS", "unsafe module parameters", "modules" },
	{ "LOCKDOWN_MMIOTRACE", "unsafe mmio", "raw-hardware" },
	{ "LOCKDOWN_DEBUGFS", "debugfs access", "debugging" },
	{ "LOCKDOWN_XMON_WR", "xmon write access", "debugging" },
	{ "LOCKDOWN_BPF_WRITE_USER", "use of bpf to write user RAM", "bpf" },
	{ "LOCKDOWN_DBG_WRITE_KERNEL", "use of kgdb/kdb to write kernel RAM", "debugging" },
	{ "LOCKDOWN_RTAS_ERROR_INJECTION", "RTAS error injection", "firmware" },
	{ "LOCKDOWN_XEN_USER_ACTIONS", "Xen guest user action", "hypervisor" },
	{ "LOCKDOWN_KCORE", "/proc/kcore access", "kernel-memory" },
	{ "LOCKDOWN_KPROBES", "use of kprobes", "tracing" },
	{ "LOCKDOWN_BPF_READ", "use of bpf to read kernel RAM", "bpf" },
	{ "LOCKDOWN_BPF_READ_KERNEL", "use of bpf to read kernel RAM", "bpf" },
	{ "LOCKDOWN_DBG_READ_KERNEL", "use of kgdb/kdb to read kernel RAM", "debugging" },
	{ "LOCKDOWN_PERF", "unsafe use of perf", "tracing" },
	{ "LOCKDOWN_TRACEFS", "use of tracefs", "tracing" },
	{ "LOCKDOWN_XMON_RW", "xmon read and write access", "debugging" },
	{ "LOCKDOWN_XFRM_SECRET", "xfrm SA secret", "secrets" },
};

static const struct reason_info *lookup(const char *enumerator)
{
	for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
		if (strcmp(infos[i].enumerator, enumerator) == 0)
			return &infos[i];
	return NULL;
}

const char *ld_reason_description(const char *enumerator)
{
	const struct reason_info *info = lookup(enumerator);

	return info ? info->description : NULL;
}

const char *ld_reason_group(const char *enumerator)
{
	const struct reason_info *info = lookup(enumerator);

	return info ? info->group : "other";
}

/*
 * Which enumerator a log's reason text names: the kernel's strings of every
 * version we know, then the wordings of pre-5.4 distribution patches. With
 * suffix, text may be "COMM: REASON" and the longest reason ending it wins;
 * *ret_at is where it starts. Case-insensitive: the old patches capitalised.
 */
static const struct {
	const char *text;
	const char *enumerator;
} old_wordings[] = {
	{ "Loading of unsigned module", "LOCKDOWN_MODULE_SIGNATURE" }, /* Ubuntu 5.3 */
	{ "Direct MSR access", "LOCKDOWN_MSR" },
	{ "debugfs", "LOCKDOWN_DEBUGFS" },
};

bool ld_reason_ends_with(const char *text, size_t len, const char *reason, bool suffix, size_t *ret_at)
{
	size_t r = strlen(reason);

	/* the last byte first: most texts end otherwise, and then no call is made */
	if (len < r || r == 0 || tolower((unsigned char)text[len - 1]) != tolower((unsigned char)reason[r - 1]) ||
	    strncasecmp(text + len - r, reason, r) != 0)
		return false;
	if (len == r) {
		*ret_at = 0;
		return true;
	}
	/* "COMM: REASON": the comm is everything before the last ": " that precedes it */
	if (suffix && len >= r + 2 && text[len - r - 2] == ':' && text[len - r - 1] == ' ') {
		*ret_at = len - r;
		return true;
	}
	return false;
}

const char *ld_reason_match_text(const char *text, size_t len, bool suffix, size_t *ret_at)
{
	const char *best = NULL;
	size_t best_len = 0, at;

	for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++) {
		size_t r = strlen(infos[i].description);

		/* ">=": of two enumerators with one text the later (newer) name wins */
		if (r >= best_len && ld_reason_ends_with(text, len, infos[i].description, suffix, &at)) {
			best = infos[i].enumerator;
			best_len = r;
			*ret_at = at;
		}
	}
	if (best)
		return best;
	for (size_t i = 0; i < sizeof(old_wordings) / sizeof(old_wordings[0]); i++)
		if (ld_reason_ends_with(text, len, old_wordings[i].text, suffix, &at)) {
			*ret_at = at;
			return old_wordings[i].enumerator;
		}
	return NULL;
}

/*
 * The class of every reason we know, for when the running kernel's catalogue
 * cannot be had (no BTF, no release): no reason has ever changed class since
 * it was added, because new members are always inserted before the sentinel
 * of their own class. So this is exact for every kernel that has the reason.
 */
static const char *const confidentiality_reasons[] = {
	"LOCKDOWN_KCORE",	    "LOCKDOWN_KPROBES", "LOCKDOWN_BPF_READ",
	"LOCKDOWN_BPF_READ_KERNEL", "LOCKDOWN_DBG_READ_KERNEL", "LOCKDOWN_PERF",
	"LOCKDOWN_TRACEFS",	    "LOCKDOWN_XMON_RW", "LOCKDOWN_XFRM_SECRET",
};

enum ld_level ld_reason_known_level(const char *enumerator)
{
	if (!enumerator || !lookup(enumerator))
		return _LD_LEVEL_INVALID;
	for (size_t i = 0; i < sizeof(confidentiality_reasons) / sizeof(confidentiality_reasons[0]);
	     i++)
		if (strcmp(confidentiality_reasons[i], enumerator) == 0)
			return LD_LEVEL_CONFIDENTIALITY;
	return LD_LEVEL_INTEGRITY;
}
