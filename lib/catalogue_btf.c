// SPDX-License-Identifier: LGPL-2.1-or-later
/* The reason catalogue from the running kernel's BTF, through libbpf. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "catalogue.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"

/* vmlinux BTF is 5-10 MiB today; refuse anything absurd. */
#define BTF_MAX (256u << 20)

static int walk_enum(const struct btf *btf, struct ld_catalogue *ret)
{
	const struct btf_type *t = NULL;
	struct enum_member *members;
	__u32 n = btf__type_cnt(btf);
	int id, err;

	/* The enum may be ENUM (4 bytes) or, on a future kernel, ENUM64. */
	id = btf__find_by_name_kind(btf, "lockdown_reason", BTF_KIND_ENUM);
	if (id < 0)
		id = btf__find_by_name_kind(btf, "lockdown_reason", BTF_KIND_ENUM64);
	if (id < 0 || (__u32)id >= n)
		return -ENOENT;
	t = btf__type_by_id(btf, (__u32)id);
	if (!t)
		return -EBADMSG;
	members = calloc(btf_vlen(t) ? btf_vlen(t) : 1, sizeof(*members));
	if (!members)
		return -ENOMEM;
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		const char *name;

		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;

			name = btf__name_by_offset(btf, e->name_off);
			/* kflag marks a signed enum (libbpf 1.0+ BTF) */
			members[i].value = btf_kflag(t) ? (int64_t)(__s32)e->val : (int64_t)e->val;
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;

			name = btf__name_by_offset(btf, e->name_off);
			members[i].value = (int64_t)btf_enum64_value(e);
		}
		if (!name || !*name) {
			free(members);
			return -EBADMSG;
		}
		members[i].name = name;
	}
	err = catalogue_build(members, btf_vlen(t), ret);
	free(members);
	return err;
}

int ld_catalogue_from_btf_data(const void *data, size_t size, struct ld_catalogue *ret)
{
	struct btf *btf;
	int err;

	if (size > BTF_MAX)
		return -EFBIG;
	btf = btf__new(data, (__u32)size);
	if (!btf)
		return errno == ENOMEM ? -ENOMEM : -EBADMSG;
	err = walk_enum(btf, ret);
	btf__free(btf);
	if (err == 0)
		ret->source = LD_CATALOGUE_BTF;
	return err;
}

int ld_catalogue_load_btf(const struct ld_root *root, const char *path, struct ld_catalogue *ret)
{
	struct ld_catalogue cat;
	char *data = NULL;
	size_t len = 0;
	int err;

	err = ld_root_read_file(root, path, BTF_MAX, &data, &len);
	if (err < 0)
		return err;
	err = ld_catalogue_from_btf_data(data, len, &cat);
	free(data);
	if (err < 0)
		return err;
	cat.origin = strdup(path);
	if (!cat.origin) {
		ld_catalogue_clear(&cat);
		return -ENOMEM;
	}
	*ret = cat;
	return 0;
}
