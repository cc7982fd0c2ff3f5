// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gzip, inflated directly with zlib: gzread would pass a file that is not
 * gzip through as it is, and hide one cut short.
 */
#include <errno.h>
#include <zlib.h>

#include "gunzip.h"

#define OUT_CHUNK (16u << 10)

int ld_gunzip(ld_gunzip_read_fn rd, ld_gunzip_write_fn wr, void *userdata)
{
	uint8_t out[OUT_CHUNK];
	z_stream z = { .avail_out = 1 };
	int zr = Z_OK, err = 0;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	for (;;) {
		/* a full output buffer may leave output pending inside inflate: call it again first */
		if (z.avail_in == 0 && (z.avail_out != 0 || zr == Z_STREAM_END)) {
			const uint8_t *in = NULL;
			ssize_t n = rd(userdata, &in);

			if (n <= 0) {
				/* the end of the input: right after a member, or inside one */
				err = n < 0 ? (int)n : zr == Z_STREAM_END ? 0 : -EBADMSG;
				break;
			}
			z.next_in = (Bytef *)(uintptr_t)in; /* zlib does not write to its input */
			z.avail_in = (uInt)n;
		}
		/* another member follows; inflate checks its header */
		if (zr == Z_STREAM_END && inflateReset(&z) != Z_OK) {
			err = -EBADMSG;
			break;
		}
		z.next_out = out;
		z.avail_out = OUT_CHUNK;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_MEM_ERROR) {
			err = -ENOMEM;
			break;
		}
		/* Z_BUF_ERROR means "more input, please" only when all input was used */
		if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && z.avail_in == 0)) {
			err = -EBADMSG;
			break;
		}
		if (OUT_CHUNK - z.avail_out) {
			err = wr(userdata, out, OUT_CHUNK - z.avail_out);
			if (err < 0)
				break;
		}
	}
	inflateEnd(&z);
	return err < 0 ? err : 0;
}
