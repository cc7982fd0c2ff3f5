// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Compressed inputs: /proc/config.gz and .ko.gz/.ko.xz/.ko.zst modules. An
 * empty, truncated or non-gzip stream is malformed (never "a config with
 * nothing set" or "an unsigned module"), and what one input may inflate to is
 * capped (-EFBIG beyond).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "lockdown/error.h"
#include "lockdown/kconfig.h"
#include "check/modsig.h"
#include "lockdown/root.h"

#define MARKER "~Module signature appended~\n"

static const char config[] = "#\n# Automatically generated file; DO NOT EDIT.\n#\n"
			     "CONFIG_SECURITY_LOCKDOWN_LSM=y\n"
			     "CONFIG_SECURITY_LOCKDOWN_LSM_EARLY=y\n"
			     "CONFIG_LSM=\"landlock,lockdown,yama,integrity,apparmor,bpf\"\n"
			     "# CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY is not set\n";

/* gzip (one member) of len bytes; *ret_len is the compressed size */
static unsigned char *gzip_of(const void *data, size_t len, size_t *ret_len)
{
	z_stream z = { 0 };
	size_t cap = len + len / 100 + 64;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(Z_OK, deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
					    Z_DEFAULT_STRATEGY));
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(Z_STREAM_END, deflate(&z, Z_FINISH));
	*ret_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static unsigned char *xz_of(const void *data, size_t len, uint32_t preset, size_t *ret_len)
{
	size_t cap = lzma_stream_buffer_bound(len), pos = 0;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(LZMA_OK, lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC32, NULL, data, len,
							  out, &pos, cap));
	*ret_len = pos;
	return out;
}

static unsigned char *zstd_of(const void *data, size_t len, int window_log, size_t *ret_len)
{
	size_t cap = ZSTD_compressBound(len), n;
	unsigned char *out = malloc(cap);
	ZSTD_CCtx *c = ZSTD_createCCtx();

	assert_non_null(out);
	assert_non_null(c);
	if (window_log)
		assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log)));
	n = ZSTD_compress2(c, out, cap, data, len);
	assert_false(ZSTD_isError(n));
	ZSTD_freeCCtx(c);
	*ret_len = n;
	return out;
}

static int memfd_with(const void *data, size_t len)
{
	int fd = memfd_create("decompress", 0);

	assert_true(fd >= 0);
	assert_int_equal((ssize_t)len, write(fd, data, len));
	assert_int_equal(0, lseek(fd, 0, SEEK_SET));
	return fd;
}

static int signed_limits(const void *data, size_t len, const char *name,
			 const struct ld_modsig_limits *lim)
{
	int fd = memfd_with(data, len), r;

	r = lim ? ld_module_fd_signed_limits(fd, name, lim) : ld_module_fd_signed(fd, name);
	close(fd);
	return r;
}

/* A signed module image of len bytes: text that compresses like code does, then the marker. */
static char *module_image(size_t len)
{
	char *m = malloc(len);
	uint32_t x = 2463534242u;

	assert_non_null(m);
	assert_true(len > sizeof(MARKER));
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		m[i] = (char)("\x7f" "ELFabcdefgh\0\0\0\0"[x % 16]);
	}
	memcpy(m + len - (sizeof(MARKER) - 1), MARKER, sizeof(MARKER) - 1);
	return m;
}

static void test_kconfig_gunzip(void **state)
{
	size_t zlen, len, two_len;
	unsigned char *z = gzip_of(config, sizeof(config) - 1, &zlen), *two;
	char *out;

	(void)state;
	assert_int_equal(0, ld_kconfig_gunzip(z, zlen, LD_KCONFIG_MAX, &out, &len));
	assert_int_equal(sizeof(config) - 1, len);
	assert_memory_equal(config, out, len);
	assert_int_equal('\0', out[len]);
	free(out);
	/* every truncation, from empty to one byte short, is malformed */
	for (size_t cut = 0; cut < zlen; cut++)
		assert_int_equal(-EBADMSG, ld_kconfig_gunzip(z, cut, LD_KCONFIG_MAX, &out, &len));
	/* plain text is not gzip (gzread would have passed it through) */
	assert_int_equal(-EBADMSG,
			 ld_kconfig_gunzip(config, sizeof(config) - 1, LD_KCONFIG_MAX, &out, &len));
	/* the cap: exactly the size fits, a byte less does not */
	assert_int_equal(0, ld_kconfig_gunzip(z, zlen, sizeof(config) - 1, &out, &len));
	free(out);
	assert_int_equal(-EFBIG, ld_kconfig_gunzip(z, zlen, sizeof(config) - 2, &out, &len));
	/* two members are one file to gzip -d; a member then garbage is not */
	two = malloc(2 * zlen + 3);
	assert_non_null(two);
	memcpy(two, z, zlen);
	memcpy(two + zlen, z, zlen);
	two_len = 2 * zlen;
	assert_int_equal(0, ld_kconfig_gunzip(two, two_len, LD_KCONFIG_MAX, &out, &len));
	assert_int_equal(2 * (sizeof(config) - 1), len);
	free(out);
	memcpy(two + zlen, "abc", 3);
	assert_int_equal(-EBADMSG, ld_kconfig_gunzip(two, zlen + 3, LD_KCONFIG_MAX, &out, &len));
	free(two);
	free(z);
}

static void test_kconfig_gunzip_bomb(void **state)
{
	size_t big = LD_KCONFIG_MAX + 1, zlen, len;
	char *zeros = calloc(1, big), *out;
	unsigned char *z;

	(void)state;
	assert_non_null(zeros);
	z = gzip_of(zeros, big, &zlen);
	assert_true(zlen < 8192); /* a few KiB that would inflate to more than 4 MiB */
	assert_int_equal(-EFBIG, ld_kconfig_gunzip(z, zlen, LD_KCONFIG_MAX, &out, &len));
	free(z);
	free(zeros);
}

static void test_kconfig_nothing_set(void **state)
{
	static const char *const texts[] = { "", "\n\n", "# just a comment\n", "#\n#\n" };
	struct ld_kconfig k = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t line = 99;

		assert_int_equal(-EBADMSG, ld_kconfig_parse(texts[i], strlen(texts[i]), &k, &line));
		assert_int_equal(0, line);
	}
	assert_int_equal(0, ld_kconfig_parse("# CONFIG_A is not set\n", 22, &k, NULL));
	assert_int_equal(1, k.n);
	ld_kconfig_clear(&k);
}

/* A fake root with one file at rel holding data; returns the root's directory. */
static char *root_with(const char *rel, const void *data, size_t len)
{
	char *dir = strdup("/tmp/ld-decompress-XXXXXX"), path[512];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/boot", dir);
	assert_int_equal(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(len, fwrite(data, 1, len, f));
	fclose(f);
	return dir;
}

static void remove_root(char *dir, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", dir, rel);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/boot", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
}

static int load(const char *rel, const void *data, size_t len, struct ld_where *where)
{
	struct ld_kconfig k = { 0 };
	struct ld_root *root = NULL;
	char *dir = root_with(rel, data, len);
	int r;

	assert_int_equal(0, ld_root_open(dir, &root));
	r = ld_kconfig_load(root, "6.1.0-test", &k, where);
	if (r == 0) {
		assert_true(ld_kconfig_enabled(&k, "SECURITY_LOCKDOWN_LSM_EARLY"));
		ld_kconfig_clear(&k);
	}
	ld_root_free(root);
	remove_root(dir, rel);
	return r;
}

static void test_kconfig_load_damaged(void **state)
{
	size_t zlen, empty_len;
	unsigned char *z = gzip_of(config, sizeof(config) - 1, &zlen);
	unsigned char *empty = gzip_of("", 0, &empty_len);
	struct ld_where where;

	(void)state;
	assert_int_equal(0, load("/proc/config.gz", z, zlen, &where));
	/* an empty file, a cut stream, a valid gzip of nothing: unknown, not "nothing set" */
	assert_int_equal(-EBADMSG, load("/proc/config.gz", "", 0, &where));
	assert_string_equal("/proc/config.gz", where.path);
	assert_int_equal(-EBADMSG, load("/proc/config.gz", z, zlen / 2, &where));
	assert_int_equal(-EBADMSG, load("/proc/config.gz", z, zlen - 1, &where));
	assert_int_equal(-EBADMSG, load("/proc/config.gz", empty, empty_len, &where));
	assert_int_equal(0, where.line);
	/* /boot/config-RELEASE: plain text, the same rule */
	assert_int_equal(0, load("/boot/config-6.1.0-test", config, sizeof(config) - 1, &where));
	assert_int_equal(-EBADMSG, load("/boot/config-6.1.0-test", "", 0, &where));
	assert_string_equal("/boot/config-6.1.0-test", where.path);
	free(empty);
	free(z);
}

/* img as .gz, .xz (at xz_preset) and .zst, in the order of names[] below. */
static void compress_all(const char *img, size_t len, uint32_t xz_preset, unsigned char *c[3],
			 size_t clen[3])
{
	c[0] = gzip_of(img, len, &clen[0]);
	c[1] = xz_of(img, len, xz_preset, &clen[1]);
	c[2] = zstd_of(img, len, 0, &clen[2]);
}

static void test_modsig_formats(void **state)
{
	static const char *const names[] = { "m.ko.gz", "m.ko.xz", "m.ko.zst" };
	size_t len = 4096, clen[3];
	char *img = module_image(len);
	unsigned char *c[3];

	(void)state;
	compress_all(img, len, 6, c, clen);
	for (int f = 0; f < 3; f++) {
		assert_int_equal(1, signed_limits(c[f], clen[f], names[f], NULL));
		/* empty and every truncation: malformed, never "unsigned" */
		for (size_t cut = 0; cut < clen[f]; cut++)
			assert_int_equal(-EBADMSG, signed_limits(c[f], cut, names[f], NULL));
		/* an uncompressed image under a compressed name */
		assert_int_equal(-EBADMSG, signed_limits(img, len, names[f], NULL));
		free(c[f]);
	}
	free(img);
}

/* Several MiB whose last compressed chunk inflates to more than one output buffer. */
static void test_modsig_large(void **state)
{
	static const char *const names[] = { "m.ko.gz", "m.ko.xz", "m.ko.zst" };
	size_t len = 6u << 20, clen[3];
	char *img = module_image(len);
	unsigned char *c[3];

	(void)state;
	compress_all(img, len, 1, c, clen);
	for (int f = 0; f < 3; f++) {
		struct ld_modsig_limits exact = { len, LD_MODULE_MAX_DECODER };
		struct ld_modsig_limits less = { len - 1, LD_MODULE_MAX_DECODER };

		assert_int_equal(1, signed_limits(c[f], clen[f], names[f], NULL));
		assert_int_equal(1, signed_limits(c[f], clen[f], names[f], &exact));
		assert_int_equal(-EFBIG, signed_limits(c[f], clen[f], names[f], &less));
		free(c[f]);
	}
	free(img);
}

static void test_modsig_decoder_memory(void **state)
{
	struct ld_modsig_limits small = { LD_MODULE_MAX_IMAGE, 1u << 20 };
	size_t len = 4096, xlen, zlen;
	char *img = module_image(len);
	unsigned char *x = xz_of(img, len, 6, &xlen);	/* an 8 MiB dictionary */
	unsigned char *z = zstd_of(img, len, 0, &zlen); /* a window no larger than the input */
	unsigned char *zw;
	size_t zwlen;
	char *big = module_image(3u << 20);

	(void)state;
	assert_int_equal(-EFBIG, signed_limits(x, xlen, "m.ko.xz", &small));
	assert_int_equal(1, signed_limits(x, xlen, "m.ko.xz", NULL));
	assert_int_equal(1, signed_limits(z, zlen, "m.ko.zst", &small));
	/* a 4 MiB window over 3 MiB of input: more than 1 MiB of decoder memory */
	zw = zstd_of(big, 3u << 20, 22, &zwlen);
	assert_int_equal(-EFBIG, signed_limits(zw, zwlen, "m.ko.zst", &small));
	assert_int_equal(1, signed_limits(zw, zwlen, "m.ko.zst", NULL));
	free(zw);
	free(big);
	free(z);
	free(x);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kconfig_gunzip),	     cmocka_unit_test(test_kconfig_gunzip_bomb),
		cmocka_unit_test(test_kconfig_nothing_set),  cmocka_unit_test(test_kconfig_load_damaged),
		cmocka_unit_test(test_modsig_formats),	     cmocka_unit_test(test_modsig_large),
		cmocka_unit_test(test_modsig_decoder_memory),
	};

	return cmocka_run_group_tests_name("decompress", tests, NULL, NULL);
}
