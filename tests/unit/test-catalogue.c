// SPDX-License-Identifier: GPL-2.0-or-later
/* The reason catalogue: from BTF blobs written with libbpf, and the built-in layouts. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <cmocka.h>

#include "lockdown/reasons.h"
#include "version.h"

/* Build a BTF blob whose enum lockdown_reason has these members, in order from 0. */
static void *make_btf(const char *const *names, size_t n, bool as_enum64, __u32 *size)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	void *copy;

	assert_non_null(btf);
	assert_true(btf__add_int(btf, "int", 4, BTF_INT_SIGNED) > 0);
	if (as_enum64)
		assert_true(btf__add_enum64(btf, "lockdown_reason", 8, false) > 0);
	else
		assert_true(btf__add_enum(btf, "lockdown_reason", 4) > 0);
	for (size_t i = 0; i < n; i++) {
		char name[64];

		snprintf(name, sizeof(name), "LOCKDOWN_%s", names[i]);
		if (as_enum64)
			assert_int_equal(0, btf__add_enum64_value(btf, name, i));
		else
			assert_int_equal(0, btf__add_enum_value(btf, name, (__s64)i));
	}
	raw = btf__raw_data(btf, size);
	assert_non_null(raw);
	copy = malloc(*size);
	memcpy(copy, raw, *size);
	btf__free(btf);
	return copy;
}

static const char *const v6_1_xen[] = {
	"NONE", "MODULE_SIGNATURE", "DEV_MEM", "EFI_TEST", "KEXEC", "HIBERNATION", "PCI_ACCESS",
	"IOPORT", "MSR", "ACPI_TABLES", "DEVICE_TREE", "PCMCIA_CIS", "TIOCSSERIAL",
	"MODULE_PARAMETERS", "MMIOTRACE", "DEBUGFS", "XMON_WR", "BPF_WRITE_USER",
	"DBG_WRITE_KERNEL", "RTAS_ERROR_INJECTION", "XEN_USER_ACTIONS", "INTEGRITY_MAX", "KCORE",
	"KPROBES", "BPF_READ_KERNEL", "DBG_READ_KERNEL", "PERF", "TRACEFS", "XMON_RW",
	"XFRM_SECRET", "CONFIDENTIALITY_MAX",
};

static void test_btf_debian_61(void **state)
{
	struct ld_catalogue cat;
	const struct ld_reason *r;
	__u32 size;
	void *blob = make_btf(v6_1_xen, 31, false, &size);

	(void)state;
	assert_int_equal(0, ld_catalogue_from_btf_data(blob, size, &cat));
	free(blob);
	assert_int_equal(LD_CATALOGUE_BTF, cat.source);
	assert_int_equal(28, cat.n); /* NONE and the two sentinels are levels, not reasons */
	assert_int_equal(21, cat.integrity_max);
	assert_int_equal(30, cat.confidentiality_max);
	r = ld_catalogue_find(&cat, "kcore");
	assert_non_null(r);
	assert_int_equal(22, r->value);
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, r->level);
	assert_string_equal("/proc/kcore access", r->description);
	assert_string_equal("kernel-memory", r->group);
	r = ld_catalogue_find(&cat, "LOCKDOWN_XEN_USER_ACTIONS");
	assert_non_null(r);
	assert_int_equal(20, r->value);
	assert_int_equal(LD_LEVEL_INTEGRITY, r->level);
	assert_string_equal("Xen guest user action", r->description);
	assert_null(ld_catalogue_find(&cat, "none"));
	assert_null(ld_catalogue_find(&cat, "integrity_max"));
	/* sorted by value */
	for (size_t i = 1; i < cat.n; i++)
		assert_true(cat.reasons[i - 1].value < cat.reasons[i].value);
	ld_catalogue_clear(&cat);
}

static void test_btf_old_name_and_unknown(void **state)
{
	static const char *const names[] = {
		"NONE", "MODULE_SIGNATURE", "FUTURE_THING", "INTEGRITY_MAX", "BPF_READ", "CONFIDENTIALITY_MAX",
	};
	struct ld_catalogue cat;
	const struct ld_reason *r;
	__u32 size;
	void *blob = make_btf(names, 6, false, &size);

	(void)state;
	assert_int_equal(0, ld_catalogue_from_btf_data(blob, size, &cat));
	free(blob);
	r = ld_catalogue_find(&cat, "bpf_read"); /* the 5.10 name still has its text */
	assert_non_null(r);
	assert_string_equal("use of bpf to read kernel RAM", r->description);
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, r->level);
	r = ld_catalogue_find(&cat, "future_thing"); /* unknown names still print */
	assert_non_null(r);
	assert_null(r->description);
	assert_string_equal("other", r->group);
	assert_int_equal(LD_LEVEL_INTEGRITY, r->level);
	ld_catalogue_clear(&cat);
}

static void test_btf_enum64(void **state)
{
	struct ld_catalogue cat;
	__u32 size;
	void *blob = make_btf(v6_1_xen, 31, true, &size);

	(void)state;
	assert_int_equal(0, ld_catalogue_from_btf_data(blob, size, &cat));
	free(blob);
	assert_int_equal(28, cat.n);
	ld_catalogue_clear(&cat);
}

static void test_btf_bad(void **state)
{
	static const char *const no_sentinels[] = { "NONE", "KCORE" };
	struct ld_catalogue cat;
	__u32 size;
	void *blob;

	(void)state;
	assert_int_equal(-EBADMSG, ld_catalogue_from_btf_data("garbage", 7, &cat));
	blob = make_btf(no_sentinels, 2, false, &size);
	assert_int_equal(-EBADMSG, ld_catalogue_from_btf_data(blob, size, &cat));
	free(blob);
}

/* Expected INTEGRITY_MAX / CONFIDENTIALITY_MAX per release, from the facts table. */
static void test_builtin_layouts(void **state)
{
	static const struct {
		struct ld_kernel_version v;
		int64_t imax, cmax;
		bool approximate;
	} cases[] = {
		{ { 5, 4, 0 }, 15, 21, false },	  { { 5, 4, 100 }, 16, 23, true },
		{ { 5, 4, 250 }, 17, 25, true },  { { 5, 10, 0 }, 16, 23, false },
		{ { 5, 10, 50 }, 17, 24, false }, { { 5, 10, 200 }, 18, 26, true },
		{ { 5, 15, 0 }, 17, 25, false },  { { 5, 15, 100 }, 18, 27, true },
		{ { 6, 1, 0 }, 20, 29, false },	  { { 6, 1, 166 }, 20, 29, false },
		{ { 6, 1, 167 }, 21, 30, false }, { { 6, 12, 77 }, 20, 29, false },
		{ { 6, 12, 117 }, 21, 30, false }, { { 7, 0, 0 }, 21, 30, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ld_catalogue cat;

		assert_int_equal(0, ld_catalogue_builtin(&cases[i].v, &cat));
		assert_int_equal(LD_CATALOGUE_BUILTIN, cat.source);
		assert_int_equal(cases[i].imax, cat.integrity_max);
		assert_int_equal(cases[i].cmax, cat.confidentiality_max);
		assert_int_equal(cases[i].approximate, cat.approximate);
		for (size_t j = 0; j < cat.n; j++)
			assert_non_null(cat.reasons[j].description); /* we know every built-in name */
		ld_catalogue_clear(&cat);
	}
}

static void test_builtin_too_old(void **state)
{
	struct ld_kernel_version v = { 4, 19, 300 };
	struct ld_catalogue cat;

	(void)state;
	assert_int_equal(-EOPNOTSUPP, ld_catalogue_builtin(&v, &cat));
}

static void test_version_parse(void **state)
{
	struct ld_kernel_version v;

	(void)state;
	assert_int_equal(0, ld_kernel_version_parse("6.1.0-56-cloud-amd64",
						    "Linux version 6.1.0-56-cloud-amd64 (x) #1 SMP "
						    "PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-01)",
						    &v));
	assert_int_equal(6, v.major);
	assert_int_equal(1, v.minor);
	assert_int_equal(192, v.patch); /* Debian's ABI name hides the stable release */
	assert_int_equal(0, ld_kernel_version_parse("6.12.117+deb12-cloud-amd64", NULL, &v));
	assert_int_equal(117, v.patch);
	assert_int_equal(0, ld_kernel_version_parse("6.8", NULL, &v));
	assert_int_equal(0, v.patch);
	/* a Debian line of another series is ignored */
	assert_int_equal(0, ld_kernel_version_parse("6.1.0-1", "x Debian 6.12.5-1", &v));
	assert_int_equal(0, v.patch);
	assert_int_equal(-EINVAL, ld_kernel_version_parse("linux", NULL, &v));
	assert_int_equal(-EINVAL, ld_kernel_version_parse("6.", NULL, &v));
	assert_int_equal(-EINVAL, ld_kernel_version_parse(NULL, NULL, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_btf_debian_61),
		cmocka_unit_test(test_btf_old_name_and_unknown),
		cmocka_unit_test(test_btf_enum64),
		cmocka_unit_test(test_btf_bad),
		cmocka_unit_test(test_builtin_layouts),
		cmocka_unit_test(test_builtin_too_old),
		cmocka_unit_test(test_version_parse),
	};

	return cmocka_run_group_tests_name("catalogue", tests, NULL, NULL);
}
