/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_SOFTWARE_H
#define LOCKDOWN_SOFTWARE_H

#include <stdbool.h>
#include <stddef.h>

#include "lockdown/level.h"

/* One program known to need what lockdown forbids (data/software.json). */
struct ld_software {
	char *package;	  /* Debian package, or NULL (not packaged in Debian) */
	char **binaries;  /* where it is installed; at least one */
	size_t n_binaries;
	char **units;	  /* systemd units that run it at boot */
	size_t n_units;
	char *operation;  /* what it does that lockdown refuses */
	char *command;	  /* a command that fails */
	char *reason;	  /* "LOCKDOWN_MSR" */
	enum ld_level level; /* the lowest level that refuses it */
	char *error;	  /* what the user sees */
	char *advice;	  /* what to do instead */
	bool verified;	  /* false: inferred from the kernel source, no user report */
	char **sources;	  /* where it was seen (at least one) */
	size_t n_sources;
};

struct ld_software_kb {
	struct ld_software *v;
	size_t n;
};

/*
 * Read and check a knowledge base (JSON: {"software": [ENTRY...]}): every
 * entry has binaries, operation, command, a reason lockdownctl knows, the
 * level that reason has, error, advice and sources. -EBADMSG with
 * *ret_error (free it) naming the entry and what is wrong; -ENOMEM.
 */
int ld_software_kb_parse(const char *text, size_t len, struct ld_software_kb *ret, char **ret_error);
/* The knowledge base built into lockdownctl. */
int ld_software_kb_builtin(struct ld_software_kb *ret, char **ret_error);
void ld_software_kb_clear(struct ld_software_kb *kb);

#endif
