// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-workload: inside the test VM only, do once each something that makes
 * the kernel call security_locked_down(reason), and print for every step
 *   @@STEP NAME LOCKDOWN_REASON RESULT
 * RESULT being ok, the errno name (E<number> when it has none here), "zeroed"
 * for IPsec keys read back as zeros, or "skipped". At lockdown=none every step
 * is allowed and undone; with lockdown raised the kernel logs each refusal,
 * which the test compares with the reasons printed here.
 *   --sleep MS      pause after each step: the kernel logs at most 10 refusals
 *                   per 5 s, and the test wants every one of them
 *   --only A[,B]    run only the named steps
 *   --module PATH   the unsigned test module, for module_signature
 *   --list          print "NAME REASON" for every step
 *   --repeat N      run the steps N times without output, then print the time
 * It opens /dev/mem, writes an MSR, PCI config space and the settings of
 * ttyS1 (never ttyS0, the console): never run it anywhere but the throwaway
 * VM. Static, so the initramfs needs nothing for it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <linux/bpf.h>
#include <linux/kexec.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/serial.h>
#include <linux/xfrm.h>

#include "errno-name.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Step results besides -errno; 0 is ok. */
enum { RES_OK = 0, RES_ZEROED = 1, RES_SKIPPED = 2 };

static const char *module_path; /* --module */

/* The helpers the BPF steps call, by the numbers the kernel knows them by. */
_Static_assert(BPF_FUNC_probe_read_kernel == 113, "bpf_probe_read_kernel is helper 113");
_Static_assert(BPF_FUNC_probe_write_user == 36, "bpf_probe_write_user is helper 36");

static const char *result_name(int r)
{
	switch (r) {
	case RES_OK:
		return "ok";
	case RES_ZEROED:
		return "zeroed";
	case RES_SKIPPED:
		return "skipped";
	}
	return errno_name(-r);
}

/* -errno of the call that just failed; never 0, which would read as ok. */
static int neg_errno(void)
{
	return errno ? -errno : -EIO;
}

/* 0 when a read or write moved exactly len bytes, else -errno (-EIO if short). */
static int io_result(ssize_t n, size_t len)
{
	if (n < 0)
		return neg_errno();
	return (size_t)n == len ? 0 : -EIO;
}

static int open_close(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		return neg_errno();
	close(fd);
	return 0;
}

/* Write a string with one write(2), as sysfs and tracefs want it. */
static int write_text(const char *path, int extra_flags, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | extra_flags), r;

	if (fd < 0)
		return neg_errno();
	r = io_result(write(fd, text, strlen(text)), strlen(text));
	close(fd);
	return r;
}

/* Read a small file NUL-terminated; its length, or -errno. */
static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return neg_errno();
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = neg_errno();
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return (int)n;
}

static int perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Open a perf event, close it at once: opening is where lockdown decides. */
static int perf_open_close(struct perf_event_attr *attr)
{
	int fd = perf_event_open(attr, 0, -1);

	if (fd < 0)
		return neg_errno();
	close(fd);
	return 0;
}

/* ---- memory and tracing ------------------------------------------------- */

static int step_dev_mem(void)
{
	return open_close("/dev/mem", O_RDONLY);
}

/* open_port() serves /dev/port too, with the /dev/mem reason. */
static int step_dev_port(void)
{
	return open_close("/dev/port", O_RDONLY);
}

static int step_kcore(void)
{
	return open_close("/proc/kcore", O_RDONLY);
}

/*
 * debugfs lets read-only opens of 0444 files through; a writable (0644) file
 * opened for writing is checked. Nothing is written.
 */
static int step_debugfs(void)
{
	return open_close("/sys/kernel/debug/fault_around_bytes", O_WRONLY);
}

static int step_tracefs(void)
{
	return open_close("/sys/kernel/tracing/trace", O_RDONLY);
}

#define KPROBE_EVENTS "/sys/kernel/tracing/kprobe_events"

/*
 * Registering the event is what checks LOCKDOWN_KPROBES (opening the file
 * checks LOCKDOWN_TRACEFS first). O_APPEND as `echo >>` does; never O_TRUNC,
 * which would delete every kprobe event, the ones the test planted included.
 */
static int step_kprobe_events(void)
{
	int r = write_text(KPROBE_EVENTS, O_APPEND, "p:wl_probe do_sys_openat2\n");

	if (r == 0)
		write_text(KPROBE_EVENTS, O_APPEND, "-:wl_probe\n");
	return r;
}

/* The same kprobe made through perf's kprobe PMU, which needs no tracefs. */
static int step_kprobe_perf(void)
{
	struct perf_event_attr attr;
	char buf[32], *end;
	long type;
	int n = read_text("/sys/bus/event_source/devices/kprobe/type", buf, sizeof(buf));

	if (n < 0)
		return n;
	type = strtol(buf, &end, 10);
	if (end == buf || type < 0 || type > INT_MAX)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = (uint32_t)type;
	attr.config = 0; /* bit 0 ("retprobe") would make it a kretprobe */
	attr.kprobe_func = (uint64_t)(uintptr_t) "do_sys_openat2";
	attr.probe_offset = 0;
	attr.disabled = 1; /* the kprobe is registered at open; it need never fire */
	return perf_open_close(&attr);
}

/* ---- BPF and perf ------------------------------------------------------- */

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define MOV_REG(d, s)       INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV_IMM(d, i)       INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD_IMM(d, i)       INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define STORE_DW(d, o, i)   INSN(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define CALL(id)            INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT()              INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * Load, never attach: the verifier asks lockdown whether the helper may be
 * offered, and refuses the program ("unknown func") when it may not.
 */
static int load_kprobe_prog(const struct bpf_insn *insns, size_t count)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)count;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return neg_errno();
	close(fd);
	return 0;
}

static int step_bpf_read_kernel(void)
{
	/* bpf_probe_read_kernel(r10 - 8, 8, NULL): the address is never read, nothing runs */
	static const struct bpf_insn prog[] = {
		MOV_REG(BPF_REG_1, BPF_REG_10),
		ADD_IMM(BPF_REG_1, -8),
		MOV_IMM(BPF_REG_2, 8),
		MOV_IMM(BPF_REG_3, 0),
		CALL(BPF_FUNC_probe_read_kernel),
		MOV_IMM(BPF_REG_0, 0),
		EXIT(),
	};

	return load_kprobe_prog(prog, ARRAY_SIZE(prog));
}

static int step_bpf_write_user(void)
{
	/* bpf_probe_write_user(NULL, r10 - 8, 8); the verifier wants the source initialised */
	static const struct bpf_insn prog[] = {
		STORE_DW(BPF_REG_10, -8, 0),
		MOV_IMM(BPF_REG_1, 0),
		MOV_REG(BPF_REG_2, BPF_REG_10),
		ADD_IMM(BPF_REG_2, -8),
		MOV_IMM(BPF_REG_3, 8),
		CALL(BPF_FUNC_probe_write_user),
		MOV_IMM(BPF_REG_0, 0),
		EXIT(),
	};

	return load_kprobe_prog(prog, ARRAY_SIZE(prog));
}

/* Interrupt-time registers may be kernel ones: asking for them is checked. */
static int step_perf_regs_intr(void)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = 100000;
	attr.sample_type = PERF_SAMPLE_REGS_INTR;
	attr.sample_regs_intr = 1; /* AX */
	attr.disabled = 1;	   /* the check is at open; no sample is wanted */
	return perf_open_close(&attr);
}

/* ---- hardware ----------------------------------------------------------- */

/* Port 0x80 (POST codes): permission is granted and taken back, no I/O done. */
static int step_ioperm(void)
{
	if (syscall(SYS_ioperm, 0x80UL, 1UL, 1) < 0)
		return neg_errno();
	syscall(SYS_ioperm, 0x80UL, 1UL, 0);
	return 0;
}

static int step_iopl(void)
{
	if (syscall(SYS_iopl, 3) < 0)
		return neg_errno();
	syscall(SYS_iopl, 0);
	return 0;
}

/*
 * IA32_TSC_AUX (0xc0000103) holds the CPU and node number for RDTSCP; on
 * CPU 0 of a one-node VM that is 0, so writing 0 changes nothing.
 */
static int step_msr_write(void)
{
	static const uint64_t zero;
	int fd = open("/dev/cpu/0/msr", O_RDWR | O_CLOEXEC), r;

	if (fd < 0)
		return neg_errno();
	r = io_result(pwrite(fd, &zero, sizeof(zero), 0xc0000103), sizeof(zero));
	close(fd);
	return r;
}

/*
 * No segments: nothing is loaded (the call would only unload a loaded image,
 * and none is). The lockdown check comes before that.
 */
static int step_kexec_load(void)
{
	if (syscall(SYS_kexec_load, 0UL, 0UL, NULL, (unsigned long)KEXEC_ARCH_DEFAULT) < 0)
		return neg_errno();
	return 0;
}

/*
 * The module is already loaded, so at none this ends in EEXIST, but only
 * after the signature check, which asks lockdown about unsigned modules.
 */
static int step_module_signature(void)
{
	int fd, r = 0;

	if (!module_path)
		return RES_SKIPPED;
	fd = open(module_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	if (syscall(SYS_finit_module, fd, "", 0) < 0)
		r = neg_errno();
	close(fd);
	return r;
}

#define LDTEST_IO "/sys/module/ldtest/parameters/io"

/* A module_param_hw(ioport) parameter: setting it is checked; the old value goes back. */
static int step_module_parameters(void)
{
	char old[32];
	int n = read_text(LDTEST_IO, old, sizeof(old)), r;

	if (n < 0)
		return n;
	r = write_text(LDTEST_IO, 0, "0x300");
	if (r == 0)
		write_text(LDTEST_IO, 0, old);
	return r;
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The config file of the first PCI device by name, for a stable choice. */
static int first_pci_config(char *path, size_t size)
{
	struct dirent **names;
	int n = scandir("/sys/bus/pci/devices", &names, not_dot, alphasort), r = 0;

	if (n < 0)
		return neg_errno();
	if (n == 0)
		r = -ENOENT;
	else if ((size_t)snprintf(path, size, "/sys/bus/pci/devices/%s/config", names[0]->d_name) >=
		 size)
		r = -ENAMETOOLONG;
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

/*
 * Reading config space is not checked, writing is: the interrupt line byte
 * (0x3c) is read and written back unchanged.
 */
static int step_pci_config(void)
{
	char path[PATH_MAX];
	unsigned char line;
	int fd, r = first_pci_config(path, sizeof(path));

	if (r < 0)
		return r;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	r = io_result(pread(fd, &line, 1, 0x3c), 1);
	if (r == 0)
		r = io_result(pwrite(fd, &line, 1, 0x3c), 1);
	close(fd);
	return r;
}

/*
 * Only a change of port or IRQ is checked, so the port moves by 8 and back.
 * ttyS1, never ttyS0: that is the console. The settings are put back whenever
 * the port moved, even if the changing ioctl then failed (bringing the port up
 * at the new address can fail after the move).
 */
static int step_tiocsserial(void)
{
	struct serial_struct orig, changed, now;
	bool moved;
	int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC), r;

	if (fd < 0)
		return neg_errno();
	if (ioctl(fd, TIOCGSERIAL, &orig) < 0) {
		r = neg_errno();
		close(fd);
		return r;
	}
	changed = orig;
	changed.port = orig.port + 8;
	r = ioctl(fd, TIOCSSERIAL, &changed) < 0 ? neg_errno() : 0;
	moved = r == 0;
	if (ioctl(fd, TIOCGSERIAL, &now) == 0)
		moved = now.port != orig.port || now.port_high != orig.port_high;
	if (moved)
		ioctl(fd, TIOCSSERIAL, &orig);
	close(fd);
	return r;
}

/*
 * Reading /sys/power/state asks whether hibernation is available, which is a
 * lockdown check; a refusal shows as "disk" missing. Never written.
 */
static int step_hibernation(void)
{
	char buf[256];
	int n = read_text("/sys/power/state", buf, sizeof(buf));

	if (n < 0)
		return n;
	return strstr(buf, "disk") ? RES_OK : -EPERM;
}

/* ---- IPsec keys ----------------------------------------------------------- */

/* The SA the guest adds: AH, 192.0.2.1 -> 192.0.2.2, SPI 0x1000, key 00112233... */
#define SA_SRC 0xc0000201u
#define SA_DST 0xc0000202u
#define SA_SPI 0x1000u

static bool is_planted_sa(const struct xfrm_usersa_info *sa)
{
	return sa->family == AF_INET && sa->id.proto == IPPROTO_AH && sa->id.spi == htonl(SA_SPI) &&
	       sa->id.daddr.a4 == htonl(SA_DST) && sa->saddr.a4 == htonl(SA_SRC);
}

static bool any_nonzero(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return true;
	return false;
}

/*
 * RES_OK when an auth attribute carries a nonzero key, RES_ZEROED when the
 * attributes are there but their keys are zeros or empty (confidentiality has
 * the kernel not copy them out), -ENOENT without any.
 */
static int auth_key_verdict(const struct nlattr *a, size_t len)
{
	int verdict = -ENOENT;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		const unsigned char *data = (const unsigned char *)a + NLA_HDRLEN;
		size_t dlen = a->nla_len - NLA_HDRLEN, next = NLA_ALIGN(a->nla_len);
		size_t head = 0, keylen;
		unsigned int bits = 0;

		switch (a->nla_type & NLA_TYPE_MASK) {
		case XFRMA_ALG_AUTH:
			head = sizeof(struct xfrm_algo);
			if (dlen >= head)
				bits = ((const struct xfrm_algo *)data)->alg_key_len;
			break;
		case XFRMA_ALG_AUTH_TRUNC:
			head = sizeof(struct xfrm_algo_auth);
			if (dlen >= head)
				bits = ((const struct xfrm_algo_auth *)data)->alg_key_len;
			break;
		}
		if (head && dlen >= head) {
			/* the key length is in bits; trust it no further than the attribute */
			keylen = (bits + 7) / 8;
			if (keylen > dlen - head)
				keylen = dlen - head;
			if (any_nonzero(data + head, keylen))
				return RES_OK;
			verdict = RES_ZEROED;
		}
		if (next >= len)
			break;
		len -= next;
		a = (const struct nlattr *)((const char *)a + next);
	}
	return verdict;
}

/* The verdict on one XFRM_MSG_NEWSA message; -ENOENT unless it is the planted SA. */
static int sa_verdict(const struct nlmsghdr *h)
{
	const struct xfrm_usersa_info *sa = NLMSG_DATA(h);
	size_t head = NLMSG_SPACE(sizeof(*sa));

	if (h->nlmsg_len < head || !is_planted_sa(sa))
		return -ENOENT;
	return auth_key_verdict((const struct nlattr *)((const char *)h + head),
				h->nlmsg_len - head);
}

/* A dump of every SA; a bare header is the request (no filter attributes). */
static int xfrm_request_dump(int fd)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0),
		.nlmsg_type = XFRM_MSG_GETSA,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.nlmsg_seq = 1,
	};

	if (sendto(fd, &req, req.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return neg_errno();
	return 0;
}

/* Read the dump to its end; the verdict on the planted SA, or -ENOENT. */
static int xfrm_read_dump(int fd)
{
	static union {
		struct nlmsghdr h;
		char bytes[64 * 1024];
	} buf;
	int verdict = -ENOENT;

	for (;;) {
		ssize_t n = recv(fd, &buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return neg_errno();
		if (n == 0)
			return -EIO;
		for (const struct nlmsghdr *h = &buf.h; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return verdict;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error < 0 ? e->error : verdict;
			}
			if (h->nlmsg_type == XFRM_MSG_NEWSA) {
				int v = sa_verdict(h);

				if (v != -ENOENT)
					verdict = v;
			}
		}
	}
}

/* Dumping SAs copies their keys out unless lockdown says they are secret. */
static int step_xfrm_secret(void)
{
	/* a bounded wait: a step that hangs would stall the whole VM test */
	struct timeval timeout = { .tv_sec = 5 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM), r;

	if (fd < 0)
		return neg_errno();
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0)
		r = neg_errno();
	else
		r = xfrm_request_dump(fd);
	if (r == 0)
		r = xfrm_read_dump(fd);
	close(fd);
	return r;
}

/* ---- the steps ------------------------------------------------------------ */

struct step {
	const char *name;
	const char *reason; /* the enum lockdown_reason enumerator the kernel checks */
	int (*run)(void);   /* RES_* or -errno */
};

static const struct step steps[] = {
	{ "dev_mem", "LOCKDOWN_DEV_MEM", step_dev_mem },
	{ "dev_port", "LOCKDOWN_DEV_MEM", step_dev_port },
	{ "kcore", "LOCKDOWN_KCORE", step_kcore },
	{ "debugfs", "LOCKDOWN_DEBUGFS", step_debugfs },
	{ "tracefs", "LOCKDOWN_TRACEFS", step_tracefs },
	{ "kprobe_events", "LOCKDOWN_KPROBES", step_kprobe_events },
	{ "kprobe_perf", "LOCKDOWN_KPROBES", step_kprobe_perf },
	{ "bpf_read_kernel", "LOCKDOWN_BPF_READ_KERNEL", step_bpf_read_kernel },
	{ "bpf_write_user", "LOCKDOWN_BPF_WRITE_USER", step_bpf_write_user },
	{ "perf_regs_intr", "LOCKDOWN_PERF", step_perf_regs_intr },
	{ "ioperm", "LOCKDOWN_IOPORT", step_ioperm },
	{ "iopl", "LOCKDOWN_IOPORT", step_iopl },
	{ "msr_write", "LOCKDOWN_MSR", step_msr_write },
	{ "kexec_load", "LOCKDOWN_KEXEC", step_kexec_load },
	{ "module_signature", "LOCKDOWN_MODULE_SIGNATURE", step_module_signature },
	{ "module_parameters", "LOCKDOWN_MODULE_PARAMETERS", step_module_parameters },
	{ "pci_config", "LOCKDOWN_PCI_ACCESS", step_pci_config },
	{ "tiocsserial", "LOCKDOWN_TIOCSSERIAL", step_tiocsserial },
	{ "hibernation", "LOCKDOWN_HIBERNATION", step_hibernation },
	{ "xfrm_secret", "LOCKDOWN_XFRM_SECRET", step_xfrm_secret },
};

static int usage(void)
{
	fprintf(stderr, "usage: vm-workload [--sleep MS] [--only NAME[,NAME]...] [--module PATH]\n"
			"       vm-workload --repeat N [--only NAME[,NAME]...]\n"
			"       vm-workload --list\n");
	return 2;
}

static int find_step(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (strcmp(steps[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Mark the steps named in a comma-separated list; -1 on an unknown name. */
static int select_steps(char *list, bool *selected)
{
	char *save = NULL;

	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		int i = find_step(name);

		if (i < 0) {
			fprintf(stderr, "vm-workload: no step named %s (see --list)\n", name);
			return -1;
		}
		selected[i] = true;
	}
	return 0;
}

static void sleep_ms(unsigned long ms)
{
	struct timespec left = { .tv_sec = (time_t)(ms / 1000),
				 .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

/*
 * --repeat N: the selected steps N times, quietly, for bench/trace.sh;
 * prints "@@ELAPSED STEPS NANOSECONDS".
 */
static int run_repeated(const bool *selected, bool only, unsigned long repeat)
{
	struct timespec t0, t1;
	unsigned long n = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned long r = 0; r < repeat; r++)
		for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
			if (!only || selected[i]) {
				(void)steps[i].run();
				n++;
			}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("@@ELAPSED %lu %lld\n", n,
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "sleep", required_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "module", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ "repeat", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	bool selected[ARRAY_SIZE(steps)] = { false }, only = false, list = false;
	unsigned long sleep = 0, repeat = 0;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			sleep = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || sleep > 600000)
				return usage();
			break;
		case 'o':
			if (select_steps(optarg, selected) < 0)
				return usage();
			only = true;
			break;
		case 'm':
			module_path = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'r':
			errno = 0;
			repeat = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' || repeat == 0)
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	if (repeat)
		return run_repeated(selected, only, repeat);

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		if (list) {
			printf("%s %s\n", steps[i].name, steps[i].reason);
			continue;
		}
		if (only && !selected[i])
			continue;
		printf("@@STEP %s %s %s\n", steps[i].name, steps[i].reason,
		       result_name(steps[i].run()));
		/* flushed at once, so the line is out before the next step's kernel messages */
		fflush(stdout);
		if (sleep)
			sleep_ms(sleep);
	}
	fflush(stdout);
	return 0;
}
