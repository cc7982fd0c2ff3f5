/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_MODSIG_H
#define LOCKDOWN_MODSIG_H

#include <stdbool.h>
#include <stddef.h>

struct ld_root;

/* The marker sign-file appends after the PKCS#7 blob (kernel module_signature.h). */
#define LD_MODULE_SIG_MARKER "~Module signature appended~\n"
#define LD_MODULE_SIG_MARKER_LEN (sizeof(LD_MODULE_SIG_MARKER) - 1)

/* Does this module image (uncompressed) end with an appended signature? */
bool ld_module_image_signed(const void *tail, size_t len);

/*
 * Read a module file under root, decompressing .ko.gz / .ko.xz / .ko.zst as a
 * stream (only the tail is kept), and say whether it carries a signature.
 * Returns 1 signed, 0 unsigned, or -errno (-EBADMSG for a corrupt stream).
 */
int ld_module_file_signed(const struct ld_root *root, const char *path);
/* The same on an open file, read from its current offset; `name` picks the format. */
int ld_module_fd_signed(int fd, const char *name);

#endif
