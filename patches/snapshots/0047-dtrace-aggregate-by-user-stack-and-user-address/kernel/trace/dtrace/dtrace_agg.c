// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: aggregations.
 *
 * @name[k1, k2] = func(v) arrives as a group of actions of a clause: one
 * DTRACEACT_AGGKEY per key, a DTRACEACT_AGGINCR for the increment of the
 * distributions, and the aggregating action DTRACEAGG_<func>.  Each
 * aggregating action of each clause is an aggregation with an id of its
 * own; dtrace(1) merges those that carry the same D name.
 *
 * Each CPU has an aggregation buffer of aggsize bytes in two halves, one
 * active.  An entry of the active half is one key of one aggregation: a
 * struct dtrace_aggrec, the keys, the value.  Probe context builds the
 * key in scratch space, looks it up in a hash of the half and creates
 * the entry at the end of the half if it is not there; a full half
 * counts a drop.  Only the CPU that owns a buffer writes it, from probe
 * context with interrupts off, so there is nothing to lock; a nested
 * firing (NMI) is refused by dtrace_probe() before it gets here.
 *
 * DTRACEIOC_AGGSNAP switches the halves on the CPU with dtrace_xcall(),
 * as DTRACEIOC_BUFSNAP does for the principal buffers, copies the half
 * that was active out, and clears it for its next turn.  Switching rather
 * than copying a live half under a sequence count keeps probe context
 * free of retries and the copy consistent without ever making probe
 * context wait: the CPU cannot be inside a firing when it takes the
 * switch (both run with interrupts off, and the cross-CPU call's NMI
 * fallback does not serve in probe context), and after it nothing writes
 * the old half.  The consumer gets what was aggregated since its
 * previous snapshot and merges it into its own totals, which is also
 * where clear(), trunc() and normalize() act.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/cpu.h>
#include <linux/hash.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "dtrace.h"

#define DTRACE_AGG_MAXBUCKETS	BIT(20)		/* hash chains per half */
#define DTRACE_AGG_PERBUCKET	64		/* bytes of entries per chain */

bool dtrace_agg_action(u32 kind)
{
	return kind == DTRACEACT_AGGKEY || kind == DTRACEACT_AGGINCR ||
	       (kind >= DTRACEAGG_COUNT && kind <= DTRACEAGG_LLQUANTIZE);
}

/* --- The buckets of the distributions ---------------------------------- */

/**
 * dtrace_quantize_bucket - the quantize() bucket of a value
 * @v: the value
 *
 * Return: the index, 0 .. DTRACE_QUANTIZE_NBUCKETS - 1.
 */
u32 dtrace_quantize_bucket(s64 v)
{
	int b;

	if (!v)
		return DTRACE_QUANTIZE_ZEROBUCKET;
	if (v > 0)
		return DTRACE_QUANTIZE_ZEROBUCKET + 1 + ilog2((u64)v);
	/* -2^63 shares the first bucket with -2^62 .. -2^63 + 1. */
	b = DTRACE_QUANTIZE_ZEROBUCKET - 1 - ilog2(-(u64)v);
	return max(b, 0);
}

/**
 * dtrace_quantize_bucketval - the smallest magnitude of a quantize() bucket
 * @i: the bucket
 *
 * Return: 0 for the zero bucket, else the value of smallest magnitude
 * the bucket holds (negative below the zero bucket).
 */
s64 dtrace_quantize_bucketval(u32 i)
{
	if (i < DTRACE_QUANTIZE_ZEROBUCKET)
		return -(1LL << (DTRACE_QUANTIZE_ZEROBUCKET - 1 - i));
	if (i == DTRACE_QUANTIZE_ZEROBUCKET)
		return 0;
	return 1LL << (i - DTRACE_QUANTIZE_ZEROBUCKET - 1);
}

/**
 * dtrace_lquantize_bucket - the lquantize() bucket of a value
 * @arg: the parameters, DTRACE_LQUANTIZE_ARG()
 * @v: the value
 *
 * Return: 0 below the base, 1 + level, levels + 1 at the limit and above.
 */
u32 dtrace_lquantize_bucket(u64 arg, s64 v)
{
	s64 base = DTRACE_LQUANTIZE_BASE(arg);
	u32 levels = DTRACE_LQUANTIZE_LEVELS(arg);
	u64 level;

	if (v < base)
		return 0;
	/* v - base cannot overflow as an unsigned difference. */
	level = ((u64)v - (u64)base) / DTRACE_LQUANTIZE_STEP(arg);
	return level < levels ? level + 1 : levels + 1;
}

/*
 * The bucket of a magnitude among those of one sign: 0 below factor^low,
 * the last at factor^(high + 1) and above, else the step of the order of
 * magnitude @v is in.
 */
static u32 dtrace_llquantize_mag(u64 arg, u64 v)
{
	u64 factor = DTRACE_LLQUANTIZE_FACTOR(arg);
	u32 low = DTRACE_LLQUANTIZE_LOW(arg);
	u32 high = DTRACE_LLQUANTIZE_HIGH(arg);
	u64 nsteps = DTRACE_LLQUANTIZE_NSTEPS(arg);
	u64 mag = 1, next, n;
	u32 m, bucket = 1;

	for (m = 0; m < low; m++)
		mag *= factor;
	if (v < mag)
		return 0;
	for (; m <= high; m++) {
		next = mag * factor;
		n = min(nsteps, next);
		if (v < next)
			return bucket + (v - mag) / (next / n);
		/* The steps below factor^m belong to lower magnitudes. */
		bucket += n - n / factor;
		mag = next;
	}
	return bucket;
}

/**
 * dtrace_llquantize_bucket - the llquantize() bucket of a value
 * @arg: the parameters, DTRACE_LLQUANTIZE_ARG(), checked by
 *	 dtrace_llquantize_valid()
 * @v: the value
 *
 * Return: the bucket, the buckets of negative values mirroring those of
 * positive ones around the one of the values whose magnitude is below
 * factor^low (see include/uapi/linux/dtrace.h).
 */
u32 dtrace_llquantize_bucket(u64 arg, s64 v)
{
	u32 zero = dtrace_llquantize_mag(arg, U64_MAX);

	/* The magnitude of S64_MIN is a u64. */
	return v >= 0 ? zero + dtrace_llquantize_mag(arg, v) :
			zero - dtrace_llquantize_mag(arg, -(u64)v);
}

/* Are llquantize() parameters ones the buckets above can handle? */
static bool dtrace_llquantize_valid(u64 arg)
{
	u64 factor = DTRACE_LLQUANTIZE_FACTOR(arg);
	u32 low = DTRACE_LLQUANTIZE_LOW(arg);
	u32 high = DTRACE_LLQUANTIZE_HIGH(arg);
	u64 nsteps = DTRACE_LLQUANTIZE_NSTEPS(arg);
	u64 v = 1;
	u32 m;

	if (factor < 2 || low > high || nsteps < factor || nsteps % factor)
		return false;
	/* factor^(high + 1) fits in 63 bits. */
	for (m = 0; m <= high; m++)
		if (check_mul_overflow(v, factor, &v) || v > S64_MAX)
			return false;
	/* nsteps divides a power of factor: the steps are whole. */
	for (v = factor; v < nsteps; v *= factor)
		;
	return !(v % nsteps);
}

/* The number of buckets of a distribution, 0 for the others. */
static u32 dtrace_agg_nbuckets(u32 kind, u64 arg)
{
	switch (kind) {
	case DTRACEAGG_QUANTIZE:
		return DTRACE_QUANTIZE_NBUCKETS;
	case DTRACEAGG_LQUANTIZE:
		return DTRACE_LQUANTIZE_LEVELS(arg) + 2;
	case DTRACEAGG_LLQUANTIZE:
		return 2 * dtrace_llquantize_mag(arg, U64_MAX) + 1;
	default:
		return 0;
	}
}

/* --- Updating a value (probe context) ---------------------------------- */

/* The value of a new entry: what no update can leave. */
static void dtrace_agg_init_value(const struct dtrace_aggregation *agg,
				  s64 *val)
{
	if (agg->kind == DTRACEAGG_MIN)
		val[0] = S64_MAX;
	else if (agg->kind == DTRACEAGG_MAX)
		val[0] = S64_MIN;
}

/**
 * dtrace_agg_update - aggregate one value
 * @agg: the aggregation
 * @val: the value of an entry: agg->valsize bytes
 * @v: the value aggregated
 * @incr: the increment of the distributions (1 unless given)
 */
void dtrace_agg_update(const struct dtrace_aggregation *agg, s64 *val, s64 v,
		       s64 incr)
{
	u64 a;
	u128 sq;

	switch (agg->kind) {
	case DTRACEAGG_COUNT:
		val[0]++;
		break;
	case DTRACEAGG_SUM:
		val[0] += v;
		break;
	case DTRACEAGG_MIN:
		if (v < val[0])
			val[0] = v;
		break;
	case DTRACEAGG_MAX:
		if (v > val[0])
			val[0] = v;
		break;
	case DTRACEAGG_AVG:
		val[0]++;
		val[1] += v;
		break;
	case DTRACEAGG_STDDEV:
		val[0]++;
		val[1] += v;
		a = v < 0 ? -(u64)v : (u64)v;
		sq = (u128)a * a + ((u128)(u64)val[3] << 64 | (u64)val[2]);
		val[2] = (s64)(u64)sq;
		val[3] = (s64)(u64)(sq >> 64);
		break;
	case DTRACEAGG_QUANTIZE:
		val[dtrace_quantize_bucket(v)] += incr;
		break;
	case DTRACEAGG_LQUANTIZE:
		val[dtrace_lquantize_bucket(agg->arg, v)] += incr;
		break;
	case DTRACEAGG_LLQUANTIZE:
		val[dtrace_llquantize_bucket(agg->arg, v)] += incr;
		break;
	}
}

/* The hash of a key: @key is @len bytes, a multiple of 8. */
static u32 dtrace_agg_hash(u32 aggid, const u64 *key, u32 len)
{
	u64 h = aggid;
	u32 i;

	for (i = 0; i < len / 8; i++)
		h = (h ^ key[i]) * GOLDEN_RATIO_64;
	return hash_64(h, 32);
}

/**
 * dtrace_agg_lookup - find or create the entry of a key in a half
 * @ab: the CPU's buffer
 * @nbuckets: the size of its hash, a power of 2
 * @aggsize: the size of a half
 * @agg: the aggregation
 * @key: the keys, as laid out in an entry after its head
 *
 * Return: the entry, or NULL (a drop counted) if a new one does not fit.
 */
struct dtrace_aggrec *dtrace_agg_lookup(struct dtrace_aggbuf *ab,
					u32 nbuckets, u32 aggsize,
					const struct dtrace_aggregation *agg,
					const void *key)
{
	u32 half = READ_ONCE(ab->active), len, h, b, o, off;
	char *data = ab->data[half];
	u32 *hash = ab->hash[half];
	struct dtrace_aggrec *e;

	len = agg->valoff - sizeof(*e);
	h = dtrace_agg_hash(agg->id, key, len);
	b = h & (nbuckets - 1);
	for (o = hash[b]; o; o = e->__next) {
		e = (struct dtrace_aggrec *)(data + o - 1);
		if (e->__hash == h && e->aggid == agg->id &&
		    (!len || !memcmp(e + 1, key, len)))
			return e;
	}

	off = ab->offset[half];
	if (agg->size > aggsize - off) {
		ab->drops++;
		return NULL;
	}
	e = (struct dtrace_aggrec *)(data + off);
	e->aggid = agg->id;
	e->size = agg->size;
	e->__hash = h;
	e->__next = hash[b];
	if (len)
		memcpy(e + 1, key, len);
	memset((char *)e + agg->valoff, 0, agg->valsize);
	dtrace_agg_init_value(agg, (s64 *)((char *)e + agg->valoff));
	ab->offset[half] = off + agg->size;
	hash[b] = off + 1;
	return e;
}

/* Store a key's value at @dst, as the principal buffer would record it. */
static void dtrace_agg_store_key(struct dtrace_mstate *ms,
				 const struct dtrace_difo *dp, void *dst,
				 u32 size, u64 v)
{
	if (dp->rtype.kind == DIF_TYPE_STRING)
		dtrace_strcpy_in(ms, dp, dst, v, size);
	else if (dp->rtype.flags & DIF_TF_BYREF)
		dtrace_bcopy_in(ms, dst, v, size);
	else
		memcpy(dst, &v, size);
}

/**
 * dtrace_aggregate - run an aggregation group of a clause (probe context)
 * @ms: the machine state
 * @agg: the aggregation
 * @acts: the clause's actions
 *
 * Return: the index of the action that faulted, with ms->fault set, or
 * of the aggregating action.
 */
u32 dtrace_aggregate(struct dtrace_mstate *ms,
		     const struct dtrace_aggregation *agg,
		     const struct dtrace_action *acts)
{
	struct dtrace_aggstate *as = &ms->state->agg;
	size_t scratch = ms->scratch_used;
	u32 klen = agg->valoff - sizeof(struct dtrace_aggrec), i, at;
	struct dtrace_aggrec *e;
	s64 v = 0, incr = 1;
	char *key = NULL;
	u64 r;

	if (klen) {
		key = dtrace_scratch_alloc(ms, klen);
		if (!key)
			return agg->first;
		memset(key, 0, klen);
	}
	for (i = 0; i < agg->nkeys; i++) {
		const struct dtrace_difo *dp = acts[agg->first + i].difo;
		const struct dtrace_aggkey *k = &agg->keys[i];

		char *dst = key + k->offset - sizeof(struct dtrace_aggrec);

		at = agg->first + i;
		if (!dp) {
			/* stack(), ustack() */
			if (k->user)
				dtrace_ustack_record(ms, (u64 *)dst,
						     k->size / sizeof(u64) - 1);
			else
				dtrace_stack_record(ms, (u64 *)dst,
						    k->size / sizeof(u64));
			continue;
		}
		r = dtrace_dif_emulate(dp, ms);
		if (ms->fault)
			goto out;
		if (k->user)
			dtrace_uaddr_record(dst, r);
		else
			dtrace_agg_store_key(ms, dp, dst, k->size, r);
		if (ms->fault)
			goto out;
	}
	if (agg->hasincr) {
		at = agg->action - 1;
		incr = dtrace_dif_emulate(acts[at].difo, ms);
		if (ms->fault)
			goto out;
	}
	at = agg->action;
	if (acts[at].difo) {
		v = dtrace_dif_emulate(acts[at].difo, ms);
		if (ms->fault)
			goto out;
	}
	e = dtrace_agg_lookup(this_cpu_ptr(as->bufs), as->nbuckets,
			      ms->state->options[DTRACEOPT_AGGSIZE], agg, key);
	if (e)
		dtrace_agg_update(agg, (s64 *)((char *)e + agg->valoff), v,
				  incr);
out:
	ms->scratch_used = scratch;
	return at;
}

/* --- Enabling ---------------------------------------------------------- */

/* The size of a key's value, as the principal buffer would record it. */
static int dtrace_agg_keysize(const struct dtrace_action *a, u64 strsize)
{
	const struct dtrace_difo *dp = a->difo;
	u32 frames = DTRACE_AGGKEY_FRAMES(a->arg);
	bool user = a->arg & DTRACE_AGGKEY_USER;

	if (a->arg & ~(DTRACE_AGGKEY_USER | DTRACE_AGGKEY_FRAMES(~0ULL)))
		return -EINVAL;
	/* stack(), ustack(): frames, after the process id for ustack(). */
	if (!dp)
		return frames && frames <= DTRACE_STACK_MAXFRAMES ?
		       (user + frames) * sizeof(u64) : -EINVAL;
	/* A user address: the process id, the address. */
	if (user)
		return frames || dp->rtype.kind == DIF_TYPE_STRING ||
		       (dp->rtype.flags & DIF_TF_BYREF) ||
		       dp->rtype.size != sizeof(u64) ? -EINVAL :
		       2 * sizeof(u64);
	if (frames)
		return -EINVAL;
	if (!dp->rtype.size && dp->rtype.kind != DIF_TYPE_STRING)
		return -EINVAL;
	if (dp->rtype.kind == DIF_TYPE_STRING)
		return strsize;
	return dp->rtype.size;
}

static bool dtrace_agg_scalar(const struct dtrace_difo *dp)
{
	return dp && !(dp->rtype.flags & DIF_TF_BYREF) &&
	       dp->rtype.kind != DIF_TYPE_STRING;
}

/* Create the aggregation of the group that ends with action @i. */
static struct dtrace_aggregation *
dtrace_agg_create(struct dtrace_aggstate *as, u64 strsize,
		  struct dtrace_action *acts, u32 first, u32 i, u64 uarg,
		  char *err, size_t errlen)
{
	struct dtrace_action *a = &acts[i];
	bool hasincr = i > first && acts[i - 1].kind == DTRACEACT_AGGINCR;
	u32 nkeys = i - first - hasincr, k, nb;
	struct dtrace_aggregation *agg, **aggs;
	size_t off = sizeof(struct dtrace_aggrec), valsize;
	int size;

	if (a->kind == DTRACEAGG_COUNT ? !!a->difo : !dtrace_agg_scalar(a->difo)) {
		snprintf(err, errlen, "action %u: bad value", i + 1);
		return ERR_PTR(-EINVAL);
	}
	if (hasincr && (a->kind < DTRACEAGG_QUANTIZE ||
			!dtrace_agg_scalar(acts[i - 1].difo))) {
		snprintf(err, errlen, "action %u: bad increment", i);
		return ERR_PTR(-EINVAL);
	}
	if ((a->kind == DTRACEAGG_LQUANTIZE &&
	     (!DTRACE_LQUANTIZE_STEP(a->arg) ||
	      !DTRACE_LQUANTIZE_LEVELS(a->arg))) ||
	    (a->kind == DTRACEAGG_LLQUANTIZE &&
	     !dtrace_llquantize_valid(a->arg)) ||
	    (a->kind < DTRACEAGG_LQUANTIZE && a->arg)) {
		snprintf(err, errlen, "action %u: bad parameters", i + 1);
		return ERR_PTR(-EINVAL);
	}
	if (as->naggs >= DTRACE_MAX_ACTIONS * 16)
		return ERR_PTR(-E2BIG);

	agg = kzalloc_flex(*agg, keys, nkeys);
	if (!agg)
		return ERR_PTR(-ENOMEM);
	agg->nkeys = nkeys;
	for (k = 0; k < nkeys; k++) {
		size = dtrace_agg_keysize(&acts[first + k], strsize);
		if (size < 0) {
			snprintf(err, errlen, "action %u: bad key", first + k + 1);
			kfree(agg);
			return ERR_PTR(-EINVAL);
		}
		agg->keys[k].offset = off;
		agg->keys[k].size = size;
		agg->keys[k].user = !!(acts[first + k].arg & DTRACE_AGGKEY_USER);
		off += ALIGN(size, 8);
	}
	nb = dtrace_agg_nbuckets(a->kind, a->arg);
	switch (a->kind) {
	case DTRACEAGG_AVG:
		valsize = 2 * sizeof(u64);
		break;
	case DTRACEAGG_STDDEV:
		valsize = 4 * sizeof(u64);
		break;
	default:
		valsize = nb ? nb * sizeof(u64) : sizeof(u64);
		break;
	}
	agg->id = as->naggs + 1;
	agg->kind = a->kind;
	agg->arg = a->arg;
	agg->uarg = uarg;
	agg->action = i;
	agg->first = first;
	agg->hasincr = hasincr;
	agg->nbuckets = nb;
	agg->valoff = off;
	agg->valsize = valsize;
	/* Bounded: keys of DTRACE_MAX_BYREF, at most 64K + 2 buckets. */
	agg->size = off + valsize;

	aggs = krealloc_array(as->aggs, as->naggs + 1, sizeof(*aggs),
			      GFP_KERNEL);
	if (!aggs) {
		kfree(agg);
		return ERR_PTR(-ENOMEM);
	}
	as->aggs = aggs;
	as->aggs[as->naggs++] = agg;
	return agg;
}

/**
 * dtrace_agg_clause - make the aggregations of a clause
 * @as: the consumer's aggregations
 * @strsize: the consumer's strsize
 * @acts: the clause's actions, their DIFOs made and checked
 * @nacts: how many
 * @uarg: the clause's tag
 * @norec: out: the clause records nothing in the principal buffer
 * @err: out: why the clause is refused
 * @errlen: room at @err
 *
 * Every DTRACEACT_AGGKEY and DTRACEACT_AGGINCR must be part of a group
 * that ends with an aggregating action.  A clause refused here leaves
 * no aggregation behind; one refused later keeps its aggregations (with
 * no entries, as no probe runs the clause).
 */
int dtrace_agg_clause(struct dtrace_aggstate *as, u64 strsize,
		      struct dtrace_action *acts, u32 nacts, u64 uarg,
		      bool *norec, char *err, size_t errlen)
{
	struct dtrace_aggregation *agg;
	u32 i, first = 0, naggacts = 0, naggs = as->naggs;
	bool incr = false;
	int ret = -EINVAL;

	for (i = 0; i < nacts; i++) {
		struct dtrace_action *a = &acts[i];

		if (!dtrace_agg_action(a->kind)) {
			if (first != i)
				goto bad;
			first = i + 1;
			continue;
		}
		naggacts++;
		if (a->kind == DTRACEACT_AGGKEY) {
			if (incr || i - first >= DTRACE_MAX_AGGKEYS)
				goto bad;
			continue;
		}
		if (a->kind == DTRACEACT_AGGINCR) {
			if (incr)
				goto bad;
			incr = true;
			continue;
		}
		agg = dtrace_agg_create(as, strsize, acts, first, i, uarg, err,
					errlen);
		if (IS_ERR(agg)) {
			ret = PTR_ERR(agg);
			goto fail;
		}
		a->agg = agg;
		first = i + 1;
		incr = false;
	}
	if (first != nacts)
		goto bad;
	*norec = nacts && naggacts == nacts;
	return 0;
bad:
	snprintf(err, errlen, "action %u: not part of an aggregation", i + 1);
fail:
	/* The clause is refused: so are the aggregations it made. */
	for (i = 0; i < nacts; i++)
		acts[i].agg = NULL;
	while (as->naggs > naggs)
		kfree(as->aggs[--as->naggs]);
	return ret;
}

/* --- Buffers ----------------------------------------------------------- */

/**
 * dtrace_agg_alloc - allocate the aggregation buffers, at GO
 * @as: the consumer's aggregations
 * @aggsize: the size of a half
 *
 * Return: 0 (nothing to do without aggregations), -E2BIG if an entry of
 * some aggregation cannot fit, -ENOMEM.
 */
int dtrace_agg_alloc(struct dtrace_aggstate *as, u64 aggsize)
{
	u32 i, nb;
	int cpu;

	if (!as->naggs)
		return 0;
	for (i = 0; i < as->naggs; i++)
		if (as->aggs[i]->size > aggsize)
			return -E2BIG;
	nb = aggsize / DTRACE_AGG_PERBUCKET;
	nb = nb ? rounddown_pow_of_two(nb) : 1;
	as->nbuckets = min(nb, DTRACE_AGG_MAXBUCKETS);

	as->bufs = alloc_percpu(struct dtrace_aggbuf);
	if (!as->bufs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct dtrace_aggbuf *ab = per_cpu_ptr(as->bufs, cpu);

		for (i = 0; i < 2; i++) {
			ab->data[i] = vzalloc(aggsize);
			ab->hash[i] = vcalloc(as->nbuckets, sizeof(u32));
			if (!ab->data[i] || !ab->hash[i])
				return -ENOMEM;
		}
	}
	return 0;
}

/* Free the buffers (GO failed, or teardown, after a dtrace_sync()). */
void dtrace_agg_free(struct dtrace_aggstate *as)
{
	int cpu, i;

	if (!as->bufs)
		return;
	for_each_possible_cpu(cpu) {
		struct dtrace_aggbuf *ab = per_cpu_ptr(as->bufs, cpu);

		for (i = 0; i < 2; i++) {
			vfree(ab->data[i]);
			vfree(ab->hash[i]);
		}
	}
	free_percpu(as->bufs);
	as->bufs = NULL;
}

/* Free everything, once no probe can run a clause of the consumer. */
void dtrace_agg_destroy(struct dtrace_aggstate *as)
{
	u32 i;

	dtrace_agg_free(as);
	for (i = 0; i < as->naggs; i++)
		kfree(as->aggs[i]);
	kfree(as->aggs);
	as->aggs = NULL;
	as->naggs = 0;
}

u64 dtrace_agg_drops(struct dtrace_aggstate *as)
{
	u64 n = 0;
	int cpu;

	if (!as->bufs)
		return 0;
	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(as->bufs, cpu)->drops);
	return n;
}

/* --- Requests ---------------------------------------------------------- */

int dtrace_agg_desc(struct dtrace_state *state, struct dtrace_aggdesc *ad,
		    struct dtrace_recdesc __user *urecs)
{
	struct dtrace_aggstate *as = &state->agg;
	const struct dtrace_aggregation *agg;
	u32 i, room = ad->nrecs;

	if (ad->__reserved)
		return -EINVAL;
	if (!ad->aggid || ad->aggid > as->naggs)
		return -ENOENT;
	agg = as->aggs[ad->aggid - 1];
	ad->nrecs = agg->nkeys + 1;
	ad->size = agg->size;
	ad->action = agg->action;
	ad->uarg = agg->uarg;
	ad->kind = agg->kind;
	ad->arg = agg->arg;
	for (i = 0; i < ad->nrecs && i < room; i++) {
		struct dtrace_recdesc r = {
			.kind = DTRACEACT_AGGKEY,
		};

		if (i < agg->nkeys) {
			r.size = agg->keys[i].size;
			r.offset = agg->keys[i].offset;
		} else {
			r.kind = agg->kind;
			r.size = agg->valsize;
			r.offset = agg->valoff;
			r.arg = agg->arg;
		}
		if (copy_to_user(&urecs[i], &r, sizeof(r)))
			return -EFAULT;
	}
	return 0;
}

/*
 * Runs on the buffer's CPU with interrupts off, never in a firing (the
 * cross-CPU call's NMI fallback does not serve in probe context).
 */
static void dtrace_aggbuf_switch(void *arg)
{
	struct dtrace_aggbuf *ab = arg;

	WRITE_ONCE(ab->active, !ab->active);
}

int dtrace_agg_snap(struct dtrace_state *state, struct dtrace_bufdesc *bd)
{
	struct dtrace_aggstate *as = &state->agg;
	u64 aggsize = state->options[DTRACEOPT_AGGSIZE];
	struct dtrace_aggbuf *ab;
	u32 old, len;
	u64 drops;
	int ret = 0;

	if (bd->cpu >= nr_cpu_ids || !cpu_possible(bd->cpu) || bd->errors)
		return -EINVAL;
	if (!as->bufs)
		return -ENXIO;
	if (bd->size < aggsize)
		return -ENOSPC;
	WRITE_ONCE(state->last_access, get_jiffies_64());
	ab = per_cpu_ptr(as->bufs, bd->cpu);

	cpus_read_lock();
	if (cpu_online(bd->cpu))
		dtrace_xcall(bd->cpu, dtrace_aggbuf_switch, ab);
	else
		dtrace_aggbuf_switch(ab);
	cpus_read_unlock();

	old = !READ_ONCE(ab->active);
	len = ab->offset[old];
	drops = READ_ONCE(ab->drops);
	bd->drops = drops - ab->drops_seen;
	ab->drops_seen = drops;
	if (len && copy_to_user(u64_to_user_ptr(bd->data), ab->data[old], len))
		ret = -EFAULT;
	/* Clean for its next turn, even if the copy failed. */
	memset(ab->data[old], 0, len);
	memset(ab->hash[old], 0, as->nbuckets * sizeof(u32));
	ab->offset[old] = 0;
	bd->size = len;
	return ret;
}
