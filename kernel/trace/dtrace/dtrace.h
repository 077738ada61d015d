/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTrace core: declarations shared by the files of kernel/trace/dtrace/.
 * Nothing in here is an interface to the rest of the kernel.
 */
#ifndef _KERNEL_TRACE_DTRACE_H
#define _KERNEL_TRACE_DTRACE_H

#include <linux/dtrace.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/workqueue.h>
#include <uapi/linux/dtrace.h>
#include <uapi/linux/dtrace_dif.h>

/* Limits. */
#define DTRACE_MAX_BYREF	(64 * 1024)	/* a by-ref value or string */
#define DTRACE_MAX_ACTIONS	4096		/* actions in one clause */
#define DTRACE_MAX_ECBS		65536		/* enabled probes per consumer */
#define DTRACE_MAX_PROBES	(1024 * 1024)	/* probes in all */
#define DTRACE_SCRATCH_SIZE	(32 * 1024)	/* scratch per CPU */
#define DTRACE_MAX_LOCALS	256		/* clause-local variables */
#define DTRACE_MAX_AGGKEYS	16		/* keys of an aggregation */

/* dtrace_lock serialises everything but probe context. */
extern struct mutex dtrace_lock;

/* --- Providers and probes (dtrace_probe.c) ----------------------------- */

struct dtrace_provider {
	struct list_head list;
	const struct dtrace_pops *pops;
	void *arg;
	bool defunct;
	char name[DTRACE_PROVNAMELEN];
};

struct dtrace_ecb;

struct dtrace_probe {
	dtrace_id_t id;
	int nargs;
	struct dtrace_provider *prov;
	void *parg;
	struct dtrace_ecb *ecbs;	/* enabled clauses, RCU-like list */
	int nenabled;
	const char *mod;
	const char *func;
	const char *name;
	struct list_head prov_list;	/* dtrace_probes_of(prov) */
	struct hlist_node hash;		/* by provider and name */
	struct hlist_node fhash;	/* by function name */
};

/* Probe context: the probe with @id, or NULL. */
struct dtrace_probe *dtrace_probe_get(dtrace_id_t id);
void dtrace_probe_provide(const struct dtrace_probedesc *desc);
void dtrace_probe_commit(void);
int dtrace_probe_match_next(const struct dtrace_probedesc *desc, u32 start,
			    struct dtrace_probe **probep);
bool dtrace_desc_valid(const struct dtrace_probedesc *desc);
void dtrace_probe_fill(const struct dtrace_probe *p, struct dtrace_probedesc *d);
int dtrace_probe_enable(struct dtrace_probe *p);
void dtrace_probe_disable(struct dtrace_probe *p);
bool dtrace_glob(const char *pat, const char *s);

/* --- DIF objects (dtrace_dif.c) ---------------------------------------- */

struct dtrace_difo {
	u32 *text;
	u64 *inttab;
	char *strtab;
	struct dif_var *vartab;
	u32 ntext;
	u32 nint;
	u32 strlen;
	u32 nvars;
	struct dif_type rtype;
};

struct dtrace_state;

/**
 * struct dtrace_mstate - the machine state of one probe firing
 * @state: the consumer whose clause runs
 * @probe: the probe that fired
 * @args: its first five arguments
 * @epid: the enabled probe running
 * @fault: DTRACEFLT_* of the first fault, 0 if none
 * @illval: the address (or value) that faulted
 * @fltoffs: the DIF offset of the faulting instruction
 * @timestamp: when the probe fired
 * @vtimestamp: the thread's virtual time then, 0 until first asked
 * @regs: the registers where the probe fired, or NULL
 * @site: without @regs, the return address of the provider's call into
 *	  DTrace: the stack walks of stackdepth and caller start there
 * @stackdepth: the frames above the probe site, -1 until computed
 * @caller: the return address into the probe site's caller, valid once
 *	    @stackdepth is computed
 * @errno_val: errno of a syscall return probe
 * @rand: this CPU's rand() state
 * @strtok: where strtok(NULL, ...) goes on, in scratch space; 0 for none
 * @strsize: the consumer's strsize
 * @scratch: this CPU's scratch space, @scratch_size bytes, @scratch_used
 *	     of them used in this firing
 * @vars: the consumer's variable memory, @vars_len bytes: strings in it
 *	  are read directly
 * @locals: this CPU's clause-local variables
 * @outer: the firing this one is nested in (ERROR), or NULL
 *
 * Each member is set one by one rather than the whole cleared: those
 * every firing uses by __dtrace_probe_at(), the others, which only DIF
 * reads, by dtrace_mstate_dif() before the first clause that runs DIF.
 * @scratch is NULL until then.  A member added here is set there.
 */
struct dtrace_mstate {
	struct dtrace_state *state;
	struct dtrace_probe *probe;
	const u64 *args;
	u32 epid;
	u16 fault;
	u32 fltoffs;
	u64 illval;
	u64 timestamp;
	u64 vtimestamp;		/* at its first use; 0 until then */
	struct pt_regs *regs;
	unsigned long site;
	int stackdepth;
	u64 caller;
	int errno_val;
	u64 rand;
	unsigned long strtok;
	u64 strsize;
	char *scratch;
	size_t scratch_size;
	size_t scratch_used;
	void *vars;
	size_t vars_len;
	u64 *locals;
	struct dtrace_mstate *outer;
};

static __always_inline void dtrace_fault(struct dtrace_mstate *ms, u16 fault,
					 unsigned long addr)
{
	if (!ms->fault) {
		ms->fault = fault;
		ms->illval = addr;
	}
}

struct dtrace_difo *dtrace_difo_create(const struct dif_object *udo);
void dtrace_difo_free(struct dtrace_difo *dp);
bool dtrace_difo_destructive(const struct dtrace_difo *dp);
int dtrace_difo_validate(const struct dtrace_difo *dp, char *err,
			 size_t errlen);
u64 dtrace_dif_emulate(const struct dtrace_difo *dp, struct dtrace_mstate *ms);
void *dtrace_scratch_alloc(struct dtrace_mstate *ms, size_t size);
void dtrace_strcpy_in(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		      char *dst, unsigned long src, size_t size);
u8 dtrace_strbyte(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		  unsigned long addr);
int dtrace_getpcstack(struct dtrace_mstate *ms, unsigned long *pcs, int max);
int dtrace_stackdepth(struct dtrace_mstate *ms);
void dtrace_stack_record(struct dtrace_mstate *ms, u64 *pcs, int max);
void dtrace_ustack_record(struct dtrace_mstate *ms, u64 *rec, int max);
void dtrace_uaddr_record(void *dst, u64 addr);

/* dtrace_destr.c: the destructive actions and subroutines. */
static inline bool dtrace_destr_action(u32 kind)
{
	return kind == DTRACEACT_STOP || kind == DTRACEACT_RAISE ||
	       kind == DTRACEACT_SYSTEM || kind == DTRACEACT_CHILL;
}

void dtrace_destr_act(struct dtrace_mstate *ms, u32 kind, u64 val);
void dtrace_copyout(struct dtrace_mstate *ms, const void *src,
		    unsigned long dst, size_t size);

/* Whether an action records a user address with its process id. */
static inline bool dtrace_uaddr_action(u32 kind)
{
	return kind == DTRACEACT_USYM || kind == DTRACEACT_UMOD ||
	       kind == DTRACEACT_UADDR;
}
u64 dtrace_caller(struct dtrace_mstate *ms);
u64 dtrace_vtimestamp(u64 at);
void dtrace_bcopy_in(struct dtrace_mstate *ms, void *dst, unsigned long src,
		     size_t size);
bool dtrace_scratch_range(const struct dtrace_mstate *ms, unsigned long addr,
			  size_t size);
u64 dtrace_kload(struct dtrace_mstate *ms, unsigned long addr, int size);
u64 dtrace_uload(struct dtrace_mstate *ms, unsigned long addr, int size);
u64 dtrace_strlen(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		  unsigned long s);
u64 dtrace_dif_subr(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		    u32 subr, const u64 *tup, const u64 *tupsz, int ntup);

/* --- Consumers (dtrace_state.c) ---------------------------------------- */

struct dtrace_aggregation;

struct dtrace_action {
	u32 kind;
	u32 size;
	u32 offset;
	u64 arg;
	struct dtrace_difo *difo;
	struct dtrace_aggregation *agg;	/* an aggregating action's */
};

struct dtrace_clause;

/* A clause enabled on one probe: an enabled probe, named by its EPID. */
struct dtrace_ecb {
	u32 epid;
	struct dtrace_state *state;
	struct dtrace_probe *probe;
	struct dtrace_clause *clause;
	struct dtrace_ecb *next;	/* on the probe */
};

/*
 * One CPU's principal buffer: two halves, one active.  Under
 * bufpolicy=ring a half is a ring of records: when it has wrapped, the
 * records run from @tail to @end, then from 0 to @offset.
 */
struct dtrace_buffer {
	char *data[2];
	u32 offset[2];
	u32 tail[2];
	u32 end[2];
	bool wrapped[2];
	bool full;			/* bufpolicy=fill: a record did not fit */
	u32 active;
	u64 drops;			/* written by the CPU only */
	u64 errors;
	u64 drops_seen;			/* as of the last snapshot */
	u64 errors_seen;
};

/* --- Aggregations (dtrace_agg.c) --------------------------------------- */

/* Where a key of an aggregation lives in its entries. */
struct dtrace_aggkey {
	u32 offset;
	u32 size;
	bool user;		/* DTRACE_AGGKEY_USER */
};

/* One aggregating action of one clause. */
struct dtrace_aggregation {
	u32 id;				/* 1 up: dtrace_aggrec.aggid */
	u32 kind;			/* DTRACEAGG_* */
	u64 arg;			/* its parameters */
	u64 uarg;			/* the clause's tag */
	u32 action;			/* its index in the clause */
	u32 first;			/* the index of its first key action */
	u32 nkeys;
	bool hasincr;			/* an AGGINCR action precedes it */
	u32 nbuckets;			/* distributions */
	u32 valoff;			/* the value, in an entry */
	u32 valsize;
	u32 size;			/* of an entry */
	struct dtrace_aggkey keys[] __counted_by(nkeys);
};

/* One CPU's aggregation buffer: two halves, one active. */
struct dtrace_aggbuf {
	char *data[2];			/* entries, aggsize bytes */
	u32 *hash[2];			/* hash chains: entry offset + 1 */
	u32 offset[2];
	u32 active;
	u64 drops;			/* written by the CPU only */
	u64 drops_seen;			/* as of the last snapshot */
};

/* A consumer's aggregations. */
struct dtrace_aggstate {
	struct dtrace_aggregation **aggs;	/* by id - 1 */
	u32 naggs;
	u32 nbuckets;				/* of each hash, a power of 2 */
	struct dtrace_aggbuf __percpu *bufs;
};

struct dtrace_mstate;

bool dtrace_agg_action(u32 kind);
int dtrace_agg_clause(struct dtrace_aggstate *as, u64 strsize,
		      struct dtrace_action *acts, u32 nacts, u64 uarg,
		      bool *norec, char *err, size_t errlen);
u32 dtrace_aggregate(struct dtrace_mstate *ms,
		     const struct dtrace_aggregation *agg,
		     const struct dtrace_action *acts);
int dtrace_agg_alloc(struct dtrace_aggstate *as, u64 aggsize);
void dtrace_agg_free(struct dtrace_aggstate *as);
void dtrace_agg_destroy(struct dtrace_aggstate *as);
u64 dtrace_agg_drops(struct dtrace_aggstate *as);
/* For the KUnit tests. */
u32 dtrace_quantize_bucket(s64 v);
s64 dtrace_quantize_bucketval(u32 i);
u32 dtrace_lquantize_bucket(u64 arg, s64 v);
u32 dtrace_llquantize_bucket(u64 arg, s64 v);
void dtrace_agg_update(const struct dtrace_aggregation *agg, s64 *val, s64 v,
		       s64 incr);
struct dtrace_aggrec *dtrace_agg_lookup(struct dtrace_aggbuf *ab,
					u32 nbuckets, u32 aggsize,
					const struct dtrace_aggregation *agg,
					const void *key);

/* A variable of the consumer: where its value lives. */
struct dtrace_var {
	u32 size;			/* 0: unused; else 8 or by-ref size */
	bool byref;
	bool string;
	bool assoc;			/* an associative array */
	u32 offset;			/* in vars (globals) */
};

/* --- Dynamic variables (dtrace_dynvar.c) ------------------------------- */

struct dtrace_dynvar;

/* One CPU's lists of elements of a dynamic variable space. */
struct dtrace_dstate_cpu {
	struct dtrace_dynvar *free;	/* to allocate */
	struct dtrace_dynvar *dirty;	/* deleted, not yet cleaned */
	u64 drop_ts;			/* the firing that dropped last */
	u32 drop_epid;
};

/* A consumer's dynamic variables: associative arrays, thread-locals. */
struct dtrace_dstate {
	u32 tsize;			/* longest tuple, bytes, of the DIFOs */
	u32 ksize;			/* key bytes of an element */
	u32 vsize;			/* value bytes of an element */
	u32 esize;			/* bytes of an element */
	u32 nelems;
	u32 nbuckets;			/* a power of 2 */
	bool tls;			/* it holds thread-locals */
	bool listed;			/* on the exit hook's list */
	struct dtrace_dynvar **buckets;	/* hash chains */
	char *elems;
	struct dtrace_dstate_cpu __percpu *cpus;
	struct dtrace_dstate *next_live;	/* the exit hook's list */
	unsigned long period;		/* of the cleaner, jiffies */
	struct delayed_work clean;
};

/* The tuple stack of a DIF program, as the keys of a variable. */
struct dtrace_tuple {
	const u64 *val;
	const u64 *size;		/* PUSHTR: bytes by reference */
	const u8 *type;			/* DIF_TYPE_* */
	int n;
};

void dtrace_dynvar_difo(struct dtrace_state *state,
			const struct dtrace_difo *dp);
ssize_t dtrace_dynvar_size(struct dtrace_state *state);
int dtrace_dynvar_init(struct dtrace_state *state, void *base, size_t size);
void dtrace_dynvar_start(struct dtrace_state *state);
void dtrace_dynvar_stop(struct dtrace_state *state);
void dtrace_dynvar_free(struct dtrace_state *state);
u32 dtrace_dynvar_clean_once(struct dtrace_dstate *ds);
u32 dtrace_dynvar_reap(struct dtrace_dstate *ds, u32 tid, u64 start);
void dtrace_dynvar_census(struct dtrace_dstate *ds, u32 *live, u32 *dups,
			  u32 *nfree);
u64 dtrace_dynvar_load(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		       const struct dtrace_var *v, u8 scope, u32 id,
		       const struct dtrace_tuple *tup);
void dtrace_dynvar_store(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
			 const struct dtrace_var *v, u8 scope, u32 id,
			 const struct dtrace_tuple *tup, u64 val);
u64 dtrace_assoc_load(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		      u8 scope, u32 id, const struct dtrace_tuple *tup);
void dtrace_assoc_store(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
			u8 scope, u32 id, const struct dtrace_tuple *tup,
			u64 val);

struct dtrace_state {
	struct mutex ioctl_lock;	/* one request at a time */
	u32 activity;			/* DTRACE_STATE_* */
	u32 aborted;
	s64 exitcode;
	bool end_firing;
	u64 options[DTRACEOPT_MAX];
	struct list_head clauses;
	struct dtrace_ecb **ecbs;	/* by EPID - 1 */
	u32 necbs;
	u32 ecbs_size;
	struct dtrace_buffer __percpu *buffers;
	/* Variables, by id - DIF_VAR_OTHER_UBASE, per scope. */
	struct dtrace_var *gvars;
	u32 ngvars;
	struct dtrace_var *tvars;
	u32 ntvars;
	struct dtrace_var *lvars;
	u32 nlvars;
	char *vars;			/* globals' storage, then dynvars */
	size_t vars_len;
	size_t gvars_len;
	struct dtrace_dstate dstate;	/* dynamic variables */
	u64 __percpu *locals;		/* DTRACE_MAX_LOCALS per CPU */
	atomic64_t dyndrops;
	struct dtrace_aggstate agg;
	bool speculates;		/* a clause calls speculate() */
	bool destructive;		/* stop(), raise(), copyout(), ... */
	struct dtrace_specstate *spec;	/* from GO */
	u64 last_access;		/* jiffies of the last status */
	struct delayed_work deadman;
};

extern dtrace_id_t dtrace_probeid_begin, dtrace_probeid_end,
	dtrace_probeid_error;

struct dtrace_state *dtrace_state_create(void);
void dtrace_state_destroy(struct dtrace_state *state);
int dtrace_state_setopt(struct dtrace_state *state, const struct dtrace_opt *opt);
int dtrace_state_enable(struct dtrace_state *state, struct dtrace_enable *en,
			char *err, size_t errlen);
int dtrace_state_epdesc(struct dtrace_state *state, struct dtrace_epdesc *ep,
			struct dtrace_recdesc __user *urecs);
int dtrace_state_go(struct dtrace_state *state);
int dtrace_state_stop(struct dtrace_state *state);
void dtrace_state_status(struct dtrace_state *state, struct dtrace_status *st);
int dtrace_state_bufsnap(struct dtrace_state *state, struct dtrace_bufdesc *bd);
int dtrace_agg_desc(struct dtrace_state *state, struct dtrace_aggdesc *ad,
		    struct dtrace_recdesc __user *urecs);
int dtrace_agg_snap(struct dtrace_state *state, struct dtrace_bufdesc *bd);

#define DTRACE_BUFFER_FULL	U32_MAX

u32 dtrace_buffer_reserve(struct dtrace_state *state,
			  struct dtrace_buffer *buf, u32 half, u32 need,
			  bool end);
u64 dtrace_probe_arg(struct dtrace_mstate *ms, int n);
struct dtrace_var *dtrace_var_get(struct dtrace_state *state, u8 scope,
				  u32 id);
bool dtrace_cpu_enter(void);
void dtrace_cpu_exit(void);
u64 dtrace_var_load(struct dtrace_mstate *ms, u8 scope, u32 id);
void dtrace_var_store(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		      u8 scope, u32 id, u64 val);

int dtrace_state_init(void);

/* --- Speculations (dtrace_spec.c) -------------------------------------- */

struct dtrace_specstate;

bool dtrace_spec_action(u32 kind);
int dtrace_spec_clause(struct dtrace_state *state,
		       const struct dtrace_action *acts, u32 nacts,
		       bool *norec, bool *spec, char *err, size_t errlen);
u64 dtrace_speculation(struct dtrace_mstate *ms);
struct dtrace_rechdr *dtrace_speculate(struct dtrace_mstate *ms, u64 id,
				       u32 need, u32 **offp);
void dtrace_spec_commit(struct dtrace_mstate *ms, u64 id);
void dtrace_spec_discard(struct dtrace_mstate *ms, u64 id);
void dtrace_spec_act(struct dtrace_mstate *ms, u32 kind, u64 id);
void dtrace_spec_clean(struct dtrace_state *state);
int dtrace_spec_alloc(struct dtrace_state *state);
void dtrace_spec_start(struct dtrace_state *state);
void dtrace_spec_stop(struct dtrace_state *state);
void dtrace_spec_destroy(struct dtrace_state *state);
void dtrace_spec_status(struct dtrace_state *state, struct dtrace_status *st);

/* --- The dtrace provider: BEGIN, END, ERROR (dtrace_provider.c) --------- */
int dtrace_provider_init(void);

int dtrace_open_permitted(void);
long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _KERNEL_TRACE_DTRACE_H */
