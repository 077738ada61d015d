/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Promela model of the DTrace cross-CPU call (xcall) protocol of
 * arch/x86/dtrace/dtrace_xcall.c, for 3 CPUs.  Checked by scripts/check-model.
 *
 * Each CPU is three processes sharing one "CPU token" ctx[c]: the task
 * context (0), the hardirq context (1) and the NMI context (2).  The
 * provided clauses let only the context that owns the CPU run, so a
 * hardirq can interrupt the task only where the task has interrupts on,
 * and an NMI can interrupt anything between any two steps, exactly as
 * on the hardware.
 *
 * Mailboxes: st[SL(t, c, l)] is the slot on target t for caller CPU c at
 * caller nesting level l (0: task/softirq, 1: hardirq).  States:
 *
 *   FREE --caller--> CALL --target cmpxchg--> RUN --target--> DONE
 *   DONE --caller--> FREE
 *
 * DONE is the target's last access to the slot and to the call: it
 * acknowledges that the target has finished with the mailbox, and only
 * then may the caller take it back and reuse it (the 2005 Solaris hang
 * was a mailbox reused under a target that still used it).  gen[] counts
 * the calls a slot has carried, so that a target that still acts on a
 * call its caller has taken back fails an assertion.
 *
 * IPIs: the local APIC of each CPU has, for our vector, an IRR bit
 * (pending) and an ISR bit (in service).  Sending sets IRR (a second
 * IPI while IRR is set is coalesced); delivery needs IF=1, IRR=1 and
 * ISR=0 and moves IRR to ISR; EOI clears ISR.  An IPI that arrives while
 * the vector is in service may also be lost (see send_ipi), which is
 * what makes the place of the EOI matter: it must come before the
 * handler's first look at the mailboxes (EOI_LATE puts it after the
 * last, and spin finds the lost call).
 *
 * Configurations (-DCONF_A to -DCONF_D, larger ones with -DFULL)
 * and deliberately broken variants (-DBROKEN_*, -DEOI_LATE) are listed in
 * scripts/check-model.
 *
 * Where the kernel differs: waiting is a blocking guard here (a spin
 * there), so that a stuck system is an invalid end state or a timeout
 * rather than a livelock; a caller entered with interrupts on waits with
 * IF=1 here and with short interrupt windows there; two caller levels
 * here, three there (task, softirq, hardirq); one NMI per target per call
 * here, repeated NMIs after growing bounds there; a waiting caller serves
 * one slot per round here, its whole row there; CPU hotplug is not
 * modelled (see the comment in dtrace_xcall.c).
 */

#define NCPU	3
#define NLVL	2
#define NSLOT	(NCPU * NCPU * NLVL)
#define SL(t, c, l)	((t) * NCPU * NLVL + (c) * NLVL + (l))
#define ALL	NCPU		/* DTRACE_CPUALL */

#define FREE	0
#define CALL	1
#define RUN	2
#define DONE	3

#if defined(CONF_A)
#define NCALLS		9
#define TIMER_TARGET(c)	ALL
#elif defined(CONF_B) && defined(FULL)
#define NCALLS		4
#define TIMER_TARGET(c)	(c == 0 -> ALL : 0)
#elif defined(CONF_B)
#define NCALLS		3
#define TIMER_TARGET(c)	(c == 0 -> ALL : 0)
#elif defined(CONF_C) || defined(CONF_D)
#define NCALLS		2
#define TIMER_TARGET(c)	ALL
#endif

byte st[NSLOT];		/* slot states */
byte runs[NSLOT];	/* times the slot's function ran for its current call */
byte gen[NSLOT];	/* calls the slot has carried */
byte lruns[NCPU * NLVL];	/* local runs of a caller's own function */
byte ctx[NCPU];		/* who owns the CPU: 0 task, 1 hardirq, 2 NMI */
bit IF[NCPU];		/* interrupt flag */
bit irr[NCPU];		/* our vector pending */
bit isr[NCPU];		/* our vector in service */
bit nmi_pend[NCPU];	/* NMI latched */
bit inprobe[NCPU];	/* in DTrace probe context (configuration D) */
hidden byte nmi_exp[NCPU];	/* an xcall NMI is expected (bookkeeping) */
byte lvl[NCPU];		/* caller nesting level */
bit timer[NCPU];	/* a timer interrupt is pending (configuration B) */
byte ndone;		/* callers that have returned */

/* A slot the target must act on: a call to run. */
#define ACT1(s)		(st[s] == CALL)
#define OVER(m, P)	(P(SL(m,0,0)) || P(SL(m,0,1)) || P(SL(m,1,0)) || \
			 P(SL(m,1,1)) || P(SL(m,2,0)) || P(SL(m,2,1)))
#define ACT(m)		OVER(m, ACT1)

/*
 * Send our vector to CPU t.  The architecture latches an IPI that
 * arrives while the vector is in service in IRR, and delivers it after
 * EOI.  Some virtual APICs have been seen to lose it instead (or, which
 * comes to the same, to keep IRR set until EOI, so that the new IPI is
 * coalesced with the one in service and cleared by its EOI).  The model
 * allows both, at each such IPI, unless APIC_ARCH is defined.
 */
inline send_ipi(t)
{
#ifdef APIC_ARCH
	irr[t] = 1
#else
	if
	:: irr[t] = 1
	:: isr[t] -> skip	/* lost while in service */
	fi
#endif
}

inline eoi(m)
{
	isr[m] = 0
}

/*
 * Serve one slot of CPU m: the first one from index "from" on, in scan
 * order, that holds a call to run; j is left just past it.  A call is
 * claimed by cmpxchg CALL->RUN, so that an NMI nested between the claim
 * and the end of the function cannot run it a second time
 * (BROKEN_CLAIM_STORE reads CALL and stores RUN in two steps, and spin
 * finds the call run twice).  The function and the store of
 * DONE are the next step, so NMIs do land in between; BROKEN_EARLY_DONE
 * stores DONE with the claim, before the function has run, and spin
 * finds the caller reusing the mailbox under it.  The scan and the
 * cmpxchg are one step: a cmpxchg that fails because the slot changed
 * under it just rescans, which this subsumes.
 */
inline poll(m, clrif, from)
{
	d_step {
		if
		:: clrif -> IF[m] = 0
		:: else -> skip
		fi;
		i = from;
		do
		:: i < NCPU * NLVL && !ACT1(m * NCPU * NLVL + i) -> i++
		:: else -> break
		od;
		j = i + 1;
		if
		:: i < NCPU * NLVL -> s = m * NCPU * NLVL + i; g = gen[s];
#ifdef BROKEN_CLAIM_STORE
			claimed = 1
#elif defined(BROKEN_EARLY_DONE)
			st[s] = DONE; claimed = 1
#else
			st[s] = RUN; claimed = 1
#endif
		:: else -> skip
		fi;
		i = 0
	}
#ifdef BROKEN_CLAIM_STORE
	if
	:: claimed -> st[s] = RUN
	:: else -> skip
	fi;
#endif
	if
	:: claimed ->
		d_step {
			assert(gen[s] == g);	/* still the call it claimed */
			assert(!inprobe[m]);	/* never on top of a probe */
			assert(runs[s] == 0);	/* exactly once */
			runs[s]++;
#ifndef BROKEN_EARLY_DONE
			st[s] = DONE;
#endif
			claimed = 0
		}
	:: else -> skip
	fi;
	s = 0;
	g = 0
}

/*
 * A poller that is not waiting (the IPI handler, the NMI handler, a
 * caller on its way out) makes one pass over its row, running the calls
 * it finds, and returns.  It does not wait for anything: a target is
 * finished with a call when it has stored DONE.  A call posted behind the
 * pass has its own IPI, latched since the EOI, or its own NMI.
 */
#define ACTAT(m, k)	(j <= k && ACT1(m * NCPU * NLVL + k))
#define ACTFROM(m)	(ACTAT(m, 0) || ACTAT(m, 1) || ACTAT(m, 2) || \
			 ACTAT(m, 3) || ACTAT(m, 4) || ACTAT(m, 5))
inline serve(m)
{
	j = 0;
	do
	:: ACTFROM(m) -> poll(m, 0, j)
	:: else -> break
	od;
	j = 0
}

/* All slots of the caller (m, l) for targets tg are in state S. */
#define ALLIN(m, l, tg, S) \
	((tg == ALL || tg == 0 || m == 0 || st[SL(0, m, l)] == S) && \
	 ((tg != ALL && tg != 1) || m == 1 || st[SL(1, m, l)] == S) && \
	 ((tg != ALL && tg != 2) || m == 2 || st[SL(2, m, l)] == S))
#undef ALLIN
#define TGT(tg, t, m)	((tg == ALL || tg == t) && t != m)
#define IN(m, l, tg, t, S)	(!TGT(tg, t, m) || st[SL(t, m, l)] == S)
#define ALLIN(m, l, tg, S)	(IN(m, l, tg, 0, S) && IN(m, l, tg, 1, S) && \
				 IN(m, l, tg, 2, S))

/*
 * The NMI fallback: a target that has not answered within the bound
 * gets an NMI.  In configurations A and B no CPU sits with interrupts
 * off outside dtrace_xcall, so the IPI path alone must complete: there
 * the fallback may only be taken when the whole system is stuck
 * (Promela's timeout) and doing so is an error.  In configuration C the
 * bound may elapse at any moment (a slow or descheduled vCPU looks the
 * same as a dead one), so the NMI may arrive at any point of the
 * target's life.  One NMI per target per call suffices.
 */
#if defined(CONF_C) || defined(CONF_D)
#define NMI_OPT(m, l, tg, t, S) \
	:: TGT(tg, t, m) && st[SL(t, m, l)] != S && !(nsent & (1 << t)) -> \
		atomic { nsent = nsent | (1 << t); nmi_exp[t] = 1; \
			 nmi_pend[t] = 1 }
#define STUCK	:: timeout -> assert(0)
#else
#define NMI_OPT(m, l, tg, t, S)
#define STUCK	:: timeout -> assert(0)	/* the IPI path lost a call */
#endif

/*
 * wait until all targets reached state S, serving our own mailboxes.
 * With interrupts on at entry (ion), the wait runs with IF=1 and each
 * pass with IF=0: hardirqs (our IPI, a timer that calls again) nest here.
 */
inline xwait(m, l, tg, S, ion)
{
	do
	:: ALLIN(m, l, tg, S) -> break
#ifndef BROKEN_NO_SERVE
	:: ACT(m) ->
		poll(m, 1, 0);
		IF[m] = ion
#endif
	NMI_OPT(m, l, tg, 0, S)
	NMI_OPT(m, l, tg, 1, S)
	NMI_OPT(m, l, tg, 2, S)
	STUCK
	od
}

inline post(m, l, tg, t)
{
	if
	:: TGT(tg, t, m) ->
		d_step {
			s = SL(t, m, l);
			assert(st[s] == FREE);	/* no reuse while busy */
			runs[s] = 0;
			gen[s]++;
			st[s] = CALL;
			s = 0
		}
		send_ipi(t)
	:: else -> skip
	fi
}

/* Take back a slot whose target is DONE with it. */
inline reclaim(m, l, tg, t)
{
	if
	:: TGT(tg, t, m) ->
		s = SL(t, m, l);
		assert(st[s] == DONE);
		assert(runs[s] == 1);	/* ran exactly once */
		st[s] = FREE;
		s = 0
	:: else -> skip
	fi
}

/*
 * dtrace_xcall(tg, func) on CPU m; ion: interrupts were on at entry.
 * The caller's locals l, nsent, i, s, g are declared by the process.
 * Taking the slots back is one step: only the caller touches a slot in
 * DONE or FREE.  On its way out the caller serves what is addressed to
 * it, as the kernel does, so that a caller that goes on with interrupts
 * off does not leave a call it could run to the NMI.
 */
inline xcall(m, tg, ion)
{
	atomic { IF[m] = 0; l = lvl[m]; lvl[m]++; nsent = 0 }
	assert(l < NLVL);
	post(m, l, tg, 0);
	post(m, l, tg, 1);
	post(m, l, tg, 2);
	if
	:: tg == ALL || tg == m -> atomic { lruns[m * NLVL + l]++; IF[m] = ion }
	:: else -> IF[m] = ion
	fi;
	xwait(m, l, tg, DONE, ion);
	atomic {
		IF[m] = 0;
		reclaim(m, l, tg, 0);
		reclaim(m, l, tg, 1);
		reclaim(m, l, tg, 2);
		assert(tg != ALL && tg != m || lruns[m * NLVL + l] == 1);
		lruns[m * NLVL + l] = 0
	}
	serve(m);
	atomic { lvl[m]--; ndone++; IF[m] = ion; l = 0; nsent = 0 }
}

/* The hardirq context of CPU c: our vector, and the timer. */
proctype Irq(byte c)
	provided (ctx[c] == 1 ||
		  (ctx[c] == 0 && IF[c] && ((irr[c] && !isr[c]) || timer[c])))
{
	byte l, i, j, s, g, nsent;
	bit claimed;
end:	do
	:: atomic { ctx[c] == 0 && IF[c] && irr[c] && !isr[c] ->
		ctx[c] = 1;		/* first: keeps the provided clause */
		irr[c] = 0; isr[c] = 1; IF[c] = 0 }
#ifndef EOI_LATE
		/*
		 * EOI before the first look at the mailboxes: an IPI sent
		 * after this point is latched again, whatever the APIC does
		 * with IPIs arriving while the vector is in service.
		 */
		eoi(c);
#endif
		serve(c);
#ifdef EOI_LATE
		eoi(c);
#endif
		atomic { IF[c] = 1; ctx[c] = 0 }	/* ctx last */
	:: atomic { ctx[c] == 0 && IF[c] && timer[c] ->
		ctx[c] = 1; timer[c] = 0; IF[c] = 0 }
		xcall(c, TIMER_TARGET(c), 0);
		atomic { IF[c] = 1; ctx[c] = 0 }
	od
}

/* The NMI context of CPU c: it interrupts anything but itself. */
proctype Nmi(byte c)
	provided (ctx[c] == 2 || (nmi_pend[c] && ctx[c] != 2))
{
	byte saved, i, j, s, g;
	bit claimed;
end:	do
	:: atomic { nmi_pend[c] && ctx[c] != 2 ->
		saved = ctx[c]; ctx[c] = 2; nmi_pend[c] = 0 }
		nmi_exp[c] = 0;		/* ours: NMI_HANDLED */
#ifndef BROKEN_NMI_IN_PROBE
		if
		:: !inprobe[c] -> serve(c)
		:: else -> skip	/* the IPI is taken after the probe */
		fi;
#else
		serve(c);
#endif
		ctx[c] = saved		/* ctx last */
	od
}

#if defined(CONF_A)
/* (a) mutual: every CPU calls both others, then all, interrupts off. */
proctype Task(byte c) provided (ctx[c] == 0)
{
	byte l, i, j, s, g, nsent;
	bit claimed;
	xcall(c, (c + 1) % NCPU, 0);
	xcall(c, (c + 2) % NCPU, 0);
	xcall(c, ALL, 0);
end:	IF[c] = 1
}
#elif defined(CONF_B)
/*
 * (b) nested: CPU 0 calls all with interrupts on, and its timer calls
 * all from hardirq, possibly while the task's call waits (a nested
 * caller at level 1); CPU 1's timer calls CPU 0 while CPU 1 is a target
 * with interrupts on; CPU 2 is a target with interrupts on, and so
 * takes its calls in the IPI handler (with FULL it also calls CPU 1
 * with interrupts on).
 */
proctype Task(byte c) provided (ctx[c] == 0)
{
	byte l, i, j, s, g, nsent;
	bit claimed;
	if
	:: c == 0 -> timer[0] = 1; xcall(c, ALL, 1)
	:: c == 1 -> timer[1] = 1; IF[c] = 1
#ifdef FULL
	:: c == 2 -> xcall(c, 1, 1)
#else
	:: c == 2 -> IF[c] = 1
#endif
	fi;
end:	IF[c] = 1
}
#elif defined(CONF_C)
/*
 * (c) NMI path: CPU 2 sits with interrupts off outside dtrace_xcall
 * until both callers have returned, so our IPI is never taken there and
 * only the NMI reaches it; CPU 0 calls all and CPU 1 calls CPU 2 (all,
 * with FULL), both with interrupts off.  CPU 0's bound may elapse at any
 * time, so its NMI may reach CPU 1 as a caller, in the middle of running
 * a call, or in its IPI handler after its own call returned.
 */
proctype Task(byte c) provided (ctx[c] == 0)
{
	byte l, i, j, s, g, nsent;
	bit claimed;
	if
	:: c == 0 -> xcall(c, ALL, 0)
#ifdef FULL
	:: c == 1 -> xcall(c, ALL, 0)
#else
	:: c == 1 -> xcall(c, 2, 0)
#endif
	:: c == 2 -> IF[c] = 0; ndone == NCALLS
	fi;
end:	IF[c] = 1
}
#elif defined(CONF_D)
/*
 * (d) NMI in probe context: CPU 2 runs two probes (interrupts off), with
 * interrupts on in between and after; CPU 0 calls all and CPU 1 calls
 * CPU 2, interrupts off, and their NMIs may land anywhere, in a probe
 * too.  The NMI handler does not serve on top of a probe (a call is how
 * dtrace_sync() learns that a CPU has left probe context): the call runs
 * when the probe is over (BROKEN_NMI_IN_PROBE serves there, and the
 * assertion in poll() catches it).
 */
proctype Task(byte c) provided (ctx[c] == 0)
{
	byte l, i, j, s, g, nsent;
	bit claimed;
	if
	:: c == 0 -> xcall(c, ALL, 0)
	:: c == 1 -> xcall(c, 2, 0)
	:: c == 2 ->
		atomic { IF[c] = 0; inprobe[c] = 1 };
		atomic { inprobe[c] = 0; IF[c] = 1 };
		atomic { IF[c] = 0; inprobe[c] = 1 };
		inprobe[c] = 0
	fi;
end:	IF[c] = 1
}
#else
#error "define CONF_A, CONF_B, CONF_C or CONF_D"
#endif

init
{
	atomic {
		run Task(0); run Task(1); run Task(2);
		run Irq(0); run Irq(1); run Irq(2);
		run Nmi(0); run Nmi(1); run Nmi(2)
	}
}
