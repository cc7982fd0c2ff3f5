// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the JSON Lines reader behind `trace --input`, and the summary it feeds. */
/* -max_len: about ten events: every path of the line reader and of the summary */
/* fuzz-options: -max_len=4096 */
#include "fuzz.h"
#include "lockdown/trace.h"

static int add(const struct ld_trace_event *ev, void *userdata)
{
	return ld_trace_summary_add(userdata, ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_trace_summary sum = { 0 };
	struct ld_event_file_totals totals;
	struct ld_where where;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	(void)ld_event_file_parse((const char *)data, size, add, &sum, &totals, &where);
	ld_trace_summary_finish(&sum);
	for (size_t i = 0; i < sum.n; i++)
		(void)ld_trace_reason_refused_at(&sum.reasons[i], LD_LEVEL_CONFIDENTIALITY);
	ld_trace_summary_clear(&sum);
	return 0;
}
