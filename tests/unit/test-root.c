// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --root confines every read: links inside a snapshot resolve beneath it,
 * a FIFO or directory where a file is expected is refused without blocking.
 * Each case runs twice: with openat2(RESOLVE_IN_ROOT), and with openat2
 * made to fail with ENOSYS by a seccomp filter on this process only (as on
 * kernels before 5.6), so the walk done by hand is proven the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lockdown/root.h"

static char tree[256];

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *target, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	assert_int_equal(0, symlink(target, path));
}

/* A tree with a bait file outside it that no read under the root may reach. */
static int setup(void **state)
{
	char path[512];

	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/ld-root-test.XXXXXX");
	assert_non_null(mkdtemp(tree));
	snprintf(path, sizeof(path), "%s/root", tree);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/root/etc", tree);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/root/etc/sub", tree);
	mkdir(path, 0755);
	put("outside", "HOST\n");
	put("root/etc/inside", "SNAPSHOT\n");
	snprintf(path, sizeof(path), "%s/root/outside", tree);
	put("root/outside", "SNAPSHOT-OUTSIDE\n");
	snprintf(path, sizeof(path), "%s/outside", tree);
	link_to(path, "root/etc/abs");               /* absolute, to the host's file */
	link_to("../../../../../../outside", "root/etc/sub/up"); /* climbs past the root */
	link_to("/etc/inside", "root/etc/sub/abs-in");           /* absolute, meant in the snapshot */
	link_to("sub/abs-in", "root/etc/chain");                 /* relative, then absolute */
	link_to("loop2", "root/etc/loop1");
	link_to("loop1", "root/etc/loop2");
	snprintf(path, sizeof(path), "%s/root/etc/fifo", tree);
	assert_int_equal(0, mkfifo(path, 0600));
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	return system(cmd) == 0 ? 0 : -1;
}

static struct ld_root *open_tree(void)
{
	struct ld_root *root = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/root", tree);
	assert_int_equal(0, ld_root_open(path, &root));
	return root;
}

static void expect_text(struct ld_root *root, const char *path, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	int r = ld_root_read_file(root, path, 4096, &buf, &len);

	if (r < 0)
		fail_msg("%s: %s", path, strerror(-r));
	assert_string_equal(want, buf);
	free(buf);
}

static void expect_error(struct ld_root *root, const char *path, int want)
{
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(want, ld_root_read_file(root, path, 4096, &buf, &len));
	assert_null(buf);
}

static void all_cases(void)
{
	struct ld_root *root = open_tree(), *bad = NULL;
	char path[512];
	int fd;

	/* control: the host file is there, and a plain open through the link reaches it */
	snprintf(path, sizeof(path), "%s/root/etc/abs", tree);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	close(fd);

	expect_text(root, "/etc/inside", "SNAPSHOT\n");
	expect_text(root, "/etc/abs", "SNAPSHOT-OUTSIDE\n"); /* its target, inside the root */
	expect_text(root, "/etc/sub/up", "SNAPSHOT-OUTSIDE\n");
	expect_text(root, "/etc/sub/abs-in", "SNAPSHOT\n");
	expect_text(root, "/etc/chain", "SNAPSHOT\n");
	expect_text(root, "/etc/../../../outside", "SNAPSHOT-OUTSIDE\n");
	expect_error(root, "/etc/loop1", -ELOOP);
	expect_error(root, "/etc/missing", -ENOENT);
	/* never blocks on a FIFO (alarm is the guard), never reads a directory */
	alarm(10);
	expect_error(root, "/etc/fifo", -LD_ENOTREG);
	alarm(0);
	expect_error(root, "/etc", -EISDIR);
	assert_string_equal("Not a regular file", ld_strerror(-LD_ENOTREG));
	/* exists, the last link not followed */
	assert_int_equal(0, ld_root_access(root, "/etc/abs"));
	assert_int_equal(-ENOENT, ld_root_access(root, "/etc/missing"));
	ld_root_free(root);
	/* "--root ''" is not the live system */
	assert_int_equal(-EINVAL, ld_root_open("", &bad));
	assert_null(bad);
}

/* The absolute link names /tmp/ld-root-test.X/outside: beneath the root that is missing. */
static void fix_abs_expectation(void)
{
	char path[1400], target[600];

	/* make the absolute link's target exist inside the snapshot too, with its own bytes */
	snprintf(target, sizeof(target), "%s/root%s", tree, tree);
	snprintf(path, sizeof(path), "mkdir -p '%s' && printf 'SNAPSHOT-OUTSIDE\\n' > '%s/outside'",
		 target, target);
	assert_int_equal(0, system(path));
}

static void test_openat2(void **state)
{
	(void)state;
	fix_abs_expectation();
	all_cases();
}

/* openat2 answers ENOSYS in a child, as a 5.4 kernel would; the hand walk must agree. */
static void test_fallback_walk(void **state)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
	int status;
	pid_t pid;

	(void)state;
	fix_abs_expectation();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct open_how { uint64_t flags, mode, resolve; } how = { 0 };

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
			_exit(2);
		/* control: the filter is in force */
		if (syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how)) >= 0 || errno != ENOSYS)
			_exit(3);
		all_cases();
		_exit(0);
	}
	assert_int_equal(pid, waitpid(pid, &status, 0));
	assert_true(WIFEXITED(status));
	assert_int_equal(0, WEXITSTATUS(status));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat2),
		cmocka_unit_test(test_fallback_walk),
	};

	return cmocka_run_group_tests_name("root", tests, setup, teardown);
}
