// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the enforce policy parser and its resolution against a fixed catalogue. */
/* -max_len: a policy file is a few dozen statements */
/* fuzz-options: -max_len=4096 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "../../bpf/lockdown_policy.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "version.h"

static int any_cgroup(const char *path, uint64_t *id, unsigned *level, void *userdata)
{
	(void)userdata;
	if (strlen(path) % 3 == 0)
		return -ENOENT;
	*id = strlen(path);
	*level = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ld_catalogue cat;
	static int have_cat;
	struct ld_policy_src src = { 0 };
	struct ld_policy_error err;
	struct ld_policy p;
	const char *names[4];
	size_t half = size / 2;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (!have_cat) {
		struct ld_kernel_version v = { 6, 1, 192 };

		if (ld_catalogue_builtin(&v, &cat) < 0)
			return 0;
		have_cat = 1;
	}
	/* two inputs, as a file and then a command-line statement */
	if (ld_policy_parse(&src, "file", (const char *)data, half, &err) == 0 &&
	    ld_policy_parse(&src, "-e #1", (const char *)data + half, size - half, &err) == 0 &&
	    ld_policy_resolve(&src, &cat, any_cgroup, NULL, &p, &err) == 0)
		(void)ld_policy_seal_missing(&p, &cat, LD_LEVEL_NONE, names, 4);
	ld_policy_src_clear(&src);
	return 0;
}
