// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the dynamic variable space - associative arrays and
 * thread-local variables.
 *
 * A consumer that uses associative arrays (a[k1, k2]) or thread-local
 * variables (self->x, self->x[k]) gets at GO one block of dynvarsize
 * bytes: a hash table of chains and a pool of elements of one size, big
 * enough for the longest key and the largest value of the program.  An
 * element is keyed by the variable (its scope and id), for a
 * thread-local by the thread (its tid and start time, so that a recycled
 * tid never sees a dead thread's variables), and by the tuple the DIF
 * program pushed on its tuple stack: integers by value, strings by
 * their bytes.
 *
 * Probe context takes no lock.  Each CPU has a list of free elements
 * and a list of dirty ones.  An element is allocated by popping it off
 * this CPU's free list with cmpxchg (or another CPU's, when this one's
 * is empty) and inserted at the head of its chain with cmpxchg, only if
 * the head is still the one the failed lookup started from: otherwise
 * another CPU may have inserted the same key, and the lookup starts
 * again.  Storing 0 deletes: the element is marked dead (a cmpxchg, so
 * only one CPU wins) and pushed on this CPU's dirty list.  Nothing
 * found or allocated in probe context is ever freed under a CPU that
 * may still hold it: the cleaner, a work item that runs at the
 * cleanrate, takes every CPU's dirty list (dirty -> rinsing), unlinks
 * those elements from their chains (it is the only one that removes
 * from a chain; probe context only adds at the head), waits with
 * dtrace_sync() until no CPU can still be looking at them, and only
 * then gives them back to the free lists (rinsing -> clean).  The same
 * wait makes the lock-free pops immune to ABA: an element cannot come
 * back to a free list while a CPU is in the middle of popping it.
 *
 * A store that finds no free element, or a key longer than the space
 * was sized for, is dropped and counted in the status as dyndrops, once
 * per firing of an enabled probe; as in DTrace, the store is not done and
 * the clause goes on.  dtrace(1) reports "dynamic variable drops".
 *
 * Thread-locals of a thread that has exited are reclaimed when its
 * task_struct is freed (the sched_process_free tracepoint): all of a
 * thread's variables hash to one chain, and the hook marks those of the
 * dead thread dead as a delete would.  The hook runs as probe context
 * does (interrupts off, this CPU marked as in a probe), so dtrace_sync()
 * also waits for it.  A kernel without tracepoints does not reclaim
 * them.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/jhash.h>
#include <linux/kprobes.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <trace/events/sched.h>

#include "dtrace.h"

/* The states of an element. */
#define DTRACE_DV_FREE		0
#define DTRACE_DV_LIVE		1
#define DTRACE_DV_DEAD		2

/* Bounds on the retries of a cmpxchg race; then it counts as a drop. */
#define DTRACE_DV_RETRIES	64

/**
 * struct dtrace_dynvar - an element of the dynamic variable space
 * @next: the next element of its hash chain
 * @lnext: the next element of the free or dirty list it is on
 * @live: DTRACE_DV_*
 * @hash: the hash of its key
 * @keylen: bytes of key
 * @cpu: the CPU whose free list it goes back to
 * @data: the value (dstate->vsize bytes), then the key
 */
struct dtrace_dynvar {
	struct dtrace_dynvar *next;
	struct dtrace_dynvar *lnext;
	u32 live;
	u32 hash;
	u32 keylen;
	u32 cpu;
	u64 data[];
};

/* The head of every key: which variable, whose. */
struct dtrace_dynkey {
	u32 var;			/* scope << 16 | id */
	u32 tid;			/* thread-locals */
	u64 start;			/* thread-locals: the start time */
};

/* The states with a dynamic variable space, for the exit hook. */
static struct dtrace_dstate *dtrace_dstates;
static DEFINE_MUTEX(dtrace_dstates_lock);
static bool dtrace_exit_hooked;

static __always_inline void *dtrace_dv_value(struct dtrace_dynvar *dv)
{
	return dv->data;
}

static __always_inline void *dtrace_dv_key(const struct dtrace_dstate *ds,
					   struct dtrace_dynvar *dv)
{
	return (char *)dv->data + ds->vsize;
}

static __always_inline struct dtrace_dynvar *
dtrace_dv_elem(const struct dtrace_dstate *ds, u32 i)
{
	return (struct dtrace_dynvar *)(ds->elems + (size_t)i * ds->esize);
}

/* --- Sizing, before GO ---------------------------------------------------- */

/**
 * dtrace_dynvar_difo - note the keys a validated DIFO builds
 * @state: the consumer
 * @dp: the DIFO
 *
 * Sizes the keys of the space: the longest tuple pushed before an
 * associative array access, a string counting strsize bytes and its
 * terminator.  Our compiler pushes every tuple in straight-line code
 * after a flushts; a longer key built otherwise is dropped at run time.
 */
void dtrace_dynvar_difo(struct dtrace_state *state, const struct dtrace_difo *dp)
{
	u32 strsize = state->options[DTRACEOPT_STRSIZE];
	u32 sizes[DIF_DTR_NREGS], n = 0, bytes = 0, pc;

	for (pc = 0; pc < dp->ntext; pc++) {
		u32 instr = dp->text[pc];
		u32 sz;

		switch (DIF_INSTR_OP(instr)) {
		case DIF_OP_FLUSHTS:
			n = 0;
			bytes = 0;
			break;
		case DIF_OP_POPTS:
			if (n)
				bytes -= sizes[--n];
			break;
		case DIF_OP_PUSHTV:
		case DIF_OP_PUSHTR:
			sz = DIF_INSTR_OP(instr) == DIF_OP_PUSHTR &&
			     DIF_INSTR_TYPE(instr) == DIF_TYPE_STRING ?
			     ALIGN(strsize + 1, 8) : sizeof(u64);
			if (n < DIF_DTR_NREGS) {
				sizes[n++] = sz;
				bytes += sz;
			}
			break;
		case DIF_OP_LDGAA:
		case DIF_OP_STGAA:
		case DIF_OP_LDTAA:
		case DIF_OP_STTAA:
			state->dstate.tsize = max(state->dstate.tsize, bytes);
			break;
		default:
			break;
		}
	}
}

/**
 * dtrace_dynvar_size - the bytes of dynamic variable space a state needs
 * @state: the consumer, all its clauses enabled
 *
 * dynvarsize bounds the keys and values the space holds: each element
 * counts the bytes of the longest tuple and the largest value.  The
 * bookkeeping (chains, list links, the variable and thread of the key)
 * comes on top, so that even tiny sizes hold what their numbers say.
 *
 * Return: the bytes to allocate, 0 if the program uses no thread-local
 * variable and no associative array, or -E2BIG if it uses associative
 * arrays and not one element fits.
 */
ssize_t dtrace_dynvar_size(struct dtrace_state *state)
{
	struct dtrace_dstate *ds = &state->dstate;
	u32 i, vsize = 0;
	bool any = false, assoc = false;
	u64 charge;

	for (i = 0; i < state->ntvars; i++) {
		if (!state->tvars[i].size)
			continue;
		any = true;
		ds->tls = true;
		assoc |= state->tvars[i].assoc;
		vsize = max(vsize, state->tvars[i].size);
	}
	for (i = 0; i < state->ngvars; i++) {
		if (!state->gvars[i].assoc)
			continue;
		any = true;
		assoc = true;
		vsize = max(vsize, state->gvars[i].size);
	}
	if (!any)
		return 0;
	ds->vsize = ALIGN(max_t(u32, vsize, sizeof(u64)), 8);
	ds->ksize = ALIGN(sizeof(struct dtrace_dynkey) + ds->tsize, 8);
	ds->esize = sizeof(struct dtrace_dynvar) + ds->vsize + ds->ksize;
	charge = ALIGN(ds->tsize, 8) + ds->vsize;
	ds->nelems = min_t(u64, state->options[DTRACEOPT_DYNVARSIZE] / charge,
			   U32_MAX / 2);
	if (!ds->nelems)
		return assoc ? -E2BIG : 0;
	ds->nbuckets = rounddown_pow_of_two(ds->nelems);
	return (size_t)ds->nbuckets * sizeof(*ds->buckets) +
	       (size_t)ds->nelems * ds->esize;
}

/**
 * dtrace_dynvar_census - count what the space holds (for the KUnit tests)
 * @ds: the space, quiescent
 * @live: the live elements in the chains
 * @dups: live elements whose key another live element of its chain has
 * @nfree: the elements on the free lists
 */
void dtrace_dynvar_census(struct dtrace_dstate *ds, u32 *live, u32 *dups,
			  u32 *nfree)
{
	struct dtrace_dynvar *dv, *o;
	unsigned int cpu;
	u32 b;

	*live = 0;
	*dups = 0;
	*nfree = 0;
	for (b = 0; b < ds->nbuckets; b++) {
		for (dv = ds->buckets[b]; dv; dv = dv->next) {
			if (dv->live != DTRACE_DV_LIVE)
				continue;
			(*live)++;
			for (o = dv->next; o; o = o->next)
				if (o->live == DTRACE_DV_LIVE &&
				    o->keylen == dv->keylen &&
				    !memcmp(dtrace_dv_key(ds, o),
					    dtrace_dv_key(ds, dv), dv->keylen))
					(*dups)++;
		}
	}
	for_each_possible_cpu(cpu)
		for (dv = per_cpu_ptr(ds->cpus, cpu)->free; dv; dv = dv->lnext)
			(*nfree)++;
}

static void dtrace_dynvar_clean(struct work_struct *work);

/**
 * dtrace_dynvar_init - lay out the dynamic variable space
 * @state: the consumer
 * @base: @size bytes, zeroed, 8-byte aligned, readable by probe context
 *	  as the state's own memory
 * @size: what dtrace_dynvar_size() asked for (0: no element fits)
 *
 * Return: 0 or -ENOMEM.
 */
int dtrace_dynvar_init(struct dtrace_state *state, void *base, size_t size)
{
	struct dtrace_dstate *ds = &state->dstate;
	unsigned int cpu;
	u32 i;

	INIT_DELAYED_WORK(&ds->clean, dtrace_dynvar_clean);
	ds->cpus = alloc_percpu(struct dtrace_dstate_cpu);
	if (!ds->cpus)
		return -ENOMEM;
	if (!ds->nelems)
		return 0;
	ds->buckets = base;
	ds->elems = (char *)base + ds->nbuckets * sizeof(*ds->buckets);

	/* Deal the elements out to the CPUs' free lists. */
	i = 0;
	while (i < ds->nelems) {
		for_each_possible_cpu(cpu) {
			struct dtrace_dstate_cpu *c = per_cpu_ptr(ds->cpus, cpu);
			struct dtrace_dynvar *dv;

			if (i >= ds->nelems)
				break;
			dv = dtrace_dv_elem(ds, i++);
			dv->cpu = cpu;
			dv->lnext = c->free;
			c->free = dv;
		}
	}
	return 0;
}

/* The exit hook, below. */
static void dtrace_dynvar_task_free(void *data, struct task_struct *p);

/**
 * dtrace_dynvar_start - the state is active: clean, and reclaim
 * @state: the consumer
 */
void dtrace_dynvar_start(struct dtrace_state *state)
{
	struct dtrace_dstate *ds = &state->dstate;
	u64 rate = state->options[DTRACEOPT_CLEANRATE];

	if (!ds->cpus)
		return;
	ds->period = max_t(unsigned long, nsecs_to_jiffies64(rate), 1);
	schedule_delayed_work(&ds->clean, ds->period);
	if (!ds->tls)
		return;
	mutex_lock(&dtrace_dstates_lock);
	if (!dtrace_exit_hooked) {
		int ret = register_trace_sched_process_free(dtrace_dynvar_task_free,
							    NULL);

		/* Without CONFIG_TRACEPOINTS, no reclaiming: say so once. */
		if (ret)
			pr_warn("thread-local variables of dead threads will not be reclaimed (%d)\n",
				ret);
		dtrace_exit_hooked = !ret;
	}
	ds->next_live = dtrace_dstates;
	/* The state is complete before the exit hook can see it. */
	smp_store_release(&dtrace_dstates, ds);
	ds->listed = true;
	mutex_unlock(&dtrace_dstates_lock);
}

/**
 * dtrace_dynvar_stop - stop cleaning and reclaiming, before the state goes
 * @state: the consumer
 *
 * The caller calls dtrace_sync() after this and before
 * dtrace_dynvar_free(): the exit hook may still be looking at the state.
 */
void dtrace_dynvar_stop(struct dtrace_state *state)
{
	struct dtrace_dstate *ds = &state->dstate, **pp;

	if (!ds->cpus)
		return;
	cancel_delayed_work_sync(&ds->clean);
	if (!ds->listed)
		return;
	mutex_lock(&dtrace_dstates_lock);
	for (pp = &dtrace_dstates; *pp; pp = &(*pp)->next_live) {
		if (*pp == ds) {
			WRITE_ONCE(*pp, ds->next_live);
			break;
		}
	}
	ds->listed = false;
	mutex_unlock(&dtrace_dstates_lock);
}

/**
 * dtrace_dynvar_free - free what dtrace_dynvar_init() allocated
 * @state: the consumer
 *
 * The space itself is part of the state's variable memory.
 */
void dtrace_dynvar_free(struct dtrace_state *state)
{
	free_percpu(state->dstate.cpus);
	state->dstate.cpus = NULL;
}

/* --- The cleaner ---------------------------------------------------------- */

/* Push @dv on the free list of its CPU (not probe context). */
static void dtrace_dv_push_free(struct dtrace_dstate *ds,
				struct dtrace_dynvar *dv)
{
	struct dtrace_dstate_cpu *c = per_cpu_ptr(ds->cpus, dv->cpu);
	struct dtrace_dynvar *old;

	WRITE_ONCE(dv->live, DTRACE_DV_FREE);
	do {
		old = READ_ONCE(c->free);
		WRITE_ONCE(dv->lnext, old);
	} while (cmpxchg(&c->free, old, dv) != old);
}

/*
 * Take @dv out of its chain, if it is on one (an element whose insertion
 * lost a race never was).  Only the cleaner removes from chains, and
 * probe context only changes the head, so an element's next pointer is
 * changed here alone.
 */
static void dtrace_dv_unlink(struct dtrace_dstate *ds, struct dtrace_dynvar *dv)
{
	struct dtrace_dynvar **head = &ds->buckets[dv->hash & (ds->nbuckets - 1)];
	struct dtrace_dynvar *prev, *cur;

again:
	prev = NULL;
	for (cur = READ_ONCE(*head); cur && cur != dv; cur = READ_ONCE(cur->next))
		prev = cur;
	if (!cur)
		return;
	if (!prev) {
		if (cmpxchg(head, dv, READ_ONCE(dv->next)) != dv)
			goto again;	/* an insertion at the head */
		return;
	}
	WRITE_ONCE(prev->next, READ_ONCE(dv->next));
}

/**
 * dtrace_dynvar_clean_once - one pass of the cleaner
 * @ds: the space
 *
 * Dirty elements are unlinked, dtrace_sync() waits until no CPU can still
 * hold them, and they go back to the free lists.
 *
 * Return: the number of elements made free.
 */
u32 dtrace_dynvar_clean_once(struct dtrace_dstate *ds)
{
	struct dtrace_dynvar *rinsing = NULL, *dv, *next;
	unsigned int cpu;
	u32 n = 0;

	if (!ds->cpus)
		return 0;
	for_each_possible_cpu(cpu) {
		struct dtrace_dstate_cpu *c = per_cpu_ptr(ds->cpus, cpu);

		for (dv = xchg(&c->dirty, NULL); dv; dv = next) {
			next = READ_ONCE(dv->lnext);
			dv->lnext = rinsing;
			rinsing = dv;
		}
	}
	if (!rinsing)
		return 0;
	for (dv = rinsing; dv; dv = dv->lnext)
		dtrace_dv_unlink(ds, dv);
	/* No CPU still holds what it found before they were unlinked. */
	dtrace_sync();
	for (dv = rinsing; dv; dv = next) {
		next = dv->lnext;
		dtrace_dv_push_free(ds, dv);
		n++;
	}
	return n;
}

static void dtrace_dynvar_clean(struct work_struct *work)
{
	struct dtrace_dstate *ds = container_of(to_delayed_work(work),
						struct dtrace_dstate, clean);

	dtrace_dynvar_clean_once(ds);
	schedule_delayed_work(&ds->clean, ds->period);
}

/* --- Probe context -------------------------------------------------------- */

/* Put @dv on this CPU's dirty list; the cleaner is the only other party. */
static notrace void dtrace_dv_push_dirty(struct dtrace_dstate *ds,
					 struct dtrace_dynvar *dv)
{
	struct dtrace_dstate_cpu *c = this_cpu_ptr(ds->cpus);
	struct dtrace_dynvar *old;

	do {
		old = READ_ONCE(c->dirty);
		WRITE_ONCE(dv->lnext, old);
	} while (cmpxchg(&c->dirty, old, dv) != old);
}

/*
 * A store found no room: it is not done, as in DTrace, and the clause
 * goes on; the drop is counted once per firing of an enabled probe.
 */
static notrace void dtrace_dv_drop(struct dtrace_mstate *ms)
{
	struct dtrace_dstate_cpu *c;

	if (ms->state->dstate.cpus) {
		c = this_cpu_ptr(ms->state->dstate.cpus);
		if (c->drop_ts == ms->timestamp && c->drop_epid == ms->epid)
			return;
		c->drop_ts = ms->timestamp;
		c->drop_epid = ms->epid;
	}
	atomic64_inc(&ms->state->dyndrops);
}

/* Pop a free element: this CPU's first, then any other's. */
static notrace struct dtrace_dynvar *dtrace_dv_pop(struct dtrace_dstate *ds)
{
	unsigned int self = raw_smp_processor_id(), cpu = self;
	struct dtrace_dynvar *dv, *next;
	bool first = true;
	int tries;

	for (;;) {
		struct dtrace_dstate_cpu *c = per_cpu_ptr(ds->cpus, cpu);

		for (tries = 0; tries < DTRACE_DV_RETRIES; tries++) {
			dv = READ_ONCE(c->free);
			if (!dv)
				break;
			/*
			 * @dv cannot be popped, dirtied, cleaned and pushed
			 * back while we are here: cleaning waits for us.
			 */
			next = READ_ONCE(dv->lnext);
			if (cmpxchg(&c->free, dv, next) == dv)
				return dv;
		}
		if (first) {
			first = false;
			cpu = cpumask_first(cpu_possible_mask);
		} else {
			cpu = cpumask_next(cpu, cpu_possible_mask);
		}
		if (cpu == self)
			cpu = cpumask_next(cpu, cpu_possible_mask);
		if (cpu >= nr_cpu_ids)
			return NULL;
	}
}

/* The thread whose thread-locals are used. */
static notrace void dtrace_dv_thread(struct task_struct *t, u32 *tid, u64 *start)
{
	*tid = t->pid;
	*start = t->start_time;
	/* The idle tasks all have pid 0: tell them apart by CPU. */
	if (!*tid) {
		*tid = BIT(31) | task_cpu(t);
		*start = 0;
	}
}

static notrace u32 dtrace_dv_tls_hash(u32 tid, u64 start)
{
	return jhash_2words(tid, (u32)start ^ (u32)(start >> 32), 0);
}

/*
 * Build the key of variable @id of @scope with the tuple @tup in @buf,
 * @cap bytes.  Return: its length, or 0 if it does not fit.
 */
static notrace u32 dtrace_dv_mkkey(struct dtrace_mstate *ms,
				   const struct dtrace_difo *dp, char *buf,
				   u32 cap, u8 scope, u32 id,
				   const struct dtrace_tuple *tup)
{
	struct dtrace_dynkey *k = (struct dtrace_dynkey *)buf;
	u32 len = sizeof(*k);
	int i;

	if (cap < len)
		return 0;
	k->var = (u32)scope << 16 | id;
	k->tid = 0;
	k->start = 0;
	if (scope == DIFV_SCOPE_THREAD)
		dtrace_dv_thread(current, &k->tid, &k->start);

	for (i = 0; tup && i < tup->n; i++) {
		u64 v = tup->val[i], size = tup->size[i], j;

		if (tup->type[i] == DIF_TYPE_STRING) {
			/* Its bytes and a terminator: tuples stay distinct. */
			if (!size || size > ms->strsize)
				size = ms->strsize;
			for (j = 0; j < size; j++) {
				u8 c = v ? dtrace_strbyte(ms, dp, v + j) : 0;

				if (ms->fault)
					return 0;
				if (len >= cap)
					return 0;
				buf[len++] = c;
				if (!c)
					break;
			}
			if (j == size) {
				if (len >= cap)
					return 0;
				buf[len++] = '\0';
			}
		} else if (tup->size[i]) {
			/* By reference: @size bytes at @v. */
			if (size > cap - len)
				return 0;
			dtrace_bcopy_in(ms, buf + len, v, size);
			if (ms->fault)
				return 0;
			len += size;
		} else {
			if (sizeof(v) > cap - len)
				return 0;
			memcpy(buf + len, &v, sizeof(v));
			len += sizeof(v);
		}
	}
	return len;
}

/*
 * Find the element of @key, or with @create make it.  Return NULL if
 * there is none (or, with @create, none could be had: counted).
 */
static notrace struct dtrace_dynvar *
dtrace_dv_lookup(struct dtrace_mstate *ms, struct dtrace_dstate *ds,
		 const char *key, u32 keylen, u32 hash, bool create)
{
	struct dtrace_dynvar **head = &ds->buckets[hash & (ds->nbuckets - 1)];
	struct dtrace_dynvar *start, *dv, *nv;
	int tries;
	u32 n;

	for (tries = 0; tries < DTRACE_DV_RETRIES; tries++) {
		/* Pairs with the release of an insertion. */
		start = smp_load_acquire(head);
		/*
		 * The older elements were published before the one that
		 * points to them (releases are cumulative).  The bound: a
		 * chain never holds more than every element.
		 */
		for (dv = start, n = 0; dv && n < ds->nelems;
		     dv = READ_ONCE(dv->next), n++) {
			if (dv->hash == hash && dv->keylen == keylen &&
			    READ_ONCE(dv->live) == DTRACE_DV_LIVE &&
			    !memcmp(dtrace_dv_key(ds, dv), key, keylen))
				return dv;
		}
		if (!create)
			return NULL;
		nv = dtrace_dv_pop(ds);
		if (!nv)
			break;
		nv->hash = hash;
		nv->keylen = keylen;
		memcpy(dtrace_dv_key(ds, nv), key, keylen);
		memset(dtrace_dv_value(nv), 0, ds->vsize);
		nv->live = DTRACE_DV_LIVE;
		nv->next = start;
		/* Only if nobody inserted since the lookup: no duplicates. */
		if (cmpxchg_release(head, start, nv) == start)
			return nv;
		/* Never published: it is reused after the next cleaning. */
		nv->live = DTRACE_DV_DEAD;
		dtrace_dv_push_dirty(ds, nv);
	}
	dtrace_dv_drop(ms);
	return NULL;
}

/* Look the element of (@scope, @id, @tup) up; @create as above. */
static notrace struct dtrace_dynvar *
dtrace_dv_get(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
	      u8 scope, u32 id, const struct dtrace_tuple *tup, bool create)
{
	struct dtrace_dstate *ds = &ms->state->dstate;
	size_t used = ms->scratch_used;
	struct dtrace_dynvar *dv = NULL;
	struct dtrace_dynkey *k;
	u32 keylen, hash;
	char *key;

	if (!ds->nelems) {
		if (create)
			dtrace_dv_drop(ms);
		return NULL;
	}
	/* The key is built in scratch space, given back when done. */
	key = dtrace_scratch_alloc(ms, ds->ksize);
	if (!key)
		return NULL;
	keylen = dtrace_dv_mkkey(ms, dp, key, ds->ksize, scope, id, tup);
	if (!keylen) {
		if (create && !ms->fault)
			dtrace_dv_drop(ms);
		goto out;
	}
	k = (struct dtrace_dynkey *)key;
	if (scope == DIFV_SCOPE_THREAD)
		hash = dtrace_dv_tls_hash(k->tid, k->start);
	else
		hash = jhash(key, keylen, 0);
	dv = dtrace_dv_lookup(ms, ds, key, keylen, hash, create);
out:
	ms->scratch_used = used;
	return dv;
}

/**
 * dtrace_dynvar_load - load a dynamic variable
 * @ms: the machine state
 * @dp: the running DIFO
 * @v: the variable
 * @scope: DIFV_SCOPE_GLOBAL (an associative array) or _THREAD
 * @id: its id
 * @tup: the keys; NULL or none for a thread-local scalar
 *
 * Return: its value, the address of it if by reference; 0 (or an empty
 * string) if it does not exist.
 */
notrace u64 dtrace_dynvar_load(struct dtrace_mstate *ms,
			       const struct dtrace_difo *dp,
			       const struct dtrace_var *v, u8 scope, u32 id,
			       const struct dtrace_tuple *tup)
{
	struct dtrace_dynvar *dv = dtrace_dv_get(ms, dp, scope, id, tup, false);

	if (!dv)
		return v->byref ? (unsigned long)"" : 0;
	if (v->byref)
		return (unsigned long)dtrace_dv_value(dv);
	return READ_ONCE(*(u64 *)dtrace_dv_value(dv));
}

NOKPROBE_SYMBOL(dtrace_dynvar_load);

/**
 * dtrace_dynvar_store - store to a dynamic variable; 0 deletes it
 * @ms: the machine state
 * @dp: the running DIFO
 * @v: the variable
 * @scope: DIFV_SCOPE_GLOBAL (an associative array) or _THREAD
 * @id: its id
 * @tup: the keys; NULL or none for a thread-local scalar
 * @val: the value, or the address of it if by reference
 */
notrace void dtrace_dynvar_store(struct dtrace_mstate *ms,
				 const struct dtrace_difo *dp,
				 const struct dtrace_var *v, u8 scope, u32 id,
				 const struct dtrace_tuple *tup, u64 val)
{
	struct dtrace_dynvar *dv;

	if (!val) {
		dv = dtrace_dv_get(ms, dp, scope, id, tup, false);
		if (dv && cmpxchg(&dv->live, DTRACE_DV_LIVE,
				  DTRACE_DV_DEAD) == DTRACE_DV_LIVE)
			dtrace_dv_push_dirty(&ms->state->dstate, dv);
		return;
	}
	dv = dtrace_dv_get(ms, dp, scope, id, tup, true);
	if (!dv)
		return;
	if (!v->byref)
		WRITE_ONCE(*(u64 *)dtrace_dv_value(dv), val);
	else if (v->string)
		dtrace_strcpy_in(ms, dp, dtrace_dv_value(dv), val, v->size);
	else
		dtrace_bcopy_in(ms, dtrace_dv_value(dv), val, v->size);
}

NOKPROBE_SYMBOL(dtrace_dynvar_store);

/* The variable of LDGAA/STGAA (@scope global) or LDTAA/STTAA (thread). */
static notrace const struct dtrace_var *
dtrace_assoc_var(struct dtrace_mstate *ms, u8 scope, u32 id)
{
	const struct dtrace_var *v = dtrace_var_get(ms->state, scope, id);

	/* The validator and the state's tables make this impossible. */
	if (!v || !v->size || (scope == DIFV_SCOPE_GLOBAL && !v->assoc)) {
		ms->fault = DTRACEFLT_ILLOP;
		return NULL;
	}
	return v;
}

/**
 * dtrace_assoc_load - LDGAA and LDTAA: load an associative array element
 * @ms: the machine state
 * @dp: the running DIFO
 * @scope: DIFV_SCOPE_GLOBAL or DIFV_SCOPE_THREAD
 * @id: the array
 * @tup: the keys
 *
 * Return: as dtrace_dynvar_load().
 */
notrace u64 dtrace_assoc_load(struct dtrace_mstate *ms,
			      const struct dtrace_difo *dp, u8 scope, u32 id,
			      const struct dtrace_tuple *tup)
{
	const struct dtrace_var *v = dtrace_assoc_var(ms, scope, id);

	return v ? dtrace_dynvar_load(ms, dp, v, scope, id, tup) : 0;
}

NOKPROBE_SYMBOL(dtrace_assoc_load);

/**
 * dtrace_assoc_store - STGAA and STTAA: store an associative array element
 * @ms: the machine state
 * @dp: the running DIFO
 * @scope: DIFV_SCOPE_GLOBAL or DIFV_SCOPE_THREAD
 * @id: the array
 * @tup: the keys
 * @val: as for dtrace_dynvar_store(); 0 deletes the element
 */
notrace void dtrace_assoc_store(struct dtrace_mstate *ms,
				const struct dtrace_difo *dp, u8 scope, u32 id,
				const struct dtrace_tuple *tup, u64 val)
{
	const struct dtrace_var *v = dtrace_assoc_var(ms, scope, id);

	if (v)
		dtrace_dynvar_store(ms, dp, v, scope, id, tup, val);
}

NOKPROBE_SYMBOL(dtrace_assoc_store);

/* --- Reclaiming the thread-locals of dead threads ------------------------ */

/**
 * dtrace_dynvar_reap - delete every thread-local of a thread
 * @ds: the space
 * @tid: the thread's tid
 * @start: its start time
 *
 * Context: as probe context: interrupts off, this CPU in probe context.
 * Return: the number of variables deleted.
 */
notrace u32 dtrace_dynvar_reap(struct dtrace_dstate *ds, u32 tid, u64 start)
{
	u32 hash = dtrace_dv_tls_hash(tid, start), n = 0, i;
	struct dtrace_dynvar *dv;

	if (!ds->nelems)
		return 0;
	/* Acquire: pairs with the release of an insertion. */
	dv = smp_load_acquire(&ds->buckets[hash & (ds->nbuckets - 1)]);
	for (i = 0; dv && i < ds->nelems; i++, dv = READ_ONCE(dv->next)) {
		struct dtrace_dynkey *k = dtrace_dv_key(ds, dv);

		if (dv->hash != hash || k->tid != tid || k->start != start ||
		    k->var >> 16 != DIFV_SCOPE_THREAD)
			continue;
		if (cmpxchg(&dv->live, DTRACE_DV_LIVE,
			    DTRACE_DV_DEAD) == DTRACE_DV_LIVE) {
			dtrace_dv_push_dirty(ds, dv);
			n++;
		}
	}
	return n;
}

NOKPROBE_SYMBOL(dtrace_dynvar_reap);

/* sched_process_free: @p is gone for good, none of its probes can fire. */
static notrace void dtrace_dynvar_task_free(void *data, struct task_struct *p)
{
	struct dtrace_dstate *ds;
	unsigned long flags;
	u64 start;
	u32 tid;

	if (!READ_ONCE(dtrace_dstates))
		return;
	dtrace_dv_thread(p, &tid, &start);
	local_irq_save(flags);
	if (dtrace_cpu_enter()) {
		/* Pairs with the release in dtrace_dynvar_start(). */
		for (ds = smp_load_acquire(&dtrace_dstates); ds;
		     ds = READ_ONCE(ds->next_live))
			dtrace_dynvar_reap(ds, tid, start);
		dtrace_cpu_exit();
	}
	local_irq_restore(flags);
}

NOKPROBE_SYMBOL(dtrace_dynvar_task_free);
