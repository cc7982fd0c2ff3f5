// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Built-in enum lockdown_reason layouts, for kernels that publish no BTF.
 * Taken from the upstream history (see shared facts, section 1.4): members
 * were inserted before the sentinels over the years and stable branches got
 * backports, so the numbering depends on the exact release. Where the first
 * stable release carrying a backport is not known, the layout is marked
 * approximate and the output says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "lockdown/reasons.h"
#include "version.h"

/* Pieces shared by the layouts; each layout below reads as the full member list. */
#define HEAD "NONE MODULE_SIGNATURE DEV_MEM EFI_TEST KEXEC HIBERNATION PCI_ACCESS IOPORT MSR "
#define HW_5 "ACPI_TABLES PCMCIA_CIS TIOCSSERIAL MODULE_PARAMETERS MMIOTRACE DEBUGFS "
#define HW_6 "ACPI_TABLES DEVICE_TREE PCMCIA_CIS TIOCSSERIAL MODULE_PARAMETERS MMIOTRACE DEBUGFS "
#define CONF_HEAD "INTEGRITY_MAX KCORE KPROBES "
#define TAIL_XMON "PERF TRACEFS XMON_RW "
#define END "CONFIDENTIALITY_MAX"

static const char L_5_4[] = HEAD HW_5 CONF_HEAD "BPF_READ PERF TRACEFS " END;
static const char L_5_4_XMON[] = HEAD HW_5 "XMON_WR " CONF_HEAD "BPF_READ " TAIL_XMON END;
static const char L_5_4_KGDB[] = HEAD HW_5 "XMON_WR DBG_WRITE_KERNEL " CONF_HEAD
	"BPF_READ DBG_READ_KERNEL " TAIL_XMON END;
static const char L_5_10_BPFW[] = HEAD HW_5 "XMON_WR BPF_WRITE_USER " CONF_HEAD
	"BPF_READ " TAIL_XMON END;
static const char L_5_10_KGDB[] = HEAD HW_5 "XMON_WR BPF_WRITE_USER DBG_WRITE_KERNEL " CONF_HEAD
	"BPF_READ DBG_READ_KERNEL " TAIL_XMON END;
static const char L_5_11[] = HEAD HW_5 "XMON_WR " CONF_HEAD "BPF_READ " TAIL_XMON
	"XFRM_SECRET " END;
static const char L_5_13[] = HEAD HW_5 "XMON_WR BPF_WRITE_USER " CONF_HEAD
	"BPF_READ_KERNEL " TAIL_XMON "XFRM_SECRET " END;
static const char L_5_19[] = HEAD HW_5 "XMON_WR BPF_WRITE_USER DBG_WRITE_KERNEL " CONF_HEAD
	"BPF_READ_KERNEL DBG_READ_KERNEL " TAIL_XMON "XFRM_SECRET " END;
static const char L_6_1[] = HEAD HW_6 "XMON_WR BPF_WRITE_USER DBG_WRITE_KERNEL "
	"RTAS_ERROR_INJECTION " CONF_HEAD "BPF_READ_KERNEL DBG_READ_KERNEL " TAIL_XMON
	"XFRM_SECRET " END;
static const char L_XEN[] = HEAD HW_6 "XMON_WR BPF_WRITE_USER DBG_WRITE_KERNEL "
	"RTAS_ERROR_INJECTION XEN_USER_ACTIONS " CONF_HEAD "BPF_READ_KERNEL DBG_READ_KERNEL "
	TAIL_XMON "XFRM_SECRET " END;

struct rule {
	unsigned major, minor, from_patch; /* this rule applies from major.minor.from_patch */
	const char *name;
	const char *layout;
	bool approximate;
};

/* Sorted by version; the last rule at or below the running version wins. */
static const struct rule rules[] = {
	{ 5, 4, 0, "v5.4", L_5_4, false },
	{ 5, 4, 45, "5.4.45+ (xmon backport)", L_5_4_XMON, true },
	{ 5, 4, 197, "5.4.y (kgdb backport)", L_5_4_KGDB, true },
	{ 5, 5, 0, "v5.5", L_5_4, false },
	{ 5, 7, 0, "v5.7", L_5_4_XMON, false },
	{ 5, 10, 43, "5.10.43+ (bpf backport)", L_5_10_BPFW, false },
	{ 5, 10, 119, "5.10.y (kgdb backport)", L_5_10_KGDB, true },
	{ 5, 11, 0, "v5.11", L_5_11, false },
	{ 5, 13, 0, "v5.13", L_5_13, false },
	{ 5, 15, 44, "5.15.y (kgdb backport)", L_5_19, true },
	{ 5, 16, 0, "v5.16", L_5_13, false },
	{ 5, 17, 10, "5.17.10+ (kgdb backport)", L_5_19, false },
	{ 5, 18, 0, "v5.18", L_5_13, true },
	{ 5, 19, 0, "v5.19", L_5_19, false },
	{ 6, 1, 0, "v6.1", L_6_1, false },
	{ 6, 1, 167, "6.1.167+ (Xen backport)", L_XEN, false },
	{ 6, 2, 0, "v6.2", L_6_1, false },
	{ 6, 6, 0, "v6.6", L_6_1, true },
	{ 6, 7, 0, "v6.7", L_6_1, false },
	{ 6, 12, 0, "v6.12", L_6_1, false },
	{ 6, 12, 78, "6.12.78+ (Xen backport)", L_XEN, false },
	{ 6, 13, 0, "v6.13", L_6_1, false },
	{ 6, 18, 0, "v6.18", L_6_1, true },
	{ 6, 19, 0, "v6.19", L_6_1, false },
	{ 7, 0, 0, "v7.0", L_XEN, false },
};

static bool version_ge(const struct ld_kernel_version *v, const struct rule *r)
{
	if (v->major != r->major)
		return v->major > r->major;
	if (v->minor != r->minor)
		return v->minor > r->minor;
	return v->patch >= r->from_patch;
}

static int build_layout(const char *layout, struct ld_catalogue *ret)
{
	struct enum_member members[64];
	char names[64][40];
	size_t n = 0;
	const char *p = layout;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (n == 64 || len + sizeof("LOCKDOWN_") > sizeof(names[0]))
			return -EINVAL;
		memcpy(names[n], "LOCKDOWN_", 9);
		memcpy(names[n] + 9, p, len);
		names[n][9 + len] = '\0';
		members[n].name = names[n];
		members[n].value = (int64_t)n;
		n++;
		p += len;
		p += *p == ' ';
	}
	return ld_catalogue_build(members, n, ret);
}

int ld_catalogue_builtin(const struct ld_kernel_version *v, struct ld_catalogue *ret)
{
	const struct rule *found = NULL;
	struct ld_catalogue cat;
	int err;

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (version_ge(v, &rules[i]))
			found = &rules[i];
	if (!found)
		return -EOPNOTSUPP; /* the lockdown LSM arrived in 5.4 */
	err = build_layout(found->layout, &cat);
	if (err < 0)
		return err;
	cat.source = LD_CATALOGUE_BUILTIN;
	cat.approximate = found->approximate;
	cat.origin = strdup(found->name);
	if (!cat.origin) {
		ld_catalogue_clear(&cat);
		return -ENOMEM;
	}
	*ret = cat;
	return 0;
}
