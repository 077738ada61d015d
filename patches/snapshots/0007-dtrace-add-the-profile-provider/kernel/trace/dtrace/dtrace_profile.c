// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the profile provider - profile:::profile-N and profile:::tick-N.
 *
 * profile-N fires on every online CPU at a fixed rate, tick-N on one CPU
 * only; both from a hard hrtimer, so in hardirq context, with arg0 the
 * kernel PC that was interrupted (0 if it was user mode) and arg1 the user
 * PC (0 if it was the kernel).
 *
 * N is a number with an optional unit: ns/nsec, us/usec, ms/msec, s/sec,
 * m/min, h/hour, d/day for an interval, hz (the default, a bare number)
 * for a rate.  Probes are created when a description names them, e.g.
 * profile:::tick-250ms; a few common ones exist from the start.  Intervals
 * shorter than DTRACE_PROFILE_MIN_NS are refused: at that rate the
 * interrupts alone would take a good part of each CPU.
 *
 * The per-CPU timers of profile-N are pinned; a CPU that comes online
 * starts its own and one going offline cancels its own (CPU hotplug
 * callbacks).  The tick-N timer is not pinned: the hrtimer core moves it
 * off a CPU that goes offline.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/cpuhotplug.h>
#include <linux/hrtimer.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

#include "dtrace.h"

/* The shortest interval: 200 us, a rate of 5000 Hz. */
#define DTRACE_PROFILE_MIN_NS	(200 * NSEC_PER_USEC)

struct dtrace_profile;

struct dtrace_profile_cpu {
	struct hrtimer timer;
	struct dtrace_profile *prof;
};

struct dtrace_profile {
	dtrace_id_t id;
	bool tick;			/* tick-N: one CPU; profile-N: all */
	u64 interval;			/* ns */
	struct list_head enabled;	/* on dtrace_profile_enabled */
	struct dtrace_profile_cpu tick_timer;
	struct dtrace_profile_cpu __percpu *cpus;
};

static struct dtrace_provider *dtrace_profile_prov;

/*
 * The enabled profile-N probes, for the hotplug callbacks.  Taken inside
 * cpus_read_lock() (and by the callbacks, inside the hotplug lock).
 */
static DEFINE_MUTEX(dtrace_profile_lock);
static LIST_HEAD(dtrace_profile_enabled);

static const struct {
	const char *name;
	u64 mult;			/* ns per unit; 0: a rate in Hz */
} dtrace_profile_units[] = {
	{ "ns", 1 }, { "nsec", 1 },
	{ "us", NSEC_PER_USEC }, { "usec", NSEC_PER_USEC },
	{ "ms", NSEC_PER_MSEC }, { "msec", NSEC_PER_MSEC },
	{ "s", NSEC_PER_SEC }, { "sec", NSEC_PER_SEC },
	{ "m", 60 * NSEC_PER_SEC }, { "min", 60 * NSEC_PER_SEC },
	{ "h", 3600 * NSEC_PER_SEC }, { "hour", 3600 * NSEC_PER_SEC },
	{ "d", 86400 * NSEC_PER_SEC }, { "day", 86400 * NSEC_PER_SEC },
	{ "hz", 0 }, { "", 0 },
};

/**
 * dtrace_profile_parse - the interval a probe name asks for
 * @name: "profile-N" or "tick-N", N a number and an optional unit
 * @tick: set for tick-N
 *
 * Return: the interval in ns, or 0 if @name is not a valid probe name or
 * asks for an interval shorter than DTRACE_PROFILE_MIN_NS.
 */
static u64 dtrace_profile_parse(const char *name, bool *tick)
{
	const char *p;
	u64 n = 0, ns;
	int i;

	if (str_has_prefix(name, "profile-")) {
		p = name + strlen("profile-");
		*tick = false;
	} else if (str_has_prefix(name, "tick-")) {
		p = name + strlen("tick-");
		*tick = true;
	} else {
		return 0;
	}
	if (!isdigit(*p))
		return 0;
	for (; isdigit(*p); p++) {
		if (check_mul_overflow(n, 10ULL, &n) ||
		    check_add_overflow(n, (u64)(*p - '0'), &n))
			return 0;
	}
	if (!n)
		return 0;
	for (i = 0; i < ARRAY_SIZE(dtrace_profile_units); i++) {
		if (strcasecmp(p, dtrace_profile_units[i].name))
			continue;
		if (!dtrace_profile_units[i].mult)
			ns = n > NSEC_PER_SEC ? 0 : NSEC_PER_SEC / n;
		else if (check_mul_overflow(n, dtrace_profile_units[i].mult,
					    &ns))
			return 0;
		return ns >= DTRACE_PROFILE_MIN_NS ? ns : 0;
	}
	return 0;
}

/* hardirq: fire the probe and come back after one more interval. */
static enum hrtimer_restart dtrace_profile_fire(struct hrtimer *timer)
{
	struct dtrace_profile_cpu *pc =
		container_of(timer, struct dtrace_profile_cpu, timer);
	struct dtrace_profile *prof = pc->prof;
	struct pt_regs *regs = get_irq_regs();
	u64 kpc = 0, upc = 0;

	if (regs) {
		if (user_mode(regs))
			upc = instruction_pointer(regs);
		else
			kpc = instruction_pointer(regs);
	}
	dtrace_probe(prof->id, kpc, upc, 0, 0, 0);
	/* Overruns (a late timer) are not made up for: one firing. */
	hrtimer_forward_now(timer, ns_to_ktime(prof->interval));
	return HRTIMER_RESTART;
}

static void dtrace_profile_start(struct dtrace_profile_cpu *pc,
				 enum hrtimer_mode mode)
{
	hrtimer_setup(&pc->timer, dtrace_profile_fire, CLOCK_MONOTONIC, mode);
	hrtimer_start(&pc->timer, ns_to_ktime(pc->prof->interval), mode);
}

/* On the CPU whose timer it starts. */
static void dtrace_profile_start_this_cpu(void *arg)
{
	struct dtrace_profile *prof = arg;

	dtrace_profile_start(this_cpu_ptr(prof->cpus),
			     HRTIMER_MODE_REL_PINNED_HARD);
}

static int dtrace_profile_cpu_online(unsigned int cpu)
{
	struct dtrace_profile *prof;

	mutex_lock(&dtrace_profile_lock);
	list_for_each_entry(prof, &dtrace_profile_enabled, enabled)
		dtrace_profile_start(per_cpu_ptr(prof->cpus, cpu),
				     HRTIMER_MODE_REL_PINNED_HARD);
	mutex_unlock(&dtrace_profile_lock);
	return 0;
}

static int dtrace_profile_cpu_offline(unsigned int cpu)
{
	struct dtrace_profile *prof;

	mutex_lock(&dtrace_profile_lock);
	list_for_each_entry(prof, &dtrace_profile_enabled, enabled)
		hrtimer_cancel(&per_cpu_ptr(prof->cpus, cpu)->timer);
	mutex_unlock(&dtrace_profile_lock);
	return 0;
}

static int dtrace_profile_enable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_profile *prof = parg;
	int cpu;

	if (prof->tick) {
		prof->tick_timer.prof = prof;
		dtrace_profile_start(&prof->tick_timer, HRTIMER_MODE_REL_HARD);
		return 0;
	}

	prof->cpus = alloc_percpu(struct dtrace_profile_cpu);
	if (!prof->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		per_cpu_ptr(prof->cpus, cpu)->prof = prof;

	cpus_read_lock();
	mutex_lock(&dtrace_profile_lock);
	list_add(&prof->enabled, &dtrace_profile_enabled);
	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, dtrace_profile_start_this_cpu,
					 prof, 1);
	mutex_unlock(&dtrace_profile_lock);
	cpus_read_unlock();
	return 0;
}

static void dtrace_profile_disable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_profile *prof = parg;
	int cpu;

	if (prof->tick) {
		hrtimer_cancel(&prof->tick_timer.timer);
		return;
	}

	cpus_read_lock();
	mutex_lock(&dtrace_profile_lock);
	list_del(&prof->enabled);
	for_each_online_cpu(cpu)
		hrtimer_cancel(&per_cpu_ptr(prof->cpus, cpu)->timer);
	mutex_unlock(&dtrace_profile_lock);
	cpus_read_unlock();
	free_percpu(prof->cpus);
	prof->cpus = NULL;
}

static void dtrace_profile_destroy(void *arg, dtrace_id_t id, void *parg)
{
	kfree(parg);
}

static void dtrace_profile_create(const char *name)
{
	struct dtrace_profile *prof;
	u64 interval;
	bool tick;

	interval = dtrace_profile_parse(name, &tick);
	if (!interval ||
	    dtrace_probe_lookup(dtrace_profile_prov, "", "", name))
		return;
	prof = kzalloc_obj(*prof);
	if (!prof)
		return;
	prof->tick = tick;
	prof->interval = interval;
	INIT_LIST_HEAD(&prof->enabled);
	prof->id = dtrace_probe_create(dtrace_profile_prov, "", "", name, 2,
				       prof);
	if (!prof->id)
		kfree(prof);
}

static void dtrace_profile_provide(void *arg,
				   const struct dtrace_probedesc *desc)
{
	/* A probe named exactly, in a description that can match it. */
	if (!desc || !dtrace_glob(desc->mod, "") ||
	    !dtrace_glob(desc->func, "") || strpbrk(desc->name, "*?[\\"))
		return;
	dtrace_profile_create(desc->name);
}

static const struct dtrace_pops dtrace_profile_ops = {
	.provide	= dtrace_profile_provide,
	.enable		= dtrace_profile_enable,
	.disable	= dtrace_profile_disable,
	.destroy	= dtrace_profile_destroy,
};

/* The probes that exist from the start. */
static const char * const dtrace_profile_defaults[] = {
	"profile-97", "profile-199", "profile-499", "profile-997",
	"profile-1999", "profile-4001", "profile-4999",
	"tick-1", "tick-10", "tick-100", "tick-500", "tick-1000", "tick-5000",
	"tick-1s", "tick-10s",
};

static int __init dtrace_profile_init(void)
{
	int ret, i;

	ret = dtrace_register("profile", &dtrace_profile_ops, NULL,
			      &dtrace_profile_prov);
	if (ret)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					"trace/dtrace/profile:online",
					dtrace_profile_cpu_online,
					dtrace_profile_cpu_offline);
	if (ret < 0)
		return ret;
	for (i = 0; i < ARRAY_SIZE(dtrace_profile_defaults); i++)
		dtrace_profile_create(dtrace_profile_defaults[i]);
	return 0;
}
device_initcall(dtrace_profile_init);
