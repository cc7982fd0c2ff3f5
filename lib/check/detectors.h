/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to lib/check: one function per detector, in the order they run. */
#ifndef LIB_CHECK_DETECTORS_H
#define LIB_CHECK_DETECTORS_H

#include "lockdown/check.h"
#include "procscan.h"

/* Shared by the detectors that ask who holds what open. */
struct check_state {
	struct ld_check_ctx *ctx;
	struct ld_proc_scan scan;
	int scan_err;
	char *cmdline; /* /proc/cmdline, or NULL */
};

int ld_detect_modules(struct check_state *st);
int ld_detect_kexec(struct check_state *st);
int ld_detect_hibernation(struct check_state *st);
int ld_detect_debugfs_tracefs(struct check_state *st);
int ld_detect_raw_memory(struct check_state *st);
int ld_detect_msr_ioport(struct check_state *st);
int ld_detect_acpi(struct check_state *st);
int ld_detect_bpf_perf(struct check_state *st);
int ld_detect_module_params(struct check_state *st);
int ld_detect_xfrm(struct check_state *st);
int ld_detect_software(struct check_state *st);

/* Helpers */
/* ld_check_unseen() with what formatted: -ENOMEM when it cannot be. */
int ld_check_unseenf(struct ld_check_ctx *ctx, const char *detector, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
typedef int (*line_fn)(struct check_state *st, const char *path, size_t lineno, char *line,
		       void *userdata);
/* Call fn for each line of a file under the root; -errno if it cannot be read. */
int ld_for_each_line(struct check_state *st, const char *path, line_fn fn, void *userdata);
/* Call fn with the path of each regular entry of dir whose name ends with suffix (sorted). */
int ld_for_each_file(struct check_state *st, const char *dir, const char *suffix,
		  int (*fn)(struct check_state *st, const char *path, void *userdata),
		  void *userdata);
/*
 * ld_check_add() for a freshly formatted id and evidence, which it frees
 * (either may be NULL from a failed strprintf: that is -ENOMEM).
 */
int ld_add_owned(struct ld_check_ctx *ctx, const char *detector, char *id, const char *reason,
	      enum ld_severity severity, char *evidence, const char *symptom, const char *remedy);
/* printf into a fresh buffer; NULL on ENOMEM. */
char *ld_strprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct ld_module_signer;
/* shim's MokListRT as read under the root (mok-variables, else efivarfs), once per run */
struct mok_list {
	bool read;
	char *buf; /* NULL: not there, or unreadable */
	size_t len, skip;
};
/* Is this signer's key in MokListRT (read at the first call)? false when it cannot be read. */
bool ld_mok_enrolled(struct check_state *st, struct mok_list *ml, const struct ld_module_signer *sg);
void ld_mok_list_clear(struct mok_list *ml);
/* Read a small file and return it trimmed, or NULL (errno-style code in *err). */
char *ld_read_value(struct check_state *st, const char *path, int *err);

#endif
