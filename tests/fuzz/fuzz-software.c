// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=16384 -dict=@FUZZDIR@/dict/software.dict */
/*
 * Fuzz the readers check's software detector relies on: dpkg's status file
 * (every name it reports must be non-empty and a slice of the input) and
 * the knowledge base's reader and checker (an accepted entry satisfies what
 * ld_software_kb_parse() promises; a refused one says why). Input: one flag
 * byte (1: the knowledge base, else a status file), then the text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/dpkg.h"
#include "lockdown/reasons.h"
#include "lockdown/software.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0;
	struct ld_software_kb kb = { 0 };
	char *error = NULL;
	int r;

	if (size > FUZZ_MAX_INPUT)
		return 0;
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
