// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-kprobe: load and attach tests/vm/kprobe_test.bpf.c inside the test VM.
 *   vm-kprobe hold   load, attach, print "@@KPROBE ready", keep it until killed
 *   vm-kprobe once   load and attach, print "@@PROBE bpf-kprobe ok|ERRNO", exit
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "kprobe_test.skel.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	struct kprobe_test *skel;
	int hold = argc > 1 && strcmp(argv[1], "hold") == 0, err;

	libbpf_set_print(quiet);
	skel = kprobe_test__open_and_load();
	err = skel ? kprobe_test__attach(skel) : -errno;
	if (hold) {
		printf("@@KPROBE %s\n", err ? strerror(-err) : "ready");
		fflush(stdout);
		if (!err)
			for (;;)
				pause();
	} else {
		printf("@@PROBE bpf_read_kernel %s\n", err == 0	      ? "ok"
						  : err == -EPERM ? "EPERM"
						  : err == -EINVAL ? "EINVAL"
								   : "EOTHER");
	}
	kprobe_test__destroy(skel);
	return err ? 1 : 0;
}
