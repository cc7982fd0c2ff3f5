/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_STRV_H
#define LOCKDOWN_STRV_H

#include <stdbool.h>
#include <stddef.h>

/* A growable, NULL-terminated array of owned strings. */
struct ld_strv {
	char **v;
	size_t n;
};

int ld_strv_push(struct ld_strv *sv, const char *s, size_t len);
bool ld_strv_contains(const struct ld_strv *sv, const char *s);
void ld_strv_clear(struct ld_strv *sv);
/* The strings joined by sep into buf (cut to size, NUL-terminated); buf. */
const char *ld_strv_join(const struct ld_strv *sv, const char *sep, char *buf, size_t size);

#endif
