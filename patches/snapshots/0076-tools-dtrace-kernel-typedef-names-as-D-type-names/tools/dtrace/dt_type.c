// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): D types.
 *
 * D's types are C's, for the LP64 model of x86_64, plus string.  This
 * compiler knows the integer types and their usual typedef names,
 * string, void, pointers, and the float types (which D may declare but
 * not compute with).  The kernel's structs, unions and enums, and its
 * typedef names, come from its BTF (dt_btf.c); an enum is an integer
 * type here, and a struct or union is used through its members.
 */
#include <string.h>

#include "dtrace.h"

#define DT_INT(var, nm, sz, uns)			\
	const struct dt_type var = {			\
		.kind = DT_TK_INT, .size = (sz),	\
		.is_unsigned = (uns), .name = (nm),	\
	}

const struct dt_type dt_type_void = { .kind = DT_TK_VOID, .name = "void" };
DT_INT(dt_type_char, "char", 1, 0);
DT_INT(dt_type_schar, "signed char", 1, 0);
DT_INT(dt_type_uchar, "unsigned char", 1, 1);
DT_INT(dt_type_short, "short", 2, 0);
DT_INT(dt_type_ushort, "unsigned short", 2, 1);
DT_INT(dt_type_int, "int", 4, 0);
DT_INT(dt_type_uint, "unsigned int", 4, 1);
DT_INT(dt_type_long, "long", 8, 0);
DT_INT(dt_type_ulong, "unsigned long", 8, 1);
DT_INT(dt_type_llong, "long long", 8, 0);
DT_INT(dt_type_ullong, "unsigned long long", 8, 1);
DT_INT(dt_type_int8, "int8_t", 1, 0);
DT_INT(dt_type_int16, "int16_t", 2, 0);
DT_INT(dt_type_int32, "int32_t", 4, 0);
DT_INT(dt_type_int64, "int64_t", 8, 0);
DT_INT(dt_type_uint8, "uint8_t", 1, 1);
DT_INT(dt_type_uint16, "uint16_t", 2, 1);
DT_INT(dt_type_uint32, "uint32_t", 4, 1);
DT_INT(dt_type_uint64, "uint64_t", 8, 1);
DT_INT(dt_type_intptr, "intptr_t", 8, 0);
DT_INT(dt_type_uintptr, "uintptr_t", 8, 1);
DT_INT(dt_type_size, "size_t", 8, 1);
DT_INT(dt_type_ssize, "ssize_t", 8, 0);
static DT_INT(dt_type_off, "off_t", 8, 0);
static DT_INT(dt_type_pid, "pid_t", 4, 0);
static DT_INT(dt_type_uid, "uid_t", 4, 1);
static DT_INT(dt_type_gid, "gid_t", 4, 1);
static DT_INT(dt_type_id, "id_t", 4, 0);
static DT_INT(dt_type_processorid, "processorid_t", 4, 0);
static DT_INT(dt_type_hrtime, "hrtime_t", 8, 0);
static DT_INT(dt_type_time, "time_t", 8, 0);
static DT_INT(dt_type_dev, "dev_t", 4, 1);
static DT_INT(dt_type_mode, "mode_t", 4, 1);
static DT_INT(dt_type_bool, "_Bool", 1, 1);
static DT_INT(dt_type_u8k, "u8", 1, 1);
static DT_INT(dt_type_u16k, "u16", 2, 1);
static DT_INT(dt_type_u32k, "u32", 4, 1);
static DT_INT(dt_type_u64k, "u64", 8, 1);
static DT_INT(dt_type_s8k, "s8", 1, 0);
static DT_INT(dt_type_s16k, "s16", 2, 0);
static DT_INT(dt_type_s32k, "s32", 4, 0);
static DT_INT(dt_type_s64k, "s64", 8, 0);

const struct dt_type dt_type_float = {
	.kind = DT_TK_FLOAT, .size = 4, .name = "float"
};

const struct dt_type dt_type_double = {
	.kind = DT_TK_FLOAT, .size = 8, .name = "double"
};

const struct dt_type dt_type_ldouble = {
	.kind = DT_TK_FLOAT, .size = 16, .name = "long double"
};

const struct dt_type dt_type_string = {
	.kind = DT_TK_STRING, .size = 256, .name = "string"
};

const struct dt_type dt_type_agg = { .kind = DT_TK_AGG, .name = "aggregation" };

const struct dt_type dt_type_stack = {
	.kind = DT_TK_STACK, .size = 8, .name = "stack"
};

/*
 * The types of aggregation keys that actions give: ustack(), and the
 * addresses of sym(), func(), mod(), usym(), ufunc(), umod(), uaddr(),
 * which are integers that print as symbols.
 */
const struct dt_type dt_type_ustack = {
	.kind = DT_TK_STACK, .size = 8, .name = "stack",
	.act = DTRACEACT_USTACK
};

#define DT_SYMADDR(_name, _tname, _act)					\
	const struct dt_type _name = {					\
		.kind = DT_TK_INT, .size = 8, .is_unsigned = 1,		\
		.name = _tname, .act = _act				\
	}

DT_SYMADDR(dt_type_symaddr, "_symaddr", DTRACEACT_SYM);
DT_SYMADDR(dt_type_modaddr, "_symaddr", DTRACEACT_MOD);
DT_SYMADDR(dt_type_usymaddr, "_usymaddr", DTRACEACT_USYM);
DT_SYMADDR(dt_type_umodaddr, "_usymaddr", DTRACEACT_UMOD);
DT_SYMADDR(dt_type_uaddr, "_usymaddr", DTRACEACT_UADDR);

const struct dt_type dt_type_func = { .kind = DT_TK_FUNC, .name = "function" };

/* The typedef names D knows without a declaration. */
static const struct dt_type * const dt_typedefs[] = {
	&dt_type_int8, &dt_type_int16, &dt_type_int32, &dt_type_int64,
	&dt_type_uint8, &dt_type_uint16, &dt_type_uint32, &dt_type_uint64,
	&dt_type_intptr, &dt_type_uintptr, &dt_type_size, &dt_type_ssize,
	&dt_type_off, &dt_type_pid, &dt_type_uid, &dt_type_gid, &dt_type_id,
	&dt_type_processorid, &dt_type_hrtime, &dt_type_time, &dt_type_dev,
	&dt_type_mode, &dt_type_bool, &dt_type_u8k, &dt_type_u16k,
	&dt_type_u32k, &dt_type_u64k, &dt_type_s8k, &dt_type_s16k,
	&dt_type_s32k, &dt_type_s64k,
};

/* Pointer and array types, interned: a hash table on the referred type. */
#define DT_TYPE_HASH	1024
static struct dt_type *dt_type_interned[DT_TYPE_HASH];

/* A typedef name known to D, or NULL. */
const struct dt_type *dt_type_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dt_typedefs); i++)
		if (!strcmp(dt_typedefs[i]->name, name))
			return dt_typedefs[i];
	return NULL;
}

static const struct dt_type *dt_type_intern(enum dt_tkind kind,
					    const struct dt_type *ref,
					    unsigned int n)
{
	unsigned long h = ((unsigned long)ref >> 4) % DT_TYPE_HASH;
	struct dt_type *t;
	char buf[256];

	for (t = dt_type_interned[h]; t; t = t->next)
		if (t->kind == kind && t->ref == ref && t->nelems == n)
			return t;

	t = dt_zalloc(sizeof(*t));
	t->kind = kind;
	t->ref = ref;
	t->nelems = n;
	if (kind == DT_TK_PTR) {
		t->size = 8;
		t->is_unsigned = 1;
	} else {
		t->size = ref->size * n;
	}
	t->next = dt_type_interned[h];
	dt_type_interned[h] = t;
	t->name = dt_strdup(dt_type_name(t, buf, sizeof(buf)));
	return t;
}

const struct dt_type *dt_type_ptr(const struct dt_type *ref)
{
	return dt_type_intern(DT_TK_PTR, ref, 0);
}

const struct dt_type *dt_type_array(const struct dt_type *ref, unsigned int n)
{
	return dt_type_intern(DT_TK_ARRAY, ref, n);
}

/* Integers and enums. */
int dt_type_is_integer(const struct dt_type *t)
{
	return t && (t->kind == DT_TK_INT || t->kind == DT_TK_ENUM);
}

int dt_type_is_arith(const struct dt_type *t)
{
	return t && (dt_type_is_integer(t) || t->kind == DT_TK_FLOAT);
}

/* Scalar as C has it: arithmetic or pointer. */
int dt_type_is_scalar(const struct dt_type *t)
{
	return t && (dt_type_is_arith(t) || t->kind == DT_TK_PTR);
}

int dt_type_is_string(const struct dt_type *t)
{
	if (!t)
		return 0;
	if (t->kind == DT_TK_STRING)
		return 1;
	/* char * and char[] convert to string where D wants one. */
	return (t->kind == DT_TK_PTR || t->kind == DT_TK_ARRAY) &&
	       t->ref->kind == DT_TK_INT && t->ref->size == 1;
}

int dt_type_is_void(const struct dt_type *t)
{
	return !t || t->kind == DT_TK_VOID;
}

int dt_type_is_ptr(const struct dt_type *t)
{
	return t && t->kind == DT_TK_PTR;
}

/* A struct or a union. */
int dt_type_is_sou(const struct dt_type *t)
{
	return t && (t->kind == DT_TK_STRUCT || t->kind == DT_TK_UNION);
}

/*
 * A value of this type is held by reference: a register holds its
 * address, as it holds a string's.
 */
int dt_type_is_byref(const struct dt_type *t)
{
	return t && (dt_type_is_sou(t) || t->kind == DT_TK_ARRAY ||
		     t->kind == DT_TK_STRING);
}

/*
 * The member @name of struct or union @t, looked for in its anonymous
 * struct and union members too, or NULL; *@bit_offset is set to its
 * offset from the start of @t.
 */
const struct dt_member *dt_type_member(const struct dt_type *t,
				       const char *name,
				       unsigned long *bit_offset)
{
	const struct dt_member *m;
	unsigned int i;

	if (!dt_type_is_sou(t))
		return NULL;
	for (i = 0; i < t->nmembers; i++) {
		const struct dt_member *mi = &t->members[i];

		if (*mi->name) {
			if (strcmp(mi->name, name))
				continue;
			*bit_offset = mi->bit_offset;
			return mi;
		}
		m = dt_type_member(mi->type, name, bit_offset);
		if (m) {
			*bit_offset += mi->bit_offset;
			return m;
		}
	}
	return NULL;
}

/* Same shape: typedef names aside. */
int dt_type_same(const struct dt_type *a, const struct dt_type *b)
{
	if (a == b)
		return 1;
	if (!a || !b || a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case DT_TK_INT:
	case DT_TK_FLOAT:
		return a->size == b->size && a->is_unsigned == b->is_unsigned;
	case DT_TK_PTR:
		return dt_type_same(a->ref, b->ref) ||
		       a->ref->kind == DT_TK_VOID || b->ref->kind == DT_TK_VOID;
	case DT_TK_ARRAY:
		return a->nelems == b->nelems && dt_type_same(a->ref, b->ref);
	case DT_TK_STRUCT:
	case DT_TK_UNION:
	case DT_TK_ENUM:
		/* One object per BTF id: different objects, different types. */
		return 0;
	default:
		return 1;
	}
}

/*
 * D does not promote char and short to int as C does: an operation on
 * two chars is done in char (DTrace has always worked so).
 */
const struct dt_type *dt_type_promote(const struct dt_type *t)
{
	return t;
}

/* The integer type of an enum's size and signedness, as C computes in. */
static const struct dt_type *dt_type_enum_int(const struct dt_type *t)
{
	static const struct dt_type * const ints[2][4] = {
		{ &dt_type_char, &dt_type_short, &dt_type_int, &dt_type_long },
		{ &dt_type_uchar, &dt_type_ushort, &dt_type_uint, &dt_type_ulong },
	};

	if (t->kind != DT_TK_ENUM)
		return t;
	switch (t->size) {
	case 1:
		return ints[t->is_unsigned][0];
	case 2:
		return ints[t->is_unsigned][1];
	case 4:
		return ints[t->is_unsigned][2];
	default:
		return ints[t->is_unsigned][3];
	}
}

/*
 * The usual arithmetic conversions, as D has them: the operand of
 * greater rank (size, then unsignedness) gives the type.
 */
const struct dt_type *dt_type_arith(const struct dt_type *a,
				    const struct dt_type *b)
{
	a = dt_type_enum_int(a);
	b = dt_type_enum_int(b);
	if (a->kind == DT_TK_FLOAT || b->kind == DT_TK_FLOAT)
		return a->kind == DT_TK_FLOAT ? a : b;
	if (a->size == b->size && a->is_unsigned == b->is_unsigned)
		return a;
	if (a->is_unsigned == b->is_unsigned)
		return a->size > b->size ? a : b;
	/* One is unsigned. */
	if (a->is_unsigned) {
		const struct dt_type *t = a;

		a = b;
		b = t;
	}
	/* a signed, b unsigned */
	if (b->size >= a->size)
		return b;
	return a;
}

/* The C spelling of a type, e.g. "int *" or "char [8]". */
char *dt_type_name(const struct dt_type *t, char *buf, size_t len)
{
	char sub[256];

	if (!t) {
		snprintf(buf, len, "void");
		return buf;
	}
	switch (t->kind) {
	case DT_TK_PTR:
		dt_type_name(t->ref, sub, sizeof(sub));
		snprintf(buf, len, "%s%s*", sub,
			 sub[strlen(sub) - 1] == '*' ? "" : " ");
		break;
	case DT_TK_ARRAY:
		dt_type_name(t->ref, sub, sizeof(sub));
		snprintf(buf, len, "%s [%u]", sub, t->nelems);
		break;
	default:
		snprintf(buf, len, "%s", t->name ? t->name : "?");
		break;
	}
	return buf;
}
