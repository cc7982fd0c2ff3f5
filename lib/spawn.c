// SPDX-License-Identifier: LGPL-2.1-or-later
/* Running a program of the live system: held for a tracer, or waited for. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lockdown/spawn.h"

extern char **environ;

int ld_spawn_held(char *const argv[], struct ld_held_child *c)
{
	int go[2], err[2];
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(err, O_CLOEXEC) < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		return -e;
	}
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		return -e;
	}
	if (pid == 0) {
		char b;
		int e;

		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		close(go[1]);
		close(err[0]);
		if (read(go[0], &b, 1) != 1)
			_exit(127); /* the tracer gave up */
		execvp(argv[0], argv);
		/* err[1] closes on a successful exec: the parent reads end of file */
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(e == ENOENT ? 127 : 126);
	}
	close(go[0]);
	close(err[1]);
	c->pid = pid;
	c->release_fd = go[1];
	c->err_fd = err[0];
	return 0;
}

int ld_spawn_release(struct ld_held_child *c)
{
	int e = 0;
	ssize_t n;

	if (write(c->release_fd, "g", 1) != 1)
		kill(c->pid, SIGKILL);
	close(c->release_fd);
	c->release_fd = -1;
	do
		n = read(c->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(c->err_fd);
	c->err_fd = -1;
	return n == (ssize_t)sizeof(e) && e > 0 ? -e : 0;
}

void ld_spawn_abandon(struct ld_held_child *c)
{
	close(c->release_fd); /* the held child exits 127 without running */
	close(c->err_fd);
	c->release_fd = c->err_fd = -1;
	waitpid(c->pid, NULL, 0);
}

int ld_shell_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int ld_spawn_wait(char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	int status, r;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return -ENOMEM;
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -r;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return ld_shell_status(status);
}

int64_t ld_now_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t ld_realtime_offset_ns(void)
{
	return ld_now_ns(CLOCK_REALTIME) - ld_now_ns(CLOCK_MONOTONIC);
}
