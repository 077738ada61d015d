// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): identifiers: the built-in variables, the functions and
 * actions D provides, and the tables of the program's own variables.
 *
 * The names, types and prototypes are those of D as DTrace defines it.
 * args[] is int64_t, except at the entry and return probes of fbt on a
 * function the kernel's BTF describes: see dt_fbt_argtype().
 */
#include <string.h>

#include "dtrace.h"

/* Built-in variables. */
struct dt_builtin_var {
	const char *name;
	unsigned int id;
	const struct dt_type *type;
	enum dt_ikind kind;
};

static const struct dt_builtin_var dt_vars[] = {
	{ "arg0", DIF_VAR_ARG0, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg1", DIF_VAR_ARG1, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg2", DIF_VAR_ARG2, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg3", DIF_VAR_ARG3, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg4", DIF_VAR_ARG4, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg5", DIF_VAR_ARG5, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg6", DIF_VAR_ARG6, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg7", DIF_VAR_ARG7, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg8", DIF_VAR_ARG8, &dt_type_int64, DT_IDENT_SCALAR },
	{ "arg9", DIF_VAR_ARG9, &dt_type_int64, DT_IDENT_SCALAR },
	{ "args", DIF_VAR_ARGS, &dt_type_int64, DT_IDENT_ARRAY },
	{ "regs", DIF_VAR_REGS, &dt_type_uint64, DT_IDENT_ARRAY },
	{ "uregs", DIF_VAR_UREGS, &dt_type_uint64, DT_IDENT_ARRAY },
	{ "caller", DIF_VAR_CALLER, &dt_type_uintptr, DT_IDENT_SCALAR },
	{ "cpu", DIF_VAR_CURCPU, &dt_type_int32, DT_IDENT_SCALAR },
	{ "curcpu", DIF_VAR_CURCPU, &dt_type_int32, DT_IDENT_SCALAR },
	{ "curthread", DIF_VAR_CURTHREAD, &dt_type_uintptr, DT_IDENT_SCALAR },
	{ "epid", DIF_VAR_EPID, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "errno", DIF_VAR_ERRNO, &dt_type_int, DT_IDENT_SCALAR },
	{ "execname", DIF_VAR_EXECNAME, &dt_type_string, DT_IDENT_SCALAR },
	{ "gid", DIF_VAR_GID, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "id", DIF_VAR_ID, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "ipl", DIF_VAR_IPL, &dt_type_uint, DT_IDENT_SCALAR },
	{ "pid", DIF_VAR_PID, &dt_type_int32, DT_IDENT_SCALAR },
	{ "ppid", DIF_VAR_PPID, &dt_type_int32, DT_IDENT_SCALAR },
	{ "probefunc", DIF_VAR_PROBEFUNC, &dt_type_string, DT_IDENT_SCALAR },
	{ "probemod", DIF_VAR_PROBEMOD, &dt_type_string, DT_IDENT_SCALAR },
	{ "probename", DIF_VAR_PROBENAME, &dt_type_string, DT_IDENT_SCALAR },
	{ "probeprov", DIF_VAR_PROBEPROV, &dt_type_string, DT_IDENT_SCALAR },
	{ "stackdepth", DIF_VAR_STACKDEPTH, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "tid", DIF_VAR_TID, &dt_type_int32, DT_IDENT_SCALAR },
	{ "timestamp", DIF_VAR_TIMESTAMP, &dt_type_uint64, DT_IDENT_SCALAR },
	{ "ucaller", DIF_VAR_UCALLER, &dt_type_uint64, DT_IDENT_SCALAR },
	{ "uid", DIF_VAR_UID, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "ustackdepth", DIF_VAR_USTACKDEPTH, &dt_type_uint32, DT_IDENT_SCALAR },
	{ "vtimestamp", DIF_VAR_VTIMESTAMP, &dt_type_uint64, DT_IDENT_SCALAR },
	{ "walltimestamp", DIF_VAR_WALLTIMESTAMP, &dt_type_int64,
	  DT_IDENT_SCALAR },
};

#define DT_NVARS ARRAY_SIZE(dt_vars)

static struct dt_ident dt_var_idents[DT_NVARS];

/*
 * Functions, actions and aggregating functions, with their prototypes in
 * D's notation: "result(arg, ...)", "[arg]" optional, "..." any number
 * more, "@" any type.
 */
struct dt_builtin_func {
	const char *name;
	enum dt_ikind kind;
	unsigned int id;
	const char *proto;
	unsigned int flags;
};

static const struct dt_builtin_func dt_funcs[] = {
	/* Subroutines: id is the DIF_SUBR_*. */
	{ "alloca", DT_IDENT_FUNC, DIF_SUBR_ALLOCA, "void *(size_t)" },
	{ "basename", DT_IDENT_FUNC, DIF_SUBR_BASENAME, "string(char *)" },
	{ "bcopy", DT_IDENT_FUNC, DIF_SUBR_BCOPY, "void(void *, void *, size_t)" },
	{ "cleanpath", DT_IDENT_FUNC, DIF_SUBR_CLEANPATH, "string(char *)" },
	{ "copyin", DT_IDENT_FUNC, DIF_SUBR_COPYIN, "void *(uintptr_t, size_t)" },
	{ "copyinstr", DT_IDENT_FUNC, DIF_SUBR_COPYINSTR,
	  "string(uintptr_t, [size_t])" },
	{ "copyinto", DT_IDENT_FUNC, DIF_SUBR_COPYINTO,
	  "void(uintptr_t, size_t, void *)" },
	{ "dirname", DT_IDENT_FUNC, DIF_SUBR_DIRNAME, "string(char *)" },
	{ "htonl", DT_IDENT_FUNC, DIF_SUBR_HTONL, "uint32_t(uint32_t)" },
	{ "htonll", DT_IDENT_FUNC, DIF_SUBR_HTONLL, "uint64_t(uint64_t)" },
	{ "htons", DT_IDENT_FUNC, DIF_SUBR_HTONS, "uint16_t(uint16_t)" },
	{ "index", DT_IDENT_FUNC, DIF_SUBR_INDEX, "int(char *, char *, [int])" },
	{ "inet_ntoa", DT_IDENT_FUNC, DIF_SUBR_INET_NTOA, "string(void *)" },
	{ "inet_ntoa6", DT_IDENT_FUNC, DIF_SUBR_INET_NTOA6,
	  "string(in6_addr_t *)" },
	{ "inet_ntop", DT_IDENT_FUNC, DIF_SUBR_INET_NTOP, "string(int, void *)" },
	{ "lltostr", DT_IDENT_FUNC, DIF_SUBR_LLTOSTR, "string(int64_t, [int])" },
	{ "ntohl", DT_IDENT_FUNC, DIF_SUBR_NTOHL, "uint32_t(uint32_t)" },
	{ "ntohll", DT_IDENT_FUNC, DIF_SUBR_NTOHLL, "uint64_t(uint64_t)" },
	{ "ntohs", DT_IDENT_FUNC, DIF_SUBR_NTOHS, "uint16_t(uint16_t)" },
	{ "copyout", DT_IDENT_FUNC, DIF_SUBR_COPYOUT,
	  "void(void *, uintptr_t, size_t)", DT_IDF_DESTR },
	{ "copyoutstr", DT_IDENT_FUNC, DIF_SUBR_COPYOUTSTR,
	  "void(char *, uintptr_t, size_t)", DT_IDF_DESTR },
	{ "progenyof", DT_IDENT_FUNC, DIF_SUBR_PROGENYOF, "int(pid_t)" },
	{ "rand", DT_IDENT_FUNC, DIF_SUBR_RAND, "int()" },
	{ "rindex", DT_IDENT_FUNC, DIF_SUBR_RINDEX, "int(char *, char *, [int])" },
	{ "speculation", DT_IDENT_FUNC, DIF_SUBR_SPECULATION, "int()" },
	{ "strchr", DT_IDENT_FUNC, DIF_SUBR_STRCHR, "string(char *, char)" },
	{ "strjoin", DT_IDENT_FUNC, DIF_SUBR_STRJOIN, "string(char *, char *)" },
	{ "strlen", DT_IDENT_FUNC, DIF_SUBR_STRLEN, "size_t(char *)" },
	{ "strrchr", DT_IDENT_FUNC, DIF_SUBR_STRRCHR, "string(char *, char)" },
	{ "strstr", DT_IDENT_FUNC, DIF_SUBR_STRSTR, "string(char *, char *)" },
	{ "strtok", DT_IDENT_FUNC, DIF_SUBR_STRTOK, "string(char *, char *)" },
	{ "substr", DT_IDENT_FUNC, DIF_SUBR_SUBSTR, "string(char *, int, [int])" },
	{ "tolower", DT_IDENT_FUNC, DIF_SUBR_TOLOWER, "string(char *)" },
	{ "toupper", DT_IDENT_FUNC, DIF_SUBR_TOUPPER, "string(char *)" },

	/* Actions: id is the DTRACEACT_*. */
	{ "breakpoint", DT_IDENT_ACTFUNC, DTRACEACT_NONE, "void()", DT_IDF_DESTR },
	{ "chill", DT_IDENT_ACTFUNC, DTRACEACT_CHILL, "void(int)", DT_IDF_DESTR },
	{ "clear", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(@)" },
	{ "commit", DT_IDENT_ACTFUNC, DTRACEACT_COMMIT, "void(int)" },
	{ "denormalize", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(@)" },
	{ "discard", DT_IDENT_ACTFUNC, DTRACEACT_DISCARD, "void(int)" },
	{ "exit", DT_IDENT_ACTFUNC, DTRACEACT_EXIT, "void(int)" },
	{ "freopen", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(@, ...)" },
	{ "ftruncate", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void()" },
	{ "func", DT_IDENT_ACTFUNC, DTRACEACT_SYM, "_symaddr(uintptr_t)" },
	{ "mod", DT_IDENT_ACTFUNC, DTRACEACT_MOD, "_symaddr(uintptr_t)" },
	{ "normalize", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(@, uint64_t)" },
	{ "panic", DT_IDENT_ACTFUNC, DTRACEACT_NONE, "void()", DT_IDF_DESTR },
	{ "print", DT_IDENT_ACTFUNC, DTRACEACT_DIFEXPR, "void(@)" },
	{ "printa", DT_IDENT_ACTFUNC, DTRACEACT_PRINTA, "void(@, ...)" },
	{ "printf", DT_IDENT_ACTFUNC, DTRACEACT_PRINTF, "void(@, ...)" },
	{ "raise", DT_IDENT_ACTFUNC, DTRACEACT_RAISE, "void(int)", DT_IDF_DESTR },
	{ "setopt", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(char *, [char *])" },
	{ "speculate", DT_IDENT_ACTFUNC, DTRACEACT_SPECULATE, "void(int)" },
	{ "stack", DT_IDENT_ACTFUNC, DTRACEACT_STACK, "stack([uint32_t])" },
	{ "stop", DT_IDENT_ACTFUNC, DTRACEACT_STOP, "void()", DT_IDF_DESTR },
	{ "sym", DT_IDENT_ACTFUNC, DTRACEACT_SYM, "_symaddr(uintptr_t)" },
	{ "system", DT_IDENT_ACTFUNC, DTRACEACT_SYSTEM, "void(@, ...)",
	  DT_IDF_DESTR },
	{ "trace", DT_IDENT_ACTFUNC, DTRACEACT_DIFEXPR, "void(@)" },
	{ "tracemem", DT_IDENT_ACTFUNC, DTRACEACT_TRACEMEM,
	  "void(@, size_t, ...)" },
	{ "trunc", DT_IDENT_ACTFUNC, DTRACEACT_LIBACT, "void(@, [uint64_t])" },
	{ "uaddr", DT_IDENT_ACTFUNC, DTRACEACT_UADDR, "_usymaddr(uintptr_t)" },
	{ "ufunc", DT_IDENT_ACTFUNC, DTRACEACT_USYM, "_usymaddr(uintptr_t)" },
	{ "umod", DT_IDENT_ACTFUNC, DTRACEACT_UMOD, "_usymaddr(uintptr_t)" },
	{ "usym", DT_IDENT_ACTFUNC, DTRACEACT_USYM, "_usymaddr(uintptr_t)" },
	{ "ustack", DT_IDENT_ACTFUNC, DTRACEACT_USTACK,
	  "stack([uint32_t], [uint32_t])" },

	/* Aggregating functions: id is a DT_AGG_*. */
	{ "avg", DT_IDENT_AGGFUNC, DT_AGG_AVG, "void(@)" },
	{ "count", DT_IDENT_AGGFUNC, DT_AGG_COUNT, "void()" },
	{ "llquantize", DT_IDENT_AGGFUNC, DT_AGG_LLQUANTIZE,
	  "void(@, int32_t, int32_t, int32_t, int32_t, [int64_t])" },
	{ "lquantize", DT_IDENT_AGGFUNC, DT_AGG_LQUANTIZE,
	  "void(@, int32_t, int32_t, [int32_t], [int64_t])" },
	{ "max", DT_IDENT_AGGFUNC, DT_AGG_MAX, "void(@)" },
	{ "min", DT_IDENT_AGGFUNC, DT_AGG_MIN, "void(@)" },
	{ "quantize", DT_IDENT_AGGFUNC, DT_AGG_QUANTIZE, "void(@, [int64_t])" },
	{ "stddev", DT_IDENT_AGGFUNC, DT_AGG_STDDEV, "void(@)" },
	{ "sum", DT_IDENT_AGGFUNC, DT_AGG_SUM, "void(@)" },
};

#define DT_NFUNCS ARRAY_SIZE(dt_funcs)

static struct dt_ident dt_func_idents[DT_NFUNCS];
static struct dt_proto dt_func_protos[DT_NFUNCS];
static int dt_ident_ready;

/* A type as a prototype names it. */
const struct dt_type *dt_proto_type(const char *s, size_t n)
{
	char name[64];
	const struct dt_type *t;
	int nptr = 0;

	while (n && s[n - 1] == ' ')
		n--;
	while (n && s[n - 1] == '*') {
		nptr++;
		n--;
		while (n && s[n - 1] == ' ')
			n--;
	}
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, s, n);
	name[n] = '\0';

	if (!strcmp(name, "void"))
		t = &dt_type_void;
	else if (!strcmp(name, "int"))
		t = &dt_type_int;
	else if (!strcmp(name, "char"))
		t = &dt_type_char;
	else if (!strcmp(name, "string"))
		t = &dt_type_string;
	else if (!strcmp(name, "stack"))
		t = &dt_type_stack;
	else if (!strcmp(name, "_symaddr") || !strcmp(name, "_usymaddr"))
		t = &dt_type_uint64;
	else if (!strcmp(name, "in6_addr_t"))
		t = &dt_type_in6addr;
	else
		t = dt_type_lookup(name);
	if (!t)
		t = &dt_type_int64;
	while (nptr--)
		t = dt_type_ptr(t);
	return t;
}

static void dt_proto_parse(struct dt_proto *p, const char *s)
{
	const char *lp = strchr(s, '(');
	const char *a;

	memset(p, 0, sizeof(*p));
	p->text = s;
	p->rtype = dt_proto_type(s, lp - s);
	p->is_action = !strncmp(s, "void", 4) && lp == s + 4;
	a = lp + 1;
	while (*a && *a != ')') {
		const char *e = a;
		int opt = 0;

		while (*e && *e != ',' && *e != ')')
			e++;
		if (*a == '[') {
			opt = 1;
			a++;
		}
		if (!strncmp(a, "...", 3)) {
			p->varargs = 1;
		} else {
			size_t n = e - a;

			if (opt && n && a[n - 1] == ']')
				n--;
			p->args[p->nargs].name = dt_strndup(a, n);
			if (!strcmp(p->args[p->nargs].name, "@"))
				p->args[p->nargs].type = NULL;
			else
				p->args[p->nargs].type = dt_proto_type(a, n);
			p->args[p->nargs].optional = opt;
			p->nargs++;
			if (!opt)
				p->nreq++;
		}
		a = *e == ',' ? e + 1 : e;
		while (*a == ' ')
			a++;
	}
}

static void dt_ident_init(void)
{
	size_t i;

	if (dt_ident_ready)
		return;
	dt_ident_ready = 1;
	for (i = 0; i < DT_NVARS; i++) {
		struct dt_ident *id = &dt_var_idents[i];

		id->name = (char *)dt_vars[i].name;
		id->kind = dt_vars[i].kind;
		id->scope = DIFV_SCOPE_GLOBAL;
		id->id = dt_vars[i].id;
		id->type = dt_vars[i].type;
		id->flags = DT_IDF_BUILTIN | DT_IDF_RDONLY | DT_IDF_ASSIGNED;
		if (id->kind == DT_IDENT_ARRAY) {
			id->nkeys = 1;
			id->keys[0] = &dt_type_int;
		}
	}
	for (i = 0; i < DT_NFUNCS; i++) {
		struct dt_ident *id = &dt_func_idents[i];

		dt_proto_parse(&dt_func_protos[i], dt_funcs[i].proto);
		id->name = (char *)dt_funcs[i].name;
		id->kind = dt_funcs[i].kind;
		id->id = dt_funcs[i].id;
		id->flags = DT_IDF_BUILTIN | dt_funcs[i].flags;
		id->proto = &dt_func_protos[i];
		id->type = dt_func_protos[i].rtype;
	}
}

const struct dt_ident *dt_builtin_var(const char *name)
{
	size_t i;

	dt_ident_init();
	for (i = 0; i < DT_NVARS; i++)
		if (!strcmp(dt_vars[i].name, name))
			return &dt_var_idents[i];
	return NULL;
}

const struct dt_ident *dt_builtin_func(const char *name)
{
	size_t i;

	dt_ident_init();
	for (i = 0; i < DT_NFUNCS; i++)
		if (!strcmp(dt_funcs[i].name, name))
			return &dt_func_idents[i];
	return NULL;
}

/*
 * The indexes of regs[] and uregs[] on x86_64: the words of the kernel's
 * struct pt_regs, in its order, and DTrace's aliases of them.
 */
static const struct {
	const char *name;
	int idx;
} dt_reg_consts[] = {
	{ "R_R15", 0 }, { "R_R14", 1 }, { "R_R13", 2 }, { "R_R12", 3 },
	{ "R_RBP", 4 }, { "R_RBX", 5 }, { "R_R11", 6 }, { "R_R10", 7 },
	{ "R_R9", 8 }, { "R_R8", 9 }, { "R_RAX", 10 }, { "R_RCX", 11 },
	{ "R_RDX", 12 }, { "R_RSI", 13 }, { "R_RDI", 14 },
	{ "R_ORIG_RAX", 15 }, { "R_RIP", 16 }, { "R_CS", 17 },
	{ "R_RFL", 18 }, { "R_RSP", 19 }, { "R_SS", 20 },
	{ "R_PC", 16 }, { "R_SP", 19 }, { "R_FP", 4 }, { "R_PS", 18 },
	{ "R_R0", 10 }, { "R_R1", 12 },
};

/* A constant of the register indexes: 0 and its value in @idx, or -1. */
int dt_reg_const(const char *name, int *idx)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dt_reg_consts); i++)
		if (!strcmp(dt_reg_consts[i].name, name)) {
			*idx = dt_reg_consts[i].idx;
			return 0;
		}
	return -1;
}

/*
 * Is @name one of D's own identifiers, as a bare identifier may name
 * them: a built-in variable or function, a variable, inline or
 * function the program has declared or assigned so far, NULL or a
 * register index?  The kernel's typedef names give way to them.
 */
int dt_ident_is_d(struct dt_handle *dtp, const char *name)
{
	int idx;

	return dt_builtin_var(name) || dt_builtin_func(name) ||
	       dt_idhash_lookup(&dtp->globals, name) ||
	       !strcmp(name, "NULL") || !dt_reg_const(name, &idx);
}

/* The fbt provider passes the six argument registers, as arg0 to arg5. */
#define DT_FBT_NREGS	6

/*
 * How many of the argument registers a parameter of type @t takes in the
 * System V calling convention, as the kernel has it (no floating point
 * but in an SSE register, which fbt does not pass): one for an integer or
 * a pointer, one or two for a struct or union of up to 16 bytes, none
 * for a larger one, which is passed on the stack.
 */
static unsigned int dt_fbt_nregs(const struct dt_type *t)
{
	if (!t->size || t->size > 16 || t->kind == DT_TK_FLOAT)
		return 0;
	return t->size > 8 ? 2 : 1;
}

/*
 * The type of args[@i] at the entry or (@is_return) the return probe of
 * fbt on kernel function @func, from the kernel's BTF.
 *
 * At entry, args[i] is parameter i, in the register it is passed in:
 * a parameter before it that takes no register or two moves it, as does
 * the hidden pointer of a function that returns a struct of more than
 * 16 bytes, and *@reg is the index of arg0 to arg5 that has it.  At
 * return, args[0] is the offset of the ret instruction and args[1] the
 * return value, in %rax.  Only an integer or a pointer can be had.
 *
 * DT_ARG_UNTYPED if there is no BTF or the function is not in it;
 * DT_ARG_NONE if there is no args[i], with @why (maybe empty);
 * DT_ARG_UNAVAIL, with its type in *@tp and @why, if it cannot be had;
 * else DT_ARG_TYPED, with *@tp and *@reg.
 */
enum dt_argtype dt_fbt_argtype(const char *func, int is_return,
			       unsigned int i, const struct dt_type **tp,
			       unsigned int *reg, char *why, size_t len)
{
	const struct dt_type *t;
	struct dt_btf_func f;
	unsigned int k, r, n;
	char tb[128];

	*why = '\0';
	if (dt_btf_func(func, &f))
		return DT_ARG_UNTYPED;
	if (is_return) {
		if (i > 1)
			return DT_ARG_NONE;
		if (i == 1 && dt_type_is_void(f.ret)) {
			snprintf(why, len, "%s returns void", func);
			return DT_ARG_NONE;
		}
		t = i ? f.ret : &dt_type_int64;
		r = i;
	} else {
		if (i >= f.nparams) {
			if (f.variadic)
				snprintf(why, len,
					 "the variable arguments (...) of %s have no type",
					 func);
			return DT_ARG_NONE;
		}
		r = dt_type_is_sou(f.ret) && f.ret->size > 16;
		for (k = 0; k < i; k++) {
			n = dt_fbt_nregs(f.params[k]);
			if (r + n <= DT_FBT_NREGS)
				r += n;
		}
		t = f.params[i];
	}
	*tp = t;
	*reg = r;
	if ((!dt_type_is_integer(t) && !dt_type_is_ptr(t)) || t->size > 8) {
		snprintf(why, len,
			 "it is of type %s, which is not an integer or a pointer",
			 dt_type_name(t, tb, sizeof(tb)));
		return DT_ARG_UNAVAIL;
	}
	if (r >= DT_FBT_NREGS) {
		snprintf(why, len,
			 "it is passed on the stack, and fbt has only the %d register arguments",
			 DT_FBT_NREGS);
		return DT_ARG_UNAVAIL;
	}
	return DT_ARG_TYPED;
}

const char *dt_builtin_var_name(unsigned int id)
{
	size_t i;

	for (i = 0; i < DT_NVARS; i++)
		if (dt_vars[i].id == id)
			return dt_vars[i].name;
	return NULL;
}

const char *dt_subr_name(unsigned int subr)
{
	size_t i;

	for (i = 0; i < DT_NFUNCS; i++)
		if (dt_funcs[i].kind == DT_IDENT_FUNC && dt_funcs[i].id == subr)
			return dt_funcs[i].name;
	return NULL;
}

struct dt_ident *dt_idhash_lookup(struct dt_idhash *h, const char *name)
{
	struct dt_ident *id;

	for (id = h->head; id; id = id->next)
		if (!strcmp(id->name, name))
			return id;
	return NULL;
}

/* A new user variable: ids count up from DIF_VAR_OTHER_UBASE per scope. */
struct dt_ident *dt_idhash_insert(struct dt_idhash *h, const char *name,
				  enum dt_ikind kind, const struct dt_type *type)
{
	struct dt_ident *id = dt_zalloc(sizeof(*id));
	struct dt_ident **pp;

	if (!h->nextid)
		h->nextid = DIF_VAR_OTHER_UBASE;
	id->name = dt_strdup(name);
	id->kind = kind;
	id->scope = h->scope;
	id->type = type;
	if (kind == DT_IDENT_SCALAR || kind == DT_IDENT_ARRAY ||
	    kind == DT_IDENT_AGG)
		id->id = h->nextid++;
	/* Keep declaration order: it is the order of the tables. */
	for (pp = &h->head; *pp; pp = &(*pp)->next)
		;
	*pp = id;
	return id;
}
