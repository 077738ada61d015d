// SPDX-License-Identifier: GPL-2.0-only
/*
 * A simulated /dev/dtrace for the host tests of dtrace(1).
 *
 * Preloaded into dtrace(1) (LD_PRELOAD), it answers open() of
 * /dev/dtrace and the DTRACEIOC_* requests on it as the kernel is meant
 * to, in the process itself: it checks the DIF objects it is given much
 * as the kernel's validator does, runs them with a small DIF
 * interpreter, and records into a buffer for CPU 0.  Its probes:
 * dtrace:::BEGIN, END and ERROR, and a few profile and syscall probes
 * that fire, in id order, each time dtrace(1) asks for the status.
 *
 * It speaks interface 0.3, with aggregations: per-CPU aggregation
 * buffers for two CPUs (firings alternate between them, so that the
 * consumer has to merge) when the machine has two, and stack() keys of
 * made-up frames (fk_stack()).  FAKEDEV_MINOR=2 refuses aggregating
 * actions as kernels before 0.3 do; in 0.2 and later a statement run
 * for its side effects (a DIFEXPR whose DIFO returns void) records
 * nothing, which FAKEDEV_MINOR=1 refuses as the kernel's first version
 * does.
 *
 * It is a test harness, not a model of probe context: loads succeed
 * only from the DIF object's string table, the simulated variables and
 * the simulated kernel memory, and fault everywhere else (address 0
 * included).  The kernel memory, for the tests of kernel types, is the
 * file FAKEDEV_KMEM names, mapped at the address FAKEDEV_KMEM_ADDR
 * (hex), where curthread points.  User addresses
 * (usym() and the like) are recorded with dtrace(1)'s own pid, or with
 * FAKEDEV_UTARGET set with that of the process it grabbed (the last it
 * seized with ptrace(2)), as if the probes fired in it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/dtrace.h>

struct fk_probe {
	u32 id;
	const char *prov, *mod, *func, *name;
	int periodic;		/* fires at each status request */
	u64 args[6];
};

static const struct fk_probe fk_probes[] = {
	{ 1, "dtrace", "", "", "BEGIN" },
	{ 2, "dtrace", "", "", "END" },
	{ 3, "dtrace", "", "", "ERROR" },
	{ 4, "profile", "", "", "tick-1", 1 },
	{ 5, "profile", "", "", "tick-10ms", 1 },
	{ 6, "profile", "", "", "tick-100ms", 1 },
	{ 7, "profile", "", "", "tick-1s", 1 },
	{ 8, "profile", "", "", "tick-1sec", 1 },
	{ 9, "profile", "", "", "profile-97", 1 },
	{ 10, "syscall", "x64", "read", "entry", 1, { 3, 0x1000, 512 } },
	{ 11, "syscall", "x64", "read", "return", 1, { 512 } },
	{ 12, "syscall", "x64", "write", "entry", 1, { 1, 0x2000, 13 } },
	{ 13, "syscall", "x64", "write", "return", 1, { 13 } },
	{ 14, "profile", "", "", "tick-100msec", 1 },
	{ 15, "syscall", "ia32", "write", "entry", 1, { 1, 0x2000, 13 } },
};

#define FK_NPROBES ARRAY_SIZE(fk_probes)
#define FK_ERROR 3
#define FK_BEGIN 1
#define FK_END 2

struct fk_difo {
	u32 *text;
	u32 ntext;
	u64 *inttab;
	u32 nint;
	char *strtab;
	u32 strlen;
	struct dif_var *vartab;
	u32 nvars;
	struct dif_type rtype;
};

struct fk_agg {
	u32 id, kind, action, first, nkeys, hasincr, valoff, valsize, size;
	u64 arg, uarg;
	u32 koff[16], ksize[16];
};

struct fk_action {
	u32 kind;
	u64 arg;
	struct fk_difo *difo;
	u32 size;
	u32 offset;
	struct fk_agg *agg;
};

struct fk_clause {
	u64 uarg;
	struct fk_difo *pred;
	struct fk_action *acts;
	u32 nacts;
	u32 size;
	int norec;		/* aggregations only */
};

struct fk_ecb {
	u32 epid;
	u32 probe;
	struct fk_clause *cl;
};

struct fk_var {
	u64 val;
	char *str;		/* strsize bytes for string variables */
	int set;
};

/* An element of an associative array, self->a[] included. */
struct fk_assoc {
	int scope;
	u32 id;
	char key[512];
	u32 keylen;
	u64 val;
	char *str;		/* strsize bytes for string values */
	struct fk_assoc *next;
};

#define FK_MAXVARS 256
#define FK_MAXECBS 1024
#define FK_MAXAGGS 256
#define FK_NCPUS 2

static struct {
	int fd;
	u64 opts[DTRACEOPT_MAX];
	u32 state;
	s64 exitcode;
	int end_firing;
	struct fk_ecb ecbs[FK_MAXECBS];
	u32 necbs;
	/*
	 * The principal buffers: CPU 0's only, or with FAKEDEV_BUFCPUS=2
	 * one per CPU, firings taking turns; FAKEDEV_TSBACK makes the
	 * timestamps of the records run backwards.
	 */
	char *buf[FK_NCPUS];
	u32 buflen[FK_NCPUS];
	int bufcpus;
	bool tsback;
	u64 drops, drops_seen, errors;
	u64 now;
	struct fk_var gvars[FK_MAXVARS], tvars[FK_MAXVARS], lvars[FK_MAXVARS];
	int in_probe;
	u32 minor;
	struct fk_agg aggs[FK_MAXAGGS];
	u32 naggs;
	int ncpus;		/* CPUs with aggregation buffers */
	u32 nfire;
	char *aggbuf[FK_NCPUS];
	u32 agglen[FK_NCPUS];
	u64 aggdrops[FK_NCPUS], aggdrops_seen[FK_NCPUS];
	struct fk_assoc *assocs;
	u32 nassocs;
	u64 dyndrops;
} fk = { .fd = -1 };

static int (*real_ioctl)(int, unsigned long, ...);
static int (*real_close)(int);

static void fk_reset(void)
{
	int i;

	while (fk.assocs) {
		struct fk_assoc *a = fk.assocs;

		fk.assocs = a->next;
		free(a->str);
		free(a);
	}
	for (i = 0; i < FK_MAXVARS; i++) {
		free(fk.gvars[i].str);
		free(fk.tvars[i].str);
		free(fk.lvars[i].str);
	}
	free(fk.buf[0]);
	free(fk.buf[1]);
	free(fk.aggbuf[0]);
	free(fk.aggbuf[1]);
	memset(&fk, 0, sizeof(fk));
	fk.fd = -1;
	fk.opts[DTRACEOPT_BUFSIZE] = 4 << 20;
	fk.opts[DTRACEOPT_STRSIZE] = 256;
	fk.opts[DTRACEOPT_DYNVARSIZE] = 1 << 20;
	fk.opts[DTRACEOPT_AGGSIZE] = 4 << 20;
	fk.now = 1000000;
	fk.minor = getenv("FAKEDEV_MINOR") ? atoi(getenv("FAKEDEV_MINOR")) : 3;
}

/* --- Validation --------------------------------------------------------- */

static int fk_err(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err, 128, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct dif_var *fk_var_find(const struct fk_difo *dp, u32 id,
					 int scope)
{
	u32 i;

	for (i = 0; i < dp->nvars; i++)
		if (dp->vartab[i].id == id && dp->vartab[i].scope == scope)
			return &dp->vartab[i];
	return NULL;
}

static int fk_validate(const struct fk_difo *dp, char *err)
{
	u32 pc;

	if (!dp->ntext || dp->ntext > DIF_MAX_INSTRS)
		return fk_err(err, "bad program size %u", dp->ntext);
	if (dp->strlen && dp->strtab[dp->strlen - 1])
		return fk_err(err, "string table not terminated");
	if (dp->rtype.kind == DIF_TYPE_STRING && !(dp->rtype.flags & DIF_TF_BYREF))
		return fk_err(err, "string return type not by reference");
	for (pc = 0; pc < dp->nvars; pc++) {
		const struct dif_var *v = &dp->vartab[pc];

		if (v->id < DIF_VAR_OTHER_UBASE || v->scope > DIFV_SCOPE_LOCAL)
			return fk_err(err, "variable %u: bad id or scope", pc);
		if (v->name >= dp->strlen)
			return fk_err(err, "variable %u: bad name", pc);
		if (v->type.kind == DIF_TYPE_CTF && !(v->type.flags & DIF_TF_BYREF) &&
		    v->type.size != 1 && v->type.size != 2 &&
		    v->type.size != 4 && v->type.size != 8)
			return fk_err(err, "variable %u: bad size", pc);
	}
	for (pc = 0; pc < dp->ntext; pc++) {
		u32 in = dp->text[pc];
		u32 op = DIF_INSTR_OP(in);
		u32 r1 = DIF_INSTR_R1(in), r2 = DIF_INSTR_R2(in), rd = DIF_INSTR_RD(in);
		u32 v = DIF_INSTR_VAR(in);

		switch (op) {
		case DIF_OP_OR ... DIF_OP_UREM:
		case DIF_OP_SRA:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS || !rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_NOT:
		case DIF_OP_MOV:
		case DIF_OP_LDSB ... DIF_OP_LDX:
		case DIF_OP_ULDSB ... DIF_OP_ULDX:
			if (r1 >= DIF_NREGS || r2 || !rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_CMP:
		case DIF_OP_SCMP:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS || rd)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_TST:
			if (r1 >= DIF_NREGS || r2 || rd)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_BA ... DIF_OP_BLEU:
			if (DIF_INSTR_LABEL(in) <= pc || DIF_INSTR_LABEL(in) >= dp->ntext)
				return fk_err(err, "%u: bad branch", pc);
			break;
		case DIF_OP_RET:
			if (r1 || r2 || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_NOP:
		case DIF_OP_POPTS:
		case DIF_OP_FLUSHTS:
			if (in & 0xffffff)
				return fk_err(err, "%u: reserved bits", pc);
			break;
		case DIF_OP_SETX:
			if (DIF_INSTR_INTEGER(in) >= dp->nint || !rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad setx", pc);
			break;
		case DIF_OP_SETS:
			if (DIF_INSTR_STRING(in) >= dp->strlen || !rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad sets", pc);
			break;
		case DIF_OP_LDGA:
			if ((DIF_INSTR_AVAR(in) != DIF_VAR_ARGS &&
			     DIF_INSTR_AVAR(in) != DIF_VAR_REGS &&
			     DIF_INSTR_AVAR(in) != DIF_VAR_UREGS) ||
			    r2 >= DIF_NREGS || !rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad ldga", pc);
			break;
		case DIF_OP_LDGS:
		case DIF_OP_LDTS:
		case DIF_OP_LDLS:
			if (!rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad register", pc);
			if (op == DIF_OP_LDGS && v < DIF_VAR_OTHER_UBASE)
				break;
			if (!fk_var_find(dp, v, op == DIF_OP_LDGS ? DIFV_SCOPE_GLOBAL :
					 op == DIF_OP_LDTS ? DIFV_SCOPE_THREAD :
					 DIFV_SCOPE_LOCAL))
				return fk_err(err, "%u: undeclared variable %#x", pc, v);
			break;
		case DIF_OP_STGS:
		case DIF_OP_STTS:
		case DIF_OP_STLS:
			if (rd >= DIF_NREGS || v < DIF_VAR_OTHER_UBASE)
				return fk_err(err, "%u: bad store", pc);
			if (!fk_var_find(dp, v, op == DIF_OP_STGS ? DIFV_SCOPE_GLOBAL :
					 op == DIF_OP_STTS ? DIFV_SCOPE_THREAD :
					 DIFV_SCOPE_LOCAL))
				return fk_err(err, "%u: undeclared variable %#x", pc, v);
			break;
		case DIF_OP_LDGAA:
		case DIF_OP_LDTAA:
		case DIF_OP_STGAA:
		case DIF_OP_STTAA: {
			int sc = op == DIF_OP_LDGAA || op == DIF_OP_STGAA ?
				 DIFV_SCOPE_GLOBAL : DIFV_SCOPE_THREAD;
			const struct dif_var *x = fk_var_find(dp, v, sc);

			if ((op == DIF_OP_LDGAA || op == DIF_OP_LDTAA) &&
			    (!rd || rd >= DIF_NREGS))
				return fk_err(err, "%u: bad register", pc);
			if (!x || x->kind != DIFV_KIND_ARRAY)
				return fk_err(err, "%u: undeclared associative array %#x",
					      pc, v);
			break;
		}
		case DIF_OP_CALL:
			if (DIF_INSTR_SUBR(in) != DIF_SUBR_RAND &&
			    DIF_INSTR_SUBR(in) != DIF_SUBR_STRLEN)
				return fk_err(err, "%u: subroutine %u not supported",
					      pc, DIF_INSTR_SUBR(in));
			if (!rd || rd >= DIF_NREGS)
				return fk_err(err, "%u: bad register", pc);
			break;
		case DIF_OP_PUSHTR:
		case DIF_OP_PUSHTV:
			if (DIF_INSTR_TYPE(in) > DIF_TYPE_STRING || r2 >= DIF_NREGS ||
			    rd >= DIF_NREGS)
				return fk_err(err, "%u: bad push", pc);
			break;
		default:
			return fk_err(err, "%u: invalid or unsupported opcode %u",
				      pc, op);
		}
	}
	if (DIF_INSTR_OP(dp->text[dp->ntext - 1]) != DIF_OP_RET)
		return fk_err(err, "the program does not end in ret");
	return 0;
}

static struct fk_difo *fk_difo_copy(const struct dif_object *u, char *err,
				    int *rc)
{
	struct fk_difo *dp;

	*rc = 0;
	if (!u->ntext)
		return NULL;
	dp = calloc(1, sizeof(*dp));
	dp->ntext = u->ntext;
	dp->text = malloc(u->ntext * 4);
	memcpy(dp->text, (void *)(uintptr_t)u->text, u->ntext * 4);
	dp->nint = u->nint;
	dp->inttab = malloc(u->nint * 8 + 1);
	memcpy(dp->inttab, (void *)(uintptr_t)u->inttab, u->nint * 8);
	dp->strlen = u->strlen;
	dp->strtab = malloc(u->strlen + 1);
	memcpy(dp->strtab, (void *)(uintptr_t)u->strtab, u->strlen);
	dp->nvars = u->nvars;
	dp->vartab = malloc(u->nvars * sizeof(struct dif_var) + 1);
	memcpy(dp->vartab, (void *)(uintptr_t)u->vartab,
	       u->nvars * sizeof(struct dif_var));
	dp->rtype = u->rtype;
	if (fk_validate(dp, err)) {
		*rc = -EINVAL;
		return NULL;
	}
	return dp;
}

/* --- The interpreter ---------------------------------------------------- */

struct fk_mstate {
	const struct fk_probe *probe;
	u32 epid;
	const u64 *args;
	u32 fault;
	u64 illval;
	u32 fltoffs;
};

/* The simulated kernel memory: see the top of the file. */
static char *fk_kmem;
static size_t fk_kmemlen;

static void fk_kmem_map(void)
{
	const char *file = getenv("FAKEDEV_KMEM");
	const char *at = getenv("FAKEDEV_KMEM_ADDR");
	static int done;
	struct stat st;
	void *p;
	int fd;

	if (done || !file || !at)
		return;
	done = 1;
	fd = openat(AT_FDCWD, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !st.st_size) {
		fprintf(stderr, "fake_dev: cannot read %s\n", file);
		abort();
	}
	p = mmap((void *)(uintptr_t)strtoull(at, NULL, 16), st.st_size,
		 PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
	if (p == MAP_FAILED || p != (void *)(uintptr_t)strtoull(at, NULL, 16)) {
		fprintf(stderr, "fake_dev: cannot map %s at %s\n", file, at);
		abort();
	}
	close(fd);
	fk_kmem = p;
	fk_kmemlen = st.st_size;
}

static int fk_readable(const struct fk_difo *dp, u64 addr, u64 size)
{
	struct fk_assoc *a;
	int i;

	if (fk_kmem && addr >= (uintptr_t)fk_kmem &&
	    addr + size <= (uintptr_t)fk_kmem + fk_kmemlen)
		return 1;
	if (addr >= (uintptr_t)dp->strtab &&
	    addr + size <= (uintptr_t)dp->strtab + dp->strlen)
		return 1;
	for (i = 0; i < FK_MAXVARS; i++) {
		const char *s[3] = { fk.gvars[i].str, fk.tvars[i].str,
				     fk.lvars[i].str };
		int k;

		for (k = 0; k < 3; k++)
			if (s[k] && addr >= (uintptr_t)s[k] &&
			    addr + size <= (uintptr_t)s[k] +
					   fk.opts[DTRACEOPT_STRSIZE])
				return 1;
	}
	for (a = fk.assocs; a; a = a->next)
		if (a->str && addr >= (uintptr_t)a->str &&
		    addr + size <= (uintptr_t)a->str + fk.opts[DTRACEOPT_STRSIZE])
			return 1;
	return 0;
}

static const char fk_execname[] = "dtrace";

static int fk_is_probe_string(u64 addr)
{
	u32 i;

	for (i = 0; i < FK_NPROBES; i++) {
		const char *s[4] = { fk_probes[i].prov, fk_probes[i].mod,
				     fk_probes[i].func, fk_probes[i].name };
		int k;

		for (k = 0; k < 4; k++)
			if (addr >= (uintptr_t)s[k] &&
			    addr <= (uintptr_t)s[k] + strlen(s[k]))
				return 1;
	}
	return (addr >= (uintptr_t)fk_execname &&
		addr < (uintptr_t)fk_execname + sizeof(fk_execname)) || addr == 0;
}

static const char *fk_str(const struct fk_difo *dp, struct fk_mstate *ms, u64 a)
{
	if (!a)
		return "";
	if (fk_readable(dp, a, 1) || fk_is_probe_string(a))
		return (const char *)(uintptr_t)a;
	if (!ms->fault) {
		ms->fault = DTRACEFLT_BADADDR;
		ms->illval = a;
	}
	return "";
}

static u64 fk_builtin(struct fk_mstate *ms, u32 id)
{
	switch (id) {
	case DIF_VAR_TIMESTAMP:
	case DIF_VAR_VTIMESTAMP:
		return fk.now;
	case DIF_VAR_WALLTIMESTAMP:
		return 1700000000ULL * 1000000000ULL + fk.now;
	case DIF_VAR_EPID:
		return ms->epid;
	case DIF_VAR_ID:
		return ms->probe->id;
	case DIF_VAR_ARG0 ... DIF_VAR_ARG9:
		return id - DIF_VAR_ARG0 < 6 ? ms->args[id - DIF_VAR_ARG0] : 0;
	case DIF_VAR_PROBEPROV:
		return (uintptr_t)ms->probe->prov;
	case DIF_VAR_PROBEMOD:
		return (uintptr_t)ms->probe->mod;
	case DIF_VAR_PROBEFUNC:
		return (uintptr_t)ms->probe->func;
	case DIF_VAR_PROBENAME:
		return (uintptr_t)ms->probe->name;
	case DIF_VAR_PID:
	case DIF_VAR_TID:
		return 4242;
	case DIF_VAR_PPID:
		return 1;
	case DIF_VAR_EXECNAME:
		return (uintptr_t)fk_execname;
	case DIF_VAR_CURCPU:
		return 0;
	case DIF_VAR_CURTHREAD:
		return (uintptr_t)fk_kmem;
	default:
		return 0;
	}
}

static struct fk_var *fk_var(int scope, u32 id)
{
	struct fk_var *tab = scope == DIFV_SCOPE_GLOBAL ? fk.gvars :
			     scope == DIFV_SCOPE_THREAD ? fk.tvars : fk.lvars;

	return &tab[(id - DIF_VAR_OTHER_UBASE) % FK_MAXVARS];
}

static u64 fk_load(const struct fk_difo *dp, int scope, u32 id)
{
	const struct dif_var *v = fk_var_find(dp, id, scope);
	struct fk_var *x = fk_var(scope, id);

	if (v && v->type.kind == DIF_TYPE_STRING)
		return x->str ? (uintptr_t)x->str : (uintptr_t)"";
	return x->val;
}

static void fk_store(const struct fk_difo *dp, struct fk_mstate *ms, int scope,
		     u32 id, u64 val)
{
	const struct dif_var *v = fk_var_find(dp, id, scope);
	struct fk_var *x = fk_var(scope, id);

	if (v && v->type.kind == DIF_TYPE_STRING) {
		const char *s = fk_str(dp, ms, val);
		size_t n = fk.opts[DTRACEOPT_STRSIZE];

		if (!x->str)
			x->str = calloc(1, n);
		if (s != x->str) {
			memset(x->str, 0, n);
			strncpy(x->str, s, n - 1);
		}
		return;
	}
	x->val = val;
}

/*
 * The element of array @id of @scope for the keys on the tuple stack; with
 * @create, made if missing, or NULL and a drop when dynvarsize (counted
 * as 16 bytes of key and value per element) is used up.
 */
static struct fk_assoc *fk_assoc(const struct fk_difo *dp,
				 struct fk_mstate *ms, int scope, u32 id,
				 const u64 *tup, const u32 *tuptype, int ntup,
				 int create)
{
	char key[512];
	u32 len = 0;
	struct fk_assoc *a;
	int i;

	for (i = 0; i < ntup; i++) {
		if (tuptype[i] == DIF_TYPE_STRING) {
			const char *s = fk_str(dp, ms, tup[i]);
			size_t n = strnlen(s, fk.opts[DTRACEOPT_STRSIZE]);

			if (len + n + 1 > sizeof(key))
				return NULL;
			memcpy(key + len, s, n);
			key[len + n] = '\0';
			len += n + 1;
		} else {
			if (len + 8 > sizeof(key))
				return NULL;
			memcpy(key + len, &tup[i], 8);
			len += 8;
		}
	}
	for (a = fk.assocs; a; a = a->next)
		if (a->scope == scope && a->id == id && a->keylen == len &&
		    !memcmp(a->key, key, len))
			return a;
	if (!create)
		return NULL;
	if ((u64)(fk.nassocs + 1) * 16 > fk.opts[DTRACEOPT_DYNVARSIZE]) {
		fk.dyndrops++;
		return NULL;
	}
	a = calloc(1, sizeof(*a));
	a->scope = scope;
	a->id = id;
	memcpy(a->key, key, len);
	a->keylen = len;
	a->next = fk.assocs;
	fk.assocs = a;
	fk.nassocs++;
	return a;
}

static void fk_assoc_delete(struct fk_assoc *d)
{
	struct fk_assoc **pp;

	for (pp = &fk.assocs; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			free(d->str);
			free(d);
			fk.nassocs--;
			return;
		}
	}
}

static u64 fk_run(const struct fk_difo *dp, struct fk_mstate *ms)
{
	u64 r[DIF_NREGS] = { 0 }, tup[DIF_DTR_NREGS];
	u32 tuptype[DIF_DTR_NREGS];
	int ntup = 0;
	u64 cr = 0, a, b;
	int cn = 0, cz = 0, cv = 0, cc = 0;
	u32 pc = 0;

	while (pc < dp->ntext && !ms->fault) {
		u32 in = dp->text[pc++];
		u32 r1 = DIF_INSTR_R1(in), r2 = DIF_INSTR_R2(in), rd = DIF_INSTR_RD(in);
		u32 v = DIF_INSTR_VAR(in), label = DIF_INSTR_LABEL(in);

		a = r[r1];
		b = r[r2];
		switch (DIF_INSTR_OP(in)) {
		case DIF_OP_OR:
			r[rd] = a | b;
			break;
		case DIF_OP_XOR:
			r[rd] = a ^ b;
			break;
		case DIF_OP_AND:
			r[rd] = a & b;
			break;
		case DIF_OP_SLL:
			r[rd] = a << (b & 63);
			break;
		case DIF_OP_SRL:
			r[rd] = a >> (b & 63);
			break;
		case DIF_OP_SRA:
			r[rd] = (u64)((s64)a >> (b & 63));
			break;
		case DIF_OP_SUB:
			r[rd] = a - b;
			break;
		case DIF_OP_ADD:
			r[rd] = a + b;
			break;
		case DIF_OP_MUL:
			r[rd] = a * b;
			break;
		case DIF_OP_SDIV:
		case DIF_OP_SREM:
		case DIF_OP_UDIV:
		case DIF_OP_UREM:
			if (!b) {
				ms->fault = DTRACEFLT_DIVZERO;
				break;
			}
			if (DIF_INSTR_OP(in) == DIF_OP_UDIV)
				r[rd] = a / b;
			else if (DIF_INSTR_OP(in) == DIF_OP_UREM)
				r[rd] = a % b;
			else if ((s64)b == -1)
				r[rd] = DIF_INSTR_OP(in) == DIF_OP_SDIV ? -a : 0;
			else if (DIF_INSTR_OP(in) == DIF_OP_SDIV)
				r[rd] = (u64)((s64)a / (s64)b);
			else
				r[rd] = (u64)((s64)a % (s64)b);
			break;
		case DIF_OP_NOT:
			r[rd] = ~a;
			break;
		case DIF_OP_MOV:
			r[rd] = a;
			break;
		case DIF_OP_CMP:
			cr = a - b;
			cn = (s64)cr < 0;
			cz = cr == 0;
			cv = (((a ^ b) & (a ^ cr)) >> 63) != 0;
			cc = a < b;
			break;
		case DIF_OP_TST:
			cn = (s64)a < 0;
			cz = a == 0;
			cv = 0;
			cc = 0;
			break;
		case DIF_OP_SCMP: {
			int c = strncmp(fk_str(dp, ms, a), fk_str(dp, ms, b),
					fk.opts[DTRACEOPT_STRSIZE]);

			cn = c < 0;
			cz = c == 0;
			cv = 0;
			cc = 0;
			break;
		}
		case DIF_OP_BA:
			pc = label;
			break;
		case DIF_OP_BE:
			if (cz)
				pc = label;
			break;
		case DIF_OP_BNE:
			if (!cz)
				pc = label;
			break;
		case DIF_OP_BG:
			if (!(cz | (cn ^ cv)))
				pc = label;
			break;
		case DIF_OP_BGU:
			if (!(cc | cz))
				pc = label;
			break;
		case DIF_OP_BGE:
			if (!(cn ^ cv))
				pc = label;
			break;
		case DIF_OP_BGEU:
			if (!cc)
				pc = label;
			break;
		case DIF_OP_BL:
			if (cn ^ cv)
				pc = label;
			break;
		case DIF_OP_BLU:
			if (cc)
				pc = label;
			break;
		case DIF_OP_BLE:
			if (cz | (cn ^ cv))
				pc = label;
			break;
		case DIF_OP_BLEU:
			if (cc | cz)
				pc = label;
			break;
		case DIF_OP_LDSB ... DIF_OP_LDX:
		case DIF_OP_ULDSB ... DIF_OP_ULDX: {
			static const int sz[] = { 1, 2, 4, 1, 2, 4, 8 };
			u32 op = DIF_INSTR_OP(in);
			int k = op >= DIF_OP_ULDSB ? op - DIF_OP_ULDSB : op - DIF_OP_LDSB;
			int n = sz[k];
			u64 x = 0;

			if (!fk_readable(dp, a, n)) {
				ms->fault = DTRACEFLT_BADADDR;
				ms->illval = a;
				break;
			}
			memcpy(&x, (void *)(uintptr_t)a, n);
			if (k < 3 && n < 8 && (x >> (n * 8 - 1)) & 1)
				x |= ~0ULL << (n * 8);
			r[rd] = x;
			break;
		}
		case DIF_OP_RET:
			ms->fltoffs = pc - 1;
			return r[rd];
		case DIF_OP_NOP:
			break;
		case DIF_OP_SETX:
			r[rd] = dp->inttab[DIF_INSTR_INTEGER(in)];
			break;
		case DIF_OP_SETS:
			r[rd] = (uintptr_t)(dp->strtab + DIF_INSTR_STRING(in));
			break;
		case DIF_OP_LDGA:
			/*
			 * No probe here has registers; the user registers
			 * are the 21 words 0x1000 + index.
			 */
			if (DIF_INSTR_AVAR(in) == DIF_VAR_REGS ||
			    b > (DIF_INSTR_AVAR(in) == DIF_VAR_UREGS ? 20 : 9)) {
				ms->fault = DTRACEFLT_ILLOP;
				ms->illval = b;
				break;
			}
			if (DIF_INSTR_AVAR(in) == DIF_VAR_UREGS)
				r[rd] = 0x1000 + b;
			else
				r[rd] = b < 6 ? ms->args[b] : 0;
			break;
		case DIF_OP_LDGS:
			r[rd] = v < DIF_VAR_OTHER_UBASE ? fk_builtin(ms, v) :
				fk_load(dp, DIFV_SCOPE_GLOBAL, v);
			break;
		case DIF_OP_LDTS:
			r[rd] = fk_load(dp, DIFV_SCOPE_THREAD, v);
			break;
		case DIF_OP_LDLS:
			r[rd] = fk_load(dp, DIFV_SCOPE_LOCAL, v);
			break;
		case DIF_OP_STGS:
			fk_store(dp, ms, DIFV_SCOPE_GLOBAL, v, r[DIF_INSTR_RS(in)]);
			break;
		case DIF_OP_STTS:
			fk_store(dp, ms, DIFV_SCOPE_THREAD, v, r[DIF_INSTR_RS(in)]);
			break;
		case DIF_OP_STLS:
			fk_store(dp, ms, DIFV_SCOPE_LOCAL, v, r[DIF_INSTR_RS(in)]);
			break;
		case DIF_OP_LDGAA:
		case DIF_OP_LDTAA: {
			int sc = DIF_INSTR_OP(in) == DIF_OP_LDGAA ?
				 DIFV_SCOPE_GLOBAL : DIFV_SCOPE_THREAD;
			const struct dif_var *x = fk_var_find(dp, v, sc);
			struct fk_assoc *e = fk_assoc(dp, ms, sc, v, tup, tuptype,
						      ntup, 0);

			if (x->type.kind == DIF_TYPE_STRING)
				r[rd] = e && e->str ? (uintptr_t)e->str : (uintptr_t)"";
			else
				r[rd] = e ? e->val : 0;
			break;
		}
		case DIF_OP_STGAA:
		case DIF_OP_STTAA: {
			int sc = DIF_INSTR_OP(in) == DIF_OP_STGAA ?
				 DIFV_SCOPE_GLOBAL : DIFV_SCOPE_THREAD;
			const struct dif_var *x = fk_var_find(dp, v, sc);
			u64 val = r[DIF_INSTR_RS(in)];
			struct fk_assoc *e = fk_assoc(dp, ms, sc, v, tup, tuptype,
						      ntup, val != 0);

			if (!e)
				break;
			if (!val) {
				fk_assoc_delete(e);
				break;
			}
			if (x->type.kind == DIF_TYPE_STRING) {
				const char *str = fk_str(dp, ms, val);
				size_t n = fk.opts[DTRACEOPT_STRSIZE];

				if (!e->str)
					e->str = calloc(1, n);
				if (str != e->str) {
					memset(e->str, 0, n);
					strncpy(e->str, str, n - 1);
				}
			} else {
				e->val = val;
			}
			break;
		}
		case DIF_OP_CALL:
			if (DIF_INSTR_SUBR(in) == DIF_SUBR_STRLEN)
				r[rd] = ntup ? strlen(fk_str(dp, ms, tup[0])) : 0;
			else
				r[rd] = 4;	/* chosen by fair dice roll */
			break;
		case DIF_OP_PUSHTR:
		case DIF_OP_PUSHTV:
			if (ntup >= DIF_DTR_NREGS) {
				ms->fault = DTRACEFLT_TUPOFLOW;
				break;
			}
			tuptype[ntup] = DIF_INSTR_TYPE(in);
			tup[ntup++] = r[DIF_INSTR_RS(in)];
			break;
		case DIF_OP_POPTS:
			if (ntup)
				ntup--;
			break;
		case DIF_OP_FLUSHTS:
			ntup = 0;
			break;
		default:
			ms->fault = DTRACEFLT_ILLOP;
			break;
		}
		r[0] = 0;
	}
	ms->fltoffs = pc ? pc - 1 : 0;
	return 0;
}

static pid_t fk_seized;

/* The process of the user addresses: see the top of the file. */
static u64 fk_upid(void)
{
	if (getenv("FAKEDEV_UTARGET") && fk_seized > 0)
		return fk_seized;
	return getpid();
}

/* A user address, recorded with its process as the kernel does. */
static bool fk_is_uaddr(u32 kind)
{
	return kind == DTRACEACT_USYM || kind == DTRACEACT_UMOD ||
	       kind == DTRACEACT_UADDR;
}

/* --- Aggregations --------------------------------------------------------- */

static int fk_is_agg(u32 kind)
{
	return kind == DTRACEACT_AGGKEY || kind == DTRACEACT_AGGINCR ||
	       (kind >= DTRACEAGG_COUNT && kind <= DTRACEAGG_LLQUANTIZE);
}

static u32 fk_qbucket(s64 v)
{
	int b;

	if (!v)
		return DTRACE_QUANTIZE_ZEROBUCKET;
	if (v > 0)
		return DTRACE_QUANTIZE_ZEROBUCKET + 64 - __builtin_clzll(v);
	b = DTRACE_QUANTIZE_ZEROBUCKET - 64 + __builtin_clzll(-(u64)v);
	return b < 0 ? 0 : b;
}

static u32 fk_lqbucket(u64 arg, s64 v)
{
	s64 base = DTRACE_LQUANTIZE_BASE(arg);
	u64 levels = DTRACE_LQUANTIZE_LEVELS(arg), l;

	if (v < base)
		return 0;
	l = ((u64)v - (u64)base) / DTRACE_LQUANTIZE_STEP(arg);
	return l < levels ? l + 1 : levels + 1;
}

/* The bucket of a magnitude among those of one sign, as the kernel's. */
static u32 fk_llqmag(u64 arg, u64 v)
{
	u64 f = DTRACE_LLQUANTIZE_FACTOR(arg), n = DTRACE_LLQUANTIZE_NSTEPS(arg);
	u32 lo = DTRACE_LLQUANTIZE_LOW(arg), hi = DTRACE_LLQUANTIZE_HIGH(arg);
	u64 mag = 1, next, k;
	u32 m, b = 1;

	for (m = 0; m < lo; m++)
		mag *= f;
	if (v < mag)
		return 0;
	for (; m <= hi; m++, mag = next) {
		next = mag * f;
		k = n < next ? n : next;
		if (v < next)
			return b + (v - mag) / (next / k);
		b += k - k / f;
	}
	return b;
}

/* Negative values mirror the positive ones around the middle bucket. */
static u32 fk_llqbucket(u64 arg, s64 v)
{
	u32 zero = fk_llqmag(arg, UINT64_MAX);

	return v >= 0 ? zero + fk_llqmag(arg, v) : zero - fk_llqmag(arg, -(u64)v);
}

static u32 fk_nbuckets(u32 kind, u64 arg)
{
	if (kind == DTRACEAGG_QUANTIZE)
		return DTRACE_QUANTIZE_NBUCKETS;
	if (kind == DTRACEAGG_LQUANTIZE)
		return DTRACE_LQUANTIZE_LEVELS(arg) + 2;
	if (kind == DTRACEAGG_LLQUANTIZE)
		return 2 * fk_llqmag(arg, UINT64_MAX) + 1;
	return 0;
}

/* Make the aggregation of the group of actions @first..@i. */
static int fk_agg_make(struct fk_clause *cl, u32 first, u32 i, char *err)
{
	struct fk_action *a = &cl->acts[i];
	struct fk_agg *g;
	u32 off = sizeof(struct dtrace_aggrec), k, nb;

	if (fk.naggs >= FK_MAXAGGS)
		return -E2BIG;
	g = &fk.aggs[fk.naggs];
	memset(g, 0, sizeof(*g));
	g->hasincr = i > first && cl->acts[i - 1].kind == DTRACEACT_AGGINCR;
	g->nkeys = i - first - g->hasincr;
	if (g->nkeys > 16)
		return fk_err(err, "action %u: too many keys", i + 1), -EINVAL;
	if (a->kind == DTRACEAGG_COUNT ? !!a->difo : !a->difo)
		return fk_err(err, "action %u: bad value", i + 1), -EINVAL;
	for (k = 0; k < g->nkeys; k++) {
		struct fk_difo *dp = cl->acts[first + k].difo;
		u64 frames = cl->acts[first + k].arg;

		/* No program: stack(), arg frames. */
		if (!dp && (!frames || frames > DTRACE_STACK_MAXFRAMES))
			return fk_err(err, "action %u: bad key", first + k + 1),
			       -EINVAL;
		g->koff[k] = off;
		g->ksize[k] = !dp ? frames * sizeof(u64) :
			      dp->rtype.kind == DIF_TYPE_STRING ?
			      fk.opts[DTRACEOPT_STRSIZE] : dp->rtype.size;
		off += (g->ksize[k] + 7) & ~7U;
	}
	nb = fk_nbuckets(a->kind, a->arg);
	g->valsize = a->kind == DTRACEAGG_AVG ? 16 :
		     a->kind == DTRACEAGG_STDDEV ? 32 : nb ? nb * 8 : 8;
	g->id = ++fk.naggs;
	g->kind = a->kind;
	g->arg = a->arg;
	g->uarg = cl->uarg;
	g->action = i;
	g->first = first;
	g->valoff = off;
	g->size = off + g->valsize;
	a->agg = g;
	return 0;
}

/*
 * The frames of a simulated stack() at the probe of @ms: probe id P has
 * P % 3 + 1 frames, 0xP10, 0xP20, ... (addresses below every kernel
 * symbol, printed as numbers), cut at @n, zeros after the last.
 */
static void fk_stack(u64 *pcs, u32 n, const struct fk_mstate *ms)
{
	u32 id = ms->probe->id, i;

	for (i = 0; i < n && i <= id % 3; i++)
		pcs[i] = (u64)id << 8 | (i + 1) << 4;
}

/* Run an aggregation group; returns the index of the action that faulted. */
static u32 fk_aggregate(struct fk_clause *cl, struct fk_agg *g,
			struct fk_mstate *ms)
{
	unsigned __int128 sq;
	static char key[1 << 16];
	u32 klen = g->valoff - sizeof(struct dtrace_aggrec), k, off, at;
	int cpu = fk.ncpus > 1 ? fk.nfire % fk.ncpus : 0;
	struct dtrace_aggrec *e = NULL;
	s64 v = 0, incr = 1, *val;
	u64 r;

	memset(key, 0, klen);
	for (k = 0; k < g->nkeys; k++) {
		struct fk_difo *dp = cl->acts[g->first + k].difo;

		at = g->first + k;
		if (!dp) {
			fk_stack((u64 *)(key + g->koff[k] - sizeof(*e)),
				 g->ksize[k] / sizeof(u64), ms);
			continue;
		}
		r = fk_run(dp, ms);
		if (ms->fault)
			return at;
		if (dp->rtype.kind == DIF_TYPE_STRING)
			strncpy(key + g->koff[k] - sizeof(*e), fk_str(dp, ms, r),
				g->ksize[k]);
		else
			memcpy(key + g->koff[k] - sizeof(*e), &r, g->ksize[k]);
	}
	if (g->hasincr) {
		at = g->action - 1;
		incr = fk_run(cl->acts[at].difo, ms);
		if (ms->fault)
			return at;
	}
	at = g->action;
	if (cl->acts[at].difo) {
		v = fk_run(cl->acts[at].difo, ms);
		if (ms->fault)
			return at;
	}
	for (off = 0; off < fk.agglen[cpu]; off += e->size) {
		e = (void *)(fk.aggbuf[cpu] + off);
		if (e->aggid == g->id && !memcmp(e + 1, key, klen))
			break;
	}
	if (off >= fk.agglen[cpu]) {
		if (g->size > fk.opts[DTRACEOPT_AGGSIZE] - fk.agglen[cpu]) {
			fk.aggdrops[cpu]++;
			return at;
		}
		e = (void *)(fk.aggbuf[cpu] + fk.agglen[cpu]);
		memset(e, 0, g->size);
		e->aggid = g->id;
		e->size = g->size;
		memcpy(e + 1, key, klen);
		val = (s64 *)((char *)e + g->valoff);
		if (g->kind == DTRACEAGG_MIN)
			val[0] = INT64_MAX;
		if (g->kind == DTRACEAGG_MAX)
			val[0] = INT64_MIN;
		fk.agglen[cpu] += g->size;
	}
	val = (s64 *)((char *)e + g->valoff);
	switch (g->kind) {
	case DTRACEAGG_COUNT:
		val[0]++;
		break;
	case DTRACEAGG_SUM:
		val[0] += v;
		break;
	case DTRACEAGG_MIN:
		val[0] = v < val[0] ? v : val[0];
		break;
	case DTRACEAGG_MAX:
		val[0] = v > val[0] ? v : val[0];
		break;
	case DTRACEAGG_AVG:
		val[0]++;
		val[1] += v;
		break;
	case DTRACEAGG_STDDEV:
		val[0]++;
		val[1] += v;
		r = v < 0 ? -(u64)v : (u64)v;
		sq = (unsigned __int128)r * r +
		     ((unsigned __int128)(u64)val[3] << 64 | (u64)val[2]);
		val[2] = (s64)(u64)sq;
		val[3] = (s64)(u64)(sq >> 64);
		break;
	case DTRACEAGG_QUANTIZE:
		val[fk_qbucket(v)] += incr;
		break;
	case DTRACEAGG_LQUANTIZE:
		val[fk_lqbucket(g->arg, v)] += incr;
		break;
	case DTRACEAGG_LLQUANTIZE:
		val[fk_llqbucket(g->arg, v)] += incr;
		break;
	}
	return at;
}

/* The CPUs the consumer reads: two if the machine has a CPU 1. */
static int fk_ncpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char line[256] = "";

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	return strpbrk(line, "-,") ? 2 : 1;
}

/* --- Probes and records -------------------------------------------------- */

static void fk_fire(u32 id, const u64 *args);

static void fk_error(struct fk_ecb *ecb, struct fk_mstate *ms, u32 which)
{
	u64 args[6] = { 0, ecb->epid, which, ms->fltoffs, ms->fault, ms->illval };

	fk.errors++;
	if (ecb->probe != FK_ERROR)
		fk_fire(FK_ERROR, args);
}

static void fk_ecb_fire(struct fk_ecb *ecb, const struct fk_probe *p,
			const u64 *args)
{
	struct fk_clause *cl = ecb->cl;
	struct fk_mstate ms = { .probe = p, .epid = ecb->epid, .args = args };
	struct dtrace_rechdr *hdr;
	char rec[1 << 16], *data;
	int c = fk.bufcpus > 1 ? fk.nfire % fk.bufcpus : 0;
	u32 i, need;
	int do_exit = 0;
	s64 exitval = 0;

	if (cl->pred) {
		u64 v = fk_run(cl->pred, &ms);

		if (ms.fault) {
			fk_error(ecb, &ms, 0);
			return;
		}
		if (!v)
			return;
	}
	need = cl->norec ? 0 : sizeof(*hdr) + cl->size;
	if (need > sizeof(rec) || need > fk.opts[DTRACEOPT_BUFSIZE] - fk.buflen[c]) {
		fk.drops++;
		return;
	}
	memset(rec, 0, need);
	hdr = (void *)rec;
	data = rec + sizeof(*hdr);
	for (i = 0; i < cl->nacts; i++) {
		struct fk_action *a = &cl->acts[i];
		u64 v;

		if (a->agg) {
			u32 at = fk_aggregate(cl, a->agg, &ms);

			if (ms.fault) {
				fk_error(ecb, &ms, at + 1);
				return;
			}
			continue;
		}
		if (!a->difo || fk_is_agg(a->kind))
			continue;
		v = fk_run(a->difo, &ms);
		if (!ms.fault && a->size) {
			/*
			 * As the kernel records a string: up to a->size
			 * (strsize) characters, NUL-padded; one of
			 * strsize characters has no terminator.
			 */
			if (a->difo->rtype.kind == DIF_TYPE_STRING) {
				strncpy(data + a->offset, fk_str(a->difo, &ms, v),
					a->size);
			} else if (a->difo->rtype.flags & DIF_TF_BYREF) {
				/* print() of a struct: the bytes at v. */
				if (fk_readable(a->difo, v, a->size)) {
					memcpy(data + a->offset,
					       (const void *)(uintptr_t)v,
					       a->size);
				} else {
					ms.fault = DTRACEFLT_BADADDR;
					ms.illval = v;
				}
			} else if (fk_is_uaddr(a->kind)) {
				/* The process, then the address. */
				u64 rec[2] = { fk_upid(), v };

				memcpy(data + a->offset, rec, sizeof(rec));
			} else {
				memcpy(data + a->offset, &v, a->size);
			}
		}
		if (ms.fault) {
			fk_error(ecb, &ms, i + 1);
			return;
		}
		if (a->kind == DTRACEACT_EXIT) {
			do_exit = 1;
			exitval = (s64)v;
		}
	}
	if (need) {
		hdr->epid = ecb->epid;
		hdr->size = need;
		hdr->timestamp = fk.tsback ? 1ULL << 40 : 0;
		hdr->timestamp += fk.tsback ? -fk.now : fk.now;
		memcpy(fk.buf[c] + fk.buflen[c], rec, need);
		fk.buflen[c] += need;
	}
	if (do_exit && fk.state == DTRACE_STATE_ACTIVE) {
		fk.state = DTRACE_STATE_EXITED;
		fk.exitcode = exitval;
	}
}

static void fk_fire(u32 id, const u64 *args)
{
	const struct fk_probe *p = &fk_probes[id - 1];
	u32 i;

	if (fk.state != DTRACE_STATE_ACTIVE && !(id == FK_END && fk.end_firing))
		return;
	if (fk.in_probe > (id == FK_ERROR ? 1 : 0))
		return;
	fk.in_probe++;
	fk.now += 1000;
	fk.nfire++;
	for (i = 0; i < FK_MAXVARS; i++)
		fk.lvars[i].val = 0;
	for (i = 0; i < fk.necbs; i++) {
		/* As in the kernel, exit() stops the clauses that follow. */
		if (fk.state != DTRACE_STATE_ACTIVE &&
		    !(id == FK_END && fk.end_firing))
			break;
		if (fk.ecbs[i].probe == id)
			fk_ecb_fire(&fk.ecbs[i], p, args ? args : p->args);
	}
	fk.in_probe--;
}

static int fk_match1(const char *pat, const char *s)
{
	return !*pat || !fnmatch(pat, s, 0);
}

static int fk_match(const struct dtrace_probedesc *d, const struct fk_probe *p)
{
	return fk_match1(d->prov, p->prov) && fk_match1(d->mod, p->mod) &&
	       fk_match1(d->func, p->func) && fk_match1(d->name, p->name);
}

/* --- Requests ----------------------------------------------------------- */

static int fk_enable(struct dtrace_enable *en)
{
	struct dtrace_ecbdesc *d = &en->ecb;
	struct fk_clause *cl;
	u32 i, off = 0;
	int rc;

	if (fk.state != DTRACE_STATE_INACTIVE)
		return -EBUSY;
	cl = calloc(1, sizeof(*cl));
	cl->uarg = d->uarg;
	cl->pred = fk_difo_copy(&d->pred, en->errmsg, &rc);
	if (rc)
		return rc;
	if (cl->pred && (cl->pred->rtype.flags & DIF_TF_BYREF)) {
		snprintf(en->errmsg, sizeof(en->errmsg), "predicate: not an integer");
		return -EINVAL;
	}
	cl->nacts = d->nactions;
	cl->acts = calloc(d->nactions + 1, sizeof(*cl->acts));
	for (i = 0; i < d->nactions; i++) {
		struct dtrace_actdesc *ua = (struct dtrace_actdesc *)(uintptr_t)d->actions + i;
		struct fk_action *a = &cl->acts[i];

		a->kind = ua->kind;
		a->arg = ua->arg;
		switch (a->kind) {
		case DTRACEACT_DIFEXPR:
		case DTRACEACT_LIBACT:
		case DTRACEACT_EXIT:
		case DTRACEACT_PRINTF:
		case DTRACEACT_SYSTEM:
		case DTRACEACT_USYM:
		case DTRACEACT_UMOD:
		case DTRACEACT_UADDR:
			break;
		case DTRACEACT_PRINTA:
			if (fk.minor >= 3)
				break;
			fallthrough;
		default:
			if (fk_is_agg(a->kind) && fk.minor >= 3)
				break;
			snprintf(en->errmsg, sizeof(en->errmsg),
				 "action %u: kind %#x not supported", i + 1, a->kind);
			return -EOPNOTSUPP;
		}
		a->difo = fk_difo_copy(&ua->difo, en->errmsg, &rc);
		if (rc)
			return rc;
		if (fk_is_agg(a->kind)) {
			a->size = 0;
		} else if (!a->difo) {
			if (a->kind != DTRACEACT_PRINTF &&
			    a->kind != DTRACEACT_SYSTEM) {
				snprintf(en->errmsg, sizeof(en->errmsg),
					 "action %u: no value to record", i + 1);
				return -EINVAL;
			}
			a->size = 0;
		} else if (a->difo->rtype.kind == DIF_TYPE_STRING) {
			a->size = fk.opts[DTRACEOPT_STRSIZE];
		} else if (fk_is_uaddr(a->kind)) {
			a->size = 2 * sizeof(u64);
		} else {
			a->size = a->difo->rtype.size;
			if (!a->size && (a->kind != DTRACEACT_DIFEXPR || fk.minor < 2)) {
				snprintf(en->errmsg, sizeof(en->errmsg),
					 "action %u: no value to record", i + 1);
				return -EINVAL;
			}
		}
		a->offset = off;
		off += (a->size + 7) & ~7U;
	}
	cl->size = off;
	{
		u32 first = 0, nagg = 0;

		for (i = 0; i < cl->nacts; i++) {
			u32 k = cl->acts[i].kind;

			if (!fk_is_agg(k)) {
				if (first != i)
					goto badgroup;
				first = i + 1;
				continue;
			}
			nagg++;
			if (k == DTRACEACT_AGGKEY || k == DTRACEACT_AGGINCR)
				continue;
			rc = fk_agg_make(cl, first, i, en->errmsg);
			if (rc)
				return rc;
			first = i + 1;
		}
		if (first != cl->nacts) {
badgroup:
			snprintf(en->errmsg, sizeof(en->errmsg),
				 "action %u: not part of an aggregation", i + 1);
			return -EINVAL;
		}
		cl->norec = cl->nacts && nagg == cl->nacts;
	}

	en->nmatched = 0;
	for (i = 0; i < FK_NPROBES; i++) {
		if (!fk_match(&d->probe, &fk_probes[i]))
			continue;
		if (fk.necbs >= FK_MAXECBS)
			return -E2BIG;
		fk.ecbs[fk.necbs].epid = fk.necbs + 1;
		fk.ecbs[fk.necbs].probe = fk_probes[i].id;
		fk.ecbs[fk.necbs].cl = cl;
		fk.necbs++;
		en->nmatched++;
	}
	return 0;
}

static int fk_epdesc(struct dtrace_epdesc *ep)
{
	struct fk_ecb *ecb;
	struct dtrace_recdesc *recs = (void *)(uintptr_t)ep->recs;
	u32 i, room = ep->nrecs;

	if (!ep->epid || ep->epid > fk.necbs)
		return -ENOENT;
	ecb = &fk.ecbs[ep->epid - 1];
	ep->probe = ecb->probe;
	ep->size = ecb->cl->size;
	ep->nrecs = ecb->cl->nacts;
	ep->uarg = ecb->cl->uarg;
	for (i = 0; i < ecb->cl->nacts && i < room; i++) {
		memset(&recs[i], 0, sizeof(recs[i]));
		recs[i].kind = ecb->cl->acts[i].kind;
		recs[i].size = ecb->cl->acts[i].size;
		recs[i].offset = ecb->cl->acts[i].offset;
		recs[i].arg = ecb->cl->acts[i].arg;
	}
	return 0;
}

static int fk_probematch(struct dtrace_probematch *pm)
{
	u32 i;

	for (i = 0; i < FK_NPROBES; i++) {
		const struct fk_probe *p = &fk_probes[i];

		if (p->id < pm->start || !fk_match(&pm->desc, p))
			continue;
		memset(&pm->desc, 0, sizeof(pm->desc));
		pm->desc.id = p->id;
		snprintf(pm->desc.prov, sizeof(pm->desc.prov), "%s", p->prov);
		snprintf(pm->desc.mod, sizeof(pm->desc.mod), "%s", p->mod);
		snprintf(pm->desc.func, sizeof(pm->desc.func), "%s", p->func);
		snprintf(pm->desc.name, sizeof(pm->desc.name), "%s", p->name);
		pm->nargs = p->id >= 10 && p->id <= 13 ? 3 : 0;
		return 0;
	}
	return -ESRCH;
}

static int fk_request(unsigned long req, void *arg)
{
	int c;

	switch (req) {
	case DTRACEIOC_VERSION: {
		struct dtrace_version *v = arg;

		memset(v, 0, sizeof(*v));
		v->major = DTRACE_VERSION_MAJOR;
		v->minor = fk.minor;
		return 0;
	}
	case DTRACEIOC_PROBEMATCH:
		return fk_probematch(arg);
	case DTRACEIOC_SETOPT: {
		struct dtrace_opt *o = arg;

		if (o->option >= DTRACEOPT_MAX)
			return -EINVAL;
		if (fk.state != DTRACE_STATE_INACTIVE)
			return -EBUSY;
		/* As the kernel: tiny buffers are allowed, records dropped. */
		if (o->option == DTRACEOPT_BUFSIZE &&
		    (o->value < 8 || o->value > (256 << 20)))
			return -EINVAL;
		if (o->option == DTRACEOPT_STRSIZE && (o->value < 2 || o->value > 65536))
			return -EINVAL;
		if (o->option == DTRACEOPT_AGGSIZE &&
		    (o->value < 8 || o->value > (256 << 20)))
			return -EINVAL;
		fk.opts[o->option] = o->value;
		return 0;
	}
	case DTRACEIOC_ENABLE:
		return fk_enable(arg);
	case DTRACEIOC_EPDESC:
		return fk_epdesc(arg);
	case DTRACEIOC_GO:
		if (fk.state != DTRACE_STATE_INACTIVE)
			return -EBUSY;
		/* A clause whose record can never fit: the enabling is too big. */
		for (c = 0; c < (int)fk.necbs; c++)
			if (sizeof(struct dtrace_rechdr) + fk.ecbs[c].cl->size >
			    fk.opts[DTRACEOPT_BUFSIZE])
				return -E2BIG;
		if (fk.naggs) {
			u32 i;

			for (i = 0; i < fk.naggs; i++)
				if (fk.aggs[i].size > fk.opts[DTRACEOPT_AGGSIZE])
					return -E2BIG;
			fk.ncpus = fk_ncpus();
			for (i = 0; i < (u32)fk.ncpus; i++)
				fk.aggbuf[i] = calloc(1, fk.opts[DTRACEOPT_AGGSIZE]);
		}
		fk.bufcpus = getenv("FAKEDEV_BUFCPUS") ? fk_ncpus() : 1;
		fk.tsback = getenv("FAKEDEV_TSBACK");
		for (c = 0; c < fk.bufcpus; c++)
			fk.buf[c] = calloc(1, fk.opts[DTRACEOPT_BUFSIZE]);
		fk.state = DTRACE_STATE_ACTIVE;
		fk_fire(FK_BEGIN, NULL);
		return 0;
	case DTRACEIOC_STOP:
		if (fk.state == DTRACE_STATE_INACTIVE)
			return -EINVAL;
		if (fk.state == DTRACE_STATE_STOPPED)
			return 0;
		fk.end_firing = 1;
		fk.state = DTRACE_STATE_STOPPED;
		fk_fire(FK_END, NULL);
		fk.end_firing = 0;
		return 0;
	case DTRACEIOC_STATUS: {
		struct dtrace_status *st = arg;
		u32 i;

		if (fk.state == DTRACE_STATE_ACTIVE)
			for (i = 0; i < FK_NPROBES; i++)
				if (fk_probes[i].periodic)
					fk_fire(fk_probes[i].id, NULL);
		memset(st, 0, sizeof(*st));
		st->state = fk.state;
		st->exitcode = fk.exitcode;
		st->drops = fk.drops;
		st->errors = fk.errors;
		st->aggdrops = fk.aggdrops[0] + fk.aggdrops[1];
		st->dyndrops = fk.dyndrops;
		return 0;
	}
	case DTRACEIOC_AGGDESC: {
		struct dtrace_aggdesc *ad = arg;
		struct dtrace_recdesc *recs = (void *)(uintptr_t)ad->recs;
		struct fk_agg *g;
		u32 i, room = ad->nrecs;

		if (fk.minor < 3)
			return -ENOTTY;
		if (!ad->aggid || ad->aggid > fk.naggs)
			return -ENOENT;
		g = &fk.aggs[ad->aggid - 1];
		ad->nrecs = g->nkeys + 1;
		ad->size = g->size;
		ad->action = g->action;
		ad->uarg = g->uarg;
		ad->kind = g->kind;
		ad->arg = g->arg;
		for (i = 0; i < ad->nrecs && i < room; i++) {
			memset(&recs[i], 0, sizeof(recs[i]));
			recs[i].kind = i < g->nkeys ? DTRACEACT_AGGKEY : g->kind;
			recs[i].size = i < g->nkeys ? g->ksize[i] : g->valsize;
			recs[i].offset = i < g->nkeys ? g->koff[i] : g->valoff;
			recs[i].arg = i < g->nkeys ? 0 : g->arg;
		}
		return 0;
	}
	case DTRACEIOC_AGGSNAP: {
		struct dtrace_bufdesc *bd = arg;

		c = bd->cpu;
		if (fk.minor < 3)
			return -ENOTTY;
		if (!fk.aggbuf[0])
			return -ENXIO;
		if (bd->size < fk.opts[DTRACEOPT_AGGSIZE])
			return -ENOSPC;
		bd->errors = 0;
		bd->drops = 0;
		if (c >= fk.ncpus) {
			bd->size = 0;
			return 0;
		}
		memcpy((void *)(uintptr_t)bd->data, fk.aggbuf[c], fk.agglen[c]);
		bd->size = fk.agglen[c];
		bd->drops = fk.aggdrops[c] - fk.aggdrops_seen[c];
		fk.aggdrops_seen[c] = fk.aggdrops[c];
		memset(fk.aggbuf[c], 0, fk.agglen[c]);
		fk.agglen[c] = 0;
		return 0;
	}
	case DTRACEIOC_BUFSNAP: {
		struct dtrace_bufdesc *bd = arg;

		if (!fk.buf[0])
			return -ENXIO;
		if (bd->size < fk.opts[DTRACEOPT_BUFSIZE])
			return -ENOSPC;
		bd->drops = 0;
		bd->errors = 0;
		c = bd->cpu;
		if (c >= fk.bufcpus) {
			bd->size = 0;
			return 0;
		}
		memcpy((void *)(uintptr_t)bd->data, fk.buf[c], fk.buflen[c]);
		bd->size = fk.buflen[c];
		if (!c) {
			bd->drops = fk.drops - fk.drops_seen;
			fk.drops_seen = fk.drops;
		}
		fk.buflen[c] = 0;
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

/* --- The intercepts ----------------------------------------------------- */

static int fk_open(const char *path)
{
	if (fk.fd >= 0)
		return -1;
	fk_reset();
	fk_kmem_map();
	fk.fd = (openat)(AT_FDCWD, "/dev/null", O_RDWR | O_CLOEXEC);
	return fk.fd;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	if (!strcmp(path, "/dev/dtrace"))
		return fk_open(path);
	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	if (!strcmp(path, "/dev/dtrace"))
		return fk_open(path);
	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	return openat(AT_FDCWD, path, flags, mode);
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;
	int rc;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd >= 0 && fd == fk.fd) {
		rc = fk_request(req, arg);
		if (rc < 0) {
			errno = -rc;
			return -1;
		}
		return rc;
	}
	if (!real_ioctl)
		real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	return real_ioctl(fd, req, arg);
}

long ptrace(int req, ...)
{
	static long (*real_ptrace)(int, pid_t, void *, void *);
	va_list ap;
	pid_t pid;
	void *addr, *data;
	long rc;

	va_start(ap, req);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);
	if (!real_ptrace)
		real_ptrace = (long (*)(int, pid_t, void *, void *))
			dlsym(RTLD_NEXT, "ptrace");
	rc = real_ptrace(req, pid, addr, data);
	if (req == 0x4206 && !rc)	/* PTRACE_SEIZE */
		fk_seized = pid;
	return rc;
}

int close(int fd)
{
	if (!real_close)
		real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	if (fd >= 0 && fd == fk.fd)
		fk.fd = -1;
	return real_close(fd);
}
