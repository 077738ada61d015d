// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for aggregations: the buckets of quantize(), lquantize()
 * and llquantize() at their edges, the accumulators of the other
 * functions, and the hash of an aggregation buffer: colliding keys stay
 * apart, and a full buffer drops.
 */

#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dtrace.h"

#define QZ	DTRACE_QUANTIZE_ZEROBUCKET

static void agg_quantize_buckets(struct kunit *test)
{
	static const struct {
		s64 v;
		u32 bucket;
	} c[] = {
		{ 0, QZ }, { 1, QZ + 1 }, { 2, QZ + 2 }, { 3, QZ + 2 },
		{ 4, QZ + 3 }, { 1023, QZ + 10 }, { 1024, QZ + 11 },
		{ S64_MAX, DTRACE_QUANTIZE_NBUCKETS - 1 },
		{ 1LL << 62, DTRACE_QUANTIZE_NBUCKETS - 1 },
		{ (1LL << 62) - 1, DTRACE_QUANTIZE_NBUCKETS - 2 },
		{ -1, QZ - 1 }, { -2, QZ - 2 }, { -3, QZ - 2 }, { -4, QZ - 3 },
		{ -(1LL << 61), 1 }, { -(1LL << 62) + 1, 1 },
		{ -(1LL << 62), 0 }, { S64_MIN, 0 }, { S64_MIN + 1, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		u32 b = dtrace_quantize_bucket(c[i].v);

		KUNIT_EXPECT_EQ_MSG(test, b, c[i].bucket, "value %lld", c[i].v);
		/* The bucket's value is the bound of smallest magnitude. */
		if (c[i].v > 0)
			KUNIT_EXPECT_LE(test, dtrace_quantize_bucketval(b),
					c[i].v);
		if (c[i].v < 0 && b)
			KUNIT_EXPECT_GE(test, dtrace_quantize_bucketval(b),
					c[i].v);
	}
	KUNIT_EXPECT_EQ(test, dtrace_quantize_bucketval(QZ), 0);
	KUNIT_EXPECT_EQ(test, dtrace_quantize_bucketval(0), -(1LL << 62));
	KUNIT_EXPECT_EQ(test,
			dtrace_quantize_bucketval(DTRACE_QUANTIZE_NBUCKETS - 1),
			1LL << 62);
}

static void agg_lquantize_buckets(struct kunit *test)
{
	/* lquantize(v, -100, 1100, 100): 12 levels. */
	u64 arg = DTRACE_LQUANTIZE_ARG(-100, 12, 100);
	/* lquantize(v, 0, 10, 3): 3 levels, the limit is not a step. */
	u64 arg2 = DTRACE_LQUANTIZE_ARG(0, 3, 3);

	KUNIT_EXPECT_EQ(test, DTRACE_LQUANTIZE_BASE(arg), -100);
	KUNIT_EXPECT_EQ(test, DTRACE_LQUANTIZE_LEVELS(arg), 12);
	KUNIT_EXPECT_EQ(test, DTRACE_LQUANTIZE_STEP(arg), 100);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, -101), 0);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, S64_MIN), 0);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, -100), 1);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, -1), 1);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, 0), 2);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, 1099), 12);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, 1100), 13);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, S64_MAX), 13);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg2, 8), 3);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg2, 9), 4);
	/* A base of S32_MIN and a huge value: no overflow. */
	arg = DTRACE_LQUANTIZE_ARG(S32_MIN, 1, 1);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, S32_MIN), 1);
	KUNIT_EXPECT_EQ(test, dtrace_lquantize_bucket(arg, S64_MAX), 2);
}

static void agg_llquantize_buckets(struct kunit *test)
{
	/*
	 * llquantize(v, 10, 0, 2, 10): <= -1000, -900..-100, -90..-10,
	 * -9..-1, 0, 1..9, 10..90, 100..900, >= 1000: the buckets of 0 and
	 * of 1 are 28 and 29.
	 */
	u64 arg = DTRACE_LLQUANTIZE_ARG(10, 0, 2, 10);
	/*
	 * llquantize(v, 2, 2, 4, 4): <= -32, -24 -16, -12 -8, -6 -4,
	 * abs() < 4, 4 6, 8 12, 16 24, >= 32.
	 */
	u64 arg2 = DTRACE_LLQUANTIZE_ARG(2, 2, 4, 4);
	/*
	 * llquantize(v, 10, 0, 1, 5), fewer steps than the factor: <= -100,
	 * -90 -70 -50 -30 -10, -9 -7 -5 -3 -1, 0, 1 3 5 7 9, 10 30 50 70 90
	 * (the last cut at 99), >= 100.
	 */
	u64 arg3 = DTRACE_LLQUANTIZE_ARG(10, 0, 1, 5);

	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 0), 28);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 1), 29);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 9), 37);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 10), 38);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 19), 38);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 99), 46);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 100), 47);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 999), 55);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, 1000), 56);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, S64_MAX), 56);
	/* Negative values mirror the positive ones. */
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -1), 27);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -9), 19);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -10), 18);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -19), 18);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -999), 1);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, -1000), 0);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg, S64_MIN), 0);

	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 0), 7);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 3), 7);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, -3), 7);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 4), 8);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 5), 8);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 6), 9);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 8), 10);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 11), 10);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 12), 11);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 15), 11);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 16), 12);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 24), 13);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 31), 13);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, 32), 14);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, S64_MAX), 14);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, -4), 6);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, -7), 5);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, -31), 1);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg2, -32), 0);

	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 0), 11);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 1), 12);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 2), 12);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 3), 13);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 9), 16);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 10), 17);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 29), 17);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 30), 18);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 99), 21);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, 100), 22);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, -1), 10);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, -30), 4);
	KUNIT_EXPECT_EQ(test, dtrace_llquantize_bucket(arg3, -100), 0);
}

static void agg_accumulators(struct kunit *test)
{
	struct dtrace_aggregation agg = { 0 };
	s64 v[4];
	int i;

	agg.kind = DTRACEAGG_AVG;
	memset(v, 0, sizeof(v));
	for (i = 0; i < 10; i++)
		dtrace_agg_update(&agg, v, i * 100, 1);
	KUNIT_EXPECT_EQ(test, v[0], 10);
	KUNIT_EXPECT_EQ(test, v[1], 4500);

	/* stddev keeps the squares in 128 bits: 3 * (2^62)^2 = 3 * 2^124. */
	agg.kind = DTRACEAGG_STDDEV;
	memset(v, 0, sizeof(v));
	dtrace_agg_update(&agg, v, 1LL << 62, 1);
	dtrace_agg_update(&agg, v, -(1LL << 62), 1);
	dtrace_agg_update(&agg, v, 1LL << 62, 1);
	KUNIT_EXPECT_EQ(test, v[0], 3);
	KUNIT_EXPECT_EQ(test, v[1], 1LL << 62);
	KUNIT_EXPECT_EQ(test, (u64)v[2], 0);
	KUNIT_EXPECT_EQ(test, (u64)v[3], 3ULL << 60);
	/* A carry from the low half. */
	memset(v, 0, sizeof(v));
	v[2] = -1;
	dtrace_agg_update(&agg, v, 1, 1);
	KUNIT_EXPECT_EQ(test, (u64)v[2], 0);
	KUNIT_EXPECT_EQ(test, (u64)v[3], 1);
	/* The square of S64_MIN is 2^126. */
	memset(v, 0, sizeof(v));
	dtrace_agg_update(&agg, v, S64_MIN, 1);
	KUNIT_EXPECT_EQ(test, (u64)v[3], 1ULL << 62);

	agg.kind = DTRACEAGG_MIN;
	v[0] = S64_MAX;
	dtrace_agg_update(&agg, v, 5, 1);
	dtrace_agg_update(&agg, v, -7, 1);
	dtrace_agg_update(&agg, v, 3, 1);
	KUNIT_EXPECT_EQ(test, v[0], -7);
	agg.kind = DTRACEAGG_MAX;
	v[0] = S64_MIN;
	dtrace_agg_update(&agg, v, -5, 1);
	dtrace_agg_update(&agg, v, -9, 1);
	KUNIT_EXPECT_EQ(test, v[0], -5);
	agg.kind = DTRACEAGG_SUM;
	v[0] = 0;
	dtrace_agg_update(&agg, v, -5, 1);
	dtrace_agg_update(&agg, v, 12, 1);
	KUNIT_EXPECT_EQ(test, v[0], 7);
	agg.kind = DTRACEAGG_COUNT;
	v[0] = 0;
	dtrace_agg_update(&agg, v, 99, 1);
	dtrace_agg_update(&agg, v, 99, 1);
	KUNIT_EXPECT_EQ(test, v[0], 2);
}

static void agg_quantize_increments(struct kunit *test)
{
	struct dtrace_aggregation agg = { .kind = DTRACEAGG_QUANTIZE };
	s64 *v = kunit_kzalloc(test, DTRACE_QUANTIZE_NBUCKETS * sizeof(s64),
			       GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	dtrace_agg_update(&agg, v, 1, 100);
	dtrace_agg_update(&agg, v, 1, -99);
	dtrace_agg_update(&agg, v, 1, -1);
	dtrace_agg_update(&agg, v, 5, 3);
	KUNIT_EXPECT_EQ(test, v[QZ + 1], 0);
	KUNIT_EXPECT_EQ(test, v[QZ + 3], 3);
}

/* An aggregation with one 8-byte key and a count, in a buffer of @size. */
struct agg_fixture {
	struct dtrace_aggbuf ab;
	struct dtrace_aggregation *agg;
	u32 size;
};

static void agg_fixture_init(struct kunit *test, struct agg_fixture *f,
			     u32 size, u32 nbuckets)
{
	f->agg = kunit_kzalloc(test, struct_size(f->agg, keys, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->agg);
	f->agg->nkeys = 1;
	f->agg->id = 3;
	f->agg->kind = DTRACEAGG_COUNT;
	f->agg->keys[0].offset = sizeof(struct dtrace_aggrec);
	f->agg->keys[0].size = 8;
	f->agg->valoff = sizeof(struct dtrace_aggrec) + 8;
	f->agg->valsize = 8;
	f->agg->size = f->agg->valoff + 8;
	memset(&f->ab, 0, sizeof(f->ab));
	f->ab.data[0] = kunit_kzalloc(test, size, GFP_KERNEL);
	f->ab.hash[0] = kunit_kcalloc(test, nbuckets, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->ab.data[0]);
	KUNIT_ASSERT_NOT_NULL(test, f->ab.hash[0]);
	f->size = size;
}

static void agg_count_key(struct kunit *test, struct agg_fixture *f,
			  u32 nbuckets, u64 key)
{
	struct dtrace_aggrec *e;

	e = dtrace_agg_lookup(&f->ab, nbuckets, f->size, f->agg, &key);
	KUNIT_ASSERT_NOT_NULL(test, e);
	dtrace_agg_update(f->agg, (s64 *)((char *)e + f->agg->valoff), 0, 1);
}

static s64 agg_count_of(struct agg_fixture *f, u64 key)
{
	u32 off;

	for (off = 0; off < f->ab.offset[0]; off += f->agg->size) {
		struct dtrace_aggrec *e = (void *)(f->ab.data[0] + off);

		if (!memcmp(e + 1, &key, 8))
			return *(s64 *)((char *)e + f->agg->valoff);
	}
	return -1;
}

static void agg_hash_collisions(struct kunit *test)
{
	struct agg_fixture f;
	u64 k;

	/* One hash chain: every key collides with every other. */
	agg_fixture_init(test, &f, 4096, 1);
	for (k = 0; k < 20; k++)
		agg_count_key(test, &f, 1, k);
	for (k = 0; k < 20; k += 2)
		agg_count_key(test, &f, 1, k);
	KUNIT_EXPECT_EQ(test, f.ab.offset[0], 20 * f.agg->size);
	for (k = 0; k < 20; k++)
		KUNIT_EXPECT_EQ(test, agg_count_of(&f, k), k % 2 ? 1 : 2);
	KUNIT_EXPECT_EQ(test, f.ab.drops, 0);
	/* Each entry carries its aggregation and size for the consumer. */
	KUNIT_EXPECT_EQ(test, ((struct dtrace_aggrec *)f.ab.data[0])->aggid, 3);
	KUNIT_EXPECT_EQ(test, ((struct dtrace_aggrec *)f.ab.data[0])->size,
			f.agg->size);
}

static void agg_full_buffer_drops(struct kunit *test)
{
	struct agg_fixture f;
	u64 key = 1;

	/* Room for exactly two entries. */
	agg_fixture_init(test, &f, 2 * 32, 4);
	KUNIT_ASSERT_EQ(test, f.agg->size, 32);
	agg_count_key(test, &f, 4, 1);
	agg_count_key(test, &f, 4, 2);
	key = 3;
	KUNIT_EXPECT_NULL(test, dtrace_agg_lookup(&f.ab, 4, f.size, f.agg,
						  &key));
	KUNIT_EXPECT_EQ(test, f.ab.drops, 1);
	/* Existing keys are still updated. */
	agg_count_key(test, &f, 4, 2);
	KUNIT_EXPECT_EQ(test, agg_count_of(&f, 2), 2);
	KUNIT_EXPECT_EQ(test, agg_count_of(&f, 3), -1);
	KUNIT_EXPECT_EQ(test, f.ab.drops, 1);
	/* A buffer smaller than one entry drops every new key. */
	agg_fixture_init(test, &f, 16, 1);
	key = 9;
	KUNIT_EXPECT_NULL(test, dtrace_agg_lookup(&f.ab, 1, f.size, f.agg,
						  &key));
	KUNIT_EXPECT_EQ(test, f.ab.drops, 1);
}

static struct kunit_case dtrace_agg_cases[] = {
	KUNIT_CASE(agg_quantize_buckets),
	KUNIT_CASE(agg_lquantize_buckets),
	KUNIT_CASE(agg_llquantize_buckets),
	KUNIT_CASE(agg_accumulators),
	KUNIT_CASE(agg_quantize_increments),
	KUNIT_CASE(agg_hash_collisions),
	KUNIT_CASE(agg_full_buffer_drops),
	{}
};

static struct kunit_suite dtrace_agg_suite = {
	.name = "dtrace_agg",
	.test_cases = dtrace_agg_cases,
};

kunit_test_suite(dtrace_agg_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's aggregations");
MODULE_LICENSE("GPL");
