// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of dtrace_syscall_test.sh, built twice: for the 64-bit ABI
 * (dtrace_sysabi64) and, with -m32 -static, for the 32-bit one
 * (dtrace_sysabi32), so that the same calls are seen under syscall:x64
 * and syscall:ia32.
 *
 *   dtrace_sysabiNN calls	one of each of the calls the test checks:
 *				write with known arguments, and the special
 *				ones (fork, vfork, clone, clone3, a signal
 *				handler's rt_sigreturn, execve, execveat,
 *				exit_group)
 *   dtrace_sysabiNN exec	what execve and execveat run: exits 0
 *   dtrace_sysabiNN soak SECS	for SECS seconds: data through pipes and
 *				files, checked; fork and exec; prints the
 *				rounds and mismatches, exits 1 on a mismatch
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The arguments the test looks for in syscall::write:entry. */
#define SYSABI_FD	9999
#define SYSABI_LEN	4242

static char self[4096];

static int reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
}

static int run_exec(int at)
{
	static char *const argv[] = { self, "exec", NULL };
	static char *const envp[] = { NULL };
	pid_t pid = fork();

	if (pid == 0) {
		if (at)
			syscall(SYS_execveat, AT_FDCWD, self, argv, envp, 0);
		else
			execve(self, argv, envp);
		_exit(127);
	}
	return reap(pid);
}

static int do_calls(void)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO };
	static char buf[SYSABI_LEN];
	int bad = 0;
	pid_t pid;

	/* EBADF: the test checks the arguments, the value and errno. */
	if (syscall(SYS_write, SYSABI_FD, buf, SYSABI_LEN) != -1 ||
	    errno != EBADF)
		bad++;
	syscall(SYS_getppid);

	pid = syscall(SYS_fork);
	if (pid == 0)
		_exit(0);
	bad += reap(pid) != 0;

	pid = vfork();
	if (pid == 0)
		_exit(0);
	bad += reap(pid) != 0;

	/* Without CLONE_VM and a stack, clone is a fork. */
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(0);
	bad += reap(pid) != 0;

	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(0);
	bad += reap(pid) != 0;

	if (sigaction(SIGUSR1, &sa, NULL) || raise(SIGUSR1))
		bad++;

	bad += run_exec(0) != 0;
	bad += run_exec(1) != 0;
	if (bad)
		fprintf(stderr, "dtrace_sysabi: %d calls went wrong\n", bad);
	return bad ? 1 : 0;
}

/* xorshift: the data of the soak, reproducible from the seed. */
static uint32_t next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void fill(unsigned char *p, size_t n, uint32_t seed)
{
	while (n--)
		*p++ = next(&seed);
}

static int full_write(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = write(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

static int full_read(int fd, unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

/* One round: a pipe to a child and back, a file, a fork and exec. */
static int soak_round(uint32_t seed, const char *file)
{
	static unsigned char out[65536], in[65536], want[65536];
	size_t n = 1 + next(&seed) % sizeof(out);
	int to[2], from[2], fd, bad = 0;
	pid_t pid;

	fill(want, n, seed);
	memcpy(out, want, n);
	if (pipe(to) || pipe(from))
		return 1;
	pid = fork();
	if (pid == 0) {
		/* Echo what comes in, byte for byte. */
		close(to[1]);
		close(from[0]);
		if (full_read(to[0], in, n) || full_write(from[1], in, n))
			_exit(1);
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	if (full_write(to[1], out, n) || full_read(from[0], in, n) ||
	    memcmp(in, want, n))
		bad++;
	close(to[1]);
	close(from[0]);
	bad += reap(pid) != 0;

	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || full_write(fd, want, n) || lseek(fd, 0, SEEK_SET) ||
	    full_read(fd, in, n) || memcmp(in, want, n))
		bad++;
	if (fd >= 0)
		close(fd);

	bad += run_exec(seed & 1) != 0;
	return bad;
}

static int run_soak(int secs)
{
	time_t end = time(NULL) + secs;
	unsigned long rounds = 0, bad = 0;
	char file[64];

	snprintf(file, sizeof(file), "/tmp/dtrace_sysabi.%d", getpid());
	while (time(NULL) < end) {
		bad += soak_round(0x9e3779b9u ^ (uint32_t)rounds * 2654435761u,
				  file);
		rounds++;
	}
	unlink(file);
	printf("soak: %lu rounds, %lu mismatches\n", rounds, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 2;
	self[n] = '\0';
	if (argc == 2 && !strcmp(argv[1], "calls"))
		return do_calls();
	if (argc == 2 && !strcmp(argv[1], "exec"))
		return 0;
	if (argc == 3 && !strcmp(argv[1], "soak"))
		return run_soak(atoi(argv[2]));
	fprintf(stderr, "usage: %s calls | exec | soak SECS\n", argv[0]);
	return 2;
}
