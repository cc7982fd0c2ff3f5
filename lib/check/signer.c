// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Who signed a module: the signer of its PKCS#7 (CMS) signature, as the
 * kernel's pkcs7 parser sees it (OpenSSL's CMS reader): the issuer's name
 * and serial number (sign-file's default), or the subject key identifier
 * (sign-file -k).
 */
#include <errno.h>
#include <openssl/cms.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/modsig.h"

static char *hex_of(const unsigned char *p, size_t n)
{
	char *s = malloc(2 * n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

/* The issuer's common name, else its organisation: what a key's description starts with. */
static char *name_of(const X509_NAME *name)
{
	static const int nids[] = { NID_commonName, NID_organizationName };

	for (size_t i = 0; i < sizeof(nids) / sizeof(nids[0]); i++) {
		int at = X509_NAME_get_index_by_NID(name, nids[i], -1);
		const ASN1_STRING *v;
		unsigned char *utf8 = NULL;
		int n;
		char *s;

		if (at < 0)
			continue;
		v = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
		n = ASN1_STRING_to_UTF8(&utf8, v);
		if (n < 0)
			return NULL;
		s = strndup((const char *)utf8, (size_t)n);
		OPENSSL_free(utf8);
		return s;
	}
	return strdup("");
}

int ld_module_signer_parse(const void *der, size_t len, struct ld_module_signer *ret)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) *sis;
	ASN1_OCTET_STRING *keyid = NULL;
	X509_NAME *issuer = NULL;
	ASN1_INTEGER *serial = NULL;
	int r = 0;

	memset(ret, 0, sizeof(*ret));
	if (len > 1u << 20)
		return -EBADMSG;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (!cms)
		return -EBADMSG;
	sis = CMS_get0_SignerInfos(cms);
	if (!sis || sk_CMS_SignerInfo_num(sis) < 1 ||
	    CMS_SignerInfo_get0_signer_id(sk_CMS_SignerInfo_value(sis, 0), &keyid, &issuer, &serial) != 1)
		r = -EBADMSG;
	else if (keyid) {
		ret->keyid = hex_of(ASN1_STRING_get0_data(keyid), (size_t)ASN1_STRING_length(keyid));
		r = ret->keyid ? 0 : -ENOMEM;
	} else if (issuer && serial) {
		ASN1_STRING *s = (ASN1_STRING *)serial;

		ret->name = name_of(issuer);
		ret->serial = hex_of(ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
		r = ret->name && ret->serial ? 0 : -ENOMEM;
	} else
		r = -EBADMSG;
	CMS_ContentInfo_free(cms);
	if (r < 0)
		ld_module_signer_clear(ret);
	return r;
}

int ld_cert_as_signer(const void *der, size_t len, struct ld_module_signer *ret)
{
	const unsigned char *p = der;
	const ASN1_OCTET_STRING *skid;
	const ASN1_INTEGER *serial;
	X509 *x;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (len > 1u << 20)
		return -EBADMSG;
	x = d2i_X509(NULL, &p, (long)len);
	if (!x)
		return -EBADMSG;
	serial = X509_get0_serialNumber(x);
	skid = X509_get0_subject_key_id(x);
	ret->name = name_of(X509_get_issuer_name(x));
	ret->serial = hex_of(ASN1_STRING_get0_data((const ASN1_STRING *)serial),
			     (size_t)ASN1_STRING_length((const ASN1_STRING *)serial));
	if (skid && ASN1_STRING_length(skid) > 0)
		ret->keyid = hex_of(ASN1_STRING_get0_data(skid), (size_t)ASN1_STRING_length(skid));
	r = ret->name && ret->serial && (!skid || ASN1_STRING_length(skid) <= 0 || ret->keyid) ? 0 : -ENOMEM;
	X509_free(x);
	if (r < 0)
		ld_module_signer_clear(ret);
	return r;
}

void ld_module_signer_clear(struct ld_module_signer *s)
{
	free(s->name);
	free(s->serial);
	free(s->keyid);
	memset(s, 0, sizeof(*s));
}
