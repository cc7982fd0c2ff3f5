/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef CLI_ENFORCE_FOLLOW_H
#define CLI_ENFORCE_FOLLOW_H

#include <stdbool.h>

struct ld_catalogue;
struct ld_enforcer;

/* Print refusals and permissive hits (JSON Lines with json) until SIGINT or SIGTERM. */
int enforce_follow(struct ld_enforcer *e, const struct ld_catalogue *cat, bool json);

#endif
