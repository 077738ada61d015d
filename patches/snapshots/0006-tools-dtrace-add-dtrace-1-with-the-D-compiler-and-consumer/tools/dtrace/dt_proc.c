// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the target process of -c and -p, $target in D.
 *
 * -c runs a command: it is forked at once, so that its pid is $target
 * when the program is compiled, but it waits on a pipe and runs only
 * once tracing has started (or exits, if dtrace(1) ends before that).
 * -p names a running process.  Tracing stops when the target exits.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
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

/* Tracing has started: let the command run. */
void dt_proc_release(struct dt_handle *dtp)
{
	if (dtp->target_fd >= 0) {
		if (write(dtp->target_fd, "", 1) != 1)
			dt_warn("failed to start the command: %s", strerror(errno));
		close(dtp->target_fd);
		dtp->target_fd = -1;
	}
}

/* Has the target exited?  Says so the first time. */
int dt_proc_exited(struct dt_handle *dtp)
{
	int status;

	if (!dtp->target_pid)
		return 0;
	if (dtp->target_created) {
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
