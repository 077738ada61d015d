// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the destructive actions - stop(), raise(), chill() - and the
 * destructive subroutines copyout() and copyoutstr().  A consumer may use
 * them only with the destructive option set (dtrace -w); GO refuses an
 * enabling that has them otherwise.  system() is the consumer's: the
 * kernel records its arguments as for printf().
 *
 * Probe context may not send a signal: that takes the target's siglock.
 * stop() and raise() take a reference on the current task and queue an
 * irq_work, which sends the signal from interrupt context as soon as
 * interrupts are on again - before the thread returns to user space, as
 * DTrace's signals are delivered.  This is what BPF's bpf_send_signal()
 * does from its own probe context.  A CPU has one such work in flight: a
 * second signal before the first is sent is an error of the clause.
 *
 * chill(ns) spins for ns nanoseconds with interrupts off, at most
 * DTRACE_CHILL_MAX in each DTRACE_CHILL_INTERVAL on a CPU; past that it
 * is an error of the clause and does not spin.
 *
 * copyout() and copyoutstr() write into the memory of the current
 * process, never of a kernel thread, whose address space is whichever
 * one it borrowed; from an NMI only while that is the task's own
 * (nmi_uaccess_okay()).  The writes go through the user access helpers
 * with page faults disabled: an address that is not mapped and present
 * is a fault of the clause.
 */

#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "dtrace.h"

#define DTRACE_CHILL_INTERVAL	NSEC_PER_SEC
#define DTRACE_CHILL_MAX	(500 * NSEC_PER_MSEC)

struct dtrace_sigwork {
	struct irq_work work;
	struct task_struct *task;
	int sig;
	enum pid_type type;
};

struct dtrace_chillstate {
	u64 start;		/* of the current interval */
	u64 spent;		/* chilled in it */
};

static DEFINE_PER_CPU(struct dtrace_sigwork, dtrace_sigwork);
static DEFINE_PER_CPU(struct dtrace_chillstate, dtrace_chillstate);

static void dtrace_sigwork_fn(struct irq_work *work)
{
	struct dtrace_sigwork *sw = container_of(work, struct dtrace_sigwork,
						 work);
	struct task_struct *t = sw->task;

	group_send_sig_info(sw->sig, SEND_SIG_PRIV, t, sw->type);
	sw->task = NULL;
	put_task_struct(t);
}

/* Probe context: queue @sig for the current thread or its process. */
static void notrace dtrace_signal(struct dtrace_mstate *ms, int sig,
				  enum pid_type type)
{
	struct dtrace_sigwork *sw = this_cpu_ptr(&dtrace_sigwork);

	if (!valid_signal(sig) || !sig) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, sig);
		return;
	}
	/* Kernel threads take no signals from DTrace. */
	if (current->flags & PF_KTHREAD)
		return;
	if (irq_work_is_busy(&sw->work) || sw->task) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, sig);
		return;
	}
	sw->task = get_task_struct(current);
	sw->sig = sig;
	sw->type = type;
	irq_work_queue(&sw->work);
}

NOKPROBE_SYMBOL(dtrace_signal);

/* Probe context: spin for @ns within the CPU's allowance. */
static void notrace dtrace_chill(struct dtrace_mstate *ms, u64 ns)
{
	struct dtrace_chillstate *c = this_cpu_ptr(&dtrace_chillstate);
	u64 now = ktime_get_mono_fast_ns(), t;

	if (now - c->start >= DTRACE_CHILL_INTERVAL) {
		c->start = now;
		c->spent = 0;
	}
	if (ns > DTRACE_CHILL_MAX - c->spent) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, ns);
		return;
	}
	c->spent += ns;
	do {
		cpu_relax();
		t = ktime_get_mono_fast_ns();
	} while (t - now < ns);
}

NOKPROBE_SYMBOL(dtrace_chill);

/**
 * dtrace_destr_act - carry out a destructive action, in probe context
 * @ms: the machine state of the firing
 * @kind: DTRACEACT_STOP, DTRACEACT_RAISE or DTRACEACT_CHILL (system() is
 *	  the consumer's)
 * @val: the value of its DIFO: the signal of raise(), the nanoseconds of
 *	 chill()
 */
void notrace dtrace_destr_act(struct dtrace_mstate *ms, u32 kind, u64 val)
{
	switch (kind) {
	case DTRACEACT_STOP:
		dtrace_signal(ms, SIGSTOP, PIDTYPE_TGID);
		break;
	case DTRACEACT_RAISE:
		dtrace_signal(ms, (int)val == val ? (int)val : -1, PIDTYPE_PID);
		break;
	case DTRACEACT_CHILL:
		dtrace_chill(ms, val);
		break;
	}
}

NOKPROBE_SYMBOL(dtrace_destr_act);

/**
 * dtrace_copyout - copy bytes of this firing to the current process
 * @ms: the machine state of the firing
 * @src: kernel memory DTrace may read (scratch of the firing)
 * @dst: the user address
 * @size: the bytes
 *
 * A fault of the clause (DTRACEFLT_BADADDR) when @dst cannot be written.
 */
void notrace dtrace_copyout(struct dtrace_mstate *ms, const void *src,
			    unsigned long dst, size_t size)
{
	unsigned long left;

	if ((current->flags & PF_KTHREAD) || !current->mm ||
	    !access_ok((void __user *)dst, size) || !nmi_uaccess_okay()) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, dst);
		return;
	}
	pagefault_disable();
	left = raw_copy_to_user((void __user *)dst, src, size);
	pagefault_enable();
	if (left)
		dtrace_fault(ms, DTRACEFLT_BADADDR, dst + size - left);
}

NOKPROBE_SYMBOL(dtrace_copyout);

static int __init dtrace_destr_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		init_irq_work(&per_cpu(dtrace_sigwork, cpu).work,
			      dtrace_sigwork_fn);
	return 0;
}
core_initcall(dtrace_destr_init);
