// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which packages dpkg's status file says are on disk (see lockdown/dpkg.h). */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "check/dpkg.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* "Name: value" at the start of LINE: the value, trimmed, or NULL. */
static const char *field(const char *line, size_t n, const char *name, size_t *ret_len)
{
	size_t k = strlen(name);
	const char *v;

	if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return NULL;
	v = line + k + 1;
	n -= k + 1;
	while (n > 0 && blank(*v))
		v++, n--;
	while (n > 0 && blank(v[n - 1]))
		n--;
	*ret_len = n;
	return v;
}

/* Does a Status value ("install ok installed") say the package's files are there? */
static bool on_disk(const char *v, size_t n)
{
	static const char *const states[] = { "installed",	  "unpacked",	      "half-configured",
					      "half-installed",	  "triggers-awaited", "triggers-pending" };
	size_t w = n;

	while (w > 0 && !blank(v[w - 1]))
		w--;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (n - w == strlen(states[i]) && memcmp(v + w, states[i], n - w) == 0)
			return true;
	return false;
}

int ld_dpkg_installed(const char *buf, size_t len, ld_dpkg_fn fn, void *userdata)
{
	const char *name = NULL;
	size_t name_len = 0, pos = 0;
	bool present = false;

	while (pos <= len) {
		const char *line = buf + pos, *nl = memchr(line, '\n', len - pos), *v;
		size_t n = nl ? (size_t)(nl - line) : len - pos, vl, i = 0;

		while (i < n && blank(line[i]))
			i++;
		if (i == n) { /* a blank line (or the end): the stanza is complete */
			if (name && name_len && present) {
				int r = fn(name, name_len, userdata);

				if (r < 0)
					return r;
			}
			name = NULL;
			present = false;
		} else if ((v = field(line, n, "Package", &vl)) != NULL) {
			name = v;
			name_len = vl;
		} else if ((v = field(line, n, "Status", &vl)) != NULL)
			present = on_disk(v, vl);
		if (!nl)
			break;
		pos += n + 1;
	}
	/* the last stanza, when the text does not end with a newline */
	return name && name_len && present ? fn(name, name_len, userdata) : 0;
}
