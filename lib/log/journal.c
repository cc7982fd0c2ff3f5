// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * log from the systemd journal (sd-journal): the kernel transport only, so
 * a program that logs "Lockdown: ..." through syslog is never taken for the
 * kernel; every boot the journal keeps, or the one asked for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "lockdown/log.h"
#include "lockdown/root.h"

/*
 * Under --root the journal directory is opened beneath the root and handed
 * over as a descriptor: a linked var/log never makes it read another
 * directory's journal. The descriptor stays ours, and open until
 * close_journal().
 */
static int open_journal(const struct ld_root *root, const struct ld_journal_opts *o,
			sd_journal **ret, int *ret_dirfd)
{
	static const char *const dirs[] = { "/var/log/journal", "/run/log/journal" };
	int r = -ENOENT;

	*ret_dirfd = -1;
	if (o->file) {
		const char *files[] = { o->file, NULL };

		return sd_journal_open_files(ret, files, 0);
	}
	if (ld_root_is_live(root))
		return sd_journal_open(ret, SD_JOURNAL_LOCAL_ONLY | SD_JOURNAL_SYSTEM);
	/* a copied tree: its persistent journal, else the volatile one */
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int fd = ld_root_openat(root, dirs[i], O_RDONLY | O_DIRECTORY);

		if (fd < 0) {
			r = fd;
			continue;
		}
		r = sd_journal_open_directory_fd(ret, fd, 0);
		if (r >= 0) {
			*ret_dirfd = fd;
			return r;
		}
		close(fd);
	}
	return r;
}

static void close_journal(sd_journal *j, int dirfd)
{
	sd_journal_close(j);
	if (dirfd >= 0)
		close(dirfd);
}

static int field(sd_journal *j, const char *name, const char **ret, size_t *ret_len)
{
	const void *data;
	size_t len, n = strlen(name);
	int r = sd_journal_get_data(j, name, &data, &len);

	if (r < 0)
		return r;
	if (len < n + 1)
		return -EBADMSG;
	*ret = (const char *)data + n + 1;
	*ret_len = len - n - 1;
	return 0;
}

int ld_journal_list_boots(const struct ld_root *root, const struct ld_journal_opts *o,
			  struct ld_journal_boot **ret, size_t *ret_n)
{
	struct ld_journal_boot *boots = NULL;
	size_t n = 0;
	sd_journal *j = NULL;
	int dirfd, r = open_journal(root, o, &j, &dirfd);

	if (r < 0)
		return r;
	if ((r = sd_journal_add_match(j, "_TRANSPORT=kernel", 0)) < 0)
		goto out;
	SD_JOURNAL_FOREACH(j)
	{
		sd_id128_t boot;
		uint64_t t, mono;
		char id[SD_ID128_STRING_MAX];
		size_t i;

		if (sd_journal_get_monotonic_usec(j, &mono, &boot) < 0 ||
		    sd_journal_get_realtime_usec(j, &t) < 0)
			continue;
		sd_id128_to_string(boot, id);
		for (i = 0; i < n && strcmp(boots[i].id, id) != 0; i++)
			;
		if (i == n) {
			struct ld_journal_boot *b = reallocarray(boots, n + 1, sizeof(*b));

			if (!b) {
				r = -ENOMEM;
				goto out;
			}
			boots = b;
			memset(&boots[n], 0, sizeof(boots[n]));
			snprintf(boots[n].id, sizeof(boots[n].id), "%s", id);
			boots[n].first_us = boots[n].last_us = t;
			n++;
		}
		if (t < boots[i].first_us)
			boots[i].first_us = t;
		if (t > boots[i].last_us)
			boots[i].last_us = t;
		boots[i].entries++;
	}
	/* oldest first, like journalctl --list-boots */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (boots[b].first_us < boots[a].first_us) {
				struct ld_journal_boot t = boots[a];

				boots[a] = boots[b];
				boots[b] = t;
			}
	r = 0;
out:
	close_journal(j, dirfd);
	if (r < 0) {
		free(boots);
		return r;
	}
	*ret = boots;
	*ret_n = n;
	return 0;
}

/* "ID", or an offset: 0 the last boot, -1 the one before... */
static int resolve_boot(const struct ld_root *root, const struct ld_journal_opts *o, char *id,
			size_t size)
{
	struct ld_journal_boot *boots = NULL;
	size_t n = 0;
	char *end;
	long off;
	int r;

	if (strlen(o->boot) == 32) {
		snprintf(id, size, "%s", o->boot);
		return 0;
	}
	off = strtol(o->boot, &end, 10);
	if (*end || off > 0)
		return -EINVAL;
	r = ld_journal_list_boots(root, o, &boots, &n);
	if (r < 0)
		return r;
	if ((size_t)(-off) >= n)
		r = -ENOENT;
	else
		snprintf(id, size, "%s", boots[n - 1 - (size_t)(-off)].id);
	free(boots);
	return r;
}

static int emit(sd_journal *j, ld_journal_fn fn, void *userdata, const struct ld_journal_opts *o)
{
	struct ld_logline l = { .mono_us = -1, .realtime_us = -1, .trusted = true,
				.from_kernel = true };
	sd_id128_t boot;
	uint64_t t, mono;
	const char *msg;
	size_t len;

	if (field(j, "MESSAGE", &msg, &len) < 0)
		return 0;
	if (sd_journal_get_realtime_usec(j, &t) == 0) {
		if ((o->since_us > 0 && (int64_t)t < o->since_us) ||
		    (o->until_us > 0 && (int64_t)t > o->until_us))
			return 0;
		l.realtime_us = (int64_t)t;
	}
	if (sd_journal_get_monotonic_usec(j, &mono, &boot) == 0) {
		l.mono_us = (int64_t)mono;
		sd_id128_to_string(boot, l.boot);
	}
	l.msg = msg;
	l.msg_len = len;
	return fn(&l, userdata);
}

int ld_journal_scan(const struct ld_root *root, const struct ld_journal_opts *o, bool follow,
		    ld_journal_fn fn, void *userdata, volatile int *stop)
{
	char match[64], id[40];
	sd_journal *j = NULL;
	int dirfd, r = open_journal(root, o, &j, &dirfd);

	if (r < 0)
		return r;
	/* the kernel transport only: the trust boundary of this source */
	r = sd_journal_add_match(j, "_TRANSPORT=kernel", 0);
	if (r == 0 && o->boot) {
		r = resolve_boot(root, o, id, sizeof(id));
		if (r == 0) {
			snprintf(match, sizeof(match), "_BOOT_ID=%s", id);
			r = sd_journal_add_match(j, match, 0);
		}
	}
	if (r < 0)
		goto out;
	if (follow) {
		r = sd_journal_seek_tail(j);
		if (r == 0)
			r = sd_journal_previous(j) < 0 ? -EIO : 0;
	}
	while (r >= 0 && !(stop && *stop)) {
		r = sd_journal_next(j);
		if (r < 0)
			break;
		if (r == 0) {
			if (!follow)
				break;
			r = sd_journal_wait(j, 250000);
			continue;
		}
		r = emit(j, fn, userdata, o);
	}
out:
	close_journal(j, dirfd);
	return r < 0 ? r : 0;
}
