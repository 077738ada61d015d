// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: breakpoint probe sites on x86-64, for the fbt and instr
 * providers.
 *
 * A site is one instruction of core kernel text.  It is decoded once, with
 * the kernel's instruction decoder, when a provider asks for it, and is
 * either refused (the reason is counted, see dtrace_bp_refused[]) or given
 * a way to run the instruction the int3 displaces:
 *
 * - emulated in the int3 handler: nop forms and endbr64, push %reg,
 *   mov %rsp,%rbp, ret, call rel32, jmp rel8/rel32, jcc rel8/rel32, cli
 *   and sti (the int3_emulate_*() helpers of asm/text-patching.h; the
 *   int3 entry code leaves a gap below the interrupted stack for a push);
 * - or executed out of line: a copy of the instruction, its rip-relative
 *   displacement adjusted, followed by a jmp back to the next instruction,
 *   in a slot of the site's own taken from the kprobes instruction cache
 *   (executable, within reach of kernel text, known to the unwinders as
 *   kernel text).  The int3 handler returns to the slot; no single step,
 *   no debug exception.  The slot is the site's for good, so a task that
 *   is preempted or interrupted in it resumes in the same bytes, and
 *   slots are never freed.
 *
 * Instructions that transfer control any other way, that are privileged
 * or serialising, that may fault with an exception-table fixup at their
 * address, or that other kernel code patches (jump labels, static calls,
 * ftrace sites, SMP lock prefixes) get no site.
 *
 * Sites live in a hash table keyed by address that probe context reads
 * without locks: a site is complete before it is published and is never
 * removed or freed.  A site is IDLE (original text), ARMED (int3 in the
 * text) or a TOMBSTONE: disarmed, the original byte back in the text,
 * while another CPU may still take the int3 it had seen (seed 002).  An
 * int3 at a site that is not armed, where the text no longer holds an
 * int3, is such a stale one: its instruction is emulated or run out of
 * line as for an armed site, and no handler runs.  As sites are never
 * removed, this holds however late the stale int3 comes; under QEMU TCG
 * they come after the sync below, and a CPU can go on seeing one for good.
 * The deferred work dtrace_bp_work() serialises every CPU
 * (smp_text_poke_sync_each_cpu()), waits with dtrace_sync() until every
 * CPU has left the int3 handlers that began before, and only then makes
 * tombstones IDLE.  A site that is not armed does not claim an int3 that
 * is in the text at its address, so kprobes keeps working on code DTrace
 * probed.
 *
 * Arming writes the single int3 byte with text_poke() under text_mutex,
 * which is safe for concurrent execution without stopping the machine;
 * the IPI that makes every CPU see it at once is batched for all the
 * sites armed together (the same deferred work), so enabling thousands
 * of probes costs one round of IPIs.  Arming checks that the text still
 * holds the bytes the site was decoded from, and refuses otherwise.
 *
 * Everything the int3 path runs here is notrace and NOKPROBE_SYMBOL(),
 * and DTrace's own functions are not offered to fbt or instr.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/dtrace.h>
#include <linux/dtrace_bp.h>
#include <linux/extable.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/memory.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/static_call.h>
#include <linux/text-patching.h>
#include <linux/workqueue.h>
#include <asm/alternative.h>
#include <asm/insn.h>

#include "dtrace_bp_local.h"

#define DTRACE_BP_HASH_BITS	14
/*
 * How long armed sites gather before one round of IPIs makes every CPU
 * see them: each arming pushes the round back, so that arming thousands
 * of sites in a row costs one round.
 */
#define DTRACE_BP_ARM_DELAY	2
/* How long disarmed sites gather before one sync makes them IDLE. */
#define DTRACE_BP_TOMB_DELAY	(HZ / 2)
/* Sites written under one hold of the mutexes, when there are many. */
#define DTRACE_BP_COMMIT_BATCH	256
/* A slot of the kprobes instruction cache: the instruction and a jmp. */
#define DTRACE_BP_SLOT_SIZE	MAX_INSN_SIZE

enum dtrace_bp_state {
	DTRACE_BP_IDLE,
	DTRACE_BP_ARMED,
	DTRACE_BP_TOMB,
};

struct dtrace_bp_handler {
	dtrace_bp_fn_t fn;
	void *arg;
};

struct dtrace_bp_site {
	struct dtrace_bp_site *next;	/* hash chain */
	unsigned long addr;
	unsigned long target;		/* call, jmp, jcc */
	u8 *slot;			/* out of line */
	u8 len;
	u8 emu;				/* enum dtrace_bp_emu */
	u8 state;			/* enum dtrace_bp_state */
	u8 reg;				/* push: offset in pt_regs */
	u8 cc;				/* jcc: condition */
	u8 orig[MAX_INSN_SIZE];
	u8 enabled;			/* BIT(kind) per enabled handler */
	unsigned long tomb_gen;
	struct list_head tomb;		/* on dtrace_bp_tombs */
	unsigned long poke_gen;
	struct list_head poked;		/* on dtrace_bp_poked */
	struct list_head queued;	/* on dtrace_bp_queue */
	struct list_head disarming;	/* on dtrace_bp_disarmq */
	struct dtrace_bp_handler h[DTRACE_BP_NKINDS];
};

static_assert(DTRACE_BP_NKINDS <= BITS_PER_BYTE);	/* u8 enabled */

DEFINE_STATIC_KEY_FALSE(dtrace_bp_active);

/* Sites by address; chains only grow, read locklessly. */
static struct dtrace_bp_site *dtrace_bp_hash[1 << DTRACE_BP_HASH_BITS];

/* Sites, arming and disarming; taken before text_mutex. */
static DEFINE_MUTEX(dtrace_bp_mutex);
static LIST_HEAD(dtrace_bp_tombs);
static LIST_HEAD(dtrace_bp_poked);
static LIST_HEAD(dtrace_bp_queue);
static LIST_HEAD(dtrace_bp_disarmq);
/* Sites whose text changed between enabling and dtrace_bp_commit(). */
unsigned long dtrace_bp_lost;
static unsigned long dtrace_bp_gen;
static bool dtrace_bp_need_sync;
static void dtrace_bp_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(dtrace_bp_work, dtrace_bp_work_fn);

/* int3s taken after their site was disarmed, by CPU. */
DEFINE_PER_CPU(unsigned long, dtrace_bp_stale);

/* Refused sites by reason; sites by emulation.  Under dtrace_bp_mutex. */
static unsigned long dtrace_bp_refused[DTRACE_BP_NREASONS];
static unsigned long dtrace_bp_sites[DTRACE_BP_EMU_NTYPES];

static const char * const dtrace_bp_reason_names[DTRACE_BP_NREASONS] = {
	[DTRACE_BP_OK]		= "ok",
	[DTRACE_BP_UNDECODABLE]	= "undecodable",
	[DTRACE_BP_RESERVED]	= "reserved",
	[DTRACE_BP_EXTABLE]	= "extable",
	[DTRACE_BP_BRANCH]	= "indirect-or-far-branch",
	[DTRACE_BP_SYSTEM]	= "system",
	[DTRACE_BP_UNSUPPORTED]	= "unsupported",
	[DTRACE_BP_LONG]	= "long",
	[DTRACE_BP_RANGE]	= "range",
	[DTRACE_BP_INT3]	= "int3",
	[DTRACE_BP_BUSY]	= "busy",
	[DTRACE_BP_NOMEM]	= "nomem",
};

const char *dtrace_bp_reason_name(enum dtrace_bp_reason why)
{
	return why < DTRACE_BP_NREASONS ? dtrace_bp_reason_names[why] : "?";
}

/* --- Probe context ------------------------------------------------------ */

static __always_inline struct dtrace_bp_site **dtrace_bp_bucket(unsigned long addr)
{
	return &dtrace_bp_hash[hash_long(addr, DTRACE_BP_HASH_BITS)];
}

static notrace struct dtrace_bp_site *dtrace_bp_lookup(unsigned long addr)
{
	struct dtrace_bp_site *site;

	/* Pairs with smp_store_release() in dtrace_bp_site_get(). */
	for (site = smp_load_acquire(dtrace_bp_bucket(addr)); site;
	     site = READ_ONCE(site->next))
		if (site->addr == addr)
			return site;
	return NULL;
}

NOKPROBE_SYMBOL(dtrace_bp_lookup);

/* Where pt_regs keeps each register, by its number in ModRM and opcode. */
static const u8 dtrace_bp_reg_offset[16] = {
	offsetof(struct pt_regs, ax), offsetof(struct pt_regs, cx),
	offsetof(struct pt_regs, dx), offsetof(struct pt_regs, bx),
	offsetof(struct pt_regs, sp), offsetof(struct pt_regs, bp),
	offsetof(struct pt_regs, si), offsetof(struct pt_regs, di),
	offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	offsetof(struct pt_regs, r10), offsetof(struct pt_regs, r11),
	offsetof(struct pt_regs, r12), offsetof(struct pt_regs, r13),
	offsetof(struct pt_regs, r14), offsetof(struct pt_regs, r15),
};

/* Run the displaced instruction of @site for the int3 in @regs. */
static notrace void dtrace_bp_emulate(struct dtrace_bp_site *site,
				      struct pt_regs *regs)
{
	unsigned long next = site->addr + site->len;

	switch (site->emu) {
	case DTRACE_BP_EMU_NOP:
		int3_emulate_jmp(regs, next);
		break;
	case DTRACE_BP_EMU_PUSH:
		/* push %rsp pushes the value before the push. */
		int3_emulate_push(regs, regs_get_register(regs, site->reg));
		int3_emulate_jmp(regs, next);
		break;
	case DTRACE_BP_EMU_MOVBP:
		regs->bp = regs->sp;
		int3_emulate_jmp(regs, next);
		break;
	case DTRACE_BP_EMU_RET:
		int3_emulate_ret(regs);
		break;
	case DTRACE_BP_EMU_CALL:
		int3_emulate_call(regs, next, site->target);
		break;
	case DTRACE_BP_EMU_JMP:
		int3_emulate_jmp(regs, site->target);
		break;
	case DTRACE_BP_EMU_JCC:
		int3_emulate_jcc(regs, site->cc, next, site->target - next);
		break;
	case DTRACE_BP_EMU_CLI:
		regs->flags &= ~X86_EFLAGS_IF;
		int3_emulate_jmp(regs, next);
		break;
	case DTRACE_BP_EMU_STI:
		regs->flags |= X86_EFLAGS_IF;
		int3_emulate_jmp(regs, next);
		break;
	default:
		int3_emulate_jmp(regs, (unsigned long)site->slot);
		break;
	}
}

NOKPROBE_SYMBOL(dtrace_bp_emulate);

/**
 * dtrace_bp_int3 - the int3 hook, from exc_int3() for kernel mode
 * @regs: the registers of the int3, ip just after it
 *
 * Interrupts are off (an interrupt gate) and the int3 may have come in any
 * context, NMI included; this takes no lock and calls nothing but the
 * handlers.  Handlers run for an armed site only, in the order of enum
 * dtrace_bp_kind; a tombstone is only emulated.
 *
 * Return: true if the int3 was on a site of ours and regs now resume past
 * it, false to let the rest of exc_int3() handle it.
 */
notrace bool dtrace_bp_int3(struct pt_regs *regs)
{
	unsigned long addr = regs->ip - INT3_INSN_SIZE;
	struct dtrace_bp_site *site = dtrace_bp_lookup(addr);
	unsigned int state, enabled;

	if (!site)
		return false;
	state = READ_ONCE(site->state);
	/*
	 * Disarmed: the original byte went back before the state changed.
	 * An int3 still in the text is someone else's (kprobes): it is
	 * left, and @regs with it, to the rest of exc_int3().
	 */
	if (state != DTRACE_BP_ARMED && *(u8 *)addr == INT3_INSN_OPCODE)
		return false;
	regs->ip = addr;
	if (state != DTRACE_BP_ARMED) {
		/*
		 * One that is gone was a stale one of ours.  It is emulated,
		 * not run again from the text: a CPU that still sees the
		 * int3 would take it again.  Under QEMU TCG one can see it
		 * for good, when its translation of the text raced with the
		 * write of the original byte; returning to the text then
		 * loops on the int3 with interrupts off.
		 */
		this_cpu_inc(dtrace_bp_stale);
		if (site->emu == DTRACE_BP_EMU_OOL && !READ_ONCE(site->slot))
			return true;
	} else {
		/* In the order of their kinds, lowest bit first. */
		for (enabled = READ_ONCE(site->enabled); enabled;
		     enabled &= enabled - 1) {
			struct dtrace_bp_handler *h = &site->h[__ffs(enabled)];

			h->fn(h->arg, regs, addr);
		}
	}
	dtrace_bp_emulate(site, regs);
	return true;
}

NOKPROBE_SYMBOL(dtrace_bp_int3);

/* --- Sites --------------------------------------------------------------- */

/* Two-byte opcodes (0f xx) that run unchanged out of line. */
static bool dtrace_bp_ool_0f(u8 op, u8 modrm)
{
	switch (op) {
	case 0x18:			/* prefetch hints */
	case 0x1f:			/* nopl */
	case 0x40 ... 0x4f:		/* cmovcc */
	case 0x90 ... 0x9f:		/* setcc */
	case 0xa3: case 0xab: case 0xb3: case 0xbb: case 0xba: /* bt* */
	case 0xa4: case 0xa5: case 0xac: case 0xad: /* shld, shrd */
	case 0xaf:			/* imul */
	case 0xb0: case 0xb1:		/* cmpxchg */
	case 0xb6: case 0xb7: case 0xbe: case 0xbf: /* movzx, movsx */
	case 0xb8:			/* popcnt */
	case 0xbc: case 0xbd:		/* bsf, bsr, tzcnt, lzcnt */
	case 0xc0: case 0xc1:		/* xadd */
	case 0xc8 ... 0xcf:		/* bswap */
		return true;
	case 0x0d:			/* prefetchw */
		return true;
	default:
		return false;
	}
}

bool dtrace_bp_has_prefix(struct insn *insn, insn_byte_t p)
{
	insn_byte_t prefix;

	for_each_insn_prefix(insn, prefix)
		if (prefix == p)
			return true;
	return false;
}

/*
 * Classify the instruction @insn at @addr: how @site runs it, or why it
 * cannot have a site.
 */
static enum dtrace_bp_reason dtrace_bp_classify(struct insn *insn,
						unsigned long addr,
						struct dtrace_bp_site *site)
{
	u8 op = insn->opcode.bytes[0], op1 = insn->opcode.bytes[1];
	u8 modrm = insn->modrm.bytes[0], rex = insn->rex_prefix.bytes[0];
	unsigned long next = addr + insn->length;
	bool twobyte = insn->opcode.nbytes == 2 && op == 0x0f;
	bool plain = !insn->prefixes.nbytes && !insn->rex_prefix.nbytes;

	if (insn->vex_prefix.nbytes || insn->rex_prefix.nbytes > 1)
		return DTRACE_BP_UNSUPPORTED;	/* VEX, EVEX, XOP, REX2 */

	/* Emulated. */
	if (twobyte && op1 == 0x1e && (modrm == 0xfa || modrm == 0xfb) &&
	    dtrace_bp_has_prefix(insn, 0xf3)) {
		site->emu = DTRACE_BP_EMU_NOP;		/* endbr64, endbr32 */
		return DTRACE_BP_OK;
	}
	if ((twobyte && op1 == 0x1f) ||
	    (insn->opcode.nbytes == 1 && op == 0x90 && !X86_REX_B(rex))) {
		site->emu = DTRACE_BP_EMU_NOP;		/* nop forms, pause */
		return DTRACE_BP_OK;
	}
	if (insn->opcode.nbytes == 1 && op >= 0x50 && op <= 0x57 &&
	    !insn->prefixes.nbytes && (!rex || (rex & 0xfe) == 0x40)) {
		site->emu = DTRACE_BP_EMU_PUSH;
		site->reg = dtrace_bp_reg_offset[(op & 7) |
						 (X86_REX_B(rex) ? 8 : 0)];
		return DTRACE_BP_OK;
	}
	if (!insn->prefixes.nbytes && rex == 0x48 &&
	    ((op == 0x89 && modrm == 0xe5) || (op == 0x8b && modrm == 0xec))) {
		site->emu = DTRACE_BP_EMU_MOVBP;
		return DTRACE_BP_OK;
	}
	if (plain && insn->opcode.nbytes == 1) {
		switch (op) {
		case 0xc3:
			site->emu = DTRACE_BP_EMU_RET;
			return DTRACE_BP_OK;
		case 0xe8:
			site->emu = DTRACE_BP_EMU_CALL;
			site->target = next + insn->immediate.value;
			return DTRACE_BP_OK;
		case 0xe9:
		case 0xeb:
			site->emu = DTRACE_BP_EMU_JMP;
			site->target = next + insn->immediate.value;
			return DTRACE_BP_OK;
		case 0x70 ... 0x7f:
			site->emu = DTRACE_BP_EMU_JCC;
			site->cc = op & 0xf;
			site->target = next + insn->immediate.value;
			return DTRACE_BP_OK;
		case 0xfa:
			site->emu = DTRACE_BP_EMU_CLI;
			return DTRACE_BP_OK;
		case 0xfb:
			site->emu = DTRACE_BP_EMU_STI;
			return DTRACE_BP_OK;
		}
	}
	if (plain && twobyte && op1 >= 0x80 && op1 <= 0x8f) {
		site->emu = DTRACE_BP_EMU_JCC;
		site->cc = op1 & 0xf;
		site->target = next + insn->immediate.value;
		return DTRACE_BP_OK;
	}

	/* Refused. */
	if (insn->opcode.nbytes == 1) {
		switch (op) {
		case 0x9a: case 0xea:		/* far call, far jmp */
		case 0xe0 ... 0xe3:		/* loop*, jrcxz */
			return DTRACE_BP_BRANCH;
		case 0xff:
			if (X86_MODRM_REG(modrm) >= 2 && X86_MODRM_REG(modrm) <= 5)
				return DTRACE_BP_BRANCH;	/* indirect */
			break;
		case 0x70 ... 0x7f: case 0xe8: case 0xe9: case 0xeb:
		case 0xc2: case 0xc3:		/* with prefixes */
			return DTRACE_BP_UNSUPPORTED;
		case 0xca: case 0xcb: case 0xcc ... 0xcf: /* lret, int, iret */
		case 0xf4:			/* hlt */
		case 0xd6:			/* undefined */
		case 0x6c ... 0x6f:		/* ins, outs */
		case 0xe4 ... 0xe7: case 0xec ... 0xef: /* in, out */
		case 0x8e:			/* mov to a segment register */
		case 0xfa: case 0xfb:		/* cli, sti with prefixes */
			return DTRACE_BP_SYSTEM;
		}
	} else if (twobyte) {
		if (op1 >= 0x80 && op1 <= 0x8f)
			return DTRACE_BP_UNSUPPORTED;
		if (op1 <= 0x0b || op1 == 0x0e || op1 == 0xff || op1 == 0xb9 ||
		    (op1 >= 0x20 && op1 <= 0x37) || op1 == 0xa2 ||
		    op1 == 0xaa || op1 == 0x78 || op1 == 0x79)
			return DTRACE_BP_SYSTEM;
	}

	/* Out of line, what runs the same anywhere. */
	if (dtrace_bp_has_prefix(insn, 0x2e) ||	/* cs */
	    dtrace_bp_has_prefix(insn, 0x67))	/* address size */
		return DTRACE_BP_UNSUPPORTED;
	if (twobyte && !dtrace_bp_ool_0f(op1, modrm))
		return DTRACE_BP_UNSUPPORTED;
	if (!twobyte && insn->opcode.nbytes != 1)
		return DTRACE_BP_UNSUPPORTED;
	if (!twobyte) {
		switch (op) {
		case 0x0f:
		case 0x62:			/* bound, EVEX */
		case 0x9c: case 0x9d:		/* pushf, popf */
		case 0xc8: case 0xc9:		/* enter, leave: fine, but rare */
		case 0xd8 ... 0xdf:		/* x87 */
		case 0xf0 ... 0xf3:		/* prefixes as opcodes */
			return DTRACE_BP_UNSUPPORTED;
		case 0xc0: case 0xc1: case 0xd0 ... 0xd3:
			if (X86_MODRM_REG(modrm) == 6)
				return DTRACE_BP_UNSUPPORTED;
			break;
		case 0xf6: case 0xf7:
			if (X86_MODRM_REG(modrm) == 1)
				return DTRACE_BP_UNSUPPORTED;
			break;
		case 0xfe:
			if (X86_MODRM_REG(modrm) > 1)
				return DTRACE_BP_UNSUPPORTED;
			break;
		case 0xff:			/* inc, dec, push */
			if (X86_MODRM_REG(modrm) != 0 &&
			    X86_MODRM_REG(modrm) != 1 &&
			    X86_MODRM_REG(modrm) != 6)
				return DTRACE_BP_UNSUPPORTED;
			break;
		}
	}
	if (insn->length + JMP32_INSN_SIZE > DTRACE_BP_SLOT_SIZE)
		return DTRACE_BP_LONG;
	site->emu = DTRACE_BP_EMU_OOL;
	return DTRACE_BP_OK;
}

/*
 * A kprobe on the instruction, or on one before it whose optimized jump
 * could cover it.
 */
static bool dtrace_bp_kprobed(unsigned long addr, unsigned int len)
{
	unsigned long a;
	bool ret = false;

	rcu_read_lock();
	for (a = addr - MAX_OPTIMIZED_LENGTH; a < addr + len && !ret; a++)
		ret = get_kprobe((void *)a);
	rcu_read_unlock();
	return ret;
}

/* Text that other code patches; the locks as kprobes takes them. */
static bool dtrace_bp_reserved(unsigned long addr, unsigned int len)
{
	void *start = (void *)addr, *end = (void *)(addr + len - 1);
	bool ret;

	if (dtrace_bp_kprobed(addr, len))
		return true;

	jump_label_lock();
	mutex_lock(&text_mutex);
	ret = jump_label_text_reserved(start, end) ||
	      static_call_text_reserved(start, end) ||
	      ftrace_text_reserved(start, end) ||
	      alternatives_text_reserved(start, end);
	mutex_unlock(&text_mutex);
	jump_label_unlock();
	return ret;
}

/* Make the out-of-line copy of @site in its slot. */
static int dtrace_bp_make_slot(struct dtrace_bp_site *site)
{
	u8 buf[DTRACE_BP_SLOT_SIZE];
	struct insn insn;
	u8 *slot;
	s64 disp;

	slot = get_insn_slot();
	if (!slot)
		return -ENOMEM;
	memcpy(buf, site->orig, site->len);
	if (insn_decode_kernel(&insn, buf) < 0 || insn.length != site->len)
		goto inval;
	if (insn_rip_relative(&insn)) {
		disp = (s64)site->addr + insn.displacement.value -
		       (s64)(unsigned long)slot;
		if ((s32)disp != disp)
			goto inval;
		*(s32 *)(buf + insn_offset_displacement(&insn)) = disp;
	}
	disp = (s64)(site->addr + site->len) -
	       (s64)((unsigned long)slot + site->len + JMP32_INSN_SIZE);
	if ((s32)disp != disp)
		goto inval;
	buf[site->len] = JMP32_INSN_OPCODE;
	*(s32 *)(buf + site->len + 1) = disp;

	mutex_lock(&text_mutex);
	text_poke(slot, buf, site->len + JMP32_INSN_SIZE);
	mutex_unlock(&text_mutex);
	site->slot = slot;
	return 0;
inval:
	free_insn_slot(slot, 0);
	return -ERANGE;
}

/**
 * dtrace_bp_site_get - the site at an address of core kernel text
 * @addr: the first byte of an instruction
 * @why: set to the reason when there is no site
 *
 * The caller has decided that @addr may be probed as far as the function
 * it is in goes (not noinstr, not the kprobes blacklist, not DTrace's).
 * A refusal is counted by reason.
 *
 * Return: the site (new or existing), or NULL.
 */
struct dtrace_bp_site *dtrace_bp_site_get(unsigned long addr,
					  enum dtrace_bp_reason *why)
{
	struct dtrace_bp_site *site, **bucket = dtrace_bp_bucket(addr);
	enum dtrace_bp_reason r;
	struct insn insn;

	mutex_lock(&dtrace_bp_mutex);
	site = dtrace_bp_lookup(addr);
	if (site)
		goto out;
	r = DTRACE_BP_NOMEM;
	site = kzalloc_obj(*site);
	if (!site)
		goto refuse;
	r = DTRACE_BP_UNDECODABLE;
	if (insn_decode_kernel(&insn, (void *)addr) < 0 || !insn.length)
		goto refuse;
	r = DTRACE_BP_INT3;
	if (insn.opcode.bytes[0] == INT3_INSN_OPCODE)
		goto refuse;
	r = DTRACE_BP_RESERVED;
	if (dtrace_bp_reserved(addr, insn.length))
		goto refuse;
	r = DTRACE_BP_EXTABLE;
	if (search_exception_tables(addr))
		goto refuse;
	site->addr = addr;
	site->len = insn.length;
	memcpy(site->orig, (void *)addr, insn.length);
	r = dtrace_bp_classify(&insn, addr, site);
	if (r)
		goto refuse;
	/*
	 * Direct branches of core kernel text stay in it; one that leaves
	 * it is code someone patched (an optimized kprobe's jump).
	 */
	r = DTRACE_BP_RESERVED;
	if ((site->emu == DTRACE_BP_EMU_CALL || site->emu == DTRACE_BP_EMU_JMP ||
	     site->emu == DTRACE_BP_EMU_JCC) &&
	    !core_kernel_text(site->target))
		goto refuse;
	INIT_LIST_HEAD(&site->tomb);
	INIT_LIST_HEAD(&site->poked);
	INIT_LIST_HEAD(&site->queued);
	INIT_LIST_HEAD(&site->disarming);
	site->next = *bucket;
	dtrace_bp_sites[site->emu]++;
	/* Complete before probe context can find it. */
	smp_store_release(bucket, site);
out:
	mutex_unlock(&dtrace_bp_mutex);
	return site;
refuse:
	dtrace_bp_refused[r]++;
	mutex_unlock(&dtrace_bp_mutex);
	kfree(site);
	*why = r;
	return NULL;
}

/**
 * dtrace_bp_attach - hang a handler on a site, disabled
 * @site: the site
 * @kind: which handler
 * @fn: the handler
 * @arg: passed to it
 *
 * A handler stays for good; dtrace_bp_enable() and dtrace_bp_disable()
 * turn it on and off.
 *
 * Return: 0, or -EBUSY if the site has a handler of this kind.
 */
int dtrace_bp_attach(struct dtrace_bp_site *site, enum dtrace_bp_kind kind,
		     dtrace_bp_fn_t fn, void *arg)
{
	int ret = -EBUSY;

	mutex_lock(&dtrace_bp_mutex);
	if (!site->h[kind].fn) {
		site->h[kind].arg = arg;
		site->h[kind].fn = fn;
		ret = 0;
	}
	mutex_unlock(&dtrace_bp_mutex);
	return ret;
}

/**
 * dtrace_bp_handler_arg - the argument of a handler of a site
 * @site: the site
 * @kind: which handler
 * @fn: the handler expected
 *
 * Return: the argument @fn was attached with, or NULL if the handler of
 * this kind is not @fn.
 */
void *dtrace_bp_handler_arg(struct dtrace_bp_site *site,
			    enum dtrace_bp_kind kind, dtrace_bp_fn_t fn)
{
	void *arg = NULL;

	mutex_lock(&dtrace_bp_mutex);
	if (site->h[kind].fn == fn)
		arg = site->h[kind].arg;
	mutex_unlock(&dtrace_bp_mutex);
	return arg;
}

static void dtrace_bp_kick(unsigned long delay)
{
	mod_delayed_work(system_dfl_wq, &dtrace_bp_work, delay);
}

/* The first byte of @site changed: the deferred work syncs and rewrites it. */
static void dtrace_bp_note_poke(struct dtrace_bp_site *site)
{
	lockdep_assert_held(&dtrace_bp_mutex);
	site->poke_gen = dtrace_bp_gen;
	if (list_empty(&site->poked))
		list_add_tail(&site->poked, &dtrace_bp_poked);
	dtrace_bp_need_sync = true;
}

/*
 * Every DTRACE_BP_COMMIT_BATCH sites, let go of the mutexes for a moment:
 * enabling and disabling come in, thousands of sites take long.
 */
static void dtrace_bp_breathe(unsigned int *n)
{
	if (++*n % DTRACE_BP_COMMIT_BATCH)
		return;
	mutex_unlock(&text_mutex);
	mutex_unlock(&dtrace_bp_mutex);
	cond_resched();
	mutex_lock(&dtrace_bp_mutex);
	mutex_lock(&text_mutex);
}

/*
 * Write the first byte of each site changed before round @gen again, as
 * it is now.  For a CPU this changes nothing.  A translating emulator
 * (QEMU TCG with several vCPUs) drops its translations of a byte before
 * it stores the new one, and a vCPU that translates the code in between
 * keeps the old byte for good: a probe that never fires, or an int3 taken
 * for ever after it was disarmed.  Once every CPU has been serialised
 * such a translation is complete, and the second write drops it; what
 * is translated after it sees the byte the first one stored.  Sites
 * changed during this round wait for the next.
 */
static bool dtrace_bp_rewrite(unsigned long gen)
{
	static const u8 int3 = INT3_INSN_OPCODE;
	struct dtrace_bp_site *site;
	LIST_HEAD(later);
	unsigned int n = 0;

	lockdep_assert_held(&dtrace_bp_mutex);
	mutex_lock(&text_mutex);
	while (!list_empty(&dtrace_bp_poked)) {
		const u8 *byte;

		site = list_first_entry(&dtrace_bp_poked, struct dtrace_bp_site,
					poked);
		byte = site->state == DTRACE_BP_ARMED ? &int3 : site->orig;
		/* Only what DTrace wrote: not a kprobe armed since. */
		if (site->state != DTRACE_BP_IDLE &&
		    *(u8 *)site->addr == *byte)
			text_poke((void *)site->addr, byte, INT3_INSN_SIZE);
		if (site->poke_gen <= gen)
			list_del_init(&site->poked);
		else
			list_move_tail(&site->poked, &later);
		dtrace_bp_breathe(&n);
	}
	mutex_unlock(&text_mutex);
	list_splice(&later, &dtrace_bp_poked);
	return !list_empty(&dtrace_bp_poked);
}

/*
 * The site is disarmed (its text is the original) but another CPU may
 * still take an int3 it saw before: a tombstone until the deferred work
 * has seen every CPU leave the int3 handlers.  Also for a site that was
 * never written since it was last armed (queued, or lost): an int3 of
 * an earlier arming may be that late.
 */
static void dtrace_bp_entomb(struct dtrace_bp_site *site)
{
	lockdep_assert_held(&dtrace_bp_mutex);
	WRITE_ONCE(site->state, DTRACE_BP_TOMB);
	site->tomb_gen = dtrace_bp_gen;
	if (list_empty(&site->tomb))
		list_add_tail(&site->tomb, &dtrace_bp_tombs);
	dtrace_bp_need_sync = true;
	dtrace_bp_kick(DTRACE_BP_TOMB_DELAY);
}

static int __dtrace_bp_enable(struct dtrace_bp_site *site,
			      enum dtrace_bp_kind kind, bool queue)
{
	static const u8 int3 = INT3_INSN_OPCODE;
	int ret = 0;

	if (!static_key_enabled(&dtrace_bp_active))
		static_branch_enable(&dtrace_bp_active);

	mutex_lock(&dtrace_bp_mutex);
	if (WARN_ON_ONCE(!site->h[kind].fn) || site->enabled & BIT(kind))
		goto out;
	if (!site->enabled && !list_empty(&site->disarming)) {
		/* Its disarming was queued: its int3 is still there. */
		list_del_init(&site->disarming);
		goto enabled;
	}
	if (!site->enabled) {
		if (site->emu == DTRACE_BP_EMU_OOL && !site->slot) {
			ret = dtrace_bp_make_slot(site);
			if (ret)
				goto out;
		}
		mutex_lock(&text_mutex);
		if (site->state == DTRACE_BP_ARMED ||
		    dtrace_bp_kprobed(site->addr, site->len) ||
		    memcmp((void *)site->addr, site->orig, site->len)) {
			mutex_unlock(&text_mutex);
			ret = -EBUSY;
			goto out;
		}
		WRITE_ONCE(site->state, DTRACE_BP_ARMED);
		if (queue) {
			/* dtrace_bp_commit() writes the int3. */
			mutex_unlock(&text_mutex);
			list_add_tail(&site->queued, &dtrace_bp_queue);
			goto enabled;
		}
		/* The site is armed before its int3 can be seen. */
		smp_wmb();
		text_poke((void *)site->addr, &int3, INT3_INSN_SIZE);
		mutex_unlock(&text_mutex);
		dtrace_bp_note_poke(site);
		dtrace_bp_kick(DTRACE_BP_ARM_DELAY);
	}
enabled:
	WRITE_ONCE(site->enabled, site->enabled | BIT(kind));
out:
	mutex_unlock(&dtrace_bp_mutex);
	return ret;
}

/**
 * dtrace_bp_enable - enable a handler of a site, arming it if need be
 * @site: the site
 * @kind: the handler, attached before
 *
 * Return: 0, or an error if the site could not be armed: its text is not
 * what it was when the site was made (-EBUSY), or no slot (-ENOMEM).
 */
int dtrace_bp_enable(struct dtrace_bp_site *site, enum dtrace_bp_kind kind)
{
	return __dtrace_bp_enable(site, kind, false);
}

/**
 * dtrace_bp_enable_queued - enable a handler of a site, arming it at the
 * next dtrace_bp_commit()
 * @site: the site
 * @kind: the handler, attached before
 *
 * For enabling many sites at once: nothing is written to the text until
 * dtrace_bp_commit(), so the code that enables the next sites does not
 * run into the int3s of the first ones (when every function is probed,
 * that code is probed too).  The checks are those of dtrace_bp_enable(),
 * and dtrace_bp_commit() makes them again.
 *
 * Return: as dtrace_bp_enable().
 */
int dtrace_bp_enable_queued(struct dtrace_bp_site *site,
			    enum dtrace_bp_kind kind)
{
	return __dtrace_bp_enable(site, kind, true);
}

/**
 * dtrace_bp_commit - arm the sites dtrace_bp_enable_queued() left, and
 * disarm those dtrace_bp_disable_queued() left
 *
 * A site whose text changed since it was enabled (a kprobe came in
 * between) is left disarmed and counted as lost; its handlers stay
 * enabled and never run.
 */
void dtrace_bp_commit(void)
{
	static const u8 int3 = INT3_INSN_OPCODE;
	struct dtrace_bp_site *site;
	unsigned int n = 0;

	/*
	 * The sites were queued before this call (the caller's enablings,
	 * ordered before it by the caller's locks); nothing queued, nothing
	 * to wait for.
	 */
	if (list_empty(&dtrace_bp_queue) && list_empty(&dtrace_bp_disarmq))
		return;
	mutex_lock(&dtrace_bp_mutex);
	mutex_lock(&text_mutex);
	while (!list_empty(&dtrace_bp_disarmq)) {
		site = list_first_entry(&dtrace_bp_disarmq,
					struct dtrace_bp_site, disarming);
		list_del_init(&site->disarming);
		text_poke((void *)site->addr, site->orig, INT3_INSN_SIZE);
		dtrace_bp_entomb(site);
		dtrace_bp_note_poke(site);
		dtrace_bp_breathe(&n);
	}
	while (!list_empty(&dtrace_bp_queue)) {
		site = list_first_entry(&dtrace_bp_queue,
					struct dtrace_bp_site, queued);
		list_del_init(&site->queued);
		if (dtrace_bp_kprobed(site->addr, site->len) ||
		    memcmp((void *)site->addr, site->orig, site->len)) {
			dtrace_bp_entomb(site);
			dtrace_bp_lost++;
			pr_warn_ratelimited("%pS: text changed, not armed\n",
					    (void *)site->addr);
			continue;
		}
		/* The site was armed before its int3 can be seen. */
		smp_wmb();
		text_poke((void *)site->addr, &int3, INT3_INSN_SIZE);
		dtrace_bp_note_poke(site);
		dtrace_bp_breathe(&n);
	}
	mutex_unlock(&text_mutex);
	if (n)
		dtrace_bp_kick(DTRACE_BP_ARM_DELAY);
	mutex_unlock(&dtrace_bp_mutex);
}

static void __dtrace_bp_disable(struct dtrace_bp_site *site,
				enum dtrace_bp_kind kind, bool queue)
{
	mutex_lock(&dtrace_bp_mutex);
	if (!(site->enabled & BIT(kind)))
		goto out;
	WRITE_ONCE(site->enabled, site->enabled & ~BIT(kind));
	if (site->enabled)
		goto out;
	if (!list_empty(&site->queued) || site->state != DTRACE_BP_ARMED) {
		/* Not armed yet, or lost: nothing to write back. */
		list_del_init(&site->queued);
		dtrace_bp_entomb(site);
		goto out;
	}
	if (queue) {
		/* Armed, no handler enabled: dtrace_bp_commit() disarms it. */
		list_add_tail(&site->disarming, &dtrace_bp_disarmq);
		goto out;
	}
	mutex_lock(&text_mutex);
	text_poke((void *)site->addr, site->orig, INT3_INSN_SIZE);
	dtrace_bp_entomb(site);
	mutex_unlock(&text_mutex);
	dtrace_bp_note_poke(site);
out:
	mutex_unlock(&dtrace_bp_mutex);
}

/**
 * dtrace_bp_disable - disable a handler of a site, disarming it if none is
 * left enabled
 * @site: the site
 * @kind: the handler
 *
 * The handler does not run once this returns; the site stays a tombstone
 * until dtrace_bp_work() has seen every CPU leave the int3 handlers.
 */
void dtrace_bp_disable(struct dtrace_bp_site *site, enum dtrace_bp_kind kind)
{
	__dtrace_bp_disable(site, kind, false);
}

/**
 * dtrace_bp_disable_queued - disable a handler of a site, disarming it at
 * the next dtrace_bp_commit() if none is left enabled
 * @site: the site
 * @kind: the handler
 *
 * The handler does not run once this returns.  Until the commit the
 * int3 stays, and a firing only has the instruction run; enabling a
 * handler again before it keeps the site armed.  For disabling many
 * sites at once, as dtrace_bp_enable_queued() is for enabling them.
 */
void dtrace_bp_disable_queued(struct dtrace_bp_site *site,
			      enum dtrace_bp_kind kind)
{
	__dtrace_bp_disable(site, kind, true);
}

/*
 * Serialise every CPU after text changes; then, once every CPU has left
 * the int3 handlers that began before, tombstones from before become
 * IDLE.  A site armed again in the meantime leaves the list; one disarmed
 * again after the sync began waits for the next round.
 */
static void dtrace_bp_work_fn(struct work_struct *work)
{
	struct dtrace_bp_site *site, *tmp;
	unsigned long gen;
	bool again;

	mutex_lock(&dtrace_bp_mutex);
	gen = dtrace_bp_gen++;
	if (!dtrace_bp_need_sync) {
		mutex_unlock(&dtrace_bp_mutex);
		return;
	}
	dtrace_bp_need_sync = false;
	mutex_unlock(&dtrace_bp_mutex);

	smp_text_poke_sync_each_cpu();
	dtrace_sync();

	mutex_lock(&dtrace_bp_mutex);
	again = dtrace_bp_rewrite(gen);
	list_for_each_entry_safe(site, tmp, &dtrace_bp_tombs, tomb) {
		if (site->state == DTRACE_BP_TOMB && site->tomb_gen > gen)
			continue;
		if (site->state == DTRACE_BP_TOMB)
			WRITE_ONCE(site->state, DTRACE_BP_IDLE);
		list_del_init(&site->tomb);
	}
	again |= !list_empty(&dtrace_bp_tombs);
	if (again)
		dtrace_bp_need_sync = true;
	mutex_unlock(&dtrace_bp_mutex);
	if (again)
		dtrace_bp_kick(DTRACE_BP_TOMB_DELAY);
}

/**
 * dtrace_bp_flush - finish the deferred work now
 *
 * Every CPU sees the text as armed or disarmed, and tombstones from
 * before the call are gone.
 */
void dtrace_bp_flush(void)
{
	mutex_lock(&dtrace_bp_mutex);
	dtrace_bp_need_sync = true;
	mutex_unlock(&dtrace_bp_mutex);
	dtrace_bp_kick(0);
	flush_delayed_work(&dtrace_bp_work);
}

unsigned long dtrace_bp_site_addr(const struct dtrace_bp_site *site)
{
	return site->addr;
}

unsigned int dtrace_bp_site_len(const struct dtrace_bp_site *site)
{
	return site->len;
}

enum dtrace_bp_emu dtrace_bp_site_emu(const struct dtrace_bp_site *site)
{
	return site->emu;
}

bool dtrace_bp_site_tombstone(const struct dtrace_bp_site *site)
{
	return READ_ONCE(site->state) == DTRACE_BP_TOMB;
}
