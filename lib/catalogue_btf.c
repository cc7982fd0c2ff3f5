// SPDX-License-Identifier: LGPL-2.1-or-later
/* The reason catalogue from the running kernel's BTF, through libbpf. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
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
	err = ld_catalogue_build(members, btf_vlen(t), ret);
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

/*
 * vmlinux BTF is megabytes: map it (a regular file) or read it into a
 * pre-faulted anonymous mapping (sysfs), rather than growing a heap buffer
 * page fault by page fault. libbpf makes its own copy in btf__new().
 */
static int map_btf(const struct ld_root *root, const char *path, void **ret, size_t *ret_size,
		   size_t *ret_mapped)
{
	struct stat st;
	size_t len = 0;
	void *map;
	int fd, err = 0;

	fd = ld_root_open_regular(root, path, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || (uint64_t)st.st_size > BTF_MAX) {
		err = st.st_size > 0 ? -EFBIG : -EBADMSG;
		goto out;
	}
	/* a regular file maps; sysfs only since 6.16 (others fail and are read) */
	map = MAP_FAILED;
	if (S_ISREG(st.st_mode)) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		len = (size_t)st.st_size;
	}
	if (map == MAP_FAILED) {
		len = 0;
		map = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		while (map != MAP_FAILED && len < (size_t)st.st_size) {
			ssize_t n = read(fd, (char *)map + len, (size_t)st.st_size - len);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				err = n < 0 ? -errno : 0;
				break;
			}
			len += (size_t)n;
		}
	}
	if (map == MAP_FAILED) {
		err = -errno;
		goto out;
	}
	if (err < 0) {
		munmap(map, (size_t)st.st_size);
		goto out;
	}
	*ret = map;
	*ret_size = len;
	*ret_mapped = (size_t)st.st_size;
out:
	close(fd);
	return err;
}

int ld_catalogue_load_btf(const struct ld_root *root, const char *path, struct ld_catalogue *ret)
{
	struct ld_catalogue cat;
	size_t len = 0, mapped = 0;
	void *data = NULL;
	int err;

	err = map_btf(root, path, &data, &len, &mapped);
	if (err < 0)
		return err;
	err = ld_catalogue_from_btf_data(data, len, &cat);
	munmap(data, mapped);
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
