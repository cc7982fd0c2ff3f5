# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/vm/run.sh, whose globals it uses (O, top, work, cache, n, ok,
# not_ok, check): which Debian cloud kernels, resolved and downloaded.

# --- kernels: the current 6.1 and 6.12 cloud images of Debian 12 ------------
# Image, headers and kbuild are resolved together to ONE Debian version:
# the image package's exact version, then linux-headers-RELEASE at that same
# version, and the linux-headers-*-common and linux-kbuild-* it depends on at
# that same version too. Each is fetched with `apt-get download PKG=VERSION`
# into $cache/debs (kept by name and version); a mismatch, or a version gone
# from the archive and not in the cache, fails with the packages named.
# LOCKDOWNCTL_VM_KERNELS pins them: image package names, each optionally
# =VERSION ("linux-image-6.1.0-57-cloud-amd64=6.1.192-3"); without a version,
# the archive's candidate for that name.
debs=$cache/debs
mkdir -p "$debs"
apt_lists_updated=0

candidate() { # package -> its candidate version (empty when apt does not know it)
	apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '^(none)$' | head -n1
}
record() { # package version -> apt's record of exactly that version (nothing if unknown)
	apt-cache show "$1" 2>/dev/null | awk -v v="$2" '/^Package: / { p = "" } { p = p $0 "\n" }
		/^Version: / && $2 == v { hit = 1 } /^$/ { if (hit) { printf "%s", p; exit } p = "" }
		END { if (hit) printf "%s", p }'
}
known() { # package version: apt knows exactly this version
	record "$1" "$2" | grep -q '^Package: '
}
cached_deb() { # package version -> the cached .deb (amd64 or all), if any
	local f
	for f in "$debs/${1}_$(printf '%s' "$2" | sed 's/:/%3a/')"_{amd64,all}.deb; do
		[ -s "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}
depends_of() { # package version -> "name version-or-empty" for each linux-headers/kbuild dependency
	record "$1" "$2" | sed -n 's/^Depends: //p' | head -n1 | tr ',' '\n' |
		sed -n 's/^ *\(linux-\(headers\|kbuild\)-[^ |]*\)\( *(\([<>=]*\) *\([^)]*\))\)\{0,1\}.*$/\1 \4 \5/p'
}

# One kernel: "image=ver headers=ver common=ver kbuild=ver", or a message and status 1.
resolve_kernel() { # image-package[=version]
	local image=${1%%=*} ver rel hdr line name op dver out
	ver=; [[ $1 == *=* ]] && ver=${1#*=}
	[ -n "$ver" ] || ver=$(candidate "$image")
	[ -n "$ver" ] || { echo "$image: no version of it is known to apt (apt-get update?)"; return 1; }
	known "$image" "$ver" || cached_deb "$image" "$ver" >/dev/null ||
		{ echo "$image=$ver: this version is not in the archive, nor in $debs (apt knows: $(candidate "$image"))"; return 1; }
	rel=${image#linux-image-}
	hdr=linux-headers-$rel
	out="$image=$ver"
	if known "$hdr" "$ver"; then
		out="$out $hdr=$ver"
		while read -r name op dver; do
			[ -n "$name" ] || continue
			# an exact dependency must be the image's version; a ">=" or bare one is taken at it
			if [ "$op" = "=" ] && [ "$dver" != "$ver" ]; then
				echo "$hdr=$ver depends on $name (= $dver), not the image's $image=$ver"
				return 1
			fi
			known "$name" "$ver" || cached_deb "$name" "$ver" >/dev/null || {
				echo "$image=$ver and $hdr=$ver, but $name=$ver is not in the archive (apt knows: $(candidate "$name"; apt-cache madison "$name" 2>/dev/null | awk '{ printf " %s", $3 }'))"
				return 1
			}
			out="$out $name=$ver"
		done < <(depends_of "$hdr" "$ver")
		case "$out" in
		*" linux-headers-"*"-common="*) ;;
		*) echo "$hdr=$ver: no linux-headers-*-common dependency found"; return 1 ;;
		esac
		case "$out" in
		*" linux-kbuild-"*) ;;
		*) echo "$hdr=$ver: no linux-kbuild-* dependency found"; return 1 ;;
		esac
	elif cached_deb "$hdr" "$ver" >/dev/null; then
		# pinned to a version the archive dropped, fetched on an earlier run
		out="$out $hdr=$ver $(cd "$debs" && ls linux-headers-*-common_*"$(printf '%s' "$ver" | sed 's/:/%3a/')"_*.deb linux-kbuild-*_"$(printf '%s' "$ver" | sed 's/:/%3a/')"_*.deb 2>/dev/null |
			sed 's/_\([^_]*\)_[^_]*\.deb$/=\1/; s/%3a/:/' | tr '\n' ' ')"
	else
		echo "$image=$ver, but $hdr=$ver is not in the archive (apt knows: $(candidate "$hdr"); headers must match the image exactly)"
		return 1
	fi
	echo "$out"
}

default_kernels() { # the image package each meta package depends on, at the version it names
	local meta mver img
	for meta in linux-image-cloud-amd64 linux-image-6.12-cloud-amd64; do
		mver=$(candidate "$meta")
		[ -n "$mver" ] || { echo "$meta:"; continue; }
		img=$(record "$meta" "$mver" | sed -n 's/^Depends: //p' | head -n1 | tr ',' '\n' |
			sed -n 's/^ *\(linux-image-[0-9][^ ]*-cloud-amd64\).*/\1/p' | head -n1)
		echo "$meta:$img"
	done
}

fetch_debs() { # pkg=ver... -> into $debs
	local pv
	for pv in "$@"; do
		cached_deb "${pv%%=*}" "${pv#*=}" >/dev/null && continue
		(cd "$debs" && apt-get download "$pv" >"$debs/download.log" 2>&1) || {
			echo "apt-get download $pv failed: $(tail -n1 "$debs/download.log")"
			return 1
		}
		cached_deb "${pv%%=*}" "${pv#*=}" >/dev/null || { echo "apt-get download $pv made no $debs/${pv%%=*}_*.deb"; return 1; }
	done
}

fetch_kernel() { # image=ver -> prints the extracted directory
	local pkg=${1%%=*} ver=${1#*=} dir deb
	dir=$cache/$pkg=$ver
	if [ ! -d "$dir/boot" ]; then
		deb=$(cached_deb "$pkg" "$ver") || return 1
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" &&
			dpkg-deb -x "$deb" "$dir.tmp" && mv "$dir.tmp" "$dir" || return 1
	fi
	echo "$dir"
}


# Which kernels, resolved and downloaded; apt's lists refreshed once (as
# root) when they do not know a package or the archive no longer has it.
resolve_all() { # -> $kernels (one resolved line each), $kernel_errors
	local spec line meta img
	kernels=() kernel_errors=()
	if [ -n "${LOCKDOWNCTL_VM_KERNELS:-}" ]; then
		spec=$LOCKDOWNCTL_VM_KERNELS
	else
		spec=
		while IFS=: read -r meta img; do
			if [ -n "$img" ]; then spec="$spec $img"; else kernel_errors+=("$meta: not known to apt, or it names no linux-image-*-cloud-amd64 (apt-get update?)"); fi
		done < <(default_kernels)
	fi
	for img in $spec; do
		if line=$(resolve_kernel "$img"); then
			if msg=$(fetch_debs $line); then kernels+=("$line"); else kernel_errors+=("$msg"); fi
		else
			kernel_errors+=("$line")
		fi
	done
}
