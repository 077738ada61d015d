/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DTrace: DIF, the D Intermediate Format.
 *
 * dtrace(1) compiles each predicate and each action's expression of a D
 * program to a DIF object (DIFO): a short program of 32-bit instructions
 * with an integer table, a string table and a table of the variables it
 * uses.  The kernel validates every DIFO when it is uploaded and runs it
 * in probe context.  The instruction set follows the one DTrace has
 * always used (the illumos DIF ISA), so the encodings and numbers below
 * are the traditional ones.
 *
 * Machine model: DIF_NREGS 64-bit integer registers, %r0 always reads as
 * zero; condition codes set by CMP, SCMP and TST; a tuple stack of
 * DIF_DTR_NREGS entries that passes keys to associative arrays and
 * arguments to subroutines; forward branches only, so every program
 * ends.  A program finishes with RET, whose register is its value.
 *
 * Instruction formats (bit 31 on the left):
 *
 *	op:8 r1:8 r2:8 rd:8	most instructions
 *	op:8 label:24		branches; label is an instruction index
 *	op:8 index:16 rd:8	SETX (integer table), SETS (string table
 *				offset), LDxS/LDxA (variable id)
 *	op:8 var:16 rs:8	STxS/STxAA (variable id, source register)
 *	op:8 subr:16 rd:8	CALL
 *	op:8 type:8 r2:8 rs:8	PUSHTR (r2 holds the size of a by-ref
 *				value), PUSHTV
 *	op:8 var:8 r2:8 rd:8	LDGA/LDTA: element %r2 of array var
 */
#ifndef _UAPI_LINUX_DTRACE_DIF_H
#define _UAPI_LINUX_DTRACE_DIF_H

#include <linux/types.h>

#define DIF_NREGS		8	/* integer registers, %r0 is zero */
#define DIF_DTR_NREGS		8	/* tuple stack entries */
#define DIF_MAX_INSTRS		4096	/* instructions in one DIFO */
#define DIF_MAX_INTTAB		1024	/* integer table entries */
#define DIF_MAX_STRTAB		(64 * 1024)	/* string table bytes */
#define DIF_MAX_VARS		1024	/* variable table entries */

/* Opcodes. */
#define DIF_OP_OR	1	/* or	r1, r2, rd */
#define DIF_OP_XOR	2	/* xor	r1, r2, rd */
#define DIF_OP_AND	3	/* and	r1, r2, rd */
#define DIF_OP_SLL	4	/* sll	r1, r2, rd */
#define DIF_OP_SRL	5	/* srl	r1, r2, rd */
#define DIF_OP_SUB	6	/* sub	r1, r2, rd */
#define DIF_OP_ADD	7	/* add	r1, r2, rd */
#define DIF_OP_MUL	8	/* mul	r1, r2, rd */
#define DIF_OP_SDIV	9	/* sdiv	r1, r2, rd */
#define DIF_OP_UDIV	10	/* udiv	r1, r2, rd */
#define DIF_OP_SREM	11	/* srem	r1, r2, rd */
#define DIF_OP_UREM	12	/* urem	r1, r2, rd */
#define DIF_OP_NOT	13	/* not	r1, rd */
#define DIF_OP_MOV	14	/* mov	r1, rd */
#define DIF_OP_CMP	15	/* cmp	r1, r2 */
#define DIF_OP_TST	16	/* tst	r1 */
#define DIF_OP_BA	17	/* ba	label */
#define DIF_OP_BE	18	/* be	label */
#define DIF_OP_BNE	19	/* bne	label */
#define DIF_OP_BG	20	/* bg	label */
#define DIF_OP_BGU	21	/* bgu	label */
#define DIF_OP_BGE	22	/* bge	label */
#define DIF_OP_BGEU	23	/* bgeu	label */
#define DIF_OP_BL	24	/* bl	label */
#define DIF_OP_BLU	25	/* blu	label */
#define DIF_OP_BLE	26	/* ble	label */
#define DIF_OP_BLEU	27	/* bleu	label */
#define DIF_OP_LDSB	28	/* ldsb	[r1], rd: kernel memory */
#define DIF_OP_LDSH	29	/* ldsh	[r1], rd */
#define DIF_OP_LDSW	30	/* ldsw	[r1], rd */
#define DIF_OP_LDUB	31	/* ldub	[r1], rd */
#define DIF_OP_LDUH	32	/* lduh	[r1], rd */
#define DIF_OP_LDUW	33	/* lduw	[r1], rd */
#define DIF_OP_LDX	34	/* ldx	[r1], rd */
#define DIF_OP_RET	35	/* ret	rd */
#define DIF_OP_NOP	36	/* nop */
#define DIF_OP_SETX	37	/* setx	inttab[index], rd */
#define DIF_OP_SETS	38	/* sets	strtab[index], rd */
#define DIF_OP_SCMP	39	/* scmp	r1, r2: compare strings */
#define DIF_OP_LDGA	40	/* ldga	var, r2, rd: global array */
#define DIF_OP_LDGS	41	/* ldgs	var, rd: global scalar */
#define DIF_OP_STGS	42	/* stgs	var, rs */
#define DIF_OP_LDTA	43	/* ldta	var, r2, rd: thread-local array */
#define DIF_OP_LDTS	44	/* ldts	var, rd: thread-local scalar */
#define DIF_OP_STTS	45	/* stts	var, rs */
#define DIF_OP_SRA	46	/* sra	r1, r2, rd */
#define DIF_OP_CALL	47	/* call	subr, rd */
#define DIF_OP_PUSHTR	48	/* pushtr type, r2, rs: push by ref */
#define DIF_OP_PUSHTV	49	/* pushtv type, rs: push by value */
#define DIF_OP_POPTS	50	/* popts */
#define DIF_OP_FLUSHTS	51	/* flushts */
#define DIF_OP_LDGAA	52	/* ldgaa var, rd: global assoc. array */
#define DIF_OP_LDTAA	53	/* ldtaa var, rd: thread-local assoc. */
#define DIF_OP_STGAA	54	/* stgaa var, rs */
#define DIF_OP_STTAA	55	/* sttaa var, rs */
#define DIF_OP_LDLS	56	/* ldls	var, rd: clause-local scalar */
#define DIF_OP_STLS	57	/* stls	var, rs */
#define DIF_OP_ALLOCS	58	/* allocs r1, rd: r1 bytes of scratch */
#define DIF_OP_COPYS	59	/* copys r1, r2, rd: r2 bytes r1 -> rd */
#define DIF_OP_STB	60	/* stb	r1, [rd]: scratch memory only */
#define DIF_OP_STH	61	/* sth	r1, [rd] */
#define DIF_OP_STW	62	/* stw	r1, [rd] */
#define DIF_OP_STX	63	/* stx	r1, [rd] */
#define DIF_OP_ULDSB	64	/* uldsb [r1], rd: user memory */
#define DIF_OP_ULDSH	65	/* uldsh [r1], rd */
#define DIF_OP_ULDSW	66	/* uldsw [r1], rd */
#define DIF_OP_ULDUB	67	/* uldub [r1], rd */
#define DIF_OP_ULDUH	68	/* ulduh [r1], rd */
#define DIF_OP_ULDUW	69	/* ulduw [r1], rd */
#define DIF_OP_ULDX	70	/* uldx	[r1], rd */
#define DIF_OP_MAX	70

/* Instruction fields. */
#define DIF_INSTR_OP(i)		(((i) >> 24) & 0xff)
#define DIF_INSTR_R1(i)		(((i) >> 16) & 0xff)
#define DIF_INSTR_R2(i)		(((i) >>  8) & 0xff)
#define DIF_INSTR_RD(i)		((i) & 0xff)
#define DIF_INSTR_RS(i)		((i) & 0xff)
#define DIF_INSTR_LABEL(i)	((i) & 0xffffff)
#define DIF_INSTR_VAR(i)	(((i) >>  8) & 0xffff)
#define DIF_INSTR_INTEGER(i)	(((i) >>  8) & 0xffff)
#define DIF_INSTR_STRING(i)	(((i) >>  8) & 0xffff)
#define DIF_INSTR_SUBR(i)	(((i) >>  8) & 0xffff)
#define DIF_INSTR_TYPE(i)	(((i) >> 16) & 0xff)
#define DIF_INSTR_AVAR(i)	(((i) >> 16) & 0xff)	/* LDGA, LDTA */

#define DIF_INSTR_FMT(op, r1, r2, d) \
	(((__u32)(op) << 24) | ((__u32)(r1) << 16) | ((__u32)(r2) << 8) | (__u32)(d))
#define DIF_INSTR_BRANCH(op, label) \
	(((__u32)(op) << 24) | ((__u32)(label) & 0xffffff))
#define DIF_INSTR_INDEX(op, idx, d) \
	(((__u32)(op) << 24) | ((__u32)(idx) << 8) | (__u32)(d))
#define DIF_INSTR_RET(d)	DIF_INSTR_FMT(DIF_OP_RET, 0, 0, d)
#define DIF_INSTR_NOP		DIF_INSTR_FMT(DIF_OP_NOP, 0, 0, 0)

/* Types pushed on the tuple stack. */
#define DIF_TYPE_CTF		0	/* an integer (by value) */
#define DIF_TYPE_STRING		1	/* a string (by reference) */

/*
 * Variables.  Ids below DIF_VAR_OTHER_UBASE are built-in; user variables
 * are numbered from it, separately for each scope.
 */
#define DIF_VAR_ARGS		0x0000	/* args[]: the probe's arguments */
#define DIF_VAR_REGS		0x0001	/* regs[]: reserved */
#define DIF_VAR_UREGS		0x0002	/* uregs[]: reserved */
#define DIF_VAR_CURTHREAD	0x0100	/* curthread: the task_struct */
#define DIF_VAR_TIMESTAMP	0x0101
#define DIF_VAR_VTIMESTAMP	0x0102
#define DIF_VAR_IPL		0x0103
#define DIF_VAR_EPID		0x0104
#define DIF_VAR_ID		0x0105	/* probe id */
#define DIF_VAR_ARG0		0x0106
#define DIF_VAR_ARG1		0x0107
#define DIF_VAR_ARG2		0x0108
#define DIF_VAR_ARG3		0x0109
#define DIF_VAR_ARG4		0x010a
#define DIF_VAR_ARG5		0x010b
#define DIF_VAR_ARG6		0x010c
#define DIF_VAR_ARG7		0x010d
#define DIF_VAR_ARG8		0x010e
#define DIF_VAR_ARG9		0x010f
#define DIF_VAR_STACKDEPTH	0x0110
#define DIF_VAR_CALLER		0x0111
#define DIF_VAR_PROBEPROV	0x0112
#define DIF_VAR_PROBEMOD	0x0113
#define DIF_VAR_PROBEFUNC	0x0114
#define DIF_VAR_PROBENAME	0x0115
#define DIF_VAR_PID		0x0116
#define DIF_VAR_TID		0x0117
#define DIF_VAR_EXECNAME	0x0118
#define DIF_VAR_ZONENAME	0x0119
#define DIF_VAR_WALLTIMESTAMP	0x011a
#define DIF_VAR_USTACKDEPTH	0x011b
#define DIF_VAR_UCALLER		0x011c
#define DIF_VAR_PPID		0x011d
#define DIF_VAR_UID		0x011e
#define DIF_VAR_GID		0x011f
#define DIF_VAR_ERRNO		0x0120
#define DIF_VAR_CURCPU		0x0121	/* cpu and curcpu */
#define DIF_VAR_OTHER_UBASE	0x0500	/* first user variable */
#define DIF_VAR_OTHER_MAX	0xffff

/* Subroutines, called with CALL; arguments on the tuple stack. */
#define DIF_SUBR_RAND			0
#define DIF_SUBR_MUTEX_OWNED		1
#define DIF_SUBR_MUTEX_OWNER		2
#define DIF_SUBR_MUTEX_TYPE_ADAPTIVE	3
#define DIF_SUBR_MUTEX_TYPE_SPIN	4
#define DIF_SUBR_RW_READ_HELD		5
#define DIF_SUBR_RW_WRITE_HELD		6
#define DIF_SUBR_RW_ISWRITER		7
#define DIF_SUBR_COPYIN			8
#define DIF_SUBR_COPYINSTR		9
#define DIF_SUBR_SPECULATION		10
#define DIF_SUBR_PROGENYOF		11
#define DIF_SUBR_STRLEN			12
#define DIF_SUBR_COPYOUT		13
#define DIF_SUBR_COPYOUTSTR		14
#define DIF_SUBR_ALLOCA			15
#define DIF_SUBR_BCOPY			16
#define DIF_SUBR_COPYINTO		17
#define DIF_SUBR_MSGDSIZE		18
#define DIF_SUBR_MSGSIZE		19
#define DIF_SUBR_GETMAJOR		20
#define DIF_SUBR_GETMINOR		21
#define DIF_SUBR_DDI_PATHNAME		22
#define DIF_SUBR_STRJOIN		23
#define DIF_SUBR_LLTOSTR		24
#define DIF_SUBR_BASENAME		25
#define DIF_SUBR_DIRNAME		26
#define DIF_SUBR_CLEANPATH		27
#define DIF_SUBR_STRCHR			28
#define DIF_SUBR_STRRCHR		29
#define DIF_SUBR_STRSTR			30
#define DIF_SUBR_STRTOK			31
#define DIF_SUBR_SUBSTR			32
#define DIF_SUBR_INDEX			33
#define DIF_SUBR_RINDEX			34
#define DIF_SUBR_HTONS			35
#define DIF_SUBR_HTONL			36
#define DIF_SUBR_HTONLL			37
#define DIF_SUBR_NTOHS			38
#define DIF_SUBR_NTOHL			39
#define DIF_SUBR_NTOHLL			40
#define DIF_SUBR_INET_NTOP		41
#define DIF_SUBR_INET_NTOA		42
#define DIF_SUBR_INET_NTOA6		43
#define DIF_SUBR_TOUPPER		44
#define DIF_SUBR_TOLOWER		45
#define DIF_SUBR_MAX			45

/**
 * struct dif_type - the type of a DIFO's value or of a variable
 * @kind: DIF_TYPE_CTF (an integer, or a by-ref object) or DIF_TYPE_STRING
 * @flags: DIF_TF_BYREF when the value is the address of @size bytes
 * @size: size in bytes: 1, 2, 4 or 8 for integers passed by value
 */
struct dif_type {
	__u8 kind;
	__u8 flags;
	__u16 __pad;
	__u32 size;
};

#define DIF_TF_BYREF		0x01

/* Variable kinds and scopes. */
#define DIFV_KIND_ARRAY		0
#define DIFV_KIND_SCALAR	1
#define DIFV_SCOPE_GLOBAL	0
#define DIFV_SCOPE_THREAD	1
#define DIFV_SCOPE_LOCAL	2

/**
 * struct dif_var - a variable a DIFO refers to
 * @name: offset of its name in the string table
 * @id: DIF_VAR_* for a built-in, or >= DIF_VAR_OTHER_UBASE
 * @kind: DIFV_KIND_*
 * @scope: DIFV_SCOPE_*
 * @flags: DIFV_F_REF if the DIFO reads it, DIFV_F_MOD if it writes it
 * @type: its type (a string variable holds strsize bytes)
 */
struct dif_var {
	__u32 name;
	__u32 id;
	__u8 kind;
	__u8 scope;
	__u16 flags;
	struct dif_type type;
};

#define DIFV_F_REF		0x1
#define DIFV_F_MOD		0x2

/**
 * struct dif_object - a DIF object as uploaded (all pointers user space)
 * @text: the instructions, @ntext __u32 words
 * @inttab: the integer table, @nint __u64 values
 * @strtab: the string table, @strlen bytes (strings NUL-terminated)
 * @vartab: the variable table, @nvars struct dif_var
 * @rtype: the type of the value the program returns
 */
struct dif_object {
	__u64 text;
	__u64 inttab;
	__u64 strtab;
	__u64 vartab;
	__u32 ntext;
	__u32 nint;
	__u32 strlen;
	__u32 nvars;
	struct dif_type rtype;
};

#endif /* _UAPI_LINUX_DTRACE_DIF_H */
