// SPDX-License-Identifier: GPL-2.0-or-later
/* enforce follow: print the policy's refusals as they come, until SIGINT or SIGTERM. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "enforce-follow.h"
#include "enforce-render.h"
#include "lockdown/enforce.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/spawn.h"
#include "lockdown/trace.h"

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct follow_ctx {
	const struct ld_catalogue *cat;
	int64_t offset;
	bool json;
};

static int on_record(const struct ld_trace_record *rec, void *userdata)
{
	const struct follow_ctx *f = userdata;

	if (rec->kind == LD_RECORD_CHECK)
		enforce_print_record(rec, ld_catalogue_find_value(f->cat, rec->reason), f->offset,
				     f->json);
	return 0;
}

int enforce_follow(struct ld_enforcer *e, const struct ld_catalogue *cat, bool json)
{
	struct follow_ctx f = { .cat = cat, .json = json };
	struct sigaction sa = { .sa_handler = on_signal };
	int r;

	f.offset = ld_realtime_offset_ns();
	r = ld_enforcer_follow_open(e, on_record, &f);
	if (r < 0)
		return cli_error("cannot read the policy's events: %s", ld_strerror(-r));
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!f.json && isatty(STDOUT_FILENO))
		fprintf(stderr, "Following refusals of the policy in force; Ctrl-C to stop.\n");
	while (!stop_requested) {
		uint64_t lost = ld_enforcer_follow_lost(e), unread = ld_enforcer_follow_unread_ns(e);

		r = ld_enforcer_follow_poll(e, 200);
		if (r < 0)
			return cli_error("reading events failed: %s", ld_strerror(-r));
		lost = ld_enforcer_follow_lost(e) - lost;
		if (lost)
			cli_warn("%" PRIu64 " record%s overwritten before this follower read %s (the "
				 "kernel keeps the last 256; the counters count every one)",
				 lost, lost == 1 ? " was" : "s were", lost == 1 ? "it" : "them");
		unread = ld_enforcer_follow_unread_ns(e) - unread;
		if (unread)
			cli_warn("this follower was stopped for %.1f s more than the kernel waits for a "
				 "reader: refusals then were counted, not recorded",
				 (double)unread / 1e9);
	}
	return EXIT_OK;
}
