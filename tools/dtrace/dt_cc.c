// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the compiler driver.
 *
 * dt_compile() parses a D program; as the parser completes each clause,
 * dt_cc_clause() checks its statements and compiles its predicate and
 * actions to DIF objects.  Actions: trace() records a value, printf()
 * records its arguments for a format the consumer keeps, exit() records
 * the exit status and stops tracing, and a statement that is just an
 * expression (an assignment) runs for its side effects and records
 * nothing.  speculate(), commit() and discard() compute a speculation
 * id and record nothing themselves.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtrace.h"

struct dt_pcb *dt_pcb;

void dt_cerror(const struct dt_loc *loc, enum dt_errtag tag,
	       const char *fmt, ...)
{
	struct dt_pcb *pcb = dt_pcb;
	va_list ap;

	if (!pcb) {
		va_start(ap, fmt);
		fprintf(stderr, "%s: ", DTRACE_TOOL_NAME);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
		exit(DTRACE_EXIT_ERROR);
	}
	va_start(ap, fmt);
	vsnprintf(pcb->errmsg, sizeof(pcb->errmsg), fmt, ap);
	va_end(ap);
	pcb->errtag = tag;
	if (loc)
		pcb->errloc = *loc;
	else
		pcb->errloc = dt_lex_loc();
	longjmp(pcb->jmp, 1);
}

/*
 * Something this dtrace(1) cannot run yet: remembered, and reported once
 * the whole program has been checked (so that real errors come first).
 */
void dt_cc_unsupported(const struct dt_loc *loc, const char *fmt, ...)
{
	struct dt_pcb *pcb = dt_pcb;
	va_list ap;

	if (pcb->unsupp)
		return;
	pcb->unsupp = 1;
	pcb->unsupp_loc = *loc;
	va_start(ap, fmt);
	vsnprintf(pcb->unsupp_msg, sizeof(pcb->unsupp_msg), fmt, ap);
	va_end(ap);
}

/*
 * After DTrace's one-line message, on a terminal: where the error is as
 * file:line:column (or line and column of a -n/-P/... specifier), the
 * line, and a caret under the column.  Only on a terminal, because what
 * scripts and test suites compare is the one line DTrace has always
 * printed; -x errstyle=gnu gives file:line:column in that line instead.
 */
static void dt_cc_excerpt(const struct dt_pcb *pcb)
{
	const char *p = pcb->src, *end, *eol;
	int line = 1, col;

	if (!p || pcb->errloc.line < 1 || !isatty(STDERR_FILENO))
		return;
	end = p + pcb->srclen;
	while (p < end && line < pcb->errloc.line)
		if (*p++ == '\n')
			line++;
	if (line != pcb->errloc.line)
		return;
	eol = memchr(p, '\n', end - p);
	if (!eol)
		eol = end;
	if (pcb->is_script)
		fprintf(stderr, "%s:%d:%d:\n", pcb->prog->srcname,
			pcb->errloc.line, pcb->errloc.col);
	else
		fprintf(stderr, "at line %d, column %d:\n", pcb->errloc.line,
			pcb->errloc.col);
	fprintf(stderr, "    %.*s\n    ", (int)(eol - p), p);
	for (col = 1; col < pcb->errloc.col && p + col - 1 < eol; col++)
		fputc(p[col - 1] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}

/* Report a compile error of @pcb in the style chosen by -x errstyle. */
void dt_cc_report(struct dt_handle *dtp, const struct dt_pcb *pcb)
{
	char tag[64] = "";

	if (dtp->opts[DT_OPT_ERRTAGS])
		snprintf(tag, sizeof(tag), "[%s] ", dt_errtag_name(pcb->errtag));
	fflush(stdout);
	if (dtp->opts[DT_OPT_ERRSTYLE] == DT_ERRSTYLE_GNU) {
		if (pcb->is_script)
			fprintf(stderr, "%s: %s:%d:%d: error: %s%s\n",
				DTRACE_TOOL_NAME, pcb->prog->srcname,
				pcb->errloc.line, pcb->errloc.col, tag,
				pcb->errmsg);
		else
			fprintf(stderr,
				"%s: invalid probe specifier %s: %d:%d: error: %s%s\n",
				DTRACE_TOOL_NAME, pcb->prog->srcname,
				pcb->errloc.line, pcb->errloc.col, tag,
				pcb->errmsg);
		return;
	}
	if (pcb->is_script)
		fprintf(stderr, "%s: failed to compile script %s: %sline %d: %s\n",
			DTRACE_TOOL_NAME, pcb->prog->srcname, tag,
			pcb->errloc.line, pcb->errmsg);
	else
		fprintf(stderr, "%s: invalid probe specifier %s: %sline %d: %s\n",
			DTRACE_TOOL_NAME, pcb->prog->srcname, tag,
			pcb->errloc.line, pcb->errmsg);
	dt_cc_excerpt(pcb);
}

void dt_handle_init(struct dt_handle *dtp)
{
	int i;

	memset(dtp, 0, sizeof(*dtp));
	dtp->fd = -1;
	dtp->target_fd = -1;
	dtp->globals.scope = DIFV_SCOPE_GLOBAL;
	dtp->tls.scope = DIFV_SCOPE_THREAD;
	dtp->locals.scope = DIFV_SCOPE_LOCAL;
	dtp->aggs.scope = DIFV_SCOPE_GLOBAL;
	dtp->progs_tail = &dtp->progs;
	for (i = 0; i < DTRACEOPT_MAX; i++)
		dtp->kopts[i] = DT_OPT_UNSET;
	dtp->kopts[DTRACEOPT_BUFSIZE] = 4 << 20;
	dtp->kopts[DTRACEOPT_BUFPOLICY] = DTRACEOPT_BUFPOLICY_SWITCH;
	dtp->kopts[DTRACEOPT_STRSIZE] = 256;
	dtp->kopts[DTRACEOPT_DESTRUCTIVE] = 0;
	dtp->opts[DT_OPT_SWITCHRATE] = 1000000000ULL;
	dtp->opts[DT_OPT_STATUSRATE] = 1000000000ULL;
	dtp->opts[DT_OPT_AGGRATE] = 1000000000ULL;
	dtp->opts[DT_OPT_STACKFRAMES] = 20;
	dtp->opts[DT_OPT_STACKINDENT] = DT_STACK_INDENT;
	dtp->opts[DT_OPT_USTACKFRAMES] = 100;
	dtp->opts[DT_OPT_CPU] = DT_OPT_UNSET;
	dtp->out = stdout;
}

struct dt_clause *dt_clause_new(struct dt_handle *dtp)
{
	struct dt_clause *cl = dt_zalloc(sizeof(*cl));

	cl->id = dtp->nclauses;
	dtp->clauses = dt_realloc(dtp->clauses,
				  (dtp->nclauses + 1) * sizeof(*dtp->clauses));
	dtp->clauses[dtp->nclauses++] = cl;
	return cl;
}

void dt_action_add(struct dt_clause *cl, struct dt_action *act)
{
	struct dt_action **pp;

	for (pp = &cl->actions; *pp; pp = &(*pp)->next)
		;
	*pp = act;
	cl->nactions++;
}

static struct dt_action *dt_action_new(struct dt_clause *cl, u32 kind,
				       const struct dt_loc *loc)
{
	struct dt_action *a = dt_zalloc(sizeof(*a));

	a->kind = kind;
	if (loc)
		a->loc = *loc;
	dt_action_add(cl, a);
	return a;
}

/* A probe description, as the grammar sees one. */
struct dt_node *dt_cc_pspec(const struct dt_loc *loc, char *text)
{
	struct dt_node *n = dt_node_str(loc, text);

	n->kind = DT_NODE_IDENT;
	return n;
}

void dt_cc_empty(void)
{
	struct dt_loc loc = dt_lex_pos();

	dt_cerror(&loc, D_EMPTY, "empty D program translation unit");
}

/* Expand $1, $$1, $pid in a probe description. */
static char *dt_cc_pspec_expand(struct dt_handle *dtp, const char *text,
				const struct dt_loc *loc)
{
	char *out = dt_alloc(strlen(text) + 1);
	size_t len = 0, cap = strlen(text) + 1;
	const char *p = text;

	while (*p) {
		const char *val = NULL;
		char num[32];

		if (*p == '$' && (isdigit((unsigned char)p[1]) || p[1] == '$' ||
				  isalpha((unsigned char)p[1]))) {
			const char *s = p + 1;
			char name[32];
			int i = 0;

			if (*s == '$')
				s++;
			while ((isalnum((unsigned char)*s) || *s == '_') &&
			       i < (int)sizeof(name) - 1)
				name[i++] = *s++;
			name[i] = '\0';
			if (isdigit((unsigned char)name[0])) {
				int n = atoi(name);

				if (n >= dtp->nmacro_args) {
					if (!dtp->opts[DT_OPT_DEFAULTARGS])
						dt_cerror(loc, D_MACRO_UNDEF,
							  "macro argument $%d is not defined",
							  n);
					val = "";
				} else {
					val = dtp->macro_args[n];
					if (n < 32)
						dtp->macro_used |= 1U << n;
				}
			} else {
				u64 v;

				if (!dt_macro_var(dtp, name, &v))
					dt_cerror(loc, D_MACRO_UNDEF,
						  "macro variable $%s is not defined",
						  name);
				snprintf(num, sizeof(num), "%llu",
					 (unsigned long long)v);
				val = num;
			}
			p = s;
		}
		if (val) {
			size_t n = strlen(val);

			if (len + n + 1 > cap) {
				cap = (len + n + 1) * 2;
				out = dt_realloc(out, cap);
			}
			memcpy(out + len, val, n);
			len += n;
			continue;
		}
		if (len + 2 > cap) {
			cap = cap * 2 + 2;
			out = dt_realloc(out, cap);
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	return out;
}

static struct dt_difo *dt_cc_difo(struct dt_handle *dtp, struct dt_node *n,
				  const struct dt_type *rtype)
{
	return dt_cg(dtp, n, rtype);
}

static struct dt_node *dt_cc_args_cook(struct dt_node *args)
{
	struct dt_node *a, *next, *out = NULL;

	for (a = args; a; a = next) {
		next = a->next;
		a->next = NULL;
		out = dt_node_append(out, dt_cook(a, 0));
	}
	return out;
}

/*
 * trace(expr) and print(expr): a record of the value.  print() also takes
 * a struct or union (its bytes, by reference) and an array, and dtrace(1)
 * prints the value with its type (dt_btf_print_value()).
 */
static void dt_cc_trace(struct dt_clause *cl, struct dt_node *n, int print)
{
	const struct dt_ident *fn = n->ident;
	const struct dt_type *t;
	struct dt_node *arg;
	struct dt_action *a;

	dt_proto_check(n, fn->name, fn->proto, n->args);
	arg = n->args;
	t = arg->type;
	if (dt_type_is_void(t))
		dt_cerror(&n->loc, D_TRACE_VOID,
			  "%s( ) may not be applied to a void expression", fn->name);
	if (t->kind == DT_TK_AGG)
		dt_cerror(&n->loc, D_TRACE_AGG,
			  "%s( ) may not be applied to an aggregation", fn->name);
	if (t->kind == DT_TK_FUNC || t->kind == DT_TK_ASSOC ||
	    t->kind == DT_TK_STACK ||
	    (t->kind == DT_TK_ARRAY && arg->kind == DT_NODE_VAR) ||
	    (t->kind == DT_TK_ARRAY && !print && !dt_type_is_string(t)))
		dt_cerror(&n->loc, D_TRACE_DYN,
			  "%s( ) may not be applied to a dynamic expression",
			  fn->name);
	if (dt_type_is_sou(t) && !print)
		dt_cc_unsupported(&n->loc,
				  "%s( ) of a %s is not supported yet: print( ) prints it",
				  fn->name, t->name);
	if (print && (dt_type_is_sou(t) || t->kind == DT_TK_ARRAY) &&
	    !t->size)
		dt_cerror(&n->loc, D_TRACE_DYN,
			  "%s( ) may not be applied to incomplete or empty type %s",
			  fn->name, t->name);
	a = dt_action_new(cl, DTRACEACT_DIFEXPR, &n->loc);
	if (print) {
		/* A string stays a string; the rest is printed as it is. */
		a->type = t->kind == DT_TK_STRING ? &dt_type_string : t;
		a->libact = DT_LIBACT_PRINT;
	} else {
		/* A char * is traced as the pointer it is: stringof() for the string. */
		a->type = dt_type_is_string(t) && !dt_type_is_ptr(t) ?
			  &dt_type_string : t;
	}
	a->difo = dt_cc_difo(dt_pcb->dtp, arg, a->type);
	a->records = 1;
}

static void dt_cc_exit(struct dt_clause *cl, struct dt_node *n)
{
	const struct dt_ident *fn = n->ident;
	struct dt_action *a;

	dt_proto_check(n, fn->name, fn->proto, n->args);
	a = dt_action_new(cl, DTRACEACT_EXIT, &n->loc);
	a->type = &dt_type_int;
	a->difo = dt_cc_difo(dt_pcb->dtp, n->args, &dt_type_int);
	a->records = 1;
}

static void dt_cc_printf(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	const struct dt_ident *fn = n->ident;
	struct dt_node *arg;
	struct dt_action *a;
	int fmtid, i;

	dt_proto_check(n, fn->name, fn->proto, n->args);
	fmtid = dt_printf_compile(dtp, fn->name, n, n->args, n->args->next);
	/* printf() or system(): a format, then its arguments. */
	a = dt_action_new(cl, fn->id, &n->loc);
	a->arg = fmtid;
	for (arg = n->args->next, i = 0; arg; arg = arg->next, i++) {
		/* %A's user address goes with its process: see uaddr(). */
		a = dt_action_new(cl, dt_printf_uaddr_arg(dtp, fmtid, i) ?
				  DTRACEACT_UADDR : DTRACEACT_LIBACT, &arg->loc);
		a->type = dt_type_is_string(arg->type) ? &dt_type_string :
			  a->kind == DTRACEACT_UADDR ? &dt_type_uint64 :
			  arg->type;
		a->arg = fmtid;
		a->difo = dt_cc_difo(dtp, arg, a->type);
		a->records = 1;
	}
}

/*
 * speculate(), commit(), discard(): an action whose DIFO computes the
 * speculation id; the kernel records nothing for it.
 */
static void dt_cc_specact(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_action *a;

	a = dt_action_new(cl, n->ident->id, &n->loc);
	a->type = &dt_type_int;
	a->difo = dt_cc_difo(dt_pcb->dtp, n->args, &dt_type_int);
	a->records = 0;
}

/* What a statement does, for the rules on their order in a clause. */
#define DT_ACT_DREC	0x01	/* records data */
#define DT_ACT_AGG	0x02	/* aggregates */
#define DT_ACT_SPEC	0x04	/* speculate() */
#define DT_ACT_COMM	0x08	/* commit() or discard() */
#define DT_ACT_DESTR	0x10	/* destructive */
#define DT_ACT_EXIT	0x20	/* exit() */
#define DT_ACT_DISC	0x40	/* discard() */

/* Is @n a positive integer constant? */
static int dt_cc_posconst(const struct dt_node *n)
{
	return n && n->kind == DT_NODE_INT && (s64)n->value > 0;
}

/* The checks of the arguments of actions that take constants. */
static void dt_cc_action_args(struct dt_node *n)
{
	const char *name = n->ident->name;
	struct dt_node *a = n->args;

	if (!strcmp(name, "stack") && a && !dt_cc_posconst(a))
		dt_cerror(&n->loc, D_STACK_SIZE,
			  "stack( ) argument #1 must be a non-zero positive integer constant");
	if (!strcmp(name, "ustack")) {
		if (a && !dt_cc_posconst(a))
			dt_cerror(&n->loc, D_USTACK_FRAMES,
				  "ustack( ) argument #1 must be a non-zero positive integer constant");
		if (a && a->next && (a->next->kind != DT_NODE_INT ||
				     (s64)a->next->value < 0))
			dt_cerror(&n->loc, D_USTACK_STRSIZE,
				  "ustack( ) argument #2 must be a positive integer constant");
	}
	if (!strcmp(name, "tracemem") && a && !dt_cc_posconst(a->next))
		dt_cerror(&n->loc, D_TRACEMEM_SIZE,
			  "tracemem( ) argument #2 must be a non-zero positive integral constant expression");
}

/* The first argument of clear(), trunc(), normalize(): an aggregation. */
static void dt_cc_aggarg(struct dt_node *n, enum dt_errtag tag)
{
	char tb[128];

	if (n->args && n->args->type->kind != DT_TK_AGG)
		dt_cerror(&n->loc, tag,
			  "%s( ) argument #1 is incompatible with prototype:\n\tprototype: aggregation\n\t argument: %s",
			  n->ident->name,
			  dt_type_name(n->args->type, tb, sizeof(tb)));
}

static void dt_cc_printa(struct dt_node *n)
{
	struct dt_node *a = n->args, *fmt = NULL;
	char tb[128];
	int argno = 1;

	if (a && dt_type_is_string(a->type)) {
		fmt = a;
		a = a->next;
		argno++;
	}
	if (fmt && fmt->kind != DT_NODE_STRING)
		dt_cerror(&n->loc, D_PRINTF_ARG_FMT,
			  "printa( ) argument #1 must be a string constant");
	for (; a; a = a->next, argno++)
		if (a->type->kind != DT_TK_AGG)
			dt_cerror(&n->loc, D_PRINTA_AGGARG,
				  "printa( ) argument #%d is incompatible with prototype:\n\tprototype: aggregation\n\t argument: %s",
				  argno, dt_type_name(a->type, tb, sizeof(tb)));
	a = fmt ? fmt->next : n->args;
	for (; a && a->next; a = a->next) {
		const struct dt_ident *x = a->ident, *y = a->next->ident;
		int i, same = x->nkeys == y->nkeys;

		for (i = 0; same && i < x->nkeys; i++)
			same = dt_type_same(x->keys[i], y->keys[i]) ||
			       (dt_type_is_integer(x->keys[i]) &&
				dt_type_is_integer(y->keys[i]));
		if (!same)
			dt_cerror(&n->loc, D_PRINTA_AGGKEY,
				  "printa( ): %s and %s do not have matching key signatures: %s has %d key%s, %s has %d key%s",
				  x->name, y->name, x->name, x->nkeys,
				  x->nkeys == 1 ? "" : "s", y->name, y->nkeys,
				  y->nkeys == 1 ? "" : "s");
	}
	if (fmt)
		dt_printa_check(n, fmt, fmt->next ? fmt->next->ident : NULL);
}

/* A DIFO returning the constant @v. */
static struct dt_difo *dt_cc_const(const struct dt_loc *loc, u64 v)
{
	return dt_cc_difo(dt_pcb->dtp, dt_node_int(loc, v, &dt_type_int64),
			  &dt_type_int64);
}

/*
 * printa(): a PRINTA action (its arg the format, or all ones) for the
 * first aggregation, a LIBACT for each other; each records the id of its
 * aggregation.
 */
static void dt_cc_printa_acts(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_node *a = n->args, *fmt = NULL;
	u64 fmtid = ~0ULL;
	struct dt_action *act;
	int first = 1;

	if (a && dt_type_is_string(a->type)) {
		fmt = a;
		a = a->next;
		fmtid = dt_printa_compile(dt_pcb->dtp, n, fmt);
	}
	for (; a; a = a->next, first = 0) {
		act = dt_action_new(cl, first ? DTRACEACT_PRINTA :
				    DTRACEACT_LIBACT, &a->loc);
		act->arg = fmtid;
		act->libact = first ? DT_LIBACT_NONE : DT_LIBACT_PRINTA;
		act->agg = a->ident;
		act->type = &dt_type_int64;
		act->difo = dt_cc_const(&a->loc, a->ident->id);
		act->records = 1;
	}
}

/* The frames of stack([n]) @n: n, or the stackframes option; capped. */
static u64 dt_cc_stackframes(const struct dt_node *n)
{
	u64 frames = n->args ? n->args->value :
		     dt_pcb->dtp->opts[DT_OPT_STACKFRAMES];

	return min_t(u64, frames, DTRACE_STACK_MAXFRAMES);
}

/* stack([frames]): the kernel records the frames; no program. */
static void dt_cc_stack(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_action *a = dt_action_new(cl, DTRACEACT_STACK, &n->loc);

	a->arg = dt_cc_stackframes(n);
	a->records = 1;
}

/*
 * ustack([frames[, strsize]]): the kernel records the process and the
 * frames; no program.  strsize is for the stacks of interpreters, which
 * are not walked: it is accepted and ignored.
 */
static u64 dt_cc_ustackframes(const struct dt_node *n)
{
	u64 frames = n->args ? n->args->value :
		     dt_pcb->dtp->opts[DT_OPT_USTACKFRAMES];

	return min_t(u64, frames, DTRACE_STACK_MAXFRAMES);
}

static void dt_cc_ustack(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_action *a = dt_action_new(cl, DTRACEACT_USTACK, &n->loc);

	a->arg = dt_cc_ustackframes(n);
	a->records = 1;
}

/*
 * sym(), func() and mod() record an address, printed as a symbol, and
 * usym(), ufunc(), umod() and uaddr() a user address with its process;
 * tracemem(addr, size) records size bytes from addr.
 */
static void dt_cc_addract(struct dt_clause *cl, struct dt_node *n, u32 kind)
{
	struct dt_action *a = dt_action_new(cl, kind, &n->loc);

	a->type = &dt_type_uint64;
	a->difo = dt_cc_difo(dt_pcb->dtp, n->args, &dt_type_uint64);
	if (kind == DTRACEACT_TRACEMEM)
		a->arg = n->args->next->value;
	a->records = 1;
}

/*
 * stop(), raise(signal), chill(nanoseconds): the kernel does them (with
 * the destructive option) and records nothing.
 */
static void dt_cc_destract(struct dt_clause *cl, struct dt_node *n)
{
	struct dt_action *a = dt_action_new(cl, n->ident->id, &n->loc);

	if (n->args) {
		a->type = &dt_type_int64;
		a->difo = dt_cc_difo(dt_pcb->dtp, n->args, &dt_type_int64);
	}
	a->records = 0;
}

/* clear(), trunc(), normalize(), denormalize(): LIBACT records. */
static void dt_cc_aggact(struct dt_clause *cl, struct dt_node *n,
			 enum dt_libact what)
{
	struct dt_node *a = n->args;
	struct dt_action *act;

	act = dt_action_new(cl, DTRACEACT_LIBACT, &n->loc);
	act->libact = what;
	act->agg = a->ident;
	act->type = &dt_type_int64;
	act->difo = dt_cc_const(&a->loc, a->ident->id);
	act->records = 1;
	if (!a->next)
		return;
	act = dt_action_new(cl, DTRACEACT_LIBACT, &a->next->loc);
	act->libact = DT_LIBACT_ARG;
	act->type = &dt_type_int64;
	act->difo = dt_cc_difo(dt_pcb->dtp, a->next, &dt_type_int64);
	act->records = 1;
}

static unsigned int dt_cc_action(struct dt_clause *cl, struct dt_node *n)
{
	const struct dt_ident *fn = n->ident;
	const char *name = fn->name;

	if (!strcmp(name, "trace") || !strcmp(name, "print")) {
		dt_cc_trace(cl, n, name[0] == 'p');
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "exit")) {
		dt_cc_exit(cl, n);
		return DT_ACT_DREC | DT_ACT_EXIT;
	}
	if (!strcmp(name, "printf")) {
		dt_cc_printf(cl, n);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "system")) {
		dt_cc_printf(cl, n);
		return DT_ACT_DREC | DT_ACT_DESTR;
	}
	dt_proto_check(n, name, fn->proto, n->args);
	dt_cc_action_args(n);
	if (!strcmp(name, "printa")) {
		dt_cc_printa(n);
		dt_cc_printa_acts(cl, n);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "stack")) {
		dt_cc_stack(cl, n);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "sym") || !strcmp(name, "func") ||
	    !strcmp(name, "mod")) {
		dt_cc_addract(cl, n, name[0] == 'm' ? DTRACEACT_MOD :
			      DTRACEACT_SYM);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "ustack")) {
		dt_cc_ustack(cl, n);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "usym") || !strcmp(name, "ufunc") ||
	    !strcmp(name, "umod") || !strcmp(name, "uaddr")) {
		dt_cc_addract(cl, n, fn->id);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "stop") || !strcmp(name, "raise") ||
	    !strcmp(name, "chill")) {
		dt_cc_destract(cl, n);
		return DT_ACT_DESTR;
	}
	if (!strcmp(name, "tracemem")) {
		if (n->args->next->value > DTRACE_TRACEMEM_MAXSIZE)
			dt_cerror(&n->loc, D_TRACEMEM_SIZE,
				  "tracemem( ) argument #2 must be at most %u",
				  DTRACE_TRACEMEM_MAXSIZE);
		dt_cc_addract(cl, n, DTRACEACT_TRACEMEM);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "clear")) {
		dt_cc_aggarg(n, D_CLEAR_AGGARG);
		dt_cc_aggact(cl, n, DT_LIBACT_CLEAR);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "trunc")) {
		dt_cc_aggarg(n, D_TRUNC_AGGARG);
		dt_cc_aggact(cl, n, DT_LIBACT_TRUNC);
		return DT_ACT_DREC;
	}
	if (!strcmp(name, "normalize") || !strcmp(name, "denormalize")) {
		dt_cc_aggarg(n, D_NORMALIZE_AGGARG);
		dt_cc_aggact(cl, n, name[0] == 'n' ? DT_LIBACT_NORMALIZE :
			     DT_LIBACT_DENORMALIZE);
		return DT_ACT_DREC;
	}
	/* discard() may follow commit() and data, as in DTrace. */
	if (!strcmp(name, "speculate") || !strcmp(name, "commit") ||
	    !strcmp(name, "discard")) {
		dt_cc_specact(cl, n);
		return name[0] == 's' ? DT_ACT_SPEC :
		       name[0] == 'c' ? DT_ACT_COMM : DT_ACT_DISC;
	}
	dt_cc_unsupported(&n->loc, "%s( ) is not supported yet", name);

	if (fn->flags & DT_IDF_DESTR)
		return DT_ACT_DESTR | (!strcmp(name, "system") ? DT_ACT_DREC : 0);
	if (!strcmp(name, "setopt"))
		return 0;
	return DT_ACT_DREC;
}

/*
 * The order of actions in a clause: nothing that records data or
 * aggregates after commit(), nothing destructive or aggregating after
 * speculate(), speculate() only once, speculate() and commit() before
 * data.
 */
static void dt_cc_order(unsigned int *seen, unsigned int what,
			const struct dt_loc *where)
{
	struct dt_loc loc = *where;
	unsigned int s = *seen;

	if (what & DT_ACT_SPEC) {
		if (s & DT_ACT_COMM)
			dt_cerror(&loc, D_SPEC_COMM,
				  "speculate( ) may not follow commit( )");
		if (s & DT_ACT_SPEC)
			dt_cerror(&loc, D_SPEC_SPEC,
				  "speculate( ) may not follow speculate( )");
		if (s & DT_ACT_DREC)
			dt_cerror(&loc, D_SPEC_DREC,
				  "speculate( ) may not follow data-recording action(s)");
	}
	/* The clause's own speculation must not end under it. */
	if ((what & (DT_ACT_COMM | DT_ACT_DISC)) && (s & DT_ACT_SPEC))
		dt_cerror(&loc, D_COMM_DREC, "%s( ) may not follow speculate( )",
			  what & DT_ACT_COMM ? "commit" : "discard");
	/* Several commit()s in a clause are fine, as in DTrace. */
	if (what & DT_ACT_COMM) {
		if (s & DT_ACT_DREC)
			dt_cerror(&loc, D_COMM_DREC,
				  "commit( ) may not follow data-recording action(s)");
	}
	if (what & DT_ACT_AGG) {
		if (s & DT_ACT_SPEC)
			dt_cerror(&loc, D_AGG_SPEC,
				  "aggregating actions may not follow speculate( )");
		if (s & DT_ACT_COMM)
			dt_cerror(&loc, D_AGG_COMM,
				  "aggregating actions may not follow commit( )");
	}
	if ((what & DT_ACT_DESTR) && (s & DT_ACT_SPEC))
		dt_cerror(&loc, D_ACT_SPEC,
			  "destructive actions may not follow speculate( )");
	if ((what & DT_ACT_EXIT) && (s & DT_ACT_SPEC))
		dt_cerror(&loc, D_EXIT_SPEC, "exit( ) may not follow speculate( )");
	if ((what & DT_ACT_DREC) && (s & DT_ACT_COMM))
		dt_cerror(&loc, D_DREC_COMM,
			  "data-recording actions may not follow commit( )");
	*seen |= what;
}

/* Where the text of expression @n begins. */
static struct dt_loc dt_cc_start(const struct dt_node *n)
{
	while (n->kind == DT_NODE_OP2 || n->kind == DT_NODE_OP3) {
		const struct dt_node *l = n->kind == DT_NODE_OP3 ? n->cond : n->left;

		if (!l || n->op == DT_OP_CAST)
			break;
		n = l;
	}
	return n->loc;
}

static int dt_cc_is_agg_stmt(const struct dt_node *n)
{
	const struct dt_node *l = n->left;

	if (n->kind != DT_NODE_OP2 || !l)
		return 0;
	if (n->op < DT_OP_ASGN || n->op > DT_OP_SHR_EQ)
		return 0;
	return l->kind == DT_NODE_AGG ||
	       (l->kind == DT_NODE_OP2 && l->op == DT_OP_INDEX &&
		l->left->kind == DT_NODE_AGG);
}

/*
 * @name[keys] = func(args): an AGGKEY action per key (converted to the
 * aggregation's key type, so that every clause lays its keys out the
 * same), an AGGINCR for the increment of a distribution, then the
 * aggregating action with the value and the constant parameters.
 */
static void dt_cc_agg(struct dt_clause *cl, struct dt_node *n,
		      struct dt_ident *id)
{
	static const u32 kinds[] = {
		[DT_AGG_COUNT] = DTRACEAGG_COUNT,
		[DT_AGG_SUM] = DTRACEAGG_SUM,
		[DT_AGG_AVG] = DTRACEAGG_AVG,
		[DT_AGG_MIN] = DTRACEAGG_MIN,
		[DT_AGG_MAX] = DTRACEAGG_MAX,
		[DT_AGG_STDDEV] = DTRACEAGG_STDDEV,
		[DT_AGG_QUANTIZE] = DTRACEAGG_QUANTIZE,
		[DT_AGG_LQUANTIZE] = DTRACEAGG_LQUANTIZE,
		[DT_AGG_LLQUANTIZE] = DTRACEAGG_LLQUANTIZE,
	};
	struct dt_handle *dtp = dt_pcb->dtp;
	struct dt_node *k, *args = n->right->args, *incr = NULL;
	unsigned int fid = id->aggfn->id;
	const s64 *p = id->aggparam;
	struct dt_action *a;
	int i = 0;

	for (k = n->left->args; k; k = k->next, i++) {
		const struct dt_type *kt = dt_node_keytype(k);
		bool user = kt->act == DTRACEACT_USTACK ||
			    kt->act == DTRACEACT_USYM ||
			    kt->act == DTRACEACT_UMOD ||
			    kt->act == DTRACEACT_UADDR;

		if (kt->kind == DT_TK_STACK) {
			/* No program: the kernel records the frames. */
			dt_cc_action_args(k);
			a = dt_action_new(cl, DTRACEACT_AGGKEY, &k->loc);
			a->type = kt;
			a->arg = user ? dt_cc_ustackframes(k) | DTRACE_AGGKEY_USER :
				 dt_cc_stackframes(k);
			continue;
		}
		if (kt->act) {
			/* The address; the kernel adds the process for user ones. */
			a = dt_action_new(cl, DTRACEACT_AGGKEY, &k->loc);
			a->type = kt;
			a->difo = dt_cc_difo(dtp, k->args, &dt_type_uint64);
			a->arg = user ? DTRACE_AGGKEY_USER : 0;
			continue;
		}
		if (k->kind == DT_NODE_FUNC && k->ident &&
		    k->ident->kind == DT_IDENT_ACTFUNC) {
			dt_cc_unsupported(&k->loc, "%s( ) as a key is not supported yet",
					  k->ident->name);
			continue;
		}
		a = dt_action_new(cl, DTRACEACT_AGGKEY, &k->loc);
		a->type = id->keys[i];
		a->difo = dt_cc_difo(dtp, k, a->type);
	}
	if (fid == DT_AGG_QUANTIZE && args)
		incr = args->next;
	else if (fid == DT_AGG_LQUANTIZE || fid == DT_AGG_LLQUANTIZE)
		for (incr = args, i = 0; incr && i < (fid == DT_AGG_LQUANTIZE ?
						       4 : 5); i++)
			incr = incr->next;
	if (incr) {
		a = dt_action_new(cl, DTRACEACT_AGGINCR, &incr->loc);
		a->type = &dt_type_int64;
		a->difo = dt_cc_difo(dtp, incr, &dt_type_int64);
	}
	a = dt_action_new(cl, kinds[fid], &n->loc);
	a->agg = id;
	a->type = &dt_type_int64;
	if (fid != DT_AGG_COUNT)
		a->difo = dt_cc_difo(dtp, args, &dt_type_int64);
	if (fid == DT_AGG_LQUANTIZE)
		a->arg = DTRACE_LQUANTIZE_ARG(p[0], (p[1] - p[0]) / p[2], p[2]);
	else if (fid == DT_AGG_LLQUANTIZE)
		a->arg = DTRACE_LLQUANTIZE_ARG(p[0], p[1], p[2], p[3]);
}

/* A statement of a clause; returns what it does (DT_ACT_*). */
static unsigned int dt_cc_stmt(struct dt_clause *cl, struct dt_node *n)
{
	unsigned int destr = 0;
	struct dt_action *a;

	if (n->kind == DT_NODE_FUNC) {
		const struct dt_ident *fn = dt_builtin_func(n->string);

		if (fn && fn->kind == DT_IDENT_ACTFUNC) {
			n->ident = (struct dt_ident *)fn;
			n->args = dt_cc_args_cook(n->args);
			return dt_cc_action(cl, n);
		}
	}
	if (dt_cc_is_agg_stmt(n)) {
		dt_cc_agg(cl, n, dt_agg_stmt(n));
		return DT_ACT_AGG;
	}
	/* copyout(), copyoutstr(): subroutines, but destructive. */
	if (n->kind == DT_NODE_FUNC) {
		const struct dt_ident *fn = dt_builtin_func(n->string);

		if (fn && (fn->flags & DT_IDF_DESTR))
			destr = DT_ACT_DESTR;
	}
	n = dt_cook(n, DT_COOK_STMT);
	if (n->type && n->type->kind == DT_TK_AGG)
		dt_cerror(&n->loc, D_AGG_NULL, "%s has null effect", n->string);
	a = dt_action_new(cl, DTRACEACT_DIFEXPR, &n->loc);
	a->type = &dt_type_void;
	a->difo = dt_cc_difo(dt_pcb->dtp, n, &dt_type_void);
	a->records = 0;
	return destr;
}

/* The name of a variable reference (x, self->x, this->x) and its table. */
static const char *dt_cc_varname(struct dt_handle *dtp, const struct dt_node *l,
				 struct dt_idhash **hp)
{
	if (l->kind == DT_NODE_IDENT && !dt_builtin_var(l->string)) {
		*hp = &dtp->globals;
		return l->string;
	}
	if (l->kind == DT_NODE_OP2 && l->op == DT_OP_PTR &&
	    (l->left->kind == DT_NODE_SELF || l->left->kind == DT_NODE_THIS)) {
		*hp = l->left->kind == DT_NODE_SELF ? &dtp->tls : &dtp->locals;
		return l->string;
	}
	return NULL;
}

/* Is variable @name of @h assigned with = in @n? */
static int dt_cc_assigned(struct dt_handle *dtp, const struct dt_node *n,
			  struct dt_idhash *h, const char *name)
{
	const struct dt_node *a;
	struct dt_idhash *lh;
	const char *ln;

	if (!n || (n->flags & DT_NF_COOKED))
		return 0;
	if (n->kind == DT_NODE_OP2 && n->op == DT_OP_ASGN) {
		ln = dt_cc_varname(dtp, n->left, &lh);
		if (ln && lh == h && !strcmp(ln, name))
			return 1;
	}
	if (dt_cc_assigned(dtp, n->left, h, name) ||
	    dt_cc_assigned(dtp, n->right, h, name) ||
	    dt_cc_assigned(dtp, n->cond, h, name))
		return 1;
	if (n->kind == DT_NODE_FUNC || n->kind == DT_NODE_AGG)
		for (a = n->args; a; a = a->next)
			if (dt_cc_assigned(dtp, a, h, name))
				return 1;
	return 0;
}

/*
 * Declare, as int64_t, the variables that ++ and -- use in @n and that
 * nothing in the clause (@pred, @stmts) assigns.
 */
static void dt_cc_incdec_vars(struct dt_handle *dtp, struct dt_node *n,
			      struct dt_node *pred, struct dt_node *stmts)
{
	struct dt_node *a;

	if (!n || (n->flags & DT_NF_COOKED))
		return;
	if (n->kind == DT_NODE_OP1 &&
	    (n->op == DT_OP_PREINC || n->op == DT_OP_PREDEC ||
	     n->op == DT_OP_POSTINC || n->op == DT_OP_POSTDEC)) {
		struct dt_node *l = n->left, *s;
		struct dt_idhash *h = NULL;
		const char *name = dt_cc_varname(dtp, l, &h);
		int asgn = name && dt_cc_assigned(dtp, pred, h, name);

		for (s = stmts; name && s && !asgn; s = s->next)
			asgn = dt_cc_assigned(dtp, s, h, name);
		if (name && !asgn && !dt_idhash_lookup(h, name)) {
			struct dt_ident *id = dt_idhash_insert(h, name,
							       DT_IDENT_SCALAR,
							       &dt_type_int64);

			id->loc = l->loc;
			id->flags |= DT_IDF_ASSIGNED;
		}
	}
	dt_cc_incdec_vars(dtp, n->left, pred, stmts);
	dt_cc_incdec_vars(dtp, n->right, pred, stmts);
	dt_cc_incdec_vars(dtp, n->cond, pred, stmts);
	if (n->kind == DT_NODE_FUNC || n->kind == DT_NODE_AGG)
		for (a = n->args; a; a = a->next)
			dt_cc_incdec_vars(dtp, a, pred, stmts);
}

/* The grammar has a complete clause: compile it. */
void dt_cc_clause(struct dt_node *pdescs, struct dt_node *pred,
		  struct dt_node *stmts, const struct dt_loc *loc, int has_body)
{
	struct dt_pcb *pcb = dt_pcb;
	struct dt_handle *dtp = pcb->dtp;
	struct dt_clause *cl, **cpp;
	struct dt_pdesc **pp;
	struct dt_node *p, *next;
	unsigned int seen = 0;
	struct dt_loc sloc;

	if (!has_body && !pred && pcb->is_script) {
		struct dt_loc l = dt_lex_loc();

		dt_cerror(&l, D_SYNTAX,
			  "expected predicate and/or actions following probe description");
	}

	cl = dt_clause_new(dtp);
	cl->loc = *loc;
	pcb->clause = cl;
	for (cpp = &pcb->prog->clauses; *cpp; cpp = &(*cpp)->next)
		;
	*cpp = cl;

	pp = &cl->pdescs;
	for (p = pdescs; p; p = p->next) {
		struct dt_pdesc *pd = dt_zalloc(sizeof(*pd));
		char err[256];

		pd->text = dt_cc_pspec_expand(dtp, p->string, &p->loc);
		pd->loc = p->loc;
		if (dt_pdesc_parse(pd->text, pcb->pspec, &pd->desc, err,
				   sizeof(err)))
			dt_cerror(&p->loc, D_PDESC_INVAL, "%s", err);
		*pp = pd;
		pp = &pd->next;
	}

	/*
	 * A variable that ++ or -- creates may be used anywhere in the
	 * clause, the predicate included (/x == 0/ { x++; }).
	 */
	dt_cc_incdec_vars(dtp, pred, pred, stmts);
	for (p = stmts; p; p = p->next)
		dt_cc_incdec_vars(dtp, p, pred, stmts);

	if (pred) {
		struct dt_loc end = dt_lex_loc();

		pred = dt_cook(pred, DT_COOK_PRED);
		if (!dt_type_is_scalar(pred->type))
			dt_cerror(&end, D_PRED_SCALAR,
				  "predicate result must be of scalar type");
		cl->pred = dt_cc_difo(dtp, pred, pred->type);
	}

	for (p = stmts; p; p = next) {
		next = p->next;
		p->next = NULL;
		if (p->kind == DT_NODE_INT && dt_type_is_void(p->type))
			continue;	/* an empty statement */
		sloc = dt_cc_start(p);
		dt_cc_order(&seen, dt_cc_stmt(cl, p), &sloc);
	}
	if (dtp->dump_dif)
		dt_cc_dump_clause(dtp, cl, stdout);
	pcb->clause = NULL;
}

/* Values of $pid and the other macro variables. */
int dt_macro_var(struct dt_handle *dtp, const char *name, u64 *v)
{
	if (!strcmp(name, "pid"))
		*v = getpid();
	else if (!strcmp(name, "ppid"))
		*v = getppid();
	else if (!strcmp(name, "pgid"))
		*v = getpgid(0);
	else if (!strcmp(name, "sid"))
		*v = getsid(0);
	else if (!strcmp(name, "uid"))
		*v = getuid();
	else if (!strcmp(name, "euid"))
		*v = geteuid();
	else if (!strcmp(name, "gid"))
		*v = getgid();
	else if (!strcmp(name, "egid"))
		*v = getegid();
	else if (!strcmp(name, "target") && dtp->target_pid)
		*v = dtp->target_pid;
	else
		return 0;
	return 1;
}

/*
 * Compile one D program.  Returns the program, or NULL with the error
 * already reported.
 */
struct dt_prog *dt_compile(struct dt_handle *dtp, const char *srcname,
			   const char *src, size_t len, int is_script,
			   enum dt_pspec pspec)
{
	struct dt_pcb pcb;
	struct dt_prog *prog = dt_zalloc(sizeof(*prog));
	int rc;

	memset(&pcb, 0, sizeof(pcb));
	pcb.dtp = dtp;
	pcb.prog = prog;
	pcb.src = src;
	pcb.srclen = len;
	pcb.pspec = pspec;
	pcb.is_script = is_script;
	prog->srcname = srcname;
	prog->is_script = is_script;

	dt_pcb = &pcb;
	if (setjmp(pcb.jmp)) {
		dt_lex_end();
		dt_cc_report(dtp, &pcb);
		dt_pcb = NULL;
		return NULL;
	}
	dt_grammar_reset();
	dt_lex_begin(src, len);
	rc = dt_yyparse();
	dt_lex_end();
	if (rc)
		dt_cerror(NULL, D_SYNTAX, "syntax error");
	if (pcb.pragma_attr_pending)
		dt_cerror(&pcb.pragma_attr_loc, D_PRAGMA_UNUSED,
			  "unused #pragma attributes");
	if (pcb.unsupp)
		dt_cerror(&pcb.unsupp_loc, D_IDENT_UNSUPP, "%s", pcb.unsupp_msg);
	dt_pcb = NULL;

	*dtp->progs_tail = prog;
	dtp->progs_tail = &prog->next;
	return prog;
}

/* Errors found after compiling, e.g. by enabling: reported the same way. */
void dt_cc_late_error(struct dt_handle *dtp, struct dt_prog *prog,
		      const struct dt_loc *loc, enum dt_errtag tag,
		      const char *fmt, ...)
{
	struct dt_pcb pcb;
	va_list ap;

	memset(&pcb, 0, sizeof(pcb));
	pcb.dtp = dtp;
	pcb.prog = prog;
	pcb.is_script = prog->is_script;
	pcb.errtag = tag;
	pcb.errloc = *loc;
	va_start(ap, fmt);
	vsnprintf(pcb.errmsg, sizeof(pcb.errmsg), fmt, ap);
	va_end(ap);
	dt_cc_report(dtp, &pcb);
}

/* -S: the DIF of every DIFO of a clause. */
void dt_cc_dump_clause(struct dt_handle *dtp, struct dt_clause *cl, FILE *fp)
{
	struct dt_action *a;
	struct dt_pdesc *pd;
	char what[512];
	int i = 1;

	for (pd = cl->pdescs; pd; pd = pd->next) {
		char d[512];

		dt_pdesc_str(&pd->desc, d, sizeof(d));
		fprintf(fp, "%s%s", pd == cl->pdescs ? "\n/* clause " : ", ", d);
	}
	fprintf(fp, "%s */\n", cl->pdescs ? "" : "\n/* clause");
	if (cl->pred)
		dt_dis(fp, "predicate", cl->pred);
	for (a = cl->actions; a; a = a->next, i++) {
		if (!a->difo)
			continue;
		snprintf(what, sizeof(what), "action #%d (%s)", i,
			 dt_action_name(a->kind));
		dt_dis(fp, what, a->difo);
	}
}

const char *dt_action_name(u32 kind)
{
	switch (kind) {
	case DTRACEACT_NONE:
		return "none";
	case DTRACEACT_DIFEXPR:
		return "difexpr";
	case DTRACEACT_EXIT:
		return "exit";
	case DTRACEACT_PRINTF:
		return "printf";
	case DTRACEACT_PRINTA:
		return "printa";
	case DTRACEACT_LIBACT:
		return "libact";
	case DTRACEACT_TRACEMEM:
		return "tracemem";
	case DTRACEACT_STACK:
		return "stack";
	case DTRACEACT_USTACK:
		return "ustack";
	case DTRACEACT_SPECULATE:
		return "speculate";
	case DTRACEACT_COMMIT:
		return "commit";
	case DTRACEACT_DISCARD:
		return "discard";
	default:
		return "action";
	}
}
