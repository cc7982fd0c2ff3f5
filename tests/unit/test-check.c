// SPDX-License-Identifier: GPL-2.0-or-later
/* The check detectors' parsers, and the report on fixture roots. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/bpf.h>
#include <zlib.h>

#include "check/bpfprog.h"
#include "lockdown/check.h"
#include "check/checkparse.h"
#include "check/cpio.h"
#include "check/modsig.h"
#include "procscan.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"

static const char *fixtures(void)
{
	return getenv("LD_FIXTURES") ? getenv("LD_FIXTURES") : ".output/fixtures";
}

static void test_proc_modules_line(void **state)
{
	char name[64], taints[16];
	const char *l1 = "nvidia 56823808 2 nvidia_modeset, Live 0x0000000000000000 (POE)";
	const char *l2 = "ext4 991232 1 - Live 0xffffffffc0a00000";

	(void)state;
	assert_int_equal(0, ld_proc_modules_line(l1, strlen(l1), name, sizeof(name), taints,
						 sizeof(taints)));
	assert_string_equal("nvidia", name);
	assert_string_equal("POE", taints);
	assert_int_equal(0, ld_proc_modules_line(l2, strlen(l2), name, sizeof(name), taints,
						 sizeof(taints)));
	assert_string_equal("ext4", name);
	assert_string_equal("", taints);
	assert_int_equal(-EBADMSG, ld_proc_modules_line("x", 1, name, sizeof(name), taints, 16));
	assert_int_equal(-EBADMSG, ld_proc_modules_line("a b (x)", 7, name, 64, taints, 16));
	assert_int_equal(-ENAMETOOLONG, ld_proc_modules_line(l1, strlen(l1), name, 4, taints, 16));
}

struct params {
	char seen[8][64];
	int n;
};

static int collect_param(const char *module, const char *param, const char *value, void *userdata)
{
	struct params *p = userdata;

	if (p->n < 8)
		snprintf(p->seen[p->n++], 64, "%s.%s=%s", module, param, value ? value : "(none)");
	return 0;
}

static void test_modprobe_options(void **state)
{
	const char *line = "options  parport_pc\tio=0x378 irq=7 verbose # irq=9 is a comment";
	struct params p = { .n = 0 };

	(void)state;
	assert_int_equal(0, ld_modprobe_options_line(line, strlen(line), collect_param, &p));
	assert_int_equal(3, p.n);
	assert_string_equal("parport_pc.io=0x378", p.seen[0]);
	assert_string_equal("parport_pc.irq=7", p.seen[1]);
	assert_string_equal("parport_pc.verbose=(none)", p.seen[2]);
	p.n = 0;
	assert_int_equal(0, ld_modprobe_options_line("blacklist pcspkr", 16, collect_param, &p));
	assert_int_equal(0, ld_modprobe_options_line("options", 7, collect_param, &p));
	assert_int_equal(0, p.n);
}

static void test_hw_params(void **state)
{
	(void)state;
	assert_int_equal(2, ld_hw_param_certainty("io"));
	assert_int_equal(2, ld_hw_param_certainty("irq"));
	assert_int_equal(2, ld_hw_param_certainty("io_base"));
	assert_int_equal(1, ld_hw_param_certainty("io0"));
	assert_int_equal(1, ld_hw_param_certainty("mmio_base"));
	assert_int_equal(0, ld_hw_param_certainty("iommu"));
	assert_int_equal(0, ld_hw_param_certainty("memory_limit"));
	assert_int_equal(0, ld_hw_param_certainty("mem_size"));
	assert_int_equal(0, ld_hw_param_certainty("power_save"));
}

/* newc header for one member */
static size_t cpio_member(char *out, const char *name, const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = strlen(data), pos;

	pos = (size_t)sprintf(out, "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x", 1,
			      0100644, 0, 0, 1, 0, dlen, 0, 0, 0, 0, nlen, 0);
	memcpy(out + pos, name, nlen);
	pos += nlen;
	while (pos % 4)
		out[pos++] = '\0';
	memcpy(out + pos, data, dlen);
	pos += dlen;
	while (pos % 4)
		out[pos++] = '\0';
	return pos;
}

static int count_member(const char *name, size_t len, size_t size, void *userdata)
{
	(void)name;
	(void)len;
	(void)size;
	(*(int *)userdata)++;
	return 0;
}

static void test_cpio_walk(void **state)
{
	char buf[4096];
	size_t len = 0;
	int members = 0;
	long r;

	(void)state;
	len += cpio_member(buf + len, "kernel/firmware/acpi/dsdt.aml", "DSDT");
	len += cpio_member(buf + len, "TRAILER!!!", "");
	memset(buf + len, 0, 512); /* padding between archives */
	len += 512;
	len += cpio_member(buf + len, "kernel/x86/microcode/GenuineIntel.bin", "ucode");
	len += cpio_member(buf + len, "TRAILER!!!", "");
	memcpy(buf + len, "\x1f\x8b\x08", 3); /* the compressed main part */
	r = ld_cpio_walk_early(buf, len + 3, count_member, &members);
	assert_int_equal((long)len, r);
	assert_int_equal(2, members);
	/* a truncated header or a size past the end is malformed */
	assert_int_equal(-EBADMSG, ld_cpio_walk_early(buf, 100, count_member, &members));
	memcpy(buf + 54, "ffffffff", 8);
	assert_int_equal(-EBADMSG, ld_cpio_walk_early(buf, len, count_member, &members));
	assert_int_equal(0, ld_cpio_walk_early("", 0, count_member, &members));
}

static int memfd_with(const void *data, size_t len)
{
	int fd = memfd_create("module", 0);

	assert_true(fd >= 0);
	assert_int_equal((ssize_t)len, write(fd, data, len));
	assert_int_equal(0, lseek(fd, 0, SEEK_SET));
	return fd;
}

static void test_module_signatures(void **state)
{
	static const char signed_ko[] = "\x7f" "ELF body\0\0\0~Module signature appended~\n";
	static const char unsigned_ko[] = "\x7f" "ELF body without any signature at all..";
	int fd;

	(void)state;
	fd = memfd_with(signed_ko, sizeof(signed_ko) - 1);
	assert_int_equal(1, ld_module_fd_signed(fd, "a.ko"));
	close(fd);
	fd = memfd_with(unsigned_ko, sizeof(unsigned_ko) - 1);
	assert_int_equal(0, ld_module_fd_signed(fd, "a.ko"));
	close(fd);
	fd = memfd_with("short", 5);
	assert_int_equal(0, ld_module_fd_signed(fd, "a.ko"));
	close(fd);
	/* a real gzip file, as .ko.gz modules are */
	{
		gzFile g;
		char path[] = "/tmp/ld-mod-XXXXXX";
		int tmp = mkstemp(path);

		assert_true(tmp >= 0);
		g = gzdopen(dup(tmp), "wb");
		gzwrite(g, signed_ko, sizeof(signed_ko) - 1);
		gzclose(g);
		lseek(tmp, 0, SEEK_SET);
		assert_int_equal(1, ld_module_fd_signed(tmp, "a.ko.gz"));
		close(tmp);
		unlink(path);
	}
	/* corrupt xz and zstd streams are malformed, not "unsigned" */
	fd = memfd_with("\xfd" "7zXZ\0garbage", 12);
	assert_int_equal(-EBADMSG, ld_module_fd_signed(fd, "a.ko.xz"));
	close(fd);
	fd = memfd_with("\x28\xb5\x2f\xfd garbage", 12);
	assert_int_equal(-EBADMSG, ld_module_fd_signed(fd, "a.ko.zst"));
	close(fd);
}

static void test_bpf_helpers(void **state)
{
	const char *ks = "ffffffff81000000 T __bpf_call_base\n"
			 "ffffffff81000100 T bpf_probe_read_kernel\n"
			 "ffffffff81000200 T bpf_probe_write_user\n"
			 "ffffffff81000300 t some_other\n"
			 "ffffffffc0000000 t modfunc\t[mod]\n";
	struct bpf_insn prog[3] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = 0x100 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct ld_bpf_syms syms;

	(void)state;
	assert_int_equal(0, ld_bpf_syms_parse(ks, strlen(ks), &syms));
	assert_int_equal(LD_BPF_READS_KERNEL, ld_bpf_scan_helpers(prog, sizeof(prog), &syms));
	prog[1].imm = 0x200;
	assert_int_equal(LD_BPF_WRITES_USER, ld_bpf_scan_helpers(prog, sizeof(prog), &syms));
	prog[1].imm = 0x300;
	assert_int_equal(0, ld_bpf_scan_helpers(prog, sizeof(prog), &syms));
	/* a BPF-to-BPF call (src_reg 1) is not a helper */
	prog[1].imm = 0x100;
	prog[1].src_reg = BPF_PSEUDO_CALL;
	assert_int_equal(0, ld_bpf_scan_helpers(prog, sizeof(prog), &syms));
	/* kptr_restrict: every address reads 0 */
	assert_int_equal(-ENOENT, ld_bpf_syms_parse("0000000000000000 T __bpf_call_base\n", 35, &syms));
}

static void test_proc_scan(void **state)
{
	static const struct ld_proc_interest in[] = { { "/dev/mem", false },
						      { "/sys/kernel/debug", true } };
	struct ld_proc_scan s;
	struct ld_root *root = NULL;
	char path[1024];
	int fd_hits = 0, map_hits = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/check-busy", fixtures());
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_proc_scan(root, in, 2, &s));
	assert_true(s.procs >= 7);
	for (size_t i = 0; i < s.n; i++) {
		if (s.hits[i].fd >= 0)
			fd_hits++;
		else
			map_hits++;
		if (s.hits[i].pid == 812) {
			assert_string_equal("/dev/mem", s.hits[i].path);
			assert_string_equal("smbios-thermal-ctl --info", s.hits[i].cmdline);
		}
		if (s.hits[i].pid == 901)
			assert_int_equal(1, s.hits[i].accmode); /* O_WRONLY from fdinfo */
	}
	/* /dev/mem open + mapped (two segments, one hit), two debugfs files */
	assert_int_equal(3, fd_hits);
	assert_int_equal(1, map_hits);
	ld_proc_scan_clear(&s);
	ld_root_free(root);
}

static const struct ld_finding *find(const struct ld_check_report *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->findings[i].id, id) == 0)
			return &r->findings[i];
	return NULL;
}

static void run_check(const char *scenario, struct ld_check_report *r, struct ld_status *st)
{
	struct ld_root *root = NULL;
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", fixtures(), scenario);
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_status_collect(root, st));
	assert_int_equal(0, ld_check_run(root, st->release, &st->catalogue, r));
	ld_root_free(root);
}

static void test_report_busy(void **state)
{
	static const struct {
		const char *id;
		enum ld_level level;
		enum ld_severity sev;
	} want[] = {
		{ "modules.unsigned-loaded:zfs", LD_LEVEL_INTEGRITY, LD_SEVERITY_BLOCKER },
		{ "modules.unsigned-installed:updates/dkms/spl.ko.xz", LD_LEVEL_INTEGRITY,
		  LD_SEVERITY_BLOCKER },
		{ "modules.unsigned-installed:extra/vboxdrv.ko.gz", LD_LEVEL_INTEGRITY,
		  LD_SEVERITY_BLOCKER },
		{ "kexec.kdump-tools", LD_LEVEL_INTEGRITY, LD_SEVERITY_BLOCKER },
		{ "hibernation.resume-cmdline", LD_LEVEL_INTEGRITY, LD_SEVERITY_BLOCKER },
		{ "raw-memory.open:900:/proc/kcore", LD_LEVEL_CONFIDENTIALITY, LD_SEVERITY_BLOCKER },
		{ "debugfs-tracefs.kprobe_events", LD_LEVEL_CONFIDENTIALITY, LD_SEVERITY_BLOCKER },
		{ "acpi.initrd-table:kernel/firmware/acpi/dsdt.aml", LD_LEVEL_INTEGRITY,
		  LD_SEVERITY_BLOCKER },
		{ "msr-ioport.msr-open:902:/dev/cpu/0/msr", LD_LEVEL_INTEGRITY, LD_SEVERITY_BLOCKER },
		{ "bpf-perf.prog:42:kprobe", LD_LEVEL_CONFIDENTIALITY, LD_SEVERITY_WARNING },
		{ "module-params.hw:parport_pc.io@/etc/modprobe.d/legacy.conf:1", LD_LEVEL_INTEGRITY,
		  LD_SEVERITY_BLOCKER },
	};
	struct ld_check_report r;
	struct ld_status st;

	(void)state;
	run_check("check-busy", &r, &st);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct ld_finding *f = find(&r, want[i].id);

		if (!f)
			fail_msg("missing finding %s", want[i].id);
		assert_int_equal(want[i].level, f->level);
		assert_int_equal(want[i].sev, f->severity);
		assert_string_equal(f->level_from_kernel ? "kernel" : "known-class", f->level_source);
	}
	/* the signed module and the in-tree one are not findings */
	assert_null(find(&r, "modules.unsigned-installed:updates/dkms/signed_one.ko.zst"));
	assert_null(find(&r, "modules.unsigned-installed:kernel/fs/ext4/ext4.ko"));
	/* ids are unique */
	for (size_t i = 0; i < r.n; i++)
		for (size_t j = i + 1; j < r.n; j++)
			assert_string_not_equal(r.findings[i].id, r.findings[j].id);
	ld_check_report_clear(&r);
	ld_status_clear(&st);
}

static void test_report_clean(void **state)
{
	struct ld_check_report r;
	struct ld_status st;

	(void)state;
	run_check("check-clean", &r, &st);
	assert_int_equal(1, r.n); /* kdump with -s: a warning that it needs a signed image */
	assert_string_equal("kexec.kdump-tools", r.findings[0].id);
	assert_int_equal(LD_SEVERITY_WARNING, r.findings[0].severity);
	ld_check_report_clear(&r);
	ld_status_clear(&st);
}

/* Missing data never reads as safe: levels from the reason's class, unknown ones count everywhere. */
static void test_report_no_catalogue(void **state)
{
	struct ld_check_report r = { 0 };
	struct ld_check_verdict v;
	struct ld_root *root = NULL;
	struct ld_finding *f;
	char path[1024];

	(void)state;
	snprintf(path, sizeof(path), "%s/check-no-catalogue", fixtures());
	assert_int_equal(0, ld_root_open(path, &root));
	assert_int_equal(0, ld_check_run(root, NULL, NULL, &r));
	ld_root_free(root);
	f = (struct ld_finding *)find(&r, "raw-memory.open:812:/dev/mem");
	assert_non_null(f);
	assert_int_equal(LD_LEVEL_INTEGRITY, f->level);
	assert_false(f->level_from_kernel);
	assert_string_equal("known-class", f->level_source);
	f = (struct ld_finding *)find(&r, "raw-memory.open:900:/proc/kcore");
	assert_non_null(f);
	assert_int_equal(LD_LEVEL_CONFIDENTIALITY, f->level);
	ld_check_verdict(&r, &v);
	assert_true(v.blockers[LD_LEVEL_INTEGRITY] > 0);
	assert_true(v.blockers[LD_LEVEL_CONFIDENTIALITY] > v.blockers[LD_LEVEL_INTEGRITY]);
	assert_int_equal(0, v.undecided);
	/* no catalogue: every level that breaks is the reason's known class */
	for (enum ld_level l = LD_LEVEL_INTEGRITY; l < _LD_LEVEL_MAX; l++)
		assert_int_equal(v.blockers[l] + v.warnings[l], v.from_class[l]);

	/* a reason nobody knows: a blocker at every level, not at none */
	f->reason = "LOCKDOWN_NOT_A_REASON";
	f->level = ld_reason_known_level(f->reason);
	assert_int_equal(_LD_LEVEL_INVALID, f->level);
	assert_true(ld_finding_breaks_at(f, LD_LEVEL_INTEGRITY));
	assert_true(ld_finding_breaks_at(f, LD_LEVEL_CONFIDENTIALITY));
	assert_false(ld_finding_breaks_at(f, LD_LEVEL_NONE));
	{
		struct ld_check_verdict w;

		ld_check_verdict(&r, &w);
		assert_int_equal(1, w.undecided);
		assert_int_equal(v.blockers[LD_LEVEL_INTEGRITY] + 1, w.blockers[LD_LEVEL_INTEGRITY]);
		assert_int_equal(v.blockers[LD_LEVEL_CONFIDENTIALITY], w.blockers[LD_LEVEL_CONFIDENTIALITY]);
		/* ... of no class at all */
		assert_int_equal(v.from_class[LD_LEVEL_INTEGRITY], w.from_class[LD_LEVEL_INTEGRITY]);
		assert_int_equal(v.from_class[LD_LEVEL_CONFIDENTIALITY] - 1,
				 w.from_class[LD_LEVEL_CONFIDENTIALITY]);
	}
	ld_check_report_clear(&r);
}

/* Every reason we know has the class its place between the sentinels gives it in the 7.0 layout. */
static void test_known_levels(void **state)
{
	static const char *const integrity[] = { "LOCKDOWN_MODULE_SIGNATURE", "LOCKDOWN_DEV_MEM",
		"LOCKDOWN_ACPI_TABLES", "LOCKDOWN_DEBUGFS", "LOCKDOWN_XEN_USER_ACTIONS",
		"LOCKDOWN_BPF_WRITE_USER" };
	static const char *const confidentiality[] = { "LOCKDOWN_KCORE", "LOCKDOWN_BPF_READ",
		"LOCKDOWN_BPF_READ_KERNEL", "LOCKDOWN_TRACEFS", "LOCKDOWN_XFRM_SECRET" };

	(void)state;
	for (size_t i = 0; i < sizeof(integrity) / sizeof(integrity[0]); i++)
		assert_int_equal(LD_LEVEL_INTEGRITY, ld_reason_known_level(integrity[i]));
	for (size_t i = 0; i < sizeof(confidentiality) / sizeof(confidentiality[0]); i++)
		assert_int_equal(LD_LEVEL_CONFIDENTIALITY, ld_reason_known_level(confidentiality[i]));
	assert_int_equal(_LD_LEVEL_INVALID, ld_reason_known_level("LOCKDOWN_INTEGRITY_MAX"));
	assert_int_equal(_LD_LEVEL_INVALID, ld_reason_known_level("kcore"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_modules_line), cmocka_unit_test(test_modprobe_options),
		cmocka_unit_test(test_hw_params),	  cmocka_unit_test(test_cpio_walk),
		cmocka_unit_test(test_module_signatures), cmocka_unit_test(test_bpf_helpers),
		cmocka_unit_test(test_proc_scan),	  cmocka_unit_test(test_report_busy),
		cmocka_unit_test(test_report_clean),	  cmocka_unit_test(test_report_no_catalogue),
		cmocka_unit_test(test_known_levels),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
