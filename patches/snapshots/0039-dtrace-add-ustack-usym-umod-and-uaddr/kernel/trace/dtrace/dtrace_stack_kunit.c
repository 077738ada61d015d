// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the stack of a probe (stackdepth, caller) and for
 * vtimestamp: a walk from a known call chain finds the chain's functions,
 * and a thread's virtual time advances while it runs, between ticks too.
 */

#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/ktime.h>
#include <linux/preempt.h>
#include <asm/segment.h>

#include "dtrace.h"

/* Is @addr inside function @fn (by kallsyms)? */
static bool stack_in(unsigned long addr, void *fn)
{
	unsigned long size, off;

	if (!kallsyms_lookup_size_offset(addr, &size, &off))
		return false;
	return addr - off == (unsigned long)fn && off > 0;
}

struct stack_result {
	int depth;
	u64 caller;
	int n;
	unsigned long pcs[4];
	int outer;		/* stackdepth with frame 0 one frame out */
	bool same;		/* a second look at ms gives the same */
	u64 rec[3];		/* stack(3) */
	u64 all[64];		/* stack(64): every frame */
	unsigned long site;	/* frame 0 */
};

/*
 * The probe "fires" in stack_mid(): frame 0 is stack_mid()'s call of
 * stack_leaf(), as a provider's call of dtrace_probe() would be.
 */
static noinline void stack_leaf(struct stack_result *r)
{
	struct dtrace_mstate ms = { .site = _RET_IP_, .stackdepth = -1 };

	r->depth = dtrace_stackdepth(&ms);
	r->caller = dtrace_caller(&ms);
	r->same = dtrace_stackdepth(&ms) == r->depth &&
		  dtrace_caller(&ms) == r->caller;
	r->n = dtrace_getpcstack(&ms, r->pcs, ARRAY_SIZE(r->pcs));
	r->site = ms.site;
	memset(r->all, 0xff, sizeof(r->all));
	dtrace_stack_record(&ms, r->rec, ARRAY_SIZE(r->rec));
	dtrace_stack_record(&ms, r->all, ARRAY_SIZE(r->all));
	barrier();
}

static noinline void stack_mid(struct stack_result *r)
{
	struct dtrace_mstate ms = { .site = _RET_IP_, .stackdepth = -1 };

	stack_leaf(r);
	/* Frame 0 one frame further out: one caller fewer. */
	r->outer = dtrace_stackdepth(&ms);
	barrier();
}

static noinline void stack_outer(struct stack_result *r)
{
	stack_mid(r);
	barrier();
}

static void stack_caller_and_depth(struct kunit *test)
{
	struct stack_result r = { };

	stack_outer(&r);
	kunit_info(test, "stackdepth %d caller %pS", r.depth,
		   (void *)(unsigned long)r.caller);
	KUNIT_EXPECT_TRUE_MSG(test, stack_in(r.caller, stack_outer),
			      "caller %pS is not in stack_outer()",
			      (void *)(unsigned long)r.caller);
	/* stack_outer, this test, the KUnit runner, kthread, ... */
	KUNIT_EXPECT_GE(test, r.depth, 3);
	KUNIT_EXPECT_LE(test, r.depth, 64);
	KUNIT_EXPECT_TRUE(test, r.same);
	KUNIT_EXPECT_EQ(test, r.n, 4);
	KUNIT_EXPECT_EQ(test, (u64)r.pcs[0], r.caller);
	KUNIT_EXPECT_TRUE_MSG(test, stack_in(r.pcs[1], stack_caller_and_depth),
			      "frame 2 %pS", (void *)r.pcs[1]);
	KUNIT_EXPECT_EQ(test, r.outer, r.depth - 1);
}

/* stack(): frame 0, then the callers; zeros after the last frame. */
static void stack_record(struct kunit *test)
{
	struct stack_result *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct dtrace_mstate user = { .stackdepth = -1 };
	struct pt_regs regs = { .cs = __USER_CS };
	u64 pcs[4];
	int i, n = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	stack_outer(r);
	KUNIT_EXPECT_EQ(test, r->rec[0], (u64)r->site);
	KUNIT_EXPECT_TRUE_MSG(test, stack_in(r->rec[0], stack_mid),
			      "frame 0 %pS", (void *)(unsigned long)r->rec[0]);
	KUNIT_EXPECT_EQ(test, r->rec[1], (u64)r->pcs[0]);
	KUNIT_EXPECT_EQ(test, r->rec[2], (u64)r->pcs[1]);
	for (i = 0; i < ARRAY_SIZE(r->all) && r->all[i]; i++)
		n++;
	KUNIT_EXPECT_EQ(test, n, min(r->depth + 1, 64));
	for (; i < ARRAY_SIZE(r->all); i++)
		KUNIT_EXPECT_EQ_MSG(test, r->all[i], 0ULL, "frame %d", i);

	/* A probe in user mode has no kernel stack. */
	user.regs = &regs;
	memset(pcs, 0xff, sizeof(pcs));
	dtrace_stack_record(&user, pcs, ARRAY_SIZE(pcs));
	for (i = 0; i < ARRAY_SIZE(pcs); i++)
		KUNIT_EXPECT_EQ(test, pcs[i], 0ULL);
}

/*
 * ustack(), usym(): a kernel thread (KUnit runs in one) has no user stack
 * and no process; its records are zeros over the whole size asked for.
 */
static void stack_ustack_kthread(struct kunit *test)
{
	struct dtrace_mstate ms = { .stackdepth = -1 };
	u64 rec[1 + 4], addr[3];
	int i;

	KUNIT_ASSERT_TRUE(test, current->flags & PF_KTHREAD);
	memset(rec, 0xff, sizeof(rec));
	dtrace_ustack_record(&ms, rec, 4);
	for (i = 0; i < ARRAY_SIZE(rec); i++)
		KUNIT_EXPECT_EQ_MSG(test, rec[i], 0ULL, "u64 %d", i);

	memset(addr, 0xff, sizeof(addr));
	dtrace_uaddr_record(addr, 0x1234);
	KUNIT_EXPECT_EQ(test, addr[0], 0ULL);
	KUNIT_EXPECT_EQ(test, addr[1], 0x1234ULL);
	/* Two u64s and not a byte more. */
	KUNIT_EXPECT_EQ(test, addr[2], ~0ULL);
}

/* A site that is not on the stack: nothing found, nothing made up. */
static void stack_unknown_site(struct kunit *test)
{
	struct dtrace_mstate ms = { .site = 1, .stackdepth = -1 };
	struct dtrace_mstate none = { .stackdepth = -1 };
	unsigned long pcs[2];

	KUNIT_EXPECT_EQ(test, dtrace_stackdepth(&ms), 0);
	KUNIT_EXPECT_EQ(test, dtrace_caller(&ms), 0ULL);
	KUNIT_EXPECT_EQ(test, dtrace_getpcstack(&ms, pcs, 2), 0);
	KUNIT_EXPECT_EQ(test, dtrace_stackdepth(&none), 0);
}

/*
 * The scheduler adds a running slice to sum_exec_runtime only when it
 * accounts it (a tick, HZ=250 here: 4 ms); vtimestamp advances between.
 */
static void stack_vtimestamp_advances(struct kunit *test)
{
	int i, moved = 0, rounds = 20;

	for (i = 0; i < rounds; i++) {
		u64 v0, v1, w0, w1;

		preempt_disable();
		w0 = ktime_get_ns();
		v0 = dtrace_vtimestamp();
		/* A busy wait: CPU time is the point. */
		while (ktime_get_ns() - w0 < 200 * NSEC_PER_USEC)
			cpu_relax();
		v1 = dtrace_vtimestamp();
		w1 = ktime_get_ns();
		preempt_enable();
		KUNIT_EXPECT_GE(test, v1, v0);
		/* Never more CPU time than wall time (a little slack). */
		KUNIT_EXPECT_LE(test, v1 - v0, w1 - w0 + 100 * NSEC_PER_USEC);
		if (v1 - v0 >= 100 * NSEC_PER_USEC)
			moved++;
	}
	/* A tick may fall inside a few rounds, not all of them. */
	KUNIT_EXPECT_GE_MSG(test, moved, rounds / 2,
			    "vtimestamp moved in %d of %d 200 us spins",
			    moved, rounds);
}

static struct kunit_case dtrace_stack_cases[] = {
	KUNIT_CASE(stack_caller_and_depth),
	KUNIT_CASE(stack_record),
	KUNIT_CASE(stack_ustack_kthread),
	KUNIT_CASE(stack_unknown_site),
	KUNIT_CASE(stack_vtimestamp_advances),
	{}
};

static struct kunit_suite dtrace_stack_suite = {
	.name = "dtrace_stack",
	.test_cases = dtrace_stack_cases,
};

kunit_test_suite(dtrace_stack_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's probe stacks and vtimestamp");
MODULE_LICENSE("GPL");
