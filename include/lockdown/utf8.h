/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_UTF8_H
#define LOCKDOWN_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not valid. */
size_t ld_utf8_valid_prefix(const unsigned char *s, size_t len);

/*
 * A copy of s with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD, so JSON documents stay valid whatever a file or process name holds.
 * *ret_changed says whether anything was replaced. NULL on ENOMEM.
 */
char *ld_utf8_sanitize(const char *s, size_t len, bool *ret_changed);

#endif
