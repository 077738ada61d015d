/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTrace: declarations shared by the breakpoint probe files of
 * arch/x86/dtrace/.
 */
#ifndef _ARCH_X86_DTRACE_BP_LOCAL_H
#define _ARCH_X86_DTRACE_BP_LOCAL_H

#include <linux/percpu.h>

/* int3s taken after their site was disarmed (dtrace_bp.c), by CPU. */
DECLARE_PER_CPU(unsigned long, dtrace_bp_stale);
extern unsigned long dtrace_bp_lost;

struct insn;

/* Whether @insn has prefix @p (dtrace_bp.c). */
bool dtrace_bp_has_prefix(struct insn *insn, u8 p);

/* Whether fbt and instr may probe a function (dtrace_fbt.c). */
bool dtrace_fbt_probeable(const char *name, unsigned long addr,
			  unsigned long *sizep);

/* Text sections that fbt and instr leave alone (no header has them). */
extern char __cpuidle_text_start[], __cpuidle_text_end[];
extern char __static_call_text_start[];

/* The test functions of dtrace_bp_kunit_asm.S. */
long dtbp_test_leaf(long x);
long dtbp_test_frame(long x);
long dtbp_test_branch(long x);
unsigned long dtbp_test_irq(void);
unsigned long dtbp_test_rip(void);
extern unsigned long dtbp_test_var;

#endif /* _ARCH_X86_DTRACE_BP_LOCAL_H */
