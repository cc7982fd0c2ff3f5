// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Read back what `trace --json` or `trace --output FILE` wrote: one JSON
 * object per line. "check" objects are events; the closing "summary" object
 * carries what BPF could not record. Lines of other types are skipped, so
 * later versions may add some. Strict otherwise: a line that is not an
 * object, or a check without its required members, is an error at file:line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "infile.h"
#include "lockdown/trace.h"

static bool get_u64(struct json_object *o, const char *key, bool required, uint64_t max,
		    uint64_t *ret)
{
	struct json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v))
		return !required;
	if (!json_object_is_type(v, json_type_int))
		return false;
	errno = 0;
	n = json_object_get_int64(v);
	if (errno || n < 0 || (uint64_t)n > max)
		return false;
	*ret = (uint64_t)n;
	return true;
}

/* NULL when absent; false when present but not a string. */
static bool get_str(struct json_object *o, const char *key, const char **ret)
{
	struct json_object *v;

	*ret = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return true;
	if (!json_object_is_type(v, json_type_string))
		return false;
	*ret = json_object_get_string(v);
	return true;
}

static int parse_check(struct json_object *o, struct ld_trace_event *ev)
{
	uint64_t realtime_us = 0, pid = 0, tgid = 0, uid = 0, cgroup = 0, ret = 0;
	const char *comm, *enumerator, *level, *context, *exe, *cmdline;
	struct json_object *value;
	int64_t v;

	if (!get_u64(o, "realtime_us", true, UINT64_MAX / 1000, &realtime_us) ||
	    !get_u64(o, "pid", true, UINT32_MAX, &pid) || !get_u64(o, "tgid", true, UINT32_MAX, &tgid) ||
	    !get_u64(o, "uid", false, UINT32_MAX, &uid) ||
	    !get_u64(o, "cgroup_id", false, UINT64_MAX, &cgroup))
		return -EBADMSG;
	if (!json_object_object_get_ex(o, "value", &value) ||
	    !json_object_is_type(value, json_type_int))
		return -EBADMSG;
	v = json_object_get_int64(value);
	if (!json_object_object_get_ex(o, "ret", &value) || !json_object_is_type(value, json_type_int))
		return -EBADMSG;
	ret = (uint64_t)json_object_get_int64(value);
	if ((int64_t)ret < INT32_MIN || (int64_t)ret > INT32_MAX)
		return -EBADMSG;
	if (!get_str(o, "comm", &comm) || !get_str(o, "enumerator", &enumerator) ||
	    !get_str(o, "level", &level) || !get_str(o, "context", &context) ||
	    !get_str(o, "exe", &exe) || !get_str(o, "cmdline", &cmdline))
		return -EBADMSG;

	memset(ev, 0, sizeof(*ev));
	ev->time_ns = realtime_us * 1000;
	ev->pid = (uint32_t)pid;
	ev->tgid = (uint32_t)tgid;
	ev->uid = (uint32_t)uid;
	ev->cgroup_id = cgroup;
	ev->value = v;
	ev->ret = (int32_t)(int64_t)ret;
	snprintf(ev->comm, sizeof(ev->comm), "%s", comm ? comm : "");
	snprintf(ev->enumerator, sizeof(ev->enumerator), "%s", enumerator ? enumerator : "");
	ld_trace_reason_name(ev->enumerator, ev->value, ev->name, sizeof(ev->name));
	ev->level = _LD_LEVEL_INVALID;
	if (level && ld_level_from_string(level, &ev->level) < 0)
		return -EBADMSG;
	ev->context = LD_TRACE_PROCESS;
	if (context && ld_trace_context_from_string(context, &ev->context) < 0)
		return -EBADMSG;
	if ((exe && !(ev->exe = strdup(exe))) || (cmdline && !(ev->cmdline = strdup(cmdline)))) {
		ld_trace_event_clear(ev);
		return -ENOMEM;
	}
	return 0;
}

static int parse_summary(struct json_object *o, struct ld_event_file_totals *t)
{
	struct json_object *lost;

	if (!json_object_object_get_ex(o, "lost", &lost) || !json_object_is_type(lost, json_type_object))
		return -EBADMSG;
	if (!get_u64(lost, "checks", true, UINT64_MAX, &t->lost_checks) ||
	    !get_u64(lost, "execs", true, UINT64_MAX, &t->lost_execs) ||
	    !get_u64(lost, "follows", true, UINT64_MAX, &t->lost_follows))
		return -EBADMSG;
	t->present = true;
	return 0;
}

static int parse_line(const char *line, size_t len, ld_event_fn fn, void *userdata,
		      struct ld_event_file_totals *totals)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *type;
	struct ld_trace_event ev;
	const char *t;
	int err;

	if (!tok)
		return -ENOMEM;
	o = json_tokener_parse_ex(tok, line, (int)len);
	err = o && json_tokener_get_parse_end(tok) == len ? 0 : -EBADMSG;
	json_tokener_free(tok);
	if (err == 0 && (!json_object_is_type(o, json_type_object) ||
			 !json_object_object_get_ex(o, "type", &type) ||
			 !json_object_is_type(type, json_type_string)))
		err = -EBADMSG;
	if (err < 0) {
		json_object_put(o);
		return err;
	}
	t = json_object_get_string(type);
	if (strcmp(t, "check") == 0) {
		err = parse_check(o, &ev);
		if (err == 0) {
			err = fn(&ev, userdata);
			ld_trace_event_clear(&ev);
		}
	} else if (strcmp(t, "summary") == 0) {
		err = parse_summary(o, totals);
	}
	json_object_put(o);
	return err;
}

static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

int ld_event_file_parse(const char *data, size_t size, ld_event_fn fn, void *userdata,
			struct ld_event_file_totals *totals, struct ld_where *where)
{
	struct ld_event_file_totals t = { 0 };
	size_t lineno = 0;

	for (size_t off = 0; off < size;) {
		const char *nl = memchr(data + off, '\n', size - off);
		size_t len = nl ? (size_t)(nl - (data + off)) : size - off;
		int err;

		lineno++;
		/* blank lines are fine; a line longer than 1 MiB is not an event */
		if (len > (1u << 20))
			err = -EBADMSG;
		else if (blank(data + off, len))
			err = 0;
		else
			err = parse_line(data + off, len, fn, userdata, &t);
		if (err < 0) {
			if (where)
				where->line = lineno;
			return err;
		}
		off += len + (nl != NULL);
	}
	if (totals)
		*totals = t;
	return 0;
}

/* An event file, or standard input: never a FIFO or a device that would block or never end. */
int ld_event_file_read(const char *path, char **ret, size_t *ret_len, const char **ret_what)
{
	int fd = ld_open_input(path, 0, NULL, ret_what);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0)
		return fd;
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		size_t n;

		if (cap - len < 65536) {
			char *more = realloc(buf, cap = cap ? cap * 2 : 131072);

			if (!more) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = more;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[len] = '\0';
	*ret = buf;
	*ret_len = len;
	return 0;
}

void ld_trace_format_time(char *buf, size_t size, uint64_t ns, bool clock)
{
	time_t sec = (time_t)(ns / 1000000000u);
	struct tm tm;

	if (clock) {
		localtime_r(&sec, &tm);
		snprintf(buf, size, "%02d:%02d:%02d.%03u", tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (unsigned)(ns % 1000000000u / 1000000));
		return;
	}
	gmtime_r(&sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)(ns % 1000000000u / 1000));
}
