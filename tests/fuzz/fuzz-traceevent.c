// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the ring-buffer record decoder: any bytes, any size, as BPF might hand them over. */
/* -max_len: a ring-buffer record is a few hundred bytes */
/* fuzz-options: -max_len=4096 */
#include <string.h>

#include "fuzz.h"
#include "lockdown/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_trace_record rec;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (ld_trace_record_decode(data, size, &rec) == 0 && rec.kind == LD_RECORD_EXEC)
		(void)strlen(rec.exe);
	return 0;
}
