// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the library works out for the renderers, so they only show it: the
 * edit distance of "did you mean", trace's modes by name, the Prometheus
 * text of a metrics model, what status shows of the command line and the
 * kernel config, a catalogue group's reasons in words, the cells of log's
 * reasons and the kinds of its lines by name, trace's totals and what each
 * level would refuse, its times in words.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lockdown/kconfig.h"
#include "lockdown/log.h"
#include "lockdown/metrics.h"
#include "lockdown/reasons.h"
#include "lockdown/status.h"
#include "lockdown/suggest.h"
#include "lockdown/trace.h"
#include "log/logread.h"

static void test_edit_distance(void **state)
{
	char longer[80];

	(void)state;
	assert_int_equal(0, ld_edit_distance("status", "status"));
	assert_int_equal(1, ld_edit_distance("staus", "status"));    /* a deletion */
	assert_int_equal(1, ld_edit_distance("statuss", "status"));  /* an insertion */
	assert_int_equal(1, ld_edit_distance("stbtus", "status"));   /* a substitution */
	assert_int_equal(2, ld_edit_distance("chekc", "check"));     /* a swap is two */
	assert_int_equal(6, ld_edit_distance("", "status"));
	assert_int_equal(6, ld_edit_distance("status", ""));
	assert_int_equal(ld_edit_distance("log", "enable"), ld_edit_distance("enable", "log"));
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(LD_EDIT_DISTANCE_MAX, ld_edit_distance(longer, "a"));
	assert_int_equal(LD_EDIT_DISTANCE_MAX, ld_edit_distance("a", longer));
}

static void test_trace_mode_names(void **state)
{
	enum ld_trace_mode m = LD_TRACE_MODE_FEXIT;

	(void)state;
	assert_int_equal(0, ld_trace_mode_from_string("auto", &m));
	assert_int_equal(LD_TRACE_MODE_AUTO, m);
	assert_int_equal(0, ld_trace_mode_from_string("fexit", &m));
	assert_int_equal(LD_TRACE_MODE_FEXIT, m);
	assert_int_equal(0, ld_trace_mode_from_string("kprobe", &m));
	assert_int_equal(LD_TRACE_MODE_KPROBE, m);
	assert_int_equal(-EINVAL, ld_trace_mode_from_string("Kprobe", &m));
	assert_int_equal(-EINVAL, ld_trace_mode_from_string("", &m));
	assert_int_equal(LD_TRACE_MODE_KPROBE, m); /* left alone */
	for (enum ld_trace_mode k = LD_TRACE_MODE_AUTO; k <= LD_TRACE_MODE_KPROBE; k++) {
		assert_int_equal(0, ld_trace_mode_from_string(ld_trace_mode_to_string(k), &m));
		assert_int_equal(k, m);
	}
}

static void test_metrics_text(void **state)
{
	struct ld_metric_sample lsms[] = { { "lsm", "lockdown", 1 }, { "lsm", "bpf", 1 } },
				level[] = { { NULL, NULL, 2 } };
	struct ld_metric_family fams[] = {
		{ "node_lockdown_level", "gauge", "The level", level, 1 },
		{ "node_lockdown_lsm_active", "gauge", "Active LSMs", lsms, 2 },
		{ "node_lockdown_unknown", "gauge", "Nothing known", NULL, 0 },
	};
	struct ld_metrics m = { fams, 3 };
	char *text = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(0, ld_metrics_format_text(&m, &text, &len));
	assert_string_equal(text, "# HELP node_lockdown_level The level\n"
				  "# TYPE node_lockdown_level gauge\n"
				  "node_lockdown_level 2\n"
				  "# HELP node_lockdown_lsm_active Active LSMs\n"
				  "# TYPE node_lockdown_lsm_active gauge\n"
				  "node_lockdown_lsm_active{lsm=\"lockdown\"} 1\n"
				  "node_lockdown_lsm_active{lsm=\"bpf\"} 1\n"
				  "# HELP node_lockdown_unknown Nothing known\n"
				  "# TYPE node_lockdown_unknown gauge\n");
	assert_int_equal(strlen(text), len);
	free(text);
	m.n = 0;
	assert_int_equal(0, ld_metrics_format_text(&m, &text, &len));
	assert_int_equal(0, len);
	free(text);
}

static void test_status_pick(void **state)
{
	static const char line[] = "BOOT_IMAGE=/vmlinuz quiet lsm=yama lockdown=integrity "
				   "security=apparmor lockdown module.sig_enforce=1 lsm=lockdown,bpf "
				   "module.sig-enforce=0 -- lockdown=init";
	static const char config[] = "CONFIG_SECURITY_LOCKDOWN_LSM=y\n"
				     "# CONFIG_SECURITY_LOCKDOWN_LSM_EARLY is not set\n"
				     "CONFIG_LSM=\"lockdown,bpf\"\nCONFIG_MODULE_SIG_FORCE=y\n";
	struct ld_status st = { 0 };
	char buf[256];
	bool seen_lsm = false;

	(void)state;
	assert_int_equal(0, ld_cmdline_parse(line, strlen(line), &st.cmdline));
	assert_int_equal(0, ld_kconfig_parse(config, strlen(config), &st.kconfig, NULL));
	assert_int_equal(0, ld_status_pick(&st));
	/* as written, in order, by their exact names; init's part is not the kernel's */
	assert_string_equal("lsm=yama lockdown=integrity security=apparmor lockdown "
			    "module.sig_enforce=1 lsm=lockdown,bpf",
			    ld_strv_join(&st.cmdline_words, " ", buf, sizeof(buf)));
	/* every lockdown= the kernel sees, a bare one as "" */
	assert_int_equal(2, st.cmdline_lockdown.n);
	assert_string_equal("integrity", st.cmdline_lockdown.v[0]);
	assert_string_equal("", st.cmdline_lockdown.v[1]);
	assert_string_equal("lockdown,bpf", st.cmdline_lsm);
	assert_true(st.kconfig_lockdown_lsm);
	assert_false(st.kconfig_lockdown_early);
	assert_true(st.kconfig_sig_force);
	for (size_t i = 0; i < LD_STATUS_KCONFIG_PICKS; i++) {
		const struct ld_kconfig_pick *p = &st.kconfig_picks[i];

		assert_non_null(p->name);
		assert_true(strncmp(p->name, "CONFIG_", 7) != 0);
		if (strcmp(p->name, "LSM") == 0) {
			assert_string_equal("lockdown,bpf", p->value);
			seen_lsm = true;
		} else if (strcmp(p->name, "SECURITY_LOCKDOWN_LSM_EARLY") == 0) {
			assert_string_equal("n", p->value);
		} else if (strcmp(p->name, "BPF_LSM") == 0) {
			assert_null(p->value);
		}
	}
	assert_true(seen_lsm);
	ld_status_clear(&st);

	/* what could not be read is not picked from */
	st.cmdline_err = -ENOENT;
	st.kconfig_err = -ENOENT;
	assert_int_equal(0, ld_status_pick(&st));
	assert_int_equal(0, st.cmdline_words.n);
	assert_null(st.cmdline_lsm);
	assert_null(st.kconfig_picks[0].name);
	ld_status_clear(&st);
}

static void test_group_text(void **state)
{
	struct ld_reason reasons[] = {
		{ .name = "module_signature", .level = LD_LEVEL_INTEGRITY, .group = "modules",
		  .description = "unsigned module loading" },
		{ .name = "kcore", .level = LD_LEVEL_CONFIDENTIALITY, .group = "memory",
		  .description = "/proc/kcore access" },
		{ .name = "modparam", .level = LD_LEVEL_INTEGRITY, .group = "modules" },
		{ .name = "dev_mem", .level = LD_LEVEL_INTEGRITY, .group = "memory",
		  .description = "/dev/mem,kmem,port" },
	};
	struct ld_catalogue cat = { .reasons = reasons, .n = 4 };
	char buf[64], tiny[12];

	(void)state;
	assert_string_equal("unsigned module loading, modparam",
			    ld_catalogue_group_text(&cat, LD_LEVEL_NONE, LD_LEVEL_INTEGRITY, "modules",
						    buf, sizeof(buf)));
	assert_string_equal("/dev/mem,kmem,port",
			    ld_catalogue_group_text(&cat, LD_LEVEL_NONE, LD_LEVEL_INTEGRITY, "memory",
						    buf, sizeof(buf)));
	assert_string_equal("/proc/kcore access",
			    ld_catalogue_group_text(&cat, LD_LEVEL_INTEGRITY,
						    LD_LEVEL_CONFIDENTIALITY, "memory", buf,
						    sizeof(buf)));
	assert_string_equal("", ld_catalogue_group_text(&cat, LD_LEVEL_INTEGRITY,
							LD_LEVEL_CONFIDENTIALITY, "modules", buf,
							sizeof(buf)));
	/* cut to the buffer, never past it */
	assert_string_equal("unsigned mo",
			    ld_catalogue_group_text(&cat, LD_LEVEL_NONE, LD_LEVEL_INTEGRITY, "modules",
						    tiny, sizeof(tiny)));
}

static void test_log_view_cells(void **state)
{
	struct ld_log_reason known = { .enumerator = "LOCKDOWN_KCORE", .logged = 3, .suppressed = 7 },
			     guessed = { .guessed_level = LD_LEVEL_INTEGRITY, .guess_keyword = "module",
					 .logged = 1, .untrusted = true },
			     unknown = { .guessed_level = _LD_LEVEL_INVALID };
	struct ld_log_reason_view v = { .reason = &known, .level = LD_LEVEL_CONFIDENTIALITY };

	(void)state;
	ld_log_view_cells(&v);
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, v.level_shown);
	assert_false(v.level_guessed);
	assert_null(v.guessed_from);
	assert_int_equal(10, v.count);
	assert_true(v.verified);

	v = (struct ld_log_reason_view){ .reason = &guessed, .level = _LD_LEVEL_INVALID };
	ld_log_view_cells(&v);
	assert_int_equal(LD_LEVEL_INTEGRITY, v.level_shown);
	assert_true(v.level_guessed);
	assert_string_equal("module", v.guessed_from);
	assert_int_equal(1, v.count);
	assert_false(v.verified);

	/* a known level wins over a guess, and no keyword is shown for it */
	v = (struct ld_log_reason_view){ .reason = &guessed, .level = LD_LEVEL_CONFIDENTIALITY };
	ld_log_view_cells(&v);
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, v.level_shown);
	assert_false(v.level_guessed);
	assert_null(v.guessed_from);

	v = (struct ld_log_reason_view){ .reason = &unknown, .level = _LD_LEVEL_INVALID };
	ld_log_view_cells(&v);
	assert_int_equal(_LD_LEVEL_INVALID, v.level_shown);
	assert_true(v.level_guessed);
	assert_int_equal(0, v.count);
}

static void test_logmsg_kind_names(void **state)
{
	(void)state;
	assert_string_equal("denial", ld_logmsg_kind_to_string(LD_LOGMSG_DENIAL));
	assert_string_equal("raise", ld_logmsg_kind_to_string(LD_LOGMSG_RAISE));
	assert_string_equal("lift", ld_logmsg_kind_to_string(LD_LOGMSG_LIFT));
	assert_string_equal("suppressed", ld_logmsg_kind_to_string(LD_LOGMSG_SUPPRESSED));
	assert_string_equal("module", ld_logmsg_kind_to_string(LD_LOGMSG_MODULE_REJECTED));
	assert_string_equal("module", ld_logmsg_kind_to_string(LD_LOGMSG_MODULE_UNSIGNED));
	assert_string_equal("module", ld_logmsg_kind_to_string(LD_LOGMSG_MODULE_SIG));
}

static void add_event(struct ld_trace_summary *sum, int64_t value, const char *enumerator,
		      enum ld_level level, int32_t ret)
{
	struct ld_trace_event ev = { .time_ns = 1000, .tgid = 7, .comm = "dd", .value = value,
				     .level = level, .ret = ret };

	snprintf(ev.enumerator, sizeof(ev.enumerator), "%s", enumerator);
	assert_int_equal(0, ld_trace_summary_add(sum, &ev));
}

static void test_trace_totals(void **state)
{
	struct ld_trace_summary sum = { 0 };

	(void)state;
	add_event(&sum, 12, "LOCKDOWN_KCORE", LD_LEVEL_CONFIDENTIALITY, 0);
	add_event(&sum, 1, "LOCKDOWN_MODULE_SIGNATURE", LD_LEVEL_INTEGRITY, -1);
	add_event(&sum, 12, "LOCKDOWN_KCORE", LD_LEVEL_CONFIDENTIALITY, 0);
	add_event(&sum, 40, "", _LD_LEVEL_INVALID, 0);
	assert_int_equal(4, sum.checks); /* kept as the events come, for the live view */
	/* the kernel counted more than came as events: the total rises with it, never falls */
	assert_int_equal(0, ld_trace_summary_set_exact(&sum, 12, "", LD_LEVEL_CONFIDENTIALITY, 5, 1));
	assert_int_equal(0, ld_trace_summary_set_exact(&sum, 1, "", LD_LEVEL_INTEGRITY, 1, 1));
	assert_int_equal(7, sum.checks);
	assert_int_equal(0, ld_trace_summary_finish(&sum));
	assert_int_equal(1, sum.would_refuse[LD_LEVEL_INTEGRITY].n);
	assert_string_equal("module_signature", sum.would_refuse[LD_LEVEL_INTEGRITY].v[0]);
	assert_int_equal(2, sum.would_refuse[LD_LEVEL_CONFIDENTIALITY].n); /* by value */
	assert_string_equal("module_signature", sum.would_refuse[LD_LEVEL_CONFIDENTIALITY].v[0]);
	assert_string_equal("kcore", sum.would_refuse[LD_LEVEL_CONFIDENTIALITY].v[1]);
	assert_int_equal(0, sum.would_refuse[LD_LEVEL_NONE].n);
	assert_int_equal(2, sum.denied.n);
	assert_string_equal("module_signature", sum.denied.v[0]);
	assert_string_equal("kcore", sum.denied.v[1]);
	/* finishing again names the same, once */
	assert_int_equal(0, ld_trace_summary_finish(&sum));
	assert_int_equal(2, sum.denied.n);
	ld_trace_summary_clear(&sum);
	assert_int_equal(0, sum.checks);
	assert_int_equal(0, ld_trace_summary_finish(&sum));
	assert_int_equal(0, sum.denied.n);
	ld_trace_summary_clear(&sum);
}

static void test_trace_times(void **state)
{
	/* 2026-03-01T12:34:56.789012345Z */
	const uint64_t ns = 1772368496ull * 1000000000u + 789012345u;
	char buf[64], tiny[8];

	(void)state;
	ld_trace_format_time(buf, sizeof(buf), ns, false);
	assert_string_equal("2026-03-01T12:34:56.789012Z", buf);
	ld_trace_format_time(buf, sizeof(buf), 0, false);
	assert_string_equal("1970-01-01T00:00:00.000000Z", buf);
	setenv("TZ", "UTC", 1);
	tzset();
	ld_trace_format_time(buf, sizeof(buf), ns, true);
	assert_string_equal("12:34:56.789", buf);
	setenv("TZ", "XST-2", 1); /* two hours east, without tzdata */
	tzset();
	ld_trace_format_time(buf, sizeof(buf), ns, true);
	assert_string_equal("14:34:56.789", buf);
	ld_trace_format_time(tiny, sizeof(tiny), ns, false);
	assert_string_equal("2026-03", tiny);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_trace_mode_names),
		cmocka_unit_test(test_metrics_text),
		cmocka_unit_test(test_status_pick),
		cmocka_unit_test(test_group_text),
		cmocka_unit_test(test_log_view_cells),
		cmocka_unit_test(test_logmsg_kind_names),
		cmocka_unit_test(test_trace_totals),
		cmocka_unit_test(test_trace_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
