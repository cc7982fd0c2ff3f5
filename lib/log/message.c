// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a kernel message says about lockdown. Parsing goes from both ends:
 * the fixed prefix ("Lockdown: ") and suffix (" is restricted; see man
 * kernel_lockdown.7") are the kernel's; in between is "COMM: REASON", and
 * COMM is anything a process chose to call itself, so the reason is found
 * by matching the known reason texts against the end, never by splitting
 * on the first ": ".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lockdown/logscan.h"
#include "lockdown/reasons.h"

#define PREFIX "Lockdown: "
#define MOD_REJECTED "Loading of unsigned module is rejected"
#define MOD_UNSIGNED "module verification failed: signature and/or required key missing"

static const char *const suffixes[] = {
	" is restricted; see man kernel_lockdown.7", /* the kernel's (5.4+) */
	" is restricted, see man kernel_lockdown.7", /* as the man page quotes it */
	" is restricted",                            /* pre-5.4 distribution patches */
};

static bool starts(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && memcmp(s, p, n) == 0;
}

static bool ends(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && memcmp(s + len - n, p, n) == 0;
}

static void copy(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static enum ld_logmsg_kind denial(const char *msg, size_t len, struct ld_logmsg *m)
{
	const char *mid = msg + strlen(PREFIX);
	size_t n = 0, at = 0;
	bool found = false;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]) && !found; i++)
		/* prefix and suffix may not overlap ("Lockdown: is restricted") */
		if (len >= strlen(PREFIX) + strlen(suffixes[i]) && ends(msg, len, suffixes[i])) {
			n = len - strlen(PREFIX) - strlen(suffixes[i]);
			found = true;
		}
	if (!found)
		return LD_LOGMSG_NONE;
	m->kind = LD_LOGMSG_DENIAL;
	m->enumerator = ld_reason_match_text(mid, n, true, &at);
	if (m->enumerator) {
		copy(m->what, sizeof(m->what), mid + at, n - at);
		/* "COMM: REASON" or, in the oldest form, just "REASON" */
		copy(m->comm, sizeof(m->comm), mid, at >= 2 ? at - 2 : 0);
	} else {
		/* an unknown reason text: the kernel's form still has the comm first */
		const char *sep = memmem(mid, n, ": ", 2);

		if (sep) {
			copy(m->comm, sizeof(m->comm), mid, (size_t)(sep - mid));
			copy(m->what, sizeof(m->what), sep + 2, n - (size_t)(sep + 2 - mid));
		} else
			copy(m->what, sizeof(m->what), mid, n);
	}
	return m->kind;
}

enum ld_logmsg_kind ld_logmsg_classify(const char *msg, size_t len, struct ld_logmsg *ret)
{
	struct ld_logmsg m = { .kind = LD_LOGMSG_NONE };
	const char *p;

	while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (starts(msg, len, PREFIX))
		denial(msg, len, &m);
	else if (starts(msg, len, "Kernel is locked down from ") &&
		 ends(msg, len, "; see man kernel_lockdown.7")) {
		size_t a = strlen("Kernel is locked down from ");

		m.kind = LD_LOGMSG_RAISE;
		copy(m.what, sizeof(m.what), msg + a, len - a - strlen("; see man kernel_lockdown.7"));
	} else if (starts(msg, len, "lockdown_is_locked_down: ") &&
		   ends(msg, len, " callbacks suppressed")) {
		char num[24];
		size_t a = strlen("lockdown_is_locked_down: ");
		char *end;

		copy(num, sizeof(num), msg + a, len - a - strlen(" callbacks suppressed"));
		m.suppressed = strtoul(num, &end, 10);
		if (*num && *end == '\0')
			m.kind = LD_LOGMSG_SUPPRESSED;
	} else if ((p = memmem(msg, len, MOD_REJECTED, strlen(MOD_REJECTED))) != NULL) {
		m.kind = LD_LOGMSG_MODULE_REJECTED;
		m.enumerator = "LOCKDOWN_MODULE_SIGNATURE";
	} else if ((p = memmem(msg, len, MOD_UNSIGNED, strlen(MOD_UNSIGNED))) != NULL) {
		m.kind = LD_LOGMSG_MODULE_UNSIGNED;
		m.enumerator = "LOCKDOWN_MODULE_SIGNATURE";
		/* "NAME: module verification failed: ...": the module's name */
		if (p - msg >= 2 && p[-2] == ':')
			copy(m.comm, sizeof(m.comm), msg, (size_t)(p - 2 - msg));
	}
	*ret = m;
	return m.kind;
}
