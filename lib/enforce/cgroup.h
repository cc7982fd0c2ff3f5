/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enforce: where cgroup2 is, for the policy's builder and its view. */
#ifndef LOCKDOWN_ENFORCE_CGROUP_H
#define LOCKDOWN_ENFORCE_CGROUP_H

#include <stddef.h>
#include <stdint.h>

struct ld_root;

/* The cgroup2 mount under the root. */
void ld_cgroup2_mount(const struct ld_root *root, char *buf, size_t size);
/* The path (malloc'ed, from the mount's "/") of the cgroup with this id; NULL: not found. */
char *ld_cgroup_path_of(const char *mount, uint64_t id);

#endif
