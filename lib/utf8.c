// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdlib.h>
#include <string.h>

#include "lockdown/utf8.h"

size_t ld_utf8_valid_prefix(const unsigned char *s, size_t len)
{
	unsigned cp;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

char *ld_utf8_sanitize(const char *s, size_t len, bool *ret_changed)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = malloc(len * 3 + 1), *p = out;
	bool changed = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = ld_utf8_valid_prefix(u + i, len - i);

		if (n == 0 || u[i] == 0) {
			memcpy(p, "\xef\xbf\xbd", 3); /* U+FFFD */
			p += 3;
			i++;
			changed = true;
			continue;
		}
		memcpy(p, s + i, n);
		p += n;
		i += n;
	}
	*p = '\0';
	if (ret_changed)
		*ret_changed = changed;
	return out;
}
