// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whether a module's signer is enrolled in MOK: shim's MokListRT, as the
 * kernel mirrors it (/sys/firmware/efi/mok-variables/MokListRT, raw), else
 * the EFI variable (efivarfs: four attribute bytes, then the data). Only
 * said beside a verdict /proc/keys already gave: which keyring the kernel put
 * a MOK key in depends on the kernel and its patches, so the keys the kernel
 * holds decide, and this explains.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detectors.h"
#include "check/modsig.h"
#include "lockdown/root.h"

#define MOK_RAW "/sys/firmware/efi/mok-variables/MokListRT"
#define MOK_VAR "/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23"

struct match {
	const struct ld_module_signer *sg;
	bool found;
};

/* The same key: the same key id, or the same issuer and serial (a name alone is shared: every DKMS key is "DKMS module signing key") */
static int on_mok_key(const struct ld_module_signer *key, void *userdata)
{
	struct match *m = userdata;
	const struct ld_module_signer *sg = m->sg;

	if ((sg->keyid && key->keyid && strcasecmp(sg->keyid, key->keyid) == 0) ||
	    (sg->name && sg->serial && strcmp(sg->name, key->name) == 0 &&
	     strcasecmp(sg->serial, key->serial) == 0))
		m->found = true;
	return 0;
}

/* The list, read at the first untrusted signer of a run and kept for the others. */
static void mok_read(struct check_state *st, struct mok_list *ml)
{
	ml->read = true;
	if (ld_root_read_file(st->ctx->root, MOK_RAW, 1u << 20, &ml->buf, &ml->len) == 0)
		return;
	free(ml->buf);
	ml->buf = NULL;
	ml->len = 0;
	if (ld_root_read_file(st->ctx->root, MOK_VAR, 1u << 20, &ml->buf, &ml->len) == 0 && ml->len >= 4) {
		ml->skip = 4; /* efivarfs: the variable's attributes first */
		return;
	}
	free(ml->buf);
	ml->buf = NULL;
	ml->len = 0;
}

bool ld_mok_enrolled(struct check_state *st, struct mok_list *ml, const struct ld_module_signer *sg)
{
	struct match m = { sg, false };

	if (!ml->read)
		mok_read(st, ml);
	if (ml->buf)
		(void)ld_efi_siglist_x509(ml->buf + ml->skip, ml->len - ml->skip, on_mok_key, &m);
	return m.found;
}

void ld_mok_list_clear(struct mok_list *ml)
{
	free(ml->buf);
	memset(ml, 0, sizeof(*ml));
}
