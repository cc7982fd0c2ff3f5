// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Lines of the text forms a kernel log is kept in: dmesg (with or without
 * timestamps, or -T), syslog and `journalctl -k` (short or ISO timestamps,
 * "kernel:" tag), `journalctl -o json`, and /dev/kmsg records. Each is
 * reduced to the kernel's message and what the line says about its origin.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "kmsg.h"
#include "lockdown/log.h"

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* UTC broken-down time to microseconds; -1 beyond year 9999 or before 1970 */
static int64_t us_of(struct tm *tm)
{
	time_t t = timegm(tm);

	return t < 0 || t > 253402300799 ? -1 : (int64_t)t * 1000000;
}

/*
 * "[    1.234567] " -> monotonic; "[Sat Nov 28 12:00:00 2026] " (dmesg -T) ->
 * realtime; "[  +0.000035] " and "[Nov28 12:00] " (dmesg -H, --reltime) carry
 * no usable time but are skipped all the same.
 */
static size_t dmesg_stamp(const char *s, size_t len, struct ld_logline *r)
{
	const char *close = len && s[0] == '[' ? memchr(s, ']', len < 64 ? len : 64) : NULL;
	char buf[64];
	size_t n;

	if (!close)
		return 0;
	n = (size_t)(close - s - 1);
	memcpy(buf, s + 1, n);
	buf[n] = '\0';
	{
		char *end, *p = buf;
		double secs;
		struct tm tm = { 0 };

		while (*p == ' ')
			p++;
		secs = strtod(p, &end);
		if (*p == '+' && end != p && *end == '\0')
			; /* a delta to the line before */
		else if (end != p && *end == '\0' && strchr(p, '.') && secs >= 0 && secs < 1e12)
			r->mono_us = (int64_t)(secs * 1e6);
		else if ((end = strptime(buf, "%a %b %d %H:%M:%S %Y", &tm)) && *end == '\0')
			r->realtime_us = us_of(&tm);
		else if ((end = strptime(buf, "%b%d %H:%M", &tm)) && *end == '\0')
			; /* dmesg -H: the year is not given */
		else
			return 0;
	}
	n = (size_t)(close - s) + 1;
	return n < len && s[n] == ' ' ? n + 1 : n;
}

/* "kern  :notice: " (dmesg -x): the facility decides who wrote the line */
static size_t dmesg_x_prefix(const char *s, size_t len, bool *ret_kernel)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err", "warn", "notice",
					      "info", "debug" };
	const char *c1 = memchr(s, ':', len < 12 ? len : 12), *c2, *p;
	size_t flen = 0;

	if (!c1)
		return 0;
	while (flen < (size_t)(c1 - s) && islower((unsigned char)s[flen]))
		flen++;
	if (flen == 0)
		return 0;
	for (p = s + flen; p < c1; p++)
		if (*p != ' ')
			return 0;
	c2 = memchr(c1 + 1, ':', (size_t)(s + len - c1 - 1) < 10 ? (size_t)(s + len - c1 - 1) : 10);
	if (!c2)
		return 0;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		size_t l = strlen(levels[i]);

		if ((size_t)(c2 - c1 - 1) >= l && memcmp(c1 + 1, levels[i], l) == 0) {
			for (p = c1 + 1 + l; p < c2; p++)
				if (*p != ' ')
					return 0;
			*ret_kernel = flen == 4 && memcmp(s, "kern", 4) == 0;
			p = c2 + 1;
			while (p < s + len && *p == ' ')
				p++;
			return (size_t)(p - s);
		}
	}
	return 0;
}

/*
 * "kernel: " or "HOST kernel: " at s: the tag of a line journalctl
 * --no-hostname, short-monotonic or a trimmed syslog paste gives.
 */
static size_t kernel_tag(const char *s, size_t len)
{
	const char *sp;

	if (len >= 8 && memcmp(s, "kernel: ", 8) == 0)
		return 8;
	sp = memchr(s, ' ', len < 256 ? len : 256);
	if (!sp || sp == s || memchr(s, ':', (size_t)(sp - s)) || memchr(s, '[', (size_t)(sp - s)))
		return 0;
	if ((size_t)(s + len - sp) > 8 && memcmp(sp + 1, "kernel: ", 8) == 0)
		return (size_t)(sp + 1 - s) + 8;
	return 0;
}

/*
 * The timestamp of a syslog or journalctl line: "Mon DD HH:MM:SS[.usec] ",
 * "YYYY-MM-DDTHH:MM:SS[.usec]ZONE " (rsyslog, short-iso[-precise]) or
 * "Www YYYY-MM-DD HH:MM:SS ZONE " (short-full). 0 when none.
 */
static size_t syslog_stamp(const char *s, size_t len, struct ld_logline *r, bool *ret_dmesg_iso)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	char buf[40];
	size_t n;

	*ret_dmesg_iso = false;
	if (len > 16 && s[3] == ' ' && s[6] == ' ' && s[9] == ':' && s[12] == ':' &&
	    strstr(months, (char[]){ s[0], s[1], s[2], 0 })) {
		/*
		 * syslog's short form has no year: guessing one would date last
		 * December's lines in the future. Such lines keep the kernel's own
		 * [timestamp] if they have one, and are not filtered by --since.
		 */
		memcpy(buf, s, 15);
		buf[15] = '\0';
		if (!strptime(buf, "%b %d %H:%M:%S", &tm))
			return 0;
		n = 15;
		if (s[n] == '.') /* short-precise */
			for (n++; n < len && isdigit((unsigned char)s[n]); n++)
				;
		return n < len && s[n] == ' ' ? n + 1 : 0;
	}
	if (len > 20 && digits(s, 4) && s[4] == '-' && s[10] == 'T') {
		const char *sp = memchr(s, ' ', len);

		if (!sp || sp - s > 39)
			return 0;
		memcpy(buf, s, 19);
		buf[19] = '\0';
		if (!strptime(buf, "%Y-%m-%dT%H:%M:%S", &tm))
			return 0;
		/* dmesg --time-format=iso writes a comma before the microseconds, syslog a dot */
		*ret_dmesg_iso = s[19] == ',';
		r->realtime_us = us_of(&tm);
		return (size_t)(sp - s) + 1;
	}
	if (len > 28 && s[3] == ' ' && digits(s + 4, 4) && s[8] == '-' && s[14] == ' ' &&
	    s[17] == ':' && s[20] == ':' && s[23] == ' ') {
		const char *sp = memchr(s + 24, ' ', len - 24);

		memcpy(buf, s + 4, 19);
		buf[19] = '\0';
		if (!sp || sp - s > 40 || !strptime(buf, "%Y-%m-%d %H:%M:%S", &tm))
			return 0;
		/* short-full: the zone is local time's name; only UTC can be trusted here */
		if (sp - s == 27 && memcmp(s + 24, "UTC", 3) == 0)
			r->realtime_us = us_of(&tm);
		return (size_t)(sp - s) + 1;
	}
	return 0;
}

/* After a syslog timestamp: "HOST TAG: " or "TAG: " (no host). */
static bool syslog_tag(const char *s, size_t len, size_t *ret_skip, bool *ret_kernel)
{
	const char *sp = memchr(s, ' ', len), *tag = s, *colon;

	if (!sp)
		return false;
	/* metalog: "[kernel] " */
	if (sp - s == 8 && memcmp(s, "[kernel]", 8) == 0) {
		*ret_kernel = true;
		*ret_skip = 9;
		return true;
	}
	/* the first word is the tag when it ends in ':' (journalctl --no-hostname) */
	if (sp == s || sp[-1] != ':')
		tag = sp + 1;
	colon = memchr(tag, ':', (size_t)(s + len - tag));
	if (!colon || colon + 1 >= s + len || colon[1] != ' ')
		return false;
	*ret_kernel = (colon - tag == 6 && memcmp(tag, "kernel", 6) == 0);
	*ret_skip = (size_t)(colon + 2 - s);
	return true;
}

static bool json_message(struct json_object *v, struct ld_logline *r)
{
	size_t n = 0;

	if (json_object_is_type(v, json_type_string)) {
		/* the message lives in json-c's object: copy it into the line's own buffer */
		snprintf(r->text, sizeof(r->text), "%s", json_object_get_string(v));
		n = strlen(r->text);
	} else if (json_object_is_type(v, json_type_array)) {
		/* journalctl writes a message that is not printable UTF-8 as its bytes */
		size_t count = json_object_array_length(v);

		for (size_t i = 0; i < count; i++) {
			struct json_object *b = json_object_array_get_idx(v, i);
			int64_t x;

			if (!json_object_is_type(b, json_type_int))
				return false;
			x = json_object_get_int64(b);
			/* a NUL would cut the message short: not a message we can read */
			if (x <= 0 || x > 255)
				return false;
			if (n < sizeof(r->text) - 1)
				r->text[n++] = (char)x;
		}
		r->text[n] = '\0';
	} else
		return false;
	r->msg = r->text;
	r->msg_len = n;
	return true;
}

bool ld_logline_parse_json(const char *line, size_t len, struct ld_logline *r)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *v;
	bool ok = false;

	*r = (struct ld_logline){ .mono_us = -1, .realtime_us = -1, .format = LD_LOGFMT_JSON };
	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, line, (int)(len < 1u << 20 ? len : 1u << 20));
	json_tokener_free(tok);
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "MESSAGE", &v) || !json_message(v, r)) {
		/* a record, or something meant to be one, that says nothing readable */
		r->unreadable = true;
		goto out;
	}
	r->from_kernel = json_object_object_get_ex(o, "_TRANSPORT", &v) &&
			 json_object_is_type(v, json_type_string) &&
			 strcmp(json_object_get_string(v), "kernel") == 0;
	/* strtoll saturates; negative values mean "unknown" */
	if (json_object_object_get_ex(o, "__REALTIME_TIMESTAMP", &v))
		r->realtime_us = strtoll(json_object_get_string(v), NULL, 10);
	if (json_object_object_get_ex(o, "__MONOTONIC_TIMESTAMP", &v))
		r->mono_us = strtoll(json_object_get_string(v), NULL, 10);
	if (r->realtime_us < 0)
		r->realtime_us = -1;
	if (r->mono_us < 0)
		r->mono_us = -1;
	if (json_object_object_get_ex(o, "_BOOT_ID", &v))
		snprintf(r->boot, sizeof(r->boot), "%s", json_object_get_string(v));
	ok = true;
out:
	json_object_put(o);
	return ok;
}

/* A line that names a program before the kernel's words: "... evil[12]: Lockdown: ..." */
static bool program_tagged(const char *msg, size_t len)
{
	const char *l = memmem(msg, len, "]: Lockdown: ", 13);

	return l && l > msg && memchr(msg, '[', (size_t)(l - msg));
}

bool ld_logline_parse(const char *line, size_t len, struct ld_logline *r)
{
	struct ld_kmsg_record rec;
	size_t skip = 0;
	bool kernel = true, iso;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len && line[0] == '{')
		return ld_logline_parse_json(line, len, r);
	*r = (struct ld_logline){ .mono_us = -1, .realtime_us = -1 };
	if (len && isdigit((unsigned char)line[0]) && ld_kmsg_parse_record(line, len, &rec) == 0) {
		r->format = LD_LOGFMT_KMSG;
		r->msg = rec.msg;
		r->msg_len = rec.msg_len;
		r->from_kernel = rec.facility == 0;
		r->mono_us = (int64_t)rec.usec;
		r->pid = rec.caller_pid;
		return true;
	}
	if ((skip = syslog_stamp(line, len, r, &iso)) > 0) {
		line += skip;
		len -= skip;
		if (iso) {
			r->format = LD_LOGFMT_DMESG; /* dmesg --time-format=iso: the message follows */
			goto message;
		}
		r->format = LD_LOGFMT_SYSLOG;
		if (!syslog_tag(line, len, &skip, &kernel) || !kernel)
			return false; /* another program's line: whatever it says */
		line += skip;
		len -= skip;
		/* kern.log keeps the kernel's own [timestamp] too */
		skip = dmesg_stamp(line, len, r);
		line += skip;
		len -= skip;
		goto message;
	}
	if ((skip = dmesg_x_prefix(line, len, &kernel)) > 0) {
		r->format = LD_LOGFMT_DMESG_X;
		line += skip;
		len -= skip;
		if (!kernel)
			return false; /* written to /dev/kmsg by a program (facility user, daemon...) */
	}
	if ((skip = dmesg_stamp(line, len, r)) > 0) {
		if (r->format == LD_LOGFMT_BARE)
			r->format = LD_LOGFMT_DMESG;
		line += skip;
		len -= skip;
	}
	/* journalctl -o short-monotonic, --no-hostname, or a paste that kept only the tag */
	if ((skip = kernel_tag(line, len)) > 0) {
		r->format = LD_LOGFMT_TAGGED;
		line += skip;
		len -= skip;
	}
message:
	if (program_tagged(line, len))
		return false;
	r->msg = line;
	r->msg_len = len;
	/* dmesg prints the kernel's buffer (facility unknown: unverified) */
	r->from_kernel = true;
	return true;
}
