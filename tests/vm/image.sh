# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): the kernel's BTF, the test module, the initrd, one boot.

# The enum as the kernel image has it: the host-side, independent truth.
btf_enum() { # vmlinuz -> "NAME VALUE" lines
	local vmlinuz=$1 out=$2 off
	if [ ! -s "$out" ]; then
		# Debian's 6.1 cloud kernel is LZ4 (legacy frame magic 02 21 4c 18),
		# the 6.12 one zstd (28 b5 2f fd); trailing data after the frame is ignored
		off=$(LC_ALL=C grep -obUaP '\x02\x21\x4c\x18' "$vmlinuz" | head -n1 | cut -d: -f1)
		if [ -n "$off" ]; then
			tail -c +$((off + 1)) "$vmlinuz" | lz4 -dc > "$out.vmlinux" 2>/dev/null
		else
			off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$vmlinuz" | head -n1 | cut -d: -f1)
			[ -n "$off" ] || return 1
			tail -c +$((off + 1)) "$vmlinuz" | zstd -dcq > "$out.vmlinux" 2>/dev/null
		fi
		bpftool btf dump file "$out.vmlinux" format raw |
			awk "/ENUM 'lockdown_reason'/ { on = 1; next }
			     on && /^\t'/ { gsub(/'/, \"\", \$1); sub(/val=/, \"\", \$2); print \$1, \$2; next }
			     on { exit }" > "$out"
		rm -f "$out.vmlinux"
	fi
	[ -s "$out" ]
}

# --- initramfs: static busybox, lockdownctl with its few shared libs ------
# An early (uncompressed) cpio with an ACPI table override, as users carry DSDT
# and SSDT fixes: a valid, empty SSDT (header only, checksum right).
make_acpi_cpio() { # out
	local d=$work/acpi-early
	rm -rf "$d" && mkdir -p "$d/kernel/firmware/acpi"
	printf 'SSDT\x24\x00\x00\x00\x02\x00LDTESTLDTESTSS\x01\x00\x00\x00INTL\x01\x00\x00\x00' > "$d/kernel/firmware/acpi/ssdt.aml"
	# fix the checksum byte (offset 9) so the bytes sum to 0 mod 256
	local sum
	sum=$(od -An -tu1 -v "$d/kernel/firmware/acpi/ssdt.aml" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print (256 - s % 256) % 256 }')
	printf "$(printf '\\x%02x' "$sum")" | dd of="$d/kernel/firmware/acpi/ssdt.aml" bs=1 seek=9 conv=notrunc status=none
	(cd "$d" && find kernel | LC_ALL=C sort | cpio -o -H newc --quiet) > "$1"
}

# The unsigned, out-of-tree module, built against the kernel's own headers
# (extracted from Debian's packages, never installed on the host).
build_ldtest() { # release -> path of ldtest.ko (headers as resolved: $kernel_headers)
	local rel=$1 ver=${kernel_version} hd mod=$work/ldtest-$1 pv
	hd=$cache/headers-$rel=$ver
	if [ ! -f "$hd/ok" ]; then
		rm -rf "$hd" && mkdir -p "$hd"
		for pv in $kernel_headers; do
			dpkg-deb -x "$(cached_deb "${pv%%=*}" "${pv#*=}")" "$hd/root" || return 1
		done
		sed -i "s|include /usr/src/|include $hd/root/usr/src/|" \
			"$hd/root/usr/src/linux-headers-$rel/Makefile" && touch "$hd/ok"
	fi
	rm -rf "$mod" && cp -r "$top/tests/vm/ldtest" "$mod"
	make -s -C "$hd/root/usr/src/linux-headers-$rel" M="$mod" modules >"$mod.log" 2>&1 || {
		echo "# ldtest.ko for $rel did not build:" >&2
		tail -n 5 "$mod.log" | sed 's/^/#   /' >&2
		return 1
	}
	strip --strip-debug "$mod/ldtest.ko"
	echo "$mod/ldtest.ko"
}

build_initrd() { # kernel-dir release
	local ir=$work/initramfs kmod=$1/lib/modules/$2 msr ko
	rm -rf "$ir" && mkdir -p "$ir"/{bin,sbin,proc,sys,dev,tmp,etc,boot,lib64,lib/x86_64-linux-gnu}
	# a Debian system keeps the config of each installed kernel in /boot
	cp "$1/boot/config-$2" "$ir/boot/"
	# what the check scenario plants: modules, an initrd with an ACPI override,
	# kdump configured without -s, a hardware module parameter
	mkdir -p "$ir/lib/modules/$2/updates" "$ir/lib/modules/$2/kernel/arch/x86/kernel" \
		"$ir/etc/default" "$ir/etc/modprobe.d"
	cp "$kmod/modules.order" "$ir/lib/modules/$2/"
	msr=$(ls "$kmod"/kernel/arch/x86/kernel/msr.ko* | head -n1)
	case "$msr" in
	*.xz) xz -dc "$msr" ;;
	*.zst) zstd -dcq "$msr" ;;
	*) cat "$msr" ;;
	esac > "$ir/lib/modules/$2/kernel/arch/x86/kernel/msr.ko"
	ko=$(build_ldtest "$2") && cp "$ko" "$ir/lib/modules/$2/updates/"
	make_acpi_cpio "$work/acpi.cpio"
	cp "$work/acpi.cpio" "$ir/boot/initrd.img-$2"
	printf 'USE_KDUMP=1\nKDUMP_KEXEC_ARGS=""\n' > "$ir/etc/default/kdump-tools"
	printf 'options ldtest io=0x300\n' > "$ir/etc/modprobe.d/ldtest.conf"
	cp "$top/tests/vm/guest/check-scenario" "$top/tests/vm/guest/trace-scenario" \
		"$top/tests/vm/guest/bench-trace-scenario" "$top/tests/vm/guest/enforce-scenario" \
		"$top/tests/vm/guest/bench-enforce-scenario" "$top/tests/vm/guest/enable-scenario" "$top/tests/vm/guest/log-scenario" \
		"$O/tests/vm-kprobe" "$O/tests/vm-enforce" "$ir/bin/"
	cp "$O/tests/vm-workload" "$ir/bin/vm-workload"
	cp "$O/tests/vm-mountns" "$ir/bin/vm-mountns"
	# IPsec for the xfrm detector: iproute2 and the AH modules (xfrm_user is =m)
	mkdir -p "$ir/opt/iproute2" && cp "$(command -v ip)" "$ir/opt/iproute2/ip"
	for m in net/xfrm/xfrm_algo net/xfrm/xfrm_user net/ipv4/ah4; do
		local src
		src=$(ls "$kmod/kernel/$m".ko* | head -n1)
		mkdir -p "$ir/lib/modules/$2/kernel/$(dirname "$m")"
		case "$src" in
		*.xz) xz -dc "$src" ;;
		*.zst) zstd -dcq "$src" ;;
		*) cat "$src" ;;
		esac > "$ir/lib/modules/$2/kernel/$m.ko"
	done
	# bench/trace.sh's baseline: Debian's bpftrace and its ~200 MB of libraries,
	# unpacked (never installed) in the directory given
	if [ -n "${LOCKDOWNCTL_VM_BPFTRACE:-}" ]; then
		cp "$LOCKDOWNCTL_VM_BPFTRACE/usr/bin/bpftrace" "$ir/bin/"
		for lib in $(LD_LIBRARY_PATH=$LOCKDOWNCTL_VM_BPFTRACE/usr/lib/x86_64-linux-gnu \
				ldd "$LOCKDOWNCTL_VM_BPFTRACE/usr/bin/bpftrace" | awk '$3 ~ /^\// { print $3 }'); do
			cp -L "$lib" "$ir/lib/x86_64-linux-gnu/"
		done
	fi
	cp "$file_busybox" "$ir/bin/busybox"
	cp "$O/lockdownctl-vm" "$ir/bin/lockdownctl"
	cp "$O/tests/vm-probe" "$ir/bin/vm-probe"
	cp "$top/tests/vm/guest/init" "$ir/init"
	# the shared libraries they need (ldd's "=> /path" and the loader's own line)
	for lib in $(ldd "$O/lockdownctl-vm" "$O/tests/vm-kprobe" "$O/tests/vm-enforce" "$(command -v ip)" |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u); do
		mkdir -p "$ir$(dirname "$lib")"
		cp -L "$lib" "$ir$lib"
	done
	# the early ACPI cpio first, as dracut and initramfs-tools lay it out
	{ cat "$work/acpi.cpio"; (cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1); } > "$work/initrd.gz"
}


boot() { # vmlinuz scenario args log
	local start end
	start=$(date +%s.%N)
	timeout 240 qemu-system-x86_64 -m "${LOCKDOWNCTL_VM_MEMORY:-512}" -smp 1 -display none -monitor none -no-reboot \
		-serial "file:$4" -kernel "$1" -initrd "$work/initrd.gz" \
		-append "console=ttyS0 quiet panic=-1 ldtest.scenario=$2 $3" </dev/null >/dev/null 2>&1
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}
