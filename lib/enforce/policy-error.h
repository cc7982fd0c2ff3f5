/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib/enforce: how the policy's parser and resolver report a bad line. */
#ifndef LOCKDOWN_ENFORCE_POLICY_ERROR_H
#define LOCKDOWN_ENFORCE_POLICY_ERROR_H

#include <stddef.h>

#include "lockdown/enforce.h"

/* policy-parse.c: fill err (when given) with where and what; returns -EINVAL. */
int ld_policy_fail(struct ld_policy_error *err, const char *source, size_t line, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

#endif
