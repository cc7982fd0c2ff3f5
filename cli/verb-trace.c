// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lockdownctl trace: a dry run of lockdown. Every security_locked_down()
 * call is recorded with its reason and verdict, system-wide or for one
 * command and its descendants, and summed up as "would be refused at
 * integrity / confidentiality". It only observes; it never denies.
 */
#define _GNU_SOURCE /* environ, pipe2 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "cli.h"
#include "lockdown/reasons.h"
#include "lockdown/root.h"
#include "lockdown/status.h"
#include "lockdown/sysinfo.h"
#include "lockdown/trace.h"
#include "trace-render.h"

enum { OPT_MODE = 0x200, OPT_NO_LIVE };

const struct cli_option cli_trace_options[] = {
	{ "duration", 'd', required_argument, "SECONDS", "Stop after SECONDS (default: until Ctrl-C)" },
	{ "output", 'o', required_argument, "FILE", "Also save the events as JSON Lines, for --input" },
	{ "input", 'i', required_argument, "FILE",
	  "Summarise a saved event file instead of tracing ('-': stdin)" },
	{ "mode", OPT_MODE, required_argument, "MODE", "auto (default), fexit or kprobe" },
	{ "no-live", OPT_NO_LIVE, no_argument, NULL, "No refreshing view on a terminal" },
	{ "verbose", 'v', no_argument, NULL, "Show libbpf's messages" },
	{ "-- COMMAND [ARG...]", 0, 0, NULL,
	  "Trace COMMAND and its descendants only; exit with its status" },
	{ 0 },
};
const char cli_trace_examples[] = "  lockdownctl trace --duration 60\n"
			       "  lockdownctl trace -- systemctl restart kdump\n"
			       "  lockdownctl trace --json --output /tmp/lockdown.jsonl -- ./deploy.sh\n"
			       "  lockdownctl trace --input /tmp/lockdown.jsonl\n";

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct trace_run {
	const struct cli_opts *opts;
	struct ld_trace_session session;
	FILE *output; /* --output, or NULL */
};

/* An event, once the summary has it: out as JSON where asked. */
static int print_event(const struct ld_trace_event *ev, void *userdata)
{
	struct trace_run *run = userdata;

	if (run->opts->json != JSON_OFF && trace_print_event_json(stdout, ev) < 0)
		return -EIO;
	if (run->output && trace_print_event_json(run->output, ev) < 0)
		return -EIO;
	return 0;
}

/* libbpf speaks only with --verbose: its messages are for developers, ours for users. */
static int libbpf_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static int finish(struct trace_run *run, const struct trace_session *s)
{
	int r;

	if (ld_trace_summary_finish(&run->session.summary) < 0)
		return cli_error("out of memory");
	if (run->output)
		trace_print_summary_json(run->output, s, &run->session.summary, JSON_SHORT);
	if (run->opts->json != JSON_OFF)
		r = trace_print_summary_json(stdout, s, &run->session.summary, JSON_SHORT);
	else
		r = trace_print_summary_text(s, &run->session.summary);
	return r;
}

static int replay(struct trace_run *run, const char *path)
{
	struct trace_session s = { .source = path, .duration_s = -1 };
	struct ld_where where = { 0 };
	char *data = NULL;
	const char *what = NULL;
	size_t len = 0;
	int err;

	err = ld_event_file_read(path, &data, &len, &what);
	if (err < 0 && what)
		return cli_error("cannot read '%s': it is %s, not an event file", path, what);
	if (err < 0)
		return cli_error("cannot read '%s': %s", path, ld_strerror(-err));
	err = ld_trace_session_replay(&run->session, data, len, &where);
	free(data);
	if (err == -EBADMSG)
		return cli_error("%s:%zu: not a lockdownctl trace event", path, where.line);
	if (err < 0)
		return cli_error("cannot replay '%s': %s", path, ld_strerror(-err));
	return finish(run, &s);
}

struct live_args {
	enum ld_trace_mode mode;
	double duration;
	bool live_view;
	char **argv; /* NULL: system-wide */
};

/* What the callbacks of a live trace need. */
struct live_view {
	struct trace_run *run;
	const struct live_args *a;
	struct trace_session s;
};

/* Once the tracer runs: say so, and take the signals (after the command's fork: it keeps its own). */
static void on_started(const char *mode, void *userdata)
{
	const struct live_view *v = userdata;
	struct sigaction sa = { .sa_handler = on_stop_signal }, ign = { .sa_handler = SIG_IGN };

	if (v->run->opts->json == JSON_OFF && !v->a->live_view)
		fprintf(stderr, "Tracing lockdown checks with %s on security_locked_down%s.\n", mode,
			v->a->argv ? "" : "; Ctrl-C to stop");
	sigaction(SIGTERM, &sa, NULL);
	/* with a command, Ctrl-C is the command's to handle, as with time(1) */
	sigaction(SIGINT, v->a->argv ? &ign : &sa, NULL);
}

static void on_tick(struct ld_trace_session *session, double elapsed_s, void *userdata)
{
	struct live_view *v = userdata;

	v->s.duration_s = elapsed_s;
	trace_print_live(&v->s, &session->summary);
}

static int run_live(struct trace_run *run, const struct ld_status *st, const struct live_args *a)
{
	struct live_view v = { .run = run, .a = a,
			       .s = { .source = "live", .release = st->release,
				      .level_now = st->level_err == 0 ? ld_level_to_string(st->level)
								      : NULL,
				      .argv = a->argv } };
	/* a record per check only when each is written out; else the kernel counts */
	struct ld_trace_live_opts o = { .mode = a->mode, .duration = a->duration, .argv = a->argv,
					.stream = run->opts->json != JSON_OFF || run->output,
					.level_now = st->level_err == 0 ? st->level : LD_LEVEL_NONE,
					.stop = &stop_requested, .started = on_started,
					.tick = a->live_view ? on_tick : NULL, .userdata = &v };
	struct ld_trace_live_result res;
	int r = ld_trace_live(&run->session, &o, &res);

	if (r < 0) {
		r = res.unsupported ? EXIT_UNSUPPORTED : EXIT_ERROR;
		cli_error("%s", res.why ? res.why : ld_strerror(-r));
		free(res.why);
		return r;
	}
	if (res.release_err < 0)
		cli_warn("cannot run '%s': %s", a->argv[0], strerror(-res.release_err));
	if (a->live_view)
		printf("\033[H\033[J");
	v.s.mode = res.mode;
	v.s.duration_s = res.duration_s;
	v.s.exit_status = res.exit_status;
	r = finish(run, &v.s);
	return r == EXIT_OK && a->argv ? v.s.exit_status : r;
}

struct trace_args {
	struct live_args live;
	const char *output, *input;
	bool verbose;
};

static int trace_option(int c, const char *arg, void *userdata)
{
	struct trace_args *a = userdata;
	char *end;

	switch (c) {
	case 'd':
		errno = 0;
		a->live.duration = strtod(arg, &end);
		if (errno || end == arg || *end || !(a->live.duration > 0))
			return cli_usage_error("trace", "invalid duration '%s' (seconds)", arg);
		break;
	case 'o':
		a->output = arg;
		break;
	case 'i':
		a->input = arg;
		break;
	case OPT_MODE:
		if (ld_trace_mode_from_string(arg, &a->live.mode) < 0)
			return cli_usage_error("trace", "invalid mode '%s' (auto, fexit, kprobe)",
					       arg);
		break;
	case OPT_NO_LIVE:
		a->live.live_view = false;
		break;
	case 'v':
		a->verbose = true;
		break;
	}
	return 0;
}

int verb_trace(int argc, char **argv, struct cli_opts *opts)
{
	struct trace_args ta = { .live = { .mode = LD_TRACE_MODE_AUTO, .live_view = true } };
	struct live_args *a = &ta.live;
	const char *output, *input;
	struct trace_run run = { .opts = opts };
	struct ld_root *root = NULL;
	struct ld_status st = { 0 };
	int r;

	/* the first non-option ends the options: the command's own stay its own */
	r = cli_parse_options(argc, argv, opts, trace_option, &ta);
	if (r != CLI_GO_ON)
		return r;
	output = ta.output;
	input = ta.input;
	if (optind < argc)
		a->argv = argv + optind;
	if (input && (a->argv || a->duration > 0))
		return cli_usage_error("trace", "--input replays a file: no command or --duration");
	if (a->argv && a->duration > 0)
		return cli_usage_error("trace", "--duration is for system-wide tracing; the command "
						"decides when a traced command ends");
	if (!input && strcmp(opts->root, "/") != 0)
		return cli_usage_error("trace", "tracing watches the running kernel; --root works "
						"with --input only");
	/* the live view would fight the command's own output, or a JSON reader */
	a->live_view = a->live_view && !a->argv && opts->json == JSON_OFF && isatty(STDOUT_FILENO);

	if (output && !(run.output = fopen(output, "we")))
		return cli_error("cannot open '%s': %s", output, strerror(errno));
	r = ld_trace_session_init(&run.session, print_event, &run);
	if (r < 0) {
		r = cli_error("out of memory");
		goto out;
	}
	if (input) {
		r = replay(&run, input);
		goto out;
	}
	if (!ld_can_load_bpf()) {
		r = cli_error("tracing loads BPF programs: it needs root, or CAP_BPF and CAP_PERFMON");
		goto out;
	}
	libbpf_set_print(ta.verbose ? libbpf_verbose : NULL);
	r = cli_open_status("/", true, &root, &st);
	if (r != EXIT_OK)
		goto out;
	run.session.catalogue = st.catalogue_err == 0 ? &st.catalogue : NULL;
	r = run_live(&run, &st, a);
out:
	if (run.output && fclose(run.output) != 0 && r == EXIT_OK)
		r = cli_error("cannot write '%s': %s", output, strerror(errno));
	ld_trace_session_clear(&run.session);
	ld_status_clear(&st);
	ld_root_free(root);
	return r;
}
