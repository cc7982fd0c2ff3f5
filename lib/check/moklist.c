// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The X.509 certificates of an EFI signature database (UEFI 2.x, 32.4.1:
 * EFI_SIGNATURE_LIST): shim's MokListRT, which the kernel mirrors into
 * /sys/firmware/efi/mok-variables/. Each list is
 *   GUID type | u32 list size | u32 header size | u32 signature size | header | signatures
 * and each signature of the X.509 type is an owner GUID and one DER certificate.
 * Each key is named as a module signature would name it (issuer and serial,
 * or key id), so that a module's signer can be looked up exactly.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check/modsig.h"

/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored (little-endian fields) */
static const unsigned char x509_guid[16] = { 0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
					     0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72 };

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int one_cert(const unsigned char *der, size_t len, ld_cert_fn fn, void *userdata)
{
	struct ld_module_signer key;
	int r = ld_cert_as_signer(der, len, &key);

	if (r == -EBADMSG)
		return 0; /* not a certificate OpenSSL reads: the kernel would skip it too */
	if (r < 0)
		return r;
	r = fn(&key, userdata);
	ld_module_signer_clear(&key);
	return r;
}

int ld_efi_siglist_x509(const void *buf, size_t len, ld_cert_fn fn, void *userdata)
{
	const unsigned char *p = buf, *end = p + len;

	while ((size_t)(end - p) >= 28) {
		uint32_t list = le32(p + 16), hdr = le32(p + 20), size = le32(p + 24);
		const unsigned char *sig, *list_end;

		if (list < 28 || list > (size_t)(end - p) || hdr > list - 28 || size < 16 ||
		    (list - 28 - hdr) % size != 0)
			return -EBADMSG;
		list_end = p + list;
		if (memcmp(p, x509_guid, 16) == 0)
			for (sig = p + 28 + hdr; sig < list_end; sig += size) {
				int r = one_cert(sig + 16, size - 16, fn, userdata);

				if (r < 0)
					return r;
			}
		p = list_end;
	}
	return p == end ? 0 : -EBADMSG;
}
