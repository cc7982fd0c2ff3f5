// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which packages rpm's SQLite database lists (see lockdown/rpmdb.h). */
#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "check/rpmdb.h"

#define SQLITE_MAGIC "SQLite format 3"

/* called every 1000 steps of the query: stop after 100 million */
static int too_long(void *userdata)
{
	unsigned *calls = userdata;

	return ++*calls > 100000;
}

static int err_of(int rc)
{
	return rc == SQLITE_NOMEM ? -ENOMEM : -EINVAL;
}

/* A read-only database over a copy of the bytes, or NULL with *ret_err. */
static sqlite3 *open_copy(const void *db, size_t len, int *ret_err)
{
	sqlite3 *h = NULL;
	unsigned char *copy;
	int rc;

	if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		*ret_err = -ENOMEM;
		return NULL;
	}
	/* sqlite owns the copy from here (FREEONCLOSE), whatever deserialize returns */
	copy = sqlite3_malloc64(len);
	if (!copy) {
		sqlite3_close(h);
		*ret_err = -ENOMEM;
		return NULL;
	}
	memcpy(copy, db, len);
	/* file format versions 2 (WAL) cannot be read from memory: 1 is the same pages without it */
	if (copy[18] == 2)
		copy[18] = 1;
	if (copy[19] == 2)
		copy[19] = 1;
	rc = sqlite3_deserialize(h, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		sqlite3_close(h);
		*ret_err = err_of(rc);
		return NULL;
	}
	return h;
}

int ld_rpmdb_installed(const void *db, size_t len, ld_dpkg_fn fn, void *userdata)
{
	sqlite3_stmt *q = NULL;
	sqlite3 *h;
	int r = 0, rc;
	const unsigned char *type;

	if (len < 100 || memcmp(db, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) != 0 ||
	    len > (size_t)0x7fffffff)
		return -EINVAL;
	h = open_copy(db, len, &r);
	if (!h)
		return r;
	/*
	 * A hostile file must not make the query run away: Name must be a table
	 * (a view could recurse without end), and the work is bounded anyway
	 * (a real database of 10,000 packages takes a few thousand steps).
	 */
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_limit(h, SQLITE_LIMIT_LENGTH, 1 << 20);
	sqlite3_progress_handler(h, 1000, too_long, &(unsigned){ 0 });
	rc = sqlite3_prepare_v2(h, "SELECT type FROM sqlite_master WHERE name = 'Name'", -1, &q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	type = rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
	if (!type || strcmp((const char *)type, "table") != 0) {
		r = err_of(rc);
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	rc = sqlite3_prepare_v2(h, "SELECT key FROM Name ORDER BY key", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		r = err_of(rc);
		goto out;
	}
	while (r >= 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(q, 0);
		int n = sqlite3_column_bytes(q, 0);

		/* TEXT may hold a NUL in a damaged file: no package name does */
		if (name && n > 0 && !memchr(name, '\0', (size_t)n))
			r = fn((const char *)name, (size_t)n, userdata);
	}
	if (r >= 0 && rc != SQLITE_DONE)
		r = err_of(rc);
out:
	sqlite3_finalize(q);
	sqlite3_close(h);
	return r;
}
