// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=16384 */
/*
 * Fuzz log's journalctl -o json line parser (MESSAGE as a string or as an
 * array of bytes, the timestamps, the boot id), then the classifier and the
 * summary on what it decoded. One input is one line.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lockdown/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ld_log_summary s;
	struct ld_logline l;
	struct ld_logmsg m;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	ld_log_summary_init(&s);
	if (ld_logline_parse_json((const char *)data, size, &l)) {
		if (l.msg_len > sizeof(l.text) || (l.msg != l.text))
			abort(); /* the message must live in the line's own buffer */
		ld_logmsg_classify(l.msg, l.msg_len, &m);
		(void)ld_logmsg_looks_lockdown(l.msg, l.msg_len);
		if (ld_log_summary_add(&s, &l, &m) < 0)
			abort();
	} else if (!l.unreadable && l.msg) {
		abort(); /* not read, yet a message: the two must agree */
	}
	ld_log_summary_clear(&s);
	return 0;
}
