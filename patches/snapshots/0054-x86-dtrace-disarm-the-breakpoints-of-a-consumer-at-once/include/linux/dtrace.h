/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DTrace: the interface for providers.
 *
 * A provider publishes probes and is told when they are enabled and
 * disabled; when an enabled probe fires, the provider calls dtrace_probe()
 * with its id and arguments.  See Documentation/trace/dtrace.rst.
 */
#ifndef _LINUX_DTRACE_H
#define _LINUX_DTRACE_H

#include <linux/types.h>
#include <uapi/linux/dtrace.h>

typedef u32 dtrace_id_t;

#define DTRACE_IDNONE		0

struct dtrace_provider;
struct pt_regs;

/**
 * struct dtrace_pops - what a provider does for DTrace
 * @provide: create the probes that @desc (globs; NULL: all) could match
 *	     and do not exist yet.  Called with dtrace_lock held.
 * @enable: arm probe @id; return 0 or an error.  Called with dtrace_lock.
 * @commit: optional; called when a consumer starts tracing, after the
 *	    enable() calls of all its enablings, and when it is torn down,
 *	    after the disable() calls of all its probes; without dtrace_lock.
 *	    A provider may leave the costly part of arming and disarming
 *	    (writing kernel text) to it, to do it for all of them at once:
 *	    before the consumer's tracing starts its probes record nothing
 *	    anyway, and a probe must no longer fire once disable() has
 *	    returned, whatever is left in the text.
 * @disable: disarm probe @id.  Called with dtrace_lock held.
 * @destroy: the probe is being removed; free what @parg holds.
 * @getargval: the value of argument @argno (5 and up) of the probe firing
 *	       on this CPU, in probe context; NULL: 0.
 *
 * @arg is the provider's, given to dtrace_register(); @parg the probe's,
 * given to dtrace_probe_create().
 */
struct dtrace_pops {
	void (*provide)(void *arg, const struct dtrace_probedesc *desc);
	int (*enable)(void *arg, dtrace_id_t id, void *parg);
	void (*commit)(void *arg);
	void (*disable)(void *arg, dtrace_id_t id, void *parg);
	void (*destroy)(void *arg, dtrace_id_t id, void *parg);
	u64 (*getargval)(void *arg, dtrace_id_t id, void *parg, int argno);
};

#ifdef CONFIG_DTRACE
int dtrace_register(const char *name, const struct dtrace_pops *pops,
		    void *arg, struct dtrace_provider **provp);
int dtrace_unregister(struct dtrace_provider *prov);
dtrace_id_t dtrace_probe_create(struct dtrace_provider *prov, const char *mod,
				const char *func, const char *name, int nargs,
				void *parg);
dtrace_id_t dtrace_probe_lookup(struct dtrace_provider *prov, const char *mod,
				const char *func, const char *name);
void dtrace_probe(dtrace_id_t id, u64 arg0, u64 arg1, u64 arg2, u64 arg3,
		  u64 arg4);
void dtrace_probe_args(dtrace_id_t id, const u64 *args, int err);
void dtrace_probe_regs(dtrace_id_t id, struct pt_regs *regs, const u64 *args);
#endif

/* Cross-CPU calls: arch/x86/dtrace/dtrace_xcall.c */
#define DTRACE_CPUALL		(-1)

typedef void (*dtrace_xcall_t)(void *arg);

/**
 * struct dtrace_xcall_stats - counters of dtrace_xcall()
 * @calls: calls made
 * @nmis: NMIs sent to targets that had not answered in time
 * @timeouts: calls that waited more than a second for a target
 * @offline: targets found offline with a call pending
 */
struct dtrace_xcall_stats {
	u64 calls;
	u64 nmis;
	u64 timeouts;
	u64 offline;
};

#ifdef CONFIG_DTRACE
void dtrace_xcall(int cpu, dtrace_xcall_t func, void *arg);
void dtrace_sync(void);
void dtrace_xcall_get_stats(struct dtrace_xcall_stats *st);
bool dtrace_in_probe_context(void);
#endif

#endif /* _LINUX_DTRACE_H */
