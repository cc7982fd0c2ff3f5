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

#include "lockdown/kmsg.h"
#include "lockdown/logscan.h"

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

/* "[    1.234567] " -> microseconds; "[Sat Nov 28 12:00:00 2026] " -> realtime */
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
		char *end;
		double secs = strtod(buf, &end);
		struct tm tm = { 0 };

		if (end != buf && *end == '\0' && strchr(buf, '.') && secs >= 0 && secs < 1e12)
			r->mono_us = (int64_t)(secs * 1e6);
		else if ((end = strptime(buf, "%a %b %d %H:%M:%S %Y", &tm)) && *end == '\0')
			r->realtime_us = us_of(&tm);
		else
			return 0;
	}
	n = (size_t)(close - s) + 1;
	return n < len && s[n] == ' ' ? n + 1 : n;
}

/* "Nov 28 12:00:00 host TAG: " or "2026-11-28T12:00:00.123456+00:00 host TAG: " */
static bool syslog_prefix(const char *s, size_t len, struct ld_logline *r, size_t *ret_skip,
			  bool *ret_kernel)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	const char *p = s, *end = s + len, *host, *tag, *colon;
	char buf[40];

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
			return false;
		p = s + 16;
	} else if (len > 20 && digits(s, 4) && s[4] == '-' && s[10] == 'T') {
		const char *sp = memchr(s, ' ', len);

		if (!sp || sp - s > 39)
			return false;
		memcpy(buf, s, 19);
		buf[19] = '\0';
		if (!strptime(buf, "%Y-%m-%dT%H:%M:%S", &tm))
			return false;
		r->realtime_us = us_of(&tm);
		p = sp + 1;
	} else
		return false;
	host = p;
	tag = memchr(host, ' ', (size_t)(end - host));
	if (!tag)
		return false;
	tag++;
	colon = memchr(tag, ':', (size_t)(end - tag));
	if (!colon || colon + 1 >= end || colon[1] != ' ')
		return false;
	*ret_kernel = colon - tag == 6 && memcmp(tag, "kernel", 6) == 0;
	*ret_skip = (size_t)(colon + 2 - s);
	return true;
}

static bool json_line(const char *line, size_t len, struct ld_logline *r)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *v;
	bool ok = false;

	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, line, (int)(len < 1u << 20 ? len : 1u << 20));
	json_tokener_free(tok);
	if (!o || !json_object_is_type(o, json_type_object))
		goto out;
	if (!json_object_object_get_ex(o, "MESSAGE", &v) || !json_object_is_type(v, json_type_string))
		goto out;
	/* the message lives in json-c's object: copy it into the line's own buffer */
	snprintf(r->text, sizeof(r->text), "%s", json_object_get_string(v));
	r->msg = r->text;
	r->msg_len = strlen(r->text);
	r->from_kernel = json_object_object_get_ex(o, "_TRANSPORT", &v) &&
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

bool ld_logline_parse(const char *line, size_t len, struct ld_logline *r)
{
	struct ld_kmsg_record rec;
	size_t skip = 0;
	bool kernel;

	*r = (struct ld_logline){ .mono_us = -1, .realtime_us = -1 };
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len && line[0] == '{')
		return json_line(line, len, r);
	if (len && isdigit((unsigned char)line[0]) && ld_kmsg_parse_record(line, len, &rec) == 0) {
		r->msg = rec.msg;
		r->msg_len = rec.msg_len;
		r->from_kernel = rec.facility == 0;
		r->mono_us = (int64_t)rec.usec;
		r->pid = rec.caller_pid;
		return true;
	}
	if (syslog_prefix(line, len, r, &skip, &kernel)) {
		if (!kernel)
			return false; /* another program's line: whatever it says */
		line += skip;
		len -= skip;
		/* kern.log keeps the kernel's own [timestamp] too */
		skip = dmesg_stamp(line, len, r);
		r->msg = line + skip;
		r->msg_len = len - skip;
		r->from_kernel = true;
		return true;
	}
	skip = dmesg_stamp(line, len, r);
	r->msg = line + skip;
	r->msg_len = len - skip;
	r->from_kernel = true; /* dmesg prints the kernel's buffer (facility unknown: unverified) */
	return true;
}
