/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_CPIO_H
#define LOCKDOWN_CPIO_H

#include <stddef.h>

/* Called for each member; a negative return stops the walk and is returned. */
typedef int (*ld_cpio_fn)(const char *name, size_t name_len, size_t file_size, void *userdata);

/*
 * Walk the uncompressed "newc" cpio archives (magic 070701/070702) at the
 * start of an initrd, as the kernel does for early microcode and ACPI
 * tables: archive after archive, with zero padding between them, until the
 * data stops being cpio (the compressed main image). Returns the number of
 * bytes walked, or -EBADMSG if a header is truncated or inconsistent.
 */
long ld_cpio_walk_early(const void *data, size_t len, ld_cpio_fn fn, void *userdata);

#endif
