// SPDX-License-Identifier: GPL-2.0
/*
 * bench_syscall [--bpf] N: the cost of N getppid() calls, in ns per call.
 *
 * With --bpf, an empty BPF program (return 0) is attached to the
 * raw_syscalls:sys_enter tracepoint through libbpf for the duration: the
 * kernel's own mechanism that DTrace's syscall provider is compared with.
 * The DTrace case is this without --bpf while dtrace(1) runs
 * `syscall::getppid:entry {}` (bench/run).
 */
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int bpf = argc == 3 && !strcmp(argv[1], "--bpf");
	long i, n = argc > 1 ? atol(argv[argc - 1]) : 0;
	int pfd, lfd;
	double t;

	if (n <= 0 || argc != 2 + bpf) {
		fprintf(stderr, "usage: bench_syscall [--bpf] N\n");
		return 2;
	}
	if (bpf) {
		pfd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "empty", "GPL",
				    prog, 2, NULL);
		if (pfd < 0) {
			fprintf(stderr, "bpf_prog_load: %s\n", strerror(-pfd));
			return 1;
		}
		lfd = bpf_raw_tracepoint_open("sys_enter", pfd);
		if (lfd < 0) {
			fprintf(stderr, "bpf_raw_tracepoint_open: %s\n",
				strerror(-lfd));
			return 1;
		}
	}
	syscall(SYS_getppid);
	t = now();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	t = now() - t;
	printf("%.1f\n", t / n);
	return 0;
}
