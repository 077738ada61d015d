// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for DIF: the validator refuses every class of unsafe
 * program, and the interpreter computes every opcode it runs correctly,
 * faulting (never oopsing) on bad addresses and division by zero.
 */

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include "dtrace.h"

#define OP3(op, r1, r2, rd)	DIF_INSTR_FMT(DIF_OP_##op, r1, r2, rd)
#define SETX(idx, rd)		DIF_INSTR_INDEX(DIF_OP_SETX, idx, rd)
#define SETS(off, rd)		DIF_INSTR_INDEX(DIF_OP_SETS, off, rd)
#define BR(op, label)		DIF_INSTR_BRANCH(DIF_OP_##op, label)
#define VAR(op, v, r)		DIF_INSTR_INDEX(DIF_OP_##op, v, r)
#define RET(r)			DIF_INSTR_RET(r)

struct dif_case {
	const char *name;
	u32 text[8];
	u32 ntext;
	u64 ints[4];
	u32 nint;
	const char *str;	/* string table, NUL separated */
	u32 strlen;
	struct dif_var var;	/* one variable, if var.id */
};

static const struct dif_type dif_int64 = { .kind = DIF_TYPE_CTF, .size = 8 };

static struct dtrace_difo *dif_make(struct kunit *test, const struct dif_case *c)
{
	struct dtrace_difo *dp = kunit_kzalloc(test, sizeof(*dp), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dp);
	dp->text = (u32 *)c->text;
	dp->ntext = c->ntext;
	dp->inttab = (u64 *)c->ints;
	dp->nint = c->nint;
	dp->strtab = (char *)c->str;
	dp->strlen = c->strlen;
	if (c->var.id) {
		dp->vartab = (struct dif_var *)&c->var;
		dp->nvars = 1;
	}
	dp->rtype = dif_int64;
	return dp;
}

/* Programs the validator must refuse, one per class of problem. */
static const struct dif_case dif_bad[] = {
	{ "empty", { 0 }, 0 },
	{ "no ret at the end", { OP3(MOV, 1, 0, 2) }, 1 },
	{ "unknown opcode", { DIF_INSTR_FMT(200, 0, 0, 0), RET(0) }, 2 },
	{ "opcode 0", { 0, RET(0) }, 2 },
	{ "backward branch", { OP3(NOP, 0, 0, 0), BR(BA, 0), RET(0) }, 3 },
	{ "branch to itself", { BR(BA, 0), RET(0) }, 2 },
	{ "branch past the end", { BR(BA, 7), RET(0) }, 2 },
	{ "source register out of range", { OP3(ADD, 8, 1, 2), RET(2) }, 2 },
	{ "destination register out of range", { OP3(ADD, 1, 1, 9), RET(0) }, 2 },
	{ "write to %r0", { OP3(ADD, 1, 2, 0), RET(0) }, 2 },
	{ "ret register out of range", { RET(8) }, 1 },
	{ "integer table index out of range", { SETX(1, 1), RET(1) }, 2,
	  { 5 }, 1 },
	{ "string table offset out of range", { SETS(4, 1), RET(1) }, 2,
	  .str = "abc", .strlen = 4 },
	{ "string table not terminated", { SETS(0, 1), RET(1) }, 2,
	  .str = "abcd", .strlen = 4 },
	{ "unknown built-in variable", { VAR(LDGS, 0x01ff, 1), RET(1) }, 2 },
	{ "undeclared global", { VAR(LDGS, 0x0500, 1), RET(1) }, 2 },
	{ "undeclared thread-local", { VAR(LDTS, 0x0500, 1), RET(1) }, 2 },
	{ "store to a built-in", { VAR(STGS, DIF_VAR_PID, 1), RET(0) }, 2 },
	{ "store to an undeclared global", { VAR(STGS, 0x0501, 1), RET(0) },
	  2 },
	{ "global of the wrong scope", { VAR(LDGS, 0x0500, 1), RET(1) }, 2,
	  .var = { .id = 0x0500, .scope = DIFV_SCOPE_THREAD,
		   .kind = DIFV_KIND_SCALAR, .type = { .size = 8 } } },
	{ "variable with a bad type", { VAR(LDGS, 0x0500, 1), RET(1) }, 2,
	  .var = { .id = 0x0500, .scope = DIFV_SCOPE_GLOBAL,
		   .kind = DIFV_KIND_SCALAR, .type = { .size = 3 } } },
	{ "unknown subroutine", { DIF_INSTR_INDEX(DIF_OP_CALL, 999, 1), RET(1) },
	  2 },
	{ "unimplemented subroutine",
	  { DIF_INSTR_INDEX(DIF_OP_CALL, DIF_SUBR_MUTEX_OWNED, 1), RET(1) }, 2 },
	{ "array other than args[]", { DIF_INSTR_FMT(DIF_OP_LDGA, 5, 1, 2), RET(2) },
	  2 },
	{ "reserved bits in nop", { DIF_INSTR_FMT(DIF_OP_NOP, 1, 0, 0), RET(0) },
	  2 },
	{ "bad tuple type", { DIF_INSTR_FMT(DIF_OP_PUSHTV, 7, 0, 1), RET(0) }, 2 },
};

static void dif_validator_refuses(struct kunit *test)
{
	char err[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dif_bad); i++) {
		struct dtrace_difo *dp = dif_make(test, &dif_bad[i]);

		err[0] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, dtrace_difo_validate(dp, err, sizeof(err)),
				    -EINVAL, "accepted: %s", dif_bad[i].name);
		KUNIT_EXPECT_NE_MSG(test, err[0], '\0', "no reason: %s",
				    dif_bad[i].name);
	}
}

static void dif_validator_refuses_bad_rtype(struct kunit *test)
{
	struct dif_case c = { "rtype", { RET(0) }, 1 };
	struct dtrace_difo *dp = dif_make(test, &c);

	dp->rtype.size = 3;
	KUNIT_EXPECT_EQ(test, dtrace_difo_validate(dp, NULL, 0), -EINVAL);
	dp->rtype.size = 8;
	dp->rtype.kind = 9;
	KUNIT_EXPECT_EQ(test, dtrace_difo_validate(dp, NULL, 0), -EINVAL);
	dp->rtype.kind = DIF_TYPE_STRING;
	dp->rtype.flags = 0;	/* a string is always by reference */
	KUNIT_EXPECT_EQ(test, dtrace_difo_validate(dp, NULL, 0), -EINVAL);
	dp->rtype.flags = DIF_TF_BYREF;
	KUNIT_EXPECT_EQ(test, dtrace_difo_validate(dp, NULL, 0), 0);
}

static u64 dif_run(struct kunit *test, struct dtrace_difo *dp,
		   struct dtrace_mstate *ms)
{
	unsigned long flags;
	char err[128] = "";
	u64 v;

	KUNIT_ASSERT_EQ_MSG(test, dtrace_difo_validate(dp, err, sizeof(err)), 0,
			    "refused: %s", err);
	local_irq_save(flags);
	v = dtrace_dif_emulate(dp, ms);
	local_irq_restore(flags);
	return v;
}

static void dif_ms_init(struct kunit *test, struct dtrace_mstate *ms)
{
	memset(ms, 0, sizeof(*ms));
	ms->strsize = 256;
	ms->scratch_size = 256;
	ms->scratch = kunit_kzalloc(test, ms->scratch_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ms->scratch);
}

/* r1 = a, r2 = b; rd = a OP b. */
struct dif_alu {
	u8 op;
	u64 a, b, want;
};

static const struct dif_alu dif_alu[] = {
	{ DIF_OP_OR, 0xf0, 0x0f, 0xff },
	{ DIF_OP_XOR, 0xff, 0x0f, 0xf0 },
	{ DIF_OP_AND, 0xff, 0x0f, 0x0f },
	{ DIF_OP_SLL, 1, 63, 1ULL << 63 },
	{ DIF_OP_SRL, 1ULL << 63, 63, 1 },
	{ DIF_OP_SRA, 1ULL << 63, 63, ~0ULL },
	{ DIF_OP_SUB, 5, 7, (u64)-2 },
	{ DIF_OP_ADD, ~0ULL, 2, 1 },
	{ DIF_OP_MUL, (u64)-3, 7, (u64)-21 },
	{ DIF_OP_SDIV, (u64)-21, 4, (u64)-5 },
	{ DIF_OP_UDIV, (u64)-21, 4, ((u64)-21) / 4 },
	{ DIF_OP_SREM, (u64)-21, 4, (u64)-1 },
	{ DIF_OP_UREM, 21, 4, 1 },
	{ DIF_OP_SDIV, (u64)S64_MIN, (u64)-1, (u64)S64_MIN },
};

static void dif_alu_ops(struct kunit *test)
{
	struct dtrace_mstate ms;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dif_alu); i++) {
		const struct dif_alu *t = &dif_alu[i];
		struct dif_case c = {
			"alu", { SETX(0, 1), SETX(1, 2),
				 DIF_INSTR_FMT(t->op, 1, 2, 3), RET(3) }, 4,
			{ t->a, t->b }, 2 };

		dif_ms_init(test, &ms);
		KUNIT_EXPECT_EQ_MSG(test, dif_run(test, dif_make(test, &c), &ms),
				    t->want, "opcode %u", t->op);
		KUNIT_EXPECT_EQ(test, ms.fault, 0);
	}
}

static void dif_unary_ops(struct kunit *test)
{
	struct dif_case not = { "not", { SETX(0, 1), OP3(NOT, 1, 0, 2), RET(2) },
				3, { 0x00ff }, 1 };
	struct dif_case mov = { "mov", { SETX(0, 1), OP3(MOV, 1, 0, 4), RET(4) },
				3, { 1234 }, 1 };
	struct dif_case r0 = { "r0", { RET(0) }, 1 };
	struct dtrace_mstate ms;

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &not), &ms),
			~0x00ffULL);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &mov), &ms), 1234);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &r0), &ms), 0);
}

/*
 * cmp r1, r2 then branch OP to "return 1", else return 0.  Each branch
 * is checked against signed and unsigned orderings of a few pairs.
 */
static void dif_branches(struct kunit *test)
{
	static const struct { u64 a, b; } pairs[] = {
		{ 1, 2 }, { 2, 1 }, { 5, 5 }, { (u64)-1, 1 }, { 1, (u64)-1 },
		{ (u64)S64_MIN, (u64)S64_MAX },
	};
	struct dtrace_mstate ms;
	size_t i;
	u8 op;

	for (op = DIF_OP_BA; op <= DIF_OP_BLEU; op++) {
		for (i = 0; i < ARRAY_SIZE(pairs); i++) {
			s64 sa = pairs[i].a, sb = pairs[i].b;
			u64 ua = pairs[i].a, ub = pairs[i].b;
			struct dif_case c = {
				"branch", { SETX(0, 1), SETX(1, 2),
					    OP3(CMP, 1, 2, 0),
					    DIF_INSTR_BRANCH(op, 5), RET(0),
					    SETX(2, 3), RET(3) }, 7,
				{ ua, ub, 1 }, 3 };
			bool want;

			switch (op) {
			case DIF_OP_BA:
				want = true;
				break;
			case DIF_OP_BE:
				want = ua == ub;
				break;
			case DIF_OP_BNE:
				want = ua != ub;
				break;
			case DIF_OP_BG:
				want = sa > sb;
				break;
			case DIF_OP_BGU:
				want = ua > ub;
				break;
			case DIF_OP_BGE:
				want = sa >= sb;
				break;
			case DIF_OP_BGEU:
				want = ua >= ub;
				break;
			case DIF_OP_BL:
				want = sa < sb;
				break;
			case DIF_OP_BLU:
				want = ua < ub;
				break;
			case DIF_OP_BLE:
				want = sa <= sb;
				break;
			default:
				want = ua <= ub;
				break;
			}
			dif_ms_init(test, &ms);
			KUNIT_EXPECT_EQ_MSG(test,
					    dif_run(test, dif_make(test, &c), &ms),
					    (u64)want, "opcode %u, %lld vs %lld",
					    op, sa, sb);
		}
	}
}

static void dif_tst_and_scmp(struct kunit *test)
{
	static const char strs[] = "abc\0abd\0abc";
	/* tst r1; be to "return 0", else return 7. */
	struct dif_case tst0 = { "tst 0", { SETX(0, 1), OP3(TST, 1, 0, 0),
					    BR(BE, 5), SETX(1, 2), RET(2),
					    RET(0) }, 6, { 0, 7 }, 2 };
	struct dif_case tst1 = { "tst 1", { SETX(0, 1), OP3(TST, 1, 0, 0),
					    BR(BE, 5), SETX(1, 2), RET(2),
					    RET(0) }, 6, { 1, 7 }, 2 };
	/* "abc" vs "abd": less; "abc" vs the other "abc": equal. */
	struct dif_case lt = { "scmp <", { SETS(0, 1), SETS(4, 2),
					   OP3(SCMP, 1, 2, 0), BR(BL, 5),
					   RET(0), SETX(0, 3), RET(3) }, 7,
			       { 1 }, 1, strs, sizeof(strs) };
	struct dif_case eq = { "scmp ==", { SETS(0, 1), SETS(8, 2),
					    OP3(SCMP, 1, 2, 0), BR(BE, 5),
					    RET(0), SETX(0, 3), RET(3) }, 7,
			       { 1 }, 1, strs, sizeof(strs) };
	struct dtrace_mstate ms;

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &tst0), &ms), 0);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &tst1), &ms), 7);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &lt), &ms), 1);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &eq), &ms), 1);
}

static u64 dif_kunit_value = 0x1122334455667788ULL;

static void dif_loads(struct kunit *test)
{
	static const struct { u8 op; u64 want; } loads[] = {
		{ DIF_OP_LDUB, 0x88 }, { DIF_OP_LDSB, (u64)(s64)(s8)0x88 },
		{ DIF_OP_LDUH, 0x7788 }, { DIF_OP_LDSH, 0x7788 },
		{ DIF_OP_LDUW, 0x55667788 }, { DIF_OP_LDSW, 0x55667788 },
		{ DIF_OP_LDX, 0x1122334455667788ULL },
	};
	struct dtrace_mstate ms;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(loads); i++) {
		struct dif_case c = {
			"load", { SETX(0, 1), DIF_INSTR_FMT(loads[i].op, 1, 0, 2),
				  RET(2) }, 3,
			{ (unsigned long)&dif_kunit_value }, 1 };

		dif_ms_init(test, &ms);
		KUNIT_EXPECT_EQ_MSG(test, dif_run(test, dif_make(test, &c), &ms),
				    loads[i].want, "opcode %u", loads[i].op);
		KUNIT_EXPECT_EQ(test, ms.fault, 0);
	}
}

/* Bad addresses fault with the address and the offset; nothing oopses. */
static void dif_load_faults(struct kunit *test)
{
	static const u64 bad[] = {
		0, 16, 0x00007fffffffe000ULL,	/* user space */
		0x8000000000000000ULL,		/* non-canonical */
		0xffff800000000000ULL - 8,	/* non-canonical, top */
		~0ULL - 3,			/* wraps */
	};
	struct dtrace_mstate ms;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct dif_case c = {
			"bad load", { OP3(NOP, 0, 0, 0), SETX(0, 1),
				      OP3(LDX, 1, 0, 2), RET(2) }, 4,
			{ bad[i] }, 1 };

		dif_ms_init(test, &ms);
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms), 0);
		KUNIT_EXPECT_EQ_MSG(test, ms.fault, DTRACEFLT_BADADDR,
				    "address %#llx", bad[i]);
		KUNIT_EXPECT_EQ(test, ms.illval, bad[i]);
		KUNIT_EXPECT_EQ(test, ms.fltoffs, 2);
	}
}

static void dif_divide_by_zero(struct kunit *test)
{
	static const u8 ops[] = { DIF_OP_SDIV, DIF_OP_UDIV, DIF_OP_SREM,
				  DIF_OP_UREM };
	struct dtrace_mstate ms;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		struct dif_case c = {
			"div0", { SETX(0, 1), DIF_INSTR_FMT(ops[i], 1, 0, 2),
				  RET(2) }, 3, { 42 }, 1 };

		dif_ms_init(test, &ms);
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms), 0);
		KUNIT_EXPECT_EQ(test, ms.fault, DTRACEFLT_DIVZERO);
		KUNIT_EXPECT_EQ(test, ms.fltoffs, 1);
	}
}

/* Scratch: allocs, stores inside it, faults outside it. */
static void dif_scratch(struct kunit *test)
{
	struct dif_case ok = { "scratch", {
		SETX(0, 1), OP3(ALLOCS, 1, 0, 2), SETX(1, 3),
		OP3(STW, 3, 0, 2), OP3(LDUW, 2, 0, 4), RET(4) }, 6,
		{ 16, 0xdeadbeef }, 2 };
	struct dif_case outside = { "store outside", {
		SETX(0, 1), SETX(1, 2), OP3(STX, 2, 0, 1), RET(0) }, 4,
		{ (unsigned long)&dif_kunit_value, 7 }, 2 };
	struct dif_case toobig = { "scratch exhausted", {
		SETX(0, 1), OP3(ALLOCS, 1, 0, 2), RET(2) }, 3, { 1 << 20 }, 1 };
	struct dtrace_mstate ms;

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &ok), &ms),
			0xdeadbeef);
	KUNIT_EXPECT_EQ(test, ms.fault, 0);

	dif_ms_init(test, &ms);
	dif_run(test, dif_make(test, &outside), &ms);
	KUNIT_EXPECT_EQ(test, ms.fault, DTRACEFLT_BADADDR);
	KUNIT_EXPECT_EQ(test, dif_kunit_value, 0x1122334455667788ULL);

	dif_ms_init(test, &ms);
	dif_run(test, dif_make(test, &toobig), &ms);
	KUNIT_EXPECT_EQ(test, ms.fault, DTRACEFLT_NOSCRATCH);
}

static void dif_strlen_subr(struct kunit *test)
{
	static const char strs[] = "hello, world";
	struct dif_case c = { "strlen", {
		SETS(0, 1), DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING, 0, 1),
		DIF_INSTR_INDEX(DIF_OP_CALL, DIF_SUBR_STRLEN, 2), RET(2) }, 4,
		.str = strs, .strlen = sizeof(strs) };
	struct dtrace_mstate ms;

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms), 12);
	/* strsize bounds every string operation. */
	dif_ms_init(test, &ms);
	ms.strsize = 5;
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms), 5);
}

/* Sub-word stores, copys and the tuple stack, all in scratch. */
static void dif_stores_copys_tuples(struct kunit *test)
{
	static const char strs[] = "abcdef";
	/* p = alloca(16); stb, sth at p, p + 2; copys 4 bytes of "abcdef"
	 * to p + 8; return ldx(p) ^ ldx(p + 8).
	 */
	struct dif_case st = { "stores", {
		SETX(0, 1), OP3(ALLOCS, 1, 0, 2), SETX(1, 3), OP3(STB, 3, 0, 2),
		SETX(2, 4), OP3(ADD, 2, 4, 5), OP3(STH, 3, 0, 5),
		RET(0) }, 8, { 16, 0x1234, 2 }, 3 };
	struct dif_case cp = { "copys", {
		SETX(0, 1), OP3(ALLOCS, 1, 0, 2), SETS(0, 3), SETX(1, 4),
		OP3(COPYS, 3, 4, 2), OP3(LDUW, 2, 0, 5), RET(5) }, 7,
		{ 16, 4 }, 2, strs, sizeof(strs) };
	/* push "abcdef", push 7, pop, strlen(top) = 6; flushts; strlen
	 * of an empty tuple stack is an illegal operation.
	 */
	struct dif_case tup = { "tuples", {
		SETS(0, 1), DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING, 0, 1),
		SETX(0, 2), DIF_INSTR_FMT(DIF_OP_PUSHTV, DIF_TYPE_CTF, 0, 2),
		DIF_INSTR_FMT(DIF_OP_POPTS, 0, 0, 0),
		DIF_INSTR_INDEX(DIF_OP_CALL, DIF_SUBR_STRLEN, 3), RET(3) }, 7,
		{ 7 }, 1, strs, sizeof(strs) };
	struct dif_case flush = { "flushts", {
		SETS(0, 1), DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING, 0, 1),
		DIF_INSTR_FMT(DIF_OP_FLUSHTS, 0, 0, 0),
		DIF_INSTR_INDEX(DIF_OP_CALL, DIF_SUBR_STRLEN, 3), RET(3) }, 5,
		.str = strs, .strlen = sizeof(strs) };
	struct dtrace_mstate ms;
	u8 *p;

	dif_ms_init(test, &ms);
	dif_run(test, dif_make(test, &st), &ms);
	KUNIT_EXPECT_EQ(test, ms.fault, 0);
	p = (u8 *)ms.scratch;
	KUNIT_EXPECT_EQ(test, p[0], 0x34);	/* stb: the low byte */
	KUNIT_EXPECT_EQ(test, p[1], 0);
	KUNIT_EXPECT_EQ(test, p[2], 0x34);	/* sth: two bytes */
	KUNIT_EXPECT_EQ(test, p[3], 0x12);
	KUNIT_EXPECT_EQ(test, p[4], 0);

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &cp), &ms),
			get_unaligned_le32("abcd"));
	KUNIT_EXPECT_EQ(test, ms.fault, 0);

	dif_ms_init(test, &ms);
	KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &tup), &ms), 6);
	KUNIT_EXPECT_EQ(test, ms.fault, 0);

	dif_ms_init(test, &ms);
	dif_run(test, dif_make(test, &flush), &ms);
	KUNIT_EXPECT_EQ(test, ms.fault, DTRACEFLT_ILLOP);
}

/* User loads: from a mapping of the test's own mm, and faults. */
static void dif_user_loads(struct kunit *test)
{
	static const struct { u8 op; u64 want; } loads[] = {
		{ DIF_OP_ULDUB, 0x88 }, { DIF_OP_ULDSB, (u64)(s64)(s8)0x88 },
		{ DIF_OP_ULDUH, 0x7788 }, { DIF_OP_ULDSH, 0x7788 },
		{ DIF_OP_ULDUW, 0x55667788 }, { DIF_OP_ULDSW, 0x55667788 },
		{ DIF_OP_ULDX, 0x1122334455667788ULL },
	};
	struct dtrace_mstate ms;
	unsigned long uaddr;
	size_t i;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE(test, uaddr, 0);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)uaddr,
					   &dif_kunit_value, 8), 0);

	for (i = 0; i < ARRAY_SIZE(loads); i++) {
		struct dif_case c = {
			"uload", { SETX(0, 1), DIF_INSTR_FMT(loads[i].op, 1, 0, 2),
				   RET(2) }, 3, { uaddr }, 1 };

		dif_ms_init(test, &ms);
		KUNIT_EXPECT_EQ_MSG(test, dif_run(test, dif_make(test, &c), &ms),
				    loads[i].want, "opcode %u", loads[i].op);
		KUNIT_EXPECT_EQ(test, ms.fault, 0);
	}

	{
		/* A kernel address is no user address. */
		struct dif_case c = {
			"uload kernel", { SETX(0, 1), OP3(ULDX, 1, 0, 2), RET(2) },
			3, { (unsigned long)&dif_kunit_value }, 1 };

		dif_ms_init(test, &ms);
		dif_run(test, dif_make(test, &c), &ms);
		KUNIT_EXPECT_EQ(test, ms.fault, DTRACEFLT_BADADDR);
	}
}

static int dif_kunit_enable(void *arg, dtrace_id_t id, void *parg)
{
	return 0;
}

static void dif_kunit_disable(void *arg, dtrace_id_t id, void *parg)
{
}

static u64 dif_kunit_getargval(void *arg, dtrace_id_t id, void *parg, int n)
{
	return 1000 + n;
}

static const struct dtrace_pops dif_kunit_pops = {
	.enable = dif_kunit_enable,
	.disable = dif_kunit_disable,
	.getargval = dif_kunit_getargval,
};

/* args[], arg0-arg9 and the built-in variables of the current task. */
static void dif_builtins(struct kunit *test)
{
	struct dtrace_provider prov = { .pops = &dif_kunit_pops,
					.name = "kunitprov" };
	struct dtrace_probe probe = { .id = 42, .prov = &prov, .mod = "m",
				      .func = "f", .name = "n" };
	static const u64 args[6] = { 10, 11, 12, 13, 14, 15 };
	static const struct { u32 var; u64 want; } scalars[] = {
		{ DIF_VAR_ARG0, 10 }, { DIF_VAR_ARG4, 14 },
		{ DIF_VAR_ARG5, 15 }, { DIF_VAR_ARG9, 1009 },
		{ DIF_VAR_ID, 42 }, { DIF_VAR_EPID, 7 },
	};
	struct dtrace_mstate ms;
	size_t i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(scalars); i++) {
		struct dif_case c = { "builtin", {
			VAR(LDGS, scalars[i].var, 1), RET(1) }, 2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		ms.args = args;
		ms.epid = 7;
		KUNIT_EXPECT_EQ_MSG(test, dif_run(test, dif_make(test, &c), &ms),
				    scalars[i].want, "variable %#x", scalars[i].var);
	}

	for (i = 0; i < 10; i++) {
		struct dif_case c = { "args[]", {
			SETX(0, 1), DIF_INSTR_FMT(DIF_OP_LDGA, DIF_VAR_ARGS, 1, 2),
			RET(2) }, 3, { i }, 1 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		ms.args = args;
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms),
				i < 6 ? args[i] : 1000 + i);
	}

	{
		struct dif_case c = { "pid", { VAR(LDGS, DIF_VAR_PID, 1), RET(1) },
				      2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms),
				(u64)current->tgid);
	}
	{
		struct dif_case c = { "tid", { VAR(LDGS, DIF_VAR_TID, 1), RET(1) },
				      2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms),
				(u64)current->pid);
	}
	{
		struct dif_case c = { "execname",
				      { VAR(LDGS, DIF_VAR_EXECNAME, 1), RET(1) }, 2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		v = dif_run(test, dif_make(test, &c), &ms);
		KUNIT_EXPECT_STREQ(test, (const char *)(unsigned long)v,
				   current->comm);
	}
	{
		struct dif_case c = { "probefunc",
				      { VAR(LDGS, DIF_VAR_PROBEFUNC, 1), RET(1) }, 2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		v = dif_run(test, dif_make(test, &c), &ms);
		KUNIT_EXPECT_STREQ(test, (const char *)(unsigned long)v, "f");
	}
	{
		struct dif_case c = { "timestamp",
				      { VAR(LDGS, DIF_VAR_TIMESTAMP, 1), RET(1) }, 2 };

		dif_ms_init(test, &ms);
		ms.probe = &probe;
		ms.timestamp = 123456789;
		KUNIT_EXPECT_EQ(test, dif_run(test, dif_make(test, &c), &ms),
				123456789);
	}
}

static struct kunit_case dtrace_dif_cases[] = {
	KUNIT_CASE(dif_validator_refuses),
	KUNIT_CASE(dif_validator_refuses_bad_rtype),
	KUNIT_CASE(dif_alu_ops),
	KUNIT_CASE(dif_unary_ops),
	KUNIT_CASE(dif_branches),
	KUNIT_CASE(dif_tst_and_scmp),
	KUNIT_CASE(dif_loads),
	KUNIT_CASE(dif_load_faults),
	KUNIT_CASE(dif_divide_by_zero),
	KUNIT_CASE(dif_scratch),
	KUNIT_CASE(dif_strlen_subr),
	KUNIT_CASE(dif_stores_copys_tuples),
	KUNIT_CASE(dif_user_loads),
	KUNIT_CASE(dif_builtins),
	{}
};

static struct kunit_suite dtrace_dif_suite = {
	.name = "dtrace_dif",
	.test_cases = dtrace_dif_cases,
};

kunit_test_suite(dtrace_dif_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's DIF validator and interpreter");
MODULE_LICENSE("GPL");
