// SPDX-License-Identifier: GPL-2.0-only
/*
 * A -c target for the host tests of the grab of a target (dt_proc.c):
 * built without PIE, so that dtut_func() is at the address nm(1) gives.
 *
 *   utarget           calls dtut_func() and exits at once
 *   utarget stop      stops itself with SIGSTOP first, then goes on
 *   utarget fork      forks a child that sleeps a second, and waits
 *   utarget usr1      sends itself SIGUSR1, which it handles
 *   utarget sleep N   sleeps N seconds first
 *
 * It writes its pid to $UTARGET_PIDFILE if that is set, and, for fork,
 * the child's pid to $UTARGET_PIDFILE.child.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int dtut_func(int n)
{
	return n + 1;
}

static void on_usr1(int sig)
{
	static const char msg[] = "usr1\n";

	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
}

static void put_pid(const char *suffix, pid_t pid)
{
	const char *fn = getenv("UTARGET_PIDFILE");
	char path[4096];
	FILE *fp;

	if (!fn)
		return;
	snprintf(path, sizeof(path), "%s%s", fn, suffix);
	fp = fopen(path, "w");
	if (!fp)
		return;
	fprintf(fp, "%d\n", (int)pid);
	fclose(fp);
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";
	pid_t pid;

	if (!strcmp(how, "stop")) {
		put_pid("", getpid());
		raise(SIGSTOP);
		printf("resumed\n");
	} else if (!strcmp(how, "fork")) {
		pid = fork();
		if (pid == 0) {
			sleep(1);
			_exit(0);
		}
		put_pid(".child", pid);
		put_pid("", getpid());
		waitpid(pid, NULL, 0);
	} else if (!strcmp(how, "usr1")) {
		signal(SIGUSR1, on_usr1);
		raise(SIGUSR1);
	} else if (!strcmp(how, "sleep")) {
		put_pid("", getpid());
		sleep(argc > 2 ? atoi(argv[2]) : 1);
	}
	return dtut_func(0) - 1;
}
