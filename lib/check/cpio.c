// SPDX-License-Identifier: LGPL-2.1-or-later
/* The early (uncompressed) cpio archives of an initrd, newc format. */
#include <errno.h>
#include <string.h>

#include "check/cpio.h"

#define HDR 110 /* "070701" + 13 fields of 8 hex digits */

static int hex8(const char *p, size_t *ret)
{
	size_t v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -EBADMSG;
		v = v * 16 + d;
	}
	*ret = v;
	return 0;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

long ld_cpio_walk_early(const void *data, size_t len, ld_cpio_fn fn, void *userdata)
{
	const char *p = data;
	size_t pos = 0;

	for (;;) {
		size_t filesize, namesize, name_end, data_end;
		int r;

		/* archives are padded with zeros to a 4-byte boundary (or more) */
		while (pos + 4 <= len && memcmp(p + pos, "\0\0\0\0", 4) == 0)
			pos += 4;
		if (pos + 6 > len || (memcmp(p + pos, "070701", 6) && memcmp(p + pos, "070702", 6)))
			return (long)pos; /* not cpio any more: the compressed part, or the end */
		if (pos + HDR > len)
			return -EBADMSG;
		if (hex8(p + pos + 54, &filesize) < 0 || hex8(p + pos + 94, &namesize) < 0)
			return -EBADMSG;
		if (namesize == 0 || namesize > len - pos - HDR)
			return -EBADMSG;
		name_end = align4(pos + HDR + namesize);
		if (name_end > len || filesize > len - name_end)
			return -EBADMSG;
		data_end = align4(name_end + filesize);
		if (data_end > len)
			data_end = len; /* padding may be missing at the very end */
		/* the name is NUL-terminated; namesize counts the NUL */
		if (p[pos + HDR + namesize - 1] != '\0')
			return -EBADMSG;
		if (namesize - 1 == 10 && memcmp(p + pos + HDR, "TRAILER!!!", 10) == 0) {
			pos = data_end;
			continue; /* end of one archive; another may follow */
		}
		r = fn(p + pos + HDR, namesize - 1, filesize, userdata);
		if (r < 0)
			return r;
		pos = data_end;
	}
}
