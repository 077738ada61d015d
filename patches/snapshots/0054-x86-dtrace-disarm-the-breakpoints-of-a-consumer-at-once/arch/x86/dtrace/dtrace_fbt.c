// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the fbt provider - fbt:vmlinux:FUNCTION:entry and
 * fbt:vmlinux:FUNCTION:return, on breakpoint sites (dtrace_bp.c).
 *
 * The functions are those kallsyms knows in core kernel text (modules
 * get no probes), less what must not be probed: noinstr, entry, irq and
 * softirq entry, cpuidle, kprobes and static call text, __init text, the
 * kprobes blacklist, the code of DTrace itself (dtrace_*, dtx_*), ftrace's
 * and text patching's own code, and symbols that are not function
 * entries (prefix padding, .cold parts, thunks).
 *
 * entry sits on the first instruction after the endbr64 and the ftrace
 * __fentry__ call site, whichever the function has: that instruction is
 * ftrace's, and an int3 on the endbr64 would break indirect calls under
 * IBT.  Its arguments arg0-arg5 are the registers of the System V calling
 * convention (%rdi, %rsi, %rdx, %rcx, %r8, %r9) as they are there.
 *
 * return sits on every ret of the function, found by decoding it from its
 * start to the next symbol; arg0 is the offset of the ret in the function,
 * arg1 the return value (%rax).  A site the breakpoint layer refuses gets
 * no probe, or for a return, is left out of the probe; the refusals are
 * counted in /sys/module/dtrace_fbt/parameters/stats.
 *
 * Probes are created when a description could match them, for the
 * functions its function part matches: decoding all of the kernel takes a
 * while, and a description naming one function decodes one function.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/dtrace.h>
#include <linux/dtrace_bp.h>
#include <linux/ftrace.h>
#include <linux/glob.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/text-patching.h>
#include <asm/insn.h>
#include <asm/sections.h>

#include "dtrace_bp_local.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "dtrace_fbt."

/*
 * A function, or one more name of a function seen before (an alias: the
 * same address).  The first one owns the handlers of the sites; each
 * alias has probes of its own, on the owner's chain.
 */
struct dtrace_fbt_func {
	unsigned long addr;
	dtrace_id_t entry_id;
	dtrace_id_t return_id;
	bool entry_on;
	bool return_on;
	struct dtrace_fbt_func *owner;
	struct dtrace_fbt_func *alias;	/* the owner's chain */
	struct dtrace_bp_site *entry;
	unsigned int nrets;
	struct dtrace_bp_site *rets[] __counted_by(nrets);
};

static struct dtrace_provider *dtrace_fbt_prov;

/* The symbols looked at so far, by kallsyms index; all of them. */
static unsigned long *dtrace_fbt_done;
static unsigned int dtrace_fbt_nsyms;
static bool dtrace_fbt_all_done;

/* Counters, for the stats parameter. */
static unsigned long dtrace_fbt_nfuncs, dtrace_fbt_nentry, dtrace_fbt_nreturn;
static unsigned long dtrace_fbt_excluded, dtrace_fbt_retsites;
static unsigned long dtrace_fbt_entry_refused[DTRACE_BP_NREASONS];
static unsigned long dtrace_fbt_ret_refused[DTRACE_BP_NREASONS];

/* Probe context. */
static notrace void dtrace_fbt_fire_entry(void *arg, struct pt_regs *regs,
					  unsigned long addr)
{
	struct dtrace_fbt_func *fn;
	u64 args[6] = { regs->di, regs->si, regs->dx, regs->cx, regs->r8,
			regs->r9 };

	for (fn = arg; fn; fn = READ_ONCE(fn->alias))
		if (READ_ONCE(fn->entry_on))
			dtrace_probe_regs(fn->entry_id, regs, args);
}

NOKPROBE_SYMBOL(dtrace_fbt_fire_entry);

static notrace void dtrace_fbt_fire_return(void *arg, struct pt_regs *regs,
					   unsigned long addr)
{
	struct dtrace_fbt_func *fn;

	for (fn = arg; fn; fn = READ_ONCE(fn->alias))
		if (READ_ONCE(fn->return_on)) {
			u64 args[6] = { addr - fn->addr, regs->ax };

			dtrace_probe_regs(fn->return_id, regs, args);
		}
}

NOKPROBE_SYMBOL(dtrace_fbt_fire_return);

/* Names that are not functions to probe, or are DTrace's own. */
static const char * const dtrace_fbt_skip_prefix[] = {
	"dtrace_", "__dtrace_", "dtx_", "__pfx_", "__cfi_", "__SCT__",
	"__SCK__", "__x86_", "__x64_sys_ni_syscall", "ftrace_", "__ftrace",
	"return_to_handler", "__fentry__", "text_poke", "smp_text_poke",
	"__text_poke", "int3_", "poking_", "srso_", "retbleed_",
	"entry_", "bpf_dispatcher_", "kprobe", "arch_kprobe", "optprobe",
	"kretprobe", "__kretprobe", "arch_rethook", "rethook",
	"irqentry_", "exc_", "asm_exc_", "do_int3", "do_debug", "notify_die",
	"die", "oops_", "nmi_", "default_do_nmi", "lockdep_", "lock_acquire",
	"lock_release", "__lock_acquire", "trace_hardirqs", "rcu_nmi",
	"ct_", "context_tracking", "native_", "paravirt_", "_paravirt",
	"__sanitizer", "__stack_chk", "__ubsan", "__kasan", "__asan",
	"use_temporary_mm", "unuse_temporary_mm", "switch_mm",
	"sync_core", "do_sync_core", "memcpy", "__memcpy", "memmove",
	"__memmove", "memset", "__memset", "__get_insn_slot",
	"search_exception_tables", "is_kprobe", "__is_insn_slot",
	/*
	 * The stack walks of stackdepth, caller, stack() and ustack()
	 * (arch_stack_walk_user()), and what they call.
	 */
	"arch_stack_walk", "copy_stack_frame", "__might_fault", "unwind_",
	"__unwind_start", "orc_", "__orc_",
	"get_stack_info", "in_task_stack", "in_entry_stack",
	"in_exception_stack", "in_irq_stack", "stack_type_name",
	"__kernel_text_address", "kernel_text_address", "core_kernel_text",
	"is_module_text_address", "__module_address", "__module_text_address",
	"is_ftrace_trampoline", "is_bpf_text_address", "bpf_ksym_find",
	/* The clocks of timestamp and vtimestamp. */
	"local_clock", "sched_clock", "ktime_get_mono_fast_ns", "kvm_clock",
	"kvm_sched_clock", "pvclock_",
};

static bool dtrace_fbt_excluded_name(const char *name)
{
	int i;

	if (strstr(name, ".cold") || strstr(name, ".part."))
		return true;
	/* Section and area markers: __sched_text_start and the like. */
	if (str_has_prefix(name, "__") &&
	    (glob_match("*_start", name) || glob_match("*_end", name)))
		return true;
	for (i = 0; i < ARRAY_SIZE(dtrace_fbt_skip_prefix); i++)
		if (str_has_prefix(name, dtrace_fbt_skip_prefix[i]))
			return true;
	return false;
}

/* A field of a description: empty matches anything. */
static bool dtrace_fbt_glob(const char *pat, const char *s)
{
	return !*pat || glob_match(pat, s);
}

static bool dtrace_fbt_within(unsigned long addr, const char *start,
			      const char *end)
{
	return addr >= (unsigned long)start && addr < (unsigned long)end;
}

static bool dtrace_fbt_excluded_addr(unsigned long addr)
{
	if (!__is_kernel_text(addr) || is_kernel_inittext(addr) ||
	    addr < (unsigned long)__entry_text_end ||
	    addr >= (unsigned long)__static_call_text_start)
		return true;
	return dtrace_fbt_within(addr, __noinstr_text_start,
				 __noinstr_text_end) ||
	       dtrace_fbt_within(addr, __irqentry_text_start,
				 __irqentry_text_end) ||
	       dtrace_fbt_within(addr, __softirqentry_text_start,
				 __softirqentry_text_end) ||
	       dtrace_fbt_within(addr, __cpuidle_text_start,
				 __cpuidle_text_end) ||
	       dtrace_fbt_within(addr, __kprobes_text_start,
				 __kprobes_text_end) ||
	       within_kprobe_blacklist(addr);
}

/**
 * dtrace_fbt_probeable - whether fbt and instr may probe a function
 * @name: its kallsyms name
 * @addr: its address, in core kernel text
 * @sizep: set to its size
 *
 * Return: true for the start of a function of core kernel text that is
 * not excluded (see the head of this file).
 */
bool dtrace_fbt_probeable(const char *name, unsigned long addr,
			  unsigned long *sizep)
{
	unsigned long off;

	return !dtrace_fbt_excluded_name(name) &&
	       !dtrace_fbt_excluded_addr(addr) &&
	       kallsyms_lookup_size_offset(addr, sizep, &off) && !off && *sizep;
}

static bool dtrace_fbt_is_ret(const struct insn *insn)
{
	return insn->opcode.nbytes == 1 && insn->opcode.bytes[0] == 0xc3 &&
	       !insn->prefixes.nbytes && !insn->rex_prefix.nbytes;
}

/* The entry site: past endbr64 and the __fentry__ call site. */
static unsigned long dtrace_fbt_entry_addr(unsigned long addr,
					   unsigned long size)
{
	unsigned long a = addr;
	struct insn insn;

	if (size > ENDBR_INSN_SIZE && is_endbr((u32 *)a))
		a += ENDBR_INSN_SIZE;
	if (ftrace_location(a) == a) {
		if (insn_decode_kernel(&insn, (void *)a) < 0)
			return 0;
		a += insn.length;
	}
	return a < addr + size ? a : 0;
}

static void dtrace_fbt_create(const char *name, unsigned long addr,
			      unsigned long size)
{
	struct dtrace_bp_site *entry = NULL, **rets;
	unsigned int nrets = 0, maxrets = 16, i;
	struct dtrace_fbt_func *fn, *owner;
	enum dtrace_bp_reason why;
	unsigned long a, ea;
	struct insn insn;

	rets = kmalloc_array(maxrets, sizeof(*rets), GFP_KERNEL);
	if (!rets)
		return;

	ea = dtrace_fbt_entry_addr(addr, size);
	if (ea) {
		entry = dtrace_bp_site_get(ea, &why);
		if (!entry)
			dtrace_fbt_entry_refused[why]++;
	}

	for (a = addr; a < addr + size; a += insn.length) {
		if (*(u8 *)a == INT3_INSN_OPCODE) {
			insn.length = 1;	/* padding, after a ret or jmp */
			continue;
		}
		if (insn_decode_kernel(&insn, (void *)a) < 0 || !insn.length)
			break;
		if (!dtrace_fbt_is_ret(&insn))
			continue;
		dtrace_fbt_retsites++;
		if (nrets == maxrets) {
			struct dtrace_bp_site **r;

			r = krealloc_array(rets, maxrets * 2, sizeof(*rets),
					   GFP_KERNEL);
			if (!r)
				break;
			rets = r;
			maxrets *= 2;
		}
		rets[nrets] = dtrace_bp_site_get(a, &why);
		if (rets[nrets])
			nrets++;
		else
			dtrace_fbt_ret_refused[why]++;
	}

	fn = kzalloc_flex(*fn, rets, nrets);
	if (!fn)
		goto out;
	fn->addr = addr;
	fn->entry = entry;
	fn->nrets = nrets;
	memcpy(fn->rets, rets, nrets * sizeof(*rets));
	fn->owner = fn;
	dtrace_fbt_nfuncs++;

	/* An alias of a function seen before goes on its owner's chain. */
	owner = entry ? dtrace_bp_handler_arg(entry, DTRACE_BP_FBT_ENTRY,
					      dtrace_fbt_fire_entry) : NULL;
	if (!owner && nrets)
		owner = dtrace_bp_handler_arg(rets[0], DTRACE_BP_FBT_RETURN,
					      dtrace_fbt_fire_return);
	if (owner) {
		if (owner->addr != addr || owner->entry != entry ||
		    owner->nrets != nrets)
			goto out;	/* not an alias after all: leak fn */
		fn->owner = owner;
	} else {
		if (entry && dtrace_bp_attach(entry, DTRACE_BP_FBT_ENTRY,
					      dtrace_fbt_fire_entry, fn))
			fn->entry = NULL;
		for (i = 0; i < nrets; i++)
			if (dtrace_bp_attach(rets[i], DTRACE_BP_FBT_RETURN,
					     dtrace_fbt_fire_return, fn))
				break;
		fn->nrets = i;
	}

	if (fn->entry) {
		fn->entry_id = dtrace_probe_create(dtrace_fbt_prov, "vmlinux",
						   name, "entry", 6, fn);
		if (fn->entry_id)
			dtrace_fbt_nentry++;
	}
	if (fn->nrets) {
		fn->return_id = dtrace_probe_create(dtrace_fbt_prov, "vmlinux",
						    name, "return", 2, fn);
		if (fn->return_id)
			dtrace_fbt_nreturn++;
	}
	if (owner) {
		fn->alias = owner->alias;
		/* Complete before the handlers can see it. */
		smp_store_release(&owner->alias, fn);
	}
	/*
	 * fn stays: the handlers point to it, and so does a probe that
	 * could not be created for a name that exists already.
	 */
out:
	kfree(rets);
}

struct dtrace_fbt_walk {
	const struct dtrace_probedesc *desc;
	unsigned int idx;
	unsigned int left;
};

/* Whether the function @name has probes: made by dtrace_fbt_provide_one(). */
static bool dtrace_fbt_named(const char *name)
{
	return dtrace_probe_lookup(dtrace_fbt_prov, "vmlinux", name, "entry") ||
	       dtrace_probe_lookup(dtrace_fbt_prov, "vmlinux", name, "return");
}

static int dtrace_fbt_count(void *data, const char *name, unsigned long addr)
{
	(*(unsigned int *)data)++;
	return 0;
}

static int dtrace_fbt_sym(void *data, const char *name, unsigned long addr)
{
	struct dtrace_fbt_walk *w = data;
	unsigned int idx = w->idx++;
	unsigned long size;

	if (idx >= dtrace_fbt_nsyms)
		return 1;
	if (test_bit(idx, dtrace_fbt_done))
		return 0;
	if (w->desc && !dtrace_fbt_glob(w->desc->func, name)) {
		w->left++;
		return 0;
	}
	__set_bit(idx, dtrace_fbt_done);
	if (!__is_kernel_text(addr) || is_kernel_inittext(addr) ||
	    dtrace_fbt_named(name))
		return 0;
	if (!dtrace_fbt_probeable(name, addr, &size)) {
		dtrace_fbt_excluded++;
		return 0;
	}
	dtrace_fbt_create(name, addr, size);
	cond_resched();
	return 0;
}

/*
 * A description that names one function (no glob characters): its
 * address from kallsyms_lookup_name(), the first function of that name
 * as for a walk, rather than a walk of every symbol; a program listing
 * thousands of functions would otherwise walk kallsyms for each.
 */
static void dtrace_fbt_provide_one(const char *name)
{
	unsigned long addr = kallsyms_lookup_name(name), size;

	if (!addr || !__is_kernel_text(addr) || is_kernel_inittext(addr) ||
	    dtrace_fbt_named(name))
		return;
	if (dtrace_fbt_probeable(name, addr, &size))
		dtrace_fbt_create(name, addr, size);
}

/* Called with the core's provider lock held: our state is ours. */
static void dtrace_fbt_provide(void *arg, const struct dtrace_probedesc *desc)
{
	struct dtrace_fbt_walk w = { .desc = desc };

	if (dtrace_fbt_all_done)
		return;
	if (desc && (!dtrace_fbt_glob(desc->mod, "vmlinux") ||
		     (!dtrace_fbt_glob(desc->name, "entry") &&
		      !dtrace_fbt_glob(desc->name, "return"))))
		return;
	/* No optimized kprobe half torn down in the text we decode. */
	wait_for_kprobe_optimizer();
	if (desc && *desc->func && !strpbrk(desc->func, "*?[\\")) {
		dtrace_fbt_provide_one(desc->func);
		return;
	}
	if (!dtrace_fbt_done) {
		unsigned int n = 0;

		kallsyms_on_each_symbol(dtrace_fbt_count, &n);
		dtrace_fbt_done = bitmap_zalloc(n, GFP_KERNEL);
		if (!dtrace_fbt_done)
			return;
		dtrace_fbt_nsyms = n;
	}
	kallsyms_on_each_symbol(dtrace_fbt_sym, &w);
	if (!w.left && w.idx >= dtrace_fbt_nsyms)
		dtrace_fbt_all_done = true;
}

static bool dtrace_fbt_chain_on(struct dtrace_fbt_func *owner, bool entry)
{
	struct dtrace_fbt_func *f;

	for (f = owner; f; f = f->alias)
		if (entry ? f->entry_on : f->return_on)
			return true;
	return false;
}

/* Under dtrace_lock: the _on flags and the chains are ours. */
static int dtrace_fbt_enable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_fbt_func *fn = parg, *owner = fn->owner;
	unsigned int i, armed = 0;
	int ret = 0;

	if (id == fn->entry_id) {
		ret = dtrace_bp_enable_queued(owner->entry,
					      DTRACE_BP_FBT_ENTRY);
		if (!ret)
			WRITE_ONCE(fn->entry_on, true);
		return ret;
	}
	for (i = 0; i < owner->nrets; i++) {
		int r = dtrace_bp_enable_queued(owner->rets[i],
						 DTRACE_BP_FBT_RETURN);

		if (r)
			ret = r;
		else
			armed++;
	}
	/* A return probe with some of its rets armed is still of use. */
	if (!armed)
		return ret;
	WRITE_ONCE(fn->return_on, true);
	return 0;
}

static void dtrace_fbt_disable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_fbt_func *fn = parg, *owner = fn->owner;
	unsigned int i;

	if (id == fn->entry_id) {
		WRITE_ONCE(fn->entry_on, false);
		if (!dtrace_fbt_chain_on(owner, true))
			dtrace_bp_disable_queued(owner->entry,
						 DTRACE_BP_FBT_ENTRY);
		return;
	}
	WRITE_ONCE(fn->return_on, false);
	if (dtrace_fbt_chain_on(owner, false))
		return;
	for (i = 0; i < owner->nrets; i++)
		dtrace_bp_disable_queued(owner->rets[i],
					 DTRACE_BP_FBT_RETURN);
}

static void dtrace_fbt_commit(void *arg)
{
	dtrace_bp_commit();
}

static const struct dtrace_pops dtrace_fbt_ops = {
	.provide	= dtrace_fbt_provide,
	.enable		= dtrace_fbt_enable,
	.commit		= dtrace_fbt_commit,
	.disable	= dtrace_fbt_disable,
};

static int dtrace_fbt_stats_get(char *buf, const struct kernel_param *kp)
{
	unsigned long stale = 0;
	int n, i;

	for_each_possible_cpu(i)
		stale += per_cpu(dtrace_bp_stale, i);
	n = sysfs_emit(buf, "functions %lu\nentry %lu\nreturn %lu\n"
		       "excluded %lu\nret-sites %lu\nstale-int3 %lu\n"
		       "lost %lu\n",
		       dtrace_fbt_nfuncs, dtrace_fbt_nentry,
		       dtrace_fbt_nreturn, dtrace_fbt_excluded,
		       dtrace_fbt_retsites, stale, READ_ONCE(dtrace_bp_lost));
	for (i = 1; i < DTRACE_BP_NREASONS; i++)
		n += sysfs_emit_at(buf, n, "refused-entry %s %lu\n",
				   dtrace_bp_reason_name(i),
				   dtrace_fbt_entry_refused[i]);
	for (i = 1; i < DTRACE_BP_NREASONS; i++)
		n += sysfs_emit_at(buf, n, "refused-return %s %lu\n",
				   dtrace_bp_reason_name(i),
				   dtrace_fbt_ret_refused[i]);
	return n;
}

static const struct kernel_param_ops dtrace_fbt_stats_ops = {
	.get = dtrace_fbt_stats_get,
};
module_param_cb(stats, &dtrace_fbt_stats_ops, NULL, 0444);
MODULE_PARM_DESC(stats, "fbt probes, excluded functions, refused sites");

static int __init dtrace_fbt_init(void)
{
	return dtrace_register("fbt", &dtrace_fbt_ops, NULL, &dtrace_fbt_prov);
}
device_initcall(dtrace_fbt_init);
