// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a kernel message says about lockdown. Parsing goes from both ends:
 * the fixed prefix ("Lockdown: ") and suffix (" is restricted", then the
 * man page, Debian's wiki or no pointer at all) are the kernel's; in between is "COMM: REASON", and
 * COMM is anything a process chose to call itself, so the reason is found
 * by matching the known reason texts against the end, never by splitting
 * on the first ": ".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kmsg.h"
#include "lockdown/log.h"
#include "lockdown/reasons.h"

#define PREFIX "Lockdown: "
#define RESTRICTED " is restricted"
#define MOD_UNSIGNED "module verification failed: signature and/or required key missing"

/*
 * What follows " is restricted": the kernel's pointer (5.4+ and the 2017-2019
 * patch sets), the man page's comma, Debian 10/11's wiki, or nothing (the
 * oldest patches). Any other "; see ..." pointer is taken too, after these.
 */
static const char *const tails[] = {
	"; see man kernel_lockdown.7",
	", see man kernel_lockdown.7",
	"; see https://wiki.debian.org/SecureBoot",
	"",
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

/* "; see X" or ", see X" with X not empty: a pointer to documentation */
static bool pointer_tail(const char *t, size_t n)
{
	return n > 6 && (memcmp(t, "; see ", 6) == 0 || memcmp(t, ", see ", 6) == 0);
}

/* The length of "COMM: REASON" in body (after the prefix), or -1. */
static long restricted_span(const char *body, size_t blen)
{
	size_t r = strlen(RESTRICTED);

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t t = strlen(tails[i]);

		/* the prefix and the suffix may not overlap ("Lockdown: is restricted") */
		if (blen >= r + t && ends(body, blen, tails[i]) &&
		    memcmp(body + blen - t - r, RESTRICTED, r) == 0)
			return (long)(blen - t - r);
	}
	/* another distribution's pointer: the last " is restricted" followed by one */
	for (size_t at = blen >= r ? blen - r + 1 : 0; at-- > 0;)
		if (memcmp(body + at, RESTRICTED, r) == 0 &&
		    pointer_tail(body + at + r, blen - at - r))
			return (long)at;
	return -1;
}

static enum ld_logmsg_kind denial(const char *msg, size_t len, struct ld_logmsg *m)
{
	const char *mid = msg + strlen(PREFIX);
	long span = restricted_span(mid, len - strlen(PREFIX));
	size_t n, at = 0;

	if (span < 0)
		return LD_LOGMSG_NONE;
	n = (size_t)span;
	m->kind = LD_LOGMSG_DENIAL;
	m->enumerator = ld_log_match_reason(mid, n, &at);
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

/* "Loading of WHAT is rejected" (kernel/module signing, every version since 4.x) */
static bool module_rejected(const char *msg, size_t len, struct ld_logmsg *m)
{
	static const char head[] = "Loading of ", tail[] = " is rejected";
	const char *p = memmem(msg, len, head, sizeof(head) - 1);
	size_t rest;

	if (!p || !ends(msg, len, tail))
		return false;
	p += sizeof(head) - 1;
	rest = (size_t)(msg + len - p);
	if (rest <= sizeof(tail) - 1 || !memmem(p, rest - (sizeof(tail) - 1), "module", 6))
		return false;
	m->kind = LD_LOGMSG_MODULE_REJECTED;
	m->enumerator = "LOCKDOWN_MODULE_SIGNATURE";
	copy(m->what, sizeof(m->what), p, rest - (sizeof(tail) - 1));
	return true;
}

static const char *const sig_failures[] = {
	"Request for unknown module key '",               /* module_signing.c, 3.7-4.x */
	"Module is not signed with expected PKCS#7 message", /* 4.3+, name-prefixed in 5.x */
};

bool ld_logmsg_looks_lockdown(const char *msg, size_t len)
{
	static const char *const marks[] = {
		"Lockdown: ", "Kernel is locked down from", "lockdown_is_locked_down",
		"module verification failed", " is rejected",
	};
	/* marks[4] counts only with "Loading of " before it */

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (memmem(msg, len, marks[i], strlen(marks[i])))
			return i != 4 || memmem(msg, len, "Loading of ", 11);
	return false;
}

enum ld_logmsg_kind ld_logmsg_classify(const char *msg, size_t len, struct ld_logmsg *ret)
{
	struct ld_logmsg m = { .kind = LD_LOGMSG_NONE };
	const char *p, *src;
	size_t srclen;

	while (len && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
		len--;
	if (starts(msg, len, PREFIX))
		denial(msg, len, &m);
	else if (ld_kmsg_lockdown_raise(msg, len, &src, &srclen)) {
		m.kind = LD_LOGMSG_RAISE;
		copy(m.what, sizeof(m.what), src, srclen);
	} else if (starts(msg, len, "lockdown_is_locked_down: ") &&
		   ends(msg, len, " callbacks suppressed")) {
		char num[24];
		size_t a = strlen("lockdown_is_locked_down: ");
		char *end;

		if (len < a + strlen(" callbacks suppressed"))
			goto out;
		copy(num, sizeof(num), msg + a, len - a - strlen(" callbacks suppressed"));
		m.suppressed = strtoul(num, &end, 10);
		if (*num >= '0' && *num <= '9' && *end == '\0')
			m.kind = LD_LOGMSG_SUPPRESSED;
	} else if (len == 16 && memcmp(msg, "Lifting lockdown", 16) == 0) {
		/* arch/x86/kernel/setup.c's SysRq+x handler in the 2017-2019 patch sets */
		m.kind = LD_LOGMSG_LIFT;
	} else if (module_rejected(msg, len, &m)) {
		/* done */
	} else if ((p = memmem(msg, len, MOD_UNSIGNED, strlen(MOD_UNSIGNED))) != NULL) {
		m.kind = LD_LOGMSG_MODULE_UNSIGNED;
		m.enumerator = "LOCKDOWN_MODULE_SIGNATURE";
		/* "NAME: module verification failed: ...": the module's name */
		if (p - msg >= 2 && p[-2] == ':')
			copy(m.comm, sizeof(m.comm), msg, (size_t)(p - 2 - msg));
	} else {
		for (size_t i = 0; i < sizeof(sig_failures) / sizeof(sig_failures[0]); i++)
			if ((p = memmem(msg, len, sig_failures[i], strlen(sig_failures[i]))) != NULL) {
				m.kind = LD_LOGMSG_MODULE_SIG;
				m.enumerator = "LOCKDOWN_MODULE_SIGNATURE";
				copy(m.what, sizeof(m.what), p, (size_t)(msg + len - p));
				break;
			}
	}
out:
	*ret = m;
	return m.kind;
}

const char *ld_logmsg_kind_to_string(enum ld_logmsg_kind kind)
{
	switch (kind) {
	case LD_LOGMSG_DENIAL:
		return "denial";
	case LD_LOGMSG_RAISE:
		return "raise";
	case LD_LOGMSG_LIFT:
		return "lift";
	case LD_LOGMSG_SUPPRESSED:
		return "suppressed";
	default:
		return "module";
	}
}
