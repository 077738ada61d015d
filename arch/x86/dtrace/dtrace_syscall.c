// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the syscall provider on x86 - syscall:MODULE:NAME:entry and
 * syscall:MODULE:NAME:return for every system call of the 64-bit ABI
 * (module x64) and of the 32-bit compat ABI (module ia32).
 *
 * The probes hang on the raw_syscalls sys_enter and sys_exit tracepoints,
 * which the generic entry code calls from its syscall work path for every
 * task once a probe is registered: nothing is patched, and the special
 * system calls need no special handling - the child of fork/clone/clone3
 * returns through the same path, execve returns as the execve of the ABI
 * of the new program (the kernel rewrites orig_ax), exit/exit_group never
 * return and rt_sigreturn returns the restored register.
 *
 * Return probes are those of the call as it was entered: the entry
 * callback notes ABI and number in the task (task_struct.dtrace_syscall)
 * while any syscall probe is enabled.  Otherwise a successful execveat
 * would return as execve, since exec rewrites orig_ax, and an ia32 task
 * exec'ing a 64-bit program would return from x64 execve; with it, each
 * return matches its entry, and a forked child, whose task is a copy of
 * its parent's, returns from the call its parent made.
 *
 * entry: arg0..arg5 are the arguments of the call.  return: arg0 and arg1
 * are its return value and errno is set when that is an error.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/dtrace.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/glob.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>

enum { DTRACE_ABI_X64, DTRACE_ABI_IA32, DTRACE_NABI };

#ifdef CONFIG_IA32_EMULATION
#define DTRACE_IA32_NR	IA32_NR_syscalls
#else
#define DTRACE_IA32_NR	0
#endif

/**
 * struct dtrace_systab - the probes of one ABI
 * @mod: the module name of its probes
 * @names: "sys_NAME" by syscall number; NULL or sys_ni_syscall: none
 * @n: entries in @names and the arrays below
 * @probes: probe ids, [2 * nr] entry and [2 * nr + 1] return, 0 if not
 *	    created
 * @on: the same for the enabled probes, read by the tracepoint callbacks
 */
struct dtrace_systab {
	const char *mod;
	const char **names;
	unsigned int n;
	dtrace_id_t *probes;
	dtrace_id_t *on;
};

static const char *dtrace_x64_names[NR_syscalls];
static dtrace_id_t dtrace_x64_ids[2][2 * NR_syscalls];
#ifdef CONFIG_IA32_EMULATION
static const char *dtrace_ia32_names[DTRACE_IA32_NR];
static dtrace_id_t dtrace_ia32_ids[2][2 * DTRACE_IA32_NR];
#endif

static struct dtrace_systab dtrace_systabs[DTRACE_NABI] = {
	[DTRACE_ABI_X64] = {
		.mod	= "x64",
		.names	= dtrace_x64_names,
		.n	= NR_syscalls,
		.probes	= dtrace_x64_ids[0],
		.on	= dtrace_x64_ids[1],
	},
#ifdef CONFIG_IA32_EMULATION
	[DTRACE_ABI_IA32] = {
		.mod	= "ia32",
		.names	= dtrace_ia32_names,
		.n	= DTRACE_IA32_NR,
		.probes	= dtrace_ia32_ids[0],
		.on	= dtrace_ia32_ids[1],
	},
#endif
};

/*
 * The syscalls by number, from the headers the syscall tables themselves
 * are built from; only init reads them.
 */
struct dtrace_sysname {
	unsigned int nr;
	const char *sym;
	const char *compat;
};

static const struct dtrace_sysname dtrace_x64_list[] __initconst = {
#define __SYSCALL(nr, sym)		{ nr, #sym, NULL },
#define __SYSCALL_NORETURN(nr, sym)	{ nr, #sym, NULL },
#include <asm/syscalls_64.h>
#undef __SYSCALL
#undef __SYSCALL_NORETURN
};

#ifdef CONFIG_IA32_EMULATION
static const struct dtrace_sysname dtrace_ia32_list[] __initconst = {
#define __SYSCALL(nr, sym)		{ nr, #sym, NULL },
#define __SYSCALL_NORETURN(nr, sym)	{ nr, #sym, NULL },
#define __SYSCALL_WITH_COMPAT(nr, native, compat)	{ nr, #native, #compat },
#include <asm/syscalls_32.h>
#undef __SYSCALL
#undef __SYSCALL_NORETURN
#undef __SYSCALL_WITH_COMPAT
};
#endif

/* A call with only a compat entry point is named after that. */
static void __init dtrace_syscall_fill(const char **names, unsigned int n,
				       const struct dtrace_sysname *l,
				       unsigned int len)
{
	for (; len--; l++) {
		if (WARN_ON_ONCE(l->nr >= n))
			continue;
		if (l->compat && !strcmp(l->sym, "sys_ni_syscall"))
			names[l->nr] = l->compat;
		else
			names[l->nr] = l->sym;
	}
}

static void __init dtrace_syscall_names(void)
{
	dtrace_syscall_fill(dtrace_x64_names, NR_syscalls, dtrace_x64_list,
			    ARRAY_SIZE(dtrace_x64_list));
#ifdef CONFIG_IA32_EMULATION
	dtrace_syscall_fill(dtrace_ia32_names, DTRACE_IA32_NR,
			    dtrace_ia32_list, ARRAY_SIZE(dtrace_ia32_list));
#endif
}

static struct dtrace_provider *dtrace_syscall_prov;
/* Enabled entry [0] and return [1] probes. */
static unsigned int dtrace_syscall_nenabled[2];

/*
 * task_struct.dtrace_syscall: the generation of the hook that noted it,
 * the ABI and the number.  A new hook makes what older ones noted stale.
 */
static u32 dtrace_syscall_gen;

#define DTRACE_SYSCALL_NOTE(gen, abi, nr) \
	(((u64)(gen) << 32) | ((u64)(abi) << 16) | (nr))

/* A probe's parg: ABI, syscall number, entry (0) or return (1). */
#define DTRACE_SYSCALL_PARG(abi, nr, ret) \
	((void *)(((unsigned long)(abi) << 24) | ((nr) << 1) | (ret)))
#define DTRACE_SYSCALL_ABI(parg)	((unsigned long)(parg) >> 24)
#define DTRACE_SYSCALL_SLOT(parg)	((unsigned long)(parg) & 0xffffff)

static unsigned int dtrace_syscall_abi(void)
{
	return in_ia32_syscall() ? DTRACE_ABI_IA32 : DTRACE_ABI_X64;
}

/* Tracepoint callbacks: the task's syscall path, preemptible. */
static void dtrace_syscall_enter(void *data, struct pt_regs *regs, long nr)
{
	unsigned int abi = dtrace_syscall_abi();
	const struct dtrace_systab *tab = &dtrace_systabs[abi];
	unsigned long args[6];
	u64 probe_args[6];
	dtrace_id_t id;
	int i;

	if (nr < 0 || nr >= tab->n) {
		current->dtrace_syscall = 0;
		return;
	}
	current->dtrace_syscall =
		DTRACE_SYSCALL_NOTE(READ_ONCE(dtrace_syscall_gen), abi, nr);
	id = READ_ONCE(tab->on[2 * nr]);
	if (!id)
		return;
	syscall_get_arguments(current, regs, args);
	for (i = 0; i < ARRAY_SIZE(args); i++)
		probe_args[i] = args[i];
	dtrace_probe_args(id, probe_args, 0);
}

static void dtrace_syscall_exit(void *data, struct pt_regs *regs, long ret)
{
	u64 note = current->dtrace_syscall;
	u64 probe_args[6] = { ret, ret };
	const struct dtrace_systab *tab;
	unsigned int abi;
	dtrace_id_t id;
	long nr;

	if (note >> 32 == READ_ONCE(dtrace_syscall_gen)) {
		abi = (note >> 16) & 0xffff;
		nr = note & 0xffff;
	} else {
		/* Entered before the hook: as the registers have it. */
		abi = dtrace_syscall_abi();
		nr = syscall_get_nr(current, regs);
	}
	tab = &dtrace_systabs[abi];
	if (nr < 0 || nr >= tab->n)
		return;
	id = READ_ONCE(tab->on[2 * nr + 1]);
	if (!id)
		return;
	dtrace_probe_args(id, probe_args,
			  IS_ERR_VALUE(ret) ? (int)-ret : 0);
}

/*
 * sys_enter is hooked while any syscall probe is enabled (return probes
 * need what its callback notes), sys_exit while a return probe is.
 */
static int dtrace_syscall_hook(unsigned int ret, bool on)
{
	unsigned int *n = dtrace_syscall_nenabled;
	int err;

	if (on) {
		if (!n[0] && !n[1]) {
			/* Generation 0 is never current: zero is stale. */
			WRITE_ONCE(dtrace_syscall_gen,
				   dtrace_syscall_gen + 1 ?: 1);
			err = register_trace_sys_enter(dtrace_syscall_enter,
						       NULL);
			if (err)
				return err;
		}
		if (ret && !n[1]) {
			err = register_trace_sys_exit(dtrace_syscall_exit, NULL);
			if (err) {
				if (!n[0])
					unregister_trace_sys_enter(dtrace_syscall_enter,
								   NULL);
				return err;
			}
		}
		n[ret]++;
		return 0;
	}

	/*
	 * A callback still running reads only static tables and the
	 * task: nothing to wait for.
	 */
	n[ret]--;
	if (ret && !n[1])
		unregister_trace_sys_exit(dtrace_syscall_exit, NULL);
	if (!n[0] && !n[1])
		unregister_trace_sys_enter(dtrace_syscall_enter, NULL);
	return 0;
}

static int dtrace_syscall_enable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_systab *tab = &dtrace_systabs[DTRACE_SYSCALL_ABI(parg)];
	unsigned long slot = DTRACE_SYSCALL_SLOT(parg);
	int err;

	err = dtrace_syscall_hook(slot & 1, true);
	if (!err)
		WRITE_ONCE(tab->on[slot], id);
	return err;
}

static void dtrace_syscall_disable(void *arg, dtrace_id_t id, void *parg)
{
	struct dtrace_systab *tab = &dtrace_systabs[DTRACE_SYSCALL_ABI(parg)];
	unsigned long slot = DTRACE_SYSCALL_SLOT(parg);

	WRITE_ONCE(tab->on[slot], 0);
	dtrace_syscall_hook(slot & 1, false);
}

static bool dtrace_syscall_match(const char *pat, const char *s)
{
	return !pat || !*pat || glob_match(pat, s);
}

/* The probe name of a table entry: NAME of sys_NAME or compat_sys_NAME. */
static const char *dtrace_syscall_func(const char *sym)
{
	if (!sym || !strcmp(sym, "sys_ni_syscall"))
		return NULL;
	if (str_has_prefix(sym, "sys_"))
		return sym + strlen("sys_");
	if (str_has_prefix(sym, "compat_sys_"))
		return sym + strlen("compat_sys_");
	return NULL;
}

static void dtrace_syscall_create(struct dtrace_systab *tab, unsigned int abi,
				  unsigned int nr, const char *func,
				  const struct dtrace_probedesc *desc)
{
	static const char * const pname[2] = { "entry", "return" };
	unsigned int ret;

	for (ret = 0; ret < 2; ret++) {
		dtrace_id_t *idp = &tab->probes[2 * nr + ret];

		if (*idp ||
		    !dtrace_syscall_match(desc ? desc->name : NULL, pname[ret]))
			continue;
		*idp = dtrace_probe_create(dtrace_syscall_prov, tab->mod, func,
					   pname[ret], ret ? 2 : 6,
					   DTRACE_SYSCALL_PARG(abi, nr, ret));
	}
}

/* Called with the core's provider lock held: the tables are ours. */
static void dtrace_syscall_provide(void *arg,
				   const struct dtrace_probedesc *desc)
{
	unsigned int abi, nr;

	for (abi = 0; abi < DTRACE_NABI; abi++) {
		struct dtrace_systab *tab = &dtrace_systabs[abi];

		if (!tab->names ||
		    !dtrace_syscall_match(desc ? desc->mod : NULL, tab->mod))
			continue;
		for (nr = 0; nr < tab->n; nr++) {
			const char *func = dtrace_syscall_func(tab->names[nr]);

			if (func &&
			    dtrace_syscall_match(desc ? desc->func : NULL, func))
				dtrace_syscall_create(tab, abi, nr, func, desc);
		}
	}
}

static const struct dtrace_pops dtrace_syscall_ops = {
	.provide	= dtrace_syscall_provide,
	.enable		= dtrace_syscall_enable,
	.disable	= dtrace_syscall_disable,
};

static int __init dtrace_syscall_init(void)
{
	dtrace_syscall_names();
	return dtrace_register("syscall", &dtrace_syscall_ops, NULL,
			       &dtrace_syscall_prov);
}
device_initcall(dtrace_syscall_init);
