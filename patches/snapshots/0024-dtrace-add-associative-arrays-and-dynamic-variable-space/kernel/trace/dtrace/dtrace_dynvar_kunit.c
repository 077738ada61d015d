// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the dynamic variable space: associative array keys of
 * integers and strings, deletion, drops when the space is exhausted,
 * reuse of deleted elements only after a cleaning pass, thread-locals
 * and their reclaiming, the new DIF opcodes through the interpreter, and
 * the validator's checks of them.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "dtrace.h"

#define DV_STRSIZE	16
#define DV_ID		0x0500

struct dv_env {
	struct dtrace_state *state;
	struct dtrace_mstate ms;
	struct dtrace_var gvars[2];	/* a[]: integers, s[]: strings */
	struct dtrace_var tvar;		/* self->t */
	struct dtrace_var *gvar, *svar;
	struct dtrace_difo difo;	/* no string table */
	void *space;
};

static void dv_env_exit(void *arg)
{
	struct dv_env *e = arg;

	dtrace_dynvar_free(e->state);
	vfree(e->space);
}

/* A state with room for @size bytes of dynamic variables, two keys long. */
static struct dv_env *dv_env(struct kunit *test, size_t size)
{
	struct dv_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	struct dtrace_state *state;
	ssize_t dyn;

	KUNIT_ASSERT_NOT_NULL(test, e);
	state = kunit_kzalloc(test, sizeof(*state), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, state);
	e->state = state;
	state->options[DTRACEOPT_STRSIZE] = DV_STRSIZE;
	state->options[DTRACEOPT_DYNVARSIZE] = size;
	state->options[DTRACEOPT_CLEANRATE] = NSEC_PER_SEC;

	e->gvar = &e->gvars[0];
	e->svar = &e->gvars[1];
	*e->gvar = (struct dtrace_var){ .size = 8, .assoc = true };
	*e->svar = (struct dtrace_var){ .size = DV_STRSIZE, .byref = true,
					.string = true, .assoc = true };
	e->tvar = (struct dtrace_var){ .size = 8 };
	state->gvars = e->gvars;
	state->ngvars = 2;
	state->tvars = &e->tvar;
	state->ntvars = 1;
	/* A string and an integer key. */
	state->dstate.tsize = ALIGN(DV_STRSIZE + 1, 8) + 8;

	dyn = dtrace_dynvar_size(state);
	KUNIT_ASSERT_GT(test, dyn, 0);
	e->space = vzalloc(dyn);
	KUNIT_ASSERT_NOT_NULL(test, e->space);
	KUNIT_ASSERT_EQ(test, dtrace_dynvar_init(state, e->space, dyn), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, dv_env_exit, e), 0);
	state->vars = e->space;
	state->vars_len = dyn;
	atomic64_set(&state->dyndrops, 0);

	e->ms.state = state;
	e->ms.strsize = DV_STRSIZE;
	e->ms.scratch_size = 1024;
	e->ms.scratch = kunit_kzalloc(test, e->ms.scratch_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->ms.scratch);
	e->ms.vars = state->vars;
	e->ms.vars_len = state->vars_len;
	return e;
}

/* The key (@s, @i). */
struct dv_key {
	u64 val[2];
	u64 size[2];
	u8 type[2];
	struct dtrace_tuple tup;
};

static struct dtrace_tuple *dv_key(struct dv_key *k, const char *s, u64 i)
{
	k->val[0] = (unsigned long)s;
	k->size[0] = DV_STRSIZE;
	k->type[0] = DIF_TYPE_STRING;
	k->val[1] = i;
	k->size[1] = 0;
	k->type[1] = DIF_TYPE_CTF;
	k->tup = (struct dtrace_tuple){ k->val, k->size, k->type, 2 };
	return &k->tup;
}

static void dv_store(struct dv_env *e, const struct dtrace_var *v, u8 scope,
		     const char *s, u64 i, u64 val)
{
	unsigned long flags;
	struct dv_key k;

	/* Each store a firing of its own: drops count once per firing. */
	e->ms.timestamp++;
	e->ms.fault = 0;
	local_irq_save(flags);
	dtrace_dynvar_store(&e->ms, &e->difo, v, scope, DV_ID,
			    scope == DIFV_SCOPE_GLOBAL ? dv_key(&k, s, i) : NULL,
			    val);
	local_irq_restore(flags);
}

static u64 dv_load(struct dv_env *e, const struct dtrace_var *v, u8 scope,
		   const char *s, u64 i)
{
	unsigned long flags;
	struct dv_key k;
	u64 val;

	e->ms.fault = 0;
	local_irq_save(flags);
	val = dtrace_dynvar_load(&e->ms, &e->difo, v, scope, DV_ID,
				 scope == DIFV_SCOPE_GLOBAL ?
				 dv_key(&k, s, i) : NULL);
	local_irq_restore(flags);
	return val;
}

static u64 dv_drops(struct dv_env *e)
{
	return atomic64_read(&e->state->dyndrops);
}

/* Keys of strings and integers: equal keys meet, different ones do not. */
static void dynvar_keys(struct kunit *test)
{
	struct dv_env *e = dv_env(test, 64 << 10);
	char x[DV_STRSIZE] = "x";
	int i;

	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1, 10);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 2, 20);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "xx", 1, 30);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "", 1, 40);
	/* The same string at another address is the same key. */
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, x, 1), 10);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 2), 20);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "xx", 1), 30);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "", 1), 40);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 3), 0);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 1), 0);
	/* Overwrite. */
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1, 11);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1), 11);

	/* Strings longer than strsize are cut to it, as everywhere. */
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL,
		 "0123456789abcdefXYZ", 1, 50);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL,
				      "0123456789abcdef", 1), 50);

	/* Many keys: chains hold them all. */
	for (i = 0; i < 500; i++)
		dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "k", i, i + 1000);
	for (i = 0; i < 500; i++)
		KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL,
					      "k", i), i + 1000);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 0);
	KUNIT_EXPECT_EQ(test, e->ms.fault, 0);
	/* The key's scratch space is given back. */
	KUNIT_EXPECT_EQ(test, e->ms.scratch_used, 0);
}

/* String values are copied in, and an element read back in place. */
static void dynvar_string_values(struct kunit *test)
{
	struct dv_env *e = dv_env(test, 16 << 10);
	const char *p;

	dv_store(e, e->svar, DIFV_SCOPE_GLOBAL, "k", 1,
		 (unsigned long)"hello");
	p = (const char *)(unsigned long)dv_load(e, e->svar,
						 DIFV_SCOPE_GLOBAL, "k", 1);
	KUNIT_EXPECT_STREQ(test, p, "hello");
	/* Inside the state's own memory: read directly by the strings. */
	KUNIT_EXPECT_TRUE(test, (char *)p >= (char *)e->space &&
			  (char *)p < (char *)e->space + e->state->vars_len);
	p = (const char *)(unsigned long)dv_load(e, e->svar,
						 DIFV_SCOPE_GLOBAL, "k", 2);
	KUNIT_EXPECT_STREQ(test, p, "");
}

/*
 * Exhaustion drops, counted; a deleted element comes back only after a
 * cleaning pass.
 */
static void dynvar_drops_and_cleaning(struct kunit *test)
{
	struct dv_env *e = dv_env(test, 2048);
	struct dtrace_dstate *ds = &e->state->dstate;
	u64 ts;
	u32 n, i;

	/* dynvarsize counts keys and values: 2048 / (32 + 16). */
	n = ds->nelems;
	KUNIT_ASSERT_EQ(test, n, 42);
	for (i = 0; i < n; i++)
		dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", i, i + 1);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 0);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", n, 1);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 1);
	/* The clause stops there, but it is not an error. */
	KUNIT_EXPECT_EQ(test, e->ms.fault, DTRACEFLT_DYNDROP);
	/* Storing to an existing element needs no new one. */
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 0, 7);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 1);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 0), 7);

	/* Delete two: gone at once, but not reusable yet. */
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 0, 0);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1, 0);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1, 0);	/* again */
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 0), 0);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "x", 1), 0);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 0, 1);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 2);

	/* Dirty -> rinsing -> clean: both come back. */
	KUNIT_EXPECT_EQ(test, dtrace_dynvar_clean_once(ds), 2);
	KUNIT_EXPECT_EQ(test, dtrace_dynvar_clean_once(ds), 0);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 0, 5);
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 1, 6);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 2);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 0), 5);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "y", 1), 6);
	/* The others are untouched. */
	for (i = 2; i < n; i++)
		KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL,
					      "x", i), i + 1);

	/* Several stores of one firing that drop count once. */
	ts = e->ms.timestamp;
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "z", 0, 1);
	e->ms.timestamp = ts;
	dv_store(e, e->gvar, DIFV_SCOPE_GLOBAL, "z", 1, 1);
	KUNIT_EXPECT_EQ(test, dv_drops(e), 3);

	/* Associative arrays and no room for one element: E2BIG at GO. */
	e->state->options[DTRACEOPT_DYNVARSIZE] = 47;
	KUNIT_EXPECT_EQ(test, dtrace_dynvar_size(e->state), -E2BIG);
	/* Thread-locals only (32 + 8 bytes each): it runs, and drops. */
	e->gvars[0].assoc = false;
	e->gvars[1].assoc = false;
	e->state->options[DTRACEOPT_DYNVARSIZE] = 39;
	KUNIT_EXPECT_EQ(test, dtrace_dynvar_size(e->state), 0);
}

/* Thread-locals are the thread's own, and reclaimed when it is gone. */
static void dynvar_thread_locals(struct kunit *test)
{
	struct dv_env *e = dv_env(test, 4096);
	struct dtrace_dstate *ds = &e->state->dstate;
	unsigned long flags;
	u32 n;

	dv_store(e, &e->tvar, DIFV_SCOPE_THREAD, NULL, 0, 42);
	KUNIT_EXPECT_EQ(test, dv_load(e, &e->tvar, DIFV_SCOPE_THREAD, NULL, 0),
			42);
	/* A global of the same id is another variable. */
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "", 0), 0);

	/* Another thread (or a recycled tid) does not match. */
	local_irq_save(flags);
	n = dtrace_dynvar_reap(ds, current->pid, current->start_time + 1);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, dv_load(e, &e->tvar, DIFV_SCOPE_THREAD, NULL, 0),
			42);

	/* This thread's, as the exit hook would. */
	local_irq_save(flags);
	n = dtrace_dynvar_reap(ds, current->pid, current->start_time);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, dv_load(e, &e->tvar, DIFV_SCOPE_THREAD, NULL, 0),
			0);
	KUNIT_EXPECT_EQ(test, dtrace_dynvar_clean_once(ds), 1);
}

struct dv_racer {
	struct dv_env *e;
	struct dtrace_mstate ms;
	struct completion done;
	int seed;
};

#define DV_RACE_ITERS	20000
#define DV_RACE_KEYS	32

/* Store and delete keys that the other racers store and delete too. */
static int dv_racer_fn(void *arg)
{
	struct dv_racer *r = arg;
	unsigned long flags;
	struct dv_key k;
	int i;

	for (i = 0; i < DV_RACE_ITERS; i++) {
		int key = (i + r->seed) % DV_RACE_KEYS;
		u64 val = (i / DV_RACE_KEYS) % 2 ? 0 : i + 1;

		r->ms.timestamp++;
		r->ms.fault = 0;
		local_irq_save(flags);
		dtrace_dynvar_store(&r->ms, &r->e->difo, r->e->gvar,
				    DIFV_SCOPE_GLOBAL,
				    DV_ID, dv_key(&k, "race", key), val);
		local_irq_restore(flags);
		if (!(i % 64))
			cond_resched();
	}
	complete(&r->done);
	return 0;
}

/*
 * CPUs racing to insert and delete the same keys while the space is
 * cleaned: no key is ever live twice, and no element is lost.  The
 * racers delete faster than the cleaner gives elements back, so some
 * of their stores drop: that is counted, not a failure.
 */
static void dynvar_race(struct kunit *test)
{
	struct dv_env *e = dv_env(test, 64 << 10);
	struct dtrace_dstate *ds = &e->state->dstate;
	struct dv_racer *r;
	int cpu, nr = 0, i, running;
	u32 live, dups, nfree;

	r = kunit_kcalloc(test, 4, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		if (nr == 4)
			break;
		r[nr].e = e;
		r[nr].ms = e->ms;
		r[nr].ms.scratch = kunit_kzalloc(test, e->ms.scratch_size,
						 GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, r[nr].ms.scratch);
		r[nr].seed = nr * 7;
		init_completion(&r[nr].done);
		t = kthread_create(dv_racer_fn, &r[nr], "dtrace-dv-race/%d", cpu);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		kthread_bind(t, cpu);
		wake_up_process(t);
		nr++;
	}
	do {
		dtrace_dynvar_clean_once(ds);
		usleep_range(2000, 5000);
		running = 0;
		for (i = 0; i < nr; i++)
			running += !completion_done(&r[i].done);
	} while (running);
	dtrace_dynvar_clean_once(ds);

	dtrace_dynvar_census(ds, &live, &dups, &nfree);
	KUNIT_EXPECT_EQ(test, dups, 0);
	KUNIT_EXPECT_LE(test, live, DV_RACE_KEYS);
	KUNIT_EXPECT_EQ(test, live + nfree, ds->nelems);
	kunit_info(test, "%d CPUs, %u live, %u free, %lld drops", nr, live,
		   nfree, atomic64_read(&e->state->dyndrops));
}

#define OP3(op, r1, r2, rd)	DIF_INSTR_FMT(DIF_OP_##op, r1, r2, rd)
#define SETX(idx, rd)		DIF_INSTR_INDEX(DIF_OP_SETX, idx, rd)
#define SETS(off, rd)		DIF_INSTR_INDEX(DIF_OP_SETS, off, rd)
#define VAR(op, v, r)		DIF_INSTR_INDEX(DIF_OP_##op, v, r)
#define FLUSHTS			OP3(FLUSHTS, 0, 0, 0)
#define PUSHS(rs)		DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING, 0, rs)
#define PUSHV(rs)		DIF_INSTR_FMT(DIF_OP_PUSHTV, DIF_TYPE_CTF, 0, rs)

static struct dtrace_difo *dv_difo(struct kunit *test, const u32 *text,
				   u32 ntext, const struct dif_var *var,
				   const u64 *ints, u32 nint)
{
	struct dtrace_difo *dp = kunit_kzalloc(test, sizeof(*dp), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dp);
	dp->text = (u32 *)text;
	dp->ntext = ntext;
	dp->vartab = (struct dif_var *)var;
	dp->nvars = var ? 1 : 0;
	dp->inttab = (u64 *)ints;
	dp->nint = nint;
	dp->strtab = "key";
	dp->strlen = 4;
	dp->rtype = (struct dif_type){ .kind = DIF_TYPE_CTF, .size = 8 };
	return dp;
}

/* a["key", 9] = 77; return a["key", 9] + a["key", 8], by DIF. */
static void dynvar_dif_opcodes(struct kunit *test)
{
	static const struct dif_var av = {
		.id = DV_ID, .kind = DIFV_KIND_ARRAY, .scope = DIFV_SCOPE_GLOBAL,
		.type = { .kind = DIF_TYPE_CTF, .size = 8 } };
	static const struct dif_var tv = {
		.id = DV_ID, .kind = DIFV_KIND_ARRAY, .scope = DIFV_SCOPE_THREAD,
		.type = { .kind = DIF_TYPE_CTF, .size = 8 } };
	static const u64 ints[] = { 77, 9, 8 };
	static const u32 prog[] = {
		SETS(0, 1), SETX(1, 2), SETX(0, 3),
		FLUSHTS, PUSHS(1), PUSHV(2), VAR(STGAA, DV_ID, 3),
		VAR(LDGAA, DV_ID, 4),
		SETX(2, 2), FLUSHTS, PUSHS(1), PUSHV(2), VAR(LDGAA, DV_ID, 5),
		OP3(ADD, 4, 5, 4), DIF_INSTR_RET(4),
	};
	/* self->b[9] = 77; return self->b[9]. */
	static const u32 tprog[] = {
		SETX(1, 2), SETX(0, 3), FLUSHTS, PUSHV(2),
		VAR(STTAA, DV_ID, 3), VAR(LDTAA, DV_ID, 4), DIF_INSTR_RET(4),
	};
	struct dv_env *e = dv_env(test, 16 << 10);
	struct dtrace_var tvar = { .size = 8 };
	struct dtrace_difo *dp;
	unsigned long flags;
	char err[128] = "";
	u64 v;

	dp = dv_difo(test, prog, ARRAY_SIZE(prog), &av, ints, ARRAY_SIZE(ints));
	KUNIT_ASSERT_EQ_MSG(test, dtrace_difo_validate(dp, err, sizeof(err)), 0,
			    "refused: %s", err);
	local_irq_save(flags);
	v = dtrace_dif_emulate(dp, &e->ms);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, e->ms.fault, 0);
	KUNIT_EXPECT_EQ(test, v, 77);
	KUNIT_EXPECT_EQ(test, dv_load(e, e->gvar, DIFV_SCOPE_GLOBAL, "key", 9),
			77);

	/* The thread-local array: tvars[0] is an array now. */
	tvar.assoc = true;
	e->state->tvars = &tvar;
	dp = dv_difo(test, tprog, ARRAY_SIZE(tprog), &tv, ints, ARRAY_SIZE(ints));
	KUNIT_ASSERT_EQ_MSG(test, dtrace_difo_validate(dp, err, sizeof(err)), 0,
			    "refused: %s", err);
	local_irq_save(flags);
	v = dtrace_dif_emulate(dp, &e->ms);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, e->ms.fault, 0);
	KUNIT_EXPECT_EQ(test, v, 77);
}

/* The validator's checks of the new opcodes. */
static void dynvar_validator(struct kunit *test)
{
	static const struct dif_var av = {
		.id = DV_ID, .kind = DIFV_KIND_ARRAY, .scope = DIFV_SCOPE_GLOBAL,
		.type = { .kind = DIF_TYPE_CTF, .size = 8 } };
	static const struct dif_var sv = {
		.id = DV_ID, .kind = DIFV_KIND_SCALAR, .scope = DIFV_SCOPE_GLOBAL,
		.type = { .kind = DIF_TYPE_CTF, .size = 8 } };
	static const struct dif_var lv = {
		.id = DV_ID, .kind = DIFV_KIND_ARRAY, .scope = DIFV_SCOPE_LOCAL,
		.type = { .kind = DIF_TYPE_CTF, .size = 8 } };
	static const u32 undeclared[] = { FLUSHTS, PUSHV(0),
		VAR(LDGAA, DV_ID + 1, 1), DIF_INSTR_RET(1) };
	static const u32 scalar[] = { FLUSHTS, PUSHV(0),
		VAR(LDGAA, DV_ID, 1), DIF_INSTR_RET(1) };
	static const u32 scope[] = { FLUSHTS, PUSHV(0),
		VAR(LDTAA, DV_ID, 1), DIF_INSTR_RET(1) };
	static const u32 builtin[] = { FLUSHTS, PUSHV(0),
		VAR(STGAA, DIF_VAR_PID, 1), DIF_INSTR_RET(1) };
	static const u32 nokey[] = { FLUSHTS, VAR(LDGAA, DV_ID, 1),
		DIF_INSTR_RET(1) };
	static const u32 r0[] = { FLUSHTS, PUSHV(0),
		VAR(LDGAA, DV_ID, 0), DIF_INSTR_RET(0) };
	static const u32 badrs[] = { FLUSHTS, PUSHV(0),
		VAR(STGAA, DV_ID, 8), DIF_INSTR_RET(0) };
	static const u32 overflow[] = { PUSHV(0), PUSHV(0), PUSHV(0), PUSHV(0),
		PUSHV(0), PUSHV(0), PUSHV(0), PUSHV(0), PUSHV(0),
		DIF_INSTR_RET(0) };
	static const u32 local[] = { DIF_INSTR_RET(0) };
	static const struct {
		const char *name;
		const u32 *text;
		u32 ntext;
		const struct dif_var *var;
	} bad[] = {
		{ "undeclared array", undeclared, ARRAY_SIZE(undeclared), &av },
		{ "scalar as an array", scalar, ARRAY_SIZE(scalar), &sv },
		{ "global array as thread-local", scope, ARRAY_SIZE(scope), &av },
		{ "built-in as an array", builtin, ARRAY_SIZE(builtin), &av },
		{ "global array without a key", nokey, ARRAY_SIZE(nokey), &av },
		{ "load to %r0", r0, ARRAY_SIZE(r0), &av },
		{ "bad source register", badrs, ARRAY_SIZE(badrs), &av },
		{ "tuple stack overflow", overflow, ARRAY_SIZE(overflow), NULL },
		{ "clause-local array", local, ARRAY_SIZE(local), &lv },
	};
	char err[128];
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct dtrace_difo *dp = dv_difo(test, bad[i].text, bad[i].ntext,
						 bad[i].var, NULL, 0);

		err[0] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, dtrace_difo_validate(dp, err, sizeof(err)),
				    -EINVAL, "accepted: %s", bad[i].name);
		KUNIT_EXPECT_NE_MSG(test, err[0], '\0', "no reason: %s",
				    bad[i].name);
	}
}

static struct kunit_case dtrace_dynvar_cases[] = {
	KUNIT_CASE(dynvar_keys),
	KUNIT_CASE(dynvar_string_values),
	KUNIT_CASE(dynvar_drops_and_cleaning),
	KUNIT_CASE(dynvar_thread_locals),
	KUNIT_CASE(dynvar_race),
	KUNIT_CASE(dynvar_dif_opcodes),
	KUNIT_CASE(dynvar_validator),
	{}
};

static struct kunit_suite dtrace_dynvar_suite = {
	.name = "dtrace_dynvar",
	.test_cases = dtrace_dynvar_cases,
};

kunit_test_suite(dtrace_dynvar_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's dynamic variable space");
MODULE_LICENSE("GPL");
