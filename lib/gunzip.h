/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal to lib: gzip, decompressed as gzip -d does (kernel configs, compressed modules). */
#ifndef LOCKDOWN_GUNZIP_H
#define LOCKDOWN_GUNZIP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The next input: *ret at up to UINT_MAX bytes of the reader's own; 0 at the end, or -errno. */
typedef ssize_t (*ld_gunzip_read_fn)(void *userdata, const uint8_t **ret);
/* Decompressed bytes; a negative return stops with that error. */
typedef int (*ld_gunzip_write_fn)(void *userdata, const uint8_t *data, size_t len);

/*
 * Inflate gzip members, one after another until the input ends (gzip -d
 * joins them). Anything that is not gzip, a member cut short, and bytes
 * after a member that are not another member are -EBADMSG; -ENOMEM; or
 * what a callback returned.
 */
int ld_gunzip(ld_gunzip_read_fn rd, ld_gunzip_write_fn wr, void *userdata);

#endif
