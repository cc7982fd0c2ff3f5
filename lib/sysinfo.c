// SPDX-License-Identifier: LGPL-2.1-or-later
/* Small readers for the state around lockdown: LSMs, mounts, Secure Boot. */
#define _GNU_SOURCE /* syscall */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lockdown/root.h"
#include "lockdown/strv.h"
#include "lockdown/sysinfo.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define EFI_GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-e0f8ce7b1d4a"
#define EFIVARS "/sys/firmware/efi/efivars/"
/* offsetof(struct boot_params, secure_boot) on x86 */
#define BOOT_PARAMS_SECURE_BOOT 0x1ec

static bool is_lsm_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int ld_lsm_list_parse(const char *buf, size_t len, struct ld_strv *ret)
{
	struct ld_strv sv = { 0 };
	size_t pos = 0;

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	while (pos < len) {
		size_t start = pos;
		int err;

		while (pos < len && buf[pos] != ',') {
			if (!is_lsm_char(buf[pos])) {
				ld_strv_clear(&sv);
				return -EBADMSG;
			}
			pos++;
		}
		/* "a,,b", ",a" and "a," all have an empty member */
		if (pos == start || (pos < len && pos + 1 == len)) {
			ld_strv_clear(&sv);
			return -EBADMSG;
		}
		err = ld_strv_push(&sv, buf + start, pos - start);
		if (err < 0) {
			ld_strv_clear(&sv);
			return err;
		}
		pos++;
	}
	*ret = sv;
	return 0;
}

int ld_mounts_contains(const char *buf, size_t len, const char *where, const char *fstype)
{
	size_t pos = 0, wlen = strlen(where), flen = strlen(fstype);

	/* "DEVICE MOUNTPOINT FSTYPE OPTIONS FREQ PASSNO", one mount per line */
	while (pos < len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *dir, *type, *end;
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		end = line + llen;
		dir = memchr(line, ' ', llen);
		if (!dir)
			continue;
		dir++;
		type = memchr(dir, ' ', (size_t)(end - dir));
		if (!type)
			continue;
		type++;
		if ((size_t)(type - dir - 1) == wlen && memcmp(dir, where, wlen) == 0 &&
		    (size_t)(end - type) > flen && memcmp(type, fstype, flen) == 0 && type[flen] == ' ')
			return 1;
	}
	return 0;
}

int ld_mount_is(const struct ld_root *root, const char *where, const char *fstype, bool *ret)
{
	char *buf = NULL;
	size_t len = 0;
	int err;

	err = ld_root_read_file(root, "/proc/self/mounts", 16u << 20, &buf, &len);
	if (err < 0)
		return err;
	*ret = ld_mounts_contains(buf, len, where, fstype);
	free(buf);
	return 0;
}

static const char *const sb_names[_LD_SECURE_BOOT_MAX] = {
	[LD_SECURE_BOOT_DISABLED] = "disabled",
	[LD_SECURE_BOOT_ENABLED] = "enabled",
	[LD_SECURE_BOOT_SETUP_MODE] = "setup-mode",
	[LD_SECURE_BOOT_NOT_EFI] = "not-efi",
};

const char *ld_secure_boot_to_string(enum ld_secure_boot sb)
{
	return sb < _LD_SECURE_BOOT_MAX ? sb_names[sb] : NULL;
}

int ld_efivar_parse_u8(const char *buf, size_t len, unsigned *ret)
{
	if (len != 5)
		return -EBADMSG;
	*ret = (unsigned char)buf[4];
	return 0;
}

static int read_efivar_u8(const struct ld_root *root, const char *name, unsigned *ret)
{
	char path[128], *buf = NULL;
	size_t len = 0;
	int err;

	snprintf(path, sizeof(path), EFIVARS "%s-" EFI_GLOBAL_GUID, name);
	err = ld_root_read_file(root, path, 64, &buf, &len);
	if (err < 0)
		return err;
	err = ld_efivar_parse_u8(buf, len, ret);
	free(buf);
	return err;
}

static int read_boot_params(const struct ld_root *root, enum ld_secure_boot *ret)
{
	char *buf = NULL;
	size_t len = 0;
	int err;

	err = ld_root_read_file(root, "/sys/kernel/boot_params/data", 1u << 16, &buf, &len);
	if (err < 0)
		return err;
	if (len <= BOOT_PARAMS_SECURE_BOOT) {
		free(buf);
		return -EBADMSG;
	}
	/* enum efi_secureboot_mode: 0 unset, 1 unknown, 2 disabled, 3 enabled */
	switch (buf[BOOT_PARAMS_SECURE_BOOT]) {
	case 3:
		*ret = LD_SECURE_BOOT_ENABLED;
		break;
	case 2:
		*ret = LD_SECURE_BOOT_DISABLED;
		break;
	default:
		err = -ENODATA;
	}
	free(buf);
	return err;
}

int ld_secure_boot_read(const struct ld_root *root, enum ld_secure_boot *ret,
			const char **ret_basis)
{
	unsigned sb = 0, setup = 0;
	int err;

	if (ld_root_access(root, "/sys/firmware/efi") == -ENOENT) {
		/* no EFI directory means no EFI only where there is a sysfs to have one */
		if (ld_root_access(root, "/sys/firmware") != 0 && ld_root_access(root, "/sys/kernel") != 0)
			return -ENODATA;
		*ret = LD_SECURE_BOOT_NOT_EFI;
		*ret_basis = "/sys/firmware/efi";
		return 0;
	}
	err = read_efivar_u8(root, "SecureBoot", &sb);
	if (err == 0) {
		int serr = read_efivar_u8(root, "SetupMode", &setup);

		if (serr < 0 && serr != -ENOENT)
			return serr;
		*ret = sb != 1 ? LD_SECURE_BOOT_DISABLED
		       : setup == 1 ? LD_SECURE_BOOT_SETUP_MODE
				    : LD_SECURE_BOOT_ENABLED;
		*ret_basis = EFIVARS "SecureBoot-" EFI_GLOBAL_GUID;
		return 0;
	}
	if (err != -ENOENT)
		return err;
	/* efivarfs not mounted (or no variable): the EFI stub's own verdict */
	err = read_boot_params(root, ret);
	if (err == 0) {
		*ret_basis = "/sys/kernel/boot_params/data";
		return 0;
	}
	if (err == -ENOENT && ld_root_access(root, "/sys/firmware/efi/efivars") == 0) {
		/* a missing SecureBoot variable means disabled, as the kernel reads it */
		*ret = LD_SECURE_BOOT_DISABLED;
		*ret_basis = EFIVARS;
		return 0;
	}
	return err;
}

int ld_sig_enforce_read(const struct ld_root *root, bool *ret)
{
	char *buf = NULL;
	size_t len = 0;
	int err;

	err = ld_root_read_file(root, "/sys/module/module/parameters/sig_enforce", 64, &buf, &len);
	if (err < 0)
		return err;
	if (len >= 1 && (buf[0] == 'Y' || buf[0] == 'N') && (len == 1 || (len == 2 && buf[1] == '\n')))
		*ret = buf[0] == 'Y';
	else
		err = -EBADMSG;
	free(buf);
	return err;
}

/* CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON, in the effective set. */
bool ld_can_load_bpf(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) < 0)
		return geteuid() == 0;
#define HAS(cap) (d[(cap) / 32].effective & (1u << ((cap) % 32)))
	return HAS(CAP_SYS_ADMIN) || (HAS(CAP_BPF) && HAS(CAP_PERFMON));
#undef HAS
}
