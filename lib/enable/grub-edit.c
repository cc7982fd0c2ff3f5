// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * GRUB without grub.d: the GRUB_CMDLINE_LINUX* assignments of
 * /etc/default/grub edited in place, every other byte kept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockdown/atomicfile.h"
#include "lockdown/enable.h"
#include "lockdown/root.h"
#include "bootplan.h"

/* ---- GRUB without grub.d: edit the GRUB_CMDLINE_LINUX* assignments in place ---- */

/* The first NAME= assignment at a line start from `from`: its value [*vs, *ve) inside its quotes. */
static bool grub_find_from(const char *buf, size_t len, const char *name, size_t from, size_t *vs,
			   size_t *ve, char *q)
{
	size_t nl = strlen(name);

	for (size_t i = from; i < len;) {
		size_t j = i;

		/* only at a line start */
		if (i > 0 && buf[i - 1] != '\n') {
			while (i < len && buf[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
			j++;
		/* the first byte before memcmp: most lines are neither (one call fewer a line) */
		if (len - j > 7 && buf[j] == 'e' && memcmp(buf + j, "export", 6) == 0 &&
		    (buf[j + 6] == ' ' || buf[j + 6] == '\t')) {
			j += 6;
			while (j < len && (buf[j] == ' ' || buf[j] == '\t'))
				j++;
		}
		if (len - j > nl && buf[j] == name[0] && memcmp(buf + j, name, nl) == 0 && buf[j + nl] == '=') {
			size_t k = j + nl + 1;
			char quote = k < len && (buf[k] == '"' || buf[k] == '\'') ? buf[k] : 0;
			size_t end;

			if (quote) {
				end = k + 1;
				while (end < len && buf[end] != quote)
					end += quote == '"' && buf[end] == '\\' && end + 1 < len ? 2 : 1;
				if (end >= len)
					return false; /* unterminated: refuse to guess */
				*vs = k + 1;
				*ve = end;
			} else {
				end = k;
				while (end < len && buf[end] != ' ' && buf[end] != '\t' && buf[end] != '\r' &&
				       buf[end] != '\n' && buf[end] != ';' && buf[end] != '#')
					end++;
				*vs = k;
				*ve = end;
			}
			*q = quote;
			return true;
		}
		while (i < len && buf[i] != '\n')
			i++;
		i++;
	}
	return false;
}

/* The last NAME= assignment. */
static bool grub_find(const char *buf, size_t len, const char *name, size_t *vs, size_t *ve, char *q)
{
	size_t from = 0, a, b;
	char qq;
	bool found = false;

	while (grub_find_from(buf, len, name, from, &a, &b, &qq)) {
		*vs = a;
		*ve = b;
		*q = qq;
		found = true;
		from = b;
	}
	return found;
}

/* buf with [vs, ve) replaced by val (quoted with "..." if it had no quotes and needs them). */
static char *splice_value(const char *buf, size_t len, size_t vs, size_t ve, const char *val,
			  size_t vlen, bool add_quotes, size_t *ret_len)
{
	size_t n = len - (ve - vs) + vlen + (add_quotes ? 2 : 0);
	char *s = malloc(n + 1), *p = s;

	if (!s)
		return NULL;
	memcpy(p, buf, vs);
	p += vs;
	if (add_quotes)
		*p++ = '"';
	memcpy(p, val, vlen);
	p += vlen;
	if (add_quotes)
		*p++ = '"';
	memcpy(p, buf + ve, len - ve);
	s[n] = '\0';
	*ret_len = n;
	return s;
}

/*
 * Edit every assignment of one variable: lockdown= out (and, enabling,
 * lockdown into each lsm= lacking it); the last GRUB_CMDLINE_LINUX also
 * gets lockdown=LEVEL (an assignment is added when there is none).
 */
static int grub_edit_var(char **buf, size_t *len, const char *name, enum ld_level level,
			 const char *add_lsm)
{
	bool linux_var = strcmp(name, "GRUB_CMDLINE_LINUX") == 0;
	size_t vs, ve, vlen, n, count = 0, from = 0, copied;
	char q, *val = NULL, *s;
	FILE *f;
	int r;

	while (grub_find_from(*buf, *len, name, from, &vs, &ve, &q)) {
		count++;
		from = ve;
	}
	if (!count) {
		if (level == LD_LEVEL_NONE || !linux_var)
			return 0;
		/* no such assignment: add one at the end */
		if (asprintf(&val, "%s%s=\"lockdown=%s%s%s\"\n",
			     *len && (*buf)[*len - 1] != '\n' ? "\n" : "", name,
			     ld_level_to_string(level), add_lsm ? " lsm=" : "",
			     add_lsm ? add_lsm : "") < 0)
			return -ENOMEM;
		s = splice_value(*buf, *len, *len, *len, val, strlen(val), false, &n);
		free(val);
		if (!s)
			return -ENOMEM;
		free(*buf);
		*buf = s;
		*len = n;
		return 0;
	}
	/* one pass: each assignment's value replaced, everything between copied as it is */
	f = open_memstream(&s, &n);
	if (!f)
		return -ENOMEM;
	r = 0;
	from = copied = 0;
	for (size_t k = 0; r == 0 && k < count; k++) {
		bool quote_it;

		if (!grub_find_from(*buf, *len, name, from, &vs, &ve, &q)) {
			r = -EBADMSG;
			break;
		}
		from = ve;
		if (level == LD_LEVEL_NONE)
			r = ld_bootcmd_strip(*buf + vs, ve - vs, &val, &vlen);
		else if (linux_var && k == count - 1)
			r = ld_bootcmd_enable(*buf + vs, ve - vs, level, add_lsm, &val, &vlen);
		else
			r = ld_bootcmd_enable(*buf + vs, ve - vs, LD_LEVEL_NONE, NULL, &val, &vlen);
		if (r < 0)
			break;
		quote_it = !q && (memchr(val, ' ', vlen) || memchr(val, '\t', vlen));
		fwrite(*buf + copied, 1, vs - copied, f);
		if (quote_it)
			fputc('"', f);
		fwrite(val, 1, vlen, f);
		if (quote_it)
			fputc('"', f);
		copied = ve;
		free(val);
		val = NULL;
	}
	fwrite(*buf + copied, 1, *len - copied, f);
	if (fclose(f) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(s);
		return r;
	}
	free(*buf);
	*buf = s;
	*len = n;
	return 0;
}

static int grub_edit_raw(const char *old, size_t old_len, enum ld_level level,
			 const char *add_lsm, char **ret, size_t *ret_len)
{
	char *buf = ld_plan_memdup(old, old_len);
	size_t len = old_len;
	int r;

	if (!buf)
		return -ENOMEM;
	r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX_DEFAULT", level, NULL);
	if (r == 0)
		r = grub_edit_var(&buf, &len, "GRUB_CMDLINE_LINUX", level, add_lsm);
	if (r < 0) {
		free(buf);
		return r;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

/*
 * A shell file can fool a line-by-line reading (a quoted value spanning
 * lines, quotes inside quotes). Rather than guess, check the result: the
 * last GRUB_CMDLINE_LINUX must now say the level on one line, and a second
 * edit must change nothing. Otherwise -EBADMSG: edit the file by hand.
 */
int ld_grub_edit_file(const char *old, size_t old_len, enum ld_level level, const char *add_lsm,
		      char **ret, size_t *ret_len)
{
	char *out = NULL, *again = NULL, q;
	size_t n, n2, vs, ve;
	int r = grub_edit_raw(old, old_len, level, add_lsm, &out, &n);

	if (r < 0)
		return r;
	if (level != LD_LEVEL_NONE &&
	    (!grub_find(out, n, "GRUB_CMDLINE_LINUX", &vs, &ve, &q) ||
	     memchr(out + vs, '\n', ve - vs) || ld_bootcmd_level(out + vs, ve - vs) != level))
		r = -EBADMSG;
	if (r == 0 && (r = grub_edit_raw(out, n, level, NULL, &again, &n2)) == 0 &&
	    (n2 != n || memcmp(again, out, n) != 0))
		r = -EBADMSG;
	free(again);
	if (r < 0) {
		free(out);
		return r == -ENOMEM ? r : -EBADMSG;
	}
	*ret = out;
	*ret_len = n;
	return 0;
}

static int grub_file_enable(const struct ld_root *root, const struct ld_lsm_facts *f, const char *in,
			    size_t len, enum ld_level level, char **ret, size_t *ret_len)
{
	char *line = NULL, *lsm = NULL;
	bool approx;
	int r = ld_grub_cmdline(root, in, len, false, NULL, 0, NULL, &line, &approx, NULL);

	if (r == 0 && !ld_grub_has_lsm(line) && level != LD_LEVEL_NONE)
		r = ld_bootcmd_needed_lsm(f, &lsm);
	if (r == 0)
		r = ld_grub_edit_file(in, len, level, lsm, ret, ret_len);
	free(line);
	free(lsm);
	return r;
}

int ld_plan_grub_file(const struct ld_root *root, enum ld_level level,
			  const struct ld_lsm_facts *f, struct ld_boot_plan *p)
{
	char *old = NULL, *new = NULL, *before = NULL, *after = NULL;
	size_t old_len = 0, new_len = 0;
	unsigned flags = 0;
	bool a1 = false, a2 = false;
	int r;

	r = ld_plan_read_edit(root, "/etc/default/grub", p, &old, &old_len);
	if (r < 0)
		return r;
	if (!old) {
		ld_plan_set_str(&p->error, "/etc/default/grub does not exist");
		return -ENOENT;
	}
	if (level == LD_LEVEL_NONE)
		r = ld_plan_undo(root, "/etc/default/grub", old, old_len, grub_file_enable, f, NULL, 0, p,
			      &new, &new_len, &flags);
	else
		r = grub_file_enable(root, f, old, old_len, level, &new, &new_len);
	if (r == -EBADMSG)
		ld_plan_set_str(&p->error, "/etc/default/grub: cannot edit its GRUB_CMDLINE_LINUX so that it reads "
				   "back as asked (a quoted value across lines, or quotes inside quotes): "
				   "add lockdown=%s to it by hand",
			level == LD_LEVEL_NONE ? "..." : ld_level_to_string(level));
	if (r == 0)
		r = ld_grub_cmdline(root, old, old_len, false, NULL, 0, NULL, &before, &a1, NULL);
	if (r == 0 && new)
		r = ld_grub_cmdline(root, new, new_len, false, NULL, 0, NULL, &after, &a2, p);
	else if (r == 0)
		r = ld_grub_cmdline(root, old, old_len, false, NULL, 0, NULL, &after, &a2, p);
	if (r == 0 && !new) {
		/* nothing to change (disable without anything of ours) */
		new = ld_plan_memdup(old, old_len);
		new_len = old_len;
		if (!new)
			r = -ENOMEM;
	}
	return ld_grub_plan_finish(root, p, f, r, "/etc/default/grub", old, old_len, new, new_len,
				   before, after, a2, flags);
}
