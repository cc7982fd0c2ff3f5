/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running a program of the live system: held for a tracer, or waited for. */
#ifndef LOCKDOWN_SPAWN_H
#define LOCKDOWN_SPAWN_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* A child started but held before exec, so that a tracer can follow it first. */
struct ld_held_child {
	pid_t pid;
	int release_fd; /* one byte written here lets it exec */
	int err_fd;     /* the errno of a failed exec, or end of file once exec succeeds */
};

/* Fork a child of argv (PATH searched), held; -errno if it could not start. */
int ld_spawn_held(char *const argv[], struct ld_held_child *c);
/* Let it run: 0 once argv[0] runs, -errno if exec failed (it then exits 127 or 126). */
int ld_spawn_release(struct ld_held_child *c);
/* It never runs: it exits 127 at once and is waited for. */
void ld_spawn_abandon(struct ld_held_child *c);

/*
 * Run argv (PATH searched) with its standard output on out_fd (or ours
 * when out_fd < 0) and wait: its exit status as a shell reports it, or
 * -errno if it could not be started.
 */
int ld_spawn_wait(char *const argv[], int out_fd);
/* A wait status as a shell reports it: the exit code, or 128 + the signal. */
int ld_shell_status(int status);

/* clock_gettime() of clock id in nanoseconds. */
int64_t ld_now_ns(clockid_t id);
/* CLOCK_REALTIME minus CLOCK_MONOTONIC now: what turns a BPF timestamp into wall time. */
int64_t ld_realtime_offset_ns(void);

#endif
