// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-mountns: what containers do with mounts, in a new mount namespace,
 * for the enforce tests (inside the throwaway VM only).
 *   collateral PHASE   each in a new mount namespace (a child each):
 *                      pivot-root      runc's way: everything a slave, / bound
 *                                      and made the root, pivot_root onto a
 *                                      tmpfs, lazy unmount of the old root
 *                      sysfs           mount a fresh sysfs, unmount it
 *                      bpffs           mount a second bpffs, unmount it
 *                      bind-root-lazy  bind / somewhere, lazy unmount of it
 *                      "@@MNTNS PHASE NAME ok" or "... STEP:ERRNO"
 *   propagate PIN_DIR  make /sys shared here, then in a new namespace (its
 *                      copies peers of ours) unmount the copies of bpffs and
 *                      /sys, and here lazily a tmpfs carrying an rbind of
 *                      /sys: each would propagate to ours and drop the pins.
 *                      And what cannot propagate, so must work: runc's
 *                      pivot-root (everything a slave first), a lazy
 *                      unmount of /sys once all is a slave, and of /sys
 *                      made private (its submounts private too).
 *                      "@@MNTNS propagate NAME RESULT", then pins-intact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errno-name.h"

#define DIR_ "/tmp/mntns"

static const char *phase;

/* Print the outcome of a child's case: the first step that failed, or ok. */
static int done(const char *name, const char *step, int err)
{
	if (step)
		printf("@@MNTNS %s %s %s:%s\n", phase, name, step, errno_name(err));
	else
		printf("@@MNTNS %s %s ok\n", phase, name);
	fflush(stdout);
	return 0;
}

#define TRY(name, what, call)                                \
	do {                                                 \
		if ((call) < 0)                              \
			return done(name, what, errno);      \
	} while (0)

static int pivot_root_case(void)
{
	const char *n = "pivot-root";

	TRY(n, "unshare", unshare(CLONE_NEWNS));
	TRY(n, "make-rslave", mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL));
	/* the VM's root is rootfs, which pivot_root refuses: make a bind of it the root */
	TRY(n, "bind-root", mount("/", DIR_ "/root", NULL, MS_BIND | MS_REC, NULL));
	TRY(n, "chdir", chdir(DIR_ "/root"));
	TRY(n, "move-root", mount(".", "/", NULL, MS_MOVE, NULL));
	TRY(n, "chroot", chroot("."));
	TRY(n, "chdir-root", chdir("/"));
	TRY(n, "mount-newroot", mount("tmpfs", DIR_ "/ct", "tmpfs", 0, NULL));
	TRY(n, "mkdir-old", mkdir(DIR_ "/ct/old", 0700));
	TRY(n, "pivot_root", syscall(SYS_pivot_root, DIR_ "/ct", DIR_ "/ct/old"));
	TRY(n, "chdir-new", chdir("/"));
	TRY(n, "umount-old-lazy", umount2("/old", MNT_DETACH));
	return done(n, NULL, 0);
}

static int sysfs_case(void)
{
	const char *n = "sysfs";

	TRY(n, "unshare", unshare(CLONE_NEWNS));
	TRY(n, "mount", mount("sysfs", DIR_ "/sys", "sysfs", 0, NULL));
	TRY(n, "umount", umount2(DIR_ "/sys", 0));
	return done(n, NULL, 0);
}

static int bpffs_case(void)
{
	const char *n = "bpffs";

	TRY(n, "unshare", unshare(CLONE_NEWNS));
	TRY(n, "mount", mount("bpf", DIR_ "/bpf", "bpf", 0, NULL));
	TRY(n, "umount", umount2(DIR_ "/bpf", 0));
	return done(n, NULL, 0);
}

static int bind_root_case(void)
{
	const char *n = "bind-root-lazy";

	TRY(n, "unshare", unshare(CLONE_NEWNS));
	TRY(n, "bind", mount("/", DIR_ "/bind", NULL, MS_BIND, NULL));
	TRY(n, "umount-lazy", umount2(DIR_ "/bind", MNT_DETACH));
	return done(n, NULL, 0);
}

/* One step on its own: its name if it failed (errno kept), else NULL. */
static const char *failed(const char *step, int r)
{
	return r < 0 ? step : NULL;
}

/* The copies in a new namespace are peers of ours once /sys is shared. */
static int propagate_case(void)
{
	const char *f;

	TRY("umount-bpffs-copy", "unshare", unshare(CLONE_NEWNS));
	f = failed("umount", umount2("/sys/fs/bpf", 0));
	done("umount-bpffs-copy", f, errno);
	f = failed("umount", umount2("/sys", MNT_DETACH));
	done("umount-sys-copy-lazy", f, errno);
	return 0;
}

/* Copies made slaves, or private, send nothing back: these cannot reach the pins. */
static int no_propagation_case(void)
{
	const char *f;

	TRY("rslave-umount-sys-lazy", "unshare", unshare(CLONE_NEWNS));
	f = failed("make-rslave", mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL));
	if (!f)
		f = failed("umount", umount2("/sys", MNT_DETACH));
	return done("rslave-umount-sys-lazy", f, errno);
}

static int private_sys_case(void)
{
	const char *f;

	TRY("private-sys-lazy", "unshare", unshare(CLONE_NEWNS));
	f = failed("make-private", mount(NULL, "/sys", NULL, MS_PRIVATE, NULL));
	if (!f)
		f = failed("umount", umount2("/sys", MNT_DETACH));
	return done("private-sys-lazy", f, errno);
}

/* Run one case in a child: its namespace, chroot and mounts go with it. */
static void in_child(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "collateral") == 0) {
		phase = argv[2];
		mkdir(DIR_, 0755);
		mkdir(DIR_ "/root", 0755);
		mkdir(DIR_ "/ct", 0755);
		mkdir(DIR_ "/sys", 0755);
		mkdir(DIR_ "/bpf", 0755);
		mkdir(DIR_ "/bind", 0755);
		in_child(pivot_root_case);
		in_child(sysfs_case);
		in_child(bpffs_case);
		in_child(bind_root_case);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "propagate") == 0) {
		char path[512];
		const char *f;

		phase = "propagate";
		f = failed("mount", mount(NULL, "/sys", NULL, MS_SHARED, NULL));
		done("make-shared-sys", f, errno);
		in_child(propagate_case);
		in_child(pivot_root_case);
		in_child(no_propagation_case);
		in_child(private_sys_case);
		snprintf(path, sizeof(path), "%s/state", argv[2]);
		/* here: a lazy unmount of a tmpfs that carries an rbind of /sys */
		mkdir(DIR_ "/carrier", 0755);
		f = failed("tmpfs", mount("tmpfs", DIR_ "/carrier", "tmpfs", 0, NULL));
		if (!f) {
			mkdir(DIR_ "/carrier/sys", 0755);
			f = failed("rbind", mount("/sys", DIR_ "/carrier/sys", NULL, MS_BIND | MS_REC,
						  NULL));
		}
		done("carrier-setup", f, errno);
		f = failed("umount", umount2(DIR_ "/carrier", MNT_DETACH));
		done("umount-carrier-lazy", f, errno);
		f = failed("access", access(path, F_OK));
		done("pins-intact", f, errno);
		return 0;
	}
	fprintf(stderr, "usage: vm-mountns collateral PHASE | propagate PIN_DIR\n");
	return 2;
}
