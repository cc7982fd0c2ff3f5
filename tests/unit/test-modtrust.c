// SPDX-License-Identifier: GPL-2.0-or-later
/* Who signed a module, and whether the kernel holds that key (check's modules detector). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/modsig.h"
#include "lockdown/root.h"

#define MODDIR "/lib/modules/6.1.0-56-cloud-amd64/updates/dkms/"

static struct ld_module_signer signer_of(const char *fixture, const char *path)
{
	char dir[4096];
	struct ld_root *root = NULL;
	struct ld_module_signer s = { 0 };
	void *sig = NULL;
	size_t len = 0;

	snprintf(dir, sizeof(dir), "%s/%s", getenv("LD_FIXTURES"), fixture);
	assert_int_equal(0, ld_root_open(dir, &root));
	assert_int_equal(1, ld_module_file_signature(root, path, &sig, &len));
	assert_int_equal(0, ld_module_signer_parse(sig, len, &s));
	free(sig);
	ld_root_free(root);
	return s;
}

/* sign-file's two ways to name the key: issuer and serial (default), or key id (-k); also compressed */
static void test_signers(void **state)
{
	struct ld_module_signer s = signer_of("check-modtrust", MODDIR "acpi_call.ko");

	(void)state;
	assert_string_equal("DKMS module signing key", s.name);
	assert_non_null(s.serial);
	assert_null(s.keyid);
	ld_module_signer_clear(&s);
	s = signer_of("check-modtrust", MODDIR "trusted_mod.ko");
	assert_null(s.name);
	assert_string_equal("81d3d34b5ea67d7e5625030e61bd6237a6e83a91", s.keyid);
	ld_module_signer_clear(&s);
	s = signer_of("check-busy", MODDIR "signed_one.ko.zst");
	assert_string_equal("81d3d34b5ea67d7e5625030e61bd6237a6e83a91", s.keyid);
	ld_module_signer_clear(&s);
}

/* The signature block as the kernel reads it: each way it can be wrong, beside a good one */
static void test_signature_block(void **state)
{
	static const char marker[] = LD_MODULE_SIG_MARKER;
	unsigned char img[256];
	void *sig = NULL;
	size_t len = 0, n = 0;

	(void)state;
	memcpy(img, "body", 4);
	memcpy(img + 4, "SIGNATURE", 9); /* 9 bytes of "PKCS#7" */
	n = 13;
	memcpy(img + n, "\0\0\2\0\0\0\0\0\0\0\0\x09", 12);
	n += 12;
	memcpy(img + n, marker, LD_MODULE_SIG_MARKER_LEN);
	n += LD_MODULE_SIG_MARKER_LEN;
	assert_int_equal(1, ld_module_signature(img, n, &sig, &len));
	assert_int_equal(9, len);
	assert_memory_equal("SIGNATURE", sig, 9);
	free(sig);
	/* more than the image holds */
	img[4 + 9 + 11] = 200;
	assert_int_equal(-E2BIG, ld_module_signature(img, n, &sig, &len));
	img[4 + 9 + 11] = 9;
	/* not PKCS#7 */
	img[4 + 9 + 2] = 1;
	assert_int_equal(-EBADMSG, ld_module_signature(img, n, &sig, &len));
	/* no marker: unsigned */
	assert_int_equal(0, ld_module_signature(img, n - 1, &sig, &len));
	/* garbage is no signer */
	{
		struct ld_module_signer s;

		assert_int_equal(-EBADMSG, ld_module_signer_parse("SIGNATURE", 9, &s));
	}
}

static int collect(const char *name, size_t nl, const char *skid, size_t sl, void *userdata)
{
	char *all = userdata;

	strncat(all, name, nl);
	strcat(all, "=");
	strncat(all, skid, sl);
	strcat(all, ";");
	return 0;
}

static void test_proc_keys(void **state)
{
	static char all[2048];
	static const char text[] =
		/* verbatim, from a Debian machine booted through shim (see tests/fixtures/check-clean/KEYS.SOURCES) */
		"3eee887b I------     1 perm 1f010000     0     0 asymmetri Debian Secure Boot CA: "
		"6ccece7e4c6c0d1f6149f3dd27dfcc5cbb419ea1: X509.rsa bb419ea1 []\n"
		"305295a2 I------     1 perm 1f0b0000     0     0 keyring   .builtin_trusted_keys: 1\n"
		/* a name that holds ": " itself, and a line cut short */
		"00000001 I------     1 perm 1f010000     0     0 asymmetri Acme: Lab: key: 0011aabb: X509.rsa 0011aabb []\n"
		"00000002 I------     1 perm 1f010000     0     0 asymmetri\n"
		"00000003 I------     1 perm 1f010000     0     0 asymmetri no key id here: X509.rsa []";

	(void)state;
	all[0] = '\0';
	assert_int_equal(0, ld_proc_keys_asymmetric(text, strlen(text), collect, all));
	assert_string_equal("Debian Secure Boot CA=6ccece7e4c6c0d1f6149f3dd27dfcc5cbb419ea1;Acme: Lab: key=0011aabb;", all);
}

static int collect_cert(const struct ld_module_signer *key, void *userdata)
{
	char *all = userdata;

	strcat(all, key->name);
	strcat(all, "/");
	strcat(all, key->serial);
	strcat(all, "/");
	strcat(all, key->keyid ? key->keyid : "-");
	strcat(all, ";");
	return 0;
}

/* MokListRT as efitools writes it: each certificate as a signature would name it, the hash skipped */
static void test_moklist(void **state)
{
	static char all[4096];
	char dir[4096], *text = NULL;
	struct ld_root *root = NULL;
	unsigned char *buf;
	size_t n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/check-mok", getenv("LD_FIXTURES"));
	assert_int_equal(0, ld_root_open(dir, &root));
	assert_int_equal(0, ld_root_read_file(root, "/sys/firmware/efi/mok-variables/MokListRT", 1u << 20, &text, &n));
	ld_root_free(root);
	buf = (unsigned char *)text;
	all[0] = '\0';
	assert_int_equal(0, ld_efi_siglist_x509(buf, n, collect_cert, all));
	assert_string_equal("Example Vendor MOK/16d0d20f7b8f8a1b5956cb3d24771b8c533c79c2/be198c431d11e5a079af49d6c45afa1c7b6e67e6;"
			    "DKMS module signing key/4b39bb395621a6a06dd5d54be4c977e2565cb4aa/4841370a757f4ed40456c1b58b2bad56aee23e81;"
			    "DKMS module signing key/37f92afdd5fe9be3efe9fddc2a51e7b40743d5e4/e91172de71700892770847066110d5e3b35fb761;",
			    all);
	/* a list whose size runs past the end, or does not add up: refused */
	all[0] = '\0';
	assert_int_equal(-EBADMSG, ld_efi_siglist_x509(buf, n - 1, collect_cert, all));
	buf[16] ^= 0x01; /* the first list's size, one off */
	assert_int_equal(-EBADMSG, ld_efi_siglist_x509(buf, n, collect_cert, all));
	assert_int_equal(0, ld_efi_siglist_x509(buf, 0, collect_cert, all));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signers),
		cmocka_unit_test(test_signature_block),
		cmocka_unit_test(test_proc_keys),
		cmocka_unit_test(test_moklist),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
