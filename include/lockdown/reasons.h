/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LOCKDOWN_REASONS_H
#define LOCKDOWN_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lockdown/level.h"

struct ld_root;
struct ld_kernel_version;

/* One member of this kernel's enum lockdown_reason. */
struct ld_reason {
	char *enumerator;        /* "LOCKDOWN_KCORE", as the kernel names it */
	char *name;              /* "kcore": the enumerator without prefix, lower case */
	int64_t value;           /* this kernel's number for it */
	enum ld_level level;     /* lowest level that forbids it */
	const char *description; /* the kernel's lockdown_reasons[] text; NULL if unknown */
	const char *group;       /* a coarse area such as "modules"; "other" if unknown */
};

enum ld_catalogue_source {
	LD_CATALOGUE_BTF,     /* read from the kernel's own BTF */
	LD_CATALOGUE_BUILTIN, /* chosen from our tables by kernel version */
};

struct ld_catalogue {
	struct ld_reason *reasons; /* real reasons only, by value; no NONE or *_MAX */
	size_t n;
	int64_t integrity_max;
	int64_t confidentiality_max;
	enum ld_catalogue_source source;
	char *origin;     /* BTF path, or the name of the built-in layout */
	bool approximate; /* built-in layout whose stable backports we could not pin */
};

/* Build from raw BTF bytes (the content of /sys/kernel/btf/vmlinux). */
int ld_catalogue_from_btf_data(const void *data, size_t size, struct ld_catalogue *ret);
/* Read BTF from `path` under root. -ENOENT when absent, -EBADMSG when unusable. */
int ld_catalogue_load_btf(const struct ld_root *root, const char *path, struct ld_catalogue *ret);
/* Built-in fallback for kernels without BTF. -EOPNOTSUPP before 5.4. */
int ld_catalogue_builtin(const struct ld_kernel_version *v, struct ld_catalogue *ret);
void ld_catalogue_clear(struct ld_catalogue *cat);

/* "kcore" for "LOCKDOWN_KCORE": the name status --reasons and policies use. */
void ld_reason_short_name(const char *enumerator, char *buf, size_t size);

const struct ld_reason *ld_catalogue_find(const struct ld_catalogue *cat, const char *name);
/* The reason numbered value in this kernel; NULL when none is (or cat is NULL). */
const struct ld_reason *ld_catalogue_find_value(const struct ld_catalogue *cat, int64_t value);

/* Human text and group keyed by enumerator name; NULL / "other" when unknown. */
const char *ld_reason_description(const char *enumerator);
const char *ld_reason_group(const char *enumerator);
/*
 * The lowest level refusing a reason we know, without asking the kernel:
 * exact for every kernel that has the reason (classes never changed);
 * _LD_LEVEL_INVALID for a reason we do not know.
 */
enum ld_level ld_reason_known_level(const char *enumerator);
/*
 * The enumerator a kernel log's reason text names, or NULL. With suffix the
 * text may be "COMM: REASON"; *ret_at is where REASON starts.
 */
const char *ld_reason_match_text(const char *text, size_t len, bool suffix, size_t *ret_at);

/*
 * Does TEXT (LEN bytes) end with REASON, ignoring case: the whole of it
 * (*ret_at 0), or with SUFFIX as "COMM: REASON" (*ret_at: where REASON starts)?
 */
bool ld_reason_ends_with(const char *text, size_t len, const char *reason, bool suffix, size_t *ret_at);

/* Is r refused from a level above lo up to hi (lo < level <= hi)? */
bool ld_reason_between(const struct ld_reason *r, enum ld_level lo, enum ld_level hi);
/* The groups of the reasons between lo and hi, each once, in catalogue order: up to max; how many. */
size_t ld_catalogue_groups(const struct ld_catalogue *cat, enum ld_level lo, enum ld_level hi,
			   const char **ret, size_t max);
/* The descriptions (else names) of group's reasons between lo and hi, ", "-joined into buf (cut to size); buf. */
const char *ld_catalogue_group_text(const struct ld_catalogue *cat, enum ld_level lo,
				    enum ld_level hi, const char *group, char *buf, size_t size);

#endif
