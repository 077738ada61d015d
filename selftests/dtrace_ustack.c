// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of the ustack() cases of dtrace_stack_test.sh, built with
 * frame pointers and without optimisation (so without inlining): main()
 * calls dtus_outer(), which calls dtus_inner(), which makes the getppid
 * system call itself; so the user stack at syscall::getppid:entry is
 * dtus_inner, dtus_outer, main.  Then it calls write(-1, dtus_inner, 0)
 * and write(-1, getppid, 1), which fail, for usym(), umod() and uaddr()
 * of arg1, and sleeps for a second: a consumer reads a process's
 * mappings while it is alive.
 *
 * Exit status 0 if getppid() came back right through the calls.
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

long dtus_inner(long n)
{
	long ret;

	asm volatile("syscall" : "=a" (ret) : "0" ((long)SYS_getppid)
		     : "rcx", "r11", "memory");
	return ret + n;
}

long dtus_outer(long n)
{
	return dtus_inner(n + 1) + 1;
}

int main(int argc, char **argv)
{
	long r = dtus_outer(0);

	syscall(SYS_write, -1, (long)dtus_inner, 0);
	syscall(SYS_write, -1, (long)getppid, 1);
	sleep(argc > 1 ? atoi(argv[1]) : 1);
	return r == getppid() + 2 ? 0 : 1;
}
