// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the library works out for the renderers, so they only show it: the
 * edit distance of "did you mean", trace's modes by name, the Prometheus
 * text of a metrics model.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_trace_mode_names),
		cmocka_unit_test(test_metrics_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
