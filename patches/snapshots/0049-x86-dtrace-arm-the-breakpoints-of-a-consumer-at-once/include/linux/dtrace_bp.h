/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DTrace: breakpoint probe sites (x86), for the fbt and instr providers.
 *
 * A site is an instruction of kernel text that can carry an int3.  The
 * instruction the int3 displaces is emulated or executed out of line from
 * a slot of its own.  Up to one handler of each kind hangs on a site; they
 * run in the order of enum dtrace_bp_kind, with interrupts off, before the
 * instruction.  See arch/x86/dtrace/dtrace_bp.c.
 */
#ifndef _LINUX_DTRACE_BP_H
#define _LINUX_DTRACE_BP_H

#include <linux/jump_label.h>
#include <linux/types.h>

struct pt_regs;
struct dtrace_bp_site;

/* The handlers of a site, in the order they run. */
enum dtrace_bp_kind {
	DTRACE_BP_FBT_ENTRY,
	DTRACE_BP_INSTR,
	DTRACE_BP_FBT_RETURN,
	DTRACE_BP_NKINDS
};

/* Why a site was refused: see dtrace_bp_reason_name(). */
enum dtrace_bp_reason {
	DTRACE_BP_OK,
	DTRACE_BP_UNDECODABLE,	/* the decoder does not know it */
	DTRACE_BP_RESERVED,	/* jump label, static call, ftrace, SMP lock */
	DTRACE_BP_EXTABLE,	/* may fault with a fixup at this address */
	DTRACE_BP_BRANCH,	/* indirect or far branch, loop, jrcxz */
	DTRACE_BP_SYSTEM,	/* int, iret, hlt, syscall, ud, in/out, ... */
	DTRACE_BP_UNSUPPORTED,	/* neither emulated nor safe out of line */
	DTRACE_BP_LONG,		/* too long for a slot and the jump back */
	DTRACE_BP_RANGE,	/* a displacement out of reach of the slot */
	DTRACE_BP_INT3,		/* an int3 there already */
	DTRACE_BP_BUSY,		/* a handler of this kind is there already */
	DTRACE_BP_NOMEM,
	DTRACE_BP_NREASONS
};

/* What a site does with the instruction it displaces. */
enum dtrace_bp_emu {
	DTRACE_BP_EMU_NOP,	/* nop forms, endbr64 */
	DTRACE_BP_EMU_PUSH,	/* push %reg */
	DTRACE_BP_EMU_MOVBP,	/* mov %rsp,%rbp */
	DTRACE_BP_EMU_RET,
	DTRACE_BP_EMU_CALL,	/* call rel32 */
	DTRACE_BP_EMU_JMP,	/* jmp rel8/rel32 */
	DTRACE_BP_EMU_JCC,	/* jcc rel8/rel32 */
	DTRACE_BP_EMU_CLI,
	DTRACE_BP_EMU_STI,
	DTRACE_BP_EMU_OOL,	/* out of line, from the site's slot */
	DTRACE_BP_EMU_NTYPES
};

/*
 * A handler, in probe context: interrupts off, no locks, no printk.
 * @regs are those of the int3, with ip still at the probed instruction.
 */
typedef void (*dtrace_bp_fn_t)(void *arg, struct pt_regs *regs,
			       unsigned long addr);

#if IS_ENABLED(CONFIG_DTRACE) && IS_ENABLED(CONFIG_KPROBES)
DECLARE_STATIC_KEY_FALSE(dtrace_bp_active);
bool dtrace_bp_int3(struct pt_regs *regs);

/* From exc_int3(), for a kernel-mode int3: true if it was DTrace's. */
static __always_inline bool dtrace_bp_handle_int3(struct pt_regs *regs)
{
	return static_branch_unlikely(&dtrace_bp_active) &&
	       dtrace_bp_int3(regs);
}

struct dtrace_bp_site *dtrace_bp_site_get(unsigned long addr,
					  enum dtrace_bp_reason *why);
int dtrace_bp_attach(struct dtrace_bp_site *site, enum dtrace_bp_kind kind,
		     dtrace_bp_fn_t fn, void *arg);
void *dtrace_bp_handler_arg(struct dtrace_bp_site *site,
			    enum dtrace_bp_kind kind, dtrace_bp_fn_t fn);
int dtrace_bp_enable(struct dtrace_bp_site *site, enum dtrace_bp_kind kind);
int dtrace_bp_enable_queued(struct dtrace_bp_site *site,
			    enum dtrace_bp_kind kind);
void dtrace_bp_commit(void);
void dtrace_bp_disable(struct dtrace_bp_site *site, enum dtrace_bp_kind kind);
void dtrace_bp_flush(void);
unsigned long dtrace_bp_site_addr(const struct dtrace_bp_site *site);
unsigned int dtrace_bp_site_len(const struct dtrace_bp_site *site);
enum dtrace_bp_emu dtrace_bp_site_emu(const struct dtrace_bp_site *site);
bool dtrace_bp_site_tombstone(const struct dtrace_bp_site *site);
const char *dtrace_bp_reason_name(enum dtrace_bp_reason why);
#else
static __always_inline bool dtrace_bp_handle_int3(struct pt_regs *regs)
{
	return false;
}
#endif

#endif /* _LINUX_DTRACE_BP_H */
