# SPDX-License-Identifier: GPL-2.0-or-later
# The oracle of the VM tier (sourced by tests/vm/run.sh, which defines ok,
# not_ok, check, $cache, $work, $top and $O): a real Debian 12 root with the
# packages of tests/vm/oracle/operations installed from Debian's archive by
# debootstrap and apt-get, booted from a disk under QEMU with Debian's cloud
# kernel at lockdown=none, integrity and confidentiality. `lockdownctl check`
# runs at none; each package's operations run at every level; the kernel's
# own "Lockdown: ... is restricted" lines while an operation runs are the
# judge. Every refusal check did not name is a miss, every operation check
# calls a blocker that the kernel let through is a false blocker; either
# fails the tier. The score is one line: "# oracle RELEASE: ...".
#
# The root is built once per package list and kernel, and kept as an ext4
# image in $cache/oracle (the guest writes to a qemu -snapshot overlay only).
# Building it needs root (debootstrap, chroot) and Debian's archive.

oracle_ops=$top/tests/vm/oracle/operations

oracle_packages() { # the packages of the operations table, and what a machine with a kernel has
	{ grep -v -e '^#' -e '^$' "$oracle_ops" | cut -d'|' -f1 | grep -v '^acpi-call-dkms$'
	  printf '%s\n' systemd initramfs-tools linux-base; } | sort -u
}

# acpi_call as Debian 12's DKMS builds it: from acpi-call-dkms's source,
# against the kernel's headers, signed with a machine-local key that DKMS
# generates (/var/lib/dkms/mok.key) and that the kernel does not trust.
oracle_acpi_call() { # root release headers-dir
	local root=$1 rel=$2 hd=$3 src=$work/oracle-acpi-call pv deb key
	pv=$(apt-cache policy acpi-call-dkms | sed -n 's/^ *Candidate: //p')
	[ -n "$pv" ] || { echo "acpi-call-dkms: apt knows no version"; return 1; }
	fetch_debs "acpi-call-dkms=$pv" || return 1
	deb=$(cached_deb acpi-call-dkms "$pv") || return 1
	rm -rf "$src" && mkdir -p "$src" && dpkg-deb -x "$deb" "$src/pkg" || return 1
	cp -r "$src"/pkg/usr/src/acpi-call-*/. "$src/build/" 2>/dev/null || { mkdir -p "$src/build" && cp -r "$src"/pkg/usr/src/acpi-call-*/. "$src/build/"; }
	make -s -C "$hd/root/usr/src/linux-headers-$rel" M="$src/build" modules > "$src/build.log" 2>&1 ||
		{ echo "acpi_call did not build against $rel: $(tail -n 3 "$src/build.log")"; return 1; }
	strip --strip-debug "$src/build/acpi_call.ko"
	mkdir -p "$root/var/lib/dkms"
	key=$root/var/lib/dkms/mok
	openssl req -new -x509 -nodes -days 36500 -subj "/CN=DKMS module signing key" \
		-newkey rsa:2048 -keyout "$key.key" -outform DER -out "$key.pub" > /dev/null 2>&1 ||
		{ echo "openssl could not make the DKMS key"; return 1; }
	"$(ls "$hd"/root/usr/lib/linux-kbuild-*/scripts/sign-file | head -n1)" sha256 "$key.key" "$key.pub" "$src/build/acpi_call.ko" ||
		{ echo "sign-file failed"; return 1; }
	# uncompressed, as the kernel's own modules are in Debian 12 (DKMS follows the kernel)
	mkdir -p "$root/lib/modules/$rel/updates/dkms"
	cp "$src/build/acpi_call.ko" "$root/lib/modules/$rel/updates/dkms/"
}

# -> the image's path on stdout; a message and status 1 when it cannot be made
oracle_image() { # kernel-dir release headers-dir
	local kdir=$1 rel=$2 hd=$3 key dir img pkgs size
	pkgs=$(oracle_packages | tr '\n' ' ')
	key=$( { echo "$pkgs"; echo "$rel=$kernel_version"; sed -n '/^oracle_acpi_call()/,/^}/p;/^oracle_image()/,/^}/p' "$top/tests/vm/oracle.sh"; } | sha256sum | cut -c1-16)
	dir=$cache/oracle/root-$key img=$cache/oracle/root-$key.ext4
	[ -s "$img" ] && { echo "$img"; return 0; }
	[ "$(id -u)" = 0 ] || { echo "building the oracle's Debian root needs root (debootstrap, chroot)"; return 1; }
	mkdir -p "$cache/oracle"
	# one root at a time: an image of another package list or kernel goes
	local old
	for old in "$cache"/oracle/root-*; do
		[ -e "$old" ] || continue
		if [ -d "$old" ]; then "$top/scripts/fresh-root.sh" remove "$old" > /dev/null 2>&1; else rm -f "$old"; fi
	done
	"$top/scripts/fresh-root.sh" create "$dir" > "$dir.log" 2>&1 ||
		{ echo "debootstrap failed: $(tail -n 3 "$dir.log")"; return 1; }
	# as an admin installs them: apt-get, without recommends
	# shellcheck disable=SC2086
	"$top/scripts/fresh-root.sh" run "$dir" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $pkgs >> "$dir.log" 2>&1 ||
		{ echo "apt-get install in the oracle root failed: $(tail -n 3 "$dir.log")"; return 1; }
	rm -f "$dir/usr/sbin/policy-rc.d"
	rmdir -p "$dir/root/.cache/lockdownctl-vm" 2>/dev/null
	# the kernel, as linux-image installs it: image, config, System.map, modules
	mkdir -p "$dir/lib/modules" && cp "$kdir"/boot/* "$dir/boot/" &&
		cp -a "$kdir/lib/modules/$rel" "$dir/lib/modules/" || return 1
	oracle_acpi_call "$dir" "$rel" "$hd" || return 1
	# the root's own depmod, as linux-image's postinst runs it
	"$top/scripts/fresh-root.sh" run "$dir" depmod "$rel" >> "$dir.log" 2>&1 || { echo "depmod failed: $(tail -n 3 "$dir.log")"; return 1; }
	# kdump-tools' kernel hook, as linux-image's postinst runs it: the crash
	# kernel's initrd in /var/lib/kdump (with MODULES=most: "dep" would look at
	# the host's devices from inside a chroot)
	"$top/scripts/fresh-root.sh" run "$dir" sh -c "mkdir -p /var/lib/kdump &&
		mkinitramfs -o /var/lib/kdump/initrd.img-$rel $rel &&
		ln -sf initrd.img-$rel /var/lib/kdump/initrd.img && ln -sf /boot/vmlinuz-$rel /var/lib/kdump/vmlinuz" >> "$dir.log" 2>&1 ||
		{ echo "the crash kernel's initrd: $(tail -n 3 "$dir.log")"; return 1; }
	rmdir -p "$dir/root/.cache/lockdownctl-vm" 2>/dev/null
	size=$(( $(du -sm "$dir" | cut -f1) * 13 / 10 + 256 ))
	mkfs.ext4 -q -F -L oracle -d "$dir" "$img.tmp" "${size}M" >> "$dir.log" 2>&1 ||
		{ echo "mkfs.ext4 -d failed: $(tail -n 3 "$dir.log")"; rm -f "$img.tmp"; return 1; }
	# the initramfs loads virtio from the same modules: their dependencies, kept beside
	cp "$dir/lib/modules/$rel/modules.dep" "$img.modules.dep" &&
		mv "$img.tmp" "$img" && rm -rf --one-file-system "$dir" "$dir.mirror" && echo "$img"
}

oracle_initrd() { # release kernel-modules-dir modules.dep out
	local rel=$1 mods=$2 dep=$3 out=$4 ir=$work/oracle-initramfs m lib
	rm -rf "$ir" && mkdir -p "$ir"/{bin,proc,sys,dev,modules,opt/lockdownctl/lib}
	cp "$file_busybox" "$ir/bin/busybox"
	: > "$ir/modules/load"
	# virtio_pci and virtio_blk with what they depend on, in modules.dep's order
	for m in kernel/drivers/virtio/virtio_pci kernel/drivers/block/virtio_blk; do
		awk -F': *' -v m="$m" 'index($1, m ".ko") == 1 { n = split($2, d, " "); for (i = n; i >= 1; i--) print d[i]; print $1 }' \
			"$dep"
	done | awk '!seen[$0]++' | while read -r m; do
		case "$m" in
		*.xz) xz -dc "$mods/$m" ;;
		*.zst) zstd -dcq "$mods/$m" ;;
		*) cat "$mods/$m" ;;
		esac > "$ir/modules/${m##*/}" && echo "${m##*/}" | sed 's/\.\(xz\|zst\)$//' >> "$ir/modules/load"
	done
	for m in $(cat "$ir/modules/load"); do mv "$ir/modules/$m"* "$ir/modules/$m" 2>/dev/null; done
	cp "$top/tests/vm/guest/oracle-init" "$ir/init"
	cp "$top/tests/vm/guest/oracle-run" "$O/lockdownctl-vm" "$file_busybox" "$ir/opt/lockdownctl/"
	mv "$ir/opt/lockdownctl/lockdownctl-vm" "$ir/opt/lockdownctl/lockdownctl"
	sed "s/@RELEASE@/$rel/g" "$oracle_ops" > "$ir/opt/lockdownctl/operations"
	# lockdownctl's own shared libraries (the Debian root need not have them)
	for lib in $(ldd "$O/lockdownctl-vm" | awk '$2 == "=>" && $3 ~ /^\// && $1 !~ /^(libc|libm|libpthread|libdl|librt)\.so/ { print $3 }'); do
		cp -L "$lib" "$ir/opt/lockdownctl/lib/"
	done
	(cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
}

oracle_boot() { # vmlinuz image initrd level log
	local start end args=
	# memory for kdump's crash kernel, as a machine with kdump-tools has it
	args="crashkernel=192M"
	[ "$4" = none ] || args="$args lockdown=$4"
	# a log of an earlier run must never be scored as this one's
	rm -f "$5"
	start=$(date +%s)
	timeout 1500 qemu-system-x86_64 -m 1280 -smp 1 -display none -monitor none -no-reboot \
		-serial "file:$5" -kernel "$1" -initrd "$3" \
		-drive "file=$2,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 $args" </dev/null >/dev/null 2>&1
	end=$(date +%s)
	echo "# oracle: booted at $4 and ran every operation in $((end - start))s"
}

# "package|operation|finding|secs|command" rows, in the guest's order
oracle_rows() { grep -v -e '^#' -e '^$' "$oracle_ops" | sed "s/@RELEASE@/$1/g"; }

oracle_op() { # log index -> "rc refused secs"
	tr -d '\r' < "$1" | awk -v i="$2" '$1 == "@@OP" && $2 == i {
		for (f = 3; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
		print v["rc"], v["refused"], v["secs"]; exit }'
}
oracle_out() { tr -d '\r' < "$1" | awk -v i="$2" '$1 == "@@OPOUT" && $2 == i { $1 = $2 = ""; sub(/^ +/, ""); print }'; }
oracle_klog() { tr -d '\r' < "$1" | awk -v i="$2" '$1 == "@@OPLOG" && $2 == i { $1 = $2 = ""; sub(/^ +/, ""); print }'; }

oracle_ran() { grep -q "^@@ORACLE level $2 release $3" "$1" && grep -q '^@@DONE' "$1"; }

rank() { case $1 in none) echo 0 ;; integrity) echo 1 ;; confidentiality) echo 2 ;; *) echo 9 ;; esac; }

oracle_run() { # kernel-dir release vmlinuz
	local kdir=$1 rel=$2 vmlinuz=$3 img msg json=$work/oracle-check.json hd
	local lv i pkg op finding secs cmd rc nref took sev flv
	hd=$cache/headers-$rel=$kernel_version
	if [ "$(id -u)" != 0 ] && ! is_ci && ! ls "$cache"/oracle/root-*.ext4 > /dev/null 2>&1; then
		n=$((n + 1))
		echo "ok $n - oracle $rel # SKIP building its Debian root needs root (debootstrap, chroot); CI runs it as root"
		return
	fi
	if ! img=$(oracle_image "$kdir" "$rel" "$hd"); then
		not_ok "oracle $rel: a Debian 12 root with the operations' packages"
		echo "# $img"
		return
	fi
	ok "oracle $rel: a Debian 12 root with $(oracle_packages | wc -l) packages from Debian's archive ($img)"
	oracle_initrd "$rel" "$kdir/lib/modules/$rel" "$img.modules.dep" "$work/oracle-initrd.gz" ||
		{ not_ok "oracle $rel: initramfs"; return; }
	local booted=1
	for lv in none integrity confidentiality; do
		oracle_boot "$vmlinuz" "$img" "$work/oracle-initrd.gz" "$lv" "$work/oracle-$rel-$lv.log"
		if oracle_ran "$work/oracle-$rel-$lv.log" "$lv" "$rel"; then
			ok "oracle $rel $lv: booted the Debian root at lockdown=$lv and ran every operation"
		else
			not_ok "oracle $rel $lv: booted the Debian root at lockdown=$lv and ran every operation"
			tail -n 5 "$work/oracle-$rel-$lv.log" | tr -d '\r' | sed 's/^/#   /'
			booted=0
		fi
	done
	[ $booted = 1 ] || return
	section "$work/oracle-$rel-none.log" CHECK > "$json"
	check "oracle $rel: check --json at none parses" jq -e '.findings' "$json"
	local predicted=0 missed=0 false_blockers=0 false_warnings=0 refusals=0 allowed=0 notrun=0 nops=0
	local table=$work/oracle-$rel-table.txt rc0 how
	: > "$table"
	i=0
	while IFS='|' read -r pkg op finding secs cmd; do
		i=$((i + 1)) nops=$((nops + 1))
		# the finding check gave at none, as "severity level", or nothing
		sev= flv=
		read -r sev flv < <(jq -r --arg id "$finding" 'first(.findings[] | select(.id == $id) | "\(.severity) \(.level)") // empty' "$json")
		local verdicts=
		read -r rc0 nref took < <(oracle_op "$work/oracle-$rel-none.log" "$i")
		for lv in none integrity confidentiality; do
			read -r rc nref took < <(oracle_op "$work/oracle-$rel-$lv.log" "$i")
			if [ -z "$rc" ]; then
				not_ok "oracle $rel $lv: $pkg: $op: ran (no report)"
				verdicts="$verdicts -"
				continue
			fi
			if oracle_out "$work/oracle-$rel-$lv.log" "$i" | grep -q -e 'not found' -e 'No such file or directory' && [ "$rc" = 127 ]; then
				not_ok "oracle $rel $lv: $pkg: $op: its program is installed (exit $rc)"
				verdicts="$verdicts -"
				continue
			fi
			if { [ "$rc" = 124 ] || [ "$rc0" = 124 ]; } && [ "$nref" = 0 ]; then
				# a timeout without a refusal says nothing either way: counted, never scored
				notrun=$((notrun + 1))
				verdicts="$verdicts timeout"
				echo "# oracle $rel $lv: $pkg: $op: timed out after ${secs}s (not scored)"
				continue
			fi
			how=
			if [ "$nref" -gt 0 ]; then
				how="the kernel logged $(oracle_klog "$work/oracle-$rel-$lv.log" "$i" | sed -n 's/^[0-9]* Lockdown: \([^:]*\): \(.*\) is restricted.*/\2 (\1)/p' | head -n1)"
			elif [ "$rc" != "$rc0" ]; then
				how="exit $rc, $rc0 at none: $(oracle_out "$work/oracle-$rel-$lv.log" "$i" | grep . | tail -n1 | cut -c1-90)"
			fi
			if [ "$lv" = none ]; then
				[ -z "$how" ] || not_ok "oracle $rel none: $pkg: $op: the kernel refused it at none"
				verdicts="$verdicts $( [ -z "$how" ] && echo allowed || echo refused)"
				continue
			fi
			if [ -n "$how" ]; then
				verdicts="$verdicts refused"
				refusals=$((refusals + 1))
				if [ -n "$sev" ] && [ "$(rank "$flv")" -le "$(rank "$lv")" ]; then
					predicted=$((predicted + 1))
					ok "oracle $rel $lv: $pkg: $op: refused ($how), predicted ($finding, $sev from $flv)"
				else
					missed=$((missed + 1))
					not_ok "oracle $rel $lv: $pkg: $op: refused ($how), and check did not say so (want $finding at $lv)"
				fi
			else
				verdicts="$verdicts allowed"
				allowed=$((allowed + 1))
				if [ "$sev" = blocker ] && [ "$(rank "$flv")" -le "$(rank "$lv")" ]; then
					false_blockers=$((false_blockers + 1))
					not_ok "oracle $rel $lv: $pkg: $op: allowed, but check calls $finding a blocker from $flv"
				else
					[ -n "$sev" ] && [ "$(rank "$flv")" -le "$(rank "$lv")" ] && false_warnings=$((false_warnings + 1))
					ok "oracle $rel $lv: $pkg: $op: allowed${sev:+ ($finding: $sev from $flv)}"
				fi
			fi
		done
		printf '%s|%s|%s|%s\n' "$pkg" "$op" "${verdicts# }" "${sev:+$finding ($sev from $flv)}" >> "$table"
	done < <(oracle_rows "$rel")
	# every blocker check names must be one of the operations above
	local id
	for id in $(jq -r '.findings[] | select(.severity == "blocker") | .id' "$json"); do
		if ! oracle_rows "$rel" | awk -F'|' -v id="$id" '$3 == id { f = 1 } END { exit !f }'; then
			false_blockers=$((false_blockers + 1))
			not_ok "oracle $rel: check's blocker $id is none of the operations the kernel judged"
		fi
	done
	sed 's/^/# oracle table: /' "$table"
	echo "# oracle $rel: $predicted of $refusals kernel refusals predicted, $missed missed, $false_blockers false blockers; $nops operations of $(oracle_rows "$rel" | cut -d'|' -f1 | sort -u | wc -l) packages at integrity and confidentiality, $allowed allowed ($false_warnings of them with a warning), $notrun timed out"
	check "oracle $rel: every kernel refusal predicted, no false blocker" test "$missed" = 0 -a "$false_blockers" = 0 -a "$refusals" -gt 0
}
