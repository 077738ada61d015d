/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTrace: functions with known instructions for the dtrace_bp KUnit suite
 * (dtrace_bp_kunit.c), which probes each of their instructions.
 */
#include <linux/linkage.h>
#include <asm/ibt.h>

	.text

/* long dtbp_test_leaf(long x): 2 * x */
SYM_FUNC_START(dtbp_test_leaf)
	ENDBR
	lea (%rdi, %rdi), %rax
	RET
SYM_FUNC_END(dtbp_test_leaf)

/*
 * long dtbp_test_frame(long x): x + 1, through a frame and saved
 * registers: push %rbp, mov %rsp,%rbp, push %rbx, push %r12 (emulated),
 * the rest out of line.
 */
SYM_FUNC_START(dtbp_test_frame)
	ENDBR
	push %rbp
	mov %rsp, %rbp
	push %rbx
	push %r12
	mov %rdi, %rbx
	lea 1(%rbx), %rax
	pop %r12
	pop %rbx
	pop %rbp
	RET
SYM_FUNC_END(dtbp_test_frame)

/*
 * long dtbp_test_branch(long x): -5 for 0, 2x + 3 below 100, 2x + 10
 * from 100: nop, nopl (the fentry form), call rel32, jcc rel8 and rel32,
 * jmp rel8 and rel32.
 */
SYM_FUNC_START(dtbp_test_branch)
	ENDBR
	nop
	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00	/* nopl 0x0(%rax,%rax,1) */
	call dtbp_test_leaf
	test %rdi, %rdi
	jz 1f
	add $3, %rax
	cmp $100, %rdi
	.byte 0x0f, 0x8c			/* jl rel32 */
	.long 2f - 3f
3:	add $7, %rax
	.byte 0xe9				/* jmp rel32 */
	.long 2f - 4f
4:
1:	mov $-5, %rax
	jmp 2f
2:	RET
SYM_FUNC_END(dtbp_test_branch)

/*
 * unsigned long dtbp_test_irq(void): the flags between a cli and a sti
 * (called with interrupts on).  pushf gets no site.
 */
SYM_FUNC_START(dtbp_test_irq)
	ENDBR
	cli
	pushf
	pop %rax
	sti
	RET
SYM_FUNC_END(dtbp_test_irq)

/* unsigned long dtbp_test_rip(void): dtbp_test_var + 1, rip-relative. */
SYM_FUNC_START(dtbp_test_rip)
	ENDBR
	mov dtbp_test_var(%rip), %rax
	add $1, %rax
	RET
SYM_FUNC_END(dtbp_test_rip)

	.data
	.balign 8
SYM_DATA(dtbp_test_var, .quad 0x12345678)
