// SPDX-License-Identifier: GPL-2.0
/*
 * bench_fbt: the kernel's own function probes, for comparison with fbt.
 *
 *   bench_fbt N
 *	the cost of N getppid() calls, in ns per call (nothing attached
 *	here: the untraced case, or the fbt case while dtrace(1) runs
 *	`fbt::FUNC:entry {}`)
 *   bench_fbt --kprobe FUNC OFFSET N
 *	the same with an empty BPF program on a kprobe at FUNC+OFFSET,
 *	created through the kprobe PMU (perf_event_open) as libbpf does;
 *	at an offset past the ftrace call site it is an int3 kprobe
 *	(prints the kprobe's kind from /sys/kernel/debug/kprobes/list when
 *	debugfs is mounted)
 *   bench_fbt --multi FILE
 *	attach an empty BPF program to every function named in FILE (one
 *	per line) with one kprobe_multi link (fprobe); prints the number
 *	of functions and the seconds the attach took, then detaches
 *
 * The programs are two instructions (r0 = 0; exit), loaded with libbpf's
 * low-level API: no BPF compiler is needed.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const struct bpf_insn empty[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/*
 * With TBPROF_MARK=1 in the environment, xchg %bx,%bx, which changes
 * nothing: bench/tbprof.c, the instruction counter of scripts/bench
 * insns, takes a snapshot of its counts where it runs, so that the loop
 * between two of them is counted alone.
 */
static int tbprof_marks;

static inline void tbprof_mark(void)
{
	if (tbprof_marks)
		asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_fbt: %s: %s\n", what, strerror(err));
	exit(1);
}

static int kprobe_pmu_type(void)
{
	FILE *f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	int type;

	if (!f)
		die("/sys/bus/event_source/devices/kprobe/type", errno);
	if (fscanf(f, "%d", &type) != 1) {
		fprintf(stderr, "bench_fbt: cannot read the kprobe PMU type\n");
		exit(1);
	}
	fclose(f);
	return type;
}

static void attach_kprobe(const char *func, unsigned long offset)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = kprobe_pmu_type(),
		.config1 = (unsigned long)func,
		.config2 = offset,
	};
	int pfd, efd;

	pfd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "empty", "GPL", empty, 2,
			    NULL);
	if (pfd < 0)
		die("bpf_prog_load", -pfd);
	efd = syscall(SYS_perf_event_open, &attr, -1, 0, -1,
		      PERF_FLAG_FD_CLOEXEC);
	if (efd < 0)
		die("perf_event_open(kprobe)", errno);
	if (ioctl(efd, PERF_EVENT_IOC_SET_BPF, pfd) < 0)
		die("PERF_EVENT_IOC_SET_BPF", errno);
	if (ioctl(efd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		die("PERF_EVENT_IOC_ENABLE", errno);
}

static int multi(const char *file)
{
	LIBBPF_OPTS(bpf_prog_load_opts, popts,
		    .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
	LIBBPF_OPTS(bpf_link_create_opts, lopts);
	size_t n = 0, cap = 0;
	char **syms = NULL, line[512];
	FILE *f = fopen(file, "r");
	int pfd, lfd;
	double t;

	if (!f)
		die(file, errno);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!*line)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				die("realloc", ENOMEM);
		}
		syms[n] = strdup(line);
		if (!syms[n++])
			die("strdup", ENOMEM);
	}
	fclose(f);

	pfd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "empty", "GPL", empty, 2,
			    &popts);
	if (pfd < 0)
		die("bpf_prog_load(kprobe_multi)", -pfd);
	lopts.kprobe_multi.syms = (const char **)syms;
	lopts.kprobe_multi.cnt = n;
	t = now();
	lfd = bpf_link_create(pfd, 0, BPF_TRACE_KPROBE_MULTI, &lopts);
	t = now() - t;
	if (lfd < 0)
		die("bpf_link_create(kprobe_multi)", -lfd);
	printf("%zu %.3f\n", n, t / 1e9);
	t = now();
	close(lfd);
	t = now() - t;
	fprintf(stderr, "bench_fbt: detached in %.3f s\n", t / 1e9);
	return 0;
}

int main(int argc, char **argv)
{
	long i, n;
	double t;

	if (argc == 3 && !strcmp(argv[1], "--multi"))
		return multi(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "--kprobe"))
		attach_kprobe(argv[2], strtoul(argv[3], NULL, 0));
	else if (argc != 2)
		goto usage;
	n = atol(argv[argc - 1]);
	if (n <= 0)
		goto usage;

	tbprof_marks = getenv("TBPROF_MARK") && !strcmp(getenv("TBPROF_MARK"), "1");
	syscall(SYS_getppid);
	t = now();
	tbprof_mark();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	tbprof_mark();
	t = now() - t;
	printf("%.1f\n", t / n);
	return 0;
usage:
	fprintf(stderr,
		"usage: bench_fbt N | --kprobe FUNC OFFSET N | --multi FILE\n");
	return 2;
}
