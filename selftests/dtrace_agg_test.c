// SPDX-License-Identifier: GPL-2.0
/*
 * Aggregations through /dev/dtrace, without dtrace(1): aggregating
 * actions enabled on dtrace:::BEGIN, their descriptions
 * (DTRACEIOC_AGGDESC) and per-CPU buffers (DTRACEIOC_AGGSNAP) read back,
 * and every malformed group of actions and hostile request refused with
 * an error code.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dtrace.h>

#include "../kselftest_harness.h"

#define DEV_PATH	"/dev/" DTRACE_DEVICE_NAME
#define SETX(idx, rd)	DIF_INSTR_INDEX(DIF_OP_SETX, idx, rd)
#define RET(r)		DIF_INSTR_RET(r)
#define AGGSIZE		(64 << 10)

static const struct dif_type t_int = { .kind = DIF_TYPE_CTF, .size = 8 };
static const struct dif_type t_str = { .kind = DIF_TYPE_STRING,
				       .flags = DIF_TF_BYREF };

/* Constants: text "setx [i], %r1; ret %r1" for each of these. */
static const uint32_t k_text[] = { SETX(0, 1), RET(1) };
static const uint64_t k_ints[] = { 7, 100, 3, 2 };

static void konst(struct dtrace_actdesc *a, uint32_t kind, int which)
{
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->difo.text = (uintptr_t)k_text;
	a->difo.ntext = 2;
	a->difo.inttab = (uintptr_t)&k_ints[which];
	a->difo.nint = 1;
	a->difo.rtype = t_int;
}

static int enable_begin(int fd, struct dtrace_actdesc *acts, int n,
			char *err)
{
	struct dtrace_enable en;
	int rc;

	memset(&en, 0, sizeof(en));
	strcpy(en.ecb.probe.prov, "dtrace");
	strcpy(en.ecb.probe.name, "BEGIN");
	en.ecb.actions = (uintptr_t)acts;
	en.ecb.nactions = n;
	rc = ioctl(fd, DTRACEIOC_ENABLE, &en);
	if (err)
		memcpy(err, en.errmsg, sizeof(en.errmsg));
	return rc;
}

static void setopt(struct __test_metadata *_metadata, int fd, uint32_t o,
		   uint64_t v)
{
	struct dtrace_opt opt = { .option = o, .value = v };

	ASSERT_EQ(0, ioctl(fd, DTRACEIOC_SETOPT, &opt));
}

FIXTURE(agg) {
	int fd;
	char *buf;
};

FIXTURE_SETUP(agg)
{
	self->fd = open(DEV_PATH, O_RDWR);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, DEV_PATH " is missing");
	ASSERT_LE(0, self->fd);
	self->buf = calloc(1, AGGSIZE);
	ASSERT_NE(NULL, self->buf);
	setopt(_metadata, self->fd, DTRACEOPT_AGGSIZE, AGGSIZE);
}

FIXTURE_TEARDOWN(agg)
{
	if (self->fd >= 0)
		close(self->fd);
	free(self->buf);
}

/* Snapshot every CPU; the entries of @aggid are summed into @vals. */
static int snap_sum(int fd, char *buf, uint32_t aggid, uint32_t valoff,
		    int64_t *vals, int nvals, int *nent)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), cpu;

	*nent = 0;
	for (cpu = 0; cpu < ncpu; cpu++) {
		struct dtrace_bufdesc bd = {
			.data = (uintptr_t)buf, .size = AGGSIZE, .cpu = cpu,
		};
		uint32_t off = 0;

		if (ioctl(fd, DTRACEIOC_AGGSNAP, &bd))
			return -1;
		while (off + sizeof(struct dtrace_aggrec) <= bd.size) {
			const struct dtrace_aggrec *r = (const void *)(buf + off);
			int i;

			if (r->size < sizeof(*r) || off + r->size > bd.size)
				return -1;
			if (r->aggid == aggid) {
				for (i = 0; i < nvals; i++)
					vals[i] += ((const int64_t *)
						    ((const char *)r + valoff))[i];
				(*nent)++;
			}
			off += r->size;
		}
	}
	return 0;
}

/* @k[100] = sum(7); @c = count(); then @q = quantize(3, incr 2). */
TEST_F(agg, sum_count_quantize)
{
	struct dtrace_actdesc a[6];
	struct dtrace_recdesc recs[4];
	struct dtrace_aggdesc ad;
	struct dtrace_bufdesc bd = {
		.data = (uintptr_t)self->buf, .size = AGGSIZE,
	};
	int64_t v[DTRACE_QUANTIZE_NBUCKETS];
	char err[128];
	int n;

	konst(&a[0], DTRACEACT_AGGKEY, 1);
	konst(&a[1], DTRACEAGG_SUM, 0);
	memset(&a[2], 0, sizeof(a[2]));
	a[2].kind = DTRACEAGG_COUNT;
	konst(&a[3], DTRACEACT_AGGINCR, 3);
	konst(&a[4], DTRACEAGG_QUANTIZE, 2);
	ASSERT_EQ(0, enable_begin(self->fd, a, 5, err)) TH_LOG("%s", err);

	/* Before GO there are no buffers. */
	ASSERT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd));
	ASSERT_EQ(ENXIO, errno);
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));

	memset(&ad, 0, sizeof(ad));
	ad.aggid = 1;
	ad.nrecs = 4;
	ad.recs = (uintptr_t)recs;
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(2, ad.nrecs);
	EXPECT_EQ(DTRACEAGG_SUM, ad.kind);
	EXPECT_EQ(1, ad.action);
	EXPECT_EQ(DTRACEACT_AGGKEY, recs[0].kind);
	EXPECT_EQ(8, recs[0].size);
	EXPECT_EQ(sizeof(struct dtrace_aggrec), recs[0].offset);
	EXPECT_EQ(DTRACEAGG_SUM, recs[1].kind);
	EXPECT_EQ(8, recs[1].size);
	EXPECT_EQ(ad.size, recs[1].offset + 8);

	memset(v, 0, sizeof(v));
	ASSERT_EQ(0, snap_sum(self->fd, self->buf, 1, recs[1].offset, v, 1, &n));
	EXPECT_EQ(1, n);
	EXPECT_EQ(7, v[0]);

	/* The buffers were switched: what is left is empty. */
	memset(v, 0, sizeof(v));
	ASSERT_EQ(0, snap_sum(self->fd, self->buf, 1, recs[1].offset, v, 1, &n));
	EXPECT_EQ(0, n);

	ad.aggid = 3;
	ad.nrecs = 4;
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(1, ad.nrecs);
	EXPECT_EQ(DTRACEAGG_QUANTIZE, ad.kind);
	EXPECT_EQ(DTRACE_QUANTIZE_NBUCKETS * 8, recs[0].size);
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STOP));
}

TEST_F(agg, quantize_values)
{
	struct dtrace_actdesc a[2];
	struct dtrace_recdesc rec;
	struct dtrace_aggdesc ad = { .aggid = 1, .nrecs = 1,
				     .recs = (uintptr_t)&rec };
	int64_t v[DTRACE_QUANTIZE_NBUCKETS];
	int n;

	konst(&a[0], DTRACEACT_AGGINCR, 3);
	konst(&a[1], DTRACEAGG_QUANTIZE, 2);
	ASSERT_EQ(0, enable_begin(self->fd, a, 2, NULL));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	memset(v, 0, sizeof(v));
	ASSERT_EQ(0, snap_sum(self->fd, self->buf, 1, rec.offset, v,
			      DTRACE_QUANTIZE_NBUCKETS, &n));
	EXPECT_EQ(1, n);
	/* quantize(3, 2): 2 in the bucket of 2..3. */
	EXPECT_EQ(2, v[DTRACE_QUANTIZE_ZEROBUCKET + 2]);
	EXPECT_EQ(0, v[DTRACE_QUANTIZE_ZEROBUCKET + 1]);
}

/* Malformed groups of actions: refused at ENABLE, with a reason. */
TEST_F(agg, bad_groups)
{
	struct dtrace_aggdesc ad = { .aggid = 1 };
	struct dtrace_actdesc a[4];
	char err[128];

	/* A key with no aggregating action after it. */
	konst(&a[0], DTRACEACT_AGGKEY, 0);
	konst(&a[1], DTRACEACT_DIFEXPR, 0);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 2, err));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_NE(NULL, strstr(err, "not part of an aggregation"));
	/* An increment for count(). */
	konst(&a[0], DTRACEACT_AGGINCR, 0);
	memset(&a[1], 0, sizeof(a[1]));
	a[1].kind = DTRACEAGG_COUNT;
	EXPECT_EQ(-1, enable_begin(self->fd, a, 2, err));
	EXPECT_EQ(EINVAL, errno);
	/* A value for count(), none for sum(). */
	konst(&a[0], DTRACEAGG_COUNT, 0);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	memset(&a[0], 0, sizeof(a[0]));
	a[0].kind = DTRACEAGG_SUM;
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	EXPECT_EQ(EINVAL, errno);
	/* A string value. */
	konst(&a[0], DTRACEAGG_SUM, 0);
	a[0].difo.rtype = t_str;
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	/* lquantize() with a step of 0, llquantize() that cannot be. */
	konst(&a[0], DTRACEAGG_LQUANTIZE, 0);
	a[0].arg = DTRACE_LQUANTIZE_ARG(0, 10, 0);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	EXPECT_EQ(EINVAL, errno);
	a[0].kind = DTRACEAGG_LLQUANTIZE;
	a[0].arg = DTRACE_LLQUANTIZE_ARG(10, 0, 30, 10);	/* 10^31 */
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	a[0].arg = DTRACE_LLQUANTIZE_ARG(10, 0, 2, 7);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	a[0].arg = DTRACE_LLQUANTIZE_ARG(10, 0, 2, 4);	/* 4 does not divide 10 */
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	a[0].arg = DTRACE_LLQUANTIZE_ARG(10, 0, 2, 0);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	a[0].arg = DTRACE_LLQUANTIZE_ARG(1, 0, 2, 10);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	/* Parameters for sum(). */
	konst(&a[0], DTRACEAGG_SUM, 0);
	a[0].arg = 1;
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	/* An unknown aggregating function. */
	konst(&a[0], DTRACEAGG_LLQUANTIZE + 1, 0);
	EXPECT_EQ(-1, enable_begin(self->fd, a, 1, NULL));
	EXPECT_EQ(EOPNOTSUPP, errno);
	/* Nothing of it got through. */
	ioctl(self->fd, DTRACEIOC_GO);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
}

/* Hostile requests: an error code each, and the device still works. */
TEST_F(agg, hostile_requests)
{
	struct dtrace_actdesc a[2];
	struct dtrace_recdesc recs[2];
	struct dtrace_aggdesc ad;
	struct dtrace_bufdesc bd;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), cpu;
	int64_t v = 0;
	int n, fd, faults = 0;

	konst(&a[0], DTRACEAGG_SUM, 0);
	ASSERT_EQ(0, enable_begin(self->fd, a, 1, NULL));
	/* An aggregation whose entry does not fit aggsize: E2BIG at GO. */
	fd = open(DEV_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	setopt(_metadata, fd, DTRACEOPT_AGGSIZE, 16);
	ASSERT_EQ(0, enable_begin(fd, a, 1, NULL));
	EXPECT_EQ(-1, ioctl(fd, DTRACEIOC_GO));
	EXPECT_EQ(E2BIG, errno);
	close(fd);
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));

	memset(&ad, 0, sizeof(ad));
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(ENOENT, errno);
	ad.aggid = 2;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(ENOENT, errno);
	ad.aggid = 0xffffffff;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(ENOENT, errno);
	ad.aggid = 1;
	ad.__reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(EINVAL, errno);
	ad.__reserved = 0;
	ad.nrecs = 0xffffffff;
	ad.recs = 8;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(EFAULT, errno);
	ad.nrecs = 0;	/* no room: just the count */
	EXPECT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	EXPECT_EQ(1, ad.nrecs);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGDESC, (void *)8));
	EXPECT_EQ(EFAULT, errno);

	memset(&bd, 0, sizeof(bd));
	bd.data = (uintptr_t)self->buf;
	bd.size = AGGSIZE;
	bd.cpu = 0x7fffffff;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd));
	EXPECT_EQ(EINVAL, errno);
	bd.cpu = 0;
	bd.size = AGGSIZE - 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd));
	EXPECT_EQ(ENOSPC, errno);
	bd.size = AGGSIZE;
	bd.errors = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_AGGSNAP, (void *)8));
	EXPECT_EQ(EFAULT, errno);

	/*
	 * A bad buffer on every CPU: the BEGIN entry is lost with EFAULT
	 * where it was, the others copy nothing and succeed.
	 */
	for (cpu = 0; cpu < ncpu; cpu++) {
		memset(&bd, 0, sizeof(bd));
		bd.data = 8;
		bd.size = AGGSIZE;
		bd.cpu = cpu;
		if (ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd)) {
			EXPECT_EQ(EFAULT, errno);
			faults++;
		}
	}
	EXPECT_EQ(1, faults);
	/* The device still answers, with the buffers cleaned. */
	memset(&ad, 0, sizeof(ad));
	ad.aggid = 1;
	ad.nrecs = 2;
	ad.recs = (uintptr_t)recs;
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGDESC, &ad));
	ASSERT_EQ(0, snap_sum(self->fd, self->buf, 1, recs[0].offset, &v, 1,
			      &n));
	EXPECT_EQ(0, n);
}

/* A full buffer: drops, counted in the snapshot and in the status. */
TEST_F(agg, drops)
{
	struct dtrace_actdesc a[8];
	struct dtrace_status st;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF), cpu;
	uint64_t drops = 0;
	int i;

	/* Four aggregations of one 24-byte entry each in 48 bytes. */
	setopt(_metadata, self->fd, DTRACEOPT_AGGSIZE, 48);
	for (i = 0; i < 4; i++)
		konst(&a[i], DTRACEAGG_SUM, 0);
	ASSERT_EQ(0, enable_begin(self->fd, a, 4, NULL));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STATUS, &st));
	EXPECT_EQ(2, st.aggdrops);
	for (cpu = 0; cpu < ncpu; cpu++) {
		struct dtrace_bufdesc bd = {
			.data = (uintptr_t)self->buf, .size = 48, .cpu = cpu,
		};

		ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_AGGSNAP, &bd));
		drops += bd.drops;
		if (bd.size)
			EXPECT_EQ(48, bd.size);
	}
	EXPECT_EQ(2, drops);
}

TEST_HARNESS_MAIN
