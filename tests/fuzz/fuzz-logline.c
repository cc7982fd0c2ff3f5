// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz-options: -max_len=8192 -dict=@FUZZDIR@/dict/logline.dict */
/* fuzz-cflags: -fno-sanitize-coverage=trace-cmp */
/*
 * Fuzz log's line parser (every text format: dmesg with every stamp and -x,
 * syslog and journalctl short forms, JSON, kmsg), its classifier, the
 * summary and the scanners.
 */
#include <string.h>

#include "fuzz.h"
#include "lockdown/log.h"
#include "log/logscanner.h"

static int on_line(const char *line, size_t len, void *userdata)
{
	struct ld_log_summary *s = userdata;
	struct ld_logline l;
	struct ld_logmsg m;

	if (ld_logline_parse(line, len, &l)) {
		ld_logmsg_classify(l.msg, l.msg_len, &m);
		(void)ld_logmsg_looks_lockdown(l.msg, l.msg_len);
		if (ld_log_summary_add(s, &l, &m) < 0)
			return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ld_log_scanner *engines[2];
	struct ld_log_summary s;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	for (int i = 0; i < 2; i++)
		if (!engines[i] && ld_log_scanner_new(i == 1, &engines[i]) < 0)
			return 0;
	/* one engine an input, chosen by the size's parity (no byte of a real log is taken
	 * for it): each run half the work, and both engines are explored */
	ld_log_summary_init(&s);
	(void)ld_log_scanner_scan(engines[size & 1], (const char *)data, size, on_line, &s);
	for (size_t r = 0; r < s.n; r++)
		(void)ld_log_advice_for(s.reasons[r].enumerator);
	ld_log_summary_clear(&s);
	return 0;
}
