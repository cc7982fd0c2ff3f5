// SPDX-License-Identifier: LGPL-2.1-or-later
/* Lockdown levels and the securityfs text format. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "lockdown/level.h"

static const char *const level_names[_LD_LEVEL_MAX] = {
	[LD_LEVEL_NONE] = "none",
	[LD_LEVEL_INTEGRITY] = "integrity",
	[LD_LEVEL_CONFIDENTIALITY] = "confidentiality",
};

const char *ld_level_to_string(enum ld_level level)
{
	if (level < 0 || level >= _LD_LEVEL_MAX)
		return NULL;
	return level_names[level];
}

static int level_from_span(const char *s, size_t len, enum ld_level *ret)
{
	for (int i = 0; i < _LD_LEVEL_MAX; i++) {
		if (strlen(level_names[i]) == len && memcmp(level_names[i], s, len) == 0) {
			*ret = (enum ld_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

int ld_level_from_string(const char *s, enum ld_level *ret)
{
	if (!s)
		return -EINVAL;
	return level_from_span(s, strlen(s), ret);
}

int ld_securityfs_parse_level(const char *buf, size_t len, enum ld_level *ret)
{
	enum ld_level found = _LD_LEVEL_INVALID;
	size_t i = 0;

	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len == 0)
		return -EBADMSG;
	while (i < len) {
		bool bracketed = false;
		enum ld_level level;
		size_t start, end;

		if (buf[i] == ' ') {
			/* exactly one space between tokens, none at either end */
			if (i == 0 || i + 1 == len || buf[i + 1] == ' ')
				return -EBADMSG;
			i++;
			continue;
		}
		start = i;
		while (i < len && buf[i] != ' ')
			i++;
		end = i;
		if (buf[start] == '[') {
			if (end - start < 3 || buf[end - 1] != ']')
				return -EBADMSG;
			bracketed = true;
			start++;
			end--;
		}
		if (memchr(buf + start, '\0', end - start))
			return -EBADMSG;
		if (level_from_span(buf + start, end - start, &level) < 0)
			return -EBADMSG;
		if (bracketed) {
			if (found != _LD_LEVEL_INVALID)
				return -EBADMSG;
			found = level;
		}
	}
	if (found == _LD_LEVEL_INVALID)
		return -EBADMSG;
	*ret = found;
	return 0;
}

int ld_securityfs_check_write(enum ld_level current, const char *text, size_t len,
			      enum ld_level *ret_level)
{
	enum ld_level level;
	const char *nul = memchr(text, '\0', len);

	/* the kernel copies the buffer and compares it with strcmp() */
	if (nul)
		len = (size_t)(nul - text);
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (level_from_span(text, len, &level) < 0)
		return -EINVAL;
	if (ret_level)
		*ret_level = level;
	return level > current ? 0 : -EPERM;
}
