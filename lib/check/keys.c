// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's asymmetric keys as /proc/keys lists them (keyrings(7)):
 *   ID FLAGS USAGE TIMEOUT PERM UID GID TYPE DESCRIPTION: SUMMARY
 * TYPE is cut to 9 characters ("asymmetri"); an X.509 key's description is
 * "NAME: SKIDHEX" and its summary "X509.rsa LAST8 []", so the line reads
 * "... asymmetri Debian Secure Boot CA: 6ccece7e...: X509.rsa bb419ea1 []".
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "check/modsig.h"

static bool hex_run(const char *p, const char *end, size_t *ret_len)
{
	size_t n = 0;

	while (p + n < end && isxdigit((unsigned char)p[n]))
		n++;
	*ret_len = n;
	return n >= 8 && n % 2 == 0 && p + n + 1 < end && p[n] == ':' && p[n + 1] == ' ';
}

/* One line: the description after 7 fields and the type. */
static int line(const char *p, const char *end, ld_key_fn fn, void *userdata)
{
	const char *best = NULL, *desc;
	size_t best_len = 0;

	for (int field = 0; field < 8; field++) {
		while (p < end && *p == ' ')
			p++;
		if (field == 7)
			break;
		while (p < end && *p != ' ')
			p++;
	}
	if ((size_t)(end - p) < 10 || memcmp(p, "asymmetri", 9) != 0 || p[9] != ' ')
		return 0;
	desc = p + 10;
	/* NAME: SKID: summary; a name may hold ": " itself, so the last "...: HEX: " is the key id */
	for (const char *q = desc; q + 2 < end; q++) {
		size_t n;

		if (q[0] == ':' && q[1] == ' ' && q > desc && hex_run(q + 2, end, &n)) {
			best = q;
			best_len = n;
		}
	}
	if (!best)
		return 0;
	return fn(desc, (size_t)(best - desc), best + 2, best_len, userdata);
}

int ld_proc_keys_asymmetric(const char *text, size_t len, ld_key_fn fn, void *userdata)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		int r = line(p, e, fn, userdata);

		if (r < 0)
			return r;
		p = e + 1;
	}
	return 0;
}
