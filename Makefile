# SPDX-License-Identifier: GPL-2.0-or-later
# lockdownctl build. `make` builds the tool; `make check` runs every test tier.
# Layout and idioms follow libbpf-bootstrap: all artifacts under $(O), V=1 for
# full commands, BPF objects turned into skeletons by bpftool.

O ?= .output
V ?= 0
CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
LLVM_STRIP ?= llvm-strip
TOP := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
# the version is said once, in debian/changelog's first entry
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' $(TOP)/debian/changelog)
# the machine (uname -m, or Debian's and the kernel's own names), and the
# kernel's name for it that the BPF programs are built for
ARCH ?= $(shell uname -m)
BPF_ARCH := $(shell echo '$(ARCH)' | sed -e 's/^\(x86_64\|amd64\|i.86\)$$/x86/' \
	-e 's/^aarch64$$/arm64/' -e 's/^ppc64\(le\)\{0,1\}$$/powerpc/' -e 's/^riscv64$$/riscv/' \
	-e 's/^s390x$$/s390/')
# BPF programs see the system headers clang itself would use (the multiarch
# asm/ directory included), searched after ours, as libbpf-bootstrap does
HASH := \#
CLANG_BPF_SYS_INCLUDES := $(shell $(CLANG) -v -E - </dev/null 2>&1 | \
	awk '/^$(HASH)include <...> search starts here:/ { on = 1; next } \
	/^End of search list/ { on = 0 } on { printf " -idirafter %s", $$1 }')
# Hyperscan finds log's candidate lines in one pass; without it (HYPERSCAN=0,
# or no libhs) log scans with memmem, as it does on CPUs without SSSE3
HYPERSCAN ?= $(shell pkg-config --exists libhs 2>/dev/null && echo 1 || echo 0)

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

PKGS := libbpf smartcols json-c zlib liblzma libzstd libsystemd libcrypto sqlite3
ifeq ($(HYPERSCAN),1)
PKGS += libhs
HS_CFLAGS := -DLD_HAVE_HYPERSCAN
HS_LIB := -lhs
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread

WARN := -Wall -Wextra -Werror -Wmissing-field-initializers -Werror=undef -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
# the knowledge base of software, built into the library (lib/check/software_data.c)
SOFTWARE_JSON := $(CURDIR)/data/software.json
override CFLAGS += -std=gnu11 $(WARN) -fstack-protector-strong \
	-DLOCKDOWNCTL_VERSION='"$(VERSION)"' -DLD_SOFTWARE_JSON='"$(SOFTWARE_JSON)"' \
	-Iinclude -I$(O) $(PKG_CFLAGS) $(HS_CFLAGS) -MMD -MP
ifeq ($(SANITIZE),1)
override CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
else
override CFLAGS += -D_FORTIFY_SOURCE=2
endif

LIB_SRCS := $(wildcard lib/*.c lib/check/*.c lib/trace/*.c lib/enforce/*.c lib/enable/*.c lib/log/*.c)
CLI_SRCS := $(wildcard cli/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
CLI_LIB_OBJS := $(filter-out $(O)/cli/main.o,$(CLI_OBJS))
BPF_SRCS := $(wildcard bpf/*.bpf.c)
BPF_SKELS := $(BPF_SRCS:bpf/%.bpf.c=$(O)/%.skel.h)
UNIT_SRCS := $(wildcard tests/unit/test-*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz-*.c)
FUZZ_NAMES := $(filter-out main,$(FUZZ_SRCS:tests/fuzz/fuzz-%.c=%))
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(O)/fuzz/replay-%)
FUZZ_LIBFUZZER := $(FUZZ_NAMES:%=$(O)/fuzz/libfuzzer-%)

.PHONY: all run check unit golden fuzz-replay fuzz vm bench clean tests install uninstall

# Where `make install` puts things (DESTDIR for packaging).
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system
DOCDIR ?= $(DATADIR)/doc/lockdownctl
INSTALLED := $(SBINDIR)/lockdownctl $(MANDIR)/man8/lockdownctl.8 $(BASHCOMPDIR)/lockdownctl \
	$(UNITDIR)/lockdownctl-enforce.service $(UNITDIR)/lockdownctl-metrics.service \
	$(UNITDIR)/lockdownctl-metrics.timer $(DOCDIR)/policy.conf.example $(DOCDIR)/threat-model.md \
	$(DOCDIR)/other-attach-types.md
.DELETE_ON_ERROR:
.SECONDARY: $(BPF_SRCS:bpf/%.bpf.c=$(O)/%.bpf.o) $(O)/tests/kprobe_test.bpf.o

all: $(O)/lockdownctl

$(O)/lib $(O)/cli $(O)/tests $(O)/fuzz $(O)/bpf:
	$(Q)mkdir -p $@

# --- BPF: compile, strip DWARF (BTF stays), generate the skeleton ---------
$(O)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h) | $(O)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -g -O2 -target bpf $(BPF_CPU) -D__TARGET_ARCH_$(BPF_ARCH) \
		$(CLANG_BPF_SYS_INCLUDES) -Wall -Wextra -Werror \
		-Wno-unused-parameter -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(O)/lockdown_enforce.bpf.o: bpf/lockdown_enforce_mounts.h bpf/lockdown_policy.h
# the records take atomic fetch-and-add and exchange: BPF ISA v3 (kernels >= 5.12)
$(O)/lockdown_enforce.bpf.o: BPF_CPU = -mcpu=v3

$(O)/%.skel.h: $(O)/%.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $* > $@

# --- user space -------------------------------------------------------------
$(O)/lib/%.o: lib/%.c | $(O)/lib $(BPF_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Ilib -fPIC -c $< -o $@

$(O)/cli/%.o: cli/%.c | $(O)/cli
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/lib/check/software_data.o: data/software.json

# made anew: `ar r` would keep the members of sources since removed or renamed
$(O)/liblockdown.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/lockdownctl: $(CLI_OBJS) $(O)/liblockdown.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -o $@

# The VM copy: libbpf, libelf, zlib and json-c linked in statically, so the
# initramfs needs only glibc and libsmartcols (Debian ships no libsmartcols.a).
STATIC_LIBS := -Wl,-Bstatic -lbpf -lelf -ljson-c -lcrypto -lsqlite3 -lz -llzma -lzstd -Wl,-Bdynamic -lsmartcols -lsystemd $(HS_LIB) -lm -ldl -pthread
$(O)/lockdownctl-vm: $(CLI_OBJS) $(O)/liblockdown.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(STATIC_LIBS) -o $@

# --- tests ------------------------------------------------------------------
$(O)/tests/%.o: tests/unit/%.c $(BPF_SKELS) | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Icli -Ilib -c $< -o $@

$(O)/tests/test-%: $(O)/tests/test-%.o $(CLI_LIB_OBJS) $(O)/liblockdown.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(PKG_LIBS) -lcmocka -o $@

$(O)/tests/mkbtf: tests/tools/mkbtf.c $(O)/liblockdown.a | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Ilib $(filter %.c %.a,$^) $(PKG_LIBS) -o $@

# LD_PRELOAD shim: makes the Nth write/fsync/rename fail, or kills the process there.
$(O)/tests/faultinject.so: tests/tools/faultinject.c | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -shared -fPIC $< -ldl -o $@

$(O)/tests/fdhog: tests/tools/fdhog.c | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 $< -o $@

# A kprobe program for the check tier of the VM tests (never loaded on the host).
$(O)/tests/kprobe_test.bpf.o: tests/vm/kprobe_test.bpf.c | $(O)/tests
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(BPF_ARCH) \
		$(CLANG_BPF_SYS_INCLUDES) -Wall -Werror -c $< -o $@
	$(Q)$(LLVM_STRIP) -g $@

$(O)/tests/kprobe_test.skel.h: $(O)/tests/kprobe_test.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name kprobe_test > $@

$(O)/tests/vm-kprobe: tests/vm/kprobe_test.c $(O)/tests/kprobe_test.skel.h
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -I$(O)/tests $(PKG_CFLAGS) $< \
		-Wl,-Bstatic -lbpf -lelf -lz -Wl,-Bdynamic -o $@

# Tries to remove a sealed enforce policy (never run on the host).
$(O)/tests/vm-enforce: tests/vm/enforce-tool.c tests/vm/enforce-progs.c tests/vm/enforce-progs.h \
		tests/vm/enforce-others.c \
		bpf/lockdown_policy.h | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 $(PKG_CFLAGS) $(filter %.c,$^) \
		-Wl,-Bstatic -lbpf -lelf -lz -Wl,-Bdynamic -o $@

# Makes the kernel check every lockdown reason the VM can reach (never run on the host).
$(O)/tests/vm-workload: tests/vm/workload.c | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -static $< -o $@

# Unmounts in new mount namespaces, as containers do them (never run on the host).
$(O)/tests/vm-mountns: tests/vm/mountns.c tests/vm/errno-name.h | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -static $< -o $@

$(O)/tests/vm-probe: tests/vm/probe.c | $(O)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -static $< -o $@

$(O)/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz-main.c $(O)/liblockdown.a | $(O)/fuzz
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Ilib $(LDFLAGS) $(filter %.c %.a,$^) $(PKG_LIBS) -o $@

# Real libFuzzer binaries (clang only), for `make fuzz` and the short runs in check.
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Iinclude -Ilib -I$(O) $(PKG_CFLAGS) $(HS_CFLAGS) \
	-DLD_SOFTWARE_JSON='"$(SOFTWARE_JSON)"' \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# A harness may add flags on a line "/* fuzz-cflags: ... */" of its source.
$(O)/fuzz/libfuzzer-%: tests/fuzz/fuzz-%.c $(LIB_SRCS) data/software.json | $(O)/fuzz $(BPF_SKELS)
	$(call msg,FUZZ,$@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $$(sed -n 's|^/\* fuzz-cflags: \(.*\) \*/$$|\1|p' $<) \
		$(filter %.c,$^) $(PKG_LIBS) -o $@

tests: $(O)/lockdownctl $(UNIT_BINS) $(O)/tests/mkbtf $(FUZZ_REPLAY) $(O)/tests/faultinject.so

unit: tests
	$(Q)tests/unit/run.sh $(O)

golden: tests
	$(Q)tests/golden/run.sh $(O)

fuzz-replay: tests
	$(Q)tests/fuzz/run.sh $(O) replay

fuzz: $(FUZZ_LIBFUZZER)
	$(Q)tests/fuzz/run.sh $(O) libfuzzer

vm: $(O)/lockdownctl-vm $(O)/tests/vm-probe $(O)/tests/vm-kprobe $(O)/tests/vm-workload \
	$(O)/tests/vm-enforce $(O)/tests/vm-mountns
	$(Q)tests/vm/run.sh $(O)

run: 
	$(Q)scripts/install-deps.sh build
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(O)/lockdownctl status

check:
	$(Q)tests/run-all.sh

bench: all vm $(O)/tests/fdhog
	$(Q)bench/status.sh $(O)/lockdownctl
	$(Q)bench/check.sh $(O)/lockdownctl
	$(Q)bench/trace.sh
	$(Q)bench/enforce.sh
	$(Q)bench/log.sh $(O)/lockdownctl

install: $(O)/lockdownctl
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)install -Dm0755 $(O)/lockdownctl $(DESTDIR)$(SBINDIR)/lockdownctl
	$(Q)install -d $(DESTDIR)$(MANDIR)/man8
	$(Q)sed 's/@VERSION@/$(VERSION)/' man/lockdownctl.8 > $(DESTDIR)$(MANDIR)/man8/lockdownctl.8
	$(Q)chmod 0644 $(DESTDIR)$(MANDIR)/man8/lockdownctl.8
	$(Q)install -Dm0644 completions/lockdownctl $(DESTDIR)$(BASHCOMPDIR)/lockdownctl
	$(Q)install -Dm0644 -t $(DESTDIR)$(UNITDIR) systemd/lockdownctl-enforce.service \
		systemd/lockdownctl-metrics.service systemd/lockdownctl-metrics.timer
	$(Q)install -Dm0644 etc/policy.conf.example $(DESTDIR)$(DOCDIR)/policy.conf.example
	$(Q)install -Dm0644 -t $(DESTDIR)$(DOCDIR) docs/threat-model.md docs/other-attach-types.md

uninstall:
	$(call msg,UNINSTALL,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	$(Q)rmdir --ignore-fail-on-non-empty $(DESTDIR)$(DOCDIR) 2>/dev/null || true

clean:
	$(Q)rm -rf $(O)

-include $(wildcard $(O)/*/*.d $(O)/*/*/*.d)
