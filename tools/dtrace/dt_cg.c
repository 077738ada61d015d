// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): code generation, from a checked expression to a DIF object.
 *
 * The generator walks the tree once.  Each node leaves its value in a
 * register that it allocates from the seven DIF has (%r0 is zero); the
 * caller frees it.  Values in registers are kept as C would hold them
 * in a 64-bit register: an int is sign-extended, an unsigned int
 * zero-extended.  Arithmetic on types narrower than 64 bits is brought
 * back to its type by a shift pair, as are casts and stores to narrower
 * variables, so that every value recorded or compared is C's.
 *
 * A struct, a union or an array is held by reference: its register holds
 * its address, as a string's does.  A member is its container's address
 * plus its offset, then a load of its size and signedness (a bitfield:
 * of the bytes that hold it, then shifted into place), unless it is
 * itself held by reference.
 *
 * Branches are only ever forward: a label is placed after the branches
 * to it, and the assembler checks it.  Constants go to the integer
 * table, strings and variable names to the string table, and each
 * variable the program uses to the variable table.
 */
#include <string.h>

#include "dtrace.h"

struct dt_cg_fixup {
	unsigned int pc;
	int label;
};

struct dt_cg {
	struct dt_handle *dtp;
	u32 *text;
	unsigned int ntext;
	unsigned int tcap;
	u64 *inttab;
	unsigned int nint;
	char *strtab;
	unsigned int strlen;
	unsigned int scap;
	struct dif_var *vartab;
	unsigned int nvars;
	unsigned int regs;		/* bit n: %rn in use */
	int *labels;			/* label -> pc, -1 until placed */
	int nlabels;
	struct dt_cg_fixup *fixups;
	int nfixups;
	const struct dt_node *where;	/* for error locations */
};

static void dt_cg_node(struct dt_cg *cg, struct dt_node *n);
static void dt_cg_dirty(struct dt_cg *cg, struct dt_node *n);
static void dt_cg_mark(struct dt_node *n);
static void dt_cg_operand(struct dt_cg *cg, struct dt_node *n,
			  const struct dt_type *t);

static __noreturn void dt_cg_error(struct dt_cg *cg, enum dt_errtag tag,
				   const char *msg)
{
	dt_cerror(cg->where ? &cg->where->loc : NULL, tag, "%s", msg);
}

static unsigned int dt_cg_emit(struct dt_cg *cg, u32 instr)
{
	if (cg->ntext >= DIF_MAX_INSTRS)
		dt_cg_error(cg, D_CG_EXPR,
			    "expression is too complex: more than 4096 DIF instructions");
	if (cg->ntext == cg->tcap) {
		cg->tcap = cg->tcap ? cg->tcap * 2 : 64;
		cg->text = dt_realloc(cg->text, cg->tcap * sizeof(u32));
	}
	cg->text[cg->ntext] = instr;
	return cg->ntext++;
}

static int dt_cg_label(struct dt_cg *cg)
{
	cg->labels = dt_realloc(cg->labels, (cg->nlabels + 1) * sizeof(int));
	cg->labels[cg->nlabels] = -1;
	return cg->nlabels++;
}

static void dt_cg_place(struct dt_cg *cg, int label)
{
	cg->labels[label] = cg->ntext;
}

static void dt_cg_branch(struct dt_cg *cg, u32 op, int label)
{
	unsigned int pc = dt_cg_emit(cg, DIF_INSTR_BRANCH(op, 0));

	cg->fixups = dt_realloc(cg->fixups, (cg->nfixups + 1) * sizeof(*cg->fixups));
	cg->fixups[cg->nfixups].pc = pc;
	cg->fixups[cg->nfixups].label = label;
	cg->nfixups++;
}

static int dt_cg_reg(struct dt_cg *cg)
{
	int r;

	for (r = 1; r < DIF_NREGS; r++) {
		if (!(cg->regs & (1U << r))) {
			cg->regs |= 1U << r;
			return r;
		}
	}
	dt_cg_error(cg, D_NOREG, "Insufficient registers to generate code");
}

static void dt_cg_free(struct dt_cg *cg, int r)
{
	if (r > 0)
		cg->regs &= ~(1U << r);
}

static unsigned int dt_cg_int(struct dt_cg *cg, u64 v)
{
	unsigned int i;

	for (i = 0; i < cg->nint; i++)
		if (cg->inttab[i] == v)
			return i;
	if (cg->nint >= DIF_MAX_INTTAB)
		dt_cg_error(cg, D_CG_EXPR, "too many integer constants");
	cg->inttab = dt_realloc(cg->inttab, (cg->nint + 1) * sizeof(u64));
	cg->inttab[cg->nint] = v;
	return cg->nint++;
}

static unsigned int dt_cg_str(struct dt_cg *cg, const char *s)
{
	size_t n = strlen(s) + 1;
	unsigned int off = 0;

	while (off < cg->strlen) {
		size_t l = strlen(cg->strtab + off) + 1;

		if (l == n && !memcmp(cg->strtab + off, s, n))
			return off;
		off += l;
	}
	if (cg->strlen + n > DIF_MAX_STRTAB)
		dt_cg_error(cg, D_CG_EXPR, "string table is full");
	if (cg->strlen + n > cg->scap) {
		cg->scap = (cg->strlen + n) * 2;
		cg->strtab = dt_realloc(cg->strtab, cg->scap);
	}
	memcpy(cg->strtab + cg->strlen, s, n);
	off = cg->strlen;
	cg->strlen += n;
	return off;
}

static void dt_cg_setx(struct dt_cg *cg, u64 v, int rd)
{
	dt_cg_emit(cg, DIF_INSTR_INDEX(DIF_OP_SETX, dt_cg_int(cg, v), rd));
}

/* The DIF type of a D type: how the kernel stores and records it. */
static void dt_cg_diftype(struct dt_handle *dtp, const struct dt_type *t,
			  struct dif_type *dt, int is_var)
{
	memset(dt, 0, sizeof(*dt));
	if (t && (t->kind == DT_TK_STRING ||
		  (t->kind == DT_TK_ARRAY && dt_type_is_string(t) && !is_var))) {
		dt->kind = DIF_TYPE_STRING;
		dt->flags = DIF_TF_BYREF;
		dt->size = dtp->kopts[DTRACEOPT_STRSIZE];
		return;
	}
	dt->kind = DIF_TYPE_CTF;
	if (!t || t->kind == DT_TK_VOID) {
		dt->size = 0;
	} else if (is_var) {
		dt->size = 8;	/* variables hold a register's worth */
	} else if (dt_type_is_sou(t) || t->kind == DT_TK_ARRAY) {
		/* The bytes at the address the value is. */
		dt->flags = DIF_TF_BYREF;
		dt->size = t->size;
	} else if (dt_type_is_arith(t)) {
		dt->size = t->size > 8 ? 8 : t->size;
	} else {
		dt->size = 8;
	}
}

/* The variable table entry of a variable, created on first use. */
static void dt_cg_var(struct dt_cg *cg, const struct dt_ident *id, u16 flag)
{
	struct dif_var *v;
	unsigned int i;

	if (id->flags & DT_IDF_BUILTIN)
		return;
	for (i = 0; i < cg->nvars; i++) {
		v = &cg->vartab[i];
		if (v->id == id->id && v->scope == id->scope) {
			v->flags |= flag;
			return;
		}
	}
	if (cg->nvars >= DIF_MAX_VARS)
		dt_cg_error(cg, D_CG_EXPR, "too many variables");
	cg->vartab = dt_realloc(cg->vartab, (cg->nvars + 1) * sizeof(*v));
	v = &cg->vartab[cg->nvars++];
	memset(v, 0, sizeof(*v));
	v->name = dt_cg_str(cg, id->name);
	v->id = id->id;
	v->kind = id->kind == DT_IDENT_ARRAY ? DIFV_KIND_ARRAY : DIFV_KIND_SCALAR;
	v->scope = id->scope;
	v->flags = flag;
	dt_cg_diftype(cg->dtp, id->type && id->type->kind == DT_TK_ARRAY ?
		      id->type->ref : id->type, &v->type, 1);
}

/*
 * Bring the 64-bit value in @r to type @t: sign- or zero-extend from
 * its width.
 */
static void dt_cg_normalize(struct dt_cg *cg, int r, const struct dt_type *t)
{
	int rs;

	if (!dt_type_is_integer(t) || t->size >= 8)
		return;
	rs = dt_cg_reg(cg);
	dt_cg_setx(cg, 64 - t->size * 8, rs);
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SLL, r, rs, r));
	dt_cg_emit(cg, DIF_INSTR_FMT(t->is_unsigned ? DIF_OP_SRL : DIF_OP_SRA,
				     r, rs, r));
	dt_cg_free(cg, rs);
}

/* Convert the value in @r from type @from to type @to, as C does. */
static void dt_cg_convert(struct dt_cg *cg, int r, const struct dt_type *from,
			  const struct dt_type *to)
{
	if (!dt_type_is_integer(to) || to->size >= 8)
		return;
	if (dt_type_is_integer(from)) {
		if (from->size == to->size && from->is_unsigned == to->is_unsigned)
			return;
		if (from->size < to->size && (from->is_unsigned || !to->is_unsigned))
			return;
	}
	dt_cg_normalize(cg, r, to);
}

static u32 dt_cg_load_op(const struct dt_type *t, int user)
{
	static const u32 kops[2][4] = {
		{ DIF_OP_LDSB, DIF_OP_LDSH, DIF_OP_LDSW, DIF_OP_LDX },
		{ DIF_OP_LDUB, DIF_OP_LDUH, DIF_OP_LDUW, DIF_OP_LDX },
	};
	static const u32 uops[2][4] = {
		{ DIF_OP_ULDSB, DIF_OP_ULDSH, DIF_OP_ULDSW, DIF_OP_ULDX },
		{ DIF_OP_ULDUB, DIF_OP_ULDUH, DIF_OP_ULDUW, DIF_OP_ULDX },
	};
	int uns = !dt_type_is_integer(t) || t->is_unsigned;
	int i;

	switch (t->size) {
	case 1:
		i = 0;
		break;
	case 2:
		i = 1;
		break;
	case 4:
		i = 2;
		break;
	default:
		i = 3;
		break;
	}
	return user ? uops[uns][i] : kops[uns][i];
}

/*
 * The address of member @n (p->m, s.m) in a new register: of the
 * struct, plus the offset.  p->a.b.c is p plus one offset.
 */
static int dt_cg_member_addr(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *s = n->left;
	u64 off = n->value / 8;
	int r, rs;

	while (dt_node_is_member(s) && dt_type_is_sou(s->type)) {
		off += s->value / 8;
		s = s->left;
	}
	dt_cg_node(cg, s);
	r = s->reg;
	if (off) {
		rs = dt_cg_reg(cg);
		dt_cg_setx(cg, off, rs);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_ADD, r, rs, r));
		dt_cg_free(cg, rs);
	}
	return r;
}

/*
 * A bitfield: the smallest aligned load that holds all its bits (in a
 * packed struct, 8 bytes from its first byte), then shifted up to its
 * top bit and back down, which sign-extends a signed one (x86_64 is
 * little-endian: bit 0 is in the first byte).
 */
static void dt_cg_bitfield(struct dt_cg *cg, struct dt_node *n)
{
	static const struct dt_type * const ld[] = {
		&dt_type_uint8, &dt_type_uint16, &dt_type_uint32,
		&dt_type_uint64,
	};
	const struct dt_member *m = n->member;
	u64 bit = n->value, start;
	unsigned int size = 1, i = 0, lsh, rsh;
	int r, rs;

	for (;;) {
		start = (bit / 8) & ~(u64)(size - 1);
		if (bit + m->bit_size <= (start + size) * 8 || size == 8)
			break;
		size *= 2;
		i++;
	}
	if (bit + m->bit_size > (start + size) * 8)
		start = bit / 8;
	if (bit + m->bit_size > (start + size) * 8)
		dt_cg_error(cg, D_CG_EXPR,
			    dt_sprintf("bit-field %s is too wide to be loaded",
				       n->string));
	dt_cg_node(cg, n->left);
	r = n->left->reg;
	rs = dt_cg_reg(cg);
	if (start) {
		dt_cg_setx(cg, start, rs);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_ADD, r, rs, r));
	}
	dt_cg_emit(cg, DIF_INSTR_FMT(dt_cg_load_op(ld[i], 0), r, 0, r));
	lsh = 64 - (bit - start * 8) - m->bit_size;
	rsh = 64 - m->bit_size;
	if (lsh) {
		dt_cg_setx(cg, lsh, rs);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SLL, r, rs, r));
	}
	if (rsh) {
		dt_cg_setx(cg, rsh, rs);
		dt_cg_emit(cg, DIF_INSTR_FMT(m->type->is_unsigned ? DIF_OP_SRL :
					     DIF_OP_SRA, r, rs, r));
	}
	dt_cg_free(cg, rs);
	n->reg = r;
}

/* p->m, s.m: the member's value, or its address if it is held by reference. */
static void dt_cg_member(struct dt_cg *cg, struct dt_node *n)
{
	const struct dt_type *t = n->type;
	int r;

	if (n->member->bit_size) {
		dt_cg_bitfield(cg, n);
		return;
	}
	r = dt_cg_member_addr(cg, n);
	n->reg = r;
	if (dt_type_is_byref(t))
		return;
	if ((!dt_type_is_integer(t) && !dt_type_is_ptr(t)) || !t->size ||
	    t->size > 8 || (t->size & (t->size - 1))) {
		char tb[128];

		dt_cg_error(cg, D_CG_EXPR,
			    dt_sprintf("member %s of type %s cannot be loaded yet",
				       n->string, dt_type_name(t, tb, sizeof(tb))));
	}
	dt_cg_emit(cg, DIF_INSTR_FMT(dt_cg_load_op(t, 0), r, 0, r));
}

/* Push the keys of an associative array reference on the tuple stack. */
static void dt_cg_keys(struct dt_cg *cg, struct dt_node *keys)
{
	int regs[DIF_DTR_NREGS], n = 0, i;
	struct dt_node *k;

	for (k = keys; k; k = k->next) {
		if (n >= DIF_DTR_NREGS)
			dt_cg_error(cg, D_CG_EXPR, "too many keys");
		dt_cg_node(cg, k);
		regs[n++] = k->reg;
	}
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_FLUSHTS, 0, 0, 0));
	for (i = 0, k = keys; k; k = k->next, i++) {
		if (dt_type_is_string(k->type)) {
			int rs = dt_cg_reg(cg);

			dt_cg_setx(cg, cg->dtp->kopts[DTRACEOPT_STRSIZE], rs);
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING,
						     rs, regs[i]));
			dt_cg_free(cg, rs);
		} else {
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_PUSHTV, DIF_TYPE_CTF,
						     0, regs[i]));
		}
		dt_cg_free(cg, regs[i]);
	}
}

/* Load variable @n (a DT_NODE_VAR) into a new register. */
static void dt_cg_load_var(struct dt_cg *cg, struct dt_node *n)
{
	const struct dt_ident *id = n->ident;
	int r;
	u32 op;

	/* *p, p[i], p->m as the target of op= and ++: a load like any other. */
	if (n->kind != DT_NODE_VAR) {
		dt_cg_node(cg, n);
		return;
	}
	if (id->flags & DT_IDF_BUILTIN) {
		if (id->kind == DT_IDENT_ARRAY) {
			struct dt_node *k = n->args;

			dt_cg_node(cg, k);
			r = k->reg;
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_LDGA, id->id, r, r));
			n->reg = r;
			/*
			 * args[i] of a type narrower than the register it
			 * comes from (dt_fbt_argtype()): right in its low bits.
			 */
			dt_cg_mark(n);
			return;
		}
		r = dt_cg_reg(cg);
		dt_cg_emit(cg, DIF_INSTR_INDEX(DIF_OP_LDGS, id->id, r));
		n->reg = r;
		return;
	}
	if (n->type && n->type->kind == DT_TK_ARRAY)
		dt_cg_error(cg, D_CG_DYN, "an array may not be used as a value");
	dt_cg_var(cg, id, DIFV_F_REF);
	if (id->kind == DT_IDENT_ARRAY) {
		dt_cg_keys(cg, n->args);
		r = dt_cg_reg(cg);
		op = id->scope == DIFV_SCOPE_THREAD ? DIF_OP_LDTAA : DIF_OP_LDGAA;
		dt_cg_emit(cg, DIF_INSTR_INDEX(op, id->id, r));
		n->reg = r;
		return;
	}
	r = dt_cg_reg(cg);
	switch (id->scope) {
	case DIFV_SCOPE_THREAD:
		op = DIF_OP_LDTS;
		break;
	case DIFV_SCOPE_LOCAL:
		op = DIF_OP_LDLS;
		break;
	default:
		op = DIF_OP_LDGS;
		break;
	}
	dt_cg_emit(cg, DIF_INSTR_INDEX(op, id->id, r));
	n->reg = r;
}

/* Store register @r to variable @n; the keys of an array are evaluated. */
static void dt_cg_store_var(struct dt_cg *cg, struct dt_node *n, int r)
{
	const struct dt_ident *id = n->ident;
	u32 op;

	/*
	 * *p = v, p[i] = v and p->m = v: a store of the pointee's size,
	 * which the kernel allows into the firing's own memory (alloca())
	 * only.  For op= and ++ the address is computed again.
	 */
	if (n->kind != DT_NODE_VAR) {
		static const u32 st[] = { DIF_OP_STB, DIF_OP_STH, 0, DIF_OP_STW,
					  0, 0, 0, DIF_OP_STX };
		int a;

		if (n->kind == DT_NODE_OP1) {
			dt_cg_node(cg, n->left);
			a = n->left->reg;
		} else {
			a = dt_cg_member_addr(cg, n);
		}
		dt_cg_emit(cg, DIF_INSTR_FMT(st[n->type->size - 1], r, 0, a));
		dt_cg_free(cg, a);
		return;
	}
	dt_cg_var(cg, id, DIFV_F_MOD);
	if (id->kind == DT_IDENT_ARRAY) {
		dt_cg_keys(cg, n->args);
		op = id->scope == DIFV_SCOPE_THREAD ? DIF_OP_STTAA : DIF_OP_STGAA;
		dt_cg_emit(cg, DIF_INSTR_INDEX(op, id->id, r));
		return;
	}
	switch (id->scope) {
	case DIFV_SCOPE_THREAD:
		op = DIF_OP_STTS;
		break;
	case DIFV_SCOPE_LOCAL:
		op = DIF_OP_STLS;
		break;
	default:
		op = DIF_OP_STGS;
		break;
	}
	dt_cg_emit(cg, DIF_INSTR_INDEX(op, id->id, r));
}

/* Set @r to 1 if the condition codes say @op (a branch), else 0. */
static void dt_cg_setcc(struct dt_cg *cg, u32 notop, int r)
{
	int l = dt_cg_label(cg);

	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, 0, 0, r));
	dt_cg_branch(cg, notop, l);
	dt_cg_setx(cg, 1, r);
	dt_cg_place(cg, l);
}

/* The branch that is taken when comparison @op is false. */
static u32 dt_cg_notbranch(enum dt_op op, int uns)
{
	switch (op) {
	case DT_OP_EQU:
		return DIF_OP_BNE;
	case DT_OP_NEQ:
		return DIF_OP_BE;
	case DT_OP_LT:
		return uns ? DIF_OP_BGEU : DIF_OP_BGE;
	case DT_OP_LE:
		return uns ? DIF_OP_BGU : DIF_OP_BG;
	case DT_OP_GT:
		return uns ? DIF_OP_BLEU : DIF_OP_BLE;
	default:
		return uns ? DIF_OP_BLU : DIF_OP_BL;
	}
}

static void dt_cg_compare(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	int uns;

	dt_cg_node(cg, l);
	dt_cg_node(cg, r);
	if (dt_type_is_string(l->type) && dt_type_is_string(r->type)) {
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SCMP, l->reg, r->reg, 0));
		uns = 0;
	} else if (dt_type_is_ptr(l->type) || dt_type_is_ptr(r->type)) {
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_CMP, l->reg, r->reg, 0));
		uns = 1;
	} else {
		const struct dt_type *ct = dt_type_arith(l->type, r->type);

		dt_cg_convert(cg, l->reg, l->type, ct);
		dt_cg_convert(cg, r->reg, r->type, ct);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_CMP, l->reg, r->reg, 0));
		uns = ct->is_unsigned;
	}
	dt_cg_free(cg, r->reg);
	n->reg = l->reg;
	dt_cg_setcc(cg, dt_cg_notbranch(n->op, uns), n->reg);
}

static u32 dt_cg_arith_op(enum dt_op op, int uns)
{
	switch (op) {
	case DT_OP_ADD:
	case DT_OP_ADD_EQ:
	case DT_OP_PREINC:
	case DT_OP_POSTINC:
		return DIF_OP_ADD;
	case DT_OP_SUB:
	case DT_OP_SUB_EQ:
	case DT_OP_PREDEC:
	case DT_OP_POSTDEC:
		return DIF_OP_SUB;
	case DT_OP_MUL:
	case DT_OP_MUL_EQ:
		return DIF_OP_MUL;
	case DT_OP_DIV:
	case DT_OP_DIV_EQ:
		return uns ? DIF_OP_UDIV : DIF_OP_SDIV;
	case DT_OP_MOD:
	case DT_OP_MOD_EQ:
		return uns ? DIF_OP_UREM : DIF_OP_SREM;
	case DT_OP_BAND:
	case DT_OP_AND_EQ:
		return DIF_OP_AND;
	case DT_OP_BOR:
	case DT_OP_OR_EQ:
		return DIF_OP_OR;
	case DT_OP_XOR:
	case DT_OP_XOR_EQ:
		return DIF_OP_XOR;
	case DT_OP_SHL:
	case DT_OP_SHL_EQ:
		return DIF_OP_SLL;
	default:
		return uns ? DIF_OP_SRL : DIF_OP_SRA;
	}
}

/*
 * l = l op r, in type @t (the type of the result); @lt and @rt the
 * operand types, whose values must be normalized if the operation
 * depends on their high bits (division, right shifts).  Handles pointer
 * arithmetic.  Returns 1 if the result is right in its low bits only
 * and must be normalized before it is used as a whole.
 */
static int dt_cg_arith(struct dt_cg *cg, enum dt_op op, int l, int r,
		       const struct dt_type *lt, const struct dt_type *rt,
		       const struct dt_type *t)
{
	u32 dop;

	if (dt_type_is_ptr(lt) && dt_type_is_ptr(rt)) {
		/* ptr - ptr: the difference in elements */
		unsigned int sz = lt->ref->size ? lt->ref->size : 1;

		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SUB, l, r, l));
		if (sz > 1) {
			dt_cg_setx(cg, sz, r);
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SDIV, l, r, l));
		}
		return 0;
	}
	if (dt_type_is_ptr(lt) || dt_type_is_ptr(rt)) {
		const struct dt_type *pt = dt_type_is_ptr(lt) ? lt : rt;
		unsigned int sz = pt->ref->size ? pt->ref->size : 1;
		int ri = dt_type_is_ptr(lt) ? r : l;

		if (sz > 1) {
			int rs = dt_cg_reg(cg);

			dt_cg_setx(cg, sz, rs);
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MUL, ri, rs, ri));
			dt_cg_free(cg, rs);
		}
		dt_cg_emit(cg, DIF_INSTR_FMT(dt_cg_arith_op(op, 1), l, r, l));
		return 0;
	}

	dop = dt_cg_arith_op(op, t->is_unsigned);
	switch (dop) {
	case DIF_OP_SDIV:
	case DIF_OP_UDIV:
	case DIF_OP_SREM:
	case DIF_OP_UREM:
		dt_cg_convert(cg, l, lt, t);
		dt_cg_convert(cg, r, rt, t);
		break;
	case DIF_OP_SRL:
	case DIF_OP_SRA:
		dt_cg_convert(cg, l, lt, t);
		break;
	default:
		break;
	}
	dt_cg_emit(cg, DIF_INSTR_FMT(dop, l, r, l));
	switch (dop) {
	case DIF_OP_SRL:
	case DIF_OP_SRA:
	case DIF_OP_UDIV:
	case DIF_OP_UREM:
		return 0;
	default:
		return dt_type_is_integer(t) && t->size < 8;
	}
}

static void dt_cg_logical(struct dt_cg *cg, struct dt_node *n)
{
	int end = dt_cg_label(cg);
	int r;

	dt_cg_node(cg, n->left);
	r = n->left->reg;
	n->reg = r;
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r, 0, 0));
	if (n->op == DT_OP_LAND) {
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, 0, 0, r));
		dt_cg_branch(cg, DIF_OP_BE, end);
		dt_cg_node(cg, n->right);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, n->right->reg, 0, 0));
		dt_cg_free(cg, n->right->reg);
		dt_cg_branch(cg, DIF_OP_BE, end);
		dt_cg_setx(cg, 1, r);
	} else if (n->op == DT_OP_LOR) {
		dt_cg_setx(cg, 1, r);
		dt_cg_branch(cg, DIF_OP_BNE, end);
		dt_cg_node(cg, n->right);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, n->right->reg, 0, 0));
		dt_cg_free(cg, n->right->reg);
		dt_cg_setcc(cg, DIF_OP_BE, r);
	} else {
		/* ^^: both sides are evaluated */
		int rr;

		dt_cg_setcc(cg, DIF_OP_BE, r);
		dt_cg_node(cg, n->right);
		rr = n->right->reg;
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, rr, 0, 0));
		dt_cg_setcc(cg, DIF_OP_BE, rr);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_XOR, r, rr, r));
		dt_cg_free(cg, rr);
	}
	dt_cg_place(cg, end);
}

static void dt_cg_ternary(struct dt_cg *cg, struct dt_node *n)
{
	int lelse = dt_cg_label(cg), lend = dt_cg_label(cg);
	int r;

	dt_cg_node(cg, n->cond);
	r = n->cond->reg;
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r, 0, 0));
	dt_cg_branch(cg, DIF_OP_BE, lelse);
	dt_cg_node(cg, n->left);
	dt_cg_convert(cg, n->left->reg, n->left->type, n->type);
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, n->left->reg, 0, r));
	dt_cg_free(cg, n->left->reg);
	dt_cg_branch(cg, DIF_OP_BA, lend);
	dt_cg_place(cg, lelse);
	dt_cg_node(cg, n->right);
	dt_cg_convert(cg, n->right->reg, n->right->type, n->type);
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, n->right->reg, 0, r));
	dt_cg_free(cg, n->right->reg);
	dt_cg_place(cg, lend);
	n->reg = r;
}

/* =, op=: the value of the expression is the value stored. */
static void dt_cg_asgn(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;
	int reg;

	if (n->op == DT_OP_ASGN) {
		dt_cg_node(cg, r);
		reg = r->reg;
		dt_cg_convert(cg, reg, r->type, l->type);
	} else {
		const struct dt_type *t;

		dt_cg_load_var(cg, l);
		reg = l->reg;
		dt_cg_node(cg, r);
		if (dt_type_is_ptr(l->type))
			t = l->type;
		else if (n->op == DT_OP_SHL_EQ || n->op == DT_OP_SHR_EQ)
			t = dt_type_promote(l->type);
		else
			t = dt_type_arith(l->type, r->type);
		if (dt_cg_arith(cg, n->op, reg, r->reg, l->type, r->type, t))
			dt_cg_normalize(cg, reg, t);
		dt_cg_free(cg, r->reg);
		dt_cg_convert(cg, reg, t, l->type);
	}
	dt_cg_store_var(cg, l, reg);
	n->reg = reg;
}

static void dt_cg_incdec(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int post = n->op == DT_OP_POSTINC || n->op == DT_OP_POSTDEC;
	unsigned int step = 1;
	int r, rs, old = -1;

	if (dt_type_is_ptr(l->type))
		step = l->type->ref->size ? l->type->ref->size : 1;
	dt_cg_load_var(cg, l);
	r = l->reg;
	if (post) {
		old = dt_cg_reg(cg);
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, r, 0, old));
	}
	rs = dt_cg_reg(cg);
	dt_cg_setx(cg, step, rs);
	dt_cg_emit(cg, DIF_INSTR_FMT(dt_cg_arith_op(n->op, 0), r, rs, r));
	dt_cg_free(cg, rs);
	dt_cg_normalize(cg, r, l->type);
	dt_cg_store_var(cg, l, r);
	if (post) {
		dt_cg_free(cg, r);
		n->reg = old;
	} else {
		n->reg = r;
	}
}

/* A subroutine call: arguments on the tuple stack, then CALL. */
static void dt_cg_call(struct dt_cg *cg, struct dt_node *n)
{
	const struct dt_ident *fn = n->ident;
	int regs[DIF_DTR_NREGS], na = 0, i, r;
	struct dt_node *a;

	if (fn->kind != DT_IDENT_FUNC || (fn->flags & DT_IDF_BUILTIN) == 0)
		dt_cg_error(cg, D_CG_EXPR, "this function cannot be called here");
	for (a = n->args; a; a = a->next) {
		if (na >= DIF_DTR_NREGS)
			dt_cg_error(cg, D_CG_EXPR, "too many arguments");
		dt_cg_node(cg, a);
		i = na;
		if (fn->proto && i < fn->proto->nargs &&
		    fn->proto->args[i].type &&
		    dt_type_is_integer(fn->proto->args[i].type))
			dt_cg_convert(cg, a->reg, a->type, fn->proto->args[i].type);
		regs[na++] = a->reg;
	}
	dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_FLUSHTS, 0, 0, 0));
	for (i = 0, a = n->args; a; a = a->next, i++) {
		if (dt_type_is_string(a->type)) {
			int rs = dt_cg_reg(cg);

			dt_cg_setx(cg, cg->dtp->kopts[DTRACEOPT_STRSIZE], rs);
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_PUSHTR, DIF_TYPE_STRING,
						     rs, regs[i]));
			dt_cg_free(cg, rs);
		} else {
			dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_PUSHTV, DIF_TYPE_CTF,
						     0, regs[i]));
		}
	}
	for (i = 1; i < na; i++)
		dt_cg_free(cg, regs[i]);
	r = na ? regs[0] : dt_cg_reg(cg);
	dt_cg_emit(cg, DIF_INSTR_INDEX(DIF_OP_CALL, fn->id, r));
	n->reg = r;
}

static void dt_cg_op1(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left;
	int r;

	switch (n->op) {
	case DT_OP_PREINC:
	case DT_OP_PREDEC:
	case DT_OP_POSTINC:
	case DT_OP_POSTDEC:
		dt_cg_incdec(cg, n);
		return;
	case DT_OP_ADDROF:
		/* &p->m: the member's address. */
		if (dt_node_is_member(l)) {
			n->reg = dt_cg_member_addr(cg, l);
			return;
		}
		break;
	default:
		break;
	}
	if (n->op == DT_OP_INEG || n->op == DT_OP_BNEG)
		dt_cg_operand(cg, l, n->type);
	else
		dt_cg_node(cg, l);
	r = l->reg;
	n->reg = r;
	switch (n->op) {
	case DT_OP_INEG:
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_SUB, 0, r, r));
		dt_cg_mark(n);
		break;
	case DT_OP_IPOS:
		dt_cg_convert(cg, r, l->type, n->type);
		break;
	case DT_OP_BNEG:
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_NOT, r, 0, r));
		dt_cg_mark(n);
		break;
	case DT_OP_LNEG:
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_TST, r, 0, 0));
		dt_cg_setcc(cg, DIF_OP_BNE, r);
		break;
	case DT_OP_DEREF:
		/* *p of a struct, a union or an array: its address. */
		if (dt_type_is_byref(n->type))
			break;
		dt_cg_emit(cg, DIF_INSTR_FMT(dt_cg_load_op(n->type,
							   n->flags & DT_NF_USERLAND),
					     r, 0, r));
		break;
	case DT_OP_STRINGOF:
		break;
	case DT_OP_ADDROF:
		/* &a[i]: only in a program refused as not supported yet. */
		dt_cg_emit(cg, DIF_INSTR_FMT(DIF_OP_MOV, 0, 0, r));
		break;
	default:
		dt_cg_error(cg, D_CG_EXPR, "unexpected unary operator");
	}
}

static void dt_cg_op2(struct dt_cg *cg, struct dt_node *n)
{
	struct dt_node *l = n->left, *r = n->right;

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
		dt_cg_asgn(cg, n);
		return;
	case DT_OP_COMMA:
		dt_cg_node(cg, l);
		dt_cg_free(cg, l->reg);
		dt_cg_node(cg, r);
		n->reg = r->reg;
		return;
	case DT_OP_CAST:
		dt_cg_node(cg, r);
		n->reg = r->reg;
		dt_cg_convert(cg, n->reg, r->type, n->type);
		return;
	case DT_OP_LAND:
	case DT_OP_LOR:
	case DT_OP_LXOR:
		dt_cg_logical(cg, n);
		return;
	case DT_OP_PTR:
	case DT_OP_DOT:
		dt_cg_member(cg, n);
		return;
	case DT_OP_EQU:
	case DT_OP_NEQ:
	case DT_OP_LT:
	case DT_OP_LE:
	case DT_OP_GT:
	case DT_OP_GE:
		dt_cg_compare(cg, n);
		return;
	default:
		break;
	}
	switch (n->op) {
	case DT_OP_ADD:
	case DT_OP_SUB:
	case DT_OP_MUL:
	case DT_OP_BAND:
	case DT_OP_BOR:
	case DT_OP_XOR:
	case DT_OP_SHL:
		/* These need only the low bits of their operands. */
		dt_cg_operand(cg, l, n->type);
		dt_cg_operand(cg, r, n->type);
		break;
	default:
		dt_cg_node(cg, l);
		dt_cg_node(cg, r);
		break;
	}
	if (dt_cg_arith(cg, n->op, l->reg, r->reg, l->type, r->type, n->type))
		n->flags |= DT_NF_DIRTY;
	dt_cg_free(cg, r->reg);
	n->reg = l->reg;
}

/*
 * Generate @n; its value may be right in its low bits only (DT_NF_DIRTY),
 * for the operators that look at no more.
 */
static void dt_cg_dirty(struct dt_cg *cg, struct dt_node *n)
{
	const struct dt_node *saved = cg->where;

	cg->where = n;
	n->flags &= ~DT_NF_DIRTY;
	switch (n->kind) {
	case DT_NODE_INT:
		n->reg = dt_cg_reg(cg);
		dt_cg_setx(cg, n->value, n->reg);
		break;
	case DT_NODE_STRING:
		n->reg = dt_cg_reg(cg);
		dt_cg_emit(cg, DIF_INSTR_INDEX(DIF_OP_SETS, dt_cg_str(cg, n->string),
					       n->reg));
		break;
	case DT_NODE_VAR:
		dt_cg_load_var(cg, n);
		break;
	case DT_NODE_FUNC:
		dt_cg_call(cg, n);
		break;
	case DT_NODE_OP1:
		dt_cg_op1(cg, n);
		break;
	case DT_NODE_OP2:
		dt_cg_op2(cg, n);
		break;
	case DT_NODE_OP3:
		dt_cg_ternary(cg, n);
		break;
	default:
		dt_cg_error(cg, D_CG_EXPR, "expression cannot be compiled");
	}
	cg->where = saved;
}

/* Mark @n as right in its low bits only, if its type is narrow. */
static void dt_cg_mark(struct dt_node *n)
{
	if (dt_type_is_integer(n->type) && n->type->size < 8)
		n->flags |= DT_NF_DIRTY;
}

/*
 * Generate operand @n of an operation done in type @t that needs only
 * the low bits of its operands: @n may stay dirty if it is as wide.
 */
static void dt_cg_operand(struct dt_cg *cg, struct dt_node *n,
			  const struct dt_type *t)
{
	dt_cg_dirty(cg, n);
	if ((n->flags & DT_NF_DIRTY) && (!t || n->type->size < t->size)) {
		dt_cg_normalize(cg, n->reg, n->type);
		n->flags &= ~DT_NF_DIRTY;
	}
}

/* Generate @n with its value as C has it, in a 64-bit register. */
static void dt_cg_node(struct dt_cg *cg, struct dt_node *n)
{
	dt_cg_dirty(cg, n);
	if (n->flags & DT_NF_DIRTY) {
		dt_cg_normalize(cg, n->reg, n->type);
		n->flags &= ~DT_NF_DIRTY;
	}
}

/* Resolve the branches: every one must go forward, inside the program. */
static void dt_cg_link(struct dt_cg *cg)
{
	int i;

	for (i = 0; i < cg->nfixups; i++) {
		unsigned int pc = cg->fixups[i].pc;
		int to = cg->labels[cg->fixups[i].label];

		if (to < 0 || (unsigned int)to <= pc || (unsigned int)to >= cg->ntext)
			dt_cg_error(cg, D_CG_EXPR, "internal error: bad branch");
		cg->text[pc] = DIF_INSTR_BRANCH(DIF_INSTR_OP(cg->text[pc]), to);
	}
}

/*
 * Compile @n to a DIFO whose value has type @rtype (converted to it);
 * void: a program run for its side effects.
 */
struct dt_difo *dt_cg(struct dt_handle *dtp, struct dt_node *n,
		      const struct dt_type *rtype)
{
	struct dt_difo *dp = dt_zalloc(sizeof(*dp));
	struct dt_cg cg;

	memset(&cg, 0, sizeof(cg));
	cg.dtp = dtp;
	cg.regs = 1;	/* %r0 */
	cg.where = n;

	dt_cg_node(&cg, n);
	if (dt_type_is_integer(rtype))
		dt_cg_convert(&cg, n->reg, n->type, rtype);
	dt_cg_emit(&cg, DIF_INSTR_RET(n->reg));
	dt_cg_free(&cg, n->reg);
	dt_cg_link(&cg);

	dp->text = cg.text;
	dp->ntext = cg.ntext;
	dp->inttab = cg.inttab;
	dp->nint = cg.nint;
	dp->strtab = cg.strtab;
	dp->strlen = cg.strlen;
	dp->vartab = cg.vartab;
	dp->nvars = cg.nvars;
	dp->type = rtype;
	dt_cg_diftype(dtp, rtype, &dp->rtype, 0);
	free(cg.labels);
	free(cg.fixups);
	return dp;
}

/* The DIFO as the kernel wants it. */
void dt_difo_to_uapi(const struct dt_difo *dp, struct dif_object *udo)
{
	memset(udo, 0, sizeof(*udo));
	if (!dp)
		return;
	udo->text = (u64)(unsigned long)dp->text;
	udo->inttab = (u64)(unsigned long)dp->inttab;
	udo->strtab = (u64)(unsigned long)dp->strtab;
	udo->vartab = (u64)(unsigned long)dp->vartab;
	udo->ntext = dp->ntext;
	udo->nint = dp->nint;
	udo->strlen = dp->strlen;
	udo->nvars = dp->nvars;
	udo->rtype = dp->rtype;
}

/*
 * The string size may change after a DIFO was compiled (a pragma later
 * in the program): bring the sizes of strings up to date.
 */
void dt_difo_fixup(struct dt_handle *dtp, struct dt_difo *dp)
{
	unsigned int i;

	if (!dp)
		return;
	if (dp->rtype.kind == DIF_TYPE_STRING)
		dp->rtype.size = dtp->kopts[DTRACEOPT_STRSIZE];
	for (i = 0; i < dp->nvars; i++)
		if (dp->vartab[i].type.kind == DIF_TYPE_STRING)
			dp->vartab[i].type.size = dtp->kopts[DTRACEOPT_STRSIZE];
}
