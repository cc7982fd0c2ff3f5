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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "check/modsig.h"
#include "lockdown/root.h"
#include "../gunzip.h"

#define CHUNK (16u << 10) /* one read, one decompressed step */

bool ld_module_image_signed(const void *tail, size_t len)
{
	return len >= LD_MODULE_SIG_MARKER_LEN &&
	       memcmp((const char *)tail + len - LD_MODULE_SIG_MARKER_LEN, LD_MODULE_SIG_MARKER,
		      LD_MODULE_SIG_MARKER_LEN) == 0;
}

/* The last LD_MODULE_SIG_TAIL bytes of everything fed in: the marker, and the signature before it. */
struct tail {
	char buf[LD_MODULE_SIG_TAIL];
	size_t len;
};

static void tail_feed(struct tail *t, const char *data, size_t n)
{
	size_t keep = LD_MODULE_SIG_TAIL;

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

/* The last WANT bytes of an uncompressed module (only the marker, to tell signed; more for the signature). */
static int plain(int fd, struct tail *t, size_t want)
{
	off_t size = lseek(fd, 0, SEEK_END);
	size_t n;

	if (size < 0)
		return -errno;
	n = (uint64_t)size < want ? (size_t)size : want;
	if (pread(fd, t->buf, n, size - (off_t)n) != (ssize_t)n)
		return -EIO;
	t->len = n;
	return 0;
}

/* One decompression: the file, its limits, two buffers and what came out so far. */
struct stream {
	int fd;
	const struct ld_modsig_limits *lim;
	uint8_t *in, *out;
	uint64_t total;
	struct tail t;
};

static ssize_t fill(struct stream *s)
{
	for (;;) {
		ssize_t n = read(s->fd, s->in, CHUNK);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

static int emit(struct stream *s, const uint8_t *data, size_t n)
{
	s->total += n;
	if (s->total > s->lim->max_image)
		return -EFBIG;
	tail_feed(&s->t, (const char *)data, n);
	return 0;
}

static ssize_t gz_read(void *userdata, const uint8_t **ret)
{
	struct stream *s = userdata;

	*ret = s->in;
	return fill(s);
}

static int gz_write(void *userdata, const uint8_t *data, size_t len)
{
	return emit(userdata, data, len);
}

static int gzip_stream(struct stream *s)
{
	return ld_gunzip(gz_read, gz_write, s);
}

static int xz_stream(struct stream *s)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_ret ret = LZMA_OK;
	int err = 0;

	if (lzma_stream_decoder(&strm, s->lim->max_decoder, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	do {
		lzma_action action = LZMA_RUN;

		if (strm.avail_in == 0) {
			ssize_t n = fill(s);

			if (n < 0) {
				err = (int)n;
				break;
			}
			strm.next_in = s->in;
			strm.avail_in = (size_t)n;
			if (n == 0)
				action = LZMA_FINISH;
		}
		strm.next_out = s->out;
		strm.avail_out = CHUNK;
		ret = lzma_code(&strm, action);
		if (ret == LZMA_MEMLIMIT_ERROR)
			err = -EFBIG; /* a dictionary larger than any module needs */
		else if (ret == LZMA_MEM_ERROR)
			err = -ENOMEM;
		else if (ret != LZMA_OK && ret != LZMA_STREAM_END)
			err = -EBADMSG;
		else
			err = emit(s, s->out, CHUNK - strm.avail_out);
	} while (err == 0 && ret != LZMA_STREAM_END);
	lzma_end(&strm);
	return err < 0 ? err : 0;
}

/* The largest zstd window (log2) within max_decoder bytes. */
static int zstd_window_log(uint64_t max_decoder)
{
	ZSTD_bounds b = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
	int w = b.lowerBound;

	while (w < b.upperBound && w < 62 && (2ull << w) <= max_decoder)
		w++;
	return w;
}

static int zstd_stream(struct stream *s)
{
	ZSTD_DCtx *ds = ZSTD_createDCtx();
	size_t ret = 1;
	ssize_t n;
	int err = 0;

	if (!ds)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax,
						zstd_window_log(s->lim->max_decoder)))) {
		ZSTD_freeDCtx(ds);
		return -EINVAL;
	}
	while (err == 0 && (n = fill(s)) != 0) {
		ZSTD_inBuffer ib = { s->in, (size_t)n, 0 };
		ZSTD_outBuffer ob = { s->out, CHUNK, CHUNK };

		if (n < 0) {
			err = (int)n;
			break;
		}
		/* until the input is used and the decoder has nothing left to flush
		 * (a full buffer at a frame's end, ret 0, leaves nothing: calling again
		 * would start a frame) */
		while (err == 0 && (ib.pos < ib.size || (ob.pos == ob.size && ret != 0))) {
			ob.pos = 0;
			ret = ZSTD_decompressStream(ds, &ob, &ib);
			if (ZSTD_isError(ret))
				err = ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge
					      ? -EFBIG
				      : ZSTD_getErrorCode(ret) == ZSTD_error_memory_allocation
					      ? -ENOMEM
					      : -EBADMSG;
			else
				err = emit(s, s->out, ob.pos);
		}
	}
	ZSTD_freeDCtx(ds);
	if (err == 0 && ret != 0)
		err = -EBADMSG; /* empty, or a truncated frame */
	return err < 0 ? err : 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The last bytes of the module image in *t (decompressed as its name says; uncompressed, the last WANT). */
static int scan(int fd, const char *name, const struct ld_modsig_limits *lim, struct tail *t,
		size_t want)
{
	int (*decompress)(struct stream *) = ends_with(name, ".ko.xz")	  ? xz_stream
					     : ends_with(name, ".ko.gz")  ? gzip_stream
					     : ends_with(name, ".ko.zst") ? zstd_stream
									  : NULL;
	struct stream *s;
	int r;

	if (!decompress)
		return plain(fd, t, want);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = fd;
	s->lim = lim;
	s->in = malloc(CHUNK);
	s->out = malloc(CHUNK);
	r = s->in && s->out ? decompress(s) : -ENOMEM;
	if (r == 0)
		*t = s->t;
	free(s->in);
	free(s->out);
	free(s);
	return r;
}

int ld_module_fd_signed_limits(int fd, const char *name, const struct ld_modsig_limits *lim)
{
	struct tail *t = calloc(1, sizeof(*t));
	/* a distribution's thousands of in-tree modules: read the marker only */
	int r = t ? scan(fd, name, lim, t, LD_MODULE_SIG_MARKER_LEN) : -ENOMEM;

	if (r == 0)
		r = tail_signed(t);
	free(t);
	return r;
}

int ld_module_signature(const void *tail, size_t len, void **ret, size_t *ret_len)
{
	const uint8_t *p = tail;
	size_t sig_len, before = LD_MODULE_SIG_MARKER_LEN + 12;

	if (!ld_module_image_signed(tail, len))
		return 0;
	if (len < before)
		return -EBADMSG;
	p += len - before; /* struct module_signature: algo, hash, id_type, signer_len, key_id_len, pad[3], be32 sig_len */
	sig_len = (size_t)p[8] << 24 | (size_t)p[9] << 16 | (size_t)p[10] << 8 | p[11];
	if (p[2] != 2 /* PKEY_ID_PKCS7 */ || sig_len == 0)
		return -EBADMSG;
	if (sig_len > len - before)
		return -E2BIG; /* more than was kept of the image */
	*ret = malloc(sig_len);
	if (!*ret)
		return -ENOMEM;
	memcpy(*ret, p - sig_len, sig_len);
	*ret_len = sig_len;
	return 1;
}

int ld_module_file_signature(const struct ld_root *root, const char *path, void **ret, size_t *ret_len)
{
	static const struct ld_modsig_limits lim = { LD_MODULE_MAX_IMAGE, LD_MODULE_MAX_DECODER };
	int fd = ld_root_open_regular(root, path, 0), r;
	struct tail *t;

	if (fd < 0)
		return fd;
	t = calloc(1, sizeof(*t));
	r = t ? scan(fd, path, &lim, t, sizeof(t->buf)) : -ENOMEM;
	close(fd);
	if (r == 0)
		r = ld_module_signature(t->buf, t->len, ret, ret_len);
	free(t);
	return r;
}

int ld_module_fd_signed(int fd, const char *name)
{
	static const struct ld_modsig_limits lim = { LD_MODULE_MAX_IMAGE, LD_MODULE_MAX_DECODER };

	return ld_module_fd_signed_limits(fd, name, &lim);
}

int ld_module_file_signed(const struct ld_root *root, const char *path)
{
	int fd = ld_root_open_regular(root, path, 0), r;

	if (fd < 0)
		return fd;
	r = ld_module_fd_signed(fd, path);
	close(fd);
	return r;
}
