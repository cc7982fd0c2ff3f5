// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Module signatures. A signed module ends with the PKCS#7 signature, a
 * struct module_signature and the marker "~Module signature appended~\n";
 * the kernel's module_sig_check() looks for exactly that. Compressed modules
 * were signed before compression, so the marker is at the end of the
 * decompressed stream: decompress as a stream and keep only the last bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "lockdown/modsig.h"
#include "lockdown/root.h"

#define CHUNK (64u << 10)

bool ld_module_image_signed(const void *tail, size_t len)
{
	return len >= LD_MODULE_SIG_MARKER_LEN &&
	       memcmp((const char *)tail + len - LD_MODULE_SIG_MARKER_LEN, LD_MODULE_SIG_MARKER,
		      LD_MODULE_SIG_MARKER_LEN) == 0;
}

/* The last LD_MODULE_SIG_MARKER_LEN bytes of everything fed in. */
struct tail {
	char buf[LD_MODULE_SIG_MARKER_LEN];
	size_t len;
};

static void tail_feed(struct tail *t, const char *data, size_t n)
{
	size_t keep = LD_MODULE_SIG_MARKER_LEN;

	if (n >= keep) {
		memcpy(t->buf, data + n - keep, keep);
		t->len = keep;
		return;
	}
	if (t->len + n > keep) {
		size_t drop = t->len + n - keep;

		memmove(t->buf, t->buf + drop, t->len - drop);
		t->len -= drop;
	}
	memcpy(t->buf + t->len, data, n);
	t->len += n;
}

static bool tail_signed(const struct tail *t)
{
	return ld_module_image_signed(t->buf, t->len);
}

static int plain(int fd)
{
	char buf[LD_MODULE_SIG_MARKER_LEN];
	off_t size = lseek(fd, 0, SEEK_END);

	if (size < 0)
		return -errno;
	if ((size_t)size < sizeof(buf))
		return 0;
	if (pread(fd, buf, sizeof(buf), size - (off_t)sizeof(buf)) != (ssize_t)sizeof(buf))
		return -EIO;
	return ld_module_image_signed(buf, sizeof(buf));
}

static int gzip_stream(int fd)
{
	static char out[CHUNK];
	struct tail t = { .len = 0 };
	gzFile gz = gzdopen(dup(fd), "rb");
	int n;

	if (!gz)
		return -ENOMEM;
	while ((n = gzread(gz, out, sizeof(out))) > 0)
		tail_feed(&t, out, (size_t)n);
	gzclose(gz);
	return n < 0 ? -EBADMSG : tail_signed(&t);
}

static int xz_stream(int fd)
{
	static uint8_t in[CHUNK], out[CHUNK];
	lzma_stream strm = LZMA_STREAM_INIT;
	struct tail t = { .len = 0 };
	lzma_ret ret;
	int err = 0;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	do {
		lzma_action action = LZMA_RUN;

		if (strm.avail_in == 0) {
			ssize_t n = read(fd, in, sizeof(in));

			if (n < 0) {
				err = -errno;
				break;
			}
			strm.next_in = in;
			strm.avail_in = (size_t)n;
			if (n == 0)
				action = LZMA_FINISH;
		}
		strm.next_out = out;
		strm.avail_out = sizeof(out);
		ret = lzma_code(&strm, action);
		tail_feed(&t, (const char *)out, sizeof(out) - strm.avail_out);
		if (ret != LZMA_OK && ret != LZMA_STREAM_END)
			err = -EBADMSG;
	} while (err == 0 && ret != LZMA_STREAM_END);
	lzma_end(&strm);
	return err < 0 ? err : tail_signed(&t);
}

static int zstd_stream(int fd)
{
	static char in[CHUNK], out[CHUNK];
	ZSTD_DStream *ds = ZSTD_createDStream();
	struct tail t = { .len = 0 };
	size_t ret = 1;
	ssize_t n;
	int err = 0;

	if (!ds)
		return -ENOMEM;
	while (err == 0 && (n = read(fd, in, sizeof(in))) > 0) {
		ZSTD_inBuffer ib = { in, (size_t)n, 0 };

		while (ib.pos < ib.size) {
			ZSTD_outBuffer ob = { out, sizeof(out), 0 };

			ret = ZSTD_decompressStream(ds, &ob, &ib);
			if (ZSTD_isError(ret)) {
				err = -EBADMSG;
				break;
			}
			tail_feed(&t, out, ob.pos);
		}
	}
	ZSTD_freeDStream(ds);
	if (err == 0 && ret != 0)
		err = -EBADMSG; /* truncated frame */
	return err < 0 ? err : tail_signed(&t);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

int ld_module_fd_signed(int fd, const char *name)
{
	if (ends_with(name, ".ko.xz"))
		return xz_stream(fd);
	if (ends_with(name, ".ko.gz"))
		return gzip_stream(fd);
	if (ends_with(name, ".ko.zst"))
		return zstd_stream(fd);
	return plain(fd);
}

int ld_module_file_signed(const struct ld_root *root, const char *path)
{
	int fd = ld_root_openat(root, path, O_RDONLY), r;

	if (fd < 0)
		return fd;
	r = ld_module_fd_signed(fd, path);
	close(fd);
	return r;
}
