// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The X.509 certificates of an EFI signature database (UEFI 2.x, 32.4.1:
 * EFI_SIGNATURE_LIST): shim's MokListRT, which the kernel mirrors into
 * /sys/firmware/efi/mok-variables/. Each list is
 *   GUID type | u32 list size | u32 header size | u32 signature size | header | signatures
 * and each signature of the X.509 type is an owner GUID and one DER certificate.
 * Keys are named as the kernel's X.509 parser names them (subject CN, else O;
 * subject key identifier in hex), so they compare with /proc/keys.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "lockdown/modsig.h"

/* EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072, as stored (little-endian fields) */
static const unsigned char x509_guid[16] = { 0xa1, 0x59, 0xc0, 0xa5, 0xe4, 0x94, 0xa7, 0x4a,
					     0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72 };

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int one_cert(const unsigned char *der, size_t len, ld_key_fn fn, void *userdata)
{
	const unsigned char *p = der;
	X509 *x = len <= LONG_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
	const ASN1_OCTET_STRING *skid;
	char name[256] = "", hex[2 * 64 + 1] = "";
	X509_NAME *subject;
	int r = 0, n;

	if (!x)
		return 0; /* not a certificate OpenSSL reads: the kernel would skip it too */
	subject = X509_get_subject_name(x);
	n = X509_NAME_get_text_by_NID(subject, NID_commonName, name, sizeof(name));
	if (n <= 0)
		n = X509_NAME_get_text_by_NID(subject, NID_organizationName, name, sizeof(name));
	skid = X509_get0_subject_key_id(x);
	if (skid && ASN1_STRING_length(skid) > 0 && ASN1_STRING_length(skid) <= 64)
		for (int i = 0; i < ASN1_STRING_length(skid); i++)
			snprintf(hex + 2 * i, 3, "%02x", ASN1_STRING_get0_data(skid)[i]);
	if (n > 0 && memchr(name, '\0', (size_t)n) == NULL)
		r = fn(name, (size_t)n, hex, strlen(hex), userdata);
	X509_free(x);
	return r;
}

int ld_efi_siglist_x509(const void *buf, size_t len, ld_key_fn fn, void *userdata)
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
