// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which of status's inputs held bytes it could not take, with file and line. */
#include <errno.h>

#include "lockdown/status.h"

size_t ld_status_bad_inputs(const struct ld_status *st, struct ld_bad_input ret[LD_STATUS_INPUTS])
{
	const struct ld_bad_input inputs[LD_STATUS_INPUTS] = {
		{ st->release_err, "/proc/sys/kernel/osrelease", 1, "kernel release" },
		{ st->level_err, "/sys/kernel/security/lockdown", 1, "lockdown level" },
		{ st->lsms_err, "/sys/kernel/security/lsm", 1, "LSM list" },
		{ st->cmdline_err, "/proc/cmdline", 1, "kernel command line" },
		{ st->kconfig_err, st->kconfig_where.path, st->kconfig_where.line, "kernel config" },
		{ st->sig_enforce_err, "/sys/module/module/parameters/sig_enforce", 1,
		  "module signature enforcement" },
		{ st->secure_boot_err, "/sys/firmware/efi/efivars", 0, "Secure Boot state" },
		{ st->btf_err, "/sys/kernel/btf/vmlinux", 0, "kernel BTF" },
	};
	size_t n = 0;

	for (size_t i = 0; i < LD_STATUS_INPUTS; i++)
		if (inputs[i].err == -EBADMSG || inputs[i].err == -EFBIG)
			ret[n++] = inputs[i];
	return n;
}
