// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace cross-CPU calls (xcall) on their own IPI vector.
 *
 * dtrace_xcall() runs a function on one CPU or on every online CPU and
 * returns when it has run everywhere.  Unlike smp_call_function*() it may
 * be called with interrupts disabled and from hardirq context: DTrace
 * needs it there (timer probes, buffer switches, teardown).  It takes no
 * lock, never sleeps and never uses stop_machine.
 *
 * The protocol is the one model/dtrace_xcall.pml describes and
 * scripts/check-model checks with spin; keep the two in step.
 *
 * Mailboxes.  Every target CPU t has a row of one byte per (caller CPU c,
 * nesting level l), dtx_row(t)[c * DTX_LEVELS + l]; the function and its
 * argument are per (c, l) in dtx_calls[].  A slot goes through
 *
 *	FREE --caller--> CALL --target, cmpxchg--> RUN --target--> DONE
 *	DONE --caller--> REL  --target, cmpxchg--> FREE (the release ack)
 *
 * Only the caller (c, l) moves a slot out of FREE and DONE; only the
 * target moves it out of CALL, RUN and REL.  A caller posts CALL to its
 * targets, sends them the IPI, waits until all are DONE, writes REL to
 * all, and waits until all are FREE again: it never returns, nor reuses a
 * slot, before every target has acknowledged the release (the Solaris
 * xcall hang of 2005 was the missing acknowledgment).  The target side
 * is a "poller": the IPI handler, a waiting caller, or the NMI handler.
 * A poller scans its row, runs each CALL it claims and acknowledges each
 * REL; the claim and the ack are cmpxchg because an NMI may nest in a
 * poller on the same CPU.
 *
 * Holding.  The outermost poller on a CPU does not return before every
 * slot it served has been released and acknowledged, so that every target
 * of a call has run the function before any of them resumes.  Pollers
 * nested in another one (an NMI, or our IPI taken while a caller waits
 * with interrupts on) only serve: they may sit on top of a function being
 * run that somebody else waits for, and holding there could deadlock.
 *
 * Mutual and nested calls.  A waiting caller serves the calls addressed to
 * its own CPU, so CPUs that call each other with interrupts off cannot
 * deadlock.  A caller entered with interrupts on waits with short
 * interrupt windows; an interrupt taken there may call dtrace_xcall()
 * again, one level up (DTX_LEVELS: task, softirq, hardirq), with its own
 * slots.
 *
 * The NMI fallback.  A target that sits with interrupts disabled outside
 * this code never takes the IPI.  A caller that has waited
 * DTX_NMI_AFTER_NS for a target sends it an NMI; the NMI handler serves
 * like the IPI handler.  The bound is time (local_clock()), not a spin
 * count: a spin count means very different times on bare metal, under
 * KVM and under TCG, where one vCPU can be descheduled for a host time
 * slice.  Every NMI is counted; a target that still has not answered
 * after DTX_WARN_NS is counted as a timeout, reported once with
 * pr_warn(), sent another NMI, and waited for: a call is never given up.
 *
 * CPU hotplug.  Calls go to online CPUs only.  A CPU is taken offline by
 * take_cpu_down() under stop_machine, which needs every CPU to leave what
 * it is doing with preemption disabled; dtrace_xcall() runs with
 * preemption and interrupts disabled, so no CPU can go offline while a
 * call to it is in flight (the stopper on a target with interrupts off
 * is reached by the NMI).  Should a target be found offline anyway, the
 * caller takes back a CALL or REL it left there with cmpxchg, counts it
 * and warns once.  A CPU coming online while a call is in flight is not
 * among its targets: each call records its targets in a cpumask.
 *
 * Tracing.  Everything here runs in DTrace probe context and from the
 * IPI and NMI handlers.  It is notrace (no ftrace/fentry site) and
 * NOKPROBE_SYMBOL() (the kprobes blacklist, which DTrace's fbt and instr
 * providers honour too), so that no probe can fire inside the xcall and
 * recurse into it.  It is not noinstr: it calls the function it is given,
 * local_clock() and printk, which objtool would reject in .noinstr.text.
 *
 * Functions given to dtrace_xcall() run with interrupts disabled, maybe
 * in NMI context on top of any code, so they take no lock and do not call
 * dtrace_xcall() themselves.
 *
 * Memory: a byte per (target, caller, level), nr_cpu_ids^2 * 3 bytes in
 * all (48 KB for 128 CPUs, 48 MB for 4096); a row is scanned on each
 * poll.  A per-target count of pending slots would let big machines skip
 * the scan; it is not needed at the sizes tested.
 */

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/dtrace.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
#include <linux/kprobes.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/time64.h>
#include <linux/topology.h>

#include <asm/apic.h>
#include <asm/hardirq.h>
#include <asm/idtentry.h>
#include <asm/irq_vectors.h>
#include <linux/nmi.h>

/* Caller nesting levels: task, softirq, hardirq. */
#define DTX_LEVELS	3

#define DTX_FREE	0
#define DTX_CALL	1
#define DTX_RUN		2
#define DTX_DONE	3
#define DTX_REL		4

/* Send an NMI to a target that has not answered for this long. */
#define DTX_NMI_AFTER_NS	(20 * NSEC_PER_MSEC)
/* Then count a timeout, warn (once), and NMI again every so often. */
#define DTX_WARN_NS		(1000 * NSEC_PER_MSEC)

struct dtx_call {
	dtrace_xcall_t	func;
	void		*arg;
	cpumask_var_t	targets;
};

static bool dtx_ready __read_mostly;
static unsigned int dtx_nslots __read_mostly;	/* nr_cpu_ids * DTX_LEVELS */
static struct dtx_call *dtx_calls __read_mostly;	/* [dtx_nslots] */

/* This CPU's mailbox row: one state byte per (caller, level). */
static DEFINE_PER_CPU_READ_MOSTLY(u8 *, dtx_row);
/* Active poller activations on this CPU (IPI handler, caller, NMI). */
static DEFINE_PER_CPU(unsigned int, dtx_pdepth);
/* dtrace_xcall() activations on this CPU: the level of the next one. */
static DEFINE_PER_CPU(unsigned int, dtx_level);
/* NMIs sent to this CPU by dtrace_xcall() and not yet taken. */
static DEFINE_PER_CPU(atomic_t, dtx_nmi_expected);

static atomic64_t dtx_stat_calls;
static atomic64_t dtx_stat_nmis;
static atomic64_t dtx_stat_timeouts;
static atomic64_t dtx_stat_offline;

static notrace u8 *dtx_slot(unsigned int target, unsigned int idx)
{
	return per_cpu(dtx_row, target) + idx;
}

NOKPROBE_SYMBOL(dtx_slot);

/*
 * One pass over this CPU's row: run the calls it can claim, acknowledge
 * the releases.  Returns DTX_ACTED if it did anything and DTX_HELD if a
 * slot is still waiting for this CPU or for a release (CALL, DONE, REL).
 */
#define DTX_ACTED	1
#define DTX_HELD	2

static notrace int dtx_poll(unsigned int me)
{
	u8 *row = per_cpu(dtx_row, me);
	unsigned int i;
	int ret = 0;

	for (i = 0; i < dtx_nslots; i++) {
		u8 s = READ_ONCE(row[i]);

		if (s == DTX_CALL) {
			/* A nested NMI may claim it first: then it is not ours. */
			if (cmpxchg(&row[i], DTX_CALL, DTX_RUN) != DTX_CALL)
				continue;
			/* The cmpxchg orders the caller's func/arg before. */
			dtx_calls[i].func(dtx_calls[i].arg);
			/* The function's effects before DONE. */
			smp_store_release(&row[i], DTX_DONE);
			ret |= DTX_ACTED | DTX_HELD;
		} else if (s == DTX_REL) {
			/*
			 * cmpxchg, not a store: a nested NMI may ack first and
			 * the caller reuse the slot; a late plain store of
			 * FREE would then wipe out its new CALL.
			 */
			cmpxchg(&row[i], DTX_REL, DTX_FREE);
			ret |= DTX_ACTED;
		} else if (s == DTX_DONE) {
			ret |= DTX_HELD;
		}
	}
	return ret;
}

NOKPROBE_SYMBOL(dtx_poll);

/* Is a slot of this CPU's row still waiting for this CPU or a release? */
static notrace bool dtx_held(unsigned int me)
{
	u8 *row = per_cpu(dtx_row, me);
	unsigned int i;

	for (i = 0; i < dtx_nslots; i++) {
		u8 s = READ_ONCE(row[i]);

		if (s == DTX_CALL || s == DTX_DONE || s == DTX_REL)
			return true;
	}
	return false;
}

NOKPROBE_SYMBOL(dtx_held);

/*
 * The end of a poller activation, with interrupts disabled.  The
 * outermost one holds until every slot it served has been released and
 * acknowledged; dtx_pdepth drops to 0 before the last look, so that an
 * NMI arriving after that look is itself outermost and holds.  A nested
 * one serves until there is nothing to do and returns.
 */
static notrace void dtx_poller_exit(unsigned int me, bool outer)
{
	if (!outer) {
		while (dtx_poll(me) & DTX_ACTED)
			;
		this_cpu_dec(dtx_pdepth);
		return;
	}
	for (;;) {
		while (dtx_poll(me) & DTX_HELD)
			cpu_relax();
		this_cpu_dec(dtx_pdepth);
		barrier();	/* the NMI that matters is on this CPU */
		if (!dtx_held(me))
			break;
		this_cpu_inc(dtx_pdepth);
		barrier();
	}
}

NOKPROBE_SYMBOL(dtx_poller_exit);

/* Serve this CPU's mailboxes from the IPI or NMI handler. */
static notrace void dtx_serve(void)
{
	unsigned int me = smp_processor_id();
	bool outer = this_cpu_inc_return(dtx_pdepth) == 1;

	barrier();
	dtx_poller_exit(me, outer);
}

NOKPROBE_SYMBOL(dtx_serve);

/*
 * The IPI handler.  EOI comes first, before the first look at the
 * mailboxes, like the kernel's other IPIs: an IPI sent after the EOI is
 * latched again and delivered after we return, whatever the local APIC
 * does with an IPI that arrives while the vector is in service (the
 * architecture latches it; some virtual APICs have lost it).  With the
 * EOI after the last look instead, an IPI for a call posted between the
 * look and the EOI can be lost on such an APIC, and only the NMI
 * fallback would find the call: the model's EOI_LATE variant shows it.
 * Nothing else depends on the EOI: the handler never enables interrupts.
 */
DEFINE_IDTENTRY_SYSVEC(sysvec_dtrace_xcall)
{
	apic_eoi();
	inc_irq_stat(DTRACE_XCALL);
	/* Pairs with the initcall's release: the mailboxes exist. */
	if (likely(smp_load_acquire(&dtx_ready)))
		dtx_serve();
}

/*
 * The NMI handler.  Only NMIs that dtrace_xcall() sent are ours: each
 * send counts one expected NMI on the target.  NMIs coalesce, so one may
 * stand for two sends; the count left over then swallows one later
 * unknown NMI, which is harmless.
 *
 * An NMI that lands in DTrace probe context does not serve: the calls
 * are how dtrace_sync() learns that a CPU has left probe context, and
 * how buffers are switched under a CPU that is not writing them.  The
 * IPI is still pending there and is taken when the probe has returned
 * and interrupts are enabled again; a probe runs for a bounded time.
 */
static notrace int dtx_nmi(unsigned int type, struct pt_regs *regs)
{
	if (atomic_dec_if_positive(this_cpu_ptr(&dtx_nmi_expected)) < 0)
		return NMI_DONE;
	if (!dtrace_in_probe_context())
		dtx_serve();
	return NMI_HANDLED;
}

NOKPROBE_SYMBOL(dtx_nmi);

static notrace void dtx_send_nmi(unsigned int cpu)
{
	atomic_inc(per_cpu_ptr(&dtx_nmi_expected, cpu));
	atomic64_inc(&dtx_stat_nmis);
	smp_mb();	/* the count before the NMI */
	__apic_send_IPI(cpu, NMI_VECTOR);
}

NOKPROBE_SYMBOL(dtx_send_nmi);

/*
 * Wait until every target of call @idx has left state @from (CALL/RUN to
 * DONE, or REL to FREE), serving this CPU's mailboxes meanwhile; with
 * @irq_windows, open a short interrupt window on each round.
 */
static notrace void dtx_wait(unsigned int me, unsigned int idx,
			     const struct cpumask *targets, bool release,
			     bool irq_windows)
{
	u64 start = local_clock(), next_nmi = start + DTX_NMI_AFTER_NS;
	bool timed_out = false;
	unsigned int t;

	for (;;) {
		bool pending = false;

		for_each_cpu(t, targets) {
			u8 *slot = dtx_slot(t, idx);
			/* Pairs with the target's DONE and its ack. */
			u8 s = smp_load_acquire(slot);

			if (release ? s == DTX_FREE : s == DTX_DONE)
				continue;
			if (unlikely(!cpu_online(t)) &&
			    (s == DTX_CALL || s == DTX_REL) &&
			    cmpxchg(slot, s, release ? DTX_FREE : DTX_DONE) == s) {
				/* Not run there: see "CPU hotplug" above. */
				atomic64_inc(&dtx_stat_offline);
				pr_warn_once("dtrace: xcall: CPU%u went offline with a call from CPU%u pending\n",
					     t, me);
				continue;
			}
			pending = true;
		}
		if (!pending)
			break;

		dtx_poll(me);
		if (irq_windows) {
			local_irq_enable();
			cpu_relax();
			local_irq_disable();
		} else {
			cpu_relax();
		}

		if (local_clock() < next_nmi)
			continue;
		if (next_nmi - start >= DTX_WARN_NS && !timed_out) {
			/* Counted once per call; NMIs keep going out. */
			timed_out = true;
			atomic64_inc(&dtx_stat_timeouts);
			pr_warn_once("dtrace: xcall: CPU%u waited %llu ms for a %s from CPU(s) %*pbl; sending NMIs\n",
				     me,
				     div_u64(local_clock() - start, NSEC_PER_MSEC),
				     release ? "release ack" : "call",
				     cpumask_pr_args(targets));
		}
		for_each_cpu(t, targets) {
			u8 s = READ_ONCE(*dtx_slot(t, idx));

			if (release ? s != DTX_FREE : s != DTX_DONE)
				dtx_send_nmi(t);
		}
		next_nmi = start + (next_nmi - start < DTX_WARN_NS ?
				    DTX_WARN_NS : 2 * (next_nmi - start));
	}
}

NOKPROBE_SYMBOL(dtx_wait);

/**
 * dtrace_xcall - run a function on one CPU or on every online CPU
 * @cpu: the CPU, or DTRACE_CPUALL for every online CPU, this one included
 * @func: the function; it runs with interrupts disabled, possibly in NMI
 *	  context, and must take no lock and not call dtrace_xcall()
 * @arg: its argument
 *
 * Returns when @func has run on every target and every target has
 * acknowledged its release; no target resumes what it was doing before
 * all of them have run @func.  A call to an offline CPU does nothing.
 *
 * Context: any but NMI, interrupts enabled or disabled, hardirq
 * included.  Never sleeps, takes no lock.
 */
notrace void dtrace_xcall(int cpu, dtrace_xcall_t func, void *arg)
{
	unsigned int me, lvl, idx, t;
	struct cpumask *targets;
	unsigned long flags;
	bool irq_windows, outer, local;

	if (WARN_ON_ONCE(in_nmi()))
		return;
	if (WARN_ON_ONCE(cpu != DTRACE_CPUALL &&
			 (cpu < 0 || cpu >= nr_cpu_ids)))
		return;

	local_irq_save(flags);
	preempt_disable_notrace();
	me = smp_processor_id();

	/* Pairs with the initcall's release: the mailboxes exist. */
	if (unlikely(!smp_load_acquire(&dtx_ready))) {
		/* Before the initcall only the boot CPU runs. */
		WARN_ON_ONCE(num_online_cpus() > 1);
		if (cpu == DTRACE_CPUALL || cpu == me)
			func(arg);
		goto out;
	}

	lvl = this_cpu_inc_return(dtx_level) - 1;
	if (WARN_ON_ONCE(lvl >= DTX_LEVELS)) {
		/* @func called dtrace_xcall(): not allowed, see above. */
		this_cpu_dec(dtx_level);
		goto out;
	}
	/* The last level must not let interrupts (and a deeper call) in. */
	irq_windows = !irqs_disabled_flags(flags) && lvl + 1 < DTX_LEVELS;
	outer = this_cpu_inc_return(dtx_pdepth) == 1;
	barrier();

	idx = me * DTX_LEVELS + lvl;
	targets = dtx_calls[idx].targets;
	dtx_calls[idx].func = func;
	dtx_calls[idx].arg = arg;
	atomic64_inc(&dtx_stat_calls);

	/* Post. */
	for_each_online_cpu(t) {
		u8 *slot;

		if (t == me || (cpu != DTRACE_CPUALL && t != cpu))
			continue;
		slot = dtx_slot(t, idx);
		/* Never busy: the last call here waited for the ack. */
		if (WARN_ON_ONCE(READ_ONCE(*slot) != DTX_FREE))
			continue;
		cpumask_set_cpu(t, targets);
		/* func and arg before CALL. */
		smp_store_release(slot, DTX_CALL);
	}
	local = cpu == DTRACE_CPUALL || cpu == me;
	if (!cpumask_empty(targets)) {
		/* CALL before the IPI; x2APIC's ICR is an MSR. */
		smp_mb();
		__apic_send_IPI_mask(targets, DTRACE_XCALL_VECTOR);
	}
	if (local)
		func(arg);

	if (!cpumask_empty(targets)) {
		dtx_wait(me, idx, targets, false, irq_windows);
		/* Release. */
		for_each_cpu(t, targets) {
			/* Our reads of the call's results before REL. */
			smp_store_release(dtx_slot(t, idx), DTX_REL);
		}
		dtx_wait(me, idx, targets, true, irq_windows);
		cpumask_clear(targets);
	}

	dtx_poller_exit(me, outer);
	this_cpu_dec(dtx_level);
out:
	/* Interrupts first: a pending reschedule can then happen here. */
	local_irq_restore(flags);
	preempt_enable_notrace();
}
EXPORT_SYMBOL_GPL(dtrace_xcall);
NOKPROBE_SYMBOL(dtrace_xcall);

static notrace void dtrace_sync_func(void *arg)
{
}

NOKPROBE_SYMBOL(dtrace_sync_func);

/**
 * dtrace_sync - wait until every CPU has left the probe context it was in
 *
 * DTrace runs probes with interrupts disabled, so once every online CPU
 * has taken a cross-call, none is still inside a probe that started
 * before.  Publish new state, dtrace_sync(), then free the old one.
 *
 * Context: as dtrace_xcall().
 */
notrace void dtrace_sync(void)
{
	dtrace_xcall(DTRACE_CPUALL, dtrace_sync_func, NULL);
}
EXPORT_SYMBOL_GPL(dtrace_sync);
NOKPROBE_SYMBOL(dtrace_sync);

/**
 * dtrace_xcall_get_stats - counters of the cross-call machinery
 * @st: filled with calls made, NMIs sent, timeouts and offline targets
 *
 * A timeout is a target that has not answered for DTX_WARN_NS; it is
 * also reported once in the kernel log.  None is expected.
 */
void dtrace_xcall_get_stats(struct dtrace_xcall_stats *st)
{
	st->calls = atomic64_read(&dtx_stat_calls);
	st->nmis = atomic64_read(&dtx_stat_nmis);
	st->timeouts = atomic64_read(&dtx_stat_timeouts);
	st->offline = atomic64_read(&dtx_stat_offline);
}
EXPORT_SYMBOL_GPL(dtrace_xcall_get_stats);

/*
 * Before SMP bring-up, so that the mailboxes exist before a second CPU
 * does; until then dtrace_xcall() runs the function locally.
 */
static int __init dtrace_xcall_init(void)
{
	unsigned int cpu, i;
	int ret;

	dtx_nslots = nr_cpu_ids * DTX_LEVELS;
	dtx_calls = kcalloc(dtx_nslots, sizeof(*dtx_calls), GFP_KERNEL);
	if (!dtx_calls)
		goto nomem;
	for (i = 0; i < dtx_nslots; i++)
		if (!zalloc_cpumask_var(&dtx_calls[i].targets, GFP_KERNEL))
			goto nomem;
	for_each_possible_cpu(cpu) {
		u8 *row = kzalloc_node(dtx_nslots, GFP_KERNEL,
				       cpu_to_node(cpu));

		if (!row)
			goto nomem;
		per_cpu(dtx_row, cpu) = row;
	}
	ret = register_nmi_handler(NMI_LOCAL, dtx_nmi, 0, "dtrace_xcall");
	if (ret) {
		pr_err("dtrace: xcall: cannot register the NMI handler: %d\n",
		       ret);
		return ret;
	}
	/* The mailboxes before dtx_ready. */
	smp_store_release(&dtx_ready, true);
	return 0;

nomem:
	/* Left allocated: boot-time, and dtrace_xcall() WARNs if used. */
	pr_err("dtrace: xcall: out of memory\n");
	return -ENOMEM;
}
early_initcall(dtrace_xcall_init);
