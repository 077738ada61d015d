// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the instr provider - a probe on every instruction of a class in
 * the functions of core kernel text, on breakpoint sites (dtrace_bp.c).
 *
 * A probe is instr:vmlinux:FUNCTION-CLASS:OFFSET, OFFSET in hex from the
 * start of FUNCTION (as the pid provider names its offset probes), so
 * that instr::_raw_spin_lock-lock: is every locked instruction of
 * _raw_spin_lock and instr::*-cli: every cli of the kernel.  The classes:
 *
 *   nop    nop, nopl/nopw, pause (not endbr64, which IBT needs to see)
 *   lock   any instruction with a lock prefix
 *   call   call rel32, indirect and far calls
 *   ret    ret, ret imm16, far returns
 *   jmp    jmp rel8/rel32, indirect and far jumps
 *   jcc    conditional jumps, loop and jrcxz
 *   cli    cli
 *   sti    sti
 *   int    int imm8, int1, into (int3 is padding, or someone's breakpoint)
 *
 * An instruction of a class that the breakpoint layer refuses (indirect
 * branches, int and the like) gets no probe; the refusals are counted by
 * class and reason in /sys/module/dtrace_instr/parameters/stats.  The
 * functions are those fbt may probe (dtrace_fbt_probeable()).
 *
 * arg0 is the address of the instruction, arg1 the target of a direct
 * call, jmp or jcc (0 otherwise).  On an address that fbt probes too, the
 * clauses of fbt's entry probe run first, then instr's, then fbt's
 * return probe (enum dtrace_bp_kind); all before the instruction.
 *
 * There are millions of instructions in these classes, so probes are only
 * created for a description that names this provider, and for the
 * functions and classes its function part matches; `dtrace -l` alone
 * creates none.  Their number is bounded by the max_probes parameter.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/dtrace.h>
#include <linux/dtrace_bp.h>
#include <linux/glob.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/text-patching.h>
#include <asm/insn.h>

#include "dtrace_bp_local.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "dtrace_instr."

enum dtrace_instr_class {
	DTRACE_INSTR_NOP,
	DTRACE_INSTR_LOCK,
	DTRACE_INSTR_CALL,
	DTRACE_INSTR_RET,
	DTRACE_INSTR_JMP,
	DTRACE_INSTR_JCC,
	DTRACE_INSTR_CLI,
	DTRACE_INSTR_STI,
	DTRACE_INSTR_INT,
	DTRACE_INSTR_NCLASSES,
	DTRACE_INSTR_NONE = DTRACE_INSTR_NCLASSES
};

static const char * const dtrace_instr_class_names[DTRACE_INSTR_NCLASSES] = {
	[DTRACE_INSTR_NOP]	= "nop",
	[DTRACE_INSTR_LOCK]	= "lock",
	[DTRACE_INSTR_CALL]	= "call",
	[DTRACE_INSTR_RET]	= "ret",
	[DTRACE_INSTR_JMP]	= "jmp",
	[DTRACE_INSTR_JCC]	= "jcc",
	[DTRACE_INSTR_CLI]	= "cli",
	[DTRACE_INSTR_STI]	= "sti",
	[DTRACE_INSTR_INT]	= "int",
};

/*
 * A probe.  Another name of the same function (an alias) has probes of
 * its own on the same sites, on the chain of the probe that owns the
 * site's handler.
 */
struct dtrace_instr_probe {
	dtrace_id_t id;
	bool on;
	unsigned long addr;
	unsigned long target;
	struct dtrace_bp_site *site;
	struct dtrace_instr_probe *owner;
	struct dtrace_instr_probe *alias;	/* the owner's chain */
};

static struct dtrace_provider *dtrace_instr_prov;

/* (symbol, class) pairs looked at so far, by kallsyms index. */
static unsigned long *dtrace_instr_done;
static unsigned int dtrace_instr_nsyms;

static unsigned int dtrace_instr_max_probes = 100000;
module_param_named(max_probes, dtrace_instr_max_probes, uint, 0644);
MODULE_PARM_DESC(max_probes, "most instr probes to create (default 100000)");

/* Counters, for the stats parameter; under the provider lock. */
static unsigned long dtrace_instr_nprobes, dtrace_instr_over;
static unsigned long dtrace_instr_seen[DTRACE_INSTR_NCLASSES];
static unsigned long dtrace_instr_refused[DTRACE_INSTR_NCLASSES][DTRACE_BP_NREASONS];

/* Probe context. */
static notrace void dtrace_instr_fire(void *arg, struct pt_regs *regs,
				      unsigned long addr)
{
	struct dtrace_instr_probe *ip;

	for (ip = arg; ip; ip = READ_ONCE(ip->alias))
		if (READ_ONCE(ip->on)) {
			u64 args[6] = { ip->addr, ip->target };

			dtrace_probe_regs(ip->id, regs, args);
		}
}

NOKPROBE_SYMBOL(dtrace_instr_fire);

/* The class of @insn, and the target of a direct branch in @target. */
static enum dtrace_instr_class dtrace_instr_classify(struct insn *insn,
						     unsigned long addr,
						     unsigned long *target)
{
	u8 op = insn->opcode.bytes[0], op1 = insn->opcode.bytes[1];
	u8 reg = X86_MODRM_REG(insn->modrm.bytes[0]);
	unsigned long next = addr + insn->length;

	*target = 0;
	if (insn->vex_prefix.nbytes)
		return DTRACE_INSTR_NONE;
	if (dtrace_bp_has_prefix(insn, 0xf0))
		return DTRACE_INSTR_LOCK;
	if (insn->opcode.nbytes == 2 && op == 0x0f) {
		if (op1 == 0x1f)
			return DTRACE_INSTR_NOP;
		if (op1 >= 0x80 && op1 <= 0x8f) {
			*target = next + insn->immediate.value;
			return DTRACE_INSTR_JCC;
		}
		return DTRACE_INSTR_NONE;
	}
	if (insn->opcode.nbytes != 1)
		return DTRACE_INSTR_NONE;
	switch (op) {
	case 0x90:
		return X86_REX_B(insn->rex_prefix.bytes[0]) ?
		       DTRACE_INSTR_NONE : DTRACE_INSTR_NOP;
	case 0xe8:
		*target = next + insn->immediate.value;
		return DTRACE_INSTR_CALL;
	case 0x9a:
		return DTRACE_INSTR_CALL;
	case 0xc2: case 0xc3: case 0xca: case 0xcb:
		return DTRACE_INSTR_RET;
	case 0xe9: case 0xeb:
		*target = next + insn->immediate.value;
		return DTRACE_INSTR_JMP;
	case 0xea:
		return DTRACE_INSTR_JMP;
	case 0x70 ... 0x7f:
		*target = next + insn->immediate.value;
		return DTRACE_INSTR_JCC;
	case 0xe0 ... 0xe3:
		return DTRACE_INSTR_JCC;
	case 0xfa:
		return DTRACE_INSTR_CLI;
	case 0xfb:
		return DTRACE_INSTR_STI;
	case 0xcd: case 0xce: case 0xf1:
		return DTRACE_INSTR_INT;
	case 0xff:
		if (reg == 2 || reg == 3)
			return DTRACE_INSTR_CALL;
		if (reg == 4 || reg == 5)
			return DTRACE_INSTR_JMP;
		break;
	}
	return DTRACE_INSTR_NONE;
}

static bool dtrace_instr_glob(const char *pat, const char *s)
{
	return !*pat || glob_match(pat, s);
}

/*
 * The end of the code of a function: kallsyms's size runs to the next
 * symbol, over the nop and int3 padding that aligns it.
 */
static unsigned long dtrace_instr_code_end(unsigned long addr,
					   unsigned long size)
{
	unsigned long a, end = addr, target;
	struct insn insn;

	for (a = addr; a < addr + size; a += insn.length) {
		if (*(u8 *)a == INT3_INSN_OPCODE) {
			insn.length = 1;
			continue;
		}
		if (insn_decode_kernel(&insn, (void *)a) < 0 || !insn.length)
			break;
		if (dtrace_instr_classify(&insn, a, &target) != DTRACE_INSTR_NOP)
			end = a + insn.length;
	}
	return end;
}

/*
 * Probes for the instructions of classes @want of a function.
 * Return: false if max_probes left some out.
 */
static bool dtrace_instr_create(const char *name, unsigned long addr,
				unsigned long size, unsigned long want)
{
	char func[DTRACE_FUNCNAMELEN], off[20];
	struct dtrace_instr_probe *ip, *owner;
	enum dtrace_instr_class c;
	enum dtrace_bp_reason why;
	struct dtrace_bp_site *site;
	unsigned long a, target;
	bool all = true;
	struct insn insn;

	size = dtrace_instr_code_end(addr, size) - addr;
	for (a = addr; a < addr + size; a += insn.length) {
		if (*(u8 *)a == INT3_INSN_OPCODE) {
			insn.length = 1;	/* padding, or a breakpoint */
			continue;
		}
		if (insn_decode_kernel(&insn, (void *)a) < 0 || !insn.length)
			break;
		c = dtrace_instr_classify(&insn, a, &target);
		if (c == DTRACE_INSTR_NONE || !(want & BIT(c)))
			continue;
		dtrace_instr_seen[c]++;
		if (dtrace_instr_nprobes >= READ_ONCE(dtrace_instr_max_probes)) {
			dtrace_instr_over++;
			all = false;
			continue;
		}
		site = dtrace_bp_site_get(a, &why);
		if (!site) {
			dtrace_instr_refused[c][why]++;
			continue;
		}
		ip = kzalloc_obj(*ip);
		if (!ip) {
			dtrace_instr_refused[c][DTRACE_BP_NOMEM]++;
			continue;
		}
		ip->addr = a;
		ip->target = target;
		ip->site = site;
		ip->owner = ip;
		owner = dtrace_bp_handler_arg(site, DTRACE_BP_INSTR,
					      dtrace_instr_fire);
		if (owner) {
			ip->owner = owner;
		} else if (dtrace_bp_attach(site, DTRACE_BP_INSTR,
					    dtrace_instr_fire, ip)) {
			dtrace_instr_refused[c][DTRACE_BP_BUSY]++;
			kfree(ip);
			continue;
		}
		snprintf(func, sizeof(func), "%s-%s", name,
			 dtrace_instr_class_names[c]);
		snprintf(off, sizeof(off), "%lx", a - addr);
		ip->id = dtrace_probe_create(dtrace_instr_prov, "vmlinux", func,
					     off, 2, ip);
		if (!ip->id) {
			/* The site's handler may point to it: it stays. */
			if (owner)
				kfree(ip);
			continue;
		}
		dtrace_instr_nprobes++;
		if (owner) {
			ip->alias = owner->alias;
			/* Complete before the handler can see it. */
			smp_store_release(&owner->alias, ip);
		}
	}
	return all;
}

struct dtrace_instr_walk {
	const struct dtrace_probedesc *desc;
	unsigned int idx;
};

static int dtrace_instr_count(void *data, const char *name, unsigned long addr)
{
	(*(unsigned int *)data)++;
	return 0;
}

/* The classes of FUNCTION-CLASS that @pat matches and are not done. */
static unsigned long dtrace_instr_wanted(const char *pat, const char *name,
					 unsigned int idx)
{
	char func[DTRACE_FUNCNAMELEN];
	unsigned long want = 0;
	int c;

	for (c = 0; c < DTRACE_INSTR_NCLASSES; c++) {
		if (test_bit(idx * DTRACE_INSTR_NCLASSES + c, dtrace_instr_done))
			continue;
		if (*pat) {
			snprintf(func, sizeof(func), "%s-%s", name,
				 dtrace_instr_class_names[c]);
			if (!glob_match(pat, func))
				continue;
		}
		want |= BIT(c);
	}
	return want;
}

static int dtrace_instr_sym(void *data, const char *name, unsigned long addr)
{
	struct dtrace_instr_walk *w = data;
	unsigned int idx = w->idx++;
	unsigned long want, size;
	int c;

	if (idx >= dtrace_instr_nsyms)
		return 1;
	if (!__is_kernel_text(addr) || is_kernel_inittext(addr))
		return 0;
	want = dtrace_instr_wanted(w->desc->func, name, idx);
	if (!want)
		return 0;
	/* Done unless max_probes left some out: a higher one gets them. */
	if (dtrace_fbt_probeable(name, addr, &size) &&
	    !dtrace_instr_create(name, addr, size, want))
		return 0;
	for_each_set_bit(c, &want, DTRACE_INSTR_NCLASSES)
		__set_bit(idx * DTRACE_INSTR_NCLASSES + c, dtrace_instr_done);
	cond_resched();
	return 0;
}

/* Called with the core's provider lock held: our state is ours. */
static void dtrace_instr_provide(void *arg, const struct dtrace_probedesc *desc)
{
	struct dtrace_instr_walk w = { .desc = desc };

	if (!desc || !*desc->prov || !glob_match(desc->prov, "instr") ||
	    !dtrace_instr_glob(desc->mod, "vmlinux"))
		return;
	/* No optimized kprobe half torn down in the text we decode. */
	wait_for_kprobe_optimizer();
	if (!dtrace_instr_done) {
		unsigned int n = 0;

		kallsyms_on_each_symbol(dtrace_instr_count, &n);
		dtrace_instr_done = bitmap_zalloc(n * DTRACE_INSTR_NCLASSES,
						  GFP_KERNEL);
		if (!dtrace_instr_done)
			return;
		dtrace_instr_nsyms = n;
	}
	kallsyms_on_each_symbol(dtrace_instr_sym, &w);
}

static bool dtrace_instr_chain_on(struct dtrace_instr_probe *owner)
{
	struct dtrace_instr_probe *ip;

	for (ip = owner; ip; ip = ip->alias)
		if (ip->on)
			return true;
	return false;
}

/* Under dtrace_lock: the on flags and the chains are ours. */
static int dtrace_instr_enable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_instr_probe *ip = parg;
	int ret;

	ret = dtrace_bp_enable_queued(ip->site, DTRACE_BP_INSTR);
	if (!ret)
		WRITE_ONCE(ip->on, true);
	return ret;
}

static void dtrace_instr_disable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_instr_probe *ip = parg;

	WRITE_ONCE(ip->on, false);
	if (!dtrace_instr_chain_on(ip->owner))
		dtrace_bp_disable(ip->site, DTRACE_BP_INSTR);
}

static void dtrace_instr_commit(void *arg)
{
	dtrace_bp_commit();
}

static const struct dtrace_pops dtrace_instr_ops = {
	.provide	= dtrace_instr_provide,
	.enable		= dtrace_instr_enable,
	.commit		= dtrace_instr_commit,
	.disable	= dtrace_instr_disable,
};

static int dtrace_instr_stats_get(char *buf, const struct kernel_param *kp)
{
	int n, c, r;

	n = sysfs_emit(buf, "probes %lu\nover-max-probes %lu\n",
		       dtrace_instr_nprobes, dtrace_instr_over);
	for (c = 0; c < DTRACE_INSTR_NCLASSES; c++) {
		n += sysfs_emit_at(buf, n, "class %s %lu\n",
				   dtrace_instr_class_names[c],
				   dtrace_instr_seen[c]);
		for (r = 1; r < DTRACE_BP_NREASONS; r++)
			if (dtrace_instr_refused[c][r])
				n += sysfs_emit_at(buf, n, "refused %s %s %lu\n",
						   dtrace_instr_class_names[c],
						   dtrace_bp_reason_name(r),
						   dtrace_instr_refused[c][r]);
	}
	return n;
}

static const struct kernel_param_ops dtrace_instr_stats_ops = {
	.get = dtrace_instr_stats_get,
};
module_param_cb(stats, &dtrace_instr_stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "instr probes, instructions by class, refused sites");

static int __init dtrace_instr_init(void)
{
	return dtrace_register("instr", &dtrace_instr_ops, NULL,
			       &dtrace_instr_prov);
}
device_initcall(dtrace_instr_init);
