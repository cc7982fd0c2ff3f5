// SPDX-License-Identifier: GPL-2.0-or-later
/* enforce's output: the policy (table or JSON) and the refusals it records. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <libsmartcols.h>

#include "enforce-render.h"
#include "lockdown/reasons.h"
#include "output.h"

static const char *const tamper_words[LD_ENFORCE_TAMPER_MAX] = {
	[LD_ENFORCE_TAMPER_MAP] = "map_write",   [LD_ENFORCE_TAMPER_PROG] = "program_fd",
	[LD_ENFORCE_TAMPER_LINK] = "link_fd",    [LD_ENFORCE_TAMPER_LOAD] = "program_load",
	[LD_ENFORCE_TAMPER_PIN] = "unpin",       [LD_ENFORCE_TAMPER_UMOUNT] = "umount",
	[LD_ENFORCE_TAMPER_SWITCH] = "ftrace_switch",
};

static void exempt_reasons(const struct ld_enforce_view_exempt *e, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < e->n_reasons; i++)
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? " " : "",
						e->reasons[i]);
}

static struct json_object *threats_json(const struct ld_enforce_view *v)
{
	struct json_object *a = json_object_new_array();

	for (size_t i = 0; i < v->n_threats; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_string(v->threats[i].id));
		json_object_object_add(o, "class", json_object_new_string(v->threats[i].what));
		json_object_object_add(o, "status",
				       json_object_new_string(ld_threat_status_to_string(v->threats[i].status)));
		json_object_array_add(a, o);
	}
	return a;
}

/* The classes the seal does not close (yet), after prefix, on one line (docs/threat-model.md). */
static void print_not_closed(FILE *out, const char *prefix, const struct ld_threat *threats,
			     size_t n)
{
	size_t open = 0;

	for (size_t i = 0; i < n; i++)
		if (threats[i].status != LD_THREAT_CLOSED)
			fprintf(out, "%s%s (%s)", open++ ? "; " : prefix, threats[i].what,
				ld_threat_status_to_string(threats[i].status));
	if (open)
		fprintf(out, ". See docs/threat-model.md.\n");
	else
		fprintf(out, "No class of docs/threat-model.md is open for this policy.\n");
}

int enforce_print_text(const struct ld_enforce_view *v)
{
	struct libscols_table *tb = enforce_reasons_table(v);

	if (!tb)
		return cli_error("out of memory");
	if (v->loaded)
		printf("%s (generation %" PRIu64 "), %s; pinned at %s\n", v->title, v->generation,
		       v->sealed ? "sealed until reboot" : "not sealed", v->pin_dir);
	else
		printf("%s\n", v->title);
	printf("Built-in lockdown: %s. It decides first; enforce only adds refusals.\n\n",
	       ld_level_to_string(v->builtin));
	if (scols_table_get_nlines(tb) == 0)
		printf("The policy refuses nothing.\n");
	else
		scols_print_table(tb);
	scols_unref_table(tb);
	for (size_t i = 0; i < v->n_exempts; i++) {
		const struct ld_enforce_view_exempt *e = &v->exempts[i];
		char reasons[1024];
		char *path = e->cgroup ? text_escape(e->cgroup) : NULL;

		exempt_reasons(e, reasons, sizeof(reasons));
		printf("%sExempt: cgroup %s (id %" PRIu64 ") and below: %s\n", i ? "" : "\n",
		       path ? path : "(not found)", (uint64_t)e->cgroup_id, reasons);
		free(path);
	}
	if (v->loaded && v->sealed) {
		uint64_t total = 0;

		for (int k = 0; k < LD_ENFORCE_TAMPER_MAX; k++)
			total += v->tamper[k];
		printf("\nSeal: %" PRIu64 " attempt%s to weaken the policy refused", total,
		       total == 1 ? "" : "s");
		for (int k = 0; k < LD_ENFORCE_TAMPER_MAX; k++)
			if (tamper_words[k] && v->tamper[k])
				printf("%s %s %" PRIu64, k ? "," : ":", tamper_words[k],
				       v->tamper[k]);
		printf(".\n");
		print_not_closed(stdout, "Not closed by the seal: ", v->threats, v->n_threats);
	}
	return EXIT_OK;
}

int enforce_print_json(const struct ld_enforce_view *v, enum json_mode mode)
{
	struct json_object *doc = json_document_new(), *exempts = json_object_new_array();
	int ret;

	json_object_object_add(doc, "pin_dir", json_string_safe(v->pin_dir));
	json_object_object_add(doc, "loaded", json_object_new_boolean(v->loaded));
	json_object_object_add(doc, "builtin_level",
			       json_object_new_string(ld_level_to_string(v->builtin)));
	if (v->loaded) {
		struct json_object *t = json_object_new_object();

		json_object_object_add(doc, "sealed", json_object_new_boolean(v->sealed));
		json_object_object_add(doc, "generation", json_object_new_uint64(v->generation));
		for (int k = 0; k < LD_ENFORCE_TAMPER_MAX; k++)
			if (tamper_words[k])
				json_object_object_add(t, tamper_words[k],
						       json_object_new_uint64(v->tamper[k]));
		json_object_object_add(doc, "tamper_refused", t);
		json_object_object_add(doc, "seal_threats", threats_json(v));
	}
	json_object_object_add(doc, "reasons", enforce_reasons_json(v));
	for (size_t i = 0; i < v->n_exempts; i++) {
		const struct ld_enforce_view_exempt *e = &v->exempts[i];
		struct json_object *o = json_object_new_object(), *names = json_object_new_array();

		json_object_object_add(o, "cgroup", e->cgroup ? json_string_safe(e->cgroup) : NULL);
		json_object_object_add(o, "cgroup_id", json_object_new_uint64(e->cgroup_id));
		for (size_t j = 0; j < e->n_reasons; j++)
			json_object_array_add(names, json_string_safe(e->reasons[j]));
		json_object_object_add(o, "reasons", names);
		json_object_array_add(exempts, o);
	}
	json_object_object_add(doc, "exempt", exempts);
	ret = json_print(doc, mode);
	json_object_put(doc);
	return ret;
}

void enforce_print_record(const struct ld_trace_record *rec, const struct ld_reason *r,
			  int64_t realtime_offset_ns, bool json)
{
	const char *verdict = rec->flags & LD_TRACE_F_PERMISSIVE ? "permissive" : "refused";
	uint64_t ns = (uint64_t)((int64_t)rec->mono_ns + realtime_offset_ns);

	if (json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "time_ns", json_object_new_uint64(ns));
		json_object_object_add(o, "pid", json_object_new_int64(rec->pid));
		json_object_object_add(o, "tgid", json_object_new_int64(rec->tgid));
		json_object_object_add(o, "uid", json_object_new_int64(rec->uid));
		json_object_object_add(o, "cgroup_id", json_object_new_uint64(rec->cgroup_id));
		json_object_object_add(o, "comm", json_string_safe(rec->comm));
		json_object_object_add(o, "reason", r ? json_string_safe(r->name) : NULL);
		json_object_object_add(o, "reason_number", json_object_new_int64(rec->reason));
		json_object_object_add(o, "verdict", json_object_new_string(verdict));
		printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		char *comm = text_escape(rec->comm), when[32];
		time_t t = (time_t)(ns / 1000000000u);
		struct tm tm;

		strftime(when, sizeof(when), "%H:%M:%S", localtime_r(&t, &tm));
		/* the kernel's own form is "Lockdown: comm: what is restricted" */
		printf("%s lockdownctl: %s[%u]: %s is restricted%s (reason %s, uid %u, cgroup %" PRIu64
		       ")\n",
		       when, comm ? comm : "?", rec->tgid,
		       r && r->description ? r->description : CLI_UNKNOWN,
		       rec->flags & LD_TRACE_F_PERMISSIVE ? "; allowed: permissive" : "",
		       r ? r->name : CLI_UNKNOWN, rec->uid, (uint64_t)rec->cgroup_id);
		free(comm);
	}
	fflush(stdout);
}

void enforce_print_sealed(const struct ld_threat *threats, size_t n)
{
	fprintf(stderr, "Policy sealed until reboot: lockdownctl and the guards refuse to remove or "
			"weaken it.\n");
	print_not_closed(stderr, "Not yet against root: ", threats, n);
}
