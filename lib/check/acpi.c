// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Detector 7: ACPI table overrides. Integrity makes the kernel ignore ACPI
 * tables carried in the initrd (kernel/firmware/acpi/NAME.aml) and the
 * acpi_rsdp= and efivar_ssdt= parameters, at boot and silently: fixes for
 * suspend or sensors quietly stop applying.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detectors.h"
#include "lockdown/cmdline.h"
#include "check/cpio.h"
#include "lockdown/root.h"

#define D "acpi"
#define R "LOCKDOWN_ACPI_TABLES"
#define SYMPTOM                                                                             \
	"silently ignored at boot once lockdown is in force that early (\"ACPI: kernel is " \
	"locked down, ignoring table override\"); seen with lockdown= on 6.1, while 6.12 "  \
	"still installs the table when lockdown comes from the command line"
#define REMEDY                                                                               \
	"ask the firmware vendor for a fixed table, or apply the fix in a kernel driver or " \
	"quirk; overrides cannot work with lockdown"

struct acpi_walk {
	struct check_state *st;
	const char *initrd;
	int err;
};

static int on_member(const char *name, size_t len, size_t size, void *userdata)
{
	static const char dir[] = "kernel/firmware/acpi/";
	struct acpi_walk *w = userdata;
	char *id, *ev;

	if (len < sizeof(dir) - 1 || memcmp(name, dir, sizeof(dir) - 1) || len < 4 ||
	    memcmp(name + len - 4, ".aml", 4))
		return 0;
	id = ld_strprintf("acpi.initrd-table:%.*s", (int)len, name);
	ev = ld_strprintf("%s carries the ACPI table override %.*s (%zu bytes) in its early cpio",
		       w->initrd, (int)len, name, size);
	w->err = ld_add_owned(w->st->ctx, D, id, R, LD_SEVERITY_BLOCKER, ev, SYMPTOM, REMEDY);
	return w->err;
}

/* The initrd of the running kernel: as the boot loader named it, or by distro convention. */
static char *initrd_path(struct check_state *st, struct ld_cmdline *c)
{
	const char *rel = st->ctx->release;
	const struct ld_cmdline_arg *a = ld_cmdline_last(c, "initrd");
	char *candidates[4] = { NULL }, *found = NULL;

	if (a && a->value)
		candidates[0] = ld_strprintf("%s%s", a->value[0] == '/' ? "" : "/boot/", a->value);
	if (rel) {
		candidates[1] = ld_strprintf("/boot/initrd.img-%s", rel);	  /* Debian, Ubuntu */
		candidates[2] = ld_strprintf("/boot/initramfs-%s.img", rel); /* Fedora, RHEL, Arch */
		candidates[3] = ld_strprintf("/boot/initrd-%s", rel);	  /* SUSE */
	}
	for (size_t i = 0; i < 4; i++) {
		if (!found && candidates[i] && ld_root_access(st->ctx->root, candidates[i]) == 0)
			found = candidates[i];
		else
			free(candidates[i]);
	}
	return found;
}

static int scan_initrd(struct check_state *st, const char *path)
{
	struct acpi_walk w = { st, path, 0 };
	struct stat sb;
	void *map;
	long r;
	int fd;

	fd = ld_root_open_regular(st->ctx->root, path, 0);
	if (fd < 0)
		return ld_check_unseen(st->ctx, D, path, fd);
	if (fstat(fd, &sb) < 0 || sb.st_size == 0) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return ld_check_unseen(st->ctx, D, path, -errno);
	r = ld_cpio_walk_early(map, (size_t)sb.st_size, on_member, &w);
	munmap(map, (size_t)sb.st_size);
	if (w.err < 0)
		return w.err;
	return r < 0 ? ld_check_unseen(st->ctx, D, path, (int)r) : 0;
}

int ld_detect_acpi(struct check_state *st)
{
	static const char *const params[] = { "acpi_rsdp", "efivar_ssdt" };
	struct ld_cmdline c = { 0 };
	char *initrd;
	int err = 0;

	if (st->cmdline)
		(void)ld_cmdline_parse(st->cmdline, strlen(st->cmdline), &c);
	for (size_t i = 0; i < 2 && err == 0; i++) {
		const struct ld_cmdline_arg *a = ld_cmdline_last(&c, params[i]);
		char *id, *ev;

		if (!a)
			continue;
		id = ld_strprintf("acpi.cmdline:%s", params[i]);
		ev = ld_strprintf("%s=%s on the kernel command line", params[i],
			       a->value ? a->value : "");
		err = ld_add_owned(st->ctx, D, id, R, LD_SEVERITY_BLOCKER, ev, SYMPTOM, REMEDY);
	}
	initrd = err == 0 ? initrd_path(st, &c) : NULL;
	if (initrd)
		err = scan_initrd(st, initrd);
	free(initrd);
	ld_cmdline_clear(&c);
	return err;
}
