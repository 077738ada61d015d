// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the breakpoint probe sites (dtrace_bp.c).
 *
 * The functions of dtrace_bp_kunit_asm.S have known instructions: every
 * instruction of them gets a site, all are armed at once, the functions
 * run for inputs that take every path, and the test checks that each
 * still computes the same values, that each site ran its handler as often
 * as its instruction ran, and how each site runs its instruction (which
 * emulation, or out of line).  Also: the order of the handlers of one
 * site, the arguments in the registers at a first instruction, the
 * instructions that get no site and why, and a tombstone: a disarmed site
 * still handles an int3 (as a CPU that had not seen the original byte
 * back would take) without running its handlers, until dtrace_bp_flush()
 * has passed.
 */

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/dtrace_bp.h>
#include <linux/irqflags.h>
#include <linux/memory.h>
#include <asm/ibt.h>
#include <asm/insn.h>
#include <asm/ptrace.h>
#include <linux/text-patching.h>

#include "dtrace_bp_local.h"

#define DTBP_MAX_INSNS	16
#define DTBP_REFUSED	0xff	/* expected: no site */

struct dtbp_hit {
	atomic_t n;
	u8 kind;
	unsigned long di;
};

struct dtbp_func {
	const char *name;
	void *func;
	int n;
	const u8 *emu;			/* expected, per instruction */
	unsigned long addr[DTBP_MAX_INSNS];
	struct dtrace_bp_site *site[DTBP_MAX_INSNS];
	enum dtrace_bp_reason why[DTBP_MAX_INSNS];
	struct dtbp_hit hit[DTBP_MAX_INSNS];
};

static const u8 dtbp_emu_leaf[] = { DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_RET };

static const u8 dtbp_emu_frame[] = {
	DTRACE_BP_EMU_PUSH, DTRACE_BP_EMU_MOVBP, DTRACE_BP_EMU_PUSH,
	DTRACE_BP_EMU_PUSH, DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_OOL,
	DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_OOL,
	DTRACE_BP_EMU_RET,
};

static const u8 dtbp_emu_branch[] = {
	DTRACE_BP_EMU_NOP, DTRACE_BP_EMU_NOP, DTRACE_BP_EMU_CALL,
	DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_JCC, DTRACE_BP_EMU_OOL,
	DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_JCC, DTRACE_BP_EMU_OOL,
	DTRACE_BP_EMU_JMP, DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_JMP,
	DTRACE_BP_EMU_RET,
};

static const u8 dtbp_emu_irq[] = {
	DTRACE_BP_EMU_CLI, DTBP_REFUSED, DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_STI,
	DTRACE_BP_EMU_RET,
};

static const u8 dtbp_emu_rip[] = {
	DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_OOL, DTRACE_BP_EMU_RET,
};

static struct dtbp_func dtbp_funcs[] = {
	{ "leaf", dtbp_test_leaf, 0, dtbp_emu_leaf },
	{ "frame", dtbp_test_frame, 0, dtbp_emu_frame },
	{ "branch", dtbp_test_branch, 0, dtbp_emu_branch },
	{ "irq", dtbp_test_irq, 0, dtbp_emu_irq },
	{ "rip", dtbp_test_rip, 0, dtbp_emu_rip },
};

enum { DTBP_LEAF, DTBP_FRAME, DTBP_BRANCH, DTBP_IRQ, DTBP_RIP };

/* The order handlers ran in, while dtbp_logging. */
static int dtbp_log[8];
static atomic_t dtbp_nlog;
static bool dtbp_logging;

static notrace void dtbp_handler(void *arg, struct pt_regs *regs,
				 unsigned long addr)
{
	struct dtbp_hit *h = arg;
	int i;

	atomic_inc(&h->n);
	h->di = regs->di;
	if (READ_ONCE(dtbp_logging)) {
		i = atomic_inc_return(&dtbp_nlog) - 1;
		if (i < ARRAY_SIZE(dtbp_log))
			dtbp_log[i] = h->kind;
	}
}

/* Decode @f up to its ret and make a site of each instruction. */
static void dtbp_prepare(struct kunit *test, struct dtbp_func *f)
{
	unsigned long a = (unsigned long)f->func;
	struct insn insn;
	int i;

	if (f->n)
		return;
	if (is_endbr((u32 *)a))
		a += ENDBR_INSN_SIZE;
	for (i = 0; i < DTBP_MAX_INSNS; i++) {
		KUNIT_ASSERT_GE(test, insn_decode_kernel(&insn, (void *)a), 0);
		f->addr[i] = a;
		f->site[i] = dtrace_bp_site_get(a, &f->why[i]);
		f->hit[i].kind = DTRACE_BP_INSTR;
		if (f->site[i])
			KUNIT_ASSERT_EQ(test,
					dtrace_bp_attach(f->site[i],
							 DTRACE_BP_INSTR,
							 dtbp_handler,
							 &f->hit[i]), 0);
		a += insn.length;
		if (insn.opcode.bytes[0] == RET_INSN_OPCODE)
			break;
	}
	f->n = i + 1;
}

static void dtbp_enable_all(struct kunit *test, struct dtbp_func *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->site[i])
			KUNIT_EXPECT_EQ(test,
					dtrace_bp_enable(f->site[i],
							 DTRACE_BP_INSTR), 0);
}

static void dtbp_disable_all(struct dtbp_func *f)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->site[i])
			dtrace_bp_disable(f->site[i], DTRACE_BP_INSTR);
}

static void dtbp_expect_hits(struct kunit *test, struct dtbp_func *f,
			     const int *want)
{
	int i;

	for (i = 0; i < f->n; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&f->hit[i].n),
				    f->site[i] ? want[i] : 0,
				    "%s: instruction %d", f->name, i);
}

/* Each form is emulated or run out of line, as expected, and computes. */
static void dtbp_forms(struct kunit *test)
{
	static const int leaf_hits[] = { 3, 3 };
	static const int frame_hits[] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
	static const int branch_hits[] = { 3, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1,
					   1, 3 };
	static const int irq_hits[] = { 1, 0, 1, 1, 1 };
	static const int rip_hits[] = { 1, 1, 1 };
	unsigned long flags;
	int i, j;

	for (i = 0; i < ARRAY_SIZE(dtbp_funcs); i++) {
		struct dtbp_func *f = &dtbp_funcs[i];

		dtbp_prepare(test, f);
		for (j = 0; j < f->n; j++) {
			if (f->emu[j] == DTBP_REFUSED) {
				KUNIT_EXPECT_PTR_EQ_MSG(test, f->site[j], NULL,
							"%s: instruction %d",
							f->name, j);
				continue;
			}
			KUNIT_ASSERT_NOT_NULL_MSG(test, f->site[j],
						  "%s: instruction %d refused: %s",
						  f->name, j,
						  dtrace_bp_reason_name(f->why[j]));
			KUNIT_EXPECT_EQ_MSG(test, dtrace_bp_site_emu(f->site[j]),
					    f->emu[j], "%s: instruction %d",
					    f->name, j);
		}
		dtbp_enable_all(test, f);
	}
	dtrace_bp_flush();

	KUNIT_EXPECT_EQ(test, dtbp_test_frame(41), 42);
	KUNIT_EXPECT_EQ(test, dtbp_test_frame(-1), 0);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(0), -5);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(5), 13);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(200), 410);
	KUNIT_EXPECT_EQ(test, dtbp_test_rip(), dtbp_test_var + 1);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	flags = dtbp_test_irq();
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, flags & X86_EFLAGS_IF, 0UL);

	for (i = 0; i < ARRAY_SIZE(dtbp_funcs); i++)
		dtbp_disable_all(&dtbp_funcs[i]);
	dtrace_bp_flush();

	dtbp_expect_hits(test, &dtbp_funcs[DTBP_LEAF], leaf_hits);
	dtbp_expect_hits(test, &dtbp_funcs[DTBP_FRAME], frame_hits);
	dtbp_expect_hits(test, &dtbp_funcs[DTBP_BRANCH], branch_hits);
	dtbp_expect_hits(test, &dtbp_funcs[DTBP_IRQ], irq_hits);
	dtbp_expect_hits(test, &dtbp_funcs[DTBP_RIP], rip_hits);
	/* The first instruction saw the argument in %rdi. */
	KUNIT_EXPECT_EQ(test, dtbp_funcs[DTBP_FRAME].hit[0].di, -1UL);

	/* Disarmed: the text is the original again, no handler runs. */
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(5), 13);
	dtbp_expect_hits(test, &dtbp_funcs[DTBP_BRANCH], branch_hits);
	for (i = 0; i < ARRAY_SIZE(dtbp_funcs); i++)
		for (j = 0; j < dtbp_funcs[i].n; j++)
			KUNIT_EXPECT_NE(test, *(u8 *)dtbp_funcs[i].addr[j],
					INT3_INSN_OPCODE);
}

/* fbt entry, instr, fbt return: the handlers of one site, in order. */
static void dtbp_order(struct kunit *test)
{
	static struct dtbp_hit entry = { .kind = DTRACE_BP_FBT_ENTRY };
	static struct dtbp_hit ret = { .kind = DTRACE_BP_FBT_RETURN };
	struct dtbp_func *f = &dtbp_funcs[DTBP_LEAF];
	struct dtrace_bp_site *site;

	dtbp_prepare(test, f);
	site = f->site[f->n - 1];
	KUNIT_ASSERT_NOT_NULL(test, site);
	/* Attached in another order than they run. */
	KUNIT_ASSERT_EQ(test, dtrace_bp_attach(site, DTRACE_BP_FBT_RETURN,
					       dtbp_handler, &ret), 0);
	KUNIT_ASSERT_EQ(test, dtrace_bp_attach(site, DTRACE_BP_FBT_ENTRY,
					       dtbp_handler, &entry), 0);
	KUNIT_EXPECT_EQ(test, dtrace_bp_attach(site, DTRACE_BP_FBT_ENTRY,
					       dtbp_handler, &entry), -EBUSY);
	KUNIT_EXPECT_EQ(test, dtrace_bp_enable(site, DTRACE_BP_FBT_RETURN), 0);
	KUNIT_EXPECT_EQ(test, dtrace_bp_enable(site, DTRACE_BP_INSTR), 0);
	KUNIT_EXPECT_EQ(test, dtrace_bp_enable(site, DTRACE_BP_FBT_ENTRY), 0);
	dtrace_bp_flush();

	atomic_set(&dtbp_nlog, 0);
	WRITE_ONCE(dtbp_logging, true);
	KUNIT_EXPECT_EQ(test, dtbp_test_leaf(21), 42);
	WRITE_ONCE(dtbp_logging, false);

	dtrace_bp_disable(site, DTRACE_BP_FBT_ENTRY);
	dtrace_bp_disable(site, DTRACE_BP_INSTR);
	dtrace_bp_disable(site, DTRACE_BP_FBT_RETURN);
	dtrace_bp_flush();

	KUNIT_ASSERT_EQ(test, atomic_read(&dtbp_nlog), 3);
	KUNIT_EXPECT_EQ(test, dtbp_log[0], DTRACE_BP_FBT_ENTRY);
	KUNIT_EXPECT_EQ(test, dtbp_log[1], DTRACE_BP_INSTR);
	KUNIT_EXPECT_EQ(test, dtbp_log[2], DTRACE_BP_FBT_RETURN);
	KUNIT_EXPECT_EQ(test, *(u8 *)dtrace_bp_site_addr(site), RET_INSN_OPCODE);
}

/* What the int3 handler does with an int3 at @addr. */
static bool dtbp_trap(unsigned long addr, struct pt_regs *regs)
{
	bool handled;

	regs->ip = addr + INT3_INSN_SIZE;
	local_irq_disable();
	handled = dtrace_bp_int3(regs);
	local_irq_enable();
	return handled;
}

/*
 * A tombstone: an int3 that a CPU saw before the site was disarmed is
 * handled without the handlers, before the flush and after it; an int3
 * that is in the text of a disarmed site is not claimed.
 */
static void dtbp_tombstone(struct kunit *test)
{
	struct dtbp_func *f = &dtbp_funcs[DTBP_BRANCH];
	static const u8 int3 = INT3_INSN_OPCODE;
	struct dtrace_bp_site *site;
	struct pt_regs regs = {};
	unsigned long addr, next;
	bool handled;
	u8 orig;
	int hits;

	dtbp_prepare(test, f);
	site = f->site[1];		/* the nopl */
	KUNIT_ASSERT_NOT_NULL(test, site);
	addr = dtrace_bp_site_addr(site);
	orig = *(u8 *)addr;
	KUNIT_ASSERT_EQ(test, dtrace_bp_enable(site, DTRACE_BP_INSTR), 0);
	dtrace_bp_flush();
	hits = atomic_read(&f->hit[1].n);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);
	dtrace_bp_disable(site, DTRACE_BP_INSTR);

	/*
	 * The tombstone lasts until the deferred work.  A CPU that took the
	 * int3 before the original byte came back has the instruction
	 * emulated, not run again from the text where it may see the int3
	 * again; no handler runs.
	 */
	next = addr + dtrace_bp_site_len(site);
	KUNIT_ASSERT_TRUE(test, dtrace_bp_site_tombstone(site));
	KUNIT_EXPECT_TRUE(test, dtbp_trap(addr, &regs));
	KUNIT_EXPECT_EQ(test, regs.ip, next);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);

	/* After the flush, the same, however late the trap. */
	dtrace_bp_flush();
	KUNIT_EXPECT_FALSE(test, dtrace_bp_site_tombstone(site));
	KUNIT_EXPECT_TRUE(test, dtbp_trap(addr, &regs));
	KUNIT_EXPECT_EQ(test, regs.ip, next);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);

	/* An int3 someone else put there is not claimed. */
	mutex_lock(&text_mutex);
	text_poke((void *)addr, &int3, INT3_INSN_SIZE);
	mutex_unlock(&text_mutex);
	handled = dtbp_trap(addr, &regs);
	mutex_lock(&text_mutex);
	text_poke((void *)addr, &orig, INT3_INSN_SIZE);
	mutex_unlock(&text_mutex);
	smp_text_poke_sync_each_cpu();
	KUNIT_EXPECT_FALSE(test, handled);
	/* Left as the trap made them, for kprobes after us. */
	KUNIT_EXPECT_EQ(test, regs.ip, addr + INT3_INSN_SIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);

	/* A stale int3 on an out-of-line site resumes in its slot. */
	f = &dtbp_funcs[DTBP_LEAF];
	dtbp_prepare(test, f);
	site = f->site[0];		/* the lea */
	KUNIT_ASSERT_NOT_NULL(test, site);
	KUNIT_ASSERT_EQ(test, dtrace_bp_site_emu(site), DTRACE_BP_EMU_OOL);
	addr = dtrace_bp_site_addr(site);
	KUNIT_ASSERT_EQ(test, dtrace_bp_enable(site, DTRACE_BP_INSTR), 0);
	dtrace_bp_disable(site, DTRACE_BP_INSTR);
	dtrace_bp_flush();
	hits = atomic_read(&f->hit[0].n);
	KUNIT_EXPECT_TRUE(test, dtbp_trap(addr, &regs));
	KUNIT_EXPECT_NE(test, regs.ip, addr);
	KUNIT_EXPECT_EQ(test, memcmp((void *)regs.ip, (void *)addr,
				     dtrace_bp_site_len(site)), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[0].n), hits);
	KUNIT_EXPECT_EQ(test, dtbp_test_leaf(21), 42);
}

/* Instructions that get no site, and why; padded for the decoder. */
/*
 * dtrace_bp_enable_queued() writes nothing until dtrace_bp_commit(); a
 * site disabled before the commit never gets its int3 and is a
 * tombstone until the deferred work, like any disarmed site.
 * dtrace_bp_disable_queued() leaves the int3 to the commit.
 */
static void dtbp_queued(struct kunit *test)
{
	struct dtbp_func *f = &dtbp_funcs[DTBP_BRANCH];
	struct dtrace_bp_site *site;
	unsigned long addr;
	u8 orig;
	int hits;

	dtbp_prepare(test, f);
	site = f->site[1];		/* the nopl */
	KUNIT_ASSERT_NOT_NULL(test, site);
	addr = dtrace_bp_site_addr(site);
	orig = *(u8 *)addr;
	hits = atomic_read(&f->hit[1].n);

	KUNIT_ASSERT_EQ(test, dtrace_bp_enable_queued(site, DTRACE_BP_INSTR), 0);
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, orig);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits);
	dtrace_bp_commit();
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, INT3_INSN_OPCODE);
	dtrace_bp_flush();
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);
	dtrace_bp_disable(site, DTRACE_BP_INSTR);
	dtrace_bp_flush();
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, orig);

	/*
	 * A queued disarm: the int3 stays until the commit, no handler
	 * runs; enabled again before the commit, the site stays armed.
	 */
	KUNIT_ASSERT_EQ(test, dtrace_bp_enable_queued(site, DTRACE_BP_INSTR), 0);
	dtrace_bp_commit();
	dtrace_bp_flush();
	dtrace_bp_disable_queued(site, DTRACE_BP_INSTR);
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, INT3_INSN_OPCODE);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);
	KUNIT_ASSERT_EQ(test, dtrace_bp_enable_queued(site, DTRACE_BP_INSTR), 0);
	dtrace_bp_commit();
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, INT3_INSN_OPCODE);
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 2);
	dtrace_bp_disable_queued(site, DTRACE_BP_INSTR);
	dtrace_bp_commit();
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, orig);
	KUNIT_EXPECT_TRUE(test, dtrace_bp_site_tombstone(site));
	dtrace_bp_flush();
	KUNIT_EXPECT_FALSE(test, dtrace_bp_site_tombstone(site));
	hits += 1;

	/* Disabled before the commit: nothing is written, ever. */
	KUNIT_ASSERT_EQ(test, dtrace_bp_enable_queued(site, DTRACE_BP_INSTR), 0);
	dtrace_bp_disable(site, DTRACE_BP_INSTR);
	KUNIT_EXPECT_TRUE(test, dtrace_bp_site_tombstone(site));
	dtrace_bp_commit();
	KUNIT_EXPECT_EQ(test, *(u8 *)addr, orig);
	dtrace_bp_flush();
	KUNIT_EXPECT_FALSE(test, dtrace_bp_site_tombstone(site));
	KUNIT_EXPECT_EQ(test, dtbp_test_branch(1), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->hit[1].n), hits + 1);
}

static void dtbp_refused(struct kunit *test)
{
	static const struct {
		u8 bytes[MAX_INSN_SIZE + 1];
		enum dtrace_bp_reason why;
	} cases[] = {
		{ { 0xff, 0xe0 }, DTRACE_BP_BRANCH },		/* jmp *%rax */
		{ { 0xff, 0xd0 }, DTRACE_BP_BRANCH },		/* call *%rax */
		{ { 0xe2, 0xfe }, DTRACE_BP_BRANCH },		/* loop */
		{ { 0x0f, 0x0b }, DTRACE_BP_SYSTEM },		/* ud2 */
		{ { 0xcd, 0x80 }, DTRACE_BP_SYSTEM },		/* int $0x80 */
		{ { 0xf4 }, DTRACE_BP_SYSTEM },			/* hlt */
		{ { 0x0f, 0x05 }, DTRACE_BP_SYSTEM },		/* syscall */
		{ { 0x48, 0xcf }, DTRACE_BP_SYSTEM },		/* iretq */
		{ { 0xcc }, DTRACE_BP_INT3 },
		{ { 0x9c }, DTRACE_BP_UNSUPPORTED },		/* pushf */
		{ { 0xc2, 0x08, 0x00 }, DTRACE_BP_UNSUPPORTED },	/* ret $8 */
		/* mov 0x100(%rsp),%rax: out of line */
		{ { 0x48, 0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00 },
		  DTRACE_BP_OK },
	};
	enum dtrace_bp_reason why;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dtrace_bp_site *site;

		why = DTRACE_BP_OK;
		site = dtrace_bp_site_get((unsigned long)cases[i].bytes, &why);
		KUNIT_EXPECT_EQ_MSG(test, why, cases[i].why, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, !site, cases[i].why != DTRACE_BP_OK,
				    "case %d", i);
		if (site)
			KUNIT_EXPECT_EQ(test, dtrace_bp_site_emu(site),
					DTRACE_BP_EMU_OOL);
	}
}

static struct kunit_case dtrace_bp_cases[] = {
	KUNIT_CASE(dtbp_forms),
	KUNIT_CASE(dtbp_order),
	KUNIT_CASE(dtbp_tombstone),
	KUNIT_CASE(dtbp_queued),
	KUNIT_CASE(dtbp_refused),
	{}
};

static struct kunit_suite dtrace_bp_suite = {
	.name = "dtrace_bp",
	.test_cases = dtrace_bp_cases,
};

kunit_test_suites(&dtrace_bp_suite);
