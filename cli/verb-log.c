// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl log: the lockdown refusals the kernel has logged, added up
 * per reason and process, and explained. Sources: /dev/kmsg (default), the
 * systemd journal, or text files (dmesg, journalctl, syslog).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log-render.h"
#include "lockdown/log.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "output.h"

enum { OPT_JOURNAL = 0x400, OPT_LIST_BOOTS, OPT_SINCE, OPT_UNTIL };

const struct cli_option cli_log_options[] = {
	{ "file", 'f', required_argument, "FILE",
	  "Read a saved log ('-': stdin): dmesg, journalctl -k (short or\n"
	  "-o json), syslog kern.log, or /dev/kmsg records" },
	{ "journal", OPT_JOURNAL, optional_argument, "FILE",
	  "Read the systemd journal (kernel transport only), or a journal file" },
	{ "boot", 'b', required_argument, "ID|OFFSET",
	  "Journal: one boot (0 the last, -1 the one before, or its id)" },
	{ "list-boots", OPT_LIST_BOOTS, no_argument, NULL, "Journal: list the boots it keeps" },
	{ "since", OPT_SINCE, required_argument, "TIME",
	  "Only from TIME (\"YYYY-MM-DD [HH:MM[:SS]]\", UTC)" },
	{ "until", OPT_UNTIL, required_argument, "TIME", "Only up to TIME" },
	{ "follow", 'F', no_argument, NULL,
	  "Print refusals as the kernel logs them (kmsg or journal)" },
	{ 0 },
};

const char cli_log_examples[] =
	"  lockdownctl log\n"
	"  lockdownctl log --journal --boot -1\n"
	"  journalctl -k -o json | lockdownctl log --file -\n"
	"  lockdownctl log --follow --json\n";


static volatile int stop_requested;
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_follow(const struct ld_logline *l, const struct ld_logmsg *m, void *userdata)
{
	const struct cli_opts *opts = userdata;

	log_print_follow(l, m, opts->json != JSON_OFF);
}

static int list_boots(const struct ld_root *root, const struct ld_log_request *q,
		      const struct cli_opts *opts)
{
	struct ld_journal_opts jo = { .file = q->journal_file, .boot = q->boot,
				      .since_us = q->since_us, .until_us = q->until_us };
	struct ld_journal_boot *boots = NULL;
	size_t n = 0;
	int r = ld_journal_list_boots(root, &jo, &boots, &n);

	if (r < 0)
		return cli_error("cannot read the journal: %s", ld_strerror(-r));
	r = log_print_boots(boots, n, opts->json);
	free(boots);
	return r;
}

/* Why the source could not be read, in words (a --file refused by what it is, by name). */
static int read_error(const struct ld_log_report *rep, int err)
{
	char *safe = text_escape(rep->source);
	const char *what = rep->open_what;
	int r;

	if (rep->failure == LD_LOG_FAIL_OPEN && what)
		r = cli_error("cannot read '%s': it is %s%s", safe ? safe : "?", what,
			      err == -EISDIR ? ""
			      : strcmp(what, "a FIFO") == 0
				      ? " (named pipe); to read a pipe, give it on standard input with --file -"
				      : ", not a log file");
	else if (rep->failure == LD_LOG_FAIL_OPEN)
		r = cli_error("cannot open '%s': %s", safe ? safe : "?", ld_strerror(-err));
	else
		r = cli_error("cannot read '%s': %s%s", safe ? safe : "?", ld_strerror(-err),
			      err == -EPERM || err == -EACCES ? " (kernel.dmesg_restrict: run as root)" : "");
	free(safe);
	return r;
}

struct log_args {
	struct ld_log_request *q;
	bool list;
};

static int log_option(int c, const char *arg, void *userdata)
{
	struct log_args *a = userdata;
	int r;

	switch (c) {
	case 'f':
		a->q->file = arg;
		break;
	case OPT_JOURNAL:
		a->q->journal = true;
		a->q->journal_file = arg;
		break;
	case 'b':
		a->q->boot = arg;
		break;
	case OPT_LIST_BOOTS:
		a->list = true;
		break;
	case OPT_SINCE:
	case OPT_UNTIL:
		r = ld_log_parse_time(arg, c == OPT_SINCE ? &a->q->since_us : &a->q->until_us);
		if (r == -ERANGE)
			return cli_usage_error("log", "invalid time '%s' for %s: no such date or time",
					       arg, c == OPT_SINCE ? "--since" : "--until");
		if (r < 0)
			return cli_usage_error("log", "invalid time '%s' for %s (YYYY-MM-DD [HH:MM[:SS]])",
					       arg, c == OPT_SINCE ? "--since" : "--until");
		break;
	case 'F':
		a->q->follow = true;
		break;
	}
	return 0;
}

int verb_log(int argc, char **argv, struct cli_opts *opts)
{
	struct ld_log_request q = { .stop = &stop_requested };
	struct ld_log_report rep = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	struct log_args a = { .q = &q };
	int r = cli_parse_options(argc, argv, opts, log_option, &a);

	if (r != CLI_GO_ON)
		return r;
	if (q.since_us > 0 && q.until_us > 0 && q.since_us > q.until_us)
		return cli_usage_error("log", "--since is later than --until: nothing could match");
	if (q.file && q.journal)
		return cli_usage_error("log", "--file or --journal, not both");
	if ((q.boot || a.list) && !q.journal)
		return cli_usage_error("log", "--boot and --list-boots read the journal: add --journal");
	if (q.follow && q.file)
		return cli_usage_error("log", "--follow reads /dev/kmsg or the journal, not a file");
	/* LOCKDOWNCTL_LOG_SCANNER=memmem: the path machines without SSSE3 take */
	q.memmem_scanner = getenv("LOCKDOWNCTL_LOG_SCANNER") &&
			   strcmp(getenv("LOCKDOWNCTL_LOG_SCANNER"), "memmem") == 0;
	r = cli_open_status(opts->root, true, &root, &st);
	if (r != EXIT_OK)
		return r;
	if (a.list) {
		r = list_boots(root, &q, opts);
		goto out;
	}
	if (q.follow) {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	r = ld_log_report_read(root, &st, &q, on_follow, opts, &rep);
	if (r < 0) {
		r = read_error(&rep, r);
		goto out;
	}
	log_print_unread(&rep);
	if (q.follow) {
		r = EXIT_OK;
		goto out;
	}
	r = opts->json != JSON_OFF ? log_print_json(&rep, opts->json) : log_print_text(&rep);
	/* nothing to report: 0; refusals found: 3, as check does for blockers */
	if (r == EXIT_OK && (rep.sum.n || rep.sum.module_rejected))
		r = EXIT_FINDINGS;
out:
	ld_log_report_clear(&rep);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
