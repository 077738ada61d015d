// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for speculations: ids handed out and exhausted, records
 * kept apart until commit() moves them (through the fill and ring
 * policies too) or discard() drops them, speculative drops, a commit of
 * records on two CPUs finished by the cleaner, busy speculations, and
 * the rules for the actions of a speculating clause.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>

#include "dtrace.h"

#define SPEC_EPID	7
#define SPEC_RECSIZE	32

struct spec_fixture {
	struct dtrace_state *state;
	struct dtrace_probe probe;
	struct dtrace_mstate ms;
};

static void spec_fixture_exit(struct kunit *test, struct spec_fixture *f)
{
	struct dtrace_state *state = f->state;
	int cpu;

	dtrace_spec_destroy(state);
	if (state->buffers) {
		for_each_possible_cpu(cpu) {
			struct dtrace_buffer *b = per_cpu_ptr(state->buffers, cpu);

			vfree(b->data[0]);
			vfree(b->data[1]);
		}
		free_percpu(state->buffers);
	}
	kfree(state);
}

static void spec_fixture_init(struct kunit *test, struct spec_fixture *f,
			      u32 nspec, u32 specsize, u32 bufsize, u32 policy)
{
	struct dtrace_state *state = dtrace_state_create();
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, state);
	f->state = state;
	state->options[DTRACEOPT_NSPEC] = nspec;
	state->options[DTRACEOPT_SPECSIZE] = specsize;
	state->options[DTRACEOPT_BUFSIZE] = bufsize;
	state->options[DTRACEOPT_BUFPOLICY] = policy;
	state->speculates = true;
	state->buffers = alloc_percpu(struct dtrace_buffer);
	KUNIT_ASSERT_TRUE(test, state->buffers);
	for_each_possible_cpu(cpu) {
		struct dtrace_buffer *b = per_cpu_ptr(state->buffers, cpu);

		b->data[0] = vzalloc(bufsize);
		b->data[1] = vzalloc(bufsize);
		KUNIT_ASSERT_NOT_NULL(test, b->data[0]);
		KUNIT_ASSERT_NOT_NULL(test, b->data[1]);
	}
	KUNIT_ASSERT_EQ(test, dtrace_spec_alloc(state), 0);
	memset(&f->probe, 0, sizeof(f->probe));
	f->probe.id = 0x7fffffff;	/* not END */
	memset(&f->ms, 0, sizeof(f->ms));
	f->ms.state = state;
	f->ms.probe = &f->probe;
	f->ms.timestamp = 1000;
}

/* As a firing would: speculation(), with interrupts off. */
static u64 spec_new(struct spec_fixture *f)
{
	unsigned long flags;
	u64 id;

	local_irq_save(flags);
	id = dtrace_speculation(&f->ms);
	local_irq_restore(flags);
	return id;
}

/* speculate(id) and a record with @tag in its data: recorded? */
static bool spec_record(struct spec_fixture *f, u64 id, u64 tag)
{
	struct dtrace_rechdr *h;
	unsigned long flags;
	u32 *off = NULL;

	local_irq_save(flags);
	h = dtrace_speculate(&f->ms, id, SPEC_RECSIZE, &off);
	if (h) {
		h->epid = SPEC_EPID;
		h->size = SPEC_RECSIZE;
		h->timestamp = f->ms.timestamp;
		*(u64 *)(h + 1) = tag;
		*off += SPEC_RECSIZE;
	}
	local_irq_restore(flags);
	return h;
}

static void spec_end(struct spec_fixture *f, u64 id, bool commit)
{
	unsigned long flags;

	local_irq_save(flags);
	if (commit)
		dtrace_spec_commit(&f->ms, id);
	else
		dtrace_spec_discard(&f->ms, id);
	local_irq_restore(flags);
}

static struct dtrace_buffer *spec_buf(struct spec_fixture *f, int cpu)
{
	return per_cpu_ptr(f->state->buffers, cpu);
}

/* The tag of the record at @off of @cpu's active principal half. */
static u64 spec_tag_at(struct spec_fixture *f, int cpu, u32 off)
{
	struct dtrace_buffer *b = spec_buf(f, cpu);
	struct dtrace_rechdr *h = (void *)(b->data[b->active] + off);

	if (h->epid != SPEC_EPID || h->size != SPEC_RECSIZE)
		return 0;
	return *(u64 *)(h + 1);
}

static void spec_ids(struct kunit *test)
{
	struct spec_fixture f;
	struct dtrace_status st = { };

	spec_fixture_init(test, &f, 3, 256, 4096, DTRACEOPT_BUFPOLICY_SWITCH);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 1);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 2);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 3);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 0);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 0);
	/* Discarding a speculation with no records frees it at once. */
	spec_end(&f, 2, false);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 2);
	dtrace_spec_status(f.state, &st);
	KUNIT_EXPECT_EQ(test, st.specs_unavail, 2);
	KUNIT_EXPECT_EQ(test, st.specs_busy, 0);
	KUNIT_EXPECT_EQ(test, st.specdrops, 0);
	spec_fixture_exit(test, &f);
}

static void spec_commit(struct kunit *test)
{
	struct spec_fixture f;
	struct dtrace_buffer *b;
	u64 id;
	int cpu;

	spec_fixture_init(test, &f, 1, 1024, 4096, DTRACEOPT_BUFPOLICY_SWITCH);
	migrate_disable();
	cpu = raw_smp_processor_id();
	b = spec_buf(&f, cpu);
	id = spec_new(&f);
	KUNIT_ASSERT_EQ(test, id, 1);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 11));
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 12));
	/* Nothing in the principal buffer before the commit. */
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 0);
	f.ms.timestamp = 2000;
	spec_end(&f, id, true);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 2 * SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, 0), 11);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, SPEC_RECSIZE), 12);
	/* The records take the time of the commit. */
	KUNIT_EXPECT_EQ(test, ((struct dtrace_rechdr *)b->data[b->active])->timestamp,
			2000);
	/* Committed on its only CPU: free again, and empty. */
	KUNIT_EXPECT_EQ(test, spec_new(&f), 1);
	spec_end(&f, id, true);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 2 * SPEC_RECSIZE);
	/* A second commit of an inactive speculation does nothing. */
	spec_end(&f, id, true);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 2 * SPEC_RECSIZE);
	migrate_enable();
	spec_fixture_exit(test, &f);
}

static void spec_discard(struct kunit *test)
{
	struct spec_fixture f;
	struct dtrace_buffer *b;
	u64 id;

	spec_fixture_init(test, &f, 1, 1024, 4096, DTRACEOPT_BUFPOLICY_SWITCH);
	migrate_disable();
	b = spec_buf(&f, raw_smp_processor_id());
	id = spec_new(&f);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 21));
	spec_end(&f, id, false);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 0);
	/* Neither a later commit nor speculate() brings them back. */
	spec_end(&f, id, true);
	KUNIT_EXPECT_FALSE(test, spec_record(&f, id, 22));
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 0);
	/* Reused, the speculation starts empty. */
	KUNIT_EXPECT_EQ(test, spec_new(&f), id);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 23));
	spec_end(&f, id, true);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, raw_smp_processor_id(), 0), 23);
	migrate_enable();
	spec_fixture_exit(test, &f);
}

static void spec_drops_and_faults(struct kunit *test)
{
	struct dtrace_status st = { };
	struct spec_fixture f;
	u64 id;

	spec_fixture_init(test, &f, 2, 48, 4096, DTRACEOPT_BUFPOLICY_SWITCH);
	migrate_disable();
	id = spec_new(&f);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 1));
	KUNIT_EXPECT_FALSE(test, spec_record(&f, id, 2));
	KUNIT_EXPECT_FALSE(test, spec_record(&f, id, 3));
	KUNIT_EXPECT_EQ(test, f.ms.fault, 0);
	dtrace_spec_status(f.state, &st);
	KUNIT_EXPECT_EQ(test, st.specdrops, 2);
	/* Not given out: nothing recorded, no fault. */
	KUNIT_EXPECT_FALSE(test, spec_record(&f, 2, 4));
	KUNIT_EXPECT_FALSE(test, spec_record(&f, 0, 4));
	KUNIT_EXPECT_EQ(test, f.ms.fault, 0);
	/* Beyond nspec: an illegal operation. */
	KUNIT_EXPECT_FALSE(test, spec_record(&f, 3, 4));
	KUNIT_EXPECT_EQ(test, f.ms.fault, DTRACEFLT_ILLOP);
	KUNIT_EXPECT_EQ(test, f.ms.illval, 3);
	f.ms.fault = 0;
	spec_end(&f, 1000, true);
	KUNIT_EXPECT_EQ(test, f.ms.fault, DTRACEFLT_ILLOP);
	f.ms.fault = 0;
	spec_end(&f, 0, true);
	KUNIT_EXPECT_EQ(test, f.ms.fault, 0);
	migrate_enable();
	spec_fixture_exit(test, &f);
}

/* Commit through a full fill buffer, and a ring that wraps. */
static void spec_policies(struct kunit *test)
{
	struct spec_fixture f;
	struct dtrace_buffer *b;
	int cpu;
	u64 id;

	spec_fixture_init(test, &f, 1, 1024, 2 * SPEC_RECSIZE,
			  DTRACEOPT_BUFPOLICY_FILL);
	migrate_disable();
	cpu = raw_smp_processor_id();
	b = spec_buf(&f, cpu);
	id = spec_new(&f);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 1));
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 2));
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 3));
	spec_end(&f, id, true);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], 2 * SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, 0), 1);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, SPEC_RECSIZE), 2);
	KUNIT_EXPECT_EQ(test, b->drops, 1);
	KUNIT_EXPECT_TRUE(test, b->full);
	migrate_enable();
	spec_fixture_exit(test, &f);

	spec_fixture_init(test, &f, 1, 1024, 2 * SPEC_RECSIZE,
			  DTRACEOPT_BUFPOLICY_RING);
	migrate_disable();
	cpu = raw_smp_processor_id();
	b = spec_buf(&f, cpu);
	id = spec_new(&f);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 1));
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 2));
	KUNIT_EXPECT_TRUE(test, spec_record(&f, id, 3));
	spec_end(&f, id, true);
	/* The ring keeps the last two: 3 at the start, 2 after it. */
	KUNIT_EXPECT_EQ(test, b->drops, 0);
	KUNIT_EXPECT_TRUE(test, b->wrapped[b->active]);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, b->tail[b->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, 0), 3);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, SPEC_RECSIZE), 2);
	migrate_enable();
	spec_fixture_exit(test, &f);
}

static void spec_record_there(void *arg)
{
	struct spec_fixture *f = arg;

	spec_record(f, 1, 42);
}

/*
 * Records on two CPUs: commit() moves its own CPU's at once; the
 * speculation is busy until the cleaner has moved the other CPU's.
 */
static void spec_many_cpus(struct kunit *test)
{
	struct dtrace_status st = { };
	struct spec_fixture f;
	struct dtrace_buffer *b, *ob;
	int cpu, other;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	spec_fixture_init(test, &f, 1, 1024, 4096, DTRACEOPT_BUFPOLICY_SWITCH);
	migrate_disable();
	cpu = raw_smp_processor_id();
	other = cpumask_any_but(cpu_online_mask, cpu);
	b = spec_buf(&f, cpu);
	ob = spec_buf(&f, other);
	KUNIT_ASSERT_EQ(test, spec_new(&f), 1);
	KUNIT_ASSERT_EQ(test, smp_call_function_single(other, spec_record_there,
						       &f, 1), 0);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, 1, 41));
	spec_end(&f, 1, true);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, cpu, 0), 41);
	KUNIT_EXPECT_EQ(test, ob->offset[ob->active], 0);
	/* Busy until the cleaner has been everywhere. */
	KUNIT_EXPECT_EQ(test, spec_new(&f), 0);
	dtrace_spec_status(f.state, &st);
	KUNIT_EXPECT_EQ(test, st.specs_busy, 1);
	KUNIT_EXPECT_EQ(test, st.specs_unavail, 0);
	dtrace_spec_clean(f.state);
	KUNIT_EXPECT_EQ(test, ob->offset[ob->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_tag_at(&f, other, 0), 42);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 1);

	/* The same with discard(): nothing reaches the principal buffers. */
	KUNIT_ASSERT_EQ(test, smp_call_function_single(other, spec_record_there,
						       &f, 1), 0);
	KUNIT_EXPECT_TRUE(test, spec_record(&f, 1, 43));
	spec_end(&f, 1, false);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 0);
	dtrace_spec_clean(f.state);
	KUNIT_EXPECT_EQ(test, ob->offset[ob->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, b->offset[b->active], SPEC_RECSIZE);
	KUNIT_EXPECT_EQ(test, spec_new(&f), 1);
	migrate_enable();
	spec_fixture_exit(test, &f);
}

static const struct dtrace_difo spec_int_difo = {
	.rtype = { .kind = DIF_TYPE_CTF, .size = 8 },
};

static const struct dtrace_difo spec_str_difo = {
	.rtype = { .kind = DIF_TYPE_STRING, .flags = DIF_TF_BYREF, .size = 256 },
};

#define ACT(k, s, d)	{ .kind = (k), .size = (s), .difo = (struct dtrace_difo *)(d) }

static int spec_check(struct dtrace_state *state,
		      const struct dtrace_action *acts, u32 n, bool *norec,
		      bool *spec)
{
	char err[128];

	*norec = false;
	*spec = false;
	return dtrace_spec_clause(state, acts, n, norec, spec, err,
				  sizeof(err));
}

static void spec_clause_rules(struct kunit *test)
{
	const struct dtrace_difo *i8 = &spec_int_difo;
	const struct dtrace_action stmt_spec_data[] = {
		ACT(DTRACEACT_DIFEXPR, 0, i8),
		ACT(DTRACEACT_SPECULATE, 0, i8),
		ACT(DTRACEACT_DIFEXPR, 8, i8),
	};
	const struct dtrace_action lone[] = {
		ACT(DTRACEACT_SPECULATE, 0, i8),
	};
	const struct dtrace_action spec_stmt[] = {
		ACT(DTRACEACT_SPECULATE, 0, i8),
		ACT(DTRACEACT_DIFEXPR, 0, i8),
	};
	const struct dtrace_action commit_discard[] = {
		ACT(DTRACEACT_COMMIT, 0, i8),
		ACT(DTRACEACT_DIFEXPR, 0, i8),
		ACT(DTRACEACT_DISCARD, 0, i8),
	};
	const struct dtrace_action data_spec[] = {
		ACT(DTRACEACT_DIFEXPR, 8, i8),
		ACT(DTRACEACT_SPECULATE, 0, i8),
	};
	const struct dtrace_action spec_spec[] = {
		ACT(DTRACEACT_SPECULATE, 0, i8),
		ACT(DTRACEACT_SPECULATE, 0, i8),
	};
	const struct dtrace_action spec_exit[] = {
		ACT(DTRACEACT_SPECULATE, 0, i8),
		ACT(DTRACEACT_EXIT, 4, i8),
	};
	const struct dtrace_action spec_agg[] = {
		ACT(DTRACEACT_SPECULATE, 0, i8),
		ACT(DTRACEAGG_COUNT, 0, NULL),
	};
	const struct dtrace_action commit_data[] = {
		ACT(DTRACEACT_COMMIT, 0, i8),
		ACT(DTRACEACT_PRINTF, 0, NULL),
	};
	const struct dtrace_action spec_str[] = {
		ACT(DTRACEACT_SPECULATE, 0, &spec_str_difo),
	};
	const struct dtrace_action commit_noid[] = {
		ACT(DTRACEACT_COMMIT, 0, NULL),
	};
	struct dtrace_state *state = dtrace_state_create();
	bool norec, spec;

	KUNIT_ASSERT_NOT_NULL(test, state);
	KUNIT_EXPECT_EQ(test, spec_check(state, stmt_spec_data, 3, &norec,
					 &spec), 0);
	KUNIT_EXPECT_TRUE(test, spec);
	KUNIT_EXPECT_FALSE(test, norec);
	KUNIT_EXPECT_TRUE(test, state->speculates);
	/* A lone speculate() records the firing; with statements, not. */
	KUNIT_EXPECT_EQ(test, spec_check(state, lone, 1, &norec, &spec), 0);
	KUNIT_EXPECT_FALSE(test, norec);
	KUNIT_EXPECT_EQ(test, spec_check(state, spec_stmt, 2, &norec, &spec), 0);
	KUNIT_EXPECT_TRUE(test, norec);
	KUNIT_EXPECT_EQ(test, spec_check(state, commit_discard, 3, &norec,
					 &spec), 0);
	KUNIT_EXPECT_TRUE(test, norec);
	KUNIT_EXPECT_FALSE(test, spec);
	KUNIT_EXPECT_EQ(test, spec_check(state, data_spec, 2, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, spec_spec, 2, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, spec_exit, 2, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, spec_agg, 2, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, commit_data, 2, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, spec_str, 1, &norec, &spec),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, spec_check(state, commit_noid, 1, &norec, &spec),
			-EINVAL);
	kfree(state);
}

static struct kunit_case dtrace_spec_cases[] = {
	KUNIT_CASE(spec_ids),
	KUNIT_CASE(spec_commit),
	KUNIT_CASE(spec_discard),
	KUNIT_CASE(spec_drops_and_faults),
	KUNIT_CASE(spec_policies),
	KUNIT_CASE(spec_many_cpus),
	KUNIT_CASE(spec_clause_rules),
	{}
};

static struct kunit_suite dtrace_spec_suite = {
	.name = "dtrace_spec",
	.test_cases = dtrace_spec_cases,
};

kunit_test_suite(dtrace_spec_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's speculations");
MODULE_LICENSE("GPL");
