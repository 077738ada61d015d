// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of DTrace's cross-CPU calls (dtrace_xcall.c).
 *
 * dtrace_xcall: a call runs once on each target and nowhere else, from
 * task context with interrupts on and off; dtrace_sync() and
 * dtrace_xcall() from a hard hrtimer, where smp_call_function_many()
 * WARNs; and a torture: every CPU calls every other one and all of them
 * at once, with interrupts off and on, while hrtimers on every CPU call
 * from hardirq, for dtrace_xcall_kunit.torture_secs seconds (default 3).
 * Each call checks that its function ran exactly once per target; the
 * test fails on a mismatch or a timeout and reports the calls made and
 * the NMIs sent.
 *
 * dtbench_xcall (a benchmark, not a test; scripts/bench runs it): the
 * latency of dtrace_sync() against on_each_cpu() of an empty function,
 * which is smp_call_function_many(wait=1) plus the local call, in the
 * same boot, as a ratio.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dtrace.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>

static unsigned int torture_secs = 3;
module_param(torture_secs, uint, 0444);
MODULE_PARM_DESC(torture_secs, "how long the xcall torture runs (s)");

static unsigned int bench_iters = 2000;
module_param(bench_iters, uint, 0444);
MODULE_PARM_DESC(bench_iters, "dtrace_sync() calls the benchmark times");

static DEFINE_PER_CPU(unsigned long, dtx_test_hits);

static void dtx_test_count(void *arg)
{
	this_cpu_inc(dtx_test_hits);
}

static void dtx_test_hits_get(unsigned long *v)
{
	int cpu;

	for_each_possible_cpu(cpu)
		v[cpu] = per_cpu(dtx_test_hits, cpu);
}

static void xcall_runs_once_on_each_target(struct kunit *test)
{
	unsigned long *before, *after;
	int cpu, t, irqoff;

	before = kunit_kcalloc(test, nr_cpu_ids, sizeof(*before), GFP_KERNEL);
	after = kunit_kcalloc(test, nr_cpu_ids, sizeof(*after), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);

	cpus_read_lock();
	for (irqoff = 0; irqoff < 2; irqoff++) {
		/* Every online CPU, this one included, once. */
		dtx_test_hits_get(before);
		if (irqoff)
			local_irq_disable();
		dtrace_xcall(DTRACE_CPUALL, dtx_test_count, NULL);
		if (irqoff)
			local_irq_enable();
		dtx_test_hits_get(after);
		for_each_online_cpu(cpu)
			KUNIT_EXPECT_EQ_MSG(test, after[cpu] - before[cpu], 1UL,
					    "CPU%d, irqs %s", cpu,
					    irqoff ? "off" : "on");

		/* Each CPU alone: that one, once, and no other. */
		for_each_online_cpu(t) {
			dtx_test_hits_get(before);
			if (irqoff)
				local_irq_disable();
			dtrace_xcall(t, dtx_test_count, NULL);
			if (irqoff)
				local_irq_enable();
			dtx_test_hits_get(after);
			for_each_online_cpu(cpu)
				KUNIT_EXPECT_EQ_MSG(test,
						    after[cpu] - before[cpu],
						    cpu == t ? 1UL : 0UL,
						    "call to CPU%d, CPU%d", t,
						    cpu);
		}
	}
	cpus_read_unlock();
}

struct dtx_hardirq {
	struct hrtimer timer;
	struct completion done;
	bool in_hardirq, irqs_off;
	unsigned long *before, *after;
};

static enum hrtimer_restart dtx_hardirq_fire(struct hrtimer *timer)
{
	struct dtx_hardirq *h = container_of(timer, struct dtx_hardirq, timer);

	h->in_hardirq = in_hardirq();
	h->irqs_off = irqs_disabled();
	dtrace_sync();
	dtx_test_hits_get(h->before);
	dtrace_xcall(DTRACE_CPUALL, dtx_test_count, NULL);
	dtx_test_hits_get(h->after);
	complete(&h->done);
	return HRTIMER_NORESTART;
}

/*
 * smp_call_function_many() begins with WARN_ON_ONCE(cpu_online(this_cpu)
 * && irqs_disabled() && ...) (kernel/smp.c): from a hard hrtimer it would
 * WARN, and with another CPU calling this one the same way it could
 * deadlock.  dtrace_sync() and dtrace_xcall() work there.
 */
static void xcall_from_hardirq(struct kunit *test)
{
	struct dtx_hardirq *h;
	int cpu;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	h->before = kunit_kcalloc(test, nr_cpu_ids, sizeof(long), GFP_KERNEL);
	h->after = kunit_kcalloc(test, nr_cpu_ids, sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h->before);
	KUNIT_ASSERT_NOT_NULL(test, h->after);
	init_completion(&h->done);

	cpus_read_lock();
	hrtimer_setup(&h->timer, dtx_hardirq_fire, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	hrtimer_start(&h->timer, ms_to_ktime(1), HRTIMER_MODE_REL_HARD);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&h->done, 10 * HZ),
			0UL);
	hrtimer_cancel(&h->timer);
	KUNIT_EXPECT_TRUE(test, h->in_hardirq);
	KUNIT_EXPECT_TRUE(test, h->irqs_off);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, h->after[cpu] - h->before[cpu], 1UL,
				    "CPU%d", cpu);
	cpus_read_unlock();
}

/* --- The torture ------------------------------------------------------- */

struct dtx_torture {
	atomic64_t calls, hardirq_calls, bad;
	bool stop;
};

struct dtx_torture_cpu {
	struct dtx_torture *t;
	struct hrtimer timer;
	struct task_struct *task;
	int cpu;
};

struct dtx_torture_call {
	atomic_t ran;
};

/*
 * get_random_u32() takes a local lock, which lockdep rightly refuses in
 * a hard hrtimer: a per-CPU xorshift is random enough here.
 */
static DEFINE_PER_CPU(u32, dtx_torture_rnd);

static u32 dtx_torture_rand(void)
{
	u32 x = this_cpu_read(dtx_torture_rnd) ?: 2463534242U;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	this_cpu_write(dtx_torture_rnd, x);
	return x;
}

static void dtx_torture_func(void *arg)
{
	struct dtx_torture_call *c = arg;

	atomic_inc(&c->ran);
}

/* One call, checked: to one other CPU, or to all of them. */
static void dtx_torture_one(struct dtx_torture *t, bool all)
{
	struct dtx_torture_call c = { .ran = ATOMIC_INIT(0) };
	int target, want;

	if (all) {
		target = DTRACE_CPUALL;
		want = num_online_cpus();
	} else {
		/* A random CPU: another one, or now and then this one. */
		target = cpumask_nth(dtx_torture_rand() % num_online_cpus(),
				     cpu_online_mask);
		want = 1;
	}
	dtrace_xcall(target, dtx_torture_func, &c);
	if (atomic_read(&c.ran) != want)
		atomic64_inc(&t->bad);
	atomic64_inc(&t->calls);
}

static enum hrtimer_restart dtx_torture_timer(struct hrtimer *timer)
{
	struct dtx_torture_cpu *tc =
		container_of(timer, struct dtx_torture_cpu, timer);

	if (READ_ONCE(tc->t->stop))
		return HRTIMER_NORESTART;
	dtx_torture_one(tc->t, dtx_torture_rand() & 1);
	atomic64_inc(&tc->t->hardirq_calls);
	hrtimer_forward_now(timer, us_to_ktime(500 + dtx_torture_rand() % 500));
	return HRTIMER_RESTART;
}

static int dtx_torture_thread(void *arg)
{
	struct dtx_torture_cpu *tc = arg;
	unsigned long n = 0;

	hrtimer_setup(&tc->timer, dtx_torture_timer, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_PINNED_HARD);
	hrtimer_start(&tc->timer, us_to_ktime(500),
		      HRTIMER_MODE_REL_PINNED_HARD);
	while (!kthread_should_stop()) {
		switch (n++ % 4) {
		case 0:		/* dtrace_sync() with interrupts off */
			local_irq_disable();
			dtx_torture_one(tc->t, true);
			local_irq_enable();
			break;
		case 1:		/* a directed call with interrupts off */
			local_irq_disable();
			dtx_torture_one(tc->t, false);
			local_irq_enable();
			break;
		case 2:		/* with interrupts on: windows for nesting */
			dtx_torture_one(tc->t, false);
			break;
		default:
			dtx_torture_one(tc->t, true);
			cond_resched();
			break;
		}
	}
	hrtimer_cancel(&tc->timer);
	return 0;
}

static void xcall_torture(struct kunit *test)
{
	struct dtrace_xcall_stats s0, s1;
	struct dtx_torture_cpu *tcs;
	struct dtx_torture *t;
	int cpu, n = 0, ncpus;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	tcs = kunit_kcalloc(test, nr_cpu_ids, sizeof(*tcs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, tcs);

	cpus_read_lock();
	ncpus = num_online_cpus();
	dtrace_xcall_get_stats(&s0);
	for_each_online_cpu(cpu) {
		struct dtx_torture_cpu *tc = &tcs[n++];

		tc->t = t;
		tc->cpu = cpu;
		tc->task = kthread_create_on_cpu(dtx_torture_thread, tc, cpu,
						 "dtx_torture/%u");
		if (IS_ERR(tc->task)) {
			tc->task = NULL;
			continue;
		}
		wake_up_process(tc->task);
	}
	msleep(torture_secs * 1000);
	WRITE_ONCE(t->stop, true);
	while (n--)
		if (tcs[n].task)
			kthread_stop(tcs[n].task);
	dtrace_xcall_get_stats(&s1);
	cpus_read_unlock();

	kunit_info(test,
		   "torture: %lld calls (%lld from hardirq) in %u s on %d CPUs: %lld wrong, %llu NMIs, %llu timeouts\n",
		   atomic64_read(&t->calls), atomic64_read(&t->hardirq_calls),
		   torture_secs, ncpus, atomic64_read(&t->bad),
		   s1.nmis - s0.nmis, s1.timeouts - s0.timeouts);
	KUNIT_EXPECT_GT(test, atomic64_read(&t->calls), 0LL);
	KUNIT_EXPECT_GT(test, atomic64_read(&t->hardirq_calls), 0LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->bad), 0LL);
	KUNIT_EXPECT_EQ(test, s1.timeouts - s0.timeouts, 0ULL);
	KUNIT_EXPECT_EQ(test, s1.offline - s0.offline, 0ULL);
}

static struct kunit_case dtrace_xcall_cases[] = {
	KUNIT_CASE(xcall_runs_once_on_each_target),
	KUNIT_CASE(xcall_from_hardirq),
	KUNIT_CASE_SLOW(xcall_torture),
	{}
};

static struct kunit_suite dtrace_xcall_suite = {
	.name = "dtrace_xcall",
	.test_cases = dtrace_xcall_cases,
};

/* --- The benchmark ----------------------------------------------------- */

static void dtx_bench_nop(void *arg)
{
}

static u64 dtx_bench_sync(unsigned int n)
{
	u64 t0 = local_clock();

	while (n--)
		dtrace_sync();
	return local_clock() - t0;
}

static u64 dtx_bench_on_each_cpu(unsigned int n)
{
	u64 t0 = local_clock();

	while (n--)
		on_each_cpu(dtx_bench_nop, NULL, 1);
	return local_clock() - t0;
}

static void xcall_bench_sync(struct kunit *test)
{
	struct dtrace_xcall_stats s0, s1;
	u64 d = 0, k = 0;
	int round;

	cpus_read_lock();
	dtrace_xcall_get_stats(&s0);
	/* Alternating blocks, so that both see the same conditions. */
	for (round = 0; round < 10; round++) {
		d += dtx_bench_sync(bench_iters / 10);
		k += dtx_bench_on_each_cpu(bench_iters / 10);
	}
	dtrace_xcall_get_stats(&s1);
	cpus_read_unlock();
	kunit_info(test,
		   "xcall bench: %u CPUs, %u calls each: dtrace_sync() %llu ns, on_each_cpu(wait=1) %llu ns per call; ratio %llu.%02llu (%llu NMIs)\n",
		   num_online_cpus(), bench_iters, d / bench_iters,
		   k / bench_iters, d / k, (d * 100 / k) % 100,
		   s1.nmis - s0.nmis);
	KUNIT_EXPECT_EQ(test, s1.timeouts - s0.timeouts, 0ULL);
}

static struct kunit_case dtbench_xcall_cases[] = {
	KUNIT_CASE_SLOW(xcall_bench_sync),
	{}
};

static struct kunit_suite dtbench_xcall_suite = {
	.name = "dtbench_xcall",
	.test_cases = dtbench_xcall_cases,
};

kunit_test_suites(&dtrace_xcall_suite, &dtbench_xcall_suite);
