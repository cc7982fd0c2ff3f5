// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkbtf: write a raw BTF blob holding an enum lockdown_reason of a chosen
 * layout, with libbpf's BTF writer. Tests use it to give fixture roots the
 * /sys/kernel/btf/vmlinux of kernels we cannot boot here (5.10 with the old
 * LOCKDOWN_BPF_READ name, 6.1.166 before the Xen backport, ...).
 *
 *   mkbtf OUT LAYOUT_FILE     one member per line: NAME [VALUE]; '#' comments;
 *                             NAME may omit the LOCKDOWN_ prefix; values count
 *                             up from the previous one, as in C
 *   mkbtf OUT --no-enum       BTF with a few types but no lockdown_reason
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

static int add_filler(struct btf *btf)
{
	/* a realistic blob has other types before the enum */
	int id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);

	if (id < 0)
		return id;
	return btf__add_ptr(btf, id);
}

static int add_layout(struct btf *btf, const char *path)
{
	char line[256], name[128];
	long long value = -1;
	FILE *f = fopen(path, "re");
	int err, lineno = 0;

	if (!f)
		return -errno;
	err = btf__add_enum(btf, "lockdown_reason", 4);
	while (err >= 0 && fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#'), word[100];
		long long v;
		int n;

		lineno++;
		if (hash)
			*hash = '\0';
		n = sscanf(line, "%99s %lld", word, &v);
		if (n <= 0)
			continue;
		value = n == 2 ? v : value + 1;
		snprintf(name, sizeof(name), "%s%s", strncmp(word, "LOCKDOWN_", 9) ? "LOCKDOWN_" : "",
			 word);
		err = btf__add_enum_value(btf, name, value);
		if (err < 0)
			fprintf(stderr, "mkbtf: %s:%d: cannot add %s\n", path, lineno, name);
	}
	fclose(f);
	return err < 0 ? err : 0;
}

int main(int argc, char **argv)
{
	struct btf *btf;
	const void *raw;
	__u32 size;
	FILE *out;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: mkbtf OUT LAYOUT_FILE|--no-enum\n");
		return 2;
	}
	btf = btf__new_empty();
	if (!btf)
		return 1;
	err = add_filler(btf);
	if (err >= 0 && strcmp(argv[2], "--no-enum"))
		err = add_layout(btf, argv[2]);
	raw = err < 0 ? NULL : btf__raw_data(btf, &size);
	if (!raw) {
		fprintf(stderr, "mkbtf: %s: %s\n", argv[2], strerror(err < 0 ? -err : errno));
		btf__free(btf);
		return 1;
	}
	out = fopen(argv[1], "we");
	if (!out || fwrite(raw, 1, size, out) != size || fclose(out) != 0) {
		fprintf(stderr, "mkbtf: cannot write %s\n", argv[1]);
		btf__free(btf);
		return 1;
	}
	btf__free(btf);
	return 0;
}
