// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: speculations.
 *
 * speculation() hands out one of the consumer's nspec speculations, by id
 * (1 up; 0 when none is free).  A clause that calls speculate(id) first
 * records into that speculation's buffer on the firing CPU (specsize
 * bytes per speculation and CPU) instead of the principal buffer;
 * commit(id) later moves those records to the principal buffers, and
 * discard(id) throws them away.  Records that do not fit the speculative
 * buffer are speculative drops; speculation() failing is counted as
 * "unavailable" when every speculation is in use, "busy" when some are
 * only waiting for the cleaner.
 *
 * Each speculation has a state, changed with cmpxchg in probe context:
 *
 *   INACTIVE       free
 *   ACTIVE         given out, nothing recorded yet
 *   ACTIVEONE      records on one CPU
 *   ACTIVEMANY     records on more than one CPU
 *   COMMITTING     the CPU holding all the records commits or discards
 *                  them; INACTIVE when it is done
 *   COMMITTINGMANY commit() moved its own CPU's records; the cleaner
 *                  moves the others' and makes it INACTIVE
 *   DISCARDING     the same for discard()
 *
 * Only a CPU writes its own speculative buffers, and only with interrupts
 * off: in probe context, or in a cross-CPU call of the cleaner (which a
 * CPU never serves in probe context).  So a CPU that commits can move its
 * own records at once, in order with what it traces next, and the
 * cleaner, running every cleanrate, reaches the other CPUs' records with
 * dtrace_xcall(): when the call runs there, no firing on that CPU is
 * half way through writing them.  Records are moved one at a time
 * through the principal buffer's policy (switch, fill or ring), and take
 * the time of their commit.
 */

#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "dtrace.h"

enum {
	DTRACESPEC_INACTIVE,
	DTRACESPEC_ACTIVE,
	DTRACESPEC_ACTIVEONE,
	DTRACESPEC_ACTIVEMANY,
	DTRACESPEC_COMMITTING,
	DTRACESPEC_COMMITTINGMANY,
	DTRACESPEC_DISCARDING,
};

/* One CPU's speculative buffers. */
struct dtrace_speccpu {
	char *data;			/* nspec buffers of specsize bytes */
	u32 *offset;			/* bytes used in each */
};

struct dtrace_specstate {
	struct dtrace_state *state;
	u32 size;			/* specsize */
	struct dtrace_speccpu __percpu *cpus;	/* NULL: no speculate() */
	atomic64_t drops;
	atomic64_t unavail;
	atomic64_t busy;
	unsigned long *pending;		/* the cleaner's */
	u64 cleants;			/* the cleaner's commit time */
	struct delayed_work clean;
	u32 nspec;
	u32 spec[] __counted_by(nspec);	/* DTRACESPEC_* */
};

bool dtrace_spec_action(u32 kind)
{
	return kind == DTRACEACT_SPECULATE || kind == DTRACEACT_COMMIT ||
	       kind == DTRACEACT_DISCARD;
}

/**
 * dtrace_spec_clause - check the speculative actions of a clause
 * @state: the consumer
 * @acts: the clause's actions, their DIFOs made and checked
 * @nacts: how many
 * @norec: out: the clause writes no record
 * @spec: out: the clause records into a speculation
 * @err: out: why the clause is refused
 * @errlen: room at @err
 *
 * speculate() comes before any action that records data, only once, and
 * is followed by no aggregation, exit() or commit(); commit() is in a
 * clause that records nothing.  A clause whose actions all record
 * nothing (statements, aggregations, commit(), discard()) writes no
 * record at all, unless it is a lone speculate(), whose record shows
 * the probe fired when it is committed.
 */
int dtrace_spec_clause(struct dtrace_state *state,
		       const struct dtrace_action *acts, u32 nacts,
		       bool *norec, bool *spec, char *err, size_t errlen)
{
	bool rec = false, spec_seen = false, comm_seen = false;
	u32 i;

	for (i = 0; i < nacts; i++) {
		const struct dtrace_action *a = &acts[i];
		const char *why = NULL;

		if (dtrace_spec_action(a->kind) &&
		    (!a->difo || (a->difo->rtype.flags & DIF_TF_BYREF) ||
		     a->difo->rtype.kind == DIF_TYPE_STRING)) {
			snprintf(err, errlen,
				 "action %u: needs an integer speculation id",
				 i + 1);
			return -EINVAL;
		}
		switch (a->kind) {
		case DTRACEACT_SPECULATE:
			if (spec_seen)
				why = "speculate after speculate";
			else if (comm_seen)
				why = "speculate after commit";
			else if (rec)
				why = "speculate after data";
			spec_seen = true;
			break;
		case DTRACEACT_COMMIT:
			if (spec_seen)
				why = "commit after speculate";
			comm_seen = true;
			break;
		case DTRACEACT_DISCARD:
			break;
		default:
			if (spec_seen && (a->kind == DTRACEACT_EXIT ||
					  dtrace_agg_action(a->kind)))
				why = "exit or aggregation after speculate";
			if (a->size || (a->kind != DTRACEACT_DIFEXPR &&
					!dtrace_agg_action(a->kind)))
				rec = true;
			break;
		}
		if (why) {
			snprintf(err, errlen, "action %u: %s", i + 1, why);
			return -EINVAL;
		}
	}
	if (comm_seen && rec) {
		snprintf(err, errlen, "commit in a clause that records data");
		return -EINVAL;
	}
	*spec = spec_seen;
	*norec = nacts && !rec &&
		 !(nacts == 1 && acts[0].kind == DTRACEACT_SPECULATE);
	if (spec_seen)
		state->speculates = true;
	return 0;
}

/* --- Probe context ------------------------------------------------------ */

/*
 * The speculation @id, or NULL: none for 0, an illegal operation beyond
 * nspec.
 */
static u32 *dtrace_spec_get(struct dtrace_mstate *ms, u64 id)
{
	struct dtrace_specstate *ss = ms->state->spec;

	if (!id || !ss)
		return NULL;
	if (id > ss->nspec) {
		ms->fault = DTRACEFLT_ILLOP;
		ms->illval = id;
		return NULL;
	}
	return &ss->spec[id - 1];
}

/**
 * dtrace_speculation - speculation(): a free speculation
 * @ms: the firing
 *
 * Return: its id, or 0 when none is free (counted).
 */
u64 dtrace_speculation(struct dtrace_mstate *ms)
{
	struct dtrace_specstate *ss = ms->state->spec;
	bool busy = false;
	u32 i, cur;

	if (!ss)
		return 0;
	for (i = 0; i < ss->nspec; i++) {
		cur = READ_ONCE(ss->spec[i]);
		if (cur == DTRACESPEC_INACTIVE &&
		    cmpxchg(&ss->spec[i], cur, DTRACESPEC_ACTIVE) == cur)
			return i + 1;
		if (cur == DTRACESPEC_COMMITTING ||
		    cur == DTRACESPEC_COMMITTINGMANY ||
		    cur == DTRACESPEC_DISCARDING)
			busy = true;
	}
	atomic64_inc(busy ? &ss->busy : &ss->unavail);
	return 0;
}

/**
 * dtrace_speculate - room for a record in a speculation
 * @ms: the firing
 * @id: the speculation
 * @need: bytes of the record, header included
 * @offp: out: the offset to advance by @need once the record is written
 *
 * Return: where to write the record, or NULL to record nothing: the
 * speculation is not active (or @ms->fault is set), or its buffer on
 * this CPU is full (a speculative drop).
 */
struct dtrace_rechdr *dtrace_speculate(struct dtrace_mstate *ms, u64 id,
				       u32 need, u32 **offp)
{
	struct dtrace_specstate *ss = ms->state->spec;
	u32 *st = dtrace_spec_get(ms, id), cur, new, i, *own;
	struct dtrace_speccpu *sc;

	if (!st || !ss->cpus)
		return NULL;
	i = st - ss->spec;
	sc = this_cpu_ptr(ss->cpus);
	own = &sc->offset[i];
	do {
		cur = READ_ONCE(*st);
		switch (cur) {
		case DTRACESPEC_ACTIVE:
			new = DTRACESPEC_ACTIVEONE;
			break;
		case DTRACESPEC_ACTIVEONE:
			if (*own)
				goto active;
			new = DTRACESPEC_ACTIVEMANY;
			break;
		case DTRACESPEC_ACTIVEMANY:
			goto active;
		default:
			return NULL;
		}
	} while (cmpxchg(st, cur, new) != cur);
active:
	if (need > ss->size - *own) {
		atomic64_inc(&ss->drops);
		return NULL;
	}
	*offp = own;
	return (struct dtrace_rechdr *)(sc->data + (size_t)i * ss->size +
					*own);
}

/*
 * Move the @len bytes of records at @src to @cpu's principal buffer, as
 * its policy says, with the time @ts.  Runs on @cpu with interrupts off,
 * or for an offline @cpu.
 */
static void dtrace_spec_copy(struct dtrace_state *state, int cpu,
			     const char *src, u32 len, u64 ts, bool end)
{
	struct dtrace_buffer *buf = per_cpu_ptr(state->buffers, cpu);
	u32 half = buf->active, off = 0;

	while (len - off >= sizeof(struct dtrace_rechdr)) {
		const struct dtrace_rechdr *h = (const void *)(src + off);
		struct dtrace_rechdr *to;
		u32 need = h->size, at;

		if (need < sizeof(*h) || need > len - off)
			break;
		at = dtrace_buffer_reserve(state, buf, half, need, end);
		if (at == DTRACE_BUFFER_FULL) {
			buf->drops++;
		} else {
			to = (struct dtrace_rechdr *)(buf->data[half] + at);
			memcpy(to, h, need);
			to->timestamp = ts;
			buf->offset[half] = at + need;
		}
		off += ALIGN(need, 8);
	}
}

/* commit() (@commit) or discard() of speculation @id, on this CPU. */
static void dtrace_spec_end(struct dtrace_mstate *ms, u64 id, bool commit)
{
	struct dtrace_specstate *ss = ms->state->spec;
	u32 *st = dtrace_spec_get(ms, id), cur, new, i, *own = NULL;
	struct dtrace_speccpu *sc = NULL;

	if (!st)
		return;
	i = st - ss->spec;
	if (ss->cpus) {
		sc = this_cpu_ptr(ss->cpus);
		own = &sc->offset[i];
	}
	do {
		cur = READ_ONCE(*st);
		switch (cur) {
		case DTRACESPEC_ACTIVE:
			new = DTRACESPEC_INACTIVE;
			break;
		case DTRACESPEC_ACTIVEONE:
			if (own && *own) {
				new = DTRACESPEC_COMMITTING;
				break;
			}
			fallthrough;
		case DTRACESPEC_ACTIVEMANY:
			new = commit ? DTRACESPEC_COMMITTINGMANY :
				       DTRACESPEC_DISCARDING;
			break;
		default:
			/* Not active: nothing to do. */
			return;
		}
	} while (cmpxchg(st, cur, new) != cur);

	if (own && *own) {
		if (commit)
			dtrace_spec_copy(ms->state, raw_smp_processor_id(),
					 sc->data + (size_t)i * ss->size, *own,
					 ms->timestamp,
					 ms->probe->id == dtrace_probeid_end);
		*own = 0;
	}
	if (new == DTRACESPEC_COMMITTING)
		/* Our buffer is empty before the speculation is reused. */
		smp_store_release(st, DTRACESPEC_INACTIVE);
}

void dtrace_spec_commit(struct dtrace_mstate *ms, u64 id)
{
	dtrace_spec_end(ms, id, true);
}

void dtrace_spec_discard(struct dtrace_mstate *ms, u64 id)
{
	dtrace_spec_end(ms, id, false);
}

/**
 * dtrace_spec_act - commit(), discard(), or speculate() in a clause that
 * records nothing (the id is checked, nothing else happens)
 * @ms: the firing
 * @kind: DTRACEACT_*
 * @id: the speculation
 */
void dtrace_spec_act(struct dtrace_mstate *ms, u32 kind, u64 id)
{
	if (kind == DTRACEACT_COMMIT)
		dtrace_spec_end(ms, id, true);
	else if (kind == DTRACEACT_DISCARD)
		dtrace_spec_end(ms, id, false);
	else
		dtrace_spec_get(ms, id);
}

NOKPROBE_SYMBOL(dtrace_spec_get);
NOKPROBE_SYMBOL(dtrace_speculation);
NOKPROBE_SYMBOL(dtrace_speculate);
NOKPROBE_SYMBOL(dtrace_spec_copy);
NOKPROBE_SYMBOL(dtrace_spec_end);
NOKPROBE_SYMBOL(dtrace_spec_commit);
NOKPROBE_SYMBOL(dtrace_spec_discard);
NOKPROBE_SYMBOL(dtrace_spec_act);

/* --- The cleaner -------------------------------------------------------- */

/* The pending speculations' records on @cpu: move or drop them. */
static void dtrace_spec_clean_on(struct dtrace_specstate *ss, int cpu)
{
	struct dtrace_speccpu *sc = per_cpu_ptr(ss->cpus, cpu);
	u32 i;

	for_each_set_bit(i, ss->pending, ss->nspec) {
		u32 len = sc->offset[i];

		if (len && READ_ONCE(ss->spec[i]) == DTRACESPEC_COMMITTINGMANY)
			dtrace_spec_copy(ss->state, cpu,
					 sc->data + (size_t)i * ss->size, len,
					 ss->cleants, false);
		sc->offset[i] = 0;
	}
}

static void dtrace_spec_clean_here(void *arg)
{
	dtrace_spec_clean_on(arg, raw_smp_processor_id());
}

NOKPROBE_SYMBOL(dtrace_spec_clean_on);
NOKPROBE_SYMBOL(dtrace_spec_clean_here);

/**
 * dtrace_spec_clean - finish the commits and discards of several CPUs
 * @state: the consumer
 *
 * Speculations left COMMITTINGMANY or DISCARDING (states only the
 * cleaner leaves) have their records moved or dropped on every CPU, then
 * become INACTIVE.  Not in probe context; not concurrently with itself.
 */
void dtrace_spec_clean(struct dtrace_state *state)
{
	struct dtrace_specstate *ss = state->spec;
	bool any = false;
	int cpu;
	u32 i;

	if (!ss)
		return;
	bitmap_zero(ss->pending, ss->nspec);
	for (i = 0; i < ss->nspec; i++) {
		u32 cur = READ_ONCE(ss->spec[i]);

		if (cur == DTRACESPEC_COMMITTINGMANY ||
		    cur == DTRACESPEC_DISCARDING) {
			__set_bit(i, ss->pending);
			any = true;
		}
	}
	if (!any)
		return;
	if (ss->cpus) {
		ss->cleants = ktime_get_mono_fast_ns();
		cpus_read_lock();
		dtrace_xcall(DTRACE_CPUALL, dtrace_spec_clean_here, ss);
		for_each_possible_cpu(cpu)
			if (!cpu_online(cpu))
				dtrace_spec_clean_on(ss, cpu);
		cpus_read_unlock();
	}
	for_each_set_bit(i, ss->pending, ss->nspec)
		/* The buffers are empty before the speculation is reused. */
		smp_store_release(&ss->spec[i], DTRACESPEC_INACTIVE);
}

static unsigned long dtrace_spec_interval(struct dtrace_state *state)
{
	return max_t(unsigned long, 1,
		     nsecs_to_jiffies(state->options[DTRACEOPT_CLEANRATE]));
}

static void dtrace_spec_work(struct work_struct *work)
{
	struct dtrace_specstate *ss = container_of(to_delayed_work(work),
						   struct dtrace_specstate,
						   clean);
	struct dtrace_state *state = ss->state;
	u32 act;

	dtrace_spec_clean(state);
	act = READ_ONCE(state->activity);
	if (act == DTRACE_STATE_ACTIVE || act == DTRACE_STATE_EXITED)
		schedule_delayed_work(&ss->clean, dtrace_spec_interval(state));
}

/* --- Set-up and teardown ------------------------------------------------ */

/**
 * dtrace_spec_alloc - make a consumer's speculations, at GO
 * @state: the consumer
 *
 * nspec speculations; their buffers only if a clause speculates.
 */
int dtrace_spec_alloc(struct dtrace_state *state)
{
	u32 nspec = state->options[DTRACEOPT_NSPEC];
	struct dtrace_specstate *ss;
	size_t bytes;
	int cpu;

	ss = kzalloc_flex(*ss, spec, nspec);
	if (!ss)
		return -ENOMEM;
	ss->nspec = nspec;
	ss->state = state;
	ss->size = state->options[DTRACEOPT_SPECSIZE];
	INIT_DELAYED_WORK(&ss->clean, dtrace_spec_work);
	state->spec = ss;
	ss->pending = bitmap_zalloc(nspec, GFP_KERNEL);
	if (!ss->pending)
		return -ENOMEM;
	if (!state->speculates || !nspec)
		return 0;
	if (check_mul_overflow((size_t)nspec, (size_t)ss->size, &bytes))
		return -E2BIG;
	ss->cpus = alloc_percpu(struct dtrace_speccpu);
	if (!ss->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct dtrace_speccpu *sc = per_cpu_ptr(ss->cpus, cpu);

		sc->data = vmalloc_node(bytes, cpu_to_node(cpu));
		sc->offset = kcalloc_node(nspec, sizeof(u32), GFP_KERNEL,
					  cpu_to_node(cpu));
		if (!sc->data || !sc->offset)
			return -ENOMEM;
	}
	return 0;
}

/* The cleaner starts with tracing. */
void dtrace_spec_start(struct dtrace_state *state)
{
	if (state->spec)
		schedule_delayed_work(&state->spec->clean,
				      dtrace_spec_interval(state));
}

/*
 * Tracing stopped, END has fired: finish the commits, so that the
 * consumer's last snapshots have them.
 */
void dtrace_spec_stop(struct dtrace_state *state)
{
	if (!state->spec)
		return;
	cancel_delayed_work_sync(&state->spec->clean);
	dtrace_spec_clean(state);
}

/* No probe context can see the speculations any more. */
void dtrace_spec_destroy(struct dtrace_state *state)
{
	struct dtrace_specstate *ss = state->spec;
	int cpu;

	if (!ss)
		return;
	cancel_delayed_work_sync(&ss->clean);
	if (ss->cpus) {
		for_each_possible_cpu(cpu) {
			struct dtrace_speccpu *sc = per_cpu_ptr(ss->cpus, cpu);

			vfree(sc->data);
			kfree(sc->offset);
		}
		free_percpu(ss->cpus);
	}
	bitmap_free(ss->pending);
	kfree(ss);
	state->spec = NULL;
}

void dtrace_spec_status(struct dtrace_state *state, struct dtrace_status *st)
{
	struct dtrace_specstate *ss = state->spec;

	if (!ss)
		return;
	st->specdrops = atomic64_read(&ss->drops);
	st->specs_unavail = atomic64_read(&ss->unavail);
	st->specs_busy = atomic64_read(&ss->busy);
}
