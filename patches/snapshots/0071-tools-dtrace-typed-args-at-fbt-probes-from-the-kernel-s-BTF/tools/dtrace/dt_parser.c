// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the syntax tree, declarations, and the semantic checks.
 *
 * The parser builds nodes with dt_node_*(); dt_cook() then resolves the
 * identifiers of an expression, gives every node its type, folds
 * integer constants and reports what D does not allow, with the error
 * tags and messages DTrace uses.  Variables are declared by declarations
 * or by their first assignment, in program order.
 *
 * The kernel's structs and unions (dt_btf.c) are values by reference,
 * as strings are: an expression of such a type computes its address,
 * and p->m and s.m add the member's offset to it and load the member
 * (unless it is itself a struct, a union or an array).
 */
#include <limits.h>
#include <string.h>

#include "dtrace.h"

static const char * const dt_op_names[DT_OP_MAX] = {
	[DT_OP_COMMA] = ",",
	[DT_OP_ASGN] = "=",
	[DT_OP_ADD_EQ] = "+=",
	[DT_OP_SUB_EQ] = "-=",
	[DT_OP_MUL_EQ] = "*=",
	[DT_OP_DIV_EQ] = "/=",
	[DT_OP_MOD_EQ] = "%=",
	[DT_OP_AND_EQ] = "&=",
	[DT_OP_XOR_EQ] = "^=",
	[DT_OP_OR_EQ] = "|=",
	[DT_OP_SHL_EQ] = "<<=",
	[DT_OP_SHR_EQ] = ">>=",
	[DT_OP_QUESTION] = "?:",
	[DT_OP_LOR] = "||",
	[DT_OP_LXOR] = "^^",
	[DT_OP_LAND] = "&&",
	[DT_OP_BOR] = "|",
	[DT_OP_XOR] = "^",
	[DT_OP_BAND] = "&",
	[DT_OP_EQU] = "==",
	[DT_OP_NEQ] = "!=",
	[DT_OP_LT] = "<",
	[DT_OP_LE] = "<=",
	[DT_OP_GT] = ">",
	[DT_OP_GE] = ">=",
	[DT_OP_SHL] = "<<",
	[DT_OP_SHR] = ">>",
	[DT_OP_ADD] = "+",
	[DT_OP_SUB] = "-",
	[DT_OP_MUL] = "*",
	[DT_OP_DIV] = "/",
	[DT_OP_MOD] = "%",
	[DT_OP_LNEG] = "!",
	[DT_OP_BNEG] = "~",
	[DT_OP_INEG] = "-",
	[DT_OP_IPOS] = "+",
	[DT_OP_DEREF] = "*",
	[DT_OP_ADDROF] = "&",
	[DT_OP_PREINC] = "++",
	[DT_OP_PREDEC] = "--",
	[DT_OP_POSTINC] = "++",
	[DT_OP_POSTDEC] = "--",
	[DT_OP_SIZEOF] = "sizeof",
	[DT_OP_STRINGOF] = "stringof",
	[DT_OP_CAST] = "(cast)",
	[DT_OP_INDEX] = "[]",
	[DT_OP_DOT] = ".",
	[DT_OP_PTR] = "->",
};

const char *dt_op_name(enum dt_op op)
{
	if (op >= DT_OP_MAX || !dt_op_names[op])
		return "?";
	return dt_op_names[op];
}

/* --- Nodes ------------------------------------------------------------- */

static struct dt_node *dt_node_new(enum dt_nkind kind, const struct dt_loc *loc)
{
	struct dt_node *n = dt_zalloc(sizeof(*n));

	n->kind = kind;
	if (loc)
		n->loc = *loc;
	n->reg = -1;
	return n;
}

struct dt_node *dt_node_int(const struct dt_loc *loc, u64 value,
			    const struct dt_type *type)
{
	struct dt_node *n = dt_node_new(DT_NODE_INT, loc);

	n->value = value;
	n->type = type;
	return n;
}

struct dt_node *dt_node_str(const struct dt_loc *loc, char *s)
{
	struct dt_node *n = dt_node_new(DT_NODE_STRING, loc);

	n->string = s;
	n->type = &dt_type_string;
	return n;
}

struct dt_node *dt_node_ident(const struct dt_loc *loc, char *name)
{
	struct dt_node *n = dt_node_new(DT_NODE_IDENT, loc);

	n->string = name;
	return n;
}

struct dt_node *dt_node_op1(const struct dt_loc *loc, enum dt_op op,
			    struct dt_node *l)
{
	struct dt_node *n = dt_node_new(DT_NODE_OP1, loc);

	n->op = op;
	n->left = l;
	return n;
}

struct dt_node *dt_node_op2(const struct dt_loc *loc, enum dt_op op,
			    struct dt_node *l, struct dt_node *r)
{
	struct dt_node *n = dt_node_new(DT_NODE_OP2, loc);

	n->op = op;
	n->left = l;
	n->right = r;
	return n;
}

struct dt_node *dt_node_op3(const struct dt_loc *loc, struct dt_node *c,
			    struct dt_node *l, struct dt_node *r)
{
	struct dt_node *n = dt_node_new(DT_NODE_OP3, loc);

	n->op = DT_OP_QUESTION;
	n->cond = c;
	n->left = l;
	n->right = r;
	return n;
}

struct dt_node *dt_node_func(const struct dt_loc *loc, struct dt_node *fn,
			     struct dt_node *args)
{
	struct dt_node *n = dt_node_new(DT_NODE_FUNC, loc);

	if (fn->kind != DT_NODE_IDENT)
		dt_cerror(&fn->loc, D_FUNC_IDENT,
			  "function designator is not of function type");
	n->string = fn->string;
	n->args = args;
	return n;
}

struct dt_node *dt_node_member(const struct dt_loc *loc, enum dt_op op,
			       struct dt_node *l, char *name)
{
	struct dt_node *n = dt_node_new(DT_NODE_OP2, loc);

	n->op = op;
	n->left = l;
	n->string = name;
	return n;
}

struct dt_node *dt_node_type(const struct dt_loc *loc, const struct dt_type *t)
{
	struct dt_node *n = dt_node_new(DT_NODE_TYPE, loc);

	n->type = t;
	return n;
}

struct dt_node *dt_node_agg(const struct dt_loc *loc, char *name,
			    struct dt_node *keys)
{
	struct dt_node *n = dt_node_new(DT_NODE_AGG, loc);

	n->string = name;
	n->args = keys;
	return n;
}

struct dt_node *dt_node_kw(const struct dt_loc *loc, enum dt_nkind kind)
{
	return dt_node_new(kind, loc);
}

struct dt_node *dt_node_append(struct dt_node *list, struct dt_node *n)
{
	struct dt_node *p;

	if (!list)
		return n;
	if (!n) {
		/* An empty statement: keep a placeholder to keep order. */
		n = dt_node_new(DT_NODE_INT, NULL);
		n->flags |= DT_NF_COOKED;
		n->type = &dt_type_void;
	}
	for (p = list; p->next; p = p->next)
		;
	p->next = n;
	return list;
}

int dt_node_list_len(const struct dt_node *list)
{
	int n = 0;

	for (; list; list = list->next)
		n++;
	return n;
}

/* --- Declarations ------------------------------------------------------ */

void dt_declspec_add(struct dt_declspec *ds, unsigned int tspec,
		     const struct dt_loc *loc)
{
	if (!ds->loc.line && loc)
		ds->loc = *loc;
	if (tspec == DT_TS_LONG && (ds->tspec & DT_TS_LONG)) {
		if (ds->tspec & DT_TS_LLONG)
			dt_cerror(loc, D_DECL_LONGINT,
				  "long long long is too long");
		tspec = DT_TS_LLONG;
	} else if (ds->tspec & tspec) {
		dt_cerror(loc, D_DECL_COMBO,
			  "invalid type combination");
	}
	ds->tspec |= tspec;
}

/* The type a set of specifiers names: "unsigned long" and so on. */
const struct dt_type *dt_declspec_type(struct dt_declspec *ds)
{
	unsigned int ts = ds->tspec;
	unsigned int base = ts & ~(DT_TS_SIGNED | DT_TS_UNSIGNED);
	int uns = !!(ts & DT_TS_UNSIGNED);

	if ((ts & DT_TS_SIGNED) && uns)
		dt_cerror(&ds->loc, D_DECL_COMBO, "invalid type combination");
	if (ts & DT_TS_SOU)
		dt_cerror(&ds->loc, D_IDENT_UNSUPP,
			  "translator and provider declarations are not supported yet");
	if (ts & DT_TS_NAME) {
		if (base != DT_TS_NAME || (ts & (DT_TS_SIGNED | DT_TS_UNSIGNED)))
			dt_cerror(&ds->loc, D_DECL_COMBO,
				  "invalid type combination");
		return ds->tname;
	}
	switch (base) {
	case 0:
		if (ts)
			return uns ? &dt_type_uint : &dt_type_int;
		return NULL;
	case DT_TS_VOID:
		if (ts != base)
			break;
		return &dt_type_void;
	case DT_TS_CHAR:
		if (ts & DT_TS_SIGNED)
			return &dt_type_schar;
		return uns ? &dt_type_uchar : &dt_type_char;
	case DT_TS_SHORT:
	case DT_TS_SHORT | DT_TS_INT:
		return uns ? &dt_type_ushort : &dt_type_short;
	case DT_TS_INT:
		return uns ? &dt_type_uint : &dt_type_int;
	case DT_TS_LONG:
	case DT_TS_LONG | DT_TS_INT:
		return uns ? &dt_type_ulong : &dt_type_long;
	case DT_TS_LONG | DT_TS_LLONG:
	case DT_TS_LONG | DT_TS_LLONG | DT_TS_INT:
		return uns ? &dt_type_ullong : &dt_type_llong;
	case DT_TS_FLOAT:
		if (ts != base)
			break;
		return &dt_type_float;
	case DT_TS_DOUBLE:
		if (ts != base)
			break;
		return &dt_type_double;
	case DT_TS_LONG | DT_TS_DOUBLE:
		if (uns || (ts & DT_TS_SIGNED))
			break;
		return &dt_type_ldouble;
	case DT_TS_STRING:
		if (ts != base)
			break;
		return &dt_type_string;
	}
	dt_cerror(&ds->loc, D_DECL_COMBO, "invalid type combination");
}

/* struct TAG, union TAG, enum TAG: the kernel's type of that tag. */
const struct dt_type *dt_type_tag(enum dt_tkind kind, const char *tag,
				  const struct dt_loc *loc)
{
	const struct dt_type *t;
	char err[768];

	t = dt_btf_lookup_tag(kind, tag, err, sizeof(err));
	if (!t)
		dt_cerror(loc, D_TYPE_ERR, "%s", err);
	return t;
}

struct dt_node *dt_node_typename(struct dt_declspec *ds, int nptr)
{
	const struct dt_type *t = dt_declspec_type(ds);

	if (!t)
		dt_cerror(&ds->loc, D_SYNTAX, "type name expected");
	while (nptr-- > 0)
		t = dt_type_ptr(t);
	return dt_node_type(&ds->loc, t);
}

/*
 * offsetof(type, member[.member...]): the offset in bytes of a member of
 * a struct or union, an integer constant.
 */
struct dt_node *dt_node_offsetof(const struct dt_loc *loc, struct dt_node *type,
				 struct dt_node *names)
{
	const struct dt_type *t = type->type;
	const struct dt_member *m;
	unsigned long off = 0, bit;
	struct dt_node *k;
	char tb[128];

	for (k = names; k; k = k->next) {
		if (!dt_type_is_sou(t))
			dt_cerror(&k->loc, D_OFFSETOF_TYPE,
				  "offsetof( ) must be applied to a struct or union type, not %s",
				  dt_type_name(t, tb, sizeof(tb)));
		if (t->is_fwd)
			dt_cerror(&k->loc, D_OFFSETOF_TYPE,
				  "offsetof( ) cannot be applied to incomplete type %s",
				  t->name);
		m = dt_type_member(t, k->string, &bit);
		if (!m)
			dt_cerror(&k->loc, D_TYPE_MEMBER,
				  "%s has no member named %s", t->name, k->string);
		if (m->bit_size)
			dt_cerror(&k->loc, D_OFFSETOF_BITFIELD,
				  "cannot take offset of a bit-field: %s", k->string);
		off += bit;
		t = m->type;
	}
	return dt_node_int(loc, off / 8, &dt_type_size);
}

/* The string type has the size of the strsize option. */
static const struct dt_type *dt_type_sized(const struct dt_type *t)
{
	return t;
}

static struct dt_idhash *dt_scope_hash(struct dt_handle *dtp, unsigned int dclass)
{
	if (dclass & DT_DS_SELF)
		return &dtp->tls;
	if (dclass & DT_DS_THIS)
		return &dtp->locals;
	return &dtp->globals;
}

static const char *dt_scope_prefix(int scope)
{
	switch (scope) {
	case DIFV_SCOPE_THREAD:
		return "self->";
	case DIFV_SCOPE_LOCAL:
		return "this->";
	default:
		return "";
	}
}

static void dt_declare_array(struct dt_ident *id, struct dt_declarator *d)
{
	struct dt_node *k;
	int i = 0;

	if (!d->dims)
		dt_cerror(&d->loc, D_DECL_ARRNULL,
			  "array declaration requires array dimension or tuple signature: %s",
			  d->name);
	for (k = d->dims; k; k = k->next) {
		if (k->kind != DT_NODE_TYPE) {
			k = dt_cook(k, 0);
			if (k->kind != DT_NODE_INT || d->ndims != 1 ||
			    (s64)k->value <= 0)
				dt_cerror(&k->loc, D_DECL_ARRSUB,
					  "positive integral constant expression or tuple signature expected as array declaration subscript");
			id->nkeys = 1;
			id->keys[0] = &dt_type_int64;
			id->type = dt_type_array(id->type, (unsigned int)k->value);
			return;
		}
		if (dt_type_is_void(k->type))
			dt_cerror(&k->loc, D_DECL_PROTO_TYPE,
				  "array prototype may not use parameter of type void: (anonymous), parameter #%d",
				  i + 1);
		if (i >= (int)ARRAY_SIZE(id->keys))
			dt_cerror(&k->loc, D_DECL_ARRBIG,
				  "array tuple signature is too long");
		id->keys[i++] = k->type;
	}
	id->nkeys = i;
}

/* A declaration: variables, inlines, prototypes; typedefs. */
void dt_declare(struct dt_declspec *ds, struct dt_declarator *d)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	unsigned int cls = ds->dclass & (DT_DS_SELF | DT_DS_THIS | DT_DS_INLINE |
					 DT_DS_EXTERN | DT_DS_STATIC |
					 DT_DS_TYPEDEF | DT_DS_REGISTER);
	const struct dt_type *t;
	struct dt_idhash *h;
	struct dt_ident *id;
	int i;

	if (cls & (cls - 1))
		dt_cerror(&ds->loc, D_DECL_CLASS,
			  "more than one storage class specified");
	t = dt_declspec_type(ds);
	if (!t) {
		/* "self x;": no type, int by default */
		t = &dt_type_int;
	}
	if (!d) {
		if (!(ds->tspec & DT_TS_SOU))
			dt_cerror(&ds->loc, D_DECL_USELESS,
				  "useless declaration");
		return;
	}
	for (i = 0; i < d->nptr; i++)
		t = dt_type_ptr(t);

	if (cls & DT_DS_TYPEDEF)
		dt_cerror(&d->loc, D_IDENT_UNSUPP, "typedef is not supported yet");
	if (cls & (DT_DS_REGISTER | DT_DS_STATIC))
		dt_cerror(&d->loc, D_DECL_BADCLASS,
			  "invalid storage class for %s", d->name);

	if (d->kind == 2) {
		/* A function prototype: nothing to do but remember it. */
		h = &dtp->globals;
		id = dt_idhash_lookup(h, d->name);
		if (!id) {
			id = dt_idhash_insert(h, d->name, DT_IDENT_FUNC, t);
			id->loc = d->loc;
			id->flags |= DT_IDF_DECL | DT_IDF_ASSIGNED;
		}
		return;
	}

	if (cls & DT_DS_INLINE) {
		struct dt_node *v;

		if (!d->init)
			dt_cerror(&d->loc, D_SYNTAX,
				  "inline definition requires a value");
		v = dt_cook(d->init, 0);
		if (dt_idhash_lookup(&dtp->globals, d->name) ||
		    dt_builtin_var(d->name))
			dt_cerror(&d->loc, D_DECL_IDRED,
				  "identifier redeclared: %s", d->name);
		id = dt_idhash_insert(&dtp->globals, d->name, DT_IDENT_INLINE, t);
		id->init = v;
		id->loc = d->loc;
		id->flags |= DT_IDF_DECL | DT_IDF_ASSIGNED;
		return;
	}
	if (d->init)
		dt_cerror(&d->init->loc, D_SYNTAX,
			  "initializers are only permitted in inline definitions");

	if (t->kind == DT_TK_VOID)
		dt_cerror(&d->loc, D_DECL_VOIDOBJ,
			  "cannot have void object: %s", d->name);
	if (dt_type_is_sou(t)) {
		char tb[128];

		dt_cerror(&d->loc, D_IDENT_UNSUPP,
			  "variables of type %s are not supported yet: %s",
			  dt_type_name(t, tb, sizeof(tb)), d->name);
	}

	h = dt_scope_hash(dtp, cls);
	if (d->kind == 1 && (cls & DT_DS_THIS))
		dt_cerror(&d->loc, D_DECL_LOCASSC,
			  "local variables may not be declared as arrays: %s",
			  d->name);
	if (h == &dtp->globals && dt_builtin_var(d->name))
		dt_cerror(&d->loc, D_DECL_IDRED,
			  "identifier redeclared: %s", d->name);

	id = dt_idhash_lookup(h, d->name);
	if (id) {
		if (!id->type || (id->flags & DT_IDF_DECL) == 0 ||
		    dt_type_same(id->type, t))
			return;
		dt_cerror(&d->loc, D_DECL_IDRED,
			  "identifier redeclared: %s%s", dt_scope_prefix(h->scope),
			  d->name);
	}
	id = dt_idhash_insert(h, d->name,
			      d->kind == 1 ? DT_IDENT_ARRAY : DT_IDENT_SCALAR,
			      dt_type_sized(t));
	id->loc = d->loc;
	id->flags |= DT_IDF_DECL | DT_IDF_ASSIGNED;
	if (d->kind == 1)
		dt_declare_array(id, d);
}

/* --- Semantic checks --------------------------------------------------- */

static char *dt_tname(const struct dt_type *t, char *buf)
{
	return dt_type_name(t, buf, 128);
}

static __noreturn void dt_incompat(const struct dt_node *n,
				   const struct dt_type *l,
				   const struct dt_type *r)
{
	char lb[128], rb[128];

	dt_cerror(&n->loc, D_OP_INCOMPAT,
		  "operands have incompatible types: \"%s\" %s \"%s\"",
		  dt_tname(l, lb), dt_op_name(n->op), dt_tname(r, rb));
}

/* Truncate a constant to its type, as a store to it would. */
u64 dt_int_trunc(u64 v, const struct dt_type *t)
{
	unsigned int bits;

	if (!dt_type_is_integer(t) || t->size >= 8)
		return v;
	bits = t->size * 8;
	v &= (1ULL << bits) - 1;
	if (!t->is_unsigned && (v & (1ULL << (bits - 1))))
		v |= ~0ULL << bits;
	return v;
}

/*
 * The type of an integer literal of value @v, read as a signed 64-bit
 * value if @sgn: the first of int, unsigned int, long and unsigned long
 * that holds it.
 */
static const struct dt_type *dt_int_type(u64 v, int sgn)
{
	s64 s = (s64)v;

	if (sgn && s < 0)
		return s >= INT_MIN ? &dt_type_int : &dt_type_long;
	if (v <= INT_MAX)
		return &dt_type_int;
	if (v <= UINT_MAX)
		return &dt_type_uint;
	if (v <= LONG_MAX)
		return &dt_type_long;
	return &dt_type_ulong;
}

/*
 * Constant expressions are computed in 64 bits, as DTrace does, not in
 * the type of their operands: (1 << 63) - 1 is 0x7fffffffffffffff, not
 * -1.  The operands are already the 64-bit values of their types (a
 * constant of a narrower type is sign- or zero-extended); the type of
 * the operation only says whether to compute signed or unsigned.  The
 * result keeps the type of the operation if it holds the value (-4ll is
 * a long long), else it has the type of an integer literal of its value
 * (1 << 40 is a long).
 */
static struct dt_node *dt_fold_int(const struct dt_node *n, u64 v, int sgn)
{
	const struct dt_type *t = n->type;

	if (!dt_type_is_integer(t) || dt_int_trunc(v, t) != v)
		t = dt_int_type(v, sgn);
	return dt_node_int(&n->loc, v, t);
}

static struct dt_node *dt_fold1(struct dt_node *n)
{
	u64 v = n->left->value;
	int sgn = !n->type->is_unsigned;

	switch (n->op) {
	case DT_OP_INEG:
		v = -v;
		break;
	case DT_OP_IPOS:
		break;
	case DT_OP_BNEG:
		v = ~v;
		break;
	case DT_OP_LNEG:
		v = !v;
		break;
	default:
		return n;
	}
	return dt_fold_int(n, v, sgn);
}

static struct dt_node *dt_fold2(struct dt_node *n)
{
	const struct dt_type *ct = dt_type_arith(n->left->type, n->right->type);
	u64 a = n->left->value;
	u64 b = n->right->value;
	int uns = ct->is_unsigned;
	u64 v;

	switch (n->op) {
	case DT_OP_ADD:
		v = a + b;
		break;
	case DT_OP_SUB:
		v = a - b;
		break;
	case DT_OP_MUL:
		v = a * b;
		break;
	case DT_OP_DIV:
	case DT_OP_MOD:
		if (!b)
			dt_cerror(&n->loc, D_DIV_ZERO,
				  "expression contains division by zero");
		if (uns)
			v = n->op == DT_OP_DIV ? a / b : a % b;
		else if ((s64)b == -1)
			v = n->op == DT_OP_DIV ? -a : 0;
		else if (n->op == DT_OP_DIV)
			v = (u64)((s64)a / (s64)b);
		else
			v = (u64)((s64)a % (s64)b);
		break;
	case DT_OP_BAND:
		v = a & b;
		break;
	case DT_OP_BOR:
		v = a | b;
		break;
	case DT_OP_XOR:
		v = a ^ b;
		break;
	case DT_OP_SHL:
	case DT_OP_SHR:
		/* A shift has the type of its left operand. */
		uns = n->type->is_unsigned;
		if (n->op == DT_OP_SHL)
			v = a << (b & 63);
		else
			v = uns ? a >> (b & 63) : (u64)((s64)a >> (b & 63));
		break;
	case DT_OP_EQU:
		v = a == b;
		break;
	case DT_OP_NEQ:
		v = a != b;
		break;
	case DT_OP_LT:
		v = uns ? a < b : (s64)a < (s64)b;
		break;
	case DT_OP_LE:
		v = uns ? a <= b : (s64)a <= (s64)b;
		break;
	case DT_OP_GT:
		v = uns ? a > b : (s64)a > (s64)b;
		break;
	case DT_OP_GE:
		v = uns ? a >= b : (s64)a >= (s64)b;
		break;
	case DT_OP_LAND:
		v = a && b;
		break;
	case DT_OP_LOR:
		v = a || b;
		break;
	case DT_OP_LXOR:
		v = !a != !b;
		break;
	default:
		return n;
	}
	return dt_fold_int(n, v, !uns);
}

/* A null pointer constant: 0, NULL, or either cast to a pointer. */
static int dt_node_is_null(const struct dt_node *n)
{
	if (n->kind == DT_NODE_OP2 && n->op == DT_OP_CAST &&
	    dt_type_is_ptr(n->type))
		n = n->right;
	return n->kind == DT_NODE_INT && !n->value &&
	       (dt_type_is_integer(n->type) || dt_type_is_ptr(n->type));
}

#define DT_NF_ALLOCA_ANY	(DT_NF_ALLOCA | DT_NF_ALLOCA_MIX)

/*
 * A variable that holds alloca() pointers gives alloca() pointers: DTrace
 * keeps apart the variables that point into the scratch memory of a
 * firing and those that point elsewhere.
 */
static void dt_var_alloca(struct dt_node *n, const struct dt_ident *id)
{
	if (id->flags & DT_IDF_ALLOCA)
		n->flags |= DT_NF_ALLOCA;
}

static int dt_is_lvalue(const struct dt_node *n)
{
	return n->flags & DT_NF_LVALUE;
}

static void dt_need_value(const struct dt_node *n, const struct dt_node *op)
{
	if (dt_type_is_void(n->type) || n->type->kind == DT_TK_FUNC)
		dt_cerror(&op->loc, D_OP_SCALAR,
			  "operator %s requires an operand with a value",
			  dt_op_name(op->op));
}

static struct dt_ident *dt_var_lookup(struct dt_handle *dtp, int scope,
				      const char *name)
{
	switch (scope) {
	case DIFV_SCOPE_THREAD:
		return dt_idhash_lookup(&dtp->tls, name);
	case DIFV_SCOPE_LOCAL:
		return dt_idhash_lookup(&dtp->locals, name);
	default:
		return dt_idhash_lookup(&dtp->globals, name);
	}
}

static struct dt_idhash *dt_var_hash(struct dt_handle *dtp, int scope)
{
	switch (scope) {
	case DIFV_SCOPE_THREAD:
		return &dtp->tls;
	case DIFV_SCOPE_LOCAL:
		return &dtp->locals;
	default:
		return &dtp->globals;
	}
}

/* p->m or s.m, cooked: a member of a struct or union. */
int dt_node_is_member(const struct dt_node *n)
{
	return n->kind == DT_NODE_OP2 &&
	       (n->op == DT_OP_PTR || n->op == DT_OP_DOT) && n->member;
}

/*
 * curthread is a uintptr_t, as it has always been, except where it is
 * used as a pointer (->, *): there it is the kernel's struct
 * task_struct *, and the kernel's BTF is read for it.
 */
static void dt_cook_curthread(struct dt_node *l)
{
	if (l->kind != DT_NODE_VAR || !(l->ident->flags & DT_IDF_BUILTIN) ||
	    l->ident->id != DIF_VAR_CURTHREAD || dt_type_is_ptr(l->type))
		return;
	l->type = dt_type_ptr(dt_type_tag(DT_TK_STRUCT, "task_struct",
					  &l->loc));
}

/*
 * An array member used as a value: a pointer to its first element, as
 * in C.  (D's own scalar arrays are variables, with no address.)
 */
static struct dt_node *dt_decay(struct dt_node *n)
{
	struct dt_node *c;

	if (n->type->kind != DT_TK_ARRAY || n->kind == DT_NODE_VAR)
		return n;
	c = dt_node_op2(&n->loc, DT_OP_CAST,
			dt_node_type(&n->loc, dt_type_ptr(n->type->ref)), n);
	c->type = c->left->type;
	c->flags |= DT_NF_COOKED | (n->flags & DT_NF_USERLAND);
	return c;
}

/* How a variable reference is used, for creating variables. */
#define DT_VREF_READ	0
#define DT_VREF_ASGN	1	/* the left of = */
#define DT_VREF_INCDEC	2	/* ++, -- */
#define DT_VREF_OPASGN	3	/* the left of op= */

static struct dt_node *dt_cook_varref(struct dt_node *n, int scope,
				      const char *name, int how)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	struct dt_ident *id = dt_var_lookup(dtp, scope, name);
	int reg;

	if (scope == DIFV_SCOPE_GLOBAL && !id) {
		const struct dt_ident *b = dt_builtin_var(name);

		if (b) {
			n->kind = DT_NODE_VAR;
			n->ident = (struct dt_ident *)b;
			n->type = b->type;
			if (b->kind == DT_IDENT_ARRAY)
				dt_cerror(&n->loc, D_IDENT_BADREF,
					  "%s[ ] must be subscripted", name);
			return n;
		}
		if (dt_builtin_func(name))
			dt_cerror(&n->loc, D_FUNC_IDKIND,
				  "%s( ) may not be used as a variable", name);
	}
	if (id && id->kind == DT_IDENT_INLINE) {
		struct dt_node *v = dt_zalloc(sizeof(*v));

		*v = *id->init;
		v->loc = n->loc;
		v->next = NULL;
		return v;
	}
	if (id && id->kind == DT_IDENT_FUNC)
		dt_cerror(&n->loc, D_FUNC_IDKIND,
			  "%s( ) may not be used as a variable", name);
	if (id && id->kind == DT_IDENT_ARRAY) {
		if (id->type && id->type->kind == DT_TK_ARRAY && how == DT_VREF_READ) {
			/* int a[4]: the array itself, as C has it. */
			n->kind = DT_NODE_VAR;
			n->ident = id;
			n->type = id->type;
			return n;
		}
		dt_cerror(&n->loc, D_ARR_BADREF,
			  "%s%s[ ] must be subscripted", dt_scope_prefix(scope),
			  name);
	}
	/* NULL is D's null pointer, unless the program made a variable of it. */
	if (!id && how == DT_VREF_READ && scope == DIFV_SCOPE_GLOBAL &&
	    !strcmp(name, "NULL"))
		return dt_node_int(&n->loc, 0, dt_type_ptr(&dt_type_void));
	/* R_SP and the like: the register indexes of regs[] and uregs[]. */
	if (!id && how == DT_VREF_READ && scope == DIFV_SCOPE_GLOBAL &&
	    !dt_reg_const(name, &reg))
		return dt_node_int(&n->loc, reg, &dt_type_int);
	if (!id) {
		if (how == DT_VREF_READ && scope == DIFV_SCOPE_GLOBAL)
			dt_cerror(&n->loc, D_IDENT_UNDEF,
				  "failed to resolve %s: Unknown variable name",
				  name);
		if (how == DT_VREF_READ || how == DT_VREF_OPASGN)
			dt_cerror(&n->loc, D_VAR_UNDEF,
				  "%s%s has not yet been declared or assigned",
				  dt_scope_prefix(scope), name);
		id = dt_idhash_insert(dt_var_hash(dtp, scope), name,
				      DT_IDENT_SCALAR, NULL);
		id->loc = n->loc;
		if (how == DT_VREF_INCDEC) {
			id->type = &dt_type_int64;
			id->flags |= DT_IDF_ASSIGNED;
		}
	} else if (!id->type && how != DT_VREF_ASGN) {
		dt_cerror(&n->loc, D_VAR_UNDEF,
			  "%s%s has not yet been declared or assigned",
			  dt_scope_prefix(scope), name);
	}
	n->kind = DT_NODE_VAR;
	n->ident = id;
	n->type = id->type;
	n->flags |= DT_NF_LVALUE;
	dt_var_alloca(n, id);
	id->flags |= how == DT_VREF_READ ? DT_IDF_READ : DT_IDF_WRITE;
	return n;
}

/* self->x, this->x, and the -> and . of pointers and structs. */
static struct dt_node *dt_cook_member(struct dt_node *n, int how)
{
	struct dt_node *l = n->left;
	const struct dt_member *m;
	const struct dt_type *st;
	unsigned long bit;
	char b[128];

	if (l->kind == DT_NODE_SELF || l->kind == DT_NODE_THIS) {
		int scope = l->kind == DT_NODE_SELF ? DIFV_SCOPE_THREAD :
			    DIFV_SCOPE_LOCAL;

		if (n->op != DT_OP_PTR)
			dt_cerror(&n->loc, D_SYNTAX,
				  "syntax error near \".\"");
		return dt_cook_varref(n, scope, n->string, how);
	}
	l = dt_cook(l, 0);
	n->left = l;
	if (n->op == DT_OP_PTR) {
		dt_cook_curthread(l);
		if (!dt_type_is_ptr(l->type))
			dt_cerror(&n->loc, D_OP_PTR,
				  "operator -> must be applied to a pointer: %s",
				  dt_tname(l->type, b));
		st = l->type->ref;
	} else {
		st = l->type;
		if (dt_type_is_ptr(st) && dt_type_is_sou(st->ref))
			dt_cerror(&n->loc, D_OP_SOU,
				  "operator . cannot be applied to a pointer (%s): use ->",
				  dt_tname(st, b));
	}
	if (!dt_type_is_sou(st))
		dt_cerror(&n->loc, D_OP_SOU,
			  "operator %s must be applied to a %s, not %s",
			  dt_op_name(n->op), n->op == DT_OP_PTR ?
			  "pointer to a struct or union" : "struct or union",
			  dt_tname(l->type, b));
	if (st->is_fwd)
		dt_cerror(&n->loc, D_OP_INCOMPLETE,
			  "operator %s cannot be applied to %s: it is only declared",
			  dt_op_name(n->op), st->name);
	if (l->flags & DT_NF_USERLAND)
		dt_cerror(&n->loc, D_OP_PTR,
			  "operator %s cannot be applied to a user-space %s: copyin( ) it first",
			  dt_op_name(n->op), st->name);
	m = dt_type_member(st, n->string, &bit);
	if (!m)
		dt_cerror(&n->loc, D_TYPE_MEMBER, "%s has no member named %s",
			  st->name, n->string);
	n->member = m;
	n->value = bit;
	n->type = m->type;
	/* Stores, as through pointers: to the firing's own memory. */
	if (!m->bit_size && (dt_type_is_integer(m->type) ||
			     dt_type_is_ptr(m->type)) &&
	    m->type->size && m->type->size <= 8 &&
	    !(m->type->size & (m->type->size - 1)))
		n->flags |= DT_NF_LVALUE;
	return n;
}

/* Key types of an array, from its declaration or its first use. */
static void dt_cook_keys(struct dt_node *n, struct dt_ident *id,
			 struct dt_node *keys, const char *what)
{
	int nk = dt_node_list_len(keys), i;
	struct dt_node *k;
	char pb[128], kb[128];

	for (k = keys; k; k = k->next) {
		if (dt_type_is_void(k->type) || k->type->kind == DT_TK_AGG ||
		    (k->type->kind == DT_TK_ARRAY &&
		     (!dt_type_is_string(k->type) || k->kind == DT_NODE_VAR)) ||
		    dt_type_is_sou(k->type))
			dt_cerror(&k->loc, D_KEY_TYPE,
				  "%s[ ] key #%d is of an invalid type",
				  what, dt_node_list_len(keys) - dt_node_list_len(k) + 1);
	}
	if (!id->nkeys) {
		if (nk > (int)ARRAY_SIZE(id->keys))
			dt_cerror(&n->loc, D_ARR_BADREF,
				  "%s[ ] has too many keys", what);
		for (i = 0, k = keys; k; k = k->next, i++)
			id->keys[i] = dt_type_is_string(k->type) ?
				      &dt_type_string : k->type;
		id->nkeys = nk;
		return;
	}
	if (nk != id->nkeys)
		dt_cerror(&n->loc, D_PROTO_LEN,
			  "%s[ ] prototype mismatch: %d key%s passed, %d expected",
			  what, nk, nk == 1 ? "" : "s", id->nkeys);
	for (i = 0, k = keys; k; k = k->next, i++) {
		const struct dt_type *want = id->keys[i];
		int ok;

		if (dt_type_is_string(want))
			ok = dt_type_is_string(k->type);
		else if (dt_type_is_integer(want))
			ok = dt_type_is_integer(k->type);
		else
			ok = dt_type_same(want, k->type);
		if (!ok)
			dt_cerror(&n->loc, D_PROTO_ARG,
				  "%s[ ] key #%d is incompatible with prototype:\n\tprototype: %s\n\t      key: %s",
				  what, i + 1, dt_tname(want, pb),
				  dt_tname(k->type, kb));
	}
}

/*
 * The probe a clause's args[] are typed by: its descriptions must all
 * name the entry, or all the return, probe of fbt on one and the same
 * function, without glob characters (fbt::vfs_read:entry,
 * fbt:vmlinux:vfs_read:entry).  NULL if they do not.
 */
static const struct dtrace_probedesc *dt_args_pdesc(const struct dt_clause *cl)
{
	const struct dtrace_probedesc *d;
	const struct dt_pdesc *pd;

	if (!cl || !cl->pdescs)
		return NULL;
	d = &cl->pdescs->desc;
	if (strcmp(d->prov, "fbt") || !d->func[0] || strpbrk(d->func, "*?[\\") ||
	    (strcmp(d->name, "entry") && strcmp(d->name, "return")))
		return NULL;
	for (pd = cl->pdescs->next; pd; pd = pd->next)
		if (strcmp(pd->desc.prov, d->prov) ||
		    strcmp(pd->desc.func, d->func) ||
		    strcmp(pd->desc.name, d->name))
			return NULL;
	return d;
}

/*
 * args[i], i a constant, in a clause of an fbt probe of one function:
 * of the type of the function's parameter or return value, from the
 * kernel's BTF (dt_fbt_argtype()), and read from the register that has
 * it.  Anywhere else, or without BTF for the function, args[] stays
 * int64_t; the BTF is read only for such a clause.
 */
static void dt_cook_args(struct dt_node *n, struct dt_node *key)
{
	const struct dtrace_probedesc *d = dt_args_pdesc(dt_pcb->clause);
	const struct dt_type *t;
	char pd[512], why[256];
	unsigned int reg;
	int ret;

	if (!d)
		return;
	ret = !strcmp(d->name, "return");
	/* The offset of the ret instruction: int64_t in any case. */
	if (ret && !key->value)
		return;
	switch (dt_fbt_argtype(d->func, ret, key->value, &t, &reg, why,
			       sizeof(why))) {
	case DT_ARG_UNTYPED:
		return;
	case DT_ARG_TYPED:
		break;
	case DT_ARG_NONE:
		dt_pdesc_str(d, pd, sizeof(pd));
		dt_cerror(&n->loc, D_ARGS_IDX,
			  "index %llu is out of range for %s args[ ]%s%s",
			  (unsigned long long)key->value, pd, *why ? ": " : "",
			  why);
	default:
		dt_pdesc_str(d, pd, sizeof(pd));
		dt_cerror(&n->loc, D_ARGS_TYPE, "args[%llu] of %s cannot be used: %s",
			  (unsigned long long)key->value, pd, why);
	}
	n->type = t;
	if (reg != key->value) {
		n->args = dt_node_int(&key->loc, reg, key->type);
		n->args->flags |= DT_NF_COOKED;
	}
}

static struct dt_node *dt_cook_index(struct dt_node *n, int how)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	struct dt_node *base = n->left, *k, *keys = NULL, *next;
	int scope = DIFV_SCOPE_GLOBAL;
	const char *name = NULL;
	struct dt_ident *id;

	for (k = n->right; k; k = next) {
		next = k->next;
		k->next = NULL;
		k = dt_cook(k, DT_COOK_RVALUE);
		keys = dt_node_append(keys, k);
	}
	n->right = keys;

	if (base->kind == DT_NODE_OP2 && base->op == DT_OP_PTR &&
	    (base->left->kind == DT_NODE_SELF || base->left->kind == DT_NODE_THIS)) {
		scope = base->left->kind == DT_NODE_SELF ? DIFV_SCOPE_THREAD :
			DIFV_SCOPE_LOCAL;
		name = base->string;
	} else if (base->kind == DT_NODE_IDENT) {
		name = base->string;
	}
	if (name) {
		/* A pointer variable indexed: p[i] */
		id = dt_var_lookup(dtp, scope, name);
		if (id && id->kind == DT_IDENT_SCALAR && id->type &&
		    dt_type_is_ptr(id->type))
			name = NULL;
	}
	if (!name) {
		base = dt_cook(base, 0);
		dt_cook_curthread(base);
		if (dt_type_is_ptr(base->type) || base->type->kind == DT_TK_ARRAY) {
			/* p[i] is *(p + i) */
			struct dt_node *add;

			if (dt_node_list_len(keys) != 1)
				dt_cerror(&n->loc, D_SYNTAX,
					  "syntax error near \",\"");
			if (base->type->kind == DT_TK_ARRAY &&
			    base->type->nelems && keys->kind == DT_NODE_INT &&
			    keys->value >= base->type->nelems)
				dt_cerror(&n->loc, D_ARR_BOUNDS,
					  "index outside array bounds: %lld, max is %u",
					  (long long)keys->value,
					  base->type->nelems);
			base = dt_decay(base);
			add = dt_node_op2(&n->loc, DT_OP_ADD, base, keys);
			return dt_cook(dt_node_op1(&n->loc, DT_OP_DEREF, add), 0);
		}
		dt_cerror(&n->loc, D_OP_ARRFUN,
			  "operator [ ] may not be applied to this expression");
	}

	if (scope == DIFV_SCOPE_LOCAL)
		dt_cerror(&n->loc, D_ARR_LOCAL,
			  "local variables may not be used as associative arrays: this->%s",
			  name);

	if (scope == DIFV_SCOPE_GLOBAL) {
		const struct dt_ident *b = dt_builtin_var(name);

		if (b && !dt_idhash_lookup(&dtp->globals, name)) {
			char tb[128];

			if (b->kind != DT_IDENT_ARRAY)
				dt_cerror(&n->loc, D_ARR_BADREF,
					  "cannot access scalar %s as an associative array",
					  name);
			if (dt_node_list_len(keys) != 1)
				dt_cerror(&n->loc, D_PROTO_LEN,
					  "%s[ ] prototype mismatch: %d args passed, 1 expected",
					  name, dt_node_list_len(keys));
			if (b->id != DIF_VAR_ARGS && keys->kind != DT_NODE_INT)
				dt_cerror(&n->loc, D_PROTO_ARG,
					  "%s[ ] argument #1 is incompatible with prototype:\n\tprototype: integer constant\n\t argument: %s",
					  name, dt_tname(keys->type, tb));
			if (!dt_type_is_integer(keys->type))
				dt_cerror(&n->loc, D_PROTO_ARG,
					  "%s[ ] argument #1 is incompatible with prototype:\n\tprototype: %s\n\t argument: %s",
					  name, b->id == DIF_VAR_ARGS ? "int" : "integer constant",
					  dt_tname(keys->type, tb));
			if (b->id == DIF_VAR_ARGS && keys->kind == DT_NODE_INT &&
			    keys->value > 9)
				dt_cerror(&n->loc, D_ARGS_IDX,
					  "index %lld is out of range for args[ ]",
					  (long long)keys->value);
			n->kind = DT_NODE_VAR;
			n->ident = (struct dt_ident *)b;
			n->args = keys;
			n->type = b->type;
			if (b->id == DIF_VAR_ARGS && keys->kind == DT_NODE_INT)
				dt_cook_args(n, keys);
			return n;
		}
	}

	id = dt_var_lookup(dtp, scope, name);
	if (id && id->kind != DT_IDENT_ARRAY)
		dt_cerror(&n->loc, D_ARR_BADREF,
			  "cannot access scalar %s%s as an associative array",
			  dt_scope_prefix(scope), name);
	if (!id) {
		if (how == DT_VREF_READ || how == DT_VREF_OPASGN)
			dt_cerror(&n->loc, D_VAR_UNDEF,
				  "%s%s has not yet been declared or assigned",
				  dt_scope_prefix(scope), name);
		id = dt_idhash_insert(dt_var_hash(dtp, scope), name,
				      DT_IDENT_ARRAY, NULL);
		id->loc = n->loc;
		if (how == DT_VREF_INCDEC)
			id->type = &dt_type_int64;
	}
	if (id->type && id->type->kind == DT_TK_ARRAY &&
	    dt_node_list_len(keys) != 1)
		dt_cerror(&n->loc, D_ARR_BADREF,
			  "cannot access scalar %s as an associative array", name);
	dt_cook_keys(n, id, keys, name);
	if (id->type && id->type->kind == DT_TK_ARRAY) {
		/* int a[5]: a scalar array with a bounds check. */
		if (keys->kind == DT_NODE_INT && keys->value >= id->type->nelems)
			dt_cerror(&n->loc, D_ARR_BOUNDS,
				  "index outside array bounds: %lld, max is %u",
				  (long long)keys->value, id->type->nelems);
	}
	n->kind = DT_NODE_VAR;
	n->ident = id;
	n->args = keys;
	n->type = id->type && id->type->kind == DT_TK_ARRAY ? id->type->ref :
		  id->type;
	n->flags |= DT_NF_LVALUE;
	dt_var_alloca(n, id);
	id->flags |= how == DT_VREF_READ ? DT_IDF_READ : DT_IDF_WRITE;
	return n;
}

/* Cook the target of an assignment, ++ or --: create variables. */
static struct dt_node *dt_cook_lvalue(struct dt_node *n, int how)
{
	if (n->kind == DT_NODE_IDENT)
		return dt_cook_varref(n, DIFV_SCOPE_GLOBAL, n->string, how);
	if (n->kind == DT_NODE_OP2 && n->op == DT_OP_PTR &&
	    (n->left->kind == DT_NODE_SELF || n->left->kind == DT_NODE_THIS))
		return dt_cook_member(n, how);
	if (n->kind == DT_NODE_OP2 && n->op == DT_OP_INDEX)
		return dt_cook_index(n, how);
	return dt_cook(n, 0);
}

/* Types an assignment may store: C's rules, and strings to strings. */
static int dt_asgn_compat(const struct dt_type *l, const struct dt_node *r)
{
	const struct dt_type *rt = r->type;

	if (dt_type_is_arith(l) && dt_type_is_arith(rt))
		return 1;
	if (l->kind == DT_TK_STRING)
		return dt_type_is_string(rt);
	if (dt_type_is_ptr(l)) {
		if (dt_type_is_ptr(rt) || rt->kind == DT_TK_ARRAY)
			return 1;
		return dt_node_is_null(r);
	}
	if (dt_type_is_integer(l) && dt_type_is_ptr(rt))
		return l->size == 8;
	return 0;
}

/*
 * A variable holds alloca() pointers or other pointers, never both (NULL
 * goes with either), in all the clauses of the program.
 */
static void dt_asgn_alloca(struct dt_node *n, struct dt_node *l,
			   const struct dt_node *r)
{
	struct dt_ident *id = l->kind == DT_NODE_VAR ? l->ident : NULL;
	unsigned int want;

	if (r->flags & DT_NF_ALLOCA_MIX)
		dt_cerror(&n->loc, D_ALLOCA_INCOMPAT,
			  "ternary conditional with alloca and non-alloca branches cannot be assigned to a variable");
	if (!id || (id->flags & DT_IDF_BUILTIN) || !dt_type_is_ptr(r->type) ||
	    dt_node_is_null(r))
		return;
	want = r->flags & DT_NF_ALLOCA ? DT_IDF_ALLOCA : DT_IDF_NONALLOCA;
	if (id->flags & (DT_IDF_ALLOCA | DT_IDF_NONALLOCA) & ~want)
		dt_cerror(&n->loc, D_ALLOCA_INCOMPAT,
			  "%s: cannot reuse the same identifier for both alloca and non-alloca allocations",
			  id->name);
	id->flags |= want;
	l->flags |= r->flags & DT_NF_ALLOCA;
	n->flags |= r->flags & DT_NF_ALLOCA;
}

static struct dt_node *dt_cook_asgn(struct dt_node *n)
{
	struct dt_node *r = dt_cook(n->right, DT_COOK_RVALUE);
	struct dt_node *l;

	n->right = r;
	if (n->op == DT_OP_ASGN) {
		l = dt_cook_lvalue(n->left, DT_VREF_ASGN);
		if (l->kind == DT_NODE_VAR && !l->type) {
			/* The first assignment declares the variable. */
			const struct dt_type *t = r->type;

			if (dt_type_is_void(t))
				dt_cerror(&n->loc, D_OP_INCOMPAT,
					  "operands have incompatible types: \"%s\" = \"void\"",
					  "int");
			if (t->kind == DT_TK_AGG)
				dt_cerror(&n->loc, D_OP_INCOMPAT,
					  "operands have incompatible types: \"%s\" = \"aggregation\"",
					  "int");
			if (dt_type_is_sou(t)) {
				char tb[128];

				dt_cerror(&n->loc, D_IDENT_UNSUPP,
					  "%s%s: variables of type %s are not supported yet",
					  dt_scope_prefix(l->ident->scope),
					  l->ident->name, dt_tname(t, tb));
			}
			if (t->kind == DT_TK_ARRAY && dt_type_is_string(t))
				t = &dt_type_string;
			if ((l->ident->kind == DT_IDENT_ARRAY ||
			     r->kind != DT_NODE_VAR) && t->kind == DT_TK_ARRAY)
				t = dt_type_ptr(t->ref);
			l->ident->type = t;
			l->ident->flags |= DT_IDF_ASSIGNED;
			l->type = t;
		}
	} else {
		l = dt_cook_lvalue(n->left, DT_VREF_OPASGN);
	}
	n->left = l;

	if (l->kind == DT_NODE_VAR && (l->ident->flags & DT_IDF_RDONLY))
		dt_cerror(&n->loc, D_OP_WRITE,
			  "operator %s can only be applied to a writable variable",
			  dt_op_name(n->op));
	if (!dt_is_lvalue(l))
		dt_cerror(&n->loc, D_OP_LVAL,
			  "operator %s requires modifiable left-hand operand",
			  dt_op_name(n->op));

	if (n->op == DT_OP_ASGN) {
		if (dt_type_is_void(r->type) || !dt_asgn_compat(l->type, r))
			dt_incompat(n, l->type, r->type);
		dt_asgn_alloca(n, l, r);
	} else {
		enum dt_op bop;

		switch (n->op) {
		case DT_OP_ADD_EQ:
			bop = DT_OP_ADD;
			break;
		case DT_OP_SUB_EQ:
			bop = DT_OP_SUB;
			break;
		case DT_OP_MUL_EQ:
			bop = DT_OP_MUL;
			break;
		case DT_OP_DIV_EQ:
			bop = DT_OP_DIV;
			break;
		case DT_OP_MOD_EQ:
			bop = DT_OP_MOD;
			break;
		case DT_OP_AND_EQ:
			bop = DT_OP_BAND;
			break;
		case DT_OP_OR_EQ:
			bop = DT_OP_BOR;
			break;
		case DT_OP_XOR_EQ:
			bop = DT_OP_XOR;
			break;
		case DT_OP_SHL_EQ:
			bop = DT_OP_SHL;
			break;
		default:
			bop = DT_OP_SHR;
			break;
		}
		if ((bop == DT_OP_ADD || bop == DT_OP_SUB) && dt_type_is_ptr(r->type) &&
		    !dt_type_is_ptr(l->type)) {
			dt_cerror(&n->loc, D_OP_VFPTR,
				  "operator %s requires left-hand scalar operand of known size",
				  dt_op_name(n->op));
		} else if ((bop == DT_OP_ADD || bop == DT_OP_SUB) &&
			   dt_type_is_ptr(l->type)) {
			if (l->type->ref->kind == DT_TK_VOID ||
			    !dt_type_is_integer(r->type))
				dt_cerror(&n->loc, D_OP_VFPTR,
					  "operator %s requires left-hand scalar operand of known size",
					  dt_op_name(n->op));
		} else if (bop == DT_OP_ADD || bop == DT_OP_SUB ||
			   bop == DT_OP_MUL || bop == DT_OP_DIV) {
			if (!dt_type_is_arith(l->type) || !dt_type_is_arith(r->type))
				dt_cerror(&n->loc, D_OP_ARITH,
					  "operator %s requires operands of arithmetic type",
					  dt_op_name(n->op));
		} else if (!dt_type_is_integer(l->type) ||
			   !dt_type_is_integer(r->type)) {
			dt_cerror(&n->loc, D_OP_INT,
				  "operator %s requires operands of integral type",
				  dt_op_name(n->op));
		}
		if ((bop == DT_OP_DIV || bop == DT_OP_MOD) && r->kind == DT_NODE_INT &&
		    r->value == 0)
			dt_cerror(&n->loc, D_DIV_ZERO,
				  "expression contains division by zero");
	}
	n->type = l->type;
	return n;
}

/* The usual checks of a call against a prototype. */
void dt_proto_check(struct dt_node *n, const char *name,
		    const struct dt_proto *p, struct dt_node *args)
{
	int na = dt_node_list_len(args), i;
	struct dt_node *a;
	char ab[128];

	if (na < p->nreq || (!p->varargs && na > p->nargs)) {
		const char *qual = "";
		int want = p->nreq;

		if (p->varargs) {
			qual = "at least ";
		} else if (p->nargs != p->nreq) {
			if (na > p->nargs) {
				qual = "at most ";
				want = p->nargs;
			} else {
				qual = "at least ";
			}
		}
		dt_cerror(&n->loc, D_PROTO_LEN,
			  "%s( ) prototype mismatch: %d arg%s passed, %s%d expected",
			  name, na, na == 1 ? "" : "s", qual, want);
	}
	for (i = 0, a = args; a && i < p->nargs; a = a->next, i++) {
		const struct dt_proto_arg *pa = &p->args[i];
		const struct dt_type *at = a->type;
		int ok;

		if (!pa->type) {
			ok = 1;		/* "@": the caller checks */
		} else if (dt_type_is_string(pa->type) ||
			   (dt_type_is_ptr(pa->type) && pa->type->ref->size == 1 &&
			    pa->type->ref->kind == DT_TK_INT)) {
			/* A string, or NULL. */
			ok = dt_type_is_string(at) ||
			     (a->kind == DT_NODE_INT && !a->value &&
			      dt_type_is_ptr(at));
		} else if (dt_type_is_integer(pa->type)) {
			ok = dt_type_is_integer(at);
		} else if (dt_type_is_ptr(pa->type)) {
			ok = dt_type_is_ptr(at) || at->kind == DT_TK_ARRAY ||
			     dt_type_is_string(at) || dt_node_is_null(a) ||
			     (dt_type_is_integer(at) && at->size == 8);
		} else {
			ok = !dt_type_is_void(at);
		}
		if (!ok)
			dt_cerror(&n->loc, D_PROTO_ARG,
				  "%s( ) argument #%d is incompatible with prototype:\n\tprototype: %s\n\t argument: %s",
				  name, i + 1, pa->name, dt_tname(at, ab));
	}
}

static struct dt_node *dt_cook_func(struct dt_node *n, int flags)
{
	const struct dt_ident *b = dt_builtin_func(n->string);
	struct dt_node *a, *args = NULL, *next;

	if (!b) {
		struct dt_ident *id = dt_idhash_lookup(&dt_pcb->dtp->globals,
						       n->string);

		if (id && id->kind != DT_IDENT_FUNC)
			dt_cerror(&n->loc, D_FUNC_IDKIND,
				  "%s is not a function", n->string);
		if (!dt_builtin_var(n->string) || id)
			dt_cerror(&n->loc, D_FUNC_UNDEF,
				  "failed to resolve %s: Unknown function name",
				  n->string);
		dt_cerror(&n->loc, D_FUNC_IDKIND, "%s is not a function",
			  n->string);
	}
	for (a = n->args; a; a = next) {
		next = a->next;
		a->next = NULL;
		a = dt_cook(a, 0);
		args = dt_node_append(args, a);
	}
	n->args = args;
	n->kind = DT_NODE_FUNC;
	n->ident = (struct dt_ident *)b;

	if (b->kind == DT_IDENT_AGGFUNC)
		dt_cerror(&n->loc, D_AGG_FUNC,
			  "%s( ) may only be used in an aggregation assignment",
			  b->name);
	/*
	 * Actions are statements: they are checked by the statement that
	 * uses them; anywhere else they are a void expression.
	 */
	if (b->kind == DT_IDENT_ACTFUNC) {
		n->type = b->type && b->type->kind == DT_TK_STACK ? b->type :
			  &dt_type_void;
		return n;
	}
	dt_proto_check(n, b->name, b->proto, args);
	n->type = b->type;
	if (dt_type_is_string(n->type))
		n->type = &dt_type_string;
	if (b->id == DIF_SUBR_ALLOCA)
		n->flags |= DT_NF_ALLOCA;
	return n;
}

static struct dt_node *dt_cook_op1(struct dt_node *n, int flags)
{
	struct dt_node *l;
	char b1[128];

	switch (n->op) {
	case DT_OP_PREINC:
	case DT_OP_PREDEC:
	case DT_OP_POSTINC:
	case DT_OP_POSTDEC:
		l = dt_cook_lvalue(n->left, DT_VREF_INCDEC);
		n->left = l;
		if (!dt_type_is_integer(l->type) && !dt_type_is_ptr(l->type))
			dt_cerror(&n->loc, D_OP_SCALAR,
				  "operator %s requires operand of scalar type",
				  dt_op_name(n->op));
		if (dt_type_is_ptr(l->type) && dt_type_is_void(l->type->ref))
			dt_cerror(&n->loc, D_OP_VFPTR,
				  "operator %s requires pointer to known size",
				  dt_op_name(n->op));
		if (l->kind == DT_NODE_VAR && (l->ident->flags & DT_IDF_RDONLY))
			dt_cerror(&n->loc, D_OP_WRITE,
				  "operator %s can only be applied to a writable variable",
				  dt_op_name(n->op));
		if (!dt_is_lvalue(l))
			dt_cerror(&n->loc, D_OP_LVAL,
				  "operator %s requires modifiable operand",
				  dt_op_name(n->op));
		n->type = l->type;
		return n;
	case DT_OP_SIZEOF:
		if (n->left->kind == DT_NODE_TYPE)
			l = n->left;
		else
			l = dt_cook(n->left, 0);
		if (dt_type_is_void(l->type) || l->type->kind == DT_TK_FUNC ||
		    l->type->kind == DT_TK_AGG)
			dt_cerror(&n->loc, D_SIZEOF_TYPE,
				  "cannot apply sizeof to an expression of type %s",
				  dt_tname(l->type, b1));
		if (l->type->is_fwd)
			dt_cerror(&n->loc, D_SIZEOF_TYPE,
				  "cannot apply sizeof to incomplete type %s",
				  l->type->name);
		if (dt_node_is_member(l) && l->member->bit_size)
			dt_cerror(&n->loc, D_SIZEOF_BITFIELD,
				  "cannot apply sizeof to a bit-field: %s",
				  l->string);
		if (l->type->kind == DT_TK_STRING)
			return dt_node_int(&n->loc, dt_pcb->dtp->kopts[DTRACEOPT_STRSIZE],
					   &dt_type_size);
		return dt_node_int(&n->loc, l->type->size, &dt_type_size);
	default:
		break;
	}

	l = dt_cook(n->left, DT_COOK_RVALUE);
	n->left = l;
	dt_need_value(l, n);

	switch (n->op) {
	case DT_OP_INEG:
	case DT_OP_IPOS:
		if (!dt_type_is_arith(l->type))
			dt_cerror(&n->loc, D_OP_ARITH,
				  "operator %s requires an operand of arithmetic type",
				  dt_op_name(n->op));
		n->type = dt_type_promote(l->type);
		break;
	case DT_OP_BNEG:
		if (!dt_type_is_integer(l->type))
			dt_cerror(&n->loc, D_OP_INT,
				  "operator %s requires an operand of integral type",
				  dt_op_name(n->op));
		n->type = dt_type_promote(l->type);
		break;
	case DT_OP_LNEG:
		if (!dt_type_is_scalar(l->type))
			dt_cerror(&n->loc, D_OP_SCALAR,
				  "operator %s requires an operand of scalar type",
				  dt_op_name(n->op));
		n->type = &dt_type_int;
		break;
	case DT_OP_DEREF:
		dt_cook_curthread(l);
		if (!dt_type_is_ptr(l->type) && l->type->kind != DT_TK_ARRAY)
			dt_cerror(&n->loc, D_DEREF_NONPTR,
				  "cannot dereference non-pointer type");
		if (dt_type_is_void(l->type->ref))
			dt_cerror(&n->loc, D_DEREF_VOID,
				  "cannot dereference pointer to void");
		if (l->type->ref->is_fwd)
			dt_cerror(&n->loc, D_DEREF_NONPTR,
				  "cannot dereference a pointer to incomplete type %s",
				  l->type->ref->name);
		/* A struct, union or array: its address, by reference. */
		if (dt_type_is_sou(l->type->ref) ||
		    l->type->ref->kind == DT_TK_ARRAY) {
			if (l->flags & DT_NF_USERLAND)
				dt_cerror(&n->loc, D_DEREF_NONPTR,
					  "cannot dereference a user-space pointer to %s: copyin( ) it first",
					  dt_tname(l->type->ref, b1));
			n->type = l->type->ref;
			break;
		}
		if (!dt_type_is_integer(l->type->ref) && !dt_type_is_ptr(l->type->ref))
			dt_cerror(&n->loc, D_DEREF_NONPTR,
				  "cannot dereference a pointer to %s yet",
				  dt_tname(l->type->ref, b1));
		n->type = l->type->ref;
		n->flags |= l->flags & DT_NF_USERLAND;
		/* Stores through pointers: to the firing's own memory. */
		if (!(n->flags & DT_NF_USERLAND) && n->type->size &&
		    n->type->size <= 8 && !(n->type->size & (n->type->size - 1)))
			n->flags |= DT_NF_LVALUE;
		break;
	case DT_OP_ADDROF:
		/*
		 * DTrace takes the address of an element of a scalar array
		 * (char a[2]; &a[0]): here the elements are dynamic
		 * variables, with no address to give.  Reported once the
		 * whole program is checked, so that its real errors come
		 * first.
		 */
		if (l->kind == DT_NODE_VAR && l->args &&
		    !(l->ident->flags & DT_IDF_BUILTIN) && l->ident->type &&
		    l->ident->type->kind == DT_TK_ARRAY) {
			dt_cc_unsupported(&n->loc,
					  "the address of an element of scalar array %s%s[ ] is not supported yet",
					  dt_scope_prefix(l->ident->scope), l->ident->name);
			n->type = dt_type_ptr(l->type);
			return n;
		}
		if (dt_node_is_member(l)) {
			if (l->member->bit_size)
				dt_cerror(&n->loc, D_ADDROF_BITFIELD,
					  "cannot take address of bit-field");
			n->type = dt_type_ptr(l->type);
			return n;
		}
		if (l->kind == DT_NODE_VAR)
			dt_cerror(&n->loc, D_ADDROF_VAR,
				  "cannot take address of dynamic variable");
		if (l->kind == DT_NODE_OP1 && l->op == DT_OP_DEREF)
			return l->left;
		dt_cerror(&n->loc, D_ADDROF_LVAL,
			  "unacceptable operand for unary & operator");
	case DT_OP_STRINGOF:
		if (!dt_type_is_scalar(l->type) && !dt_type_is_string(l->type))
			dt_cerror(&n->loc, D_STRINGOF_TYPE,
				  "stringof( ) may not be applied to operand of type %s",
				  dt_tname(l->type, b1));
		n->type = &dt_type_string;
		return n;
	default:
		break;
	}
	if (l->kind == DT_NODE_INT)
		return dt_fold1(n);
	return n;
}

static int dt_cmp_compat(const struct dt_type *a, const struct dt_type *b)
{
	if (dt_type_is_arith(a) && dt_type_is_arith(b))
		return 1;
	if (dt_type_is_string(a) && dt_type_is_string(b))
		return 1;
	if ((dt_type_is_ptr(a) || dt_type_is_integer(a)) &&
	    (dt_type_is_ptr(b) || dt_type_is_integer(b)))
		return 1;
	return 0;
}

/*
 * A constant operand of an arithmetic or comparison operator is given
 * the type the operation is done in, so that no code converts it.
 */
static void dt_const_convert(struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	const struct dt_type *ct;

	if (!dt_type_is_integer(l->type) || !dt_type_is_integer(r->type))
		return;
	switch (n->op) {
	case DT_OP_ADD:
	case DT_OP_SUB:
	case DT_OP_MUL:
	case DT_OP_DIV:
	case DT_OP_MOD:
	case DT_OP_BAND:
	case DT_OP_BOR:
	case DT_OP_XOR:
	case DT_OP_EQU:
	case DT_OP_NEQ:
	case DT_OP_LT:
	case DT_OP_LE:
	case DT_OP_GT:
	case DT_OP_GE:
		ct = dt_type_arith(l->type, r->type);
		break;
	default:
		return;
	}
	if (l->kind == DT_NODE_INT) {
		l->value = dt_int_trunc(l->value, ct);
		l->type = ct;
	}
	if (r->kind == DT_NODE_INT) {
		r->value = dt_int_trunc(r->value, ct);
		r->type = ct;
	}
}

static struct dt_node *dt_cook_op2(struct dt_node *n, int flags)
{
	struct dt_node *l, *r;
	const struct dt_type *lt, *rt;

	switch (n->op) {
	case DT_OP_ASGN:
	case DT_OP_ADD_EQ:
	case DT_OP_SUB_EQ:
	case DT_OP_MUL_EQ:
	case DT_OP_DIV_EQ:
	case DT_OP_MOD_EQ:
	case DT_OP_AND_EQ:
	case DT_OP_XOR_EQ:
	case DT_OP_OR_EQ:
	case DT_OP_SHL_EQ:
	case DT_OP_SHR_EQ:
		return dt_cook_asgn(n);
	case DT_OP_INDEX:
		return dt_cook_index(n, DT_VREF_READ);
	case DT_OP_PTR:
	case DT_OP_DOT:
		return dt_cook_member(n, DT_VREF_READ);
	case DT_OP_CAST:
		r = dt_cook(n->right, DT_COOK_RVALUE);
		n->right = r;
		lt = n->left->type;
		rt = r->type;
		if (lt->kind == DT_TK_VOID) {
			n->type = lt;
			return n;
		}
		/* (string)p: the characters at a pointer, as DTrace allows. */
		if (lt->kind == DT_TK_STRING &&
		    (dt_type_is_ptr(rt) || rt->kind == DT_TK_ARRAY)) {
			n->type = &dt_type_string;
			return n;
		}
		if (!(dt_type_is_integer(lt) || dt_type_is_ptr(lt)) ||
		    !(dt_type_is_integer(rt) || dt_type_is_ptr(rt) ||
		      rt->kind == DT_TK_ARRAY || (rt->kind == DT_TK_STRING &&
						   dt_type_is_ptr(lt)))) {
			char b1[128], b2[128];

			dt_cerror(&n->loc, D_CAST_INVAL,
				  "invalid cast expression: \"%s\" to \"%s\"",
				  dt_tname(rt, b1), dt_tname(lt, b2));
		}
		n->type = lt;
		if (r->kind == DT_NODE_INT && dt_type_is_integer(lt))
			return dt_node_int(&n->loc, dt_int_trunc(r->value, lt), lt);
		if (dt_type_is_ptr(lt))
			n->flags |= r->flags & DT_NF_ALLOCA_ANY;
		return n;
	case DT_OP_COMMA:
		n->left = dt_cook(n->left, 0);
		n->right = dt_cook(n->right, flags);
		n->type = n->right->type;
		n->flags |= n->right->flags & DT_NF_ALLOCA_ANY;
		return n;
	default:
		break;
	}

	l = dt_cook(n->left, DT_COOK_RVALUE);
	r = dt_cook(n->right, DT_COOK_RVALUE);
	n->left = l;
	n->right = r;
	if (l->type->kind == DT_TK_AGG || r->type->kind == DT_TK_AGG)
		dt_incompat(n, l->type, r->type);
	dt_need_value(l, n);
	dt_need_value(r, n);
	lt = l->type;
	rt = r->type;

	switch (n->op) {
	case DT_OP_ADD:
	case DT_OP_SUB:
		/* An array member in pointer arithmetic is a pointer. */
		if (lt->kind == DT_TK_ARRAY && dt_type_is_integer(rt)) {
			l = dt_decay(l);
			n->left = l;
			lt = l->type;
		} else if (rt->kind == DT_TK_ARRAY && dt_type_is_integer(lt) &&
			   n->op == DT_OP_ADD) {
			r = dt_decay(r);
			n->right = r;
			rt = r->type;
		}
		if (dt_type_is_ptr(lt) && dt_type_is_integer(rt)) {
			n->type = lt;
			n->flags |= l->flags & DT_NF_ALLOCA_ANY;
			return n;
		}
		if (n->op == DT_OP_ADD && dt_type_is_integer(lt) && dt_type_is_ptr(rt)) {
			n->type = rt;
			n->flags |= r->flags & DT_NF_ALLOCA_ANY;
			return n;
		}
		if (n->op == DT_OP_SUB && dt_type_is_ptr(lt) && dt_type_is_ptr(rt)) {
			n->type = &dt_type_long;
			return n;
		}
		fallthrough;
	case DT_OP_MUL:
	case DT_OP_DIV:
	case DT_OP_MOD:
		if (!dt_type_is_arith(lt) || !dt_type_is_arith(rt))
			dt_cerror(&n->loc, D_OP_ARITH,
				  "operator %s requires operands of arithmetic type",
				  dt_op_name(n->op));
		n->type = dt_type_arith(lt, rt);
		if ((n->op == DT_OP_DIV || n->op == DT_OP_MOD) &&
		    r->kind == DT_NODE_INT && r->value == 0)
			dt_cerror(&n->loc, D_DIV_ZERO,
				  "expression contains division by zero");
		break;
	case DT_OP_BAND:
	case DT_OP_BOR:
	case DT_OP_XOR:
		if (!dt_type_is_integer(lt) || !dt_type_is_integer(rt))
			dt_cerror(&n->loc, D_OP_INT,
				  "operator %s requires operands of integral type",
				  dt_op_name(n->op));
		n->type = dt_type_arith(lt, rt);
		break;
	case DT_OP_SHL:
	case DT_OP_SHR:
		if (!dt_type_is_integer(lt) || !dt_type_is_integer(rt))
			dt_cerror(&n->loc, D_OP_INT,
				  "operator %s requires operands of integral type",
				  dt_op_name(n->op));
		n->type = dt_type_promote(lt);
		break;
	case DT_OP_EQU:
	case DT_OP_NEQ:
	case DT_OP_LT:
	case DT_OP_LE:
	case DT_OP_GT:
	case DT_OP_GE:
		/* A string against NULL: a string comparison with NULL. */
		if (dt_type_is_string(lt) && r->kind == DT_NODE_INT &&
		    !r->value && dt_type_is_ptr(rt)) {
			r->type = &dt_type_string;
			rt = r->type;
		} else if (dt_type_is_string(rt) && l->kind == DT_NODE_INT &&
			   !l->value && dt_type_is_ptr(lt)) {
			l->type = &dt_type_string;
			lt = l->type;
		}
		if (!dt_cmp_compat(lt, rt))
			dt_incompat(n, lt, rt);
		n->type = &dt_type_int;
		if (dt_type_is_string(lt) && dt_type_is_string(rt) &&
		    l->kind == DT_NODE_STRING && r->kind == DT_NODE_STRING) {
			int c = strcmp(l->string, r->string);
			u64 v;

			switch (n->op) {
			case DT_OP_EQU:
				v = c == 0;
				break;
			case DT_OP_NEQ:
				v = c != 0;
				break;
			case DT_OP_LT:
				v = c < 0;
				break;
			case DT_OP_LE:
				v = c <= 0;
				break;
			case DT_OP_GT:
				v = c > 0;
				break;
			default:
				v = c >= 0;
				break;
			}
			return dt_node_int(&n->loc, v, &dt_type_int);
		}
		break;
	case DT_OP_LAND:
	case DT_OP_LOR:
	case DT_OP_LXOR:
		if (!dt_type_is_scalar(lt) || !dt_type_is_scalar(rt))
			dt_cerror(&n->loc, D_OP_SCALAR,
				  "operator %s requires operands of scalar type",
				  dt_op_name(n->op));
		n->type = &dt_type_int;
		if (l->kind == DT_NODE_INT && r->kind != DT_NODE_INT) {
			/* Short-circuit a constant left operand. */
			if ((n->op == DT_OP_LAND && !l->value) ||
			    (n->op == DT_OP_LOR && l->value))
				return dt_node_int(&n->loc, n->op == DT_OP_LOR,
						   &dt_type_int);
		}
		break;
	default:
		dt_cerror(&n->loc, D_SYNTAX, "operator %s is not supported here",
			  dt_op_name(n->op));
	}
	if (l->kind == DT_NODE_INT && r->kind == DT_NODE_INT &&
	    dt_type_is_integer(lt) && dt_type_is_integer(rt))
		return dt_fold2(n);
	dt_const_convert(n);
	return n;
}

/*
 * The alloca()-ness of c ? l : r.  A null pointer goes with either kind;
 * an alloca() pointer and another one make a value that may be used
 * (traced, compared) but not stored in a variable.
 */
static unsigned int dt_alloca_join(const struct dt_node *l,
				   const struct dt_node *r)
{
	unsigned int lf = l->flags & DT_NF_ALLOCA_ANY;
	unsigned int rf = r->flags & DT_NF_ALLOCA_ANY;

	if ((lf | rf) & DT_NF_ALLOCA_MIX)
		return DT_NF_ALLOCA_MIX;
	if (lf == rf || (!lf && dt_node_is_null(l)) ||
	    (!rf && dt_node_is_null(r)))
		return lf | rf;
	if (dt_type_is_ptr(l->type) && dt_type_is_ptr(r->type))
		return DT_NF_ALLOCA_MIX;
	return 0;
}

static struct dt_node *dt_cook_op3(struct dt_node *n, int flags)
{
	struct dt_node *c = dt_cook(n->cond, DT_COOK_RVALUE);
	struct dt_node *l = dt_cook(n->left, DT_COOK_RVALUE);
	struct dt_node *r = dt_cook(n->right, DT_COOK_RVALUE);
	const struct dt_type *lt = l->type, *rt = r->type;

	n->cond = c;
	n->left = l;
	n->right = r;
	if (!dt_type_is_scalar(c->type))
		dt_cerror(&n->loc, D_OP_SCALAR,
			  "operator ?: expression must be of scalar type");
	/*
	 * C's rules, and strings: char * and char[] become a string only
	 * against a string; two char * make a char *.
	 */
	if (dt_type_is_arith(lt) && dt_type_is_arith(rt)) {
		n->type = dt_type_arith(lt, rt);
	} else if (dt_type_is_ptr(lt) && dt_type_same(lt, rt)) {
		n->type = lt;
	} else if (dt_type_is_string(lt) && dt_type_is_string(rt) &&
		   (lt->kind == DT_TK_STRING || rt->kind == DT_TK_STRING)) {
		n->type = &dt_type_string;
	} else if (dt_type_is_ptr(lt) && dt_node_is_null(r)) {
		n->type = lt;
	} else if (dt_type_is_ptr(rt) && dt_node_is_null(l)) {
		n->type = rt;
	} else if (dt_type_is_ptr(lt) && dt_type_is_ptr(rt) &&
		   (dt_type_is_void(lt->ref) || dt_type_is_void(rt->ref))) {
		n->type = dt_type_is_void(lt->ref) ? lt : rt;
	} else if (dt_type_is_string(lt) && dt_type_is_string(rt)) {
		/* char[4] and char *: the pointer, as C has it. */
		n->type = dt_type_ptr(&dt_type_char);
	} else if (dt_type_is_void(lt) && dt_type_is_void(rt)) {
		n->type = &dt_type_void;
	} else if (dt_type_is_sou(lt) && dt_type_same(lt, rt)) {
		n->type = lt;
	} else {
		dt_cerror(&n->loc, D_OP_INCOMPAT,
			  "operator ?: operands must have compatible types");
	}
	n->flags |= dt_alloca_join(l, r);
	if (c->kind == DT_NODE_INT && l->kind == DT_NODE_INT &&
	    r->kind == DT_NODE_INT && dt_type_is_integer(n->type))
		return dt_node_int(&n->loc,
				   dt_int_trunc(c->value ? l->value : r->value, n->type),
				   n->type);
	return n;
}

/*
 * Resolve and type @n; returns the node to use in its place (constants
 * fold, inlines expand).
 */
struct dt_node *dt_cook(struct dt_node *n, int flags)
{
	struct dt_node *next = n->next;
	struct dt_node *r;

	if (n->flags & DT_NF_COOKED)
		return n;
	switch (n->kind) {
	case DT_NODE_INT:
	case DT_NODE_STRING:
	case DT_NODE_TYPE:
		r = n;
		break;
	case DT_NODE_IDENT:
		r = dt_cook_varref(n, DIFV_SCOPE_GLOBAL, n->string, DT_VREF_READ);
		break;
	case DT_NODE_VAR:
		r = n;
		break;
	case DT_NODE_FUNC:
		r = dt_cook_func(n, flags);
		break;
	case DT_NODE_OP1:
		r = dt_cook_op1(n, flags);
		break;
	case DT_NODE_OP2:
		r = dt_cook_op2(n, flags);
		break;
	case DT_NODE_OP3:
		r = dt_cook_op3(n, flags);
		break;
	case DT_NODE_AGG:
		r = dt_cook_agg(n, flags);
		break;
	case DT_NODE_SELF:
	case DT_NODE_THIS:
	default:
		dt_cerror(&n->loc, D_SYNTAX, "syntax error near \"%s\"",
			  n->kind == DT_NODE_SELF ? "self" : "this");
	}
	r->flags |= DT_NF_COOKED;
	r->next = next;
	return r;
}

/* An aggregation used as a value: only printa() and friends take one. */
struct dt_node *dt_cook_agg(struct dt_node *n, int flags)
{
	struct dt_ident *id = dt_idhash_lookup(&dt_pcb->dtp->aggs, n->string);

	if (!id)
		dt_cerror(&n->loc, D_IDENT_UNDEF,
			  "failed to resolve %s: Unknown variable name", n->string);
	if (n->args)
		dt_cerror(&n->loc, D_AGG_FUNC,
			  "%s[ ] may only be used as the target of an aggregating function",
			  n->string);
	n->ident = id;
	n->type = &dt_type_agg;
	return n;
}
