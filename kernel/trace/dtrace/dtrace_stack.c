// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the kernel stack at a probe, for the built-in variables
 * stackdepth and caller, and the thread's virtual time (vtimestamp).
 *
 * The stack is walked with the kernel's own unwinder, through
 * arch_stack_walk(): it is what perf uses from NMI context, it takes no
 * lock, and every load it makes is checked against the bounds of the
 * stack it walks.  A DTrace-private unwinder would have to duplicate ORC;
 * the price of reusing it is that the unwinder's functions may not be
 * probed (a probe in them would be dropped as re-entrant anyway).
 *
 * Frame 0 is where the probe fired: the instruction of @regs when the
 * provider gave registers (a breakpoint, an interrupted context), else
 * the provider's call into DTrace.  stackdepth counts the frames above
 * it, the callers, and caller is frame 1, the return address into the
 * function that called the one the probe fired in.  stack() records
 * frame 0 and its callers.  Frames of DTrace itself never count: without
 * registers the walk starts at the provider.
 *
 * ustack() walks the user stack of the current thread with
 * arch_stack_walk_user(), as ftrace's user stack traces do: the
 * instruction of its user registers, then the chain of frame pointers,
 * read with page faults disabled.  Code built without frame pointers
 * stops it early or leads it astray; every address is only recorded.
 */

#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task_stack.h>
#include <linux/kprobes.h>
#include <linux/stacktrace.h>
#include <linux/uaccess.h>
#include <asm/ptrace.h>

#include "dtrace.h"

struct dtrace_stackwalk {
	unsigned long site;	/* skip frames until this one, 0: none */
	unsigned long *pcs;	/* the frames, from frame 1 on */
	int max;		/* room at @pcs */
	bool all;		/* count the frames beyond @max too */
	bool found;		/* frame 0 seen */
	int depth;		/* frames seen from frame 1 on */
};

static bool notrace dtrace_stack_frame(void *cookie, unsigned long addr)
{
	struct dtrace_stackwalk *w = cookie;

	if (!w->found) {
		/* The frames of DTrace itself, down to the provider's call. */
		if (w->site && addr != w->site)
			return true;
		w->found = true;
		return true;
	}
	if (w->depth < w->max)
		w->pcs[w->depth] = addr;
	w->depth++;
	return w->all || w->depth < w->max;
}

NOKPROBE_SYMBOL(dtrace_stack_frame);

static void notrace dtrace_stack_walk(struct dtrace_mstate *ms,
				      struct dtrace_stackwalk *w)
{
	if (ms->regs) {
		if (user_mode(ms->regs))
			return;
	} else {
		if (!ms->site)
			return;
		w->site = ms->site;
	}
	arch_stack_walk(dtrace_stack_frame, w, current, ms->regs);
}

NOKPROBE_SYMBOL(dtrace_stack_walk);

/**
 * dtrace_getpcstack - the return addresses above the probe site
 * @ms: the machine state of the firing
 * @pcs: where to store them, the caller's first
 * @max: room at @pcs
 *
 * Return: the number of frames stored; 0 when the probe fired in user
 * mode.
 */
int notrace dtrace_getpcstack(struct dtrace_mstate *ms, unsigned long *pcs,
			      int max)
{
	struct dtrace_stackwalk w = { .pcs = pcs, .max = max };

	if (max <= 0)
		return 0;
	dtrace_stack_walk(ms, &w);
	return min(w.depth, max);
}

NOKPROBE_SYMBOL(dtrace_getpcstack);

/**
 * dtrace_stack_record - the frames stack() records
 * @ms: the machine state of the firing
 * @pcs: where to store them, @max of them
 * @max: the frames asked for
 *
 * Frame 0, where the probe fired (the instruction of the registers a
 * provider gave, or its call into DTrace), then its callers; the rest of
 * @pcs is zero.  Nothing but zeros when the probe fired in user mode.
 */
void notrace dtrace_stack_record(struct dtrace_mstate *ms, u64 *pcs, int max)
{
	int n = 0;

	if (max <= 0)
		return;
	if (ms->regs && !user_mode(ms->regs))
		pcs[n++] = instruction_pointer(ms->regs);
	else if (!ms->regs && ms->site)
		pcs[n++] = ms->site;
	/* unsigned long and u64 are the same on 64-bit: no copy. */
	BUILD_BUG_ON(sizeof(unsigned long) != sizeof(u64));
	if (n)
		n += dtrace_getpcstack(ms, (unsigned long *)pcs + n, max - n);
	memset(pcs + n, 0, (max - n) * sizeof(*pcs));
}

NOKPROBE_SYMBOL(dtrace_stack_record);

struct dtrace_ustackwalk {
	u64 *pcs;
	int n;
	int max;
};

static bool notrace dtrace_ustack_frame(void *cookie, unsigned long addr)
{
	struct dtrace_ustackwalk *w = cookie;

	w->pcs[w->n++] = addr;
	return w->n < w->max;
}

NOKPROBE_SYMBOL(dtrace_ustack_frame);

/**
 * dtrace_ustack_record - what ustack() records
 * @ms: the machine state of the firing
 * @rec: where to store it, 1 + @max u64s
 * @max: the frames asked for
 *
 * The process id, then the user frames of the current thread, then
 * zeros; all zeros for a kernel thread, or where user memory cannot be
 * read (an NMI that interrupted a switch of address space).
 */
void notrace dtrace_ustack_record(struct dtrace_mstate *ms, u64 *rec, int max)
{
	struct dtrace_ustackwalk w = { .pcs = rec + 1, .max = max };
	struct task_struct *t = current;
	struct pt_regs *regs;

	memset(rec, 0, (1 + max) * sizeof(*rec));
	if (max <= 0 || (t->flags & PF_KTHREAD) || !t->mm ||
	    !nmi_uaccess_okay())
		return;
	regs = ms->regs && user_mode(ms->regs) ? ms->regs : task_pt_regs(t);
	rec[0] = task_tgid_nr(t);
	arch_stack_walk_user(dtrace_ustack_frame, &w, regs);
}

NOKPROBE_SYMBOL(dtrace_ustack_record);

/* What usym(), umod() and uaddr() record: the process, the address. */
void notrace dtrace_uaddr_record(void *dst, u64 addr)
{
	u64 rec[2] = { 0, addr };

	if (!(current->flags & PF_KTHREAD))
		rec[0] = task_tgid_nr(current);
	memcpy(dst, rec, sizeof(rec));
}

NOKPROBE_SYMBOL(dtrace_uaddr_record);

/* One walk per firing serves both stackdepth and caller. */
static void notrace dtrace_stack_compute(struct dtrace_mstate *ms)
{
	unsigned long first = 0;
	struct dtrace_stackwalk w = { .pcs = &first, .max = 1, .all = true };

	if (ms->stackdepth >= 0)
		return;
	dtrace_stack_walk(ms, &w);
	ms->stackdepth = w.depth;
	ms->caller = first;
}

NOKPROBE_SYMBOL(dtrace_stack_compute);

int notrace dtrace_stackdepth(struct dtrace_mstate *ms)
{
	dtrace_stack_compute(ms);
	return ms->stackdepth;
}

NOKPROBE_SYMBOL(dtrace_stackdepth);

u64 notrace dtrace_caller(struct dtrace_mstate *ms)
{
	dtrace_stack_compute(ms);
	return ms->caller;
}

NOKPROBE_SYMBOL(dtrace_caller);

/**
 * dtrace_vtimestamp - the current thread's CPU time when its probe fired
 * @at: ktime_get_mono_fast_ns() at the firing, the probe's timestamp
 *
 * The scheduler adds a slice's time to sum_exec_runtime when it accounts
 * it (a tick, a switch, a wakeup onto this runqueue from another CPU); the
 * part of the running slice not accounted yet is the time since
 * exec_start, on the clock the scheduler uses for it.
 *
 * Interrupts are off here, but another CPU holding this runqueue's lock
 * may account the slice while this one reads.  It stores exec_start, then
 * sum_exec_runtime, and x86 keeps both stores and these loads in order:
 * a sum read first goes with the exec_start read after it, unless the sum
 * moved in between, which the read after tells.  A few tries at most.
 * Read between the scheduler's two stores, the slice is briefly in
 * neither: a few instructions' window to count it short, none to count
 * it twice.
 *
 * The firing's own time, since @at, is taken off: vtimestamp is of the
 * same moment as timestamp, however long the clause ran before asking.
 */
u64 notrace dtrace_vtimestamp(u64 at)
{
	struct sched_entity *se = &current->se;
	u64 sum, start, now, ran, firing;
	int tries = 0;

	do {
		sum = READ_ONCE(se->sum_exec_runtime);
		/* The sum before exec_start: pairs with update_curr()'s stores. */
		smp_rmb();
		start = READ_ONCE(se->exec_start);
		now = local_clock();
		/* exec_start before the sum is read again. */
		smp_rmb();
	} while (READ_ONCE(se->sum_exec_runtime) != sum && ++tries < 4);

	ran = now > start ? now - start : 0;
	firing = ktime_get_mono_fast_ns();
	firing = firing > at ? firing - at : 0;
	return sum + (ran > firing ? ran - firing : 0);
}

NOKPROBE_SYMBOL(dtrace_vtimestamp);
