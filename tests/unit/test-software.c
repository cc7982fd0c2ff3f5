// SPDX-License-Identifier: GPL-2.0-or-later
/* check's knowledge base of software, and the dpkg status reader it matches with. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "check/dpkg.h"
#include "lockdown/reasons.h"
#include "check/rpmdb.h"
#include "check/software.h"

static int collect(const char *name, size_t len, void *userdata)
{
	char *all = userdata;

	strncat(all, name, len);
	strcat(all, " ");
	return 0;
}

static char *installed(const char *text)
{
	static char all[4096];

	all[0] = '\0';
	assert_int_equal(0, ld_dpkg_installed(text, strlen(text), collect, all));
	return all;
}

/* A real status file's stanzas (with its continuation lines' blanks lost), read as dpkg would. */
static void test_dpkg_real(void **state)
{
	char path[4096], *buf;
	FILE *f;
	long n;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/unit/data/dpkg-status-ubuntu2204-excerpt", getenv("LD_TOP"));
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(1, fread(buf, (size_t)n, 1, f));
	fclose(f);
	assert_string_equal("dmeventd dmidecode dmsetup ", installed(buf));
	free(buf);
}

/* Only packages whose files are on disk; the stanza's end is a blank line or the end of the text. */
static void test_dpkg_states(void **state)
{
	(void)state;
	assert_string_equal("a d e ", installed("Package: a\nStatus: install ok installed\n\n"
						"Package: b\nStatus: deinstall ok config-files\n\n"
						"Package: c\nStatus: purge ok not-installed\n\n"
						"Package: d\nStatus: install reinstreq half-configured\n\n"
						"package: e\r\nstatus: install ok unpacked\r\n"));
	/* control: the same stanzas, all installed */
	assert_string_equal("b c ", installed("Package: b\nStatus: install ok installed\n\n"
					      "Package: c\nStatus: hold ok installed"));
	/* a Package in a description's text (continuation) is not a field; an empty name is no package */
	assert_string_equal("x ", installed("Package: x\nDescription: y\n Package: z\nStatus: install ok installed\n\n"
					    "Package:\nStatus: install ok installed\n"));
	assert_string_equal("", installed(""));
	assert_string_equal("", installed("Status: install ok installed\n"));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(1, fread(buf, (size_t)n, 1, f));
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A database rpm 4.18 wrote (WAL mode, one package removed): the installed names, sorted. */
static void test_rpmdb_real(void **state)
{
	char path[4096], all[4096] = "", *buf;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/check-rpm" LD_RPMDB_SYSIMAGE, getenv("LD_FIXTURES"));
	buf = slurp(path, &len);
	assert_int_equal(0, ld_rpmdb_installed(buf, len, collect, all));
	assert_string_equal("flashrom kexec-tools pciutils rasdaemon ", all);
	/* the bytes were only read (the WAL mark is changed in a copy) */
	assert_int_equal(2, buf[18]);
	/* not a database, a truncated one, an SQLite file without rpm's table: refused, not guessed */
	all[0] = '\0';
	assert_int_equal(-EINVAL, ld_rpmdb_installed("Package: flashrom\n", 18, collect, all));
	assert_int_equal(-EINVAL, ld_rpmdb_installed(buf, 99, collect, all));
	assert_int_equal(-EINVAL, ld_rpmdb_installed(buf, 4096, collect, all));
	assert_string_equal("", all);
	free(buf);
}

static int stop_at_two(const char *name, size_t len, void *userdata)
{
	int *n = userdata;

	(void)name;
	(void)len;
	return ++*n == 2 ? -ECANCELED : 0;
}

/* What the callback returns ends the walk and is returned. */
static void test_rpmdb_stop(void **state)
{
	char path[4096], *buf;
	size_t len;
	int n = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/check-rpm" LD_RPMDB_SYSIMAGE, getenv("LD_FIXTURES"));
	buf = slurp(path, &len);
	assert_int_equal(-ECANCELED, ld_rpmdb_installed(buf, len, stop_at_two, &n));
	assert_int_equal(2, n);
	free(buf);
}

/* bytes of a database made by SQL (a file as a hostile root could hold it) */
static unsigned char *db_of(const char *sql, sqlite3_int64 *len)
{
	sqlite3 *h = NULL;
	unsigned char *bytes;

	assert_int_equal(SQLITE_OK, sqlite3_open(":memory:", &h));
	assert_int_equal(SQLITE_OK, sqlite3_exec(h, sql, NULL, NULL, NULL));
	bytes = sqlite3_serialize(h, "main", len, 0);
	assert_non_null(bytes);
	sqlite3_close(h);
	return bytes;
}

/* Name as a view that never ends is refused before it runs; a plain table, the control, is read */
static void test_rpmdb_hostile(void **state)
{
	char all[256] = "";
	sqlite3_int64 len;
	unsigned char *db;

	(void)state;
	db = db_of("CREATE VIEW Name AS WITH RECURSIVE r(key) AS (SELECT 'a' UNION ALL SELECT key || 'a' FROM r) "
		   "SELECT key FROM r;", &len);
	assert_int_equal(-EINVAL, ld_rpmdb_installed(db, (size_t)len, collect, all));
	assert_string_equal("", all);
	sqlite3_free(db);
	db = db_of("CREATE TABLE Name (key TEXT, hnum INTEGER, idx INTEGER); INSERT INTO Name VALUES ('flashrom', 1, 0);", &len);
	assert_int_equal(0, ld_rpmdb_installed(db, (size_t)len, collect, all));
	assert_string_equal("flashrom ", all);
	sqlite3_free(db);
}

static void test_builtin_kb(void **state)
{
	struct ld_software_kb kb = { 0 };
	char *error = NULL;
	size_t packaged = 0, unverified = 0;

	(void)state;
	assert_int_equal(0, ld_software_kb_builtin(&kb, &error));
	assert_null(error);
	assert_true(kb.n >= 30);
	for (size_t i = 0; i < kb.n; i++) {
		const struct ld_software *s = &kb.v[i];

		packaged += s->package != NULL;
		unverified += !s->verified;
		assert_int_equal(s->level, ld_reason_known_level(s->reason));
		assert_true(s->n_sources > 0 && s->n_binaries > 0);
	}
	assert_true(packaged >= 15);
	assert_true(unverified < kb.n / 2);
	ld_software_kb_clear(&kb);
}

static int parse_error(const char *entry, const char *want)
{
	char text[4096], *error = NULL;
	struct ld_software_kb kb = { 0 };
	int r;

	snprintf(text, sizeof(text), "{\"software\": [%s]}", entry);
	r = ld_software_kb_parse(text, strlen(text), &kb, &error);
	if (r == 0) {
		ld_software_kb_clear(&kb);
		return want == NULL ? 0 : -1;
	}
	if (!want || !error || !strstr(error, want))
		fail_msg("'%s': error '%s', want '%s'", entry, error ? error : "(none)", want ? want : "(none)");
	free(error);
	return r;
}

#define GOOD_HEAD "\"binaries\": [\"/usr/sbin/wrmsr\"], \"operation\": \"writes MSRs\", \"command\": \"wrmsr 1 2\", "
#define GOOD_TAIL "\"error\": \"e\", \"advice\": \"a\", \"verified\": true, \"sources\": [\"x#1\"]"

/* Each way an entry can be wrong is refused, naming it; the control is accepted. */
static void test_kb_errors(void **state)
{
	(void)state;
	assert_int_equal(0, parse_error("{" GOOD_HEAD "\"reason\": \"LOCKDOWN_MSR\", \"level\": \"integrity\", " GOOD_TAIL "}",
					 NULL));
	assert_int_equal(-EBADMSG, parse_error("{" GOOD_HEAD "\"reason\": \"LOCKDOWN_MSR\", \"level\": \"confidentiality\", " GOOD_TAIL "}",
					       "level other than its reason's"));
	assert_int_equal(-EBADMSG, parse_error("{" GOOD_HEAD "\"reason\": \"LOCKDOWN_NOPE\", \"level\": \"integrity\", " GOOD_TAIL "}",
					       "reason lockdownctl does not know"));
	assert_int_equal(-EBADMSG, parse_error("{" GOOD_HEAD "\"reason\": \"LOCKDOWN_MSR\", \"level\": \"integrity\", \"error\": \"e\", "
					       "\"advice\": \"a\", \"verified\": true}", "lacks one of"));
	assert_int_equal(-EBADMSG, parse_error("{\"binaries\": [\"wrmsr\"], \"operation\": \"o\", \"command\": \"c\", "
					       "\"reason\": \"LOCKDOWN_MSR\", \"level\": \"integrity\", " GOOD_TAIL "}",
					       "not an absolute path"));
	assert_int_equal(-EBADMSG, parse_error("{" GOOD_HEAD "\"units\": [\"../x.service\"], \"reason\": \"LOCKDOWN_MSR\", "
					       "\"level\": \"integrity\", " GOOD_TAIL "}", "unit name with a slash"));
	assert_int_equal(-EBADMSG, parse_error("{" GOOD_HEAD "\"binaries\": [1], \"reason\": \"LOCKDOWN_MSR\", "
					       "\"level\": \"integrity\", " GOOD_TAIL "}", "not of strings"));
	assert_int_equal(-EBADMSG, parse_error("7", "entry 1 (?) is not an object"));
	{
		struct ld_software_kb kb = { 0 };
		char *error = NULL;

		assert_int_equal(-EBADMSG, ld_software_kb_parse("{\"software\": [", 14, &kb, &error));
		assert_non_null(strstr(error, "not JSON"));
		free(error);
		error = NULL;
		assert_int_equal(-EBADMSG, ld_software_kb_parse("{}", 2, &kb, &error));
		assert_non_null(strstr(error, "no \"software\" list"));
		free(error);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkg_real),
		cmocka_unit_test(test_dpkg_states),
		cmocka_unit_test(test_rpmdb_real),
		cmocka_unit_test(test_rpmdb_stop),
		cmocka_unit_test(test_rpmdb_hostile),
		cmocka_unit_test(test_builtin_kb),
		cmocka_unit_test(test_kb_errors),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
