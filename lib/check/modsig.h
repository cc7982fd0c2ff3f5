/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_MODSIG_H
#define LOCKDOWN_MODSIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ld_root;

/* The marker sign-file appends after the PKCS#7 blob (kernel module_signature.h). */
#define LD_MODULE_SIG_MARKER "~Module signature appended~\n"
#define LD_MODULE_SIG_MARKER_LEN (sizeof(LD_MODULE_SIG_MARKER) - 1)

/* Does this module image (uncompressed) end with an appended signature? */
bool ld_module_image_signed(const void *tail, size_t len);

/* How much of a module image's end is kept: a PKCS#7 signature by sign-file (no certificates) is far smaller. */
#define LD_MODULE_SIG_TAIL (16u << 10)

/*
 * The PKCS#7 signature at the end of a module image (TAIL: its last LEN
 * bytes): 1 with a copy in *ret (free it), 0 when unsigned, -EBADMSG when
 * the signature block is not one the kernel reads (not PKCS#7, sizes that
 * do not fit), -E2BIG when it is larger than the tail given.
 */
int ld_module_signature(const void *tail, size_t len, void **ret, size_t *ret_len);
/* The same for a module file under root (decompressed as its name says). */
int ld_module_file_signature(const struct ld_root *root, const char *path, void **ret, size_t *ret_len);

/* Who signed a module, as its signature names the key: issuer and serial, or a key identifier. */
struct ld_module_signer {
	char *name;   /* the issuer's common name (else organisation), with serial */
	char *serial; /* lower-case hex */
	char *keyid;  /* subject key identifier, lower-case hex (sign-file -k) */
};
/* Read a PKCS#7 (CMS) signature's first signer. 0, -EBADMSG, -ENOMEM. */
int ld_module_signer_parse(const void *der, size_t len, struct ld_module_signer *ret);
void ld_module_signer_clear(struct ld_module_signer *s);

/*
 * The asymmetric keys of /proc/keys (TEXT, LEN bytes): fn(name, name_len,
 * skid, skid_len) for each, from a description "NAME: SKIDHEX" (what the
 * kernel's X.509 parser names a key: the subject's common name, else its
 * organisation, and its subject key identifier). /proc/keys does not say
 * which keyring holds a key. 0, or what fn returned (< 0).
 */
typedef int (*ld_key_fn)(const char *name, size_t name_len, const char *skid, size_t skid_len,
			 void *userdata);
int ld_proc_keys_asymmetric(const char *text, size_t len, ld_key_fn fn, void *userdata);

/*
 * A certificate as a module signed with its key would name it: the issuer's
 * name and the serial (sign-file's default), and its subject key identifier
 * (sign-file -k; NULL when it has none). 0, -EBADMSG, -ENOMEM.
 */
int ld_cert_as_signer(const void *der, size_t len, struct ld_module_signer *ret);

/*
 * The X.509 certificates of an EFI signature database (EFI_SIGNATURE_LIST
 * after EFI_SIGNATURE_LIST, as shim's MokListRT): fn(key) for each, named by
 * ld_cert_as_signer(). Entries of other types (hashes) and certificates
 * OpenSSL cannot read are skipped. 0; -EBADMSG when the lists' sizes do not
 * add up; -ENOMEM; or what fn returned (< 0).
 */
typedef int (*ld_cert_fn)(const struct ld_module_signer *key, void *userdata);
int ld_efi_siglist_x509(const void *buf, size_t len, ld_cert_fn fn, void *userdata);

/*
 * What one compressed module may cost. Decompression is a stream that keeps
 * only the last bytes, so memory is the decoder's own (xz dictionary, zstd
 * window) and time grows with the decompressed size, which a small hostile
 * file can make huge (gzip inflates 1000:1, xz and zstd far more).
 * - max_image: the decompressed size. The largest modules distributions ship
 *   (amdgpu, out-of-tree GPU drivers) are tens of MiB, stripped; 256 MiB
 *   leaves room for unstripped builds and caps a bomb at well under a second.
 * - max_decoder: the decoder's memory. 128 MiB admits every preset of xz
 *   (-9 needs 65 MiB; kbuild uses a 1 MiB dictionary) and zstd's default
 *   window limit (2^27, what `zstd -d` accepts without --long).
 * Beyond either: -EFBIG.
 */
struct ld_modsig_limits {
	uint64_t max_image;
	uint64_t max_decoder;
};
#define LD_MODULE_MAX_IMAGE (256ull << 20)
#define LD_MODULE_MAX_DECODER (128ull << 20)

/*
 * Read a module file under root, decompressing .ko.gz / .ko.xz / .ko.zst as a
 * stream (only the tail is kept), and say whether it carries a signature.
 * Returns 1 signed, 0 unsigned, or -errno (-EBADMSG for a corrupt, empty or
 * truncated stream, -EFBIG beyond the limits above).
 */
int ld_module_file_signed(const struct ld_root *root, const char *path);
/* The same on an open file, read from its current offset; `name` picks the format. */
int ld_module_fd_signed(int fd, const char *name);
/* The same with other limits (tests and fuzzing use small ones). */
int ld_module_fd_signed_limits(int fd, const char *name, const struct ld_modsig_limits *lim);

#endif
