// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check/checkparse.h"

static int copy_field(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

int ld_proc_modules_line(const char *line, size_t len, char *name, size_t name_size, char *taints,
			 size_t taints_size)
{
	const char *sp = memchr(line, ' ', len), *open, *close;
	int err;

	if (!sp || sp == line || memchr(line, '\0', len))
		return -EBADMSG;
	err = copy_field(name, name_size, line, (size_t)(sp - line));
	if (err < 0)
		return err;
	/* taints are the last field, in parentheses, after the address */
	close = len > 0 && line[len - 1] == ')' ? line + len - 1 : NULL;
	open = NULL;
	for (const char *p = close; p && p > sp; p--)
		if (*p == '(') {
			open = p;
			break;
		}
	if (!close || !open)
		return copy_field(taints, taints_size, "", 0);
	for (const char *p = open + 1; p < close; p++)
		if (*p < 'A' || *p > 'Z')
			return -EBADMSG;
	return copy_field(taints, taints_size, open + 1, (size_t)(close - open - 1));
}

int ld_modprobe_options_line(const char *line, size_t len, ld_modprobe_param_fn fn,
			     void *userdata)
{
	char *copy = strndup(line, len), *save = NULL, *word, *module, *hash;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	if ((hash = strchr(copy, '#')))
		*hash = '\0';
	word = strtok_r(copy, " \t\r", &save);
	if (!word || strcmp(word, "options") || !(module = strtok_r(NULL, " \t\r", &save)))
		goto out;
	while (err == 0 && (word = strtok_r(NULL, " \t\r", &save))) {
		char *eq = strchr(word, '=');

		if (eq)
			*eq = '\0';
		err = fn(module, word, eq ? eq + 1 : NULL, userdata);
	}
out:
	free(copy);
	return err;
}

int ld_hw_param_certainty(const char *name)
{
	static const char *const exact[] = { "io", "irq", "dma", "iomem", "ioport", "io_port",
					     "irq_base", "io_base", "mem_base", "dma1", "dma2" };
	static const char *const prefixes[] = { "io", "irq", "dma", "mmio", "port", "mem" };

	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return 2;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);

		/* io0, irq_1, mmio_base; but not "iommu" or "memory_limit" */
		if (strncmp(name, prefixes[i], n) == 0 &&
		    (name[n] == '\0' || name[n] == '_' || (name[n] >= '0' && name[n] <= '9')) &&
		    !strstr(name, "size") && !strstr(name, "limit"))
			return 1;
	}
	return 0;
}
