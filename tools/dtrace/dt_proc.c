// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the target process of -c and -p, $target in D.
 *
 * -c runs a command: it is forked at once, so that its pid is $target
 * when the program is compiled, but it waits on a pipe and runs only
 * once tracing has started (or exits, if dtrace(1) ends before that).
 * -p names a running process.  Tracing stops when the target exits.
 *
 * Once tracing has started, the target is grabbed, as DTrace does, so
 * that its user symbols outlive it, if the program records user
 * addresses (ustack(), usym(), ufunc(), umod(), uaddr(), printf's %A;
 * else there is nothing to keep): it is seized with ptrace(2), stopping
 * only at its exit (PTRACE_O_TRACEEXIT), where its address space is still
 * there; its mappings and the symbols of their files are read then
 * (dt_usym_grab()) and it is let go on.  Nothing else is traced: not its
 * other threads, not the processes it forks (no PTRACE_O_TRACEFORK,
 * VFORK or CLONE).  A signal sent to it stops it on its way, and is
 * passed on.  When it stops for a signal (SIGSTOP, stop()), dtrace(1)
 * lets go of it, so that it is stopped as any process is (state T: a
 * tracee in group-stop reads t), grabbing its symbols first; its exit is
 * then seen as for a process not grabbed.
 *
 * If dtrace(1) dies, the kernel detaches the target and resumes it
 * (exit_ptrace(); no PTRACE_O_EXITKILL), a signal it was stopped for
 * delivered, or leaves it stopped if it was in group-stop.  A target
 * dtrace(1) may not trace (another tracer, Yama, a process of another
 * user) is not grabbed, silently: its symbols last as long as it does,
 * as before.  The tracer is the thread that seized: dtrace(1) has one.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dtrace.h"

/* Split @cmd into words at blanks, as DTrace does for -c. */
static char **dt_proc_argv(const char *cmd)
{
	char *copy = dt_strdup(cmd), *p = copy;
	char **argv = dt_zalloc((strlen(cmd) / 2 + 2) * sizeof(*argv));
	int n = 0;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		argv[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	argv[n] = NULL;
	return argv;
}

int dt_proc_create(struct dt_handle *dtp, const char *cmd)
{
	char **argv = dt_proc_argv(cmd);
	int fds[2];
	pid_t pid;

	if (!argv[0]) {
		dt_error("-c requires a command");
		return -1;
	}
	if (pipe(fds)) {
		dt_error("failed to create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		dt_error("failed to execute %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		char c;

		close(fds[1]);
		/* Run only when dtrace(1) says so; EOF: it went away. */
		if (read(fds[0], &c, 1) != 1)
			_exit(DTRACE_EXIT_ERROR);
		close(fds[0]);
		execvp(argv[0], argv);
		dt_error("failed to execute %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[0]);
	dtp->target_pid = pid;
	dtp->target_fd = fds[1];
	dtp->target_created = 1;
	return 0;
}

int dt_proc_grab(struct dt_handle *dtp, const char *arg)
{
	char *end;
	long pid = strtol(arg, &end, 10);

	if (!*arg || *end || pid <= 0) {
		dt_error("invalid process ID: %s", arg);
		return -1;
	}
	if (kill(pid, 0) && errno == ESRCH) {
		dt_error("failed to grab pid %ld: No such process", pid);
		return -1;
	}
	dtp->target_pid = pid;
	return 0;
}

/* A stopped target waits for us: wake the main loop's sleep. */
static void dt_proc_sigchld(int sig)
{
}

/* Does the program record user addresses, whose symbols a grab keeps? */
static bool dt_proc_usyms(const struct dt_handle *dtp)
{
	const struct dt_prog *p;
	const struct dt_clause *c;
	const struct dt_action *a;

	for (p = dtp->progs; p; p = p->next)
		for (c = p->clauses; c; c = c->next)
			for (a = c->actions; a; a = a->next)
				switch (a->kind) {
				case DTRACEACT_USTACK:
				case DTRACEACT_USYM:
				case DTRACEACT_UMOD:
				case DTRACEACT_UADDR:
					return true;
				case DTRACEACT_AGGKEY:
					/* ustack(), usym()... keys */
					if (a->arg & DTRACE_AGGKEY_USER)
						return true;
					break;
				default:
					break;
				}
	return false;
}

/*
 * Seize the target.  -c: before it is let run, so that it cannot exit
 * first; it waits on its pipe, where no wait(2) of ours (cpp's) can see
 * its stops.  -p: it may have gone; dt_proc_exited() will say so.
 */
static void dt_proc_seize(struct dt_handle *dtp)
{
	struct sigaction sa;

	if (!dtp->target_pid || !dt_proc_usyms(dtp) ||
	    ptrace(PTRACE_SEIZE, dtp->target_pid, NULL,
		   (void *)(long)PTRACE_O_TRACEEXIT))
		return;
	dtp->target_traced = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = dt_proc_sigchld;
	sa.sa_flags = SA_RESTART;	/* nanosleep() still returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
}

/* Tracing has started: grab the target and let the command run. */
void dt_proc_release(struct dt_handle *dtp)
{
	dt_proc_seize(dtp);
	if (dtp->target_fd >= 0) {
		if (write(dtp->target_fd, "", 1) != 1)
			dt_warn("failed to start the command: %s", strerror(errno));
		close(dtp->target_fd);
		dtp->target_fd = -1;
	}
}

/*
 * The stops of the seized target, each answered; returns 1 once it is
 * gone.  A stop at its exit grabs its symbols; a stop for a signal
 * delivers it; a group-stop (the signal stopped it) lets it go.
 */
static int dt_proc_wait(struct dt_handle *dtp)
{
	pid_t pid = dtp->target_pid;
	int status, sig;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG | __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			/* Not ours to wait for after all: as if not seized. */
			dtp->target_traced = 0;
			return -1;
		}
		if (r == 0)
			return 0;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			return 1;
		if (!WIFSTOPPED(status))
			continue;
		sig = WSTOPSIG(status);
		switch (status >> 16) {
		case 0:
			/* Signal-delivery-stop: deliver it. */
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
			break;
		case PTRACE_EVENT_EXIT:
			dt_usym_grab(pid);
			ptrace(PTRACE_CONT, pid, NULL, NULL);
			break;
		case PTRACE_EVENT_STOP:
			if (sig == SIGTRAP) {
				ptrace(PTRACE_CONT, pid, NULL, NULL);
				break;
			}
			/*
			 * Group-stop: stopped by @sig.  Detached, it stays
			 * stopped, and reads T.
			 */
			dt_usym_grab(pid);
			ptrace(PTRACE_DETACH, pid, NULL, NULL);
			dtp->target_traced = 0;
			return 0;
		default:
			ptrace(PTRACE_CONT, pid, NULL, NULL);
			break;
		}
	}
}

/* Has the target exited?  Says so the first time. */
int dt_proc_exited(struct dt_handle *dtp)
{
	int status;

	if (!dtp->target_pid)
		return 0;
	if (dtp->target_traced) {
		int r = dt_proc_wait(dtp);

		if (r == 0)
			return 0;
		if (r < 0)
			return dt_proc_exited(dtp);
	} else if (dtp->target_created) {
		pid_t r = waitpid(dtp->target_pid, &status, WNOHANG);

		if (r == 0 || (r < 0 && errno == EINTR))
			return 0;
	} else if (kill(dtp->target_pid, 0) == 0 || errno != ESRCH) {
		return 0;
	}
	fflush(dtp->out);
	dt_error("pid %d has exited", (int)dtp->target_pid);
	dtp->target_pid = 0;
	return 1;
}
