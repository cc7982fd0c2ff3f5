/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_SYSINFO_H
#define LOCKDOWN_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>

struct ld_root;
struct ld_strv;

/*
 * Parse /sys/kernel/security/lsm ("lockdown,capability,...", no newline in
 * the kernel's output, one tolerated). An empty file is an empty list.
 * -EBADMSG for empty members or characters no LSM name has.
 */
int ld_lsm_list_parse(const char *buf, size_t len, struct ld_strv *ret);

/* Does /proc/self/mounts text list a filesystem of this type at `where`? 1 or 0. */
int ld_mounts_contains(const char *buf, size_t len, const char *where, const char *fstype);

/* Is a filesystem of this type mounted at `where`? From /proc/self/mounts. */
int ld_mount_is(const struct ld_root *root, const char *where, const char *fstype, bool *ret);

enum ld_secure_boot {
	LD_SECURE_BOOT_DISABLED,
	LD_SECURE_BOOT_ENABLED,
	LD_SECURE_BOOT_SETUP_MODE, /* keys not enrolled: not enforcing */
	LD_SECURE_BOOT_NOT_EFI,    /* booted without EFI */
	_LD_SECURE_BOOT_MAX,
};

const char *ld_secure_boot_to_string(enum ld_secure_boot sb);

/*
 * Parse an efivarfs variable: a 4-byte attribute word, then the data. The
 * SecureBoot and SetupMode variables hold one data byte.
 */
int ld_efivar_parse_u8(const char *buf, size_t len, unsigned *ret);

/*
 * Secure Boot state as the kernel decides it: SecureBoot==1 and SetupMode!=1
 * from efivarfs, else boot_params.secure_boot (x86) when efivarfs is not
 * mounted. *ret_basis names the file that decided.
 */
int ld_secure_boot_read(const struct ld_root *root, enum ld_secure_boot *ret,
			const char **ret_basis);

/* /sys/module/module/parameters/sig_enforce: "Y" or "N". */
int ld_sig_enforce_read(const struct ld_root *root, bool *ret);

/* Root, or CAP_BPF and CAP_PERFMON, in the effective set: what loading BPF programs needs. */
bool ld_can_load_bpf(void);

#endif
