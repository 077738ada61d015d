// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): aggregations, as the compiler checks them.
 *
 * An aggregation statement is @name[keys] = func(args) with func one of
 * the aggregating functions.  The checks here are DTrace's: the keys'
 * types, the arguments of each function (the constant parameters of
 * lquantize() and llquantize() especially), and that every use of one
 * aggregation agrees with the first.  Recording and printing
 * aggregations come with the kernel's support for them.
 */
#include <string.h>

#include "dtrace.h"

/* An integer constant argument, or -1 (with @ok 0). */
static s64 dt_agg_const(const struct dt_node *a, int *ok)
{
	*ok = a && a->kind == DT_NODE_INT && dt_type_is_integer(a->type);
	return *ok ? (s64)a->value : -1;
}

static struct dt_node *dt_agg_arg(struct dt_node *args, int n)
{
	while (args && n--)
		args = args->next;
	return args;
}

/* The optional increment of quantize(), lquantize(), llquantize(). */
static void dt_agg_incr(struct dt_node *call, const char *fn,
			struct dt_node *incr, int argno)
{
	char tb[128];

	if (incr && !dt_type_is_scalar(incr->type))
		dt_cerror(&call->loc, D_PROTO_ARG,
			  "%s( ) argument #%d is incompatible with prototype:\n\tprototype: int64_t\n\t argument: %s",
			  fn, argno, dt_type_name(incr->type, tb, sizeof(tb)));
}

static void dt_agg_lquantize(struct dt_node *call, struct dt_node *args,
			     s64 *p)
{
	struct dt_node *a;
	s64 base, limit, step = 1;
	int ok;

	base = dt_agg_const(dt_agg_arg(args, 1), &ok);
	if (!ok)
		dt_cerror(&call->loc, D_LQUANT_BASETYPE,
			  "lquantize( ) argument #2 must be an integer constant");
	if (base < INT32_MIN || base > INT32_MAX)
		dt_cerror(&call->loc, D_LQUANT_BASEVAL,
			  "lquantize( ) argument #2 must be a 32-bit quantity");
	limit = dt_agg_const(dt_agg_arg(args, 2), &ok);
	if (!ok)
		dt_cerror(&call->loc, D_LQUANT_LIMTYPE,
			  "lquantize( ) argument #3 must be an integer constant");
	if (limit < INT32_MIN || limit > INT32_MAX)
		dt_cerror(&call->loc, D_LQUANT_LIMVAL,
			  "lquantize( ) argument #3 must be a 32-bit quantity");
	a = dt_agg_arg(args, 3);
	if (a) {
		step = dt_agg_const(a, &ok);
		if (!ok || step <= 0)
			dt_cerror(&call->loc, D_LQUANT_STEPTYPE,
				  "lquantize( ) argument #4 must be a non-zero positive integer constant");
		if (step > UINT16_MAX)
			dt_cerror(&call->loc, D_LQUANT_STEPVAL,
				  "lquantize( ) argument #4 must be a 16-bit quantity");
	}
	if (limit <= base)
		dt_cerror(&call->loc, D_LQUANT_MISMATCH,
			  "lquantize( ) base (argument #2) must be less than limit (argument #3)");
	if ((limit - base) / step > UINT16_MAX)
		dt_cerror(&call->loc, D_LQUANT_STEPLARGE,
			  "lquantize( ) step (argument #4) too small to quantize from %lld to %lld",
			  (long long)base, (long long)limit);
	dt_agg_incr(call, "lquantize", dt_agg_arg(args, 4), 5);
	p[0] = base;
	p[1] = limit;
	p[2] = step;
}

static void dt_agg_llquantize(struct dt_node *call, struct dt_node *args,
			      s64 *p)
{
	s64 factor, low, high, nsteps;
	u64 v;
	int ok, i;

	factor = dt_agg_const(dt_agg_arg(args, 1), &ok);
	if (!ok)
		dt_cerror(&call->loc, D_LLQUANT_FACTORTYPE,
			  "llquantize( ) argument #2 (factor) must be an integer constant");
	if (factor < 2 || factor > UINT16_MAX)
		dt_cerror(&call->loc, D_LLQUANT_FACTORVAL,
			  "llquantize( ) argument #2 (factor) must be between 2 and 65535");
	low = dt_agg_const(dt_agg_arg(args, 2), &ok);
	if (!ok)
		dt_cerror(&call->loc, D_LLQUANT_LMAGTYPE,
			  "llquantize( ) argument #3 (low magnitude) must be an integer constant");
	if (low < 0 || low > UINT16_MAX)
		dt_cerror(&call->loc, D_LLQUANT_LMAGVAL,
			  "llquantize( ) argument #3 (low magnitude) must be between 0 and 65535");
	high = dt_agg_const(dt_agg_arg(args, 3), &ok);
	if (!ok)
		dt_cerror(&call->loc, D_LLQUANT_HMAGTYPE,
			  "llquantize( ) argument #4 (high magnitude) must be an integer constant");
	if (high < 0 || high > UINT16_MAX)
		dt_cerror(&call->loc, D_LLQUANT_HMAGVAL,
			  "llquantize( ) argument #4 (high magnitude) must be between 0 and 65535");
	if (high < low)
		dt_cerror(&call->loc, D_LLQUANT_HMAGVAL,
			  "llquantize( ) high magnitude (argument #4) must be at least the low magnitude (argument #3)");
	/* factor^(high + 1) must fit in 64 bits. */
	for (i = 0, v = 1; i <= high; i++) {
		if (v > ~0ULL / (u64)factor)
			dt_cerror(&call->loc, D_LLQUANT_HMAGVAL,
				  "llquantize( ) factor (argument #2) raised to the power of the high magnitude (argument #4) plus 1 overflows 64 bits");
		v *= factor;
	}
	nsteps = dt_agg_const(dt_agg_arg(args, 4), &ok);
	if (!ok || nsteps <= 0)
		dt_cerror(&call->loc, D_LLQUANT_STEPTYPE,
			  "llquantize( ) argument #5 (steps) must be a non-zero positive integer constant");
	if (nsteps > UINT16_MAX)
		dt_cerror(&call->loc, D_LLQUANT_STEPVAL,
			  "llquantize( ) argument #5 (steps) must be less than 65536");
	/*
	 * The steps of an order of magnitude must divide it evenly: fewer
	 * steps than the factor must divide the factor, more must be a
	 * multiple of it that divides the first bucket's magnitude.
	 */
	if (nsteps < factor) {
		if (factor % nsteps)
			dt_cerror(&call->loc, D_LLQUANT_STEPVAL,
				  "llquantize( ) factor (argument #2) must be evenly divisible by the number of steps per magnitude (argument #5)");
	} else if (nsteps % factor) {
		dt_cerror(&call->loc, D_LLQUANT_STEPVAL,
			  "llquantize( ) number of steps per magnitude (argument #5) must be a multiple of the factor (argument #2)");
	} else if (low > 0) {
		for (i = 0, v = 1; i <= low; i++)
			v *= factor;
		if (v % nsteps)
			dt_cerror(&call->loc, D_LLQUANT_STEPVAL,
				  "llquantize( ) number of steps per magnitude (argument #5) must evenly divide the factor raised to the low magnitude (argument #3) plus 1");
	}
	dt_agg_incr(call, "llquantize", dt_agg_arg(args, 5), 6);
	p[0] = factor;
	p[1] = low;
	p[2] = high;
	p[3] = nsteps;
}

/* A later use of aggregation @id must agree with its first. */
static void dt_agg_match(struct dt_node *n, struct dt_ident *id,
			 const struct dt_ident *fn, const s64 *p)
{
	static const enum dt_errtag lq[] = {
		D_LQUANT_MATCHBASE, D_LQUANT_MATCHLIM, D_LQUANT_MATCHSTEP,
	};
	static const char * const lqn[] = { "base", "limit", "step" };
	static const enum dt_errtag llq[] = {
		D_LLQUANT_MATCHFACTOR, D_LLQUANT_MATCHLMAG,
		D_LLQUANT_MATCHHMAG, D_LLQUANT_MATCHSTEPS,
	};
	static const char * const llqn[] = {
		"factor", "low magnitude", "high magnitude", "steps",
	};
	int i;

	if (id->aggfn != fn)
		dt_cerror(&n->loc, D_AGG_REDEF,
			  "%s redefined: it was assigned %s( ) before",
			  id->name, id->aggfn->name);
	for (i = 0; i < 4; i++) {
		if (id->aggparam[i] == p[i])
			continue;
		if (fn->id == DT_AGG_LQUANTIZE && i < 3)
			dt_cerror(&n->loc, lq[i],
				  "lquantize( ) %s (argument #%d) doesn't match previous declaration: expected %lld",
				  lqn[i], i + 2, (long long)id->aggparam[i]);
		if (fn->id == DT_AGG_LLQUANTIZE)
			dt_cerror(&n->loc, llq[i],
				  "llquantize( ) %s (argument #%d) doesn't match previous declaration: expected %lld",
				  llqn[i], i + 2, (long long)id->aggparam[i]);
	}
}

/**
 * dt_node_keytype - the type of an aggregation key
 * @k: the key's expression
 *
 * That of its value; for an action that records something other than a
 * value (ustack(), sym(), usym()...), the type of what it records.
 */
const struct dt_type *dt_node_keytype(const struct dt_node *k)
{
	if (k->kind != DT_NODE_FUNC || !k->ident ||
	    k->ident->kind != DT_IDENT_ACTFUNC)
		return k->type;
	switch (k->ident->id) {
	case DTRACEACT_USTACK:
		return &dt_type_ustack;
	case DTRACEACT_SYM:
		return &dt_type_symaddr;
	case DTRACEACT_MOD:
		return &dt_type_modaddr;
	case DTRACEACT_USYM:
		return &dt_type_usymaddr;
	case DTRACEACT_UMOD:
		return &dt_type_umodaddr;
	case DTRACEACT_UADDR:
		return &dt_type_uaddr;
	default:
		return k->type;
	}
}

/* Check the keys of an aggregation against its first use. */
static void dt_agg_keys(struct dt_node *n, struct dt_ident *id,
			struct dt_node *keys, int first)
{
	const struct dt_type *kt;
	struct dt_node *k;
	char tb[128], pb[128];
	int i, nk = dt_node_list_len(keys);

	for (k = keys, i = 1; k; k = k->next, i++) {
		kt = dt_node_keytype(k);
		if (dt_type_is_void(kt) || kt->kind == DT_TK_AGG ||
		    kt->kind == DT_TK_FUNC || kt->kind == DT_TK_ARRAY)
			dt_cerror(&n->loc, D_KEY_TYPE,
				  "%s[ ] key #%d is of an invalid type: %s", id->name, i,
				  dt_type_name(kt, tb, sizeof(tb)));
		if (kt->act)
			dt_proto_check(k, k->ident->name, k->ident->proto,
				       k->args);
	}
	if (first) {
		if (nk > (int)ARRAY_SIZE(id->keys))
			dt_cerror(&n->loc, D_AGG_MDIM, "%s has too many keys",
				  id->name);
		for (k = keys, i = 0; k; k = k->next, i++)
			id->keys[i] = dt_type_is_string(k->type) ?
				      &dt_type_string : dt_node_keytype(k);
		id->nkeys = nk;
		return;
	}
	if (nk != id->nkeys)
		dt_cerror(&n->loc, D_PROTO_LEN,
			  "%s[ ] prototype mismatch: %d key%s passed, %d expected",
			  id->name, nk, nk == 1 ? "" : "s", id->nkeys);
	for (k = keys, i = 0; k; k = k->next, i++) {
		const struct dt_type *want = id->keys[i];
		int ok;

		kt = dt_node_keytype(k);
		/* A key of an action is recorded as the action records. */
		ok = want->act != kt->act ? 0 :
		     dt_type_is_string(want) ? dt_type_is_string(kt) :
		     dt_type_is_integer(want) ? dt_type_is_integer(kt) :
		     dt_type_same(want, kt);
		if (!ok)
			dt_cerror(&n->loc, D_PROTO_ARG,
				  "%s[ ] key #%d is incompatible with prototype:\n\tprototype: %s\n\t      key: %s",
				  id->name, i + 1, dt_type_name(want, pb, sizeof(pb)),
				  dt_type_name(kt, tb, sizeof(tb)));
	}
}

/*
 * @name[keys] = func(args): returns the aggregation; @n is the
 * assignment.
 */
struct dt_ident *dt_agg_stmt(struct dt_node *n)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	struct dt_node *lhs = n->left, *rhs = n->right, *keys = NULL, *args = NULL;
	struct dt_node *k, *next;
	const struct dt_ident *fn;
	struct dt_ident *id;
	s64 p[4] = { 0 };
	char tb[128];
	int first;

	if (lhs->kind != DT_NODE_AGG)
		dt_cerror(&n->loc, D_AGG_MDIM,
			  "%s may not be indexed by more than one tuple",
			  lhs->left->string);
	if (n->op != DT_OP_ASGN)
		dt_cerror(&n->loc, D_AGG_FUNC,
			  "operator %s may not be applied to an aggregation",
			  dt_op_name(n->op));
	if (rhs->kind != DT_NODE_FUNC)
		dt_cerror(&n->loc, D_AGG_FUNC,
			  "%s must be assigned the result of an aggregating function",
			  lhs->string);
	fn = dt_builtin_func(rhs->string);
	if (!fn)
		dt_cerror(&rhs->loc, D_FUNC_UNDEF,
			  "failed to resolve %s: Unknown function name", rhs->string);
	if (fn->kind != DT_IDENT_AGGFUNC)
		dt_cerror(&n->loc, D_AGG_FUNC,
			  "%s must be assigned the result of an aggregating function",
			  lhs->string);

	for (k = lhs->args; k; k = next) {
		next = k->next;
		k->next = NULL;
		keys = dt_node_append(keys, dt_cook(k, 0));
	}
	for (k = rhs->args; k; k = next) {
		next = k->next;
		k->next = NULL;
		args = dt_node_append(args, dt_cook(k, 0));
	}
	lhs->args = keys;
	rhs->args = args;
	dt_proto_check(rhs, fn->name, fn->proto, args);

	switch (fn->id) {
	case DT_AGG_COUNT:
		break;
	case DT_AGG_LQUANTIZE:
	case DT_AGG_LLQUANTIZE:
	case DT_AGG_QUANTIZE:
	case DT_AGG_SUM:
	case DT_AGG_AVG:
	case DT_AGG_MIN:
	case DT_AGG_MAX:
	case DT_AGG_STDDEV:
		if (!dt_type_is_scalar(args->type))
			dt_cerror(&n->loc, D_AGG_SCALAR,
				  "%s( ) requires a scalar argument, not %s", fn->name,
				  dt_type_name(args->type, tb, sizeof(tb)));
		break;
	}
	if (fn->id == DT_AGG_LQUANTIZE)
		dt_agg_lquantize(rhs, args, p);
	else if (fn->id == DT_AGG_LLQUANTIZE)
		dt_agg_llquantize(rhs, args, p);
	else if (fn->id == DT_AGG_QUANTIZE)
		dt_agg_incr(rhs, "quantize", args->next, 2);

	id = dt_idhash_lookup(&dtp->aggs, lhs->string);
	first = !id;
	if (first) {
		id = dt_idhash_insert(&dtp->aggs, lhs->string, DT_IDENT_AGG,
				      &dt_type_agg);
		id->loc = n->loc;
		id->aggfn = fn;
		memcpy(id->aggparam, p, sizeof(p));
		id->flags |= DT_IDF_ASSIGNED;
	} else {
		dt_agg_match(n, id, fn, p);
	}
	dt_agg_keys(n, id, keys, first);
	return id;
}
