// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: DIF objects - copying them in, validating them, running them.
 *
 * A DIF object (DIFO) comes from user space, so nothing in it is trusted
 * until dtrace_difo_validate() has accepted it: every opcode known, every
 * register in range and %r0 never written, every branch forward and
 * inside the program, every table index and variable in range and of the
 * right scope, every subroutine known and implemented, the program ending
 * in RET.  Forward-only branches bound the run time by the program size.
 *
 * dtrace_dif_emulate() runs a validated DIFO in probe context: interrupts
 * are off, nothing sleeps or takes a lock, and every load from an address
 * the program computed goes through the fault-tolerant accessors below.
 * A bad address, a division by zero or running out of scratch space sets
 * a fault in the machine state and stops the program; the caller reports
 * it through dtrace:::ERROR.  Nothing here can oops.  The subroutines
 * DIF_OP_CALL runs are in dtrace_subr.c, under the same rules.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <asm/page.h>

#include "dtrace.h"

void dtrace_difo_free(struct dtrace_difo *dp)
{
	if (!dp)
		return;
	kfree(dp->text);
	kfree(dp->inttab);
	kfree(dp->strtab);
	kfree(dp->vartab);
	kfree(dp);
}

static void *dtrace_copy_array(u64 uptr, u32 n, size_t size, u32 max)
{
	if (!n)
		return NULL;
	if (n > max)
		return ERR_PTR(-E2BIG);
	return memdup_array_user(u64_to_user_ptr(uptr), n, size);
}

/**
 * dtrace_difo_create - copy a DIFO in from user space
 * @udo: the description, already copied in
 *
 * Return: the DIFO (not yet validated), NULL if @udo describes none
 * (no text), or an ERR_PTR.
 */
struct dtrace_difo *dtrace_difo_create(const struct dif_object *udo)
{
	struct dtrace_difo *dp;
	void *p;

	if (!udo->ntext)
		return NULL;
	if (udo->rtype.__pad)
		return ERR_PTR(-EINVAL);

	dp = kzalloc_obj(*dp);
	if (!dp)
		return ERR_PTR(-ENOMEM);

	p = dtrace_copy_array(udo->text, udo->ntext, sizeof(u32), DIF_MAX_INSTRS);
	if (IS_ERR(p))
		goto fail;
	dp->text = p;
	dp->ntext = udo->ntext;

	p = dtrace_copy_array(udo->inttab, udo->nint, sizeof(u64), DIF_MAX_INTTAB);
	if (IS_ERR(p))
		goto fail;
	dp->inttab = p;
	dp->nint = udo->nint;

	p = dtrace_copy_array(udo->strtab, udo->strlen, 1, DIF_MAX_STRTAB);
	if (IS_ERR(p))
		goto fail;
	dp->strtab = p;
	dp->strlen = udo->strlen;

	p = dtrace_copy_array(udo->vartab, udo->nvars, sizeof(struct dif_var),
			      DIF_MAX_VARS);
	if (IS_ERR(p))
		goto fail;
	dp->vartab = p;
	dp->nvars = udo->nvars;

	dp->rtype = udo->rtype;
	return dp;

fail:
	dtrace_difo_free(dp);
	return p;
}

/* --- Validation ---------------------------------------------------------- */

static bool dtrace_difo_str_ok(const struct dtrace_difo *dp, u32 off)
{
	return off < dp->strlen && memchr(dp->strtab + off, '\0', dp->strlen - off);
}

static bool dtrace_type_ok(const struct dif_type *t, bool allow_void)
{
	if (t->flags & ~DIF_TF_BYREF)
		return false;
	switch (t->kind) {
	case DIF_TYPE_STRING:
		return t->flags & DIF_TF_BYREF;
	case DIF_TYPE_CTF:
		if (t->flags & DIF_TF_BYREF)
			return t->size > 0 && t->size <= DTRACE_MAX_BYREF;
		return t->size == 1 || t->size == 2 || t->size == 4 ||
		       t->size == 8 || (allow_void && t->size == 0);
	default:
		return false;
	}
}

/* The built-in variables that may be read with LDGS. */
static bool dtrace_builtin_scalar(u32 id)
{
	return id >= DIF_VAR_CURTHREAD && id <= DIF_VAR_CURCPU &&
	       id != DIF_VAR_ZONENAME;
}

/* The subroutines this kernel implements. */
static bool dtrace_subr_ok(u32 subr)
{
	switch (subr) {
	case DIF_SUBR_RAND:
	case DIF_SUBR_COPYIN ... DIF_SUBR_STRLEN:
	case DIF_SUBR_COPYOUT:
	case DIF_SUBR_COPYOUTSTR:
	case DIF_SUBR_ALLOCA ... DIF_SUBR_COPYINTO:
	case DIF_SUBR_STRJOIN ... DIF_SUBR_MAX:
		return true;
	default:
		/* Solaris locks, STREAMS, devices. */
		return false;
	}
}

/**
 * dtrace_difo_destructive - whether a DIFO writes into user memory
 * @dp: a validated DIFO
 *
 * Return: true if it calls copyout() or copyoutstr(), which only an
 * enabling with the destructive option may run.
 */
bool dtrace_difo_destructive(const struct dtrace_difo *dp)
{
	u32 pc;

	for (pc = 0; pc < dp->ntext; pc++) {
		u32 instr = dp->text[pc];

		if (DIF_INSTR_OP(instr) == DIF_OP_CALL &&
		    (DIF_INSTR_SUBR(instr) == DIF_SUBR_COPYOUT ||
		     DIF_INSTR_SUBR(instr) == DIF_SUBR_COPYOUTSTR))
			return true;
	}
	return false;
}

static const struct dif_var *dtrace_difo_var(const struct dtrace_difo *dp,
					     u32 id, u8 scope, u8 kind)
{
	u32 i;

	for (i = 0; i < dp->nvars; i++) {
		const struct dif_var *v = &dp->vartab[i];

		if (v->id == id && v->scope == scope && v->kind == kind)
			return v;
	}
	return NULL;
}

static __printf(4, 5) int dif_err(char *err, size_t errlen, u32 pc,
				  const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -EINVAL;
	n = scnprintf(err, errlen, "DIF offset %u: ", pc);
	va_start(ap, fmt);
	vscnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/**
 * dtrace_difo_validate - accept a DIFO only if it is safe to run
 * @dp: the DIFO
 * @err: where to describe the first problem found, or NULL
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL with the reason in @err.
 */
int dtrace_difo_validate(const struct dtrace_difo *dp, char *err, size_t errlen)
{
	u32 pc = 0, i, ntup = 0;

	if (!dp->ntext || dp->ntext > DIF_MAX_INSTRS)
		return dif_err(err, errlen, pc,
			       "program size %u out of range", dp->ntext);
	if (!dtrace_type_ok(&dp->rtype, true))
		return dif_err(err, errlen, pc, "bad return type");
	if (dp->strlen && dp->strtab[dp->strlen - 1] != '\0')
		return dif_err(err, errlen, pc, "string table not terminated");

	for (i = 0; i < dp->nvars; i++) {
		const struct dif_var *v = &dp->vartab[i];
		u32 j;

		if (v->name && !dtrace_difo_str_ok(dp, v->name))
			return dif_err(err, errlen, pc,
				       "variable %u: bad name", i);
		if (v->id < DIF_VAR_OTHER_UBASE || v->id > DIF_VAR_OTHER_MAX)
			return dif_err(err, errlen, pc,
				       "variable %u: bad id %#x", i, v->id);
		if (v->scope > DIFV_SCOPE_LOCAL ||
		    (v->kind != DIFV_KIND_SCALAR &&
		     (v->kind != DIFV_KIND_ARRAY ||
		      v->scope == DIFV_SCOPE_LOCAL)))
			return dif_err(err, errlen, pc,
				       "variable %u: bad scope or kind", i);
		if (!dtrace_type_ok(&v->type, false))
			return dif_err(err, errlen, pc,
				       "variable %u: bad type", i);
		if (v->flags & ~(DIFV_F_REF | DIFV_F_MOD))
			return dif_err(err, errlen, pc,
				       "variable %u: bad flags", i);
		for (j = 0; j < i; j++)
			if (dp->vartab[j].id == v->id &&
			    dp->vartab[j].scope == v->scope)
				return dif_err(err, errlen, pc,
					       "variable %u: id %#x twice", i, v->id);
	}

	for (pc = 0; pc < dp->ntext; pc++) {
		u32 instr = dp->text[pc];
		u32 op = DIF_INSTR_OP(instr);
		u32 r1 = DIF_INSTR_R1(instr);
		u32 r2 = DIF_INSTR_R2(instr);
		u32 rd = DIF_INSTR_RD(instr);
		u32 v = DIF_INSTR_VAR(instr);
		u32 label = DIF_INSTR_LABEL(instr);

		switch (op) {
		case DIF_OP_OR: case DIF_OP_XOR: case DIF_OP_AND:
		case DIF_OP_SLL: case DIF_OP_SRL: case DIF_OP_SRA:
		case DIF_OP_SUB: case DIF_OP_ADD: case DIF_OP_MUL:
		case DIF_OP_SDIV: case DIF_OP_UDIV:
		case DIF_OP_SREM: case DIF_OP_UREM:
		case DIF_OP_COPYS:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad source register");
			if (rd >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			if (rd == 0)
				return dif_err(err, errlen, pc,
					       "cannot write %%r0");
			break;
		case DIF_OP_NOT: case DIF_OP_MOV: case DIF_OP_ALLOCS:
		case DIF_OP_LDSB: case DIF_OP_LDSH: case DIF_OP_LDSW:
		case DIF_OP_LDUB: case DIF_OP_LDUH: case DIF_OP_LDUW:
		case DIF_OP_LDX:
		case DIF_OP_ULDSB: case DIF_OP_ULDSH: case DIF_OP_ULDSW:
		case DIF_OP_ULDUB: case DIF_OP_ULDUH: case DIF_OP_ULDUW:
		case DIF_OP_ULDX:
			if (r1 >= DIF_NREGS || r2)
				return dif_err(err, errlen, pc,
					       "bad source register");
			if (rd >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			if (rd == 0)
				return dif_err(err, errlen, pc,
					       "cannot write %%r0");
			break;
		case DIF_OP_STB: case DIF_OP_STH: case DIF_OP_STW:
		case DIF_OP_STX:
			if (r1 >= DIF_NREGS || r2 || rd >= DIF_NREGS)
				return dif_err(err, errlen, pc, "bad register");
			break;
		case DIF_OP_CMP: case DIF_OP_SCMP:
			if (r1 >= DIF_NREGS || r2 >= DIF_NREGS || rd)
				return dif_err(err, errlen, pc, "bad register");
			break;
		case DIF_OP_TST:
			if (r1 >= DIF_NREGS || r2 || rd)
				return dif_err(err, errlen, pc, "bad register");
			break;
		case DIF_OP_BA: case DIF_OP_BE: case DIF_OP_BNE:
		case DIF_OP_BG: case DIF_OP_BGU: case DIF_OP_BGE:
		case DIF_OP_BGEU: case DIF_OP_BL: case DIF_OP_BLU:
		case DIF_OP_BLE: case DIF_OP_BLEU:
			if (label <= pc)
				return dif_err(err, errlen, pc,
					       "backward branch to %u", label);
			if (label >= dp->ntext)
				return dif_err(err, errlen, pc,
					       "branch to %u outside the program", label);
			break;
		case DIF_OP_RET:
			if (r1 || r2 || rd >= DIF_NREGS)
				return dif_err(err, errlen, pc, "bad register");
			break;
		case DIF_OP_NOP: case DIF_OP_POPTS: case DIF_OP_FLUSHTS:
			if (instr & 0xffffff)
				return dif_err(err, errlen, pc,
					       "reserved bits set");
			if (op == DIF_OP_FLUSHTS)
				ntup = 0;
			else if (op == DIF_OP_POPTS && ntup)
				ntup--;
			break;
		case DIF_OP_SETX:
			if (DIF_INSTR_INTEGER(instr) >= dp->nint)
				return dif_err(err, errlen, pc,
					       "integer table index %u out of range",
					       DIF_INSTR_INTEGER(instr));
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			break;
		case DIF_OP_SETS:
			if (!dtrace_difo_str_ok(dp, DIF_INSTR_STRING(instr)))
				return dif_err(err, errlen, pc,
					       "string table offset %u out of range",
					       DIF_INSTR_STRING(instr));
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			break;
		case DIF_OP_LDGA:
			if (DIF_INSTR_AVAR(instr) != DIF_VAR_ARGS &&
			    DIF_INSTR_AVAR(instr) != DIF_VAR_REGS &&
			    DIF_INSTR_AVAR(instr) != DIF_VAR_UREGS)
				return dif_err(err, errlen, pc,
					       "array variable %#x not supported",
					       DIF_INSTR_AVAR(instr));
			if (r2 >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad source register");
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			break;
		case DIF_OP_LDGS:
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			if (v < DIF_VAR_OTHER_UBASE) {
				if (!dtrace_builtin_scalar(v))
					return dif_err(err, errlen, pc,
						       "unknown variable %#x", v);
			} else if (!dtrace_difo_var(dp, v, DIFV_SCOPE_GLOBAL,
						    DIFV_KIND_SCALAR)) {
				return dif_err(err, errlen, pc,
					       "undeclared global variable %#x", v);
			}
			break;
		case DIF_OP_LDTS: case DIF_OP_LDLS:
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			if (!dtrace_difo_var(dp, v, op == DIF_OP_LDTS ?
					     DIFV_SCOPE_THREAD : DIFV_SCOPE_LOCAL,
					     DIFV_KIND_SCALAR))
				return dif_err(err, errlen, pc,
					       "undeclared variable %#x", v);
			break;
		case DIF_OP_STGS: case DIF_OP_STTS: case DIF_OP_STLS: {
			u8 scope = op == DIF_OP_STGS ? DIFV_SCOPE_GLOBAL :
				   op == DIF_OP_STTS ? DIFV_SCOPE_THREAD :
				   DIFV_SCOPE_LOCAL;

			if (DIF_INSTR_RS(instr) >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad source register");
			if (v < DIF_VAR_OTHER_UBASE)
				return dif_err(err, errlen, pc,
					       "cannot write built-in variable %#x", v);
			if (!dtrace_difo_var(dp, v, scope, DIFV_KIND_SCALAR))
				return dif_err(err, errlen, pc,
					       "undeclared variable %#x", v);
			break;
		}
		case DIF_OP_CALL:
			if (!dtrace_subr_ok(DIF_INSTR_SUBR(instr)))
				return dif_err(err, errlen, pc,
					       "subroutine %u not supported",
					       DIF_INSTR_SUBR(instr));
			if (rd >= DIF_NREGS || rd == 0)
				return dif_err(err, errlen, pc,
					       "bad destination register");
			break;
		case DIF_OP_PUSHTR:
			if (DIF_INSTR_TYPE(instr) != DIF_TYPE_STRING &&
			    DIF_INSTR_TYPE(instr) != DIF_TYPE_CTF)
				return dif_err(err, errlen, pc,
					       "bad tuple type");
			if (r2 >= DIF_NREGS || DIF_INSTR_RS(instr) >= DIF_NREGS)
				return dif_err(err, errlen, pc, "bad register");
			if (++ntup > DIF_DTR_NREGS)
				return dif_err(err, errlen, pc,
					       "tuple stack overflow");
			break;
		case DIF_OP_PUSHTV:
			if (DIF_INSTR_TYPE(instr) != DIF_TYPE_CTF)
				return dif_err(err, errlen, pc,
					       "bad tuple type");
			if (r2 || DIF_INSTR_RS(instr) >= DIF_NREGS)
				return dif_err(err, errlen, pc, "bad register");
			if (++ntup > DIF_DTR_NREGS)
				return dif_err(err, errlen, pc,
					       "tuple stack overflow");
			break;
		case DIF_OP_LDGAA: case DIF_OP_LDTAA:
		case DIF_OP_STGAA: case DIF_OP_STTAA: {
			bool ld = op == DIF_OP_LDGAA || op == DIF_OP_LDTAA;
			u8 scope = op == DIF_OP_LDGAA || op == DIF_OP_STGAA ?
				   DIFV_SCOPE_GLOBAL : DIFV_SCOPE_THREAD;

			if (ld && (rd >= DIF_NREGS || rd == 0))
				return dif_err(err, errlen, pc,
					       "bad destination register");
			if (!ld && DIF_INSTR_RS(instr) >= DIF_NREGS)
				return dif_err(err, errlen, pc,
					       "bad source register");
			if (v < DIF_VAR_OTHER_UBASE ||
			    !dtrace_difo_var(dp, v, scope, DIFV_KIND_ARRAY))
				return dif_err(err, errlen, pc,
					       "undeclared associative array %#x", v);
			/* A global array needs a key; self->a[] may have none. */
			if (scope == DIFV_SCOPE_GLOBAL && !ntup)
				return dif_err(err, errlen, pc,
					       "associative array %#x without a key", v);
			break;
		}
		default:
			/* LDTA: not supported. */
			return dif_err(err, errlen, pc,
				       "invalid or unsupported opcode %u", op);
		}
	}

	pc = dp->ntext - 1;
	if (DIF_INSTR_OP(dp->text[pc]) != DIF_OP_RET)
		return dif_err(err, errlen, pc,
			       "the program does not end in ret");
	return 0;
}

/* --- Probe context: fault-tolerant memory access ----------------------- */

/*
 * Is [addr, addr + size) DTrace's own memory of this firing: the DIFO's
 * string table, the CPU's scratch space or the state's variables?  Such
 * memory is read and written directly.
 */
static __always_inline bool dtrace_in(unsigned long addr, size_t size,
				      const void *base, size_t len)
{
	unsigned long b = (unsigned long)base;

	return base && addr >= b && size <= len && addr - b <= len - size;
}

bool dtrace_scratch_range(const struct dtrace_mstate *ms, unsigned long addr,
			  size_t size)
{
	return dtrace_in(addr, size, ms->scratch, ms->scratch_used);
}

/*
 * Kernel addresses the program may read: canonical, above user space.
 * Everything else faults without being touched, so that a non-canonical
 * address never reaches the #GP path of the uaccess fixup.
 */
static __always_inline bool dtrace_kaddr_ok(unsigned long addr, size_t size)
{
	if (addr + size < addr)
		return false;
	if (addr < TASK_SIZE_MAX + PAGE_SIZE)
		return false;
	return __is_canonical_address(addr, boot_cpu_data.x86_virt_bits) &&
	       __is_canonical_address(addr + size - 1,
				      boot_cpu_data.x86_virt_bits);
}

#define DTRACE_LOADK(type, addr, val, label)				\
	__get_kernel_nofault(&(val), (type *)(addr), type, label)

/* Load @size bytes (1, 2, 4, 8) from kernel address @addr. */
u64 dtrace_kload(struct dtrace_mstate *ms, unsigned long addr, int size)
{
	u64 v = 0;

	if (!dtrace_kaddr_ok(addr, size)) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, addr);
		return 0;
	}

	pagefault_disable();
	switch (size) {
	case 1: {
		u8 b;

		DTRACE_LOADK(u8, addr, b, fault);
		v = b;
		break;
	}
	case 2: {
		u16 h;

		DTRACE_LOADK(u16, addr, h, fault);
		v = h;
		break;
	}
	case 4: {
		u32 w;

		DTRACE_LOADK(u32, addr, w, fault);
		v = w;
		break;
	}
	default:
		DTRACE_LOADK(u64, addr, v, fault);
		break;
	}
	pagefault_enable();
	return v;

fault:
	pagefault_enable();
	dtrace_fault(ms, DTRACEFLT_BADADDR, addr);
	return 0;
}

/* Load @size bytes from user address @addr of the current task. */
u64 dtrace_uload(struct dtrace_mstate *ms, unsigned long addr, int size)
{
	u64 v = 0;
	int ret = 0;

	if (!access_ok((void __user *)addr, size) || !nmi_uaccess_okay()) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, addr);
		return 0;
	}

	pagefault_disable();
	switch (size) {
	case 1: {
		u8 b;

		ret = __get_user(b, (u8 __user *)addr);
		v = b;
		break;
	}
	case 2: {
		u16 h;

		ret = __get_user(h, (u16 __user *)addr);
		v = h;
		break;
	}
	case 4: {
		u32 w;

		ret = __get_user(w, (u32 __user *)addr);
		v = w;
		break;
	}
	default:
		ret = __get_user(v, (u64 __user *)addr);
		break;
	}
	pagefault_enable();
	if (ret) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, addr);
		return 0;
	}
	return v;
}

/*
 * Read the byte at @addr of a string: directly when the address is the
 * DIFO's or DTrace's own, fault-tolerantly otherwise.
 */
u8 dtrace_strbyte(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		  unsigned long addr)
{
	if (dtrace_in(addr, 1, dp->strtab, dp->strlen) ||
	    dtrace_scratch_range(ms, addr, 1) ||
	    dtrace_in(addr, 1, ms->vars, ms->vars_len))
		return *(u8 *)addr;
	return dtrace_kload(ms, addr, 1);
}

/* strnlen() bounded by strsize, fault-tolerant. */
u64 dtrace_strlen(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		  unsigned long s)
{
	u64 n;

	for (n = 0; n < ms->strsize; n++) {
		if (!dtrace_strbyte(ms, dp, s + n) || ms->fault)
			break;
	}
	return n;
}

static int dtrace_strcmp(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
			 unsigned long s1, unsigned long s2)
{
	u64 n;

	if (s1 == s2)
		return 0;
	/* A NULL string sorts before every other, as in DTrace. */
	if (!s1 || !s2)
		return s1 ? 1 : -1;
	for (n = 0; n < ms->strsize; n++) {
		u8 c1 = dtrace_strbyte(ms, dp, s1 + n);
		u8 c2 = dtrace_strbyte(ms, dp, s2 + n);

		if (ms->fault)
			return 0;
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			break;
	}
	return 0;
}

/**
 * dtrace_scratch_alloc - allocate scratch space for this firing
 * @ms: the machine state
 * @size: bytes
 *
 * Return: 8-byte aligned memory, or NULL with DTRACEFLT_NOSCRATCH set.
 */
void *dtrace_scratch_alloc(struct dtrace_mstate *ms, size_t size)
{
	size_t need = ALIGN(size, 8);
	void *p;

	if (need < size || need > ms->scratch_size - ms->scratch_used) {
		dtrace_fault(ms, DTRACEFLT_NOSCRATCH, 0);
		return NULL;
	}
	p = ms->scratch + ms->scratch_used;
	ms->scratch_used += need;
	return p;
}

/**
 * dtrace_strcpy_in - copy a string into DTrace memory, fault-tolerantly
 * @ms: the machine state
 * @dp: the DIFO whose string table @src may point into
 * @dst: destination, @size bytes: up to @size characters, NUL-padded
 *	 (a string of @size characters or more has no terminator: every
 *	 reader is bounded by strsize)
 * @src: the string's address
 * @size: bytes at @dst
 */
void dtrace_strcpy_in(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		      char *dst, unsigned long src, size_t size)
{
	size_t n = 0;

	if (src) {
		for (; n < size; n++) {
			u8 c = dtrace_strbyte(ms, dp, src + n);

			if (ms->fault || !c)
				break;
			dst[n] = c;
		}
	}
	memset(dst + n, 0, size - n);
}

/* Copy @size bytes from @src (anywhere in the kernel) to @dst. */
void dtrace_bcopy_in(struct dtrace_mstate *ms, void *dst, unsigned long src,
		     size_t size)
{
	u8 *d = dst;
	size_t n;

	if (dtrace_scratch_range(ms, src, size) ||
	    dtrace_in(src, size, ms->vars, ms->vars_len)) {
		memcpy(dst, (void *)src, size);
		return;
	}
	for (n = 0; n < size && !ms->fault; n++)
		d[n] = dtrace_kload(ms, src + n, 1);
}

/* --- Probe context: variables ------------------------------------------ */

/*
 * regs[@idx] and uregs[@idx]: register @idx of @regs, numbered as the
 * words of struct pt_regs (the R_* constants of dtrace(1)).
 */
static u64 dtrace_getreg(struct dtrace_mstate *ms, struct pt_regs *regs,
			 u64 idx)
{
	if (!regs || idx > MAX_REG_OFFSET / sizeof(unsigned long)) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, idx);
		return 0;
	}
	return regs_get_register(regs, idx * sizeof(unsigned long));
}

/*
 * args[@idx]; regs[@idx], the registers where the probe fired, for the
 * providers that have them (a breakpoint's); uregs[@idx], the user
 * registers of the current thread as the kernel saved them at its last
 * entry, for a thread that has a user context.
 */
static u64 dtrace_array_builtin(struct dtrace_mstate *ms, u32 id, u64 idx)
{
	struct task_struct *t = current;

	switch (id) {
	case DIF_VAR_ARGS:
		if (idx >= 10) {
			dtrace_fault(ms, DTRACEFLT_ILLOP, idx);
			return 0;
		}
		return dtrace_probe_arg(ms, idx);
	case DIF_VAR_REGS:
		return dtrace_getreg(ms, ms->regs, idx);
	default:
		return dtrace_getreg(ms, t->flags & PF_KTHREAD ? NULL :
					 task_pt_regs(t), idx);
	}
}

static u64 dtrace_builtin(struct dtrace_mstate *ms, u32 id)
{
	struct task_struct *t = current;

	switch (id) {
	case DIF_VAR_CURTHREAD:
		return (unsigned long)t;
	case DIF_VAR_TIMESTAMP:
		return ms->timestamp;
	case DIF_VAR_VTIMESTAMP:
		/* One value per firing, as timestamp. */
		if (!ms->vtimestamp)
			ms->vtimestamp = dtrace_vtimestamp(ms->timestamp);
		return ms->vtimestamp;
	case DIF_VAR_WALLTIMESTAMP:
		return ktime_get_real_fast_ns();
	case DIF_VAR_IPL:
		return in_nmi() ? 15 : in_hardirq() ? 14 : in_serving_softirq() ? 1 : 0;
	case DIF_VAR_EPID:
		return ms->epid;
	case DIF_VAR_ID:
		return ms->probe->id;
	case DIF_VAR_ARG0 ... DIF_VAR_ARG9:
		return dtrace_probe_arg(ms, id - DIF_VAR_ARG0);
	case DIF_VAR_STACKDEPTH:
		return dtrace_stackdepth(ms);
	case DIF_VAR_CALLER:
		return dtrace_caller(ms);
	case DIF_VAR_USTACKDEPTH:
	case DIF_VAR_UCALLER:
		/* User stacks are not walked (yet). */
		return 0;
	case DIF_VAR_PROBEPROV:
		return (unsigned long)ms->probe->prov->name;
	case DIF_VAR_PROBEMOD:
		return (unsigned long)ms->probe->mod;
	case DIF_VAR_PROBEFUNC:
		return (unsigned long)ms->probe->func;
	case DIF_VAR_PROBENAME:
		return (unsigned long)ms->probe->name;
	case DIF_VAR_PID:
		return t->tgid;
	case DIF_VAR_TID:
		return t->pid;
	case DIF_VAR_PPID:
		/* Interrupts are off: the parent cannot be freed under us. */
		return rcu_dereference_raw(t->real_parent)->tgid;
	case DIF_VAR_EXECNAME:
		return (unsigned long)t->comm;
	case DIF_VAR_UID:
		return from_kuid_munged(&init_user_ns, current_uid());
	case DIF_VAR_GID:
		return from_kgid_munged(&init_user_ns, current_gid());
	case DIF_VAR_ERRNO:
		return ms->errno_val;
	case DIF_VAR_CURCPU:
		return raw_smp_processor_id();
	default:
		return 0;
	}
}

/* --- Probe context: the interpreter ------------------------------------ */

/**
 * dtrace_dif_emulate - run a validated DIFO
 * @dp: the DIFO
 * @ms: the machine state of this firing
 *
 * Return: the value of the program; on a fault, 0 with @ms->fault,
 * @ms->illval and @ms->fltoffs set.
 */
u64 dtrace_dif_emulate(const struct dtrace_difo *dp, struct dtrace_mstate *ms)
{
	u64 regs[DIF_NREGS] = { 0 };
	/*
	 * Read only below ntup, where pushtr wrote: not cleared at each
	 * run (CONFIG_INIT_STACK_ALL_ZERO would, with a rep stos apiece).
	 */
	u64 tup[DIF_DTR_NREGS] __uninitialized;
	u64 tupsz[DIF_DTR_NREGS] __uninitialized;
	u8 tuptype[DIF_DTR_NREGS] __uninitialized;
	struct dtrace_tuple tuple = { tup, tupsz, tuptype, 0 };
	int ntup = 0;
	u64 cc_r = 0;
	bool cc_n = false, cc_z = false, cc_v = false, cc_c = false;
	u32 pc = 0;

	while (pc < dp->ntext && !ms->fault) {
		u32 instr = dp->text[pc++];
		u32 r1 = DIF_INSTR_R1(instr);
		u32 r2 = DIF_INSTR_R2(instr);
		u32 rd = DIF_INSTR_RD(instr);
		u32 v = DIF_INSTR_VAR(instr);

		switch (DIF_INSTR_OP(instr)) {
		case DIF_OP_OR:
			regs[rd] = regs[r1] | regs[r2];
			break;
		case DIF_OP_XOR:
			regs[rd] = regs[r1] ^ regs[r2];
			break;
		case DIF_OP_AND:
			regs[rd] = regs[r1] & regs[r2];
			break;
		case DIF_OP_SLL:
			regs[rd] = regs[r1] << (regs[r2] & 63);
			break;
		case DIF_OP_SRL:
			regs[rd] = regs[r1] >> (regs[r2] & 63);
			break;
		case DIF_OP_SRA:
			regs[rd] = (u64)((s64)regs[r1] >> (regs[r2] & 63));
			break;
		case DIF_OP_SUB:
			regs[rd] = regs[r1] - regs[r2];
			break;
		case DIF_OP_ADD:
			regs[rd] = regs[r1] + regs[r2];
			break;
		case DIF_OP_MUL:
			regs[rd] = regs[r1] * regs[r2];
			break;
		case DIF_OP_SDIV:
		case DIF_OP_SREM:
			if (!regs[r2]) {
				dtrace_fault(ms, DTRACEFLT_DIVZERO, 0);
				break;
			}
			/* S64_MIN / -1 overflows: C leaves it undefined. */
			if ((s64)regs[r1] == S64_MIN && (s64)regs[r2] == -1)
				regs[rd] = DIF_INSTR_OP(instr) == DIF_OP_SDIV ?
					   regs[r1] : 0;
			else if (DIF_INSTR_OP(instr) == DIF_OP_SDIV)
				regs[rd] = (u64)((s64)regs[r1] / (s64)regs[r2]);
			else
				regs[rd] = (u64)((s64)regs[r1] % (s64)regs[r2]);
			break;
		case DIF_OP_UDIV:
		case DIF_OP_UREM:
			if (!regs[r2]) {
				dtrace_fault(ms, DTRACEFLT_DIVZERO, 0);
				break;
			}
			if (DIF_INSTR_OP(instr) == DIF_OP_UDIV)
				regs[rd] = regs[r1] / regs[r2];
			else
				regs[rd] = regs[r1] % regs[r2];
			break;
		case DIF_OP_NOT:
			regs[rd] = ~regs[r1];
			break;
		case DIF_OP_MOV:
			regs[rd] = regs[r1];
			break;
		case DIF_OP_CMP:
			cc_r = regs[r1] - regs[r2];
			cc_n = (s64)cc_r < 0;
			cc_z = cc_r == 0;
			cc_v = (((regs[r1] ^ regs[r2]) & (regs[r1] ^ cc_r)) >> 63) != 0;
			cc_c = regs[r1] < regs[r2];
			break;
		case DIF_OP_TST:
			cc_n = (s64)regs[r1] < 0;
			cc_z = regs[r1] == 0;
			cc_v = false;
			cc_c = false;
			break;
		case DIF_OP_SCMP: {
			int c = dtrace_strcmp(ms, dp, regs[r1], regs[r2]);

			cc_n = c < 0;
			cc_z = c == 0;
			cc_v = false;
			cc_c = false;
			break;
		}
		case DIF_OP_BA:
			pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BE:
			if (cc_z)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BNE:
			if (!cc_z)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BG:
			if (!(cc_z | (cc_n ^ cc_v)))
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BGU:
			if (!(cc_c | cc_z))
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BGE:
			if (!(cc_n ^ cc_v))
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BGEU:
			if (!cc_c)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BL:
			if (cc_n ^ cc_v)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BLU:
			if (cc_c)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BLE:
			if (cc_z | (cc_n ^ cc_v))
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_BLEU:
			if (cc_c | cc_z)
				pc = DIF_INSTR_LABEL(instr);
			break;
		case DIF_OP_LDSB:
			regs[rd] = (s64)(s8)dtrace_kload(ms, regs[r1], 1);
			break;
		case DIF_OP_LDSH:
			regs[rd] = (s64)(s16)dtrace_kload(ms, regs[r1], 2);
			break;
		case DIF_OP_LDSW:
			regs[rd] = (s64)(s32)dtrace_kload(ms, regs[r1], 4);
			break;
		case DIF_OP_LDUB:
			regs[rd] = dtrace_kload(ms, regs[r1], 1);
			break;
		case DIF_OP_LDUH:
			regs[rd] = dtrace_kload(ms, regs[r1], 2);
			break;
		case DIF_OP_LDUW:
			regs[rd] = dtrace_kload(ms, regs[r1], 4);
			break;
		case DIF_OP_LDX:
			regs[rd] = dtrace_kload(ms, regs[r1], 8);
			break;
		case DIF_OP_ULDSB:
			regs[rd] = (s64)(s8)dtrace_uload(ms, regs[r1], 1);
			break;
		case DIF_OP_ULDSH:
			regs[rd] = (s64)(s16)dtrace_uload(ms, regs[r1], 2);
			break;
		case DIF_OP_ULDSW:
			regs[rd] = (s64)(s32)dtrace_uload(ms, regs[r1], 4);
			break;
		case DIF_OP_ULDUB:
			regs[rd] = dtrace_uload(ms, regs[r1], 1);
			break;
		case DIF_OP_ULDUH:
			regs[rd] = dtrace_uload(ms, regs[r1], 2);
			break;
		case DIF_OP_ULDUW:
			regs[rd] = dtrace_uload(ms, regs[r1], 4);
			break;
		case DIF_OP_ULDX:
			regs[rd] = dtrace_uload(ms, regs[r1], 8);
			break;
		case DIF_OP_STB: case DIF_OP_STH: case DIF_OP_STW:
		case DIF_OP_STX: {
			static const u8 sz[] = { 1, 2, 4, 8 };
			size_t n = sz[DIF_INSTR_OP(instr) - DIF_OP_STB];

			/* Stores go to this firing's scratch space only. */
			if (!dtrace_scratch_range(ms, regs[rd], n)) {
				dtrace_fault(ms, DTRACEFLT_BADADDR, regs[rd]);
				break;
			}
			memcpy((void *)(unsigned long)regs[rd], &regs[r1], n);
			break;
		}
		case DIF_OP_RET:
			ms->fltoffs = pc - 1;
			return regs[rd];
		case DIF_OP_NOP:
			break;
		case DIF_OP_SETX:
			regs[rd] = dp->inttab[DIF_INSTR_INTEGER(instr)];
			break;
		case DIF_OP_SETS:
			regs[rd] = (unsigned long)(dp->strtab + DIF_INSTR_STRING(instr));
			break;
		case DIF_OP_LDGA:
			/* args[], regs[], uregs[]: the validator allows no other. */
			regs[rd] = dtrace_array_builtin(ms, DIF_INSTR_AVAR(instr),
							regs[r2]);
			break;
		case DIF_OP_LDGS:
			if (v < DIF_VAR_OTHER_UBASE)
				regs[rd] = dtrace_builtin(ms, v);
			else
				regs[rd] = dtrace_var_load(ms, DIFV_SCOPE_GLOBAL, v);
			break;
		case DIF_OP_LDTS:
			regs[rd] = dtrace_var_load(ms, DIFV_SCOPE_THREAD, v);
			break;
		case DIF_OP_LDLS:
			regs[rd] = dtrace_var_load(ms, DIFV_SCOPE_LOCAL, v);
			break;
		case DIF_OP_STGS:
			dtrace_var_store(ms, dp, DIFV_SCOPE_GLOBAL, v, regs[rd]);
			break;
		case DIF_OP_STTS:
			dtrace_var_store(ms, dp, DIFV_SCOPE_THREAD, v, regs[rd]);
			break;
		case DIF_OP_STLS:
			dtrace_var_store(ms, dp, DIFV_SCOPE_LOCAL, v, regs[rd]);
			break;
		case DIF_OP_LDGAA:
		case DIF_OP_LDTAA:
			tuple.n = ntup;
			regs[rd] = dtrace_assoc_load(ms, dp,
						     DIF_INSTR_OP(instr) == DIF_OP_LDGAA ?
						     DIFV_SCOPE_GLOBAL :
						     DIFV_SCOPE_THREAD, v, &tuple);
			break;
		case DIF_OP_STGAA:
		case DIF_OP_STTAA:
			tuple.n = ntup;
			dtrace_assoc_store(ms, dp, DIF_INSTR_OP(instr) == DIF_OP_STGAA ?
					   DIFV_SCOPE_GLOBAL : DIFV_SCOPE_THREAD,
					   v, &tuple, regs[rd]);
			break;
		case DIF_OP_CALL:
			regs[rd] = dtrace_dif_subr(ms, dp, DIF_INSTR_SUBR(instr),
						   tup, tupsz, ntup);
			break;
		case DIF_OP_PUSHTR:
		case DIF_OP_PUSHTV:
			if (ntup >= DIF_DTR_NREGS) {
				dtrace_fault(ms, DTRACEFLT_TUPOFLOW, 0);
				break;
			}
			tup[ntup] = regs[DIF_INSTR_RS(instr)];
			tupsz[ntup] = DIF_INSTR_OP(instr) == DIF_OP_PUSHTR ?
				      regs[r2] : 0;
			tuptype[ntup] = DIF_INSTR_TYPE(instr);
			ntup++;
			break;
		case DIF_OP_POPTS:
			if (ntup)
				ntup--;
			break;
		case DIF_OP_FLUSHTS:
			ntup = 0;
			break;
		case DIF_OP_ALLOCS: {
			void *p = dtrace_scratch_alloc(ms, regs[r1]);

			if (p)
				memset(p, 0, regs[r1]);
			regs[rd] = (unsigned long)p;
			break;
		}
		case DIF_OP_COPYS:
			if (!dtrace_scratch_range(ms, regs[rd], regs[r2])) {
				dtrace_fault(ms, DTRACEFLT_BADADDR, regs[rd]);
				break;
			}
			dtrace_bcopy_in(ms, (void *)(unsigned long)regs[rd],
					regs[r1], regs[r2]);
			break;
		default:
			/* The validator lets no other opcode through. */
			dtrace_fault(ms, DTRACEFLT_ILLOP, 0);
			break;
		}
	}

	/* A fault: report the offending instruction. */
	ms->fltoffs = pc ? pc - 1 : 0;
	return 0;
}
