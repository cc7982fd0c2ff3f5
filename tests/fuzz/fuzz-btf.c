// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the BTF reason-enum walker with arbitrary blobs. */
/* -max_len: BTF is megabytes; the walker is linear: the general bound */
/* fuzz-options: -max_len=65536 */
#include "fuzz.h"
#include "lockdown/reasons.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_catalogue cat;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_catalogue_from_btf_data(data, size, &cat) == 0) {
		(void)ld_catalogue_find(&cat, "kcore");
		ld_catalogue_clear(&cat);
	}
	return 0;
}
