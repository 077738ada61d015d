// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): aggregations, as the consumer keeps and prints them.
 *
 * The kernel has an aggregation per aggregating statement of each
 * clause, and per-CPU buffers that hold what was aggregated since the
 * last snapshot (DTRACEIOC_AGGSNAP).  Each round of the consumer takes
 * a snapshot of every CPU's buffer before it reads the principal
 * buffers, and merges each entry into the totals kept here: one entry
 * per key of each D aggregation (@name), whichever clause or CPU
 * aggregated it.  printa(), clear(), trunc(), normalize() and
 * denormalize() act on the totals when their records are read; at the
 * end of the run every aggregation printa() never printed is printed in
 * DTrace's layout.
 *
 * Entries are sorted as DTrace sorts them: by aggregation, then by
 * value, then by key (keys in order, integers unsigned, strings as
 * bytes); aggsortkey puts the key before the value, aggsortkeypos
 * names the key compared first, aggsortrev reverses the order and
 * aggsortpos names the aggregation of a joined printa() whose value
 * sorts.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

#define DT_AGG_NHASH	4096

/* What the kernel says of one of its aggregations. */
struct dt_aggdesc {
	struct dtrace_aggdesc d;
	struct dtrace_recdesc *recs;	/* the keys, then the value */
	struct dt_ident *var;		/* the D aggregation */
	u32 klen;			/* bytes of the keys */
	u32 nkeys;
	bool symkeys;			/* keys of sym(), mod(), ... */
};

/* One key of one D aggregation: the totals. */
struct dt_aggent {
	struct dt_ident *var;
	const struct dt_aggdesc *desc;	/* the layout of the keys and value */
	char *key;			/* desc->klen bytes */
	s64 *val;			/* desc->d.recs[nkeys].size bytes */
	u32 hash;
	struct dt_aggent *next;		/* in its hash chain */
};

/* A module name of a mod() or umod() key, and the key it merges into. */
struct dt_aggmod {
	struct dt_aggmod *next;
	u32 kind;
	char *name;
	char key[2 * sizeof(u64)];
};

struct dt_aggregate {
	struct dt_aggmod *mods;
	struct dt_aggdesc **descs;	/* by kernel aggregation id */
	unsigned int ndescs;
	struct dt_aggent *hash[DT_AGG_NHASH];
	struct dt_aggent **ents;	/* all of them */
	unsigned int nents;
	unsigned int cap;
	char *buf;			/* a snapshot */
	size_t bufsize;
	int none;			/* the kernel has no aggregation buffers */
};

static struct dt_aggregate *dt_agg(struct dt_handle *dtp)
{
	if (!dtp->agg)
		dtp->agg = dt_zalloc(sizeof(*dtp->agg));
	return dtp->agg;
}

static u32 dt_agg_vsize(const struct dt_aggdesc *ad)
{
	return ad->recs[ad->nkeys].size;
}

/* The aggregation of kernel aggregation @aggid; asked of the kernel once. */
static struct dt_aggdesc *dt_aggdesc_get(struct dt_handle *dtp, u32 aggid)
{
	struct dt_aggregate *ag = dt_agg(dtp);
	struct dt_aggdesc *ad;
	struct dt_clause *cl;
	struct dt_action *a;
	u32 room = 8, i;

	if (aggid < ag->ndescs && ag->descs[aggid])
		return ag->descs[aggid];
	ad = dt_zalloc(sizeof(*ad));
	for (;;) {
		ad->recs = dt_realloc(ad->recs, room * sizeof(*ad->recs));
		memset(&ad->d, 0, sizeof(ad->d));
		ad->d.aggid = aggid;
		ad->d.nrecs = room;
		ad->d.recs = (u64)(unsigned long)ad->recs;
		if (dt_ioctl(dtp, DTRACEIOC_AGGDESC, &ad->d)) {
			dt_error("failed to describe aggregation %u: %s", aggid,
				 strerror(errno));
			goto fail;
		}
		if (ad->d.nrecs <= room)
			break;
		room = ad->d.nrecs;
	}
	cl = ad->d.uarg < dtp->nclauses ? dtp->clauses[ad->d.uarg] : NULL;
	for (a = cl ? cl->actions : NULL, i = 0; a && i < ad->d.action; i++)
		a = a->next;
	if (!a || !a->agg || !ad->d.nrecs ||
	    ad->recs[ad->d.nrecs - 1].offset < sizeof(struct dtrace_aggrec) ||
	    ad->recs[ad->d.nrecs - 1].offset + ad->recs[ad->d.nrecs - 1].size >
	    ad->d.size) {
		dt_error("aggregation %u does not match the program", aggid);
		goto fail;
	}
	ad->var = a->agg;
	ad->nkeys = ad->d.nrecs - 1;
	ad->klen = ad->recs[ad->nkeys].offset - sizeof(struct dtrace_aggrec);
	for (i = 0; i < ad->nkeys && i < ad->var->nkeys; i++)
		if (ad->var->keys[i]->act && ad->var->keys[i]->kind == DT_TK_INT)
			ad->symkeys = true;

	if (aggid >= ag->ndescs) {
		unsigned int n = aggid + 16;

		ag->descs = dt_realloc(ag->descs, n * sizeof(*ag->descs));
		memset(ag->descs + ag->ndescs, 0,
		       (n - ag->ndescs) * sizeof(*ag->descs));
		ag->ndescs = n;
	}
	ag->descs[aggid] = ad;
	return ad;
fail:
	free(ad->recs);
	free(ad);
	return NULL;
}

static u32 dt_agg_hashkey(const struct dt_ident *var, const char *key, u32 len)
{
	u32 h = 2166136261U ^ var->id, i;

	for (i = 0; i < len; i++)
		h = (h ^ (u8)key[i]) * 16777619U;
	return h;
}

static struct dt_aggent *dt_aggent_find(struct dt_aggregate *ag,
					const struct dt_aggdesc *ad,
					const char *key, u32 h)
{
	struct dt_aggent *e;

	for (e = ag->hash[h % DT_AGG_NHASH]; e; e = e->next)
		if (e->hash == h && e->var == ad->var &&
		    e->desc->klen == ad->klen && !memcmp(e->key, key, ad->klen))
			return e;
	return NULL;
}

/* 128-bit helpers for stddev(), whose squares take two words. */
static unsigned __int128 dt_u128(const s64 *lo_hi)
{
	return (unsigned __int128)(u64)lo_hi[1] << 64 | (u64)lo_hi[0];
}

static void dt_agg_merge(u32 kind, s64 *to, const s64 *from, u32 size)
{
	unsigned __int128 sq;
	u32 i;

	switch (kind) {
	case DTRACEAGG_MIN:
		if (from[0] < to[0])
			to[0] = from[0];
		break;
	case DTRACEAGG_MAX:
		if (from[0] > to[0])
			to[0] = from[0];
		break;
	case DTRACEAGG_STDDEV:
		to[0] += from[0];
		to[1] += from[1];
		sq = dt_u128(to + 2) + dt_u128(from + 2);
		to[2] = (s64)(u64)sq;
		to[3] = (s64)(u64)(sq >> 64);
		break;
	default:
		/* Counts, sums and buckets add up. */
		for (i = 0; i < size / 8; i++)
			to[i] = (s64)((u64)to[i] + (u64)from[i]);
		break;
	}
}

static const struct dt_type *dt_agg_keytype(const struct dt_aggdesc *ad,
					    int i)
{
	return i < ad->var->nkeys ? ad->var->keys[i] : NULL;
}

/* The size of a record of a @kind address; 0 for other kinds. */
static u32 dt_agg_symsize(u32 kind)
{
	switch (kind) {
	case DTRACEACT_SYM:
	case DTRACEACT_MOD:
		return sizeof(u64);
	case DTRACEACT_USYM:
	case DTRACEACT_UMOD:
	case DTRACEACT_UADDR:
		return 2 * sizeof(u64);
	default:
		return 0;
	}
}

/* The key that the keys of module @name (of a @kind record) merge into. */
static void dt_agg_modkey(struct dt_aggregate *ag, u32 kind, char *p,
			  u32 size)
{
	struct dt_aggmod *m;
	char name[512];

	dt_recsym_name(kind, p, name, sizeof(name));
	for (m = ag->mods; m; m = m->next)
		if (m->kind == kind && !strcmp(m->name, name)) {
			memcpy(p, m->key, size);
			return;
		}
	m = dt_zalloc(sizeof(*m));
	m->kind = kind;
	m->name = dt_strdup(name);
	memcpy(m->key, p, size);
	m->next = ag->mods;
	ag->mods = m;
}

/*
 * As DTrace: the keys of sym() and func() (usym(), ufunc()) that are in
 * one function are one key, its first address; those of mod() (umod())
 * in one module are one key.  uaddr() keys stay as they are.
 */
static void dt_agg_canon(struct dt_aggregate *ag, const struct dt_aggdesc *ad,
			 char *key)
{
	u32 i;

	for (i = 0; i < ad->nkeys; i++) {
		const struct dt_type *t = dt_agg_keytype(ad, i);
		char *p = key + ad->recs[i].offset - sizeof(struct dtrace_aggrec);
		u32 size = ad->recs[i].size;
		u64 v[2];

		if (!t || size != dt_agg_symsize(t->act) ||
		    t->act == DTRACEACT_UADDR)
			continue;
		if (t->act == DTRACEACT_MOD || t->act == DTRACEACT_UMOD) {
			dt_agg_modkey(ag, t->act, p, size);
			continue;
		}
		memcpy(v, p, size);
		if (t->act == DTRACEACT_SYM)
			v[0] = dt_ksym_start(v[0]);
		else
			v[1] = dt_usym_start((pid_t)v[0], v[1]);
		memcpy(p, v, size);
	}
}

/* Merge one entry of a snapshot. */
static int dt_agg_add(struct dt_handle *dtp, const struct dtrace_aggrec *r)
{
	struct dt_aggregate *ag = dt_agg(dtp);
	const struct dt_aggdesc *ad = dt_aggdesc_get(dtp, r->aggid);
	const char *key = (const char *)(r + 1);
	const s64 *val;
	struct dt_aggent *e;
	char *canon = NULL;
	u32 h, vsize;

	if (!ad)
		return -1;
	if (r->size != ad->d.size) {
		dt_error("aggregation %u: entry of %u bytes, expected %u",
			 r->aggid, r->size, ad->d.size);
		return -1;
	}
	if (ad->symkeys) {
		canon = dt_alloc(ad->klen);
		memcpy(canon, key, ad->klen);
		dt_agg_canon(ag, ad, canon);
		key = canon;
	}
	vsize = dt_agg_vsize(ad);
	val = (const s64 *)((const char *)r + ad->recs[ad->nkeys].offset);
	h = dt_agg_hashkey(ad->var, key, ad->klen);
	e = dt_aggent_find(ag, ad, key, h);
	if (e) {
		dt_agg_merge(ad->d.kind, e->val, val, vsize);
		free(canon);
		return 0;
	}
	e = dt_zalloc(sizeof(*e));
	e->var = ad->var;
	e->desc = ad;
	e->key = dt_alloc(ad->klen + 1);
	memcpy(e->key, key, ad->klen);
	e->val = dt_alloc(vsize);
	memcpy(e->val, val, vsize);
	e->hash = h;
	e->next = ag->hash[h % DT_AGG_NHASH];
	ag->hash[h % DT_AGG_NHASH] = e;
	if (ag->nents == ag->cap) {
		ag->cap = ag->cap ? ag->cap * 2 : 64;
		ag->ents = dt_realloc(ag->ents, ag->cap * sizeof(*ag->ents));
	}
	ag->ents[ag->nents++] = e;
	free(canon);
	return 0;
}

/*
 * Snapshot every CPU's aggregation buffer and merge it.  Returns 0, or
 * -1 on an error reported.
 */
int dt_agg_snap(struct dt_handle *dtp)
{
	struct dt_aggregate *ag;
	int c;

	if (!dtp->aggs.head)
		return 0;
	ag = dt_agg(dtp);
	if (ag->none)
		return 0;
	if (!ag->buf) {
		ag->bufsize = dtp->kopts[DTRACEOPT_AGGSIZE];
		if (ag->bufsize == DT_OPT_UNSET || ag->bufsize < 4096)
			ag->bufsize = ag->bufsize == DT_OPT_UNSET ? 4 << 20 : 4096;
		ag->buf = dt_alloc(ag->bufsize);
	}
	for (c = 0; c < dtp->ncpus; c++) {
		struct dtrace_bufdesc bd;
		size_t off = 0;

		memset(&bd, 0, sizeof(bd));
		bd.data = (u64)(unsigned long)ag->buf;
		bd.size = ag->bufsize;
		bd.cpu = dtp->cpus[c];
		if (dt_ioctl(dtp, DTRACEIOC_AGGSNAP, &bd)) {
			if (errno == ENOSPC && ag->bufsize < (256 << 20)) {
				/* The kernel's aggsize is larger: grow. */
				ag->bufsize *= 2;
				ag->buf = dt_realloc(ag->buf, ag->bufsize);
				c--;
				continue;
			}
			if (errno == ENXIO) {
				ag->none = 1;	/* no aggregation buffers */
				return 0;
			}
			if (errno == ENOENT)
				continue;	/* an offline CPU */
			dt_error("failed to snapshot the aggregations of CPU %d: %s",
				 dtp->cpus[c], strerror(errno));
			return -1;
		}
		if (bd.drops)
			dt_report_drops(dtp, "DTRACEDROP_AGGREGATION", bd.drops,
					dtp->cpus[c]);
		while (off + sizeof(struct dtrace_aggrec) <= bd.size) {
			const struct dtrace_aggrec *r = (const void *)(ag->buf + off);

			if (r->size < sizeof(*r) || r->size % 8 ||
			    off + r->size > bd.size)
				break;
			if (dt_agg_add(dtp, r))
				return -1;
			off += r->size;
		}
	}
	return 0;
}

/* --- Values ------------------------------------------------------------- */

/* The integer square root of a 128-bit number. */
static u64 dt_sqrt128(unsigned __int128 v)
{
	u64 lo = 0, hi = ~0ULL;

	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2 + 1;

		if ((unsigned __int128)mid * mid <= v)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * The standard deviation, DTrace's way: the square root of the average
 * of the squares less the square of the (integer) average.
 */
static u64 dt_stddev(const s64 *v, u64 normal)
{
	unsigned __int128 avgsq, sqavg;
	s64 avg;

	if (!v[0])
		return 0;
	avgsq = dt_u128(v + 2) / normal / normal / (u64)v[0];
	avg = v[1] / (s64)normal / v[0];
	if (avg < 0)
		avg = -avg;
	sqavg = (unsigned __int128)(u64)avg * (u64)avg;
	return avgsq > sqavg ? dt_sqrt128(avgsq - sqavg) : 0;
}

/* The value of a scalar aggregation, as printa()'s %@ takes it. */
static s64 dt_agg_scalar(u32 kind, const s64 *v, u64 normal)
{
	switch (kind) {
	case DTRACEAGG_AVG:
		return v[0] ? v[1] / (s64)normal / v[0] : 0;
	case DTRACEAGG_STDDEV:
		return (s64)dt_stddev(v, normal);
	default:
		return v[0] / (s64)normal;
	}
}

/* The value of quantize() bucket @i: its bound of smallest magnitude. */
static s64 dt_qbucketval(int i)
{
	if (i < DTRACE_QUANTIZE_ZEROBUCKET)
		return -(1LL << (DTRACE_QUANTIZE_ZEROBUCKET - 1 - i));
	if (i == DTRACE_QUANTIZE_ZEROBUCKET)
		return 0;
	return 1LL << (i - DTRACE_QUANTIZE_ZEROBUCKET - 1);
}

static long double dt_fabsl(long double x)
{
	return x < 0 ? -x : x;
}

/* One row of a distribution: the bar and the count. */
static void dt_quantline(FILE *fp, s64 val, u64 normal, long double total,
			 int positives, int negatives)
{
	static const char ats[] = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
	static const char spaces[] = "                                        ";
	unsigned int len = 40, depth = 0;
	const char *a = ats, *s = spaces;

	if (total && (positives || negatives)) {
		if (positives && negatives)
			len /= 2;
		depth = (unsigned int)(dt_fabsl((long double)val) * len / total +
				       0.5);
	}
	if (!negatives) {
		fprintf(fp, "|%s%s %-9lld\n", a + 40 - depth, s + depth,
			(long long)((u64)val / normal));
		return;
	}
	if (!positives) {
		fprintf(fp, "%s%s| %-9lld\n", s + depth, a + 40 - depth,
			(long long)((u64)val / normal));
		return;
	}
	/* Both signs: half bars on either side of a centre line. */
	a += len;
	s += len;
	if (val <= 0)
		fprintf(fp, "%s%s|%*s %-9lld\n", s + depth, a + len - depth,
			(int)len, "", (long long)((u64)val / normal));
	else
		fprintf(fp, "%20s|%s%s %-9lld\n", "", a + len - depth,
			s + depth, (long long)((u64)val / normal));
}

static void dt_dist_head(FILE *fp)
{
	fprintf(fp, "\n%16s %41s %-9s\n", "value",
		"------------- Distribution -------------", "count");
}

/*
 * The rows to print of @n buckets: from a row of zero before the first
 * bucket with data (looked for among the first @nsearch) to one after
 * the last; @empty_first..@empty_last when there is no data.
 */
static void dt_dist_range(const s64 *v, int nsearch, int n, int empty_first,
			  int empty_last, int *first, int *last,
			  long double *total, int *positives, int *negatives)
{
	int i;

	*first = 0;
	*last = n - 1;
	while (*first < nsearch && !v[*first])
		(*first)++;
	if (*first == nsearch) {
		*first = empty_first;
		*last = empty_last;
	} else {
		if (*first > 0)
			(*first)--;
		while (*last > 0 && !v[*last])
			(*last)--;
		if (*last < n - 1)
			(*last)++;
	}
	*total = 0;
	*positives = 0;
	*negatives = 0;
	for (i = *first; i <= *last; i++) {
		*positives |= v[i] > 0;
		*negatives |= v[i] < 0;
		*total += dt_fabsl((long double)v[i]);
	}
}

static void dt_print_quantize(FILE *fp, const s64 *v, u64 normal)
{
	long double total;
	int first, last, pos, neg, i;

	/* As DTrace: the last bucket alone does not count as data. */
	dt_dist_range(v, DTRACE_QUANTIZE_NBUCKETS - 1, DTRACE_QUANTIZE_NBUCKETS,
		      DTRACE_QUANTIZE_ZEROBUCKET - 1,
		      DTRACE_QUANTIZE_ZEROBUCKET + 1, &first, &last, &total,
		      &pos, &neg);
	dt_dist_head(fp);
	for (i = first; i <= last; i++) {
		fprintf(fp, "%16lld ", (long long)dt_qbucketval(i));
		dt_quantline(fp, v[i], normal, total, pos, neg);
	}
}

static void dt_print_lquantize(FILE *fp, const s64 *v, u64 arg, u64 normal)
{
	long double total;
	int base = DTRACE_LQUANTIZE_BASE(arg);
	int step = DTRACE_LQUANTIZE_STEP(arg);
	int levels = DTRACE_LQUANTIZE_LEVELS(arg);
	int first, last, pos, neg, i;
	char c[32];

	dt_dist_range(v, levels + 2, levels + 2, 0, 2, &first, &last, &total,
		      &pos, &neg);
	dt_dist_head(fp);
	for (i = first; i <= last; i++) {
		if (i == 0) {
			snprintf(c, sizeof(c), "< %d", base);
			fprintf(fp, "%16s ", c);
		} else if (i == levels + 1) {
			snprintf(c, sizeof(c), ">= %d", base + levels * step);
			fprintf(fp, "%16s ", c);
		} else {
			fprintf(fp, "%16d ", base + (i - 1) * step);
		}
		dt_quantline(fp, v[i], normal, total, pos, neg);
	}
}

/*
 * The buckets of llquantize(), as the kernel lays them out: those of the
 * negative values mirror those of the positive ones around the middle
 * bucket, of the values whose magnitude is below factor^low.  The value
 * of bucket @i (the lowest of its values for a positive one, the highest
 * for a negative one; 0 for the middle one); -1 for a bucket of nothing.
 */
static u32 dt_llq_half(u64 arg)
{
	u64 f = DTRACE_LLQUANTIZE_FACTOR(arg), n = DTRACE_LLQUANTIZE_NSTEPS(arg);
	u32 lo = DTRACE_LLQUANTIZE_LOW(arg), hi = DTRACE_LLQUANTIZE_HIGH(arg);
	u64 mag = 1, k;
	u32 m, b = 1;

	if (f < 2)
		return 1;
	for (m = 0; m < lo; m++)
		mag *= f;
	for (; m <= hi; m++) {
		k = n < mag * f ? n : mag * f;
		b += k - k / f;
		mag *= f;
	}
	return b;
}

/* The number of buckets of llquantize(), as the kernel counts them. */
static u32 dt_llq_nbuckets(u64 arg)
{
	return 2 * dt_llq_half(arg) + 1;
}

/* factor^low, factor^(high + 1) */
static void dt_llq_bounds(u64 arg, s64 *low, s64 *top)
{
	s64 f = DTRACE_LLQUANTIZE_FACTOR(arg);
	int m;

	*low = 1;
	for (m = 0; m < DTRACE_LLQUANTIZE_LOW(arg); m++)
		*low *= f;
	*top = *low;
	for (; m <= DTRACE_LLQUANTIZE_HIGH(arg); m++)
		*top *= f;
}

/*
 * The value of the bucket @d above the middle one, for d from 0 to @half
 * (0, the lowest value of each step, factor^(high + 1)): those @d below
 * it have the opposite values.
 */
static void dt_llq_values(u64 arg, u32 half, s64 *val)
{
	s64 f = DTRACE_LLQUANTIZE_FACTOR(arg), n = DTRACE_LLQUANTIZE_NSTEPS(arg);
	s64 value, next, step, top;
	u32 d;

	dt_llq_bounds(arg, &value, &top);
	next = value * f;
	step = next > n ? next / n : 1;
	val[0] = 0;
	for (d = 1; d < half; d++) {
		val[d] = value;
		value += step;
		if (value != next)
			continue;
		next = value * f;
		step = next > n ? next / n : 1;
	}
	val[half] = top;
}

static void dt_print_llquantize(FILE *fp, const s64 *v, u32 size, u64 arg,
				u64 normal)
{
	long double total;
	int n = size / 8, half = dt_llq_half(arg), first, last, pos, neg, i;
	s64 low, top, *val;
	char c[48];

	if (DTRACE_LLQUANTIZE_FACTOR(arg) < 2 || n != 2 * half + 1)
		return;
	val = dt_zalloc((half + 1) * sizeof(*val));
	dt_llq_values(arg, half, val);
	dt_llq_bounds(arg, &low, &top);
	dt_dist_range(v, n, n, half, half + 2, &first, &last, &total, &pos,
		      &neg);
	dt_dist_head(fp);
	for (i = first; i <= last; i++) {
		if (i == 0)
			snprintf(c, sizeof(c), "<= %lld", -(long long)top);
		else if (i == n - 1)
			snprintf(c, sizeof(c), ">= %lld", (long long)top);
		else if (i == half && low > 1)
			snprintf(c, sizeof(c), "abs() < %lld", (long long)low);
		else
			snprintf(c, sizeof(c), "%lld", i < half ?
				 -(long long)val[half - i] :
				 (long long)val[i - half]);
		fprintf(fp, "%16s ", c);
		dt_quantline(fp, v[i], normal, total, pos, neg);
	}
	free(val);
}

/* Print a value in the default layout (or a distribution, anywhere). */
static void dt_agg_print_val(FILE *fp, const struct dt_aggdesc *ad,
			     const s64 *v, u64 normal)
{
	switch (ad->d.kind) {
	case DTRACEAGG_QUANTIZE:
		dt_print_quantize(fp, v, normal);
		break;
	case DTRACEAGG_LQUANTIZE:
		dt_print_lquantize(fp, v, ad->d.arg, normal);
		break;
	case DTRACEAGG_LLQUANTIZE:
		dt_print_llquantize(fp, v, dt_agg_vsize(ad), ad->d.arg, normal);
		break;
	case DTRACEAGG_AVG:
		fprintf(fp, " %16lld",
			(long long)dt_agg_scalar(ad->d.kind, v, normal));
		break;
	case DTRACEAGG_STDDEV:
		fprintf(fp, " %16llu", (unsigned long long)dt_stddev(v, normal));
		break;
	default:
		fprintf(fp, " %16lld", (long long)((u64)v[0] / normal));
		break;
	}
}

/* Print the keys in the default layout. */
static void dt_agg_print_keys(FILE *fp, const struct dt_aggent *e)
{
	const struct dt_aggdesc *ad = e->desc;
	u32 i;

	for (i = 0; i < ad->nkeys; i++) {
		const struct dtrace_recdesc *r = &ad->recs[i];
		const char *p = e->key + r->offset - sizeof(struct dtrace_aggrec);
		const struct dt_type *t = dt_agg_keytype(ad, i);
		u64 x = 0;

		if (t && dt_type_is_string(t)) {
			char *s = dt_strndup(p, r->size);

			fprintf(fp, "  %-50s", s);
			free(s);
			continue;
		}
		if (t && t->kind == DT_TK_STACK) {
			/* The frames, then the value on the next line. */
			if (t->act == DTRACEACT_USTACK)
				dt_usym_print_stack(fp, DT_STACK_INDENT, p,
						    r->size);
			else
				dt_ksym_print_stack(fp, DT_STACK_INDENT, p,
						    r->size);
			continue;
		}
		if (t && t->act && r->size == dt_agg_symsize(t->act)) {
			char sym[512];

			dt_recsym_name(t->act, p, sym, sizeof(sym));
			fprintf(fp, "  %-50s", sym);
			continue;
		}
		switch (r->size) {
		case 1:
			fprintf(fp, " %3d", *(const u8 *)p);
			break;
		case 2:
			memcpy(&x, p, 2);
			fprintf(fp, " %5d", (int)x);
			break;
		case 4:
			memcpy(&x, p, 4);
			fprintf(fp, " %8d", (int)(u32)x);
			break;
		case 8:
			memcpy(&x, p, 8);
			fprintf(fp, " %16lld", (long long)x);
			break;
		default:
			for (x = 0; x < r->size; x++)
				fprintf(fp, " %02x", (u8)p[x]);
			break;
		}
	}
}

static u64 dt_agg_normal(const struct dt_ident *var)
{
	return var->aggnormal ? var->aggnormal : 1;
}

/* --- Sorting ------------------------------------------------------------ */

static int dt_sortkeypos;

static int dt_cmp(long double a, long double b)
{
	return a < b ? -1 : a > b;
}

static long double dt_qsum(const s64 *v, s64 *zero)
{
	long double t = 0;
	int i;

	for (i = 0; i < DTRACE_QUANTIZE_NBUCKETS; i++)
		t += (long double)dt_qbucketval(i) * v[i];
	*zero = v[DTRACE_QUANTIZE_ZEROBUCKET];
	return t;
}

static long double dt_lqsum(const s64 *v, u64 arg, s64 *zero)
{
	long double t;
	s64 base = DTRACE_LQUANTIZE_BASE(arg);
	int step = DTRACE_LQUANTIZE_STEP(arg);
	int levels = DTRACE_LQUANTIZE_LEVELS(arg), i;

	t = (long double)v[0] * (base - 1);
	*zero = base - 1 == 0 ? v[0] : 0;
	for (i = 0; i < levels; i++, base += step) {
		t += (long double)v[i + 1] * base;
		if (!base)
			*zero = v[i + 1];
	}
	if (base + 1 == 0)
		*zero = v[levels + 1];
	return t + (long double)v[levels + 1] * (base + 1);
}

static long double dt_llqsum(const s64 *v, u32 size, u64 arg, s64 *zero)
{
	long double t = 0;
	u32 half = dt_llq_half(arg), d;
	s64 *val;

	*zero = 0;
	if (DTRACE_LLQUANTIZE_FACTOR(arg) < 2 || size / 8 != 2 * half + 1)
		return 0;
	*zero = v[half];
	val = dt_zalloc((half + 1) * sizeof(*val));
	dt_llq_values(arg, half, val);
	for (d = 1; d <= half; d++)
		t += (long double)(v[half + d] - v[half - d]) * val[d];
	free(val);
	return t;
}

/* Compare the values of two entries of one aggregation. */
static int dt_agg_valcmp(const struct dt_aggent *l, const struct dt_aggent *r)
{
	const struct dt_aggdesc *ad = l->desc;
	u32 kind = ad->d.kind, size = dt_agg_vsize(ad);
	s64 lz = 0, rz = 0;
	int c;

	if (kind != r->desc->d.kind)
		return kind < r->desc->d.kind ? -1 : 1;
	switch (kind) {
	case DTRACEAGG_QUANTIZE:
		c = dt_cmp(dt_qsum(l->val, &lz), dt_qsum(r->val, &rz));
		break;
	case DTRACEAGG_LQUANTIZE:
		c = dt_cmp(dt_lqsum(l->val, ad->d.arg, &lz),
			   dt_lqsum(r->val, ad->d.arg, &rz));
		break;
	case DTRACEAGG_LLQUANTIZE:
		c = dt_cmp(dt_llqsum(l->val, size, ad->d.arg, &lz),
			   dt_llqsum(r->val, size, ad->d.arg, &rz));
		break;
	case DTRACEAGG_STDDEV:
		return dt_cmp(dt_stddev(l->val, 1), dt_stddev(r->val, 1));
	default:
		lz = dt_agg_scalar(kind, l->val, 1);
		rz = dt_agg_scalar(kind, r->val, 1);
		return lz < rz ? -1 : lz > rz;
	}
	if (c)
		return c;
	return lz < rz ? -1 : lz > rz;
}

/* Compare keys: from key dt_sortkeypos on, integers unsigned. */
static int dt_agg_keycmp(const struct dt_aggent *l, const struct dt_aggent *r)
{
	const struct dt_aggdesc *ad = l->desc;
	int n = ad->nkeys, pos = dt_sortkeypos, i;

	if (n != (int)r->desc->nkeys)
		return n < (int)r->desc->nkeys ? -1 : 1;
	if (pos >= n)
		pos = 0;
	for (i = 0; i < n; i++) {
		const struct dtrace_recdesc *rec = &ad->recs[(i + pos) % n];
		u32 off = rec->offset - sizeof(struct dtrace_aggrec), k;
		const u8 *a = (const u8 *)l->key + off;
		const u8 *b = (const u8 *)r->key + off;
		u64 x = 0, y = 0;

		if (rec->size == 1 || rec->size == 2 || rec->size == 4 ||
		    rec->size == 8) {
			memcpy(&x, a, rec->size);
			memcpy(&y, b, rec->size);
			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		for (k = 0; k < rec->size; k++)
			if (a[k] != b[k])
				return a[k] < b[k] ? -1 : 1;
	}
	return 0;
}

static int dt_agg_varcmp(const struct dt_aggent *l, const struct dt_aggent *r)
{
	if (l->var->id != r->var->id)
		return l->var->id < r->var->id ? -1 : 1;
	return 0;
}

static int dt_sortkey, dt_sortrev;

/* DTrace's order: aggregation, value, key; aggsortkey: key, value. */
static int dt_agg_cmp(const void *a, const void *b)
{
	const struct dt_aggent *l = *(struct dt_aggent * const *)a;
	const struct dt_aggent *r = *(struct dt_aggent * const *)b;
	int c = dt_agg_varcmp(l, r);

	if (!c)
		c = dt_sortkey ? dt_agg_keycmp(l, r) : dt_agg_valcmp(l, r);
	if (!c)
		c = dt_sortkey ? dt_agg_valcmp(l, r) : dt_agg_keycmp(l, r);
	return dt_sortrev ? -c : c;
}

static void dt_agg_sortopts(struct dt_handle *dtp)
{
	u64 kp = dtp->opts[DT_OPT_AGGSORTKEYPOS];

	dt_sortkey = !!dtp->opts[DT_OPT_AGGSORTKEY];
	dt_sortrev = !!dtp->opts[DT_OPT_AGGSORTREV];
	dt_sortkeypos = kp == DT_OPT_UNSET || kp > 64 ? 0 : (int)kp;
}

/* The entries of @var (all unprinted ones if NULL), sorted. */
static struct dt_aggent **dt_agg_sorted(struct dt_handle *dtp,
					const struct dt_ident *var,
					unsigned int *np)
{
	struct dt_aggregate *ag = dt_agg(dtp);
	struct dt_aggent **v = dt_zalloc((ag->nents + 1) * sizeof(*v));
	unsigned int i, n = 0;

	for (i = 0; i < ag->nents; i++) {
		struct dt_aggent *e = ag->ents[i];

		if (var ? e->var == var : !e->var->aggprinted)
			v[n++] = e;
	}
	dt_agg_sortopts(dtp);
	qsort(v, n, sizeof(*v), dt_agg_cmp);
	*np = n;
	return v;
}

/* --- Printing ----------------------------------------------------------- */

/* An entry in the default layout: keys, value, newline. */
static void dt_agg_print_ent(struct dt_handle *dtp, const struct dt_aggent *e)
{
	dt_agg_print_keys(dtp->out, e);
	dt_agg_print_val(dtp->out, e->desc, e->val, dt_agg_normal(e->var));
	fputc('\n', dtp->out);
}

/* At the end of the run: every aggregation printa() did not print. */
void dt_agg_print_all(struct dt_handle *dtp)
{
	struct dt_aggent **v;
	unsigned int i, n;

	if (!dtp->agg)
		return;
	v = dt_agg_sorted(dtp, NULL, &n);
	for (i = 0; i < n; i++)
		dt_agg_print_ent(dtp, v[i]);
	free(v);
	fflush(dtp->out);
}

/* A row of a joined printa(): one key, the entry of each aggregation. */
struct dt_aggrow {
	struct dt_aggent **ents;	/* nvars, NULL where it has none */
	int nvars;
	const struct dt_aggent *any;	/* one that is there */
};

struct dt_pval {
	const struct dt_aggrow *row;
	struct dt_ident **vars;
};

/*
 * The value of @var where it has no entry (a joined printa()): zero, or
 * an empty distribution.
 */
static void dt_agg_print_zero(FILE *fp, const struct dt_ident *var,
			      const char *spec, char conv)
{
	static const u32 kinds[] = {
		[DT_AGG_COUNT] = DTRACEAGG_COUNT,
		[DT_AGG_SUM] = DTRACEAGG_SUM,
		[DT_AGG_AVG] = DTRACEAGG_AVG,
		[DT_AGG_MIN] = DTRACEAGG_MIN,
		[DT_AGG_MAX] = DTRACEAGG_MAX,
		[DT_AGG_STDDEV] = DTRACEAGG_STDDEV,
		[DT_AGG_QUANTIZE] = DTRACEAGG_QUANTIZE,
		[DT_AGG_LQUANTIZE] = DTRACEAGG_LQUANTIZE,
		[DT_AGG_LLQUANTIZE] = DTRACEAGG_LLQUANTIZE,
	};
	const s64 *p = var->aggparam;
	struct dtrace_recdesc rec = { 0 };
	struct dt_aggdesc ad = { .recs = &rec };
	char fmt[64];
	s64 *zero;
	u32 n = 4;

	ad.d.kind = kinds[var->aggfn->id];
	switch (ad.d.kind) {
	case DTRACEAGG_QUANTIZE:
		n = DTRACE_QUANTIZE_NBUCKETS;
		break;
	case DTRACEAGG_LQUANTIZE:
		ad.d.arg = DTRACE_LQUANTIZE_ARG(p[0], (p[1] - p[0]) / p[2], p[2]);
		n = DTRACE_LQUANTIZE_LEVELS(ad.d.arg) + 2;
		break;
	case DTRACEAGG_LLQUANTIZE:
		ad.d.arg = DTRACE_LLQUANTIZE_ARG(p[0], p[1], p[2], p[3]);
		n = dt_llq_nbuckets(ad.d.arg);
		break;
	default:
		if (!spec) {
			fprintf(fp, " %16d", 0);
			return;
		}
		snprintf(fmt, sizeof(fmt), "%sll%c", spec,
			 strchr("dioxXu", conv) ? conv : 'd');
		fprintf(fp, fmt, 0LL);
		return;
	}
	rec.size = n * 8;
	zero = dt_zalloc(rec.size);
	dt_agg_print_val(fp, &ad, zero, 1);
	free(zero);
}

/* printa()'s %@ conversion number @i: the value of aggregation @i. */
static void dt_agg_pval(struct dt_handle *dtp, FILE *fp, const char *spec,
			char conv, int i, void *arg)
{
	const struct dt_pval *pv = arg;
	const struct dt_aggent *e;
	char fmt[64];
	s64 x;

	if (i >= pv->row->nvars)
		return;
	e = pv->row->ents[i];
	if (!e) {
		dt_agg_print_zero(fp, pv->vars[i], spec, conv);
		return;
	}
	switch (e->desc->d.kind) {
	case DTRACEAGG_QUANTIZE:
	case DTRACEAGG_LQUANTIZE:
	case DTRACEAGG_LLQUANTIZE:
		dt_agg_print_val(fp, e->desc, e->val, dt_agg_normal(e->var));
		return;
	}
	x = dt_agg_scalar(e->desc->d.kind, e->val, dt_agg_normal(e->var));
	if (!strchr("dioxXuc", conv))
		conv = 'd';
	snprintf(fmt, sizeof(fmt), "%s%s%c", spec, conv == 'c' ? "" : "ll",
		 conv);
	if (conv == 'c')
		fprintf(fp, fmt, (int)x);
	else
		fprintf(fp, fmt, (long long)x);
}

static int dt_aggrow_cmp_pos;

/* Compare the values of a row at position @k; no entry: zero. */
static int dt_aggrow_valcmp(const struct dt_aggrow *l, const struct dt_aggrow *r,
			    int k)
{
	const struct dt_aggent *le = l->ents[k], *re = r->ents[k];
	struct dt_aggent z;
	s64 zero[4] = { 0 };

	if (!le && !re)
		return 0;
	if (le && re)
		return dt_agg_valcmp(le, re);
	/* A scalar zero in the place of the missing entry. */
	z = le ? *le : *re;
	if (z.desc->d.kind >= DTRACEAGG_QUANTIZE) {
		long double t;
		s64 lz;

		switch (z.desc->d.kind) {
		case DTRACEAGG_QUANTIZE:
			t = dt_qsum(z.val, &lz);
			break;
		case DTRACEAGG_LQUANTIZE:
			t = dt_lqsum(z.val, z.desc->d.arg, &lz);
			break;
		default:
			t = dt_llqsum(z.val, dt_agg_vsize(z.desc), z.desc->d.arg,
				      &lz);
			break;
		}
		if (!t)
			t = lz;
		return le ? dt_cmp(t, 0) : dt_cmp(0, t);
	}
	z.val = zero;
	return le ? dt_agg_valcmp(le, &z) : dt_agg_valcmp(&z, re);
}

/* The aggsortpos value, the others in order, the keys (aggsortkey: first). */
static int dt_aggrow_cmp(const void *a, const void *b)
{
	const struct dt_aggrow *l = a, *r = b;
	int c = 0, k;

	if (dt_sortkey)
		c = dt_agg_keycmp(l->any, r->any);
	if (!c)
		c = dt_aggrow_valcmp(l, r, dt_aggrow_cmp_pos);
	for (k = 0; !c && k < l->nvars; k++)
		if (k != dt_aggrow_cmp_pos)
			c = dt_aggrow_valcmp(l, r, k);
	if (!c)
		c = dt_agg_keycmp(l->any, r->any);
	return dt_sortrev ? -c : c;
}

/* printa(), with format @fmtid (all ones: none), of @nvars aggregations. */
void dt_agg_printa(struct dt_handle *dtp, u64 fmtid, struct dt_ident **vars,
		   int nvars)
{
	struct dt_aggregate *ag = dt_agg(dtp);
	struct dt_aggrow *rows = NULL;
	unsigned int nrows = 0, i, j;
	FILE *fp = dtp->out;
	int k;

	if (nvars < 1)
		return;
	for (k = 0; k < nvars; k++)
		vars[k]->aggprinted = 1;
	/* The rows: one per distinct key, in the order of the entries. */
	for (i = 0; i < ag->nents; i++) {
		struct dt_aggent *e = ag->ents[i];

		for (k = 0; k < nvars && e->var != vars[k]; k++)
			;
		if (k == nvars)
			continue;
		for (j = 0; j < nrows; j++)
			if (rows[j].any->desc->klen == e->desc->klen &&
			    !memcmp(rows[j].any->key, e->key, e->desc->klen))
				break;
		if (j == nrows) {
			rows = dt_realloc(rows, (nrows + 1) * sizeof(*rows));
			rows[j].ents = dt_zalloc(nvars * sizeof(*rows[j].ents));
			rows[j].nvars = nvars;
			rows[j].any = e;
			nrows++;
		}
		for (; k < nvars; k++)
			if (vars[k] == e->var)
				rows[j].ents[k] = e;
	}
	dt_agg_sortopts(dtp);
	dt_aggrow_cmp_pos = 0;
	if (dtp->opts[DT_OPT_AGGSORTPOS] != DT_OPT_UNSET &&
	    dtp->opts[DT_OPT_AGGSORTPOS] < (u64)nvars)
		dt_aggrow_cmp_pos = (int)dtp->opts[DT_OPT_AGGSORTPOS];
	qsort(rows, nrows, sizeof(*rows), dt_aggrow_cmp);

	if (fmtid == ~0ULL)
		fputc('\n', fp);
	for (i = 0; i < nrows; i++) {
		const struct dt_aggent *e = rows[i].any;
		const struct dt_aggdesc *ad = e->desc;

		if (fmtid == ~0ULL) {
			dt_agg_print_keys(fp, e);
			for (k = 0; k < nvars; k++) {
				if (rows[i].ents[k])
					dt_agg_print_val(fp, rows[i].ents[k]->desc,
							 rows[i].ents[k]->val,
							 dt_agg_normal(vars[k]));
				else
					dt_agg_print_zero(fp, vars[k], NULL, 0);
			}
			fputc('\n', fp);
		} else {
			const void *keys[16];
			const struct dt_type *types[16];
			struct dt_pval pv = { &rows[i], vars };
			u32 sizes[16];
			u32 n = ad->nkeys < 16 ? ad->nkeys : 16;

			for (j = 0; j < n; j++) {
				keys[j] = e->key + ad->recs[j].offset -
					  sizeof(struct dtrace_aggrec);
				sizes[j] = ad->recs[j].size;
				types[j] = dt_agg_keytype(ad, j);
			}
			dt_printa_exec(dtp, fp, (int)fmtid, keys, sizes, types,
				       n, dt_agg_pval, &pv);
		}
	}
	for (i = 0; i < nrows; i++)
		free(rows[i].ents);
	free(rows);
}

static void dt_aggent_free(struct dt_aggregate *ag, struct dt_aggent *e)
{
	struct dt_aggent **pp = &ag->hash[e->hash % DT_AGG_NHASH];

	while (*pp && *pp != e)
		pp = &(*pp)->next;
	if (*pp)
		*pp = e->next;
	free(e->key);
	free(e->val);
	free(e);
}

/* Remove the entries of @var that @keep says go. */
static void dt_agg_remove(struct dt_aggregate *ag, const struct dt_ident *var,
			  struct dt_aggent **keep, unsigned int nkeep)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < ag->nents; i++) {
		struct dt_aggent *e = ag->ents[i];
		int kept = e->var != var;

		for (j = 0; !kept && j < nkeep; j++)
			kept = keep[j] == e;
		if (kept)
			ag->ents[n++] = e;
		else
			dt_aggent_free(ag, e);
	}
	ag->nents = n;
}

/* clear(), trunc(), normalize(), denormalize() of @var. */
void dt_agg_libact(struct dt_handle *dtp, enum dt_libact act,
		   struct dt_ident *var, int has_arg, s64 arg)
{
	struct dt_aggregate *ag = dt_agg(dtp);
	struct dt_aggent **v;
	unsigned int i, n;

	switch (act) {
	case DT_LIBACT_CLEAR:
		for (i = 0; i < ag->nents; i++)
			if (ag->ents[i]->var == var)
				memset(ag->ents[i]->val, 0,
				       dt_agg_vsize(ag->ents[i]->desc));
		break;
	case DT_LIBACT_TRUNC:
		if (!has_arg || !arg) {
			dt_agg_remove(ag, var, NULL, 0);
			break;
		}
		/* Positive: keep the largest; negative: the smallest. */
		dt_sortkey = 0;
		dt_sortrev = arg > 0;
		dt_sortkeypos = 0;
		v = dt_zalloc((ag->nents + 1) * sizeof(*v));
		for (i = n = 0; i < ag->nents; i++)
			if (ag->ents[i]->var == var)
				v[n++] = ag->ents[i];
		qsort(v, n, sizeof(*v), dt_agg_cmp);
		if (arg < 0)
			arg = -arg;
		dt_agg_remove(ag, var, v, (u64)arg < n ? (unsigned int)arg : n);
		free(v);
		break;
	case DT_LIBACT_NORMALIZE:
		if (has_arg && arg > 0)
			var->aggnormal = arg;
		break;
	case DT_LIBACT_DENORMALIZE:
		var->aggnormal = 0;
		break;
	default:
		break;
	}
}
