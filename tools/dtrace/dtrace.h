/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dtrace(1): declarations shared by its files.
 *
 * dtrace(1) is a D compiler and a consumer: it compiles the clauses of a
 * D program to DIF objects (the compiler: dt_lex.l, dt_grammar.y,
 * dt_parser.c, dt_cg.c, dt_as.c), hands them to the kernel as enablings
 * through /dev/dtrace (dt_program.c), and reads and prints what the
 * probes record (dt_consume.c, dt_work.c).
 */
#ifndef _DTRACE_H
#define _DTRACE_H

#include <setjmp.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/dtrace.h>

#define DTRACE_TOOL_NAME	"dtrace"
/* The version of the D language and of this front end. */
#define DTRACE_TOOL_VERSION	"Linux D 0.1"

/* Exit statuses of dtrace(1). */
#define DTRACE_EXIT_OK		0
#define DTRACE_EXIT_ERROR	1
#define DTRACE_EXIT_USAGE	2

struct dt_handle;

/* --- Errors ------------------------------------------------------------ */

/*
 * The D compiler's error tags.  The names are those DTrace has always
 * used, so that -x errtags output and test suites agree across
 * implementations.
 */
enum dt_errtag {
	D_UNKNOWN,
	D_SYNTAX,
	D_EMPTY,
	D_TYPE_ERR,
	D_TYPE_MEMBER,
	D_ASRELO,
	D_CG_EXPR,
	D_CG_DYN,
	D_PRAGERR,
	D_PRAGCTL_INVAL,
	D_PRAGMA_INVAL,
	D_PRAGMA_UNUSED,
	D_PRAGMA_MALFORM,
	D_PRAGMA_OPTSET,
	D_PRAGMA_SCOPE,
	D_PRAGMA_DEPEND,
	D_MACRO_UNDEF,
	D_MACRO_OFLOW,
	D_MACRO_UNUSED,
	D_INT_OFLOW,
	D_INT_DIGIT,
	D_STR_NL,
	D_CHR_NL,
	D_CHR_NULL,
	D_CHR_OFLOW,
	D_IDENT_BADREF,
	D_IDENT_UNDEF,
	D_IDENT_UNSUPP,
	D_SYM_BADREF,
	D_SYM_NOTYPES,
	D_SYM_MODEL,
	D_VAR_UNDEF,
	D_VAR_UNSUP,
	D_PROTO_LEN,
	D_PROTO_ARG,
	D_ARGS_MULTI,
	D_ARGS_XLATOR,
	D_ARGS_NONE,
	D_ARGS_TYPE,
	D_ARGS_IDX,
	D_REGS_IDX,
	D_KEY_TYPE,
	D_PRINTF_DYN_PROTO,
	D_PRINTF_DYN_TYPE,
	D_PRINTF_AGG_CONV,
	D_PRINTF_ARG_PROTO,
	D_PRINTF_ARG_TYPE,
	D_PRINTF_ARG_EXTRA,
	D_PRINTF_ARG_FMT,
	D_PRINTF_FMT_EMPTY,
	D_DECL_CHARATTR,
	D_DECL_VOIDATTR,
	D_DECL_SIGNINT,
	D_DECL_LONGINT,
	D_DECL_IDENT,
	D_DECL_CLASS,
	D_DECL_BADCLASS,
	D_DECL_PARMCLASS,
	D_DECL_COMBO,
	D_DECL_ARRSUB,
	D_DECL_ARRNULL,
	D_DECL_ARRBIG,
	D_DECL_IDRED,
	D_DECL_TYPERED,
	D_DECL_MNAME,
	D_DECL_SCOPE,
	D_DECL_BFCONST,
	D_DECL_BFSIZE,
	D_DECL_BFTYPE,
	D_DECL_ENCONST,
	D_DECL_ENOFLOW,
	D_DECL_USELESS,
	D_DECL_LOCASSC,
	D_DECL_VOIDOBJ,
	D_DECL_DYNOBJ,
	D_DECL_INCOMPLETE,
	D_DECL_PROTO_VARARGS,
	D_DECL_PROTO_TYPE,
	D_DECL_PROTO_VOID,
	D_DECL_PROTO_NAME,
	D_DECL_PROTO_FORM,
	D_COMM_COMM,
	D_COMM_DREC,
	D_SPEC_SPEC,
	D_SPEC_COMM,
	D_SPEC_DREC,
	D_AGG_COMM,
	D_AGG_SPEC,
	D_AGG_SCALAR,
	D_AGG_FUNC,
	D_AGG_MDIM,
	D_AGG_NULL,
	D_AGG_REDEF,
	D_ARR_BADREF,
	D_ARR_LOCAL,
	D_ARR_BOUNDS,
	D_DIV_ZERO,
	D_DEREF_NONPTR,
	D_DEREF_VOID,
	D_DEREF_FUNC,
	D_ADDROF_LVAL,
	D_ADDROF_VAR,
	D_ADDROF_BITFIELD,
	D_XLATE_REDECL,
	D_XLATE_NOCONV,
	D_XLATE_NONE,
	D_XLATE_SOU,
	D_XLATE_INCOMPAT,
	D_XLATE_MEMB,
	D_CAST_INVAL,
	D_PRAGMA_NONE,
	D_OP_INT,
	D_OP_SCALAR,
	D_OP_ARITH,
	D_OP_WRITE,
	D_OP_LVAL,
	D_OP_INCOMPAT,
	D_OP_VFPTR,
	D_OP_ARRFUN,
	D_OP_PTR,
	D_OP_SOU,
	D_OP_INCOMPLETE,
	D_OP_DYN,
	D_OP_ACT,
	D_SIZEOF_TYPE,
	D_SIZEOF_BITFIELD,
	D_STRINGOF_TYPE,
	D_OFFSETOF_TYPE,
	D_OFFSETOF_BITFIELD,
	D_FUNC_IDENT,
	D_FUNC_UNDEF,
	D_FUNC_IDKIND,
	D_PRED_SCALAR,
	D_ACT_SPEC,
	D_EXIT_SPEC,
	D_DREC_COMM,
	D_PRINTA_PROTO,
	D_PRINTA_AGGARG,
	D_PRINTA_AGGBAD,
	D_PRINTA_AGGKEY,
	D_PRINTA_AGGPROTO,
	D_TRACE_VOID,
	D_TRACE_DYN,
	D_TRACEMEM_ADDR,
	D_TRACEMEM_SIZE,
	D_STACK_PROTO,
	D_STACK_SIZE,
	D_USTACK_FRAMES,
	D_USTACK_STRSIZE,
	D_USTACK_PROTO,
	D_LQUANT_BASETYPE,
	D_LQUANT_BASEVAL,
	D_LQUANT_LIMTYPE,
	D_LQUANT_LIMVAL,
	D_LQUANT_MISMATCH,
	D_LQUANT_STEPTYPE,
	D_LQUANT_STEPVAL,
	D_LQUANT_STEPLARGE,
	D_LQUANT_STEPSMALL,
	D_LQUANT_MATCHBASE,
	D_LQUANT_MATCHLIM,
	D_LQUANT_MATCHSTEP,
	D_LLQUANT_FACTORTYPE,
	D_LLQUANT_FACTORVAL,
	D_LLQUANT_MATCHFACTOR,
	D_LLQUANT_LMAGTYPE,
	D_LLQUANT_LMAGVAL,
	D_LLQUANT_MATCHLMAG,
	D_LLQUANT_HMAGTYPE,
	D_LLQUANT_HMAGVAL,
	D_LLQUANT_MATCHHMAG,
	D_LLQUANT_STEPTYPE,
	D_LLQUANT_STEPVAL,
	D_LLQUANT_MATCHSTEPS,
	D_LLQUANT_MAGRANGE,
	D_LLQUANT_MAGTOOBIG,
	D_PDESC_ZERO,
	D_PDESC_INVAL,
	D_PROV_BADNAME,
	D_PROV_INCOMPAT,
	D_PROV_PRDUP,
	D_PROV_PRARGLEN,
	D_PROV_PRXLATOR,
	D_FREOPEN_INVALID,
	D_LQUANT_ARG,
	D_NOREG,
	D_ALLOCA_INCOMPAT,
	D_ALLOCA_SIZE,
	D_TRACE_AGG,
	D_TRUNC_AGGARG,
	D_TRUNC_SCALAR,
	D_NORMALIZE_AGGARG,
	D_NORMALIZE_SCALAR,
	D_CLEAR_AGGARG,
	D_ERRTAG_MAX
};

const char *dt_errtag_name(enum dt_errtag tag);

void dt_error(const char *fmt, ...) __printf(1, 2);

/* dt_ksym.c: kernel addresses as module`symbol. */
enum dt_ksym_how {
	DT_KSYM_OFFSET,		/* module`symbol+0x1c */
	DT_KSYM_SYM,		/* module`symbol */
	DT_KSYM_MOD,		/* module */
};

char *dt_ksym_name(u64 addr, enum dt_ksym_how how, char *buf, size_t len);
void dt_print_frames(FILE *fp, int indent, const char *fmt, const void *data,
		     u32 size,
		     char *(*name)(u64 pc, const void *arg, char *buf,
				   size_t len),
		     const void *arg);
void dt_ksym_print_frames(FILE *fp, int indent, const char *fmt,
			  const void *data, u32 size);
void dt_ksym_print_stack(FILE *fp, int indent, const void *data, u32 size);
u64 dt_ksym_start(u64 addr);

/* dt_usym.c: user addresses as module`symbol. */
char *dt_usym_name(pid_t pid, u64 addr, enum dt_ksym_how how, char *buf,
		   size_t len);
void dt_usym_print_stack(FILE *fp, int indent, const void *data, u32 size);
u64 dt_usym_start(pid_t pid, u64 addr);
void dt_usym_grab(pid_t pid);
u32 dt_recsym_size(u32 kind);
char *dt_recsym_name(u32 kind, const char *data, char *buf, size_t len);

/* The stackindent option's default: where DTrace puts stack frames. */
#define DT_STACK_INDENT	14
void dt_warn(const char *fmt, ...) __printf(1, 2);
void dt_nomem(void) __noreturn;
void *dt_alloc(size_t size);
void *dt_zalloc(size_t size);
void *dt_realloc(void *p, size_t size);
char *dt_strdup(const char *s);
char *dt_strndup(const char *s, size_t n);
char *dt_sprintf(const char *fmt, ...) __printf(1, 2);

/* A place in D source: 1-based line and column. */
struct dt_loc {
	int line;
	int col;
};

/* --- Types ------------------------------------------------------------- */

enum dt_tkind {
	DT_TK_VOID,
	DT_TK_INT,
	DT_TK_FLOAT,
	DT_TK_STRING,
	DT_TK_PTR,
	DT_TK_ARRAY,		/* int a[4]: scalar array of known size */
	DT_TK_ASSOC,		/* int a[string, int]: associative array */
	DT_TK_FUNC,		/* a function or action */
	DT_TK_AGG,		/* an aggregation */
	DT_TK_STACK,		/* what stack() and ustack() give */
	DT_TK_STRUCT,		/* kernel types, from BTF */
	DT_TK_UNION,
	DT_TK_ENUM,
};

/*
 * A member of a struct or union.  An anonymous struct or union member
 * has the name "".  Offsets are in bits from the start of the enclosing
 * type; bit_size is 0 unless the member is a bitfield.
 */
struct dt_member {
	const char *name;
	const struct dt_type *type;
	unsigned long bit_offset;
	unsigned int bit_size;
};

struct dt_enumerator {
	const char *name;
	long long value;
};

/*
 * A D type.  Integer types of the same size and signedness but with
 * different names (int64_t, long) are different objects so that messages
 * name the type the program used; dt_type_same() compares the shapes.
 * Structs, unions and enums are the kernel's, made from its BTF
 * (dt_btf.c) once per BTF id: two are the same type only if they are
 * the same object.  An enum is an integer type that has enumerators.
 */
struct dt_type {
	enum dt_tkind kind;
	unsigned int size;
	unsigned int is_unsigned:1;
	unsigned int is_fwd:1;		/* declared, never defined: incomplete */
	const char *name;		/* "struct task_struct", "struct <anon>" */
	const struct dt_type *ref;	/* pointee, element, function result */
	unsigned int nelems;		/* DT_TK_ARRAY; 0: flexible */
	unsigned int act;		/* recorded as DTRACEACT_<act>, 0: as is */
	const struct dt_member *members; /* DT_TK_STRUCT, DT_TK_UNION */
	unsigned int nmembers;
	const struct dt_enumerator *enums; /* DT_TK_ENUM */
	unsigned int nenums;
	int btf_id;			/* its BTF id; 0: not a kernel type */
	int btf_tdid;			/* the typedef that names it untagged */
	struct dt_type *next;		/* interning */
};

extern const struct dt_type dt_type_void;
extern const struct dt_type dt_type_char;
extern const struct dt_type dt_type_schar;
extern const struct dt_type dt_type_uchar;
extern const struct dt_type dt_type_short;
extern const struct dt_type dt_type_ushort;
extern const struct dt_type dt_type_int;
extern const struct dt_type dt_type_uint;
extern const struct dt_type dt_type_long;
extern const struct dt_type dt_type_ulong;
extern const struct dt_type dt_type_llong;
extern const struct dt_type dt_type_ullong;
extern const struct dt_type dt_type_float;
extern const struct dt_type dt_type_double;
extern const struct dt_type dt_type_ldouble;
extern const struct dt_type dt_type_string;
extern const struct dt_type dt_type_int8;
extern const struct dt_type dt_type_int16;
extern const struct dt_type dt_type_int32;
extern const struct dt_type dt_type_int64;
extern const struct dt_type dt_type_uint8;
extern const struct dt_type dt_type_uint16;
extern const struct dt_type dt_type_uint32;
extern const struct dt_type dt_type_uint64;
extern const struct dt_type dt_type_uintptr;
extern const struct dt_type dt_type_intptr;
extern const struct dt_type dt_type_size;
extern const struct dt_type dt_type_ssize;
extern const struct dt_type dt_type_agg;
extern const struct dt_type dt_type_stack;
extern const struct dt_type dt_type_ustack;
extern const struct dt_type dt_type_symaddr;
extern const struct dt_type dt_type_modaddr;
extern const struct dt_type dt_type_usymaddr;
extern const struct dt_type dt_type_umodaddr;
extern const struct dt_type dt_type_uaddr;
extern const struct dt_type dt_type_func;
extern const struct dt_type dt_type_in6addr;

const struct dt_type *dt_type_lookup(const char *name);
const struct dt_type *dt_type_ptr(const struct dt_type *ref);
const struct dt_type *dt_type_array(const struct dt_type *ref, unsigned int n);
int dt_type_is_integer(const struct dt_type *t);
int dt_type_is_arith(const struct dt_type *t);
int dt_type_is_scalar(const struct dt_type *t);
int dt_type_is_string(const struct dt_type *t);
int dt_type_is_void(const struct dt_type *t);
int dt_type_is_ptr(const struct dt_type *t);
int dt_type_is_sou(const struct dt_type *t);
int dt_type_is_byref(const struct dt_type *t);
const struct dt_member *dt_type_member(const struct dt_type *t,
				       const char *name,
				       unsigned long *bit_offset);
int dt_type_same(const struct dt_type *a, const struct dt_type *b);
const struct dt_type *dt_type_promote(const struct dt_type *t);
const struct dt_type *dt_type_arith(const struct dt_type *a,
				    const struct dt_type *b);
char *dt_type_name(const struct dt_type *t, char *buf, size_t len);

/*
 * dt_btf.c: the kernel's types, from the BTF in the file named by
 * $DTRACE_BTF, else /sys/kernel/btf/vmlinux, read on first need.
 */
const struct dt_type *dt_btf_lookup_tag(enum dt_tkind kind, const char *tag,
					char *err, size_t errlen);
const struct dt_type *dt_btf_lookup_typedef(const char *name, char *err,
					    size_t errlen);
const struct dt_type *dt_btf_type(int id);
void dt_btf_print_value(FILE *fp, const struct dt_type *t, const void *data,
			size_t size);

/* --- Identifiers ------------------------------------------------------- */

enum dt_ikind {
	DT_IDENT_SCALAR,	/* a variable */
	DT_IDENT_ARRAY,		/* an array or associative array */
	DT_IDENT_FUNC,		/* a subroutine: returns a value */
	DT_IDENT_ACTFUNC,	/* an action: records data, returns void */
	DT_IDENT_AGGFUNC,	/* an aggregating function */
	DT_IDENT_AGG,		/* an aggregation */
	DT_IDENT_INLINE,	/* an inline constant */
};

#define DT_IDF_BUILTIN	0x01	/* a built-in variable */
#define DT_IDF_DECL	0x02	/* declared by a declaration */
#define DT_IDF_WRITE	0x04	/* the program assigns it */
#define DT_IDF_READ	0x08	/* the program reads it */
#define DT_IDF_RDONLY	0x10	/* built-in and read-only */
#define DT_IDF_DESTR	0x20	/* a destructive action */
#define DT_IDF_ASSIGNED	0x40	/* its type is known: declared or assigned */
#define DT_IDF_ALLOCA	0x80	/* assigned a pointer to alloca()'d memory */
#define DT_IDF_NONALLOCA 0x100	/* assigned a pointer to other memory */

struct dt_node;

/* A function's prototype, from D's notation: "string(char *, [int])". */
struct dt_proto_arg {
	char *name;			/* as written: "char *", "@" */
	const struct dt_type *type;	/* NULL: any type ("@") */
	int optional;
};

struct dt_proto {
	const char *text;
	const struct dt_type *rtype;
	int is_action;			/* returns void */
	int nargs;
	int nreq;			/* arguments that must be given */
	int varargs;			/* "...": any number more */
	struct dt_proto_arg args[8];
};

const struct dt_type *dt_proto_type(const char *s, size_t n);

/* Aggregating functions. */
enum dt_aggfunc {
	DT_AGG_COUNT,
	DT_AGG_SUM,
	DT_AGG_AVG,
	DT_AGG_MIN,
	DT_AGG_MAX,
	DT_AGG_STDDEV,
	DT_AGG_QUANTIZE,
	DT_AGG_LQUANTIZE,
	DT_AGG_LLQUANTIZE,
};

struct dt_ident {
	char *name;
	enum dt_ikind kind;
	int scope;			/* DIFV_SCOPE_* */
	unsigned int id;		/* DIF variable, subroutine or action */
	const struct dt_type *type;	/* variable type or function result */
	unsigned int flags;		/* DT_IDF_* */
	const struct dt_proto *proto;	/* functions: their prototype */
	struct dt_node *init;		/* inlines: the value */
	struct dt_loc loc;		/* where it was declared */
	int nkeys;			/* arrays: the number of keys */
	const struct dt_type *keys[8];	/* arrays: the key types */
	const struct dt_ident *aggfn;	/* aggregations: the function */
	s64 aggparam[4];		/* ... and its constant parameters */
	u64 aggnormal;			/* ... normalize(), 0: none */
	int aggprinted;			/* ... printa() printed it */
	struct dt_ident *next;
};

struct dt_idhash {
	struct dt_ident *head;
	int scope;
	unsigned int nextid;
};

struct dt_ident *dt_idhash_lookup(struct dt_idhash *h, const char *name);
struct dt_ident *dt_idhash_insert(struct dt_idhash *h, const char *name,
				  enum dt_ikind kind, const struct dt_type *type);
const struct dt_ident *dt_builtin_var(const char *name);
const struct dt_ident *dt_builtin_func(const char *name);
const char *dt_builtin_var_name(unsigned int id);
int dt_reg_const(const char *name, int *idx);
int dt_ident_is_d(struct dt_handle *dtp, const char *name);
const char *dt_subr_name(unsigned int subr);

/*
 * args[i] at an fbt probe: dt_fbt_argtype(), from the prototype of the
 * function that dt_btf.c finds in the kernel's BTF: dt_btf_func().
 */
struct dt_btf_func {
	const struct dt_type *ret;	/* void: it returns nothing */
	const struct dt_type **params;
	unsigned int nparams;		/* ... not counted */
	int variadic;
};

int dt_btf_func(const char *name, struct dt_btf_func *f);

enum dt_argtype {
	DT_ARG_UNTYPED,		/* int64_t, as ever: no BTF for the function */
	DT_ARG_TYPED,		/* of the type given, in the register given */
	DT_ARG_NONE,		/* there is no args[i] */
	DT_ARG_UNAVAIL,		/* of the type given, but not to be had */
};

enum dt_argtype dt_fbt_argtype(const char *func, int is_return,
			       unsigned int i, const struct dt_type **tp,
			       unsigned int *reg, char *why, size_t len);

/* --- The syntax tree --------------------------------------------------- */

enum dt_nkind {
	DT_NODE_INT,		/* integer constant */
	DT_NODE_STRING,		/* string constant */
	DT_NODE_IDENT,		/* an identifier, before it is resolved */
	DT_NODE_VAR,		/* a variable, resolved */
	DT_NODE_FUNC,		/* a call: ident, args */
	DT_NODE_OP1,		/* unary operator */
	DT_NODE_OP2,		/* binary operator */
	DT_NODE_OP3,		/* ?: */
	DT_NODE_TYPE,		/* a type name (casts, sizeof) */
	DT_NODE_AGG,		/* @name[keys] */
	DT_NODE_SELF,		/* the keyword self */
	DT_NODE_THIS,		/* the keyword this */
};

/* Operators. */
enum dt_op {
	DT_OP_NONE,
	DT_OP_COMMA,
	DT_OP_ASGN,
	DT_OP_ADD_EQ,
	DT_OP_SUB_EQ,
	DT_OP_MUL_EQ,
	DT_OP_DIV_EQ,
	DT_OP_MOD_EQ,
	DT_OP_AND_EQ,
	DT_OP_XOR_EQ,
	DT_OP_OR_EQ,
	DT_OP_SHL_EQ,
	DT_OP_SHR_EQ,
	DT_OP_QUESTION,
	DT_OP_LOR,
	DT_OP_LXOR,
	DT_OP_LAND,
	DT_OP_BOR,
	DT_OP_XOR,
	DT_OP_BAND,
	DT_OP_EQU,
	DT_OP_NEQ,
	DT_OP_LT,
	DT_OP_LE,
	DT_OP_GT,
	DT_OP_GE,
	DT_OP_SHL,
	DT_OP_SHR,
	DT_OP_ADD,
	DT_OP_SUB,
	DT_OP_MUL,
	DT_OP_DIV,
	DT_OP_MOD,
	DT_OP_LNEG,
	DT_OP_BNEG,
	DT_OP_INEG,
	DT_OP_IPOS,
	DT_OP_DEREF,
	DT_OP_ADDROF,
	DT_OP_PREINC,
	DT_OP_PREDEC,
	DT_OP_POSTINC,
	DT_OP_POSTDEC,
	DT_OP_SIZEOF,
	DT_OP_STRINGOF,
	DT_OP_CAST,
	DT_OP_INDEX,		/* a[...]: right is the list of subscripts */
	DT_OP_DOT,
	DT_OP_PTR,		/* -> */
	DT_OP_MAX
};

const char *dt_op_name(enum dt_op op);

#define DT_NF_LVALUE	0x01	/* may be assigned */
#define DT_NF_COOKED	0x02	/* semantic checks done */
#define DT_NF_USERLAND	0x04	/* a user-space address */
#define DT_NF_PAREN	0x08	/* parenthesized */
#define DT_NF_DIRTY	0x10	/* code generation: only the low bits are right */
#define DT_NF_ALLOCA	0x20	/* a pointer to alloca()'d memory */
#define DT_NF_ALLOCA_MIX 0x40	/* ?: of an alloca() pointer and another one */

struct dt_node {
	enum dt_nkind kind;
	enum dt_op op;
	struct dt_loc loc;
	const struct dt_type *type;
	unsigned int flags;		/* DT_NF_* */
	u64 value;			/* DT_NODE_INT */
	char *string;			/* DT_NODE_STRING, IDENT, member name */
	struct dt_ident *ident;		/* DT_NODE_VAR, FUNC, AGG */
	struct dt_node *left;		/* operands; ?: condition is cond */
	struct dt_node *right;
	struct dt_node *cond;
	struct dt_node *args;		/* FUNC args, AGG keys: a list */
	struct dt_node *next;		/* lists */
	const struct dt_member *member;	/* p->m, s.m: value is its bit offset */
	int reg;			/* code generation */
};

struct dt_node *dt_node_int(const struct dt_loc *loc, u64 value,
			    const struct dt_type *type);
struct dt_node *dt_node_str(const struct dt_loc *loc, char *s);
struct dt_node *dt_node_ident(const struct dt_loc *loc, char *name);
struct dt_node *dt_node_op1(const struct dt_loc *loc, enum dt_op op,
			    struct dt_node *l);
struct dt_node *dt_node_op2(const struct dt_loc *loc, enum dt_op op,
			    struct dt_node *l, struct dt_node *r);
struct dt_node *dt_node_op3(const struct dt_loc *loc, struct dt_node *c,
			    struct dt_node *l, struct dt_node *r);
struct dt_node *dt_node_func(const struct dt_loc *loc, struct dt_node *fn,
			     struct dt_node *args);
struct dt_node *dt_node_member(const struct dt_loc *loc, enum dt_op op,
			       struct dt_node *l, char *name);
struct dt_node *dt_node_type(const struct dt_loc *loc,
			     const struct dt_type *t);
struct dt_node *dt_node_offsetof(const struct dt_loc *loc, struct dt_node *type,
				 struct dt_node *names);
struct dt_node *dt_node_agg(const struct dt_loc *loc, char *name,
			    struct dt_node *keys);
struct dt_node *dt_node_kw(const struct dt_loc *loc, enum dt_nkind kind);
struct dt_node *dt_node_append(struct dt_node *list, struct dt_node *n);
int dt_node_list_len(const struct dt_node *list);

/* Declarations, as the parser sees them. */
#define DT_DS_SELF	0x01
#define DT_DS_THIS	0x02
#define DT_DS_INLINE	0x04
#define DT_DS_EXTERN	0x08
#define DT_DS_STATIC	0x10
#define DT_DS_TYPEDEF	0x20
#define DT_DS_REGISTER	0x40
#define DT_DS_CONST	0x80

/* Type specifier words, combined as the parser reads them. */
#define DT_TS_VOID	0x0001
#define DT_TS_CHAR	0x0002
#define DT_TS_SHORT	0x0004
#define DT_TS_INT	0x0008
#define DT_TS_LONG	0x0010
#define DT_TS_LLONG	0x0020
#define DT_TS_SIGNED	0x0040
#define DT_TS_UNSIGNED	0x0080
#define DT_TS_FLOAT	0x0100
#define DT_TS_DOUBLE	0x0200
#define DT_TS_STRING	0x0400
#define DT_TS_NAME	0x0800	/* a typedef name */
#define DT_TS_SOU	0x1000	/* translator, provider */

struct dt_declspec {
	unsigned int dclass;		/* DT_DS_* */
	unsigned int tspec;		/* DT_TS_* */
	const struct dt_type *tname;	/* DT_TS_NAME */
	struct dt_loc loc;
};

/* A declarator: a name with pointer and array/function parts. */
struct dt_declarator {
	char *name;
	struct dt_loc loc;
	int nptr;			/* number of '*' */
	int kind;			/* 0: plain, 1: array, 2: function */
	struct dt_node *dims;		/* array: subscript list (types or int) */
	int ndims;
	struct dt_node *init;		/* inline: initializer */
};

void dt_declspec_add(struct dt_declspec *ds, unsigned int tspec,
		     const struct dt_loc *loc);
const struct dt_type *dt_declspec_type(struct dt_declspec *ds);
void dt_declare(struct dt_declspec *ds, struct dt_declarator *d);
struct dt_node *dt_node_typename(struct dt_declspec *ds, int nptr);
const struct dt_type *dt_type_tag(enum dt_tkind kind, const char *tag,
				  const struct dt_loc *loc);

/* --- DIF objects ------------------------------------------------------- */

/* A compiled DIF object, as it is uploaded, with what the consumer needs. */
struct dt_difo {
	u32 *text;
	unsigned int ntext;
	u64 *inttab;
	unsigned int nint;
	char *strtab;
	unsigned int strlen;
	struct dif_var *vartab;
	unsigned int nvars;
	struct dif_type rtype;
	const struct dt_type *type;	/* the D type of its value */
};

void dt_difo_to_uapi(const struct dt_difo *dp, struct dif_object *udo);
void dt_dis(FILE *fp, const char *what, const struct dt_difo *dp);

/* --- Programs ---------------------------------------------------------- */

/* How the text of a probe description was given (-P -m -f -n -i). */
enum dt_pspec {
	DT_PSPEC_PROVIDER,
	DT_PSPEC_MOD,
	DT_PSPEC_FUNC,
	DT_PSPEC_NAME,
	DT_PSPEC_ID,
};

struct dt_pdesc {
	struct dtrace_probedesc desc;
	char *text;			/* as written, for messages */
	struct dt_loc loc;
	unsigned int nmatched;
	struct dt_pdesc *next;
};

/* What a DTRACEACT_LIBACT record is for, besides a printf() argument. */
enum dt_libact {
	DT_LIBACT_NONE,
	DT_LIBACT_PRINTA,		/* an aggregation printa() prints */
	DT_LIBACT_CLEAR,
	DT_LIBACT_TRUNC,
	DT_LIBACT_NORMALIZE,
	DT_LIBACT_DENORMALIZE,
	DT_LIBACT_ARG,			/* the second argument of the above */
	DT_LIBACT_PRINT,		/* a DIFEXPR record print() prints */
};

/* What a record of an action holds, for printing it. */
struct dt_action {
	u32 kind;			/* DTRACEACT_* */
	u64 arg;			/* the kernel's copy of it */
	enum dt_libact libact;		/* LIBACT: which */
	struct dt_ident *agg;		/* its aggregation, if any */
	struct dt_difo *difo;		/* NULL: none */
	const struct dt_type *type;	/* the type of the value recorded */
	int records;			/* it records a value */
	struct dt_loc loc;
	struct dt_action *next;
};

struct dt_clause {
	unsigned int id;		/* the uarg of its enablings */
	struct dt_pdesc *pdescs;
	struct dt_difo *pred;
	struct dt_action *actions;
	unsigned int nactions;
	struct dt_loc loc;
	int internal;			/* dtrace(1)'s own (the ERROR clause) */
	struct dt_clause *next;
};

/* A D program: what one -s, -n, -P, -m, -f or -i produced. */
struct dt_prog {
	const char *srcname;		/* script path or specifier text */
	int is_script;
	struct dt_clause *clauses;
	unsigned int nmatched;
	struct dt_prog *next;
};

/* What the compiler is working on: the program and its source. */
struct dt_pcb {
	struct dt_handle *dtp;
	struct dt_prog *prog;
	const char *src;		/* the text */
	size_t srclen;
	enum dt_pspec pspec;		/* how bare descriptions read */
	int is_script;
	struct dt_clause *clause;	/* being compiled */
	struct dt_node *stmts;		/* its statements */
	jmp_buf jmp;
	enum dt_errtag errtag;
	struct dt_loc errloc;
	char errmsg[1024];
	int nclauses;
	int pragma_attr_pending;	/* #pragma attributes seen, unused */
	struct dt_loc pragma_attr_loc;
	/*
	 * The first construct this dtrace(1) cannot run yet: reported once
	 * the whole program has been checked.
	 */
	int unsupp;
	struct dt_loc unsupp_loc;
	char unsupp_msg[256];
};

extern struct dt_pcb *dt_pcb;

void dt_cerror(const struct dt_loc *loc, enum dt_errtag tag,
	       const char *fmt, ...) __printf(3, 4) __noreturn;
void dt_cc_unsupported(const struct dt_loc *loc, const char *fmt, ...)
	__printf(2, 3);

/* dt_lex.l, dt_grammar.y */
void dt_lex_begin(const char *src, size_t len);
void dt_lex_end(void);
struct dt_loc dt_lex_loc(void);
struct dt_loc dt_lex_pos(void);
const char *dt_lex_text(void);
int dt_parse_int(const char *s, int len, u64 *valp,
		 const struct dt_type **typep, char *err, size_t errlen);
int dt_yyparse(void);
void dt_grammar_reset(void);
void dt_grammar_decl_done(void);
void dt_type_ds_push(void);
void dt_type_ds_add(unsigned int tspec, const struct dt_loc *loc);
struct dt_node *dt_type_ds_pop(const struct dt_loc *loc, int nptr);

/* dt_cc.c: grammar actions */
void dt_cc_clause(struct dt_node *pdescs, struct dt_node *pred,
		  struct dt_node *stmts, const struct dt_loc *loc,
		  int has_body);
struct dt_node *dt_cc_pspec(const struct dt_loc *loc, char *text);
void dt_cc_empty(void);
void dt_pragma(const char *line, const struct dt_loc *loc);

/* dt_parser.c: semantic checks and typing */
struct dt_node *dt_cook(struct dt_node *n, int flags);
struct dt_node *dt_cook_agg(struct dt_node *n, int flags);
void dt_proto_check(struct dt_node *n, const char *name,
		    const struct dt_proto *p, struct dt_node *args);
u64 dt_int_trunc(u64 v, const struct dt_type *t);
int dt_node_is_member(const struct dt_node *n);
#define DT_COOK_STMT	0x01	/* a statement: actions allowed */
#define DT_COOK_PRED	0x02	/* a predicate */
#define DT_COOK_RVALUE	0x04

/* dt_agg.c */
struct dt_ident *dt_agg_stmt(struct dt_node *n);
const struct dt_type *dt_node_keytype(const struct dt_node *k);

/* dt_cg.c */
struct dt_difo *dt_cg(struct dt_handle *dtp, struct dt_node *n,
		      const struct dt_type *rtype);
void dt_difo_fixup(struct dt_handle *dtp, struct dt_difo *dp);
void dt_dis_instr(FILE *fp, const struct dt_difo *dp, unsigned int pc);

/* dt_printf.c */
int dt_printf_compile(struct dt_handle *dtp, const char *func,
		      struct dt_node *call, struct dt_node *fmt,
		      struct dt_node *args);
u64 dt_rec_int(const void *p, u32 size, const struct dt_type *t);
void dt_fputs_escaped(FILE *fp, const char *s, size_t max, bool quoted);
void dt_fput_hex(FILE *fp, const void *p, size_t size);
void dt_printf_exec(struct dt_handle *dtp, FILE *fp, int fmtid,
		    const void **vals, const u32 *sizes,
		    const struct dt_type **types, int nvals);
int dt_printf_nargs(struct dt_handle *dtp, int fmtid);
bool dt_printf_uaddr_arg(struct dt_handle *dtp, int fmtid, int argi);
int dt_printa_compile(struct dt_handle *dtp, struct dt_node *call,
		      struct dt_node *fmt);
/* Prints the value of the @i-th %@ conversion, given its printf spec. */
typedef void (*dt_printa_val_f)(struct dt_handle *dtp, FILE *fp,
				const char *spec, char conv, int i,
				void *arg);
void dt_printa_exec(struct dt_handle *dtp, FILE *fp, int fmtid,
		    const void **keys, const u32 *sizes,
		    const struct dt_type **types, int nkeys,
		    dt_printa_val_f pval, void *arg);
void dt_printa_check(struct dt_node *call, struct dt_node *fmt,
		     const struct dt_ident *agg);

/* --- Options ----------------------------------------------------------- */

enum dt_opt {
	DT_OPT_QUIET,
	DT_OPT_FLOWINDENT,
	DT_OPT_SWITCHRATE,
	DT_OPT_STATUSRATE,
	DT_OPT_ERRTAGS,
	DT_OPT_DROPTAGS,
	DT_OPT_DEFAULTARGS,
	DT_OPT_ZDEFS,
	DT_OPT_RAWBYTES,
	DT_OPT_ERRSTYLE,
	DT_OPT_GRABANON,
	DT_OPT_CPP,
	DT_OPT_NOLIBS,
	DT_OPT_QUIETRESIZE,
	DT_OPT_STRIP,
	DT_OPT_AGGRATE,
	DT_OPT_AGGSORTKEY,
	DT_OPT_AGGSORTREV,
	DT_OPT_AGGSORTPOS,
	DT_OPT_AGGSORTKEYPOS,
	DT_OPT_AGGPACK,
	DT_OPT_AGGHIST,
	DT_OPT_AGGZOOM,
	DT_OPT_STACKFRAMES,
	DT_OPT_USTACKFRAMES,
	DT_OPT_STACKINDENT,
	DT_OPT_ARGREF,
	DT_OPT_UNODEFS,
	DT_OPT_VERBOSE,
	DT_OPT_LIBDIR,
	DT_OPT_CPU,
	DT_OPT_PSPEC,
	DT_OPT_MAX
};

#define DT_ERRSTYLE_DTRACE	0	/* failed to compile script F: line N: */
#define DT_ERRSTYLE_GNU		1	/* F:LINE:COL: error: */

#define DT_OPT_UNSET		((u64)-2)

int dt_setopt(struct dt_handle *dtp, const char *name, const char *value,
	      char *err, size_t errlen);

/* --- The handle -------------------------------------------------------- */

/* What dtrace(1) needs to print a record of a clause's action. */
struct dt_fmtab;

struct dt_epid {
	u32 epid;
	u32 probe;
	u32 size;
	u32 nrecs;
	u64 uarg;
	struct dtrace_recdesc *recs;
	struct dt_clause *clause;
	struct dtrace_probedesc pdesc;	/* of @probe */
};

struct dt_handle {
	int fd;				/* open /dev/dtrace */
	struct dtrace_version kver;	/* what the kernel speaks */

	/* Options: the kernel's and our own. */
	u64 kopts[DTRACEOPT_MAX];
	u64 opts[DT_OPT_MAX];
	int kopt_set[DTRACEOPT_MAX];

	/* The compiler. */
	struct dt_idhash globals;
	struct dt_idhash tls;
	struct dt_idhash locals;
	struct dt_idhash aggs;
	struct dt_prog *progs;
	struct dt_prog **progs_tail;
	struct dt_clause **clauses;	/* by id */
	unsigned int nclauses;
	char **macro_args;		/* $0 .. $n */
	int nmacro_args;
	unsigned int macro_used;	/* bitmap of $N used, N < 32 */
	struct dt_fmtab *formats;	/* printf formats */
	unsigned int nformats;
	int dump_dif;			/* -S */
	int destructive;		/* -w */
	int zdefs;			/* -Z */
	int verbose;			/* -v */
	const char *cpp_path;

	/* The consumer. */
	FILE *out;
	struct dt_epid **epids;		/* by EPID */
	unsigned int nepids;
	int *cpus;			/* possible CPUs */
	int ncpus;
	void *buf;
	size_t bufsize;
	int heading_done;
	int exitcode;
	int exit_seen;
	unsigned int err_clause;	/* the clause id of our ERROR clause */
	int testing;			/* _DTRACE_TESTING is set */
	int bufsize_small;		/* the kernel refused bufsize */
	char **cpubufs;			/* a snapshot buffer per CPU */
	int list_heading_done;
	u64 dyndrops_seen;
	u64 specdrops_seen;
	u64 specunavail_seen;
	u64 specbusy_seen;
	struct dt_aggregate *agg;	/* the aggregations, merged */
	pid_t target_pid;		/* $target */
	int target_fd;			/* -c: the command waits on it */
	int target_created;		/* -c, not -p */
	int target_traced;		/* seized: we see it exit (dt_proc.c) */
};

/* dt_open.c */
int dt_open(struct dt_handle *dh);
void dt_close(struct dt_handle *dh);
int dt_ioctl(struct dt_handle *dtp, unsigned long req, void *arg);

/* dt_cc.c */
void dt_handle_init(struct dt_handle *dtp);
struct dt_prog *dt_compile(struct dt_handle *dtp, const char *srcname,
			   const char *src, size_t len, int is_script,
			   enum dt_pspec pspec);
void dt_cc_report(struct dt_handle *dtp, const struct dt_pcb *pcb);
void dt_cc_late_error(struct dt_handle *dtp, struct dt_prog *prog,
		      const struct dt_loc *loc, enum dt_errtag tag,
		      const char *fmt, ...) __printf(5, 6);
struct dt_clause *dt_clause_new(struct dt_handle *dtp);
void dt_action_add(struct dt_clause *cl, struct dt_action *act);
void dt_cc_dump_clause(struct dt_handle *dtp, struct dt_clause *cl, FILE *fp);
const char *dt_action_name(u32 kind);
int dt_macro_var(struct dt_handle *dtp, const char *name, u64 *v);

/* dt_program.c */
int dt_prog_enable(struct dt_handle *dtp, struct dt_prog *prog);
int dt_error_clause(struct dt_handle *dtp);
const char *dt_enable_strerror(int err);
int dt_setopts_kernel(struct dt_handle *dtp);
void dt_pdesc_str(const struct dtrace_probedesc *d, char *buf, size_t len);
int dt_pdesc_parse(const char *text, enum dt_pspec pspec,
		   struct dtrace_probedesc *d, char *err, size_t errlen);

/* dt_work.c, dt_consume.c */
int dt_run(struct dt_handle *dtp);
int dt_consume_buf(struct dt_handle *dtp, int cpu, const void *buf,
		   size_t len);
int dt_consume_round(struct dt_handle *dtp);
int dt_cpus_init(struct dt_handle *dtp);
void dt_report_drops(struct dt_handle *dtp, const char *tag, u64 n, int cpu);
struct dt_epid *dt_epid_lookup(struct dt_handle *dtp, u32 epid);
void dt_probe_provide_all(struct dt_handle *dtp);
const char *dt_fault_name(u64 fault);

/* dt_aggregate.c: the consumer's aggregations */
struct dt_aggregate;
int dt_agg_snap(struct dt_handle *dtp);
void dt_agg_printa(struct dt_handle *dtp, u64 fmtid, struct dt_ident **vars,
		   int nvars);
void dt_agg_libact(struct dt_handle *dtp, enum dt_libact act,
		   struct dt_ident *var, int has_arg, s64 arg);
void dt_agg_print_all(struct dt_handle *dtp);

/* dt_proc.c */
int dt_proc_create(struct dt_handle *dtp, const char *cmd);
int dt_proc_grab(struct dt_handle *dtp, const char *arg);
void dt_proc_release(struct dt_handle *dtp);
int dt_proc_exited(struct dt_handle *dtp);

/* dt_list.c */
void dt_list_heading(struct dt_handle *dtp);
int dt_list_probes(struct dt_handle *dtp, const struct dtrace_probedesc *d,
		   int verbose);

#endif /* _DTRACE_H */
