// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=16384 -dict=@FUZZDIR@/dict/software.dict */
/*
 * Fuzz the readers check's software and module detectors rely on: dpkg's
 * status file (every name it reports must be non-empty and a slice of the
 * input), the knowledge base's reader and checker (an accepted entry
 * satisfies what ld_software_kb_parse() promises; a refused one says why),
 * /proc/keys (names and key ids are slices of their line, key ids hex) and
 * a module's signature block and its signer (OpenSSL's CMS reader), and an
 * EFI signature database (MokListRT; names and key ids as for /proc/keys).
 * Input: one flag byte (1: the knowledge base, 2: /proc/keys, 4: a module's
 * end, 8: an EFI signature database, else a status file), then the bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "check/dpkg.h"
#include "check/modsig.h"
#include "lockdown/reasons.h"
#include "check/software.h"

struct span {
	const char *start, *end;
};

static int on_package(const char *name, size_t len, void *userdata)
{
	const struct span *in = userdata;

	if (len == 0 || name < in->start || name + len > in->end || memchr(name, '\n', len))
		abort();
	return 0;
}

static int on_key(const char *name, size_t nl, const char *skid, size_t sl, void *userdata)
{
	const struct span *in = userdata;

	if (name < in->start || name + nl > in->end || skid < in->start || skid + sl > in->end ||
	    sl < 8 || memchr(name, '\n', nl))
		abort();
	for (size_t i = 0; i < sl; i++)
		if (!strchr("0123456789abcdefABCDEF", skid[i]))
			abort();
	return 0;
}

/* a MOK key, named as a signature names one: a name and a serial of lower-case hex pairs; a key id so too, or none */
static bool hex_pairs(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

static int on_mok_key(const struct ld_module_signer *key, void *userdata)
{
	(void)userdata;
	if (!key->name || !key->serial || !hex_pairs(key->serial) || (key->keyid && !hex_pairs(key->keyid)))
		abort();
	return 0;
}

static void module_end(const char *in, size_t len)
{
	struct ld_module_signer sg;
	void *sig = NULL;
	size_t n = 0;
	int r = ld_module_signature(in, len, &sig, &n);

	if (r == 1) {
		if (n == 0 || n > len)
			abort();
		if (ld_module_signer_parse(sig, n, &sg) == 0) {
			if (!sg.keyid && (!sg.name || !sg.serial))
				abort();
			ld_module_signer_clear(&sg);
		}
		free(sig);
	} else if (r == 0 && ld_module_image_signed(in, len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0;
	struct ld_software_kb kb = { 0 };
	char *error = NULL;
	int r;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (size && (data[0] & 8)) {
		(void)ld_efi_siglist_x509(in, len, on_mok_key, NULL);
		return 0;
	}
	if (size && (data[0] & 4)) {
		module_end(in, len);
		return 0;
	}
	if (size && (data[0] & 2)) {
		struct span s = { in, in + len };

		(void)ld_proc_keys_asymmetric(in, len, on_key, &s);
		return 0;
	}
	if (!size || !(data[0] & 1)) {
		struct span s = { in, in + len };

		(void)ld_dpkg_installed(in, len, on_package, &s);
		return 0;
	}
	r = ld_software_kb_parse(in, len, &kb, &error);
	if (r == 0) {
		for (size_t i = 0; i < kb.n; i++) {
			const struct ld_software *s = &kb.v[i];

			if (!s->n_binaries || !s->n_sources || !s->command || !s->error || !s->advice ||
			    s->binaries[0][0] != '/' || s->level != ld_reason_known_level(s->reason))
				abort();
		}
		if (error)
			abort();
		ld_software_kb_clear(&kb);
	} else if (r != -ENOMEM && !error) {
		abort(); /* refused without saying why */
	}
	free(error);
	return 0;
}
