// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: consumers, their enabled probes, buffers and variables, and
 * dtrace_probe(), where it all runs.
 *
 * Each open of /dev/dtrace is a consumer, a struct dtrace_state.  Before
 * DTRACEIOC_GO the consumer sets options and enables clauses: each clause
 * (a predicate and actions, all validated DIF) enabled on each probe its
 * description matches is an ECB, named by an EPID.  GO allocates the
 * per-CPU principal buffers and the variables and fires dtrace:::BEGIN;
 * the consumer then takes snapshots of the buffers until exit() or its
 * own decision, and STOP fires dtrace:::END.  Closing the device, however
 * the consumer dies, tears everything down synchronously.
 *
 * Probe context (dtrace_probe() and everything it calls) runs with
 * interrupts off, takes no lock, never sleeps and touches only memory
 * that stays valid until a dtrace_sync() after it was unpublished.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/cpu.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "dtrace.h"

dtrace_id_t dtrace_probeid_begin, dtrace_probeid_end, dtrace_probeid_error;

/* What each CPU needs in probe context. */
struct dtrace_cpu {
	int in_probe;			/* nesting: 1 in a probe, 2 in ERROR */
	u64 rand;
	char *scratch;			/* DTRACE_SCRATCH_SIZE bytes */
	struct dtrace_mstate *ms;	/* the firing in progress */
};

static DEFINE_PER_CPU(struct dtrace_cpu, dtrace_cpu);

/* A clause as enabled: shared by the ECBs it creates. */
struct dtrace_clause {
	struct list_head list;		/* on the state */
	struct dtrace_difo *pred;
	struct dtrace_action *actions;
	u32 nactions;
	u32 size;			/* data bytes recorded */
	bool norec;			/* records nothing: no record */
	bool spec;			/* records into a speculation */
	u64 uarg;
};

static const u64 dtrace_opt_default[DTRACEOPT_MAX] = {
	[DTRACEOPT_BUFSIZE]	= 4 << 20,
	[DTRACEOPT_BUFPOLICY]	= DTRACEOPT_BUFPOLICY_SWITCH,
	[DTRACEOPT_DYNVARSIZE]	= 1 << 20,
	[DTRACEOPT_AGGSIZE]	= 4 << 20,
	[DTRACEOPT_SPECSIZE]	= 32 << 10,
	[DTRACEOPT_NSPEC]	= 1,
	[DTRACEOPT_STRSIZE]	= 256,
	[DTRACEOPT_CLEANRATE]	= NSEC_PER_SEC / 101,
	[DTRACEOPT_DESTRUCTIVE]	= 0,
	[DTRACEOPT_DEADMAN]	= 10ULL * NSEC_PER_SEC,
};

/* Bounds of each option, inclusive. */
static const u64 dtrace_opt_max[DTRACEOPT_MAX] = {
	[DTRACEOPT_BUFSIZE]	= 256 << 20,
	[DTRACEOPT_BUFPOLICY]	= DTRACEOPT_BUFPOLICY_RING,
	[DTRACEOPT_DYNVARSIZE]	= 256 << 20,
	[DTRACEOPT_AGGSIZE]	= 256 << 20,
	[DTRACEOPT_SPECSIZE]	= 256 << 20,
	[DTRACEOPT_NSPEC]	= 1024,
	[DTRACEOPT_STRSIZE]	= DTRACE_MAX_BYREF,
	[DTRACEOPT_CLEANRATE]	= 10ULL * NSEC_PER_SEC,
	[DTRACEOPT_DESTRUCTIVE]	= 1,
	[DTRACEOPT_DEADMAN]	= 3600ULL * NSEC_PER_SEC,
};

/* Tiny sizes are allowed: records that do not fit are dropped, counted. */
static const u64 dtrace_opt_min[DTRACEOPT_MAX] = {
	[DTRACEOPT_BUFSIZE]	= 8,
	[DTRACEOPT_DYNVARSIZE]	= 8,
	[DTRACEOPT_AGGSIZE]	= 8,
	[DTRACEOPT_SPECSIZE]	= 8,
	[DTRACEOPT_STRSIZE]	= 2,
	[DTRACEOPT_CLEANRATE]	= NSEC_PER_MSEC,
	[DTRACEOPT_DEADMAN]	= NSEC_PER_SEC,
};

/**
 * dtrace_in_probe_context - is this CPU running a probe?
 *
 * For the NMI handler of the cross-CPU calls (dtrace_sync() must not take
 * an NMI in the middle of a probe for the end of it).  Interrupts are off.
 */
bool notrace dtrace_in_probe_context(void)
{
	return READ_ONCE(this_cpu_ptr(&dtrace_cpu)->in_probe) != 0;
}

NOKPROBE_SYMBOL(dtrace_in_probe_context);

/**
 * dtrace_cpu_enter - enter probe context outside a probe
 *
 * For hooks that touch what dtrace_sync() protects, such as the
 * reclaiming of a dead thread's variables.  Interrupts are off.
 *
 * Return: false if this CPU is in probe context already: do nothing.
 */
bool notrace dtrace_cpu_enter(void)
{
	struct dtrace_cpu *c = this_cpu_ptr(&dtrace_cpu);

	if (c->in_probe)
		return false;
	c->in_probe = 1;
	barrier();
	return true;
}

NOKPROBE_SYMBOL(dtrace_cpu_enter);

/* dtrace_cpu_exit - leave what dtrace_cpu_enter() entered. */
void notrace dtrace_cpu_exit(void)
{
	barrier();
	this_cpu_ptr(&dtrace_cpu)->in_probe = 0;
}

NOKPROBE_SYMBOL(dtrace_cpu_exit);

/* --- Probe context ------------------------------------------------------ */

u64 dtrace_probe_arg(struct dtrace_mstate *ms, int n)
{
	struct dtrace_probe *p = ms->probe;

	if (n < 6)
		return ms->args ? ms->args[n] :
				  regs_get_kernel_argument(ms->regs, n);
	if (p->prov->pops->getargval)
		return p->prov->pops->getargval(p->prov->arg, p->id, p->parg, n);
	return 0;
}

struct dtrace_var *dtrace_var_get(struct dtrace_state *state, u8 scope, u32 id)
{
	u32 idx = id - DIF_VAR_OTHER_UBASE;

	switch (scope) {
	case DIFV_SCOPE_GLOBAL:
		return idx < state->ngvars ? &state->gvars[idx] : NULL;
	case DIFV_SCOPE_THREAD:
		return idx < state->ntvars ? &state->tvars[idx] : NULL;
	default:
		return idx < state->nlvars ? &state->lvars[idx] : NULL;
	}
}

u64 dtrace_var_load(struct dtrace_mstate *ms, u8 scope, u32 id)
{
	struct dtrace_state *state = ms->state;
	struct dtrace_var *v = dtrace_var_get(state, scope, id);
	u64 *locals;

	if (!v || !v->size || v->assoc) {
		ms->fault = DTRACEFLT_ILLOP;
		return 0;
	}
	switch (scope) {
	case DIFV_SCOPE_GLOBAL:
		if (v->byref)
			return (unsigned long)(state->vars + v->offset);
		return *(u64 *)(state->vars + v->offset);
	case DIFV_SCOPE_THREAD:
		return dtrace_dynvar_load(ms, NULL, v, scope, id, NULL);
	default:
		locals = this_cpu_ptr(state->locals);
		return locals[id - DIF_VAR_OTHER_UBASE];
	}
}

static void dtrace_var_copy(struct dtrace_mstate *ms,
			    const struct dtrace_difo *dp,
			    const struct dtrace_var *v, void *dst, u64 val)
{
	if (v->string)
		dtrace_strcpy_in(ms, dp, dst, val, v->size);
	else
		dtrace_bcopy_in(ms, dst, val, v->size);
}

void dtrace_var_store(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		      u8 scope, u32 id, u64 val)
{
	struct dtrace_state *state = ms->state;
	struct dtrace_var *v = dtrace_var_get(state, scope, id);
	u64 *locals;
	void *p;

	if (!v || !v->size || v->assoc) {
		ms->fault = DTRACEFLT_ILLOP;
		return;
	}
	switch (scope) {
	case DIFV_SCOPE_GLOBAL:
		if (v->byref)
			dtrace_var_copy(ms, dp, v, state->vars + v->offset, val);
		else
			*(u64 *)(state->vars + v->offset) = val;
		return;
	case DIFV_SCOPE_THREAD:
		/* Storing zero frees the variable. */
		dtrace_dynvar_store(ms, dp, v, scope, id, NULL, val);
		return;
	default:
		locals = this_cpu_ptr(state->locals);
		if (v->byref) {
			p = dtrace_scratch_alloc(ms, v->size);
			if (!p)
				return;
			dtrace_var_copy(ms, dp, v, p, val);
			val = (unsigned long)p;
		}
		locals[id - DIF_VAR_OTHER_UBASE] = val;
		return;
	}
}

static void __dtrace_probe_at(dtrace_id_t id, struct dtrace_state *only,
			      const u64 *args, int err, struct pt_regs *regs,
			      unsigned long site);

static void __dtrace_probe(dtrace_id_t id, struct dtrace_state *only,
			   const u64 *args, int err)
{
	__dtrace_probe_at(id, only, args, err, NULL, _RET_IP_);
}

/* A fault in clause @which (0: the predicate) of @ecb: count, fire ERROR. */
static void dtrace_error(struct dtrace_mstate *ms, struct dtrace_ecb *ecb,
			 u32 which)
{
	struct dtrace_buffer *buf = this_cpu_ptr(ecb->state->buffers);
	u64 args[6] = { 0, ecb->epid, which, ms->fltoffs, ms->fault,
			ms->illval };

	buf->errors++;
	if (ecb->probe->id != dtrace_probeid_error)
		__dtrace_probe(dtrace_probeid_error, ecb->state, args, 0);
}

/* The bytes a record of @buf at @off takes, as the consumer steps. */
static u32 dtrace_ring_recsize(struct dtrace_buffer *buf, u32 half, u32 off)
{
	const struct dtrace_rechdr *hdr = (void *)(buf->data[half] + off);

	return ALIGN(hdr->size, 8);
}

/*
 * bufpolicy=ring: make room for @need bytes at the head of the active
 * half, overwriting the oldest records.  A record that does not fit
 * before the end of the half goes to its start; what lies after the old
 * head (up to @end) is then the oldest data, and @tail moves past every
 * record the new one overlaps.  When @tail reaches @end, the records
 * from 0 to the head are all there is.
 */
static u32 dtrace_ring_reserve(struct dtrace_buffer *buf, u32 half, u32 need,
			       u32 size)
{
	u32 head = buf->offset[half];

	if (need > size - head) {
		buf->end[half] = head;
		buf->tail[half] = 0;
		buf->wrapped[half] = true;
		head = 0;
		buf->offset[half] = 0;
	}
	while (buf->wrapped[half] && buf->tail[half] < head + need) {
		u32 rs = dtrace_ring_recsize(buf, half, buf->tail[half]);

		buf->tail[half] += rs;
		if (!rs || buf->tail[half] >= buf->end[half]) {
			buf->wrapped[half] = false;
			buf->tail[half] = 0;
		}
	}
	return head;
}

/*
 * Room for a record of @need bytes in the active half of @buf, by the
 * buffer policy: the offset for it, or DTRACE_BUFFER_FULL to drop it.
 * Only this CPU, with interrupts off, writes the active half.  A full
 * fill buffer stays full, for every probe but END (@end), which fires
 * after the consumer's last snapshot has emptied the half.
 */
u32 dtrace_buffer_reserve(struct dtrace_state *state,
			  struct dtrace_buffer *buf, u32 half, u32 need,
			  bool end)
{
	u32 size = state->options[DTRACEOPT_BUFSIZE];
	u32 off = buf->offset[half];

	switch (state->options[DTRACEOPT_BUFPOLICY]) {
	case DTRACEOPT_BUFPOLICY_RING:
		return dtrace_ring_reserve(buf, half, need, size);
	case DTRACEOPT_BUFPOLICY_FILL:
		if ((buf->full && !end) || need > size - off) {
			/* The consumer stops tracing when it sees this. */
			WRITE_ONCE(buf->full, true);
			return DTRACE_BUFFER_FULL;
		}
		return off;
	default:
		return need > size - off ? DTRACE_BUFFER_FULL : off;
	}
}

/*
 * The members of @ms that only the DIF of a clause reads, and those of the
 * clause's consumer: set before the first clause of the firing that runs
 * DIF, so that a firing whose clauses only record (an empty clause) does
 * not pay for them.  A nested ERROR firing takes its scratch space after
 * the outer one's.
 */
static void dtrace_mstate_dif(struct dtrace_mstate *ms, struct dtrace_ecb *ecb)
{
	struct dtrace_state *state = ecb->state;
	struct dtrace_mstate *outer = ms->outer;

	if (!ms->scratch) {
		struct dtrace_cpu *c = raw_cpu_ptr(&dtrace_cpu);

		ms->fltoffs = 0;
		ms->illval = 0;
		ms->vtimestamp = 0;
		ms->stackdepth = -1;
		ms->caller = 0;
		ms->rand = c->rand;
		ms->strtok = 0;
		ms->scratch = c->scratch;
		ms->scratch_size = DTRACE_SCRATCH_SIZE;
		ms->scratch_used = outer && outer->scratch ?
				   outer->scratch_used : 0;
		ms->locals = NULL;
	}
	ms->state = state;
	ms->epid = ecb->epid;
	ms->fault = 0;
	ms->strsize = state->options[DTRACEOPT_STRSIZE];
	ms->vars = state->vars;
	ms->vars_len = state->vars_len;
}

static void dtrace_ecb_fire(struct dtrace_ecb *ecb, struct dtrace_mstate *ms)
{
	struct dtrace_state *state = ecb->state;
	struct dtrace_clause *cl = ecb->clause;
	struct dtrace_buffer *buf;
	struct dtrace_rechdr *hdr;
	u32 off, need, i, half, specneed = 0, *specoff = NULL;
	bool do_exit = false;
	s64 exitval = 0;
	char *data;
	u64 val;

	if (cl->pred || cl->nactions)
		dtrace_mstate_dif(ms, ecb);

	if (cl->pred) {
		val = dtrace_dif_emulate(cl->pred, ms);
		if (ms->fault) {
			dtrace_error(ms, ecb, 0);
			return;
		}
		if (!val)
			return;
	}

	/* Interrupts are off in probe context: this CPU stays. */
	buf = raw_cpu_ptr(state->buffers);
	half = buf->active;
	need = cl->norec ? 0 : sizeof(*hdr) + cl->size;
	/* A speculating clause records where its speculate() says. */
	if (cl->spec) {
		specneed = need;
		need = 0;
	}
	off = need ? dtrace_buffer_reserve(state, buf, half, need,
					   ecb->probe->id == dtrace_probeid_end) :
		     0;
	if (off == DTRACE_BUFFER_FULL) {
		buf->drops++;
		return;
	}
	hdr = (struct dtrace_rechdr *)(buf->data[half] + off);
	data = (char *)(hdr + 1);

	for (i = 0; i < cl->nactions; i++) {
		struct dtrace_action *a = &cl->actions[i];
		const struct dtrace_difo *dp = a->difo;

		if (a->agg) {
			u32 at = dtrace_aggregate(ms, a->agg, cl->actions);

			if (ms->fault) {
				dtrace_error(ms, ecb, at + 1);
				return;
			}
			continue;
		}
		if (a->kind == DTRACEACT_STACK) {
			dtrace_stack_record(ms, (u64 *)(data + a->offset),
					    a->size / sizeof(u64));
			continue;
		}
		if (a->kind == DTRACEACT_USTACK) {
			dtrace_ustack_record(ms, (u64 *)(data + a->offset),
					     a->size / sizeof(u64) - 1);
			continue;
		}
		if (a->kind == DTRACEACT_STOP) {
			dtrace_destr_act(ms, a->kind, 0);
			if (ms->fault) {
				dtrace_error(ms, ecb, i + 1);
				return;
			}
			continue;
		}
		if (!dp || dtrace_agg_action(a->kind))
			continue;
		val = dtrace_dif_emulate(dp, ms);
		if (!ms->fault && a->size) {
			if (a->kind == DTRACEACT_TRACEMEM)
				dtrace_bcopy_in(ms, data + a->offset, val,
						a->size);
			else if (dp->rtype.kind == DIF_TYPE_STRING)
				dtrace_strcpy_in(ms, dp, data + a->offset, val,
						 a->size);
			else if (dp->rtype.flags & DIF_TF_BYREF)
				dtrace_bcopy_in(ms, data + a->offset, val,
						a->size);
			else if (dtrace_uaddr_action(a->kind))
				dtrace_uaddr_record(data + a->offset, val);
			else
				memcpy(data + a->offset, &val, a->size);
		}
		if (!ms->fault && a->kind == DTRACEACT_SPECULATE && specneed) {
			hdr = dtrace_speculate(ms, val, specneed, &specoff);
			if (!hdr && !ms->fault)
				return;		/* not active, or a drop */
			if (hdr)
				data = (char *)(hdr + 1);
		} else if (!ms->fault && dtrace_spec_action(a->kind)) {
			dtrace_spec_act(ms, a->kind, val);
		} else if (!ms->fault && dtrace_destr_action(a->kind)) {
			dtrace_destr_act(ms, a->kind, val);
		}
		if (ms->fault) {
			/* The record is not committed. */
			dtrace_error(ms, ecb, i + 1);
			return;
		}
		if (a->kind == DTRACEACT_EXIT) {
			do_exit = true;
			exitval = (s64)val;
		}
	}

	if (need) {
		hdr->epid = ecb->epid;
		hdr->size = need;
		hdr->timestamp = ms->timestamp;
		buf->offset[half] = off + need;
	}
	if (specoff) {
		hdr->epid = ecb->epid;
		hdr->size = specneed;
		hdr->timestamp = ms->timestamp;
		*specoff += specneed;
	}

	if (do_exit && cmpxchg(&state->activity, DTRACE_STATE_ACTIVE,
			       DTRACE_STATE_EXITED) == DTRACE_STATE_ACTIVE)
		WRITE_ONCE(state->exitcode, exitval);
}

static struct dtrace_ecb *dtrace_ecb_first(struct dtrace_probe *probe)
{
	/* Pairs with the release in dtrace_state_add_ecb(). */
	return smp_load_acquire(&probe->ecbs);
}

static struct dtrace_ecb *dtrace_ecb_next(struct dtrace_ecb *ecb)
{
	/* Pairs with the release in dtrace_state_add_ecb(). */
	return smp_load_acquire(&ecb->next);
}

static bool dtrace_state_fires(struct dtrace_state *state, dtrace_id_t id)
{
	u32 act = READ_ONCE(state->activity);

	if (act == DTRACE_STATE_ACTIVE)
		return true;
	/* END fires while the consumer stops, after exit() too. */
	return id == dtrace_probeid_end && READ_ONCE(state->end_firing);
}

/*
 * @regs: the registers at the probe site, if the provider has them; else
 * @site: the return address of the provider's call into DTrace, where
 * stackdepth and caller start their walk (dtrace_stack.c).
 */
static void __dtrace_probe_at(dtrace_id_t id, struct dtrace_state *only,
			      const u64 *args, int err, struct pt_regs *regs,
			      unsigned long site)
{
	struct dtrace_mstate ms __uninitialized;
	struct dtrace_state *zeroed = NULL;
	struct dtrace_probe *probe;
	struct dtrace_ecb *ecb;
	struct dtrace_cpu *c;
	unsigned long flags;

	/*
	 * Not local_irq_save(): with CONFIG_TRACE_IRQFLAGS that calls into
	 * lockdep and the irq tracepoints at every firing, code that is not
	 * DTrace's.  Nothing in probe context takes a lock for lockdep to
	 * see; raw_cpu_ptr() as this CPU cannot change from here on.
	 */
	raw_local_irq_save(flags);
	c = raw_cpu_ptr(&dtrace_cpu);
	/* No re-entry, but ERROR may fire from inside a firing. */
	if (c->in_probe > (id == dtrace_probeid_error ? 1 : 0) || !c->scratch)
		goto out;
	/*
	 * In probe context from here, before the first look at anything
	 * dtrace_sync() protects: an NMI of the cross-CPU calls checks it.
	 */
	c->in_probe++;
	barrier();
	probe = dtrace_probe_get(id);
	if (!probe)
		goto done;

	/*
	 * @ms is __uninitialized and its members are set one by one, here
	 * the few that every firing uses, in dtrace_mstate_dif() the rest:
	 * an initializer, or CONFIG_INIT_STACK_ALL_ZERO, clears the whole
	 * first with a rep stos, which costs more than the stores at every
	 * firing (its start-up on hardware, a pass through the translated
	 * block per iteration under QEMU TCG).
	 */
	ms.probe = probe;
	ms.args = args;
	ms.timestamp = ktime_get_mono_fast_ns();
	ms.regs = regs;
	ms.site = site;
	ms.errno_val = err;
	ms.scratch = NULL;
	ms.outer = c->ms;
	if (ms.outer) {
		/* ERROR inside a firing: its stack is the outer probe's. */
		ms.errno_val = ms.outer->errno_val;
		ms.regs = ms.outer->regs;
		ms.site = ms.outer->site;
	}

	for (ecb = dtrace_ecb_first(probe); ecb; ecb = dtrace_ecb_next(ecb)) {
		if (only && ecb->state != only)
			continue;
		if (!dtrace_state_fires(ecb->state, id))
			continue;
		/* Clause-locals start at zero in each firing (not in ERROR). */
		if (!ms.outer && ecb->state != zeroed && ecb->state->nlvars) {
			memset(raw_cpu_ptr(ecb->state->locals), 0,
			       ecb->state->nlvars * sizeof(u64));
			zeroed = ecb->state;
		}
		c->ms = &ms;
		dtrace_ecb_fire(ecb, &ms);
		c->ms = ms.outer;
	}
	if (ms.scratch)
		c->rand = ms.rand;
done:
	barrier();
	c->in_probe--;
out:
	raw_local_irq_restore(flags);
}

/**
 * dtrace_probe - fire a probe
 * @id: the probe
 * @arg0: its first argument ...
 * @arg1: ...
 * @arg2: ...
 * @arg3: ...
 * @arg4: ... and its fifth; providers give the rest through getargval
 *
 * Runs every clause enabled on the probe by every active consumer.  May
 * be called from any context, NMI included.
 */
void dtrace_probe(dtrace_id_t id, u64 arg0, u64 arg1, u64 arg2, u64 arg3,
		  u64 arg4)
{
	u64 args[6] = { arg0, arg1, arg2, arg3, arg4, 0 };

	__dtrace_probe_at(id, NULL, args, 0, NULL, _RET_IP_);
}
EXPORT_SYMBOL_GPL(dtrace_probe);

/**
 * dtrace_probe_regs - fire a probe at a place whose registers are known
 * @id: the probe
 * @regs: the registers where the probe fired, such as those of a
 *	  breakpoint or of an interrupted kernel context
 * @args: its first six arguments (six entries); or NULL at the entry of
 *	  a function, whose arguments @regs holds: a clause then reads
 *	  them from @regs, by the calling convention, when it asks
 *
 * As dtrace_probe(); stackdepth and caller then describe the stack of
 * @regs rather than that of the provider's call.
 */
void dtrace_probe_regs(dtrace_id_t id, struct pt_regs *regs, const u64 *args)
{
	__dtrace_probe_at(id, NULL, args, 0, regs, _RET_IP_);
}
EXPORT_SYMBOL_GPL(dtrace_probe_regs);

/**
 * dtrace_probe_args - fire a probe with six arguments and an errno
 * @id: the probe
 * @args: its first six arguments (six entries)
 * @err: the value of the D variable errno in its clauses
 *
 * As dtrace_probe(); for providers that have all six at hand, such as
 * the syscall provider.
 */
void dtrace_probe_args(dtrace_id_t id, const u64 *args, int err)
{
	__dtrace_probe_at(id, NULL, args, err, NULL, _RET_IP_);
}
EXPORT_SYMBOL_GPL(dtrace_probe_args);

/* --- Consumers ---------------------------------------------------------- */

static void dtrace_deadman(struct work_struct *work);

struct dtrace_state *dtrace_state_create(void)
{
	struct dtrace_state *state;

	state = kzalloc_obj(*state);
	if (!state)
		return NULL;
	memcpy(state->options, dtrace_opt_default, sizeof(state->options));
	INIT_LIST_HEAD(&state->clauses);
	mutex_init(&state->ioctl_lock);
	INIT_DELAYED_WORK(&state->deadman, dtrace_deadman);
	atomic64_set(&state->dyndrops, 0);
	return state;
}

static void dtrace_clause_free(struct dtrace_clause *cl)
{
	u32 i;

	dtrace_difo_free(cl->pred);
	for (i = 0; i < cl->nactions; i++)
		dtrace_difo_free(cl->actions[i].difo);
	kvfree(cl->actions);
	kfree(cl);
}

static void dtrace_state_free_buffers(struct dtrace_state *state)
{
	int cpu;

	if (!state->buffers)
		return;
	for_each_possible_cpu(cpu) {
		struct dtrace_buffer *buf = per_cpu_ptr(state->buffers, cpu);

		vfree(buf->data[0]);
		vfree(buf->data[1]);
	}
	free_percpu(state->buffers);
	state->buffers = NULL;
}

/* Unhook every ECB from its probe.  Called with dtrace_lock held. */
static void dtrace_state_unhook(struct dtrace_state *state)
{
	u32 i;

	lockdep_assert_held(&dtrace_lock);
	for (i = 0; i < state->necbs; i++) {
		struct dtrace_ecb *ecb = state->ecbs[i], **pp;

		for (pp = &ecb->probe->ecbs; *pp; pp = &(*pp)->next) {
			if (*pp == ecb) {
				WRITE_ONCE(*pp, ecb->next);
				break;
			}
		}
		dtrace_probe_disable(ecb->probe);
	}
}

/**
 * dtrace_state_destroy - tear a consumer down, synchronously
 * @state: the consumer
 *
 * Nothing of it is enabled when this returns, and no CPU is still running
 * one of its clauses.
 */
void dtrace_state_destroy(struct dtrace_state *state)
{
	struct dtrace_clause *cl, *tmp;
	u32 i;

	WRITE_ONCE(state->activity, DTRACE_STATE_STOPPED);
	cancel_delayed_work_sync(&state->deadman);
	dtrace_dynvar_stop(state);

	mutex_lock(&dtrace_lock);
	dtrace_state_unhook(state);
	dtrace_sync();
	mutex_unlock(&dtrace_lock);
	/* The int3s its probes leave, all at once (fbt, instr). */
	dtrace_probe_commit();

	for (i = 0; i < state->necbs; i++)
		kfree(state->ecbs[i]);
	kvfree(state->ecbs);
	list_for_each_entry_safe(cl, tmp, &state->clauses, list)
		dtrace_clause_free(cl);
	dtrace_spec_destroy(state);
	dtrace_state_free_buffers(state);
	dtrace_agg_destroy(&state->agg);
	free_percpu(state->locals);
	dtrace_dynvar_free(state);
	vfree(state->vars);
	kfree(state->gvars);
	kfree(state->tvars);
	kfree(state->lvars);
	kfree(state);
}

int dtrace_state_setopt(struct dtrace_state *state, const struct dtrace_opt *opt)
{
	if (opt->option >= DTRACEOPT_MAX || opt->__reserved)
		return -EINVAL;
	if (state->activity != DTRACE_STATE_INACTIVE)
		return -EBUSY;
	if (opt->value < dtrace_opt_min[opt->option] ||
	    opt->value > dtrace_opt_max[opt->option])
		return -EINVAL;
	state->options[opt->option] = opt->value;
	return 0;
}

/* Make room for variable @v of a DIFO in the state's tables. */
static int dtrace_state_addvar(struct dtrace_state *state,
			       const struct dif_var *v)
{
	struct dtrace_var **tab, *nt;
	u32 *n, idx = v->id - DIF_VAR_OTHER_UBASE, size;
	bool byref = v->type.flags & DIF_TF_BYREF;
	bool string = v->type.kind == DIF_TYPE_STRING;
	bool assoc = v->kind == DIFV_KIND_ARRAY;

	switch (v->scope) {
	case DIFV_SCOPE_GLOBAL:
		tab = &state->gvars;
		n = &state->ngvars;
		break;
	case DIFV_SCOPE_THREAD:
		tab = &state->tvars;
		n = &state->ntvars;
		break;
	default:
		if (idx >= DTRACE_MAX_LOCALS)
			return -E2BIG;
		tab = &state->lvars;
		n = &state->nlvars;
		break;
	}
	size = string ? state->options[DTRACEOPT_STRSIZE] :
	       byref ? v->type.size : sizeof(u64);

	if (idx >= *n) {
		nt = krealloc_array(*tab, idx + 1, sizeof(**tab),
				    GFP_KERNEL | __GFP_ZERO);
		if (!nt)
			return -ENOMEM;
		memset(nt + *n, 0, (idx + 1 - *n) * sizeof(*nt));
		*tab = nt;
		*n = idx + 1;
	}
	nt = &(*tab)[idx];
	if (nt->size && (nt->byref != byref || nt->string != string ||
			 nt->size != size || nt->assoc != assoc))
		return -EINVAL;
	nt->size = size;
	nt->byref = byref;
	nt->string = string;
	nt->assoc = assoc;
	return 0;
}

static struct dtrace_difo *dtrace_state_difo(struct dtrace_state *state,
					     const struct dif_object *udo,
					     char *err, size_t errlen)
{
	struct dtrace_difo *dp = dtrace_difo_create(udo);
	u32 i;
	int ret;

	if (IS_ERR_OR_NULL(dp))
		return dp;
	ret = dtrace_difo_validate(dp, err, errlen);
	if (!ret)
		dtrace_dynvar_difo(state, dp);
	/* copyout(), copyoutstr(): a destructive enabling. */
	if (!ret && dtrace_difo_destructive(dp))
		state->destructive = true;
	for (i = 0; !ret && i < dp->nvars; i++) {
		ret = dtrace_state_addvar(state, &dp->vartab[i]);
		if (ret)
			snprintf(err, errlen, "variable %#x: conflicting types",
				 dp->vartab[i].id);
	}
	if (ret) {
		dtrace_difo_free(dp);
		return ERR_PTR(ret);
	}
	return dp;
}

/* The bytes an action records, or -EINVAL. */
static int dtrace_action_size(struct dtrace_state *state,
			      const struct dtrace_action *a)
{
	const struct dif_type *t = a->difo ? &a->difo->rtype : NULL;

	switch (a->kind) {
	case DTRACEACT_STACK:
		/* arg is the number of frames; there is no program. */
		if (a->difo || !a->arg || a->arg > DTRACE_STACK_MAXFRAMES)
			return -EINVAL;
		return a->arg * sizeof(u64);
	case DTRACEACT_TRACEMEM:
		/* arg bytes from the address the program computes. */
		if (!t || t->kind == DIF_TYPE_STRING || t->size != sizeof(u64) ||
		    !a->arg || a->arg > DTRACE_TRACEMEM_MAXSIZE)
			return -EINVAL;
		return a->arg;
	case DTRACEACT_USTACK:
		/* The process id, then arg frames; there is no program. */
		if (a->difo || !a->arg || a->arg > DTRACE_STACK_MAXFRAMES)
			return -EINVAL;
		return (1 + a->arg) * sizeof(u64);
	case DTRACEACT_SYM:
	case DTRACEACT_MOD:
	case DTRACEACT_USYM:
	case DTRACEACT_UMOD:
	case DTRACEACT_UADDR:
		/* An address, printed as a symbol by the consumer. */
		if (!t || t->kind == DIF_TYPE_STRING || t->size != sizeof(u64))
			return -EINVAL;
		/* A user address goes with the process it is in. */
		return dtrace_uaddr_action(a->kind) ? 2 * sizeof(u64) :
		       sizeof(u64);
	case DTRACEACT_STOP:
	case DTRACEACT_SYSTEM:
		/* system()'s arguments follow, as printf()'s do. */
		return a->difo ? -EINVAL : 0;
	case DTRACEACT_RAISE:
	case DTRACEACT_CHILL:
		/* The signal, the nanoseconds: nothing is recorded. */
		if (!t || t->kind == DIF_TYPE_STRING ||
		    (t->flags & DIF_TF_BYREF))
			return -EINVAL;
		return 0;
	default:
		break;
	}
	if (!a->difo)
		return a->kind == DTRACEACT_PRINTF ? 0 : -EINVAL;
	if (t->kind == DIF_TYPE_STRING)
		return state->options[DTRACEOPT_STRSIZE];
	/* A void expression (an assignment statement) records nothing. */
	if (!t->size && a->kind == DTRACEACT_EXIT)
		return -EINVAL;
	return t->size;
}

static struct dtrace_clause *dtrace_clause_create(struct dtrace_state *state,
						  const struct dtrace_ecbdesc *d,
						  char *err, size_t errlen)
{
	struct dtrace_actdesc *ua;
	struct dtrace_clause *cl;
	void *p;
	u32 i, off = 0;
	int ret = -EINVAL;

	if (d->nactions > DTRACE_MAX_ACTIONS || d->flags)
		return ERR_PTR(-EINVAL);
	cl = kzalloc_obj(*cl);
	if (!cl)
		return ERR_PTR(-ENOMEM);
	cl->uarg = d->uarg;

	p = dtrace_state_difo(state, &d->pred, err, errlen);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto fail;
	}
	cl->pred = p;
	if (cl->pred && (cl->pred->rtype.flags & DIF_TF_BYREF)) {
		snprintf(err, errlen, "predicate: not an integer");
		goto fail;
	}

	if (!d->nactions)
		return cl;
	ua = vmemdup_array_user(u64_to_user_ptr(d->actions), d->nactions,
				sizeof(*ua));
	if (IS_ERR(ua)) {
		ret = PTR_ERR(ua);
		goto fail;
	}
	cl->actions = kvcalloc(d->nactions, sizeof(*cl->actions), GFP_KERNEL);
	if (!cl->actions) {
		ret = -ENOMEM;
		goto fail_ua;
	}
	for (i = 0; i < d->nactions; i++) {
		struct dtrace_action *a = &cl->actions[i];
		int size;

		cl->nactions = i + 1;
		a->kind = ua[i].kind;
		a->arg = ua[i].arg;
		switch (a->kind) {
		case DTRACEACT_DIFEXPR:
		case DTRACEACT_LIBACT:
		case DTRACEACT_EXIT:
		case DTRACEACT_PRINTF:
		case DTRACEACT_PRINTA:
		case DTRACEACT_SPECULATE:
		case DTRACEACT_COMMIT:
		case DTRACEACT_DISCARD:
		case DTRACEACT_STACK:
		case DTRACEACT_USTACK:
		case DTRACEACT_SYM:
		case DTRACEACT_MOD:
		case DTRACEACT_USYM:
		case DTRACEACT_UMOD:
		case DTRACEACT_UADDR:
		case DTRACEACT_TRACEMEM:
			break;
		case DTRACEACT_STOP:
		case DTRACEACT_RAISE:
		case DTRACEACT_SYSTEM:
		case DTRACEACT_CHILL:
			state->destructive = true;
			break;
		default:
			if (dtrace_agg_action(a->kind))
				break;
			snprintf(err, errlen, "action %u: kind %#x not supported",
				 i + 1, a->kind);
			ret = -EOPNOTSUPP;
			goto fail_ua;
		}
		if (ua[i].flags) {
			snprintf(err, errlen, "action %u: bad flags", i + 1);
			goto fail_ua;
		}
		p = dtrace_state_difo(state, &ua[i].difo, err, errlen);
		if (IS_ERR(p)) {
			ret = PTR_ERR(p);
			goto fail_ua;
		}
		a->difo = p;
		size = dtrace_agg_action(a->kind) ||
		       dtrace_spec_action(a->kind) ? 0 :
		       dtrace_action_size(state, a);
		if (size < 0) {
			snprintf(err, errlen, "action %u: no value to record",
				 i + 1);
			goto fail_ua;
		}
		a->size = size;
		a->offset = off;
		off += ALIGN(size, 8);
	}
	cl->size = off;
	kvfree(ua);
	ret = dtrace_agg_clause(&state->agg, state->options[DTRACEOPT_STRSIZE],
				cl->actions, cl->nactions, cl->uarg,
				&cl->norec, err, errlen);
	if (!ret)
		ret = dtrace_spec_clause(state, cl->actions, cl->nactions,
					 &cl->norec, &cl->spec, err, errlen);
	if (ret)
		goto fail;
	return cl;

fail_ua:
	kvfree(ua);
fail:
	dtrace_clause_free(cl);
	return ERR_PTR(ret);
}

static int dtrace_state_add_ecb(struct dtrace_state *state,
				struct dtrace_clause *cl,
				struct dtrace_probe *probe)
{
	struct dtrace_ecb *ecb, **pp;
	int ret;

	lockdep_assert_held(&dtrace_lock);
	if (state->necbs >= DTRACE_MAX_ECBS)
		return -E2BIG;
	if (state->necbs == state->ecbs_size) {
		u32 size = state->ecbs_size ? state->ecbs_size * 2 : 16;
		struct dtrace_ecb **n;

		n = kvmalloc_array(size, sizeof(*n), GFP_KERNEL);
		if (!n)
			return -ENOMEM;
		if (state->ecbs)
			memcpy(n, state->ecbs, state->necbs * sizeof(*n));
		kvfree(state->ecbs);
		state->ecbs = n;
		state->ecbs_size = size;
	}
	ecb = kzalloc_obj(*ecb);
	if (!ecb)
		return -ENOMEM;
	ecb->state = state;
	ecb->probe = probe;
	ecb->clause = cl;
	ecb->epid = state->necbs + 1;

	ret = dtrace_probe_enable(probe);
	if (ret) {
		kfree(ecb);
		return ret;
	}
	state->ecbs[state->necbs++] = ecb;
	/* At the tail, so that clauses run in the order enabled. */
	pp = &probe->ecbs;
	while (*pp)
		pp = &(*pp)->next;
	/* The ECB is complete before probe context can reach it. */
	smp_store_release(pp, ecb);
	return 0;
}

int dtrace_state_enable(struct dtrace_state *state, struct dtrace_enable *en,
			char *err, size_t errlen)
{
	struct dtrace_ecbdesc *d = &en->ecb;
	struct dtrace_clause *cl;
	struct dtrace_probe *probe;
	u32 start = 1, n = 0;
	int ret = 0;

	if (!dtrace_desc_valid(&d->probe) || en->__reserved)
		return -EINVAL;
	if (state->activity != DTRACE_STATE_INACTIVE)
		return -EBUSY;

	cl = dtrace_clause_create(state, d, err, errlen);
	if (IS_ERR(cl))
		return PTR_ERR(cl);

	dtrace_probe_provide(&d->probe);
	mutex_lock(&dtrace_lock);
	list_add_tail(&cl->list, &state->clauses);
	while (!dtrace_probe_match_next(&d->probe, start, &probe)) {
		ret = dtrace_state_add_ecb(state, cl, probe);
		if (ret)
			break;
		n++;
		start = probe->id + 1;
	}
	mutex_unlock(&dtrace_lock);
	en->nmatched = n;
	return ret;
}

int dtrace_state_epdesc(struct dtrace_state *state, struct dtrace_epdesc *ep,
			struct dtrace_recdesc __user *urecs)
{
	struct dtrace_clause *cl;
	struct dtrace_ecb *ecb;
	u32 i, room = ep->nrecs;

	if (!ep->epid || ep->epid > state->necbs)
		return -ENOENT;
	ecb = state->ecbs[ep->epid - 1];
	cl = ecb->clause;
	ep->probe = ecb->probe->id;
	ep->size = cl->size;
	ep->nrecs = cl->nactions;
	ep->uarg = cl->uarg;
	for (i = 0; i < cl->nactions && i < room; i++) {
		struct dtrace_recdesc r = {
			.kind = cl->actions[i].kind,
			.size = cl->actions[i].size,
			.offset = cl->actions[i].offset,
			.arg = cl->actions[i].arg,
		};

		if (copy_to_user(&urecs[i], &r, sizeof(r)))
			return -EFAULT;
	}
	return 0;
}

static void dtrace_deadman(struct work_struct *work)
{
	struct dtrace_state *state = container_of(to_delayed_work(work),
						  struct dtrace_state, deadman);
	u64 limit = nsecs_to_jiffies64(state->options[DTRACEOPT_DEADMAN]);
	u32 act = READ_ONCE(state->activity);

	if (act != DTRACE_STATE_ACTIVE && act != DTRACE_STATE_EXITED)
		return;
	if (time_after64(get_jiffies_64(), READ_ONCE(state->last_access) + limit)) {
		WRITE_ONCE(state->aborted, DTRACE_ABORT_DEADMAN);
		WRITE_ONCE(state->activity, DTRACE_STATE_KILLED);
		return;
	}
	schedule_delayed_work(&state->deadman, HZ);
}

static int dtrace_state_alloc(struct dtrace_state *state)
{
	size_t bufsize = state->options[DTRACEOPT_BUFSIZE], off = 0;
	ssize_t dyn;
	u32 i;
	int cpu;

	state->buffers = alloc_percpu(struct dtrace_buffer);
	if (!state->buffers)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct dtrace_buffer *buf = per_cpu_ptr(state->buffers, cpu);

		buf->data[0] = vzalloc(bufsize);
		buf->data[1] = vzalloc(bufsize);
		if (!buf->data[0] || !buf->data[1])
			return -ENOMEM;
	}

	for (i = 0; i < state->ngvars; i++) {
		/* Associative arrays live in the dynamic variable space. */
		if (state->gvars[i].assoc)
			continue;
		state->gvars[i].offset = off;
		off += ALIGN(state->gvars[i].size, 8);
	}
	state->gvars_len = off;
	dyn = dtrace_dynvar_size(state);
	if (dyn < 0)
		return dyn;
	if (off + dyn) {
		state->vars = vzalloc(off + dyn);
		if (!state->vars)
			return -ENOMEM;
		state->vars_len = off + dyn;
	}
	if ((dyn || state->dstate.tls) &&
	    dtrace_dynvar_init(state, state->vars + off, dyn))
		return -ENOMEM;
	if (state->nlvars) {
		state->locals = __alloc_percpu(DTRACE_MAX_LOCALS * sizeof(u64),
					       sizeof(u64));
		if (!state->locals)
			return -ENOMEM;
	}
	return 0;
}

static void dtrace_fire_for(struct dtrace_state *state, dtrace_id_t id)
{
	u64 args[6] = { 0 };

	__dtrace_probe(id, state, args, 0);
}

int dtrace_state_go(struct dtrace_state *state)
{
	struct dtrace_clause *cl;
	int ret;

	if (state->activity != DTRACE_STATE_INACTIVE)
		return -EBUSY;
	if (state->destructive && !state->options[DTRACEOPT_DESTRUCTIVE])
		return -EPERM;
	/* A clause whose record can never fit: the enabling is too big. */
	list_for_each_entry(cl, &state->clauses, list)
		if (sizeof(struct dtrace_rechdr) + cl->size >
		    state->options[DTRACEOPT_BUFSIZE])
			return -E2BIG;
	ret = dtrace_state_alloc(state);
	if (!ret)
		ret = dtrace_agg_alloc(&state->agg,
				       state->options[DTRACEOPT_AGGSIZE]);
	if (!ret)
		ret = dtrace_spec_alloc(state);
	if (ret) {
		dtrace_spec_destroy(state);
		dtrace_agg_free(&state->agg);
		dtrace_state_free_buffers(state);
		free_percpu(state->locals);
		state->locals = NULL;
		dtrace_dynvar_free(state);
		vfree(state->vars);
		state->vars = NULL;
		return ret;
	}
	dtrace_dynvar_start(state);
	/* The int3s of all the enablings at once (fbt, instr). */
	dtrace_probe_commit();
	WRITE_ONCE(state->last_access, get_jiffies_64());
	/* Buffers and variables are in place before probes see it active. */
	smp_store_release(&state->activity, DTRACE_STATE_ACTIVE);
	dtrace_fire_for(state, dtrace_probeid_begin);
	schedule_delayed_work(&state->deadman, HZ);
	dtrace_spec_start(state);
	return 0;
}

int dtrace_state_stop(struct dtrace_state *state)
{
	u32 act = READ_ONCE(state->activity);

	if (act == DTRACE_STATE_INACTIVE)
		return -EINVAL;
	if (act == DTRACE_STATE_STOPPED || act == DTRACE_STATE_KILLED)
		return 0;
	WRITE_ONCE(state->end_firing, true);
	WRITE_ONCE(state->activity, DTRACE_STATE_STOPPED);
	dtrace_fire_for(state, dtrace_probeid_end);
	WRITE_ONCE(state->end_firing, false);
	dtrace_spec_stop(state);
	cancel_delayed_work_sync(&state->deadman);
	return 0;
}

void dtrace_state_status(struct dtrace_state *state, struct dtrace_status *st)
{
	int cpu;

	memset(st, 0, sizeof(*st));
	WRITE_ONCE(state->last_access, get_jiffies_64());
	st->state = READ_ONCE(state->activity);
	st->aborted = READ_ONCE(state->aborted);
	st->exitcode = READ_ONCE(state->exitcode);
	st->dyndrops = atomic64_read(&state->dyndrops);
	st->aggdrops = dtrace_agg_drops(&state->agg);
	dtrace_spec_status(state, st);
	if (!state->buffers)
		return;
	for_each_possible_cpu(cpu) {
		struct dtrace_buffer *buf = per_cpu_ptr(state->buffers, cpu);

		st->drops += READ_ONCE(buf->drops);
		st->errors += READ_ONCE(buf->errors);
		st->filled += READ_ONCE(buf->full);
	}
}

/*
 * Runs on the buffer's CPU with interrupts off, never in a firing (the
 * cross-CPU call's NMI fallback does not serve in probe context).
 */
static void dtrace_buffer_switch(void *arg)
{
	struct dtrace_buffer *buf = arg;
	u32 next = !buf->active;

	buf->offset[next] = 0;
	buf->tail[next] = 0;
	buf->end[next] = 0;
	buf->wrapped[next] = false;
	WRITE_ONCE(buf->active, next);
}

/*
 * Copy out the records of the inactive half @old of @buf, oldest first:
 * a ring that has wrapped is in two pieces.
 */
static int dtrace_buffer_copyout(struct dtrace_buffer *buf, u32 old,
				 u64 uaddr, u32 *lenp)
{
	u32 len = buf->offset[old], first = 0, from = 0;

	if (buf->wrapped[old]) {
		from = buf->tail[old];
		first = buf->end[old] - from;
		if (copy_to_user(u64_to_user_ptr(uaddr), buf->data[old] + from,
				 first))
			return -EFAULT;
	}
	if (len && copy_to_user(u64_to_user_ptr(uaddr + first), buf->data[old],
				len))
		return -EFAULT;
	*lenp = first + len;
	return 0;
}

int dtrace_state_bufsnap(struct dtrace_state *state, struct dtrace_bufdesc *bd)
{
	struct dtrace_buffer *buf;
	u64 drops, errors;
	u32 old, len;

	if (bd->cpu >= nr_cpu_ids || !cpu_possible(bd->cpu))
		return -EINVAL;
	if (!state->buffers)
		return -ENXIO;
	if (bd->size < state->options[DTRACEOPT_BUFSIZE])
		return -ENOSPC;
	WRITE_ONCE(state->last_access, get_jiffies_64());
	buf = per_cpu_ptr(state->buffers, bd->cpu);

	cpus_read_lock();
	if (cpu_online(bd->cpu))
		dtrace_xcall(bd->cpu, dtrace_buffer_switch, buf);
	else
		dtrace_buffer_switch(buf);
	cpus_read_unlock();

	old = !buf->active;
	drops = READ_ONCE(buf->drops);
	errors = READ_ONCE(buf->errors);
	bd->drops = drops - buf->drops_seen;
	bd->errors = errors - buf->errors_seen;
	buf->drops_seen = drops;
	buf->errors_seen = errors;
	if (dtrace_buffer_copyout(buf, old, bd->data, &len))
		return -EFAULT;
	bd->size = len;
	return 0;
}

/* --- Set-up ------------------------------------------------------------- */

int __init dtrace_state_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct dtrace_cpu *c = per_cpu_ptr(&dtrace_cpu, cpu);

		c->rand = get_random_u64() | 1;
		c->scratch = kmalloc_node(DTRACE_SCRATCH_SIZE, GFP_KERNEL,
					  cpu_to_node(cpu));
		if (!c->scratch)
			return -ENOMEM;
	}
	return 0;
}
