// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the DIF disassembler, for -S.
 *
 * Each DIFO is printed as its instructions (offset, the instruction word
 * in hexadecimal, the mnemonic and operands, with a comment naming the
 * constant, string or variable an operand refers to), then its return
 * type and its integer, string and variable tables.
 */
#include <ctype.h>
#include <string.h>

#include "dtrace.h"

struct dt_opinfo {
	const char *name;
	int fmt;
};

enum {
	F_NONE,		/* nop, popts, flushts */
	F_R1R2RD,	/* add %r1, %r2, %rd */
	F_R1RD,		/* not %r1, %rd */
	F_R1R2,		/* cmp %r1, %r2 */
	F_R1,		/* tst %r1 */
	F_BRANCH,	/* ba 12 */
	F_LOAD,		/* ldsb [%r1], %rd */
	F_STORE,	/* stb %r1, [%rd] */
	F_RET,		/* ret %rd */
	F_SETX,		/* setx DT_INTEGER[i], %rd */
	F_SETS,		/* sets DT_STRING[i], %rd */
	F_LDV,		/* ldgs DT_VAR(id), %rd */
	F_STV,		/* stgs DT_VAR(id), %rs */
	F_LDA,		/* ldga DT_VAR(id), %r2, %rd */
	F_CALL,		/* call DIF_SUBR(n), %rd */
	F_PUSHTR,	/* pushtr type, %r2, %rs */
	F_PUSHTV,	/* pushtv type, %rs */
	F_COPYS,	/* copys %r1, %r2, %rd */
};

static const struct dt_opinfo dt_ops[DIF_OP_MAX + 1] = {
	[DIF_OP_OR] = { "or", F_R1R2RD },
	[DIF_OP_XOR] = { "xor", F_R1R2RD },
	[DIF_OP_AND] = { "and", F_R1R2RD },
	[DIF_OP_SLL] = { "sll", F_R1R2RD },
	[DIF_OP_SRL] = { "srl", F_R1R2RD },
	[DIF_OP_SUB] = { "sub", F_R1R2RD },
	[DIF_OP_ADD] = { "add", F_R1R2RD },
	[DIF_OP_MUL] = { "mul", F_R1R2RD },
	[DIF_OP_SDIV] = { "sdiv", F_R1R2RD },
	[DIF_OP_UDIV] = { "udiv", F_R1R2RD },
	[DIF_OP_SREM] = { "srem", F_R1R2RD },
	[DIF_OP_UREM] = { "urem", F_R1R2RD },
	[DIF_OP_NOT] = { "not", F_R1RD },
	[DIF_OP_MOV] = { "mov", F_R1RD },
	[DIF_OP_CMP] = { "cmp", F_R1R2 },
	[DIF_OP_TST] = { "tst", F_R1 },
	[DIF_OP_BA] = { "ba", F_BRANCH },
	[DIF_OP_BE] = { "be", F_BRANCH },
	[DIF_OP_BNE] = { "bne", F_BRANCH },
	[DIF_OP_BG] = { "bg", F_BRANCH },
	[DIF_OP_BGU] = { "bgu", F_BRANCH },
	[DIF_OP_BGE] = { "bge", F_BRANCH },
	[DIF_OP_BGEU] = { "bgeu", F_BRANCH },
	[DIF_OP_BL] = { "bl", F_BRANCH },
	[DIF_OP_BLU] = { "blu", F_BRANCH },
	[DIF_OP_BLE] = { "ble", F_BRANCH },
	[DIF_OP_BLEU] = { "bleu", F_BRANCH },
	[DIF_OP_LDSB] = { "ldsb", F_LOAD },
	[DIF_OP_LDSH] = { "ldsh", F_LOAD },
	[DIF_OP_LDSW] = { "ldsw", F_LOAD },
	[DIF_OP_LDUB] = { "ldub", F_LOAD },
	[DIF_OP_LDUH] = { "lduh", F_LOAD },
	[DIF_OP_LDUW] = { "lduw", F_LOAD },
	[DIF_OP_LDX] = { "ldx", F_LOAD },
	[DIF_OP_RET] = { "ret", F_RET },
	[DIF_OP_NOP] = { "nop", F_NONE },
	[DIF_OP_SETX] = { "setx", F_SETX },
	[DIF_OP_SETS] = { "sets", F_SETS },
	[DIF_OP_SCMP] = { "scmp", F_R1R2 },
	[DIF_OP_LDGA] = { "ldga", F_LDA },
	[DIF_OP_LDGS] = { "ldgs", F_LDV },
	[DIF_OP_STGS] = { "stgs", F_STV },
	[DIF_OP_LDTA] = { "ldta", F_LDA },
	[DIF_OP_LDTS] = { "ldts", F_LDV },
	[DIF_OP_STTS] = { "stts", F_STV },
	[DIF_OP_SRA] = { "sra", F_R1R2RD },
	[DIF_OP_CALL] = { "call", F_CALL },
	[DIF_OP_PUSHTR] = { "pushtr", F_PUSHTR },
	[DIF_OP_PUSHTV] = { "pushtv", F_PUSHTV },
	[DIF_OP_POPTS] = { "popts", F_NONE },
	[DIF_OP_FLUSHTS] = { "flushts", F_NONE },
	[DIF_OP_LDGAA] = { "ldgaa", F_LDV },
	[DIF_OP_LDTAA] = { "ldtaa", F_LDV },
	[DIF_OP_STGAA] = { "stgaa", F_STV },
	[DIF_OP_STTAA] = { "sttaa", F_STV },
	[DIF_OP_LDLS] = { "ldls", F_LDV },
	[DIF_OP_STLS] = { "stls", F_STV },
	[DIF_OP_ALLOCS] = { "allocs", F_R1RD },
	[DIF_OP_COPYS] = { "copys", F_COPYS },
	[DIF_OP_STB] = { "stb", F_STORE },
	[DIF_OP_STH] = { "sth", F_STORE },
	[DIF_OP_STW] = { "stw", F_STORE },
	[DIF_OP_STX] = { "stx", F_STORE },
	[DIF_OP_ULDSB] = { "uldsb", F_LOAD },
	[DIF_OP_ULDSH] = { "uldsh", F_LOAD },
	[DIF_OP_ULDSW] = { "uldsw", F_LOAD },
	[DIF_OP_ULDUB] = { "uldub", F_LOAD },
	[DIF_OP_ULDUH] = { "ulduh", F_LOAD },
	[DIF_OP_ULDUW] = { "ulduw", F_LOAD },
	[DIF_OP_ULDX] = { "uldx", F_LOAD },
};

static int dt_dis_scope(u32 op)
{
	switch (op) {
	case DIF_OP_LDTS:
	case DIF_OP_STTS:
	case DIF_OP_LDTAA:
	case DIF_OP_STTAA:
	case DIF_OP_LDTA:
		return DIFV_SCOPE_THREAD;
	case DIF_OP_LDLS:
	case DIF_OP_STLS:
		return DIFV_SCOPE_LOCAL;
	default:
		return DIFV_SCOPE_GLOBAL;
	}
}

/* The name of variable @id of @scope, from the DIFO or the built-ins. */
static const char *dt_dis_varname(const struct dt_difo *dp, unsigned int id,
				  int scope)
{
	const char *b;
	unsigned int i;

	for (i = 0; i < dp->nvars; i++)
		if (dp->vartab[i].id == id && dp->vartab[i].scope == scope &&
		    dp->vartab[i].name < dp->strlen)
			return dp->strtab + dp->vartab[i].name;
	b = dt_builtin_var_name(id);
	return b ? b : "?";
}

static void dt_dis_string(FILE *fp, const char *s, unsigned int max)
{
	unsigned int i;

	fputc('"', fp);
	for (i = 0; s[i] && i < max; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (isprint(c))
			fputc(c, fp);
		else
			fprintf(fp, "\\%03o", c);
	}
	fputc('"', fp);
}

/* One instruction, without a newline. */
void dt_dis_instr(FILE *fp, const struct dt_difo *dp, unsigned int pc)
{
	u32 in = dp->text[pc];
	u32 op = DIF_INSTR_OP(in);
	unsigned int r1 = DIF_INSTR_R1(in), r2 = DIF_INSTR_R2(in);
	unsigned int rd = DIF_INSTR_RD(in);
	const struct dt_opinfo *oi = op <= DIF_OP_MAX ? &dt_ops[op] : NULL;
	char args[128] = "", cmt[160] = "";
	unsigned int idx;

	if (!oi || !oi->name) {
		fprintf(fp, "%02u: %08x    (illegal opcode %u)", pc, in, op);
		return;
	}
	switch (oi->fmt) {
	case F_NONE:
		break;
	case F_R1R2RD:
	case F_COPYS:
		snprintf(args, sizeof(args), "%%r%u, %%r%u, %%r%u", r1, r2, rd);
		break;
	case F_R1RD:
		snprintf(args, sizeof(args), "%%r%u, %%r%u", r1, rd);
		break;
	case F_R1R2:
		snprintf(args, sizeof(args), "%%r%u, %%r%u", r1, r2);
		break;
	case F_R1:
		snprintf(args, sizeof(args), "%%r%u", r1);
		break;
	case F_BRANCH:
		snprintf(args, sizeof(args), "%u", DIF_INSTR_LABEL(in));
		break;
	case F_LOAD:
		snprintf(args, sizeof(args), "[%%r%u], %%r%u", r1, rd);
		break;
	case F_STORE:
		snprintf(args, sizeof(args), "%%r%u, [%%r%u]", r1, rd);
		break;
	case F_RET:
		snprintf(args, sizeof(args), "%%r%u", rd);
		break;
	case F_SETX:
		idx = DIF_INSTR_INTEGER(in);
		snprintf(args, sizeof(args), "DT_INTEGER[%u], %%r%u", idx, rd);
		if (idx < dp->nint)
			snprintf(cmt, sizeof(cmt), "0x%llx",
				 (unsigned long long)dp->inttab[idx]);
		break;
	case F_SETS:
		idx = DIF_INSTR_STRING(in);
		snprintf(args, sizeof(args), "DT_STRING[%u], %%r%u", idx, rd);
		break;
	case F_LDV:
	case F_STV:
		idx = DIF_INSTR_VAR(in);
		snprintf(args, sizeof(args), "DT_VAR(%u), %%r%u", idx, rd);
		snprintf(cmt, sizeof(cmt), "DT_VAR(%u) = \"%s\"", idx,
			 dt_dis_varname(dp, idx, dt_dis_scope(op)));
		break;
	case F_LDA:
		idx = DIF_INSTR_AVAR(in);
		snprintf(args, sizeof(args), "DT_VAR(%u), %%r%u, %%r%u", idx, r2, rd);
		snprintf(cmt, sizeof(cmt), "DT_VAR(%u) = \"%s\"", idx,
			 dt_dis_varname(dp, idx, dt_dis_scope(op)));
		break;
	case F_CALL: {
		const char *s = dt_subr_name(DIF_INSTR_SUBR(in));

		idx = DIF_INSTR_SUBR(in);
		snprintf(args, sizeof(args), "DIF_SUBR(%u), %%r%u", idx, rd);
		snprintf(cmt, sizeof(cmt), "%s", s ? s : "?");
		break;
	}
	case F_PUSHTR:
		snprintf(args, sizeof(args), "%s, %%r%u, %%r%u",
			 DIF_INSTR_TYPE(in) == DIF_TYPE_STRING ? "DIF_TYPE_STRING" :
			 "DIF_TYPE_CTF", r2, rd);
		break;
	case F_PUSHTV:
		snprintf(args, sizeof(args), "%s, %%r%u",
			 DIF_INSTR_TYPE(in) == DIF_TYPE_STRING ? "DIF_TYPE_STRING" :
			 "DIF_TYPE_CTF", rd);
		break;
	}
	if (args[0])
		fprintf(fp, "%02u: %08x    %-7s %s", pc, in, oi->name, args);
	else
		fprintf(fp, "%02u: %08x    %s", pc, in, oi->name);
	if (oi->fmt == F_SETS) {
		idx = DIF_INSTR_STRING(in);
		fprintf(fp, "%*s! ", (int)(24 - strlen(args)) > 0 ?
			(int)(24 - strlen(args)) + 1 : 1, "");
		if (idx < dp->strlen)
			dt_dis_string(fp, dp->strtab + idx, 64);
	} else if (cmt[0]) {
		fprintf(fp, "%*s! %s", (int)(24 - strlen(args)) > 0 ?
			(int)(24 - strlen(args)) + 1 : 1, "", cmt);
	}
}

static const char *dt_dis_typestr(const struct dif_type *t, char *buf, size_t len)
{
	if (t->kind == DIF_TYPE_STRING)
		snprintf(buf, len, "string (size %u)", t->size);
	else if (t->flags & DIF_TF_BYREF)
		snprintf(buf, len, "by reference (size %u)", t->size);
	else if (t->size == 0)
		snprintf(buf, len, "void");
	else
		snprintf(buf, len, "integer (size %u)", t->size);
	return buf;
}

/* -S output for one DIFO: @what names it (predicate, action #2). */
void dt_dis(FILE *fp, const char *what, const struct dt_difo *dp)
{
	char tb[64], db[128];
	unsigned int i;

	fprintf(fp, "\nDIFO %s returns %s", what,
		dt_dis_typestr(&dp->rtype, tb, sizeof(tb)));
	if (dp->type && dp->type->kind != DT_TK_VOID)
		fprintf(fp, ", D type %s", dt_type_name(dp->type, db, sizeof(db)));
	fprintf(fp, "\nOFF OPCODE      INSTRUCTION\n");
	for (i = 0; i < dp->ntext; i++) {
		dt_dis_instr(fp, dp, i);
		fputc('\n', fp);
	}
	if (dp->nint) {
		fprintf(fp, "\nINTEGER TABLE\n");
		for (i = 0; i < dp->nint; i++)
			fprintf(fp, "%02u: 0x%llx (%lld)\n", i,
				(unsigned long long)dp->inttab[i],
				(long long)dp->inttab[i]);
	}
	if (dp->strlen) {
		unsigned int off = 0;

		fprintf(fp, "\nSTRING TABLE\n");
		while (off < dp->strlen) {
			fprintf(fp, "%02u: ", off);
			dt_dis_string(fp, dp->strtab + off, dp->strlen - off);
			fputc('\n', fp);
			off += strlen(dp->strtab + off) + 1;
		}
	}
	if (dp->nvars) {
		fprintf(fp, "\nVARIABLE TABLE\n");
		fprintf(fp, "%-16s %-6s %-4s %-4s %-4s %s\n", "NAME", "ID", "KND",
			"SCP", "FLAG", "TYPE");
		for (i = 0; i < dp->nvars; i++) {
			const struct dif_var *v = &dp->vartab[i];
			char fl[8];
			int k = 0;

			if (v->flags & DIFV_F_REF)
				fl[k++] = 'r';
			if (v->flags & DIFV_F_MOD)
				fl[k++] = 'w';
			fl[k] = '\0';
			fprintf(fp, "%-16s %-6x %-4s %-4s %-4s %s\n",
				v->name < dp->strlen ? dp->strtab + v->name : "?",
				v->id, v->kind == DIFV_KIND_ARRAY ? "arr" : "scl",
				v->scope == DIFV_SCOPE_GLOBAL ? "glb" :
				v->scope == DIFV_SCOPE_THREAD ? "tls" : "loc",
				fl, dt_dis_typestr(&v->type, tb, sizeof(tb)));
		}
	}
}
