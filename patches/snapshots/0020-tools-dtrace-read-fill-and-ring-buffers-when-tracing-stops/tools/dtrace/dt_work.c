// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the consumer loop.
 *
 * DTRACEIOC_GO starts tracing (the kernel fires BEGIN before it returns).
 * Then, until the program calls exit(), the kernel aborts it, or a
 * SIGINT or SIGTERM arrives: every switchrate the buffers of all CPUs
 * are snapshot and printed; every statusrate (and, for a prompt exit,
 * every few tens of milliseconds) DTRACEIOC_STATUS reports the state and
 * the drops.  Stopping is always the same: a last snapshot,
 * DTRACEIOC_STOP (the kernel fires END before it returns), a final
 * snapshot, and one newline.
 *
 * Under bufpolicy=fill and bufpolicy=ring the principal buffers are only
 * read when tracing stops (the aggregations still every switchrate):
 * a fill buffer keeps the first records, and tracing stops as soon as
 * the kernel reports one full; a ring buffer keeps the last ones.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dtrace.h"

#define DT_POLL_NS	50000000ULL	/* status polls for a prompt exit */

static sig_atomic_t dt_signalled;

static void dt_sighandler(int sig)
{
	if (dt_signalled++)
		_exit(DTRACE_EXIT_ERROR);
}

static u64 dt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void dt_nsleep(u64 ns)
{
	struct timespec ts = {
		.tv_sec = ns / 1000000000ULL,
		.tv_nsec = ns % 1000000000ULL,
	};

	nanosleep(&ts, NULL);
}

/* The possible CPUs, from /sys/devices/system/cpu/possible ("0-3,8"). */
int dt_cpus_init(struct dt_handle *dtp)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char line[4096], *p;

	dtp->ncpus = 0;
	if (!f || !fgets(line, sizeof(line), f)) {
		long n = sysconf(_SC_NPROCESSORS_CONF);
		int i;

		if (f)
			fclose(f);
		if (n < 1)
			n = 1;
		dtp->cpus = dt_zalloc(n * sizeof(int));
		for (i = 0; i < n; i++)
			dtp->cpus[dtp->ncpus++] = i;
		return 0;
	}
	fclose(f);
	for (p = line; *p && *p != '\n';) {
		char *end;
		long a = strtol(p, &end, 10), b = a, i;

		if (end == p)
			break;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			p = end;
		}
		for (i = a; i <= b; i++) {
			dtp->cpus = dt_realloc(dtp->cpus,
					       (dtp->ncpus + 1) * sizeof(int));
			dtp->cpus[dtp->ncpus++] = (int)i;
		}
		if (*p == ',')
			p++;
	}
	return 0;
}

static int dt_status(struct dt_handle *dtp, struct dtrace_status *st)
{
	memset(st, 0, sizeof(*st));
	if (dt_ioctl(dtp, DTRACEIOC_STATUS, st)) {
		dt_error("failed to get the tracing status: %s", strerror(errno));
		return -1;
	}
	if (st->dyndrops > dtp->dyndrops_seen) {
		dt_report_drops(dtp, "DTRACEDROP_DYNAMIC",
				st->dyndrops - dtp->dyndrops_seen, 0);
		dtp->dyndrops_seen = st->dyndrops;
	}
	if (st->specdrops > dtp->specdrops_seen) {
		dt_report_drops(dtp, "DTRACEDROP_SPEC",
				st->specdrops - dtp->specdrops_seen, 0);
		dtp->specdrops_seen = st->specdrops;
	}
	return 0;
}

static const char *dt_go_strerror(int err)
{
	switch (err) {
	case E2BIG:
	case ENOMEM:
		return "Enabling exceeds size of buffer";
	case EPERM:
	case EACCES:
		return "Destructive actions not allowed";
	case EALREADY:
	case EBUSY:
		return "Tracing is already active";
	default:
		return strerror(err);
	}
}

/*
 * Trace: GO, the loop, the orderly stop.  Returns the exit status of
 * dtrace(1).
 */
int dt_run(struct dt_handle *dtp)
{
	struct sigaction sa;
	struct dtrace_status st;
	u64 next_switch, next_status, now;
	u64 switchrate = dtp->opts[DT_OPT_SWITCHRATE];
	u64 statusrate = dtp->opts[DT_OPT_STATUSRATE];
	int rc = DTRACE_EXIT_OK, done = 0;
	int deferred = dtp->kopts[DTRACEOPT_BUFPOLICY] !=
		       DTRACEOPT_BUFPOLICY_SWITCH;

	dt_cpus_init(dtp);
	dtp->bufsize = dtp->kopts[DTRACEOPT_BUFSIZE];
	if (dtp->bufsize < 4096)
		dtp->bufsize = 4096;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = dt_sighandler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	if (dtp->bufsize_small) {
		dt_error("could not enable tracing: %s",
			 dt_go_strerror(E2BIG));
		return DTRACE_EXIT_ERROR;
	}
	if (dt_ioctl(dtp, DTRACEIOC_GO, NULL)) {
		dt_error("could not enable tracing: %s", dt_go_strerror(errno));
		return DTRACE_EXIT_ERROR;
	}

	dt_proc_release(dtp);
	if (!switchrate)
		switchrate = 1;
	if (!statusrate)
		statusrate = 1;
	now = dt_now();
	next_switch = now;
	next_status = now;
	while (!done) {
		u64 wait;

		now = dt_now();
		if (now >= next_switch) {
			if (deferred ? dt_agg_snap(dtp) : dt_consume_round(dtp))
				return DTRACE_EXIT_ERROR;
			next_switch = now + switchrate;
		}
		if (READ_ONCE(dt_signalled) || dt_proc_exited(dtp))
			break;
		if (dt_status(dtp, &st))
			return DTRACE_EXIT_ERROR;
		if (st.state == DTRACE_STATE_EXITED ||
		    st.state == DTRACE_STATE_STOPPED || st.filled)
			break;
		if (st.state == DTRACE_STATE_KILLED) {
			dt_consume_round(dtp);
			fflush(dtp->out);
			dt_error("processing aborted: %s",
				 st.aborted == DTRACE_ABORT_DEADMAN ?
				 "Abort due to systemic unresponsiveness" :
				 "Abort by the kernel");
			rc = DTRACE_EXIT_ERROR;
			done = 1;
			break;
		}
		if (now >= next_status)
			next_status = now + statusrate;
		wait = next_switch - now;
		if (wait > DT_POLL_NS)
			wait = DT_POLL_NS;
		if (next_status > now && next_status - now < wait)
			wait = next_status - now;
		if (wait)
			dt_nsleep(wait);
	}

	/*
	 * After an interrupt, a newline to make the output look cleaner,
	 * as DTrace does (not when testing: it would land anywhere).
	 */
	if (READ_ONCE(dt_signalled) && !dtp->testing)
		fputc('\n', dtp->out);

	/* The orderly stop: what is left, END, what END recorded. */
	if (dt_consume_round(dtp))
		rc = DTRACE_EXIT_ERROR;
	if (dt_ioctl(dtp, DTRACEIOC_STOP, NULL) && errno != EALREADY) {
		dt_error("failed to stop tracing: %s", strerror(errno));
		rc = DTRACE_EXIT_ERROR;
	}
	if (dt_consume_round(dtp))
		rc = DTRACE_EXIT_ERROR;
	dt_status(dtp, &st);
	fputc('\n', dtp->out);
	dt_agg_print_all(dtp);
	fflush(dtp->out);

	if (rc == DTRACE_EXIT_OK) {
		if (dtp->exit_seen)
			rc = dtp->exitcode;
		else if (st.state == DTRACE_STATE_EXITED ||
			 st.state == DTRACE_STATE_STOPPED)
			rc = (int)st.exitcode;
	}
	return rc;
}
