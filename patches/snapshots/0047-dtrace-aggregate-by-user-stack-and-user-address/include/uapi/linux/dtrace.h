/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DTrace: the interface between the kernel and its consumers, dtrace(1)
 * first among them.  See Documentation/trace/dtrace.rst.
 *
 * The interface is versioned.  A consumer asks for the version with
 * DTRACEIOC_VERSION before anything else and refuses to go on when the
 * major number differs from the one it was built with; the minor number
 * grows when requests or fields are added in a compatible way.
 */
#ifndef _UAPI_LINUX_DTRACE_H
#define _UAPI_LINUX_DTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/dtrace_dif.h>

#define DTRACE_VERSION_MAJOR	0
#define DTRACE_VERSION_MINOR	4

/* The character device, a misc device: /dev/dtrace. */
#define DTRACE_DEVICE_NAME	"dtrace"

/**
 * struct dtrace_version - version of the kernel interface
 * @major: incompatible changes bump this
 * @minor: compatible additions bump this
 * @flags: reserved, zero
 */
struct dtrace_version {
	__u32 major;
	__u32 minor;
	__u32 flags;
	__u32 __reserved;
};

/* Name lengths, including the terminating NUL. */
#define DTRACE_PROVNAMELEN	64
#define DTRACE_MODNAMELEN	64
#define DTRACE_FUNCNAMELEN	192
#define DTRACE_NAMELEN		64

/**
 * struct dtrace_probedesc - a probe, or a description matching probes
 * @id: probe id (0: none)
 * @flags: reserved, zero
 * @prov: provider
 * @mod: module
 * @func: function
 * @name: name
 *
 * In a description each field is a glob pattern (``*``, ``?``, ``[...]``,
 * backslash escapes); an empty field matches anything.
 */
struct dtrace_probedesc {
	__u32 id;
	__u32 flags;
	char prov[DTRACE_PROVNAMELEN];
	char mod[DTRACE_MODNAMELEN];
	char func[DTRACE_FUNCNAMELEN];
	char name[DTRACE_NAMELEN];
};

/**
 * struct dtrace_probematch - DTRACEIOC_PROBEMATCH
 * @desc: in: the description; out: the probe found
 * @start: in: the smallest probe id to consider
 * @nargs: out: number of arguments the probe passes
 * @nenabled: out: number of clauses enabled on it, all consumers
 * @__reserved: zero
 *
 * Finds the probe with the smallest id >= @start that matches @desc;
 * -ESRCH when there is none.  A search that begins (@start 0) first has
 * the providers that create probes on demand create those that @desc
 * names; a search that goes on (@start > 0) or the lookup of a known id
 * creates none, and so is cheap.
 */
struct dtrace_probematch {
	struct dtrace_probedesc desc;
	__u32 start;
	__u32 nargs;
	__u32 nenabled;
	__u32 __reserved;
};

/* Actions: what a clause records, in the order it records it. */
#define DTRACEACT_NONE		0	/* nothing: a clause with no actions */
#define DTRACEACT_DIFEXPR	1	/* trace(expr): record the value */
#define DTRACEACT_EXIT		2	/* exit(expr): record, then stop */
#define DTRACEACT_PRINTF	3	/* printf: arg = format id, then args */
#define DTRACEACT_PRINTA	4	/* printa */
#define DTRACEACT_LIBACT	5	/* the consumer's, e.g. a printf arg */
#define DTRACEACT_TRACEMEM	6	/* arg bytes from the DIFO's address */
#define DTRACEACT_STACK		0x0100	/* stack(): arg = depth, no DIFO */
#define DTRACEACT_USTACK	0x0101	/* ustack(): arg = depth, no DIFO */
#define DTRACEACT_SYM		0x0102	/* a kernel address: sym(), func() */
#define DTRACEACT_MOD		0x0103	/* a kernel address: mod() */
#define DTRACEACT_USYM		0x0104	/* a user address: usym(), ufunc() */
#define DTRACEACT_UMOD		0x0105	/* a user address: umod() */
#define DTRACEACT_UADDR		0x0106	/* a user address: uaddr() */
#define DTRACEACT_STOP		0x0200	/* destructive actions */
#define DTRACEACT_RAISE		0x0201
#define DTRACEACT_SYSTEM	0x0202
#define DTRACEACT_CHILL		0x0203
#define DTRACEACT_SPECULATE	0x0300
#define DTRACEACT_COMMIT	0x0301
#define DTRACEACT_DISCARD	0x0302

/*
 * A stack() record is arg u64s: where the probe fired, then the return
 * addresses of its callers, then zeros.  A ustack() record is 1 + arg
 * u64s: the process id (tgid) of the thread, then the user instruction
 * the thread will resume at (or was interrupted at), the return
 * addresses its frame pointers lead to, and zeros; all zeros for a
 * kernel thread.  A usym(), umod() or uaddr() record is two u64s: the
 * process id, then the address the DIFO computed.
 */
#define DTRACE_STACK_MAXFRAMES	128
#define DTRACE_TRACEMEM_MAXSIZE	4096

/*
 * Aggregations.  @name[k1, k2] = func(v, incr) is a group of consecutive
 * actions of a clause: one DTRACEACT_AGGKEY per key (its DIFO computes
 * the key; with no DIFO the key is stack(arg), arg u64s as a stack()
 * record), a DTRACEACT_AGGINCR if func has an increment argument, then
 * the aggregating action DTRACEAGG_<func>, whose DIFO computes v and
 * whose @arg holds func's constant parameters (DTRACE_LQUANTIZE_* and
 * DTRACE_LLQUANTIZE_* below; zero for the others).  The group records
 * nothing in the principal buffer: it updates the per-CPU aggregation
 * buffers, read with DTRACEIOC_AGGSNAP and described by
 * DTRACEIOC_AGGDESC.  A clause whose actions are all aggregation groups
 * records nothing in the principal buffer at all.
 *
 * A DTRACEACT_AGGKEY with DTRACE_AGGKEY_USER in its @arg is a key of
 * user space, recorded with the process id first, as the records of
 * user stacks and addresses are: with no DIFO, ustack(frames) as
 * DTRACEACT_USTACK records it; with one, the user address the DIFO
 * computes, as DTRACEACT_USYM records it.  Bits of @arg other than
 * these are zero.
 */
#define DTRACEACT_AGGKEY	0x0007
#define DTRACEACT_AGGINCR	0x0008
#define DTRACE_AGGKEY_USER		((__u64)1 << 32)
#define DTRACE_AGGKEY_FRAMES(arg)	((__u32)(__u64)(arg))
#define DTRACEACT_AGGREGATION	0x0700
#define DTRACEACT_ISAGG(x)	(((x) & 0xff00) == DTRACEACT_AGGREGATION)
#define DTRACEAGG_COUNT		0x0701
#define DTRACEAGG_MAX		0x0702
#define DTRACEAGG_MIN		0x0703
#define DTRACEAGG_SUM		0x0704
#define DTRACEAGG_AVG		0x0705
#define DTRACEAGG_STDDEV	0x0706
#define DTRACEAGG_QUANTIZE	0x0707
#define DTRACEAGG_LQUANTIZE	0x0708
#define DTRACEAGG_LLQUANTIZE	0x0709

/*
 * Values, as signed 64-bit integers: count, sum, min, max: one; avg:
 * count, total; stddev: count, total, and the 128-bit total of squares
 * (low 64 bits, then high); the distributions: one count per bucket.
 *
 * quantize(): DTRACE_QUANTIZE_NBUCKETS power-of-two buckets.  Zero has
 * bucket DTRACE_QUANTIZE_ZEROBUCKET; bucket ZEROBUCKET + 1 + n holds the
 * values from 2^n to 2^(n + 1) - 1, bucket ZEROBUCKET - 1 - n the values
 * from -2^n down to -2^(n + 1) + 1; bucket 0 also holds -2^63.
 */
#define DTRACE_QUANTIZE_NBUCKETS	(2 * 63 + 1)
#define DTRACE_QUANTIZE_ZEROBUCKET	63

/*
 * lquantize(v, base, limit, step): @arg is step << 48 | levels << 32 |
 * (u32)base, levels = (limit - base) / step; levels + 2 buckets: below
 * base, [base + i * step, base + (i + 1) * step) for each level, and
 * base + levels * step or more.
 */
#define DTRACE_LQUANTIZE_STEP(arg)	((__u16)((__u64)(arg) >> 48))
#define DTRACE_LQUANTIZE_LEVELS(arg)	((__u16)((__u64)(arg) >> 32))
#define DTRACE_LQUANTIZE_BASE(arg)	((__s32)(__u32)(arg))
#define DTRACE_LQUANTIZE_ARG(base, levels, step)			\
	((__u64)(__u16)(step) << 48 | (__u64)(__u16)(levels) << 32 |	\
	 (__u32)(base))

/*
 * llquantize(v, factor, low, high, nsteps): @arg is factor << 48 | low <<
 * 32 | high << 16 | nsteps.  The middle bucket holds the values whose
 * magnitude is below factor^low; each order of magnitude m from low to
 * high is cut in min(nsteps, factor^(m + 1)) equal steps of which those
 * at or above factor^m have a bucket, for the positive values above the
 * middle one and for the negative values, mirrored, below it; the last
 * bucket holds factor^(high + 1) and above, the first -factor^(high + 1)
 * and below.  nsteps is a multiple of factor that divides a power of it.
 */
#define DTRACE_LLQUANTIZE_FACTOR(arg)	((__u16)((__u64)(arg) >> 48))
#define DTRACE_LLQUANTIZE_LOW(arg)	((__u16)((__u64)(arg) >> 32))
#define DTRACE_LLQUANTIZE_HIGH(arg)	((__u16)((__u64)(arg) >> 16))
#define DTRACE_LLQUANTIZE_NSTEPS(arg)	((__u16)(__u64)(arg))
#define DTRACE_LLQUANTIZE_ARG(factor, low, high, nsteps)		\
	((__u64)(__u16)(factor) << 48 | (__u64)(__u16)(low) << 32 |	\
	 (__u64)(__u16)(high) << 16 | (__u16)(nsteps))

/**
 * struct dtrace_actdesc - one action of a clause
 * @kind: DTRACEACT_*
 * @flags: reserved, zero
 * @arg: the consumer's (a format id for printf); the kernel keeps it in
 *	 the record description
 * @difo: the expression whose value is recorded (text 0: none)
 */
struct dtrace_actdesc {
	__u32 kind;
	__u32 flags;
	__u64 arg;
	struct dif_object difo;
};

/**
 * struct dtrace_ecbdesc - a clause: probes, predicate, actions
 * @probe: the probes it enables (globs)
 * @pred: the predicate (text 0: none)
 * @actions: user pointer to @nactions struct dtrace_actdesc
 * @nactions: number of actions
 * @flags: reserved, zero
 * @uarg: the consumer's tag for the clause, reported with each EPID
 */
struct dtrace_ecbdesc {
	struct dtrace_probedesc probe;
	struct dif_object pred;
	__u64 actions;
	__u32 nactions;
	__u32 flags;
	__u64 uarg;
};

/**
 * struct dtrace_enable - DTRACEIOC_ENABLE
 * @ecb: in: the clause
 * @nmatched: out: number of probes it enabled
 * @errmsg: out: why the clause was refused (e.g. the DIF validator's
 *	    reason), when the request fails with EINVAL or EOPNOTSUPP
 */
struct dtrace_enable {
	struct dtrace_ecbdesc ecb;
	__u32 nmatched;
	__u32 __reserved;
	char errmsg[128];
};

/**
 * struct dtrace_recdesc - one record of an enabled probe's data
 * @kind: DTRACEACT_* of the action that records it
 * @size: bytes recorded
 * @offset: offset from the start of the record (after the header)
 * @flags: reserved
 * @arg: the action's @arg
 */
struct dtrace_recdesc {
	__u32 kind;
	__u32 size;
	__u32 offset;
	__u32 flags;
	__u64 arg;
};

/**
 * struct dtrace_epdesc - DTRACEIOC_EPDESC: what an EPID records
 * @epid: in: the enabled probe id
 * @probe: out: the probe id
 * @size: out: bytes of data after the record header
 * @nrecs: in: room in @recs; out: number of records
 * @uarg: out: the clause's tag
 * @recs: user pointer to struct dtrace_recdesc[nrecs]
 */
struct dtrace_epdesc {
	__u32 epid;
	__u32 probe;
	__u32 size;
	__u32 nrecs;
	__u64 uarg;
	__u64 recs;
};

/*
 * The principal buffers hold records: a header, then the data of the
 * enabled probe's records at the offsets its EPID describes.  Records are
 * 8-byte aligned; @size includes the header.
 */
struct dtrace_rechdr {
	__u32 epid;
	__u32 size;
	__u64 timestamp;
};

/**
 * struct dtrace_bufdesc - DTRACEIOC_BUFSNAP: a CPU's buffer
 * @data: in: user pointer to @size bytes
 * @size: in: room at @data (at least bufsize); out: bytes copied
 * @cpu: in: the CPU
 * @drops: out: records dropped on this CPU since the last snapshot
 * @errors: out: errors on this CPU since the last snapshot
 *
 * Switches the CPU's buffers and copies out the one that was active.
 */
struct dtrace_bufdesc {
	__u64 data;
	__u32 size;
	__u32 cpu;
	__u64 drops;
	__u64 errors;
};

/**
 * struct dtrace_aggdesc - DTRACEIOC_AGGDESC: what an aggregation records
 * @aggid: in: the aggregation id, as in struct dtrace_aggrec
 * @nrecs: in: room in @recs; out: number of records, the keys (kind
 *	   DTRACEACT_AGGKEY) then the value (kind DTRACEAGG_*)
 * @size: out: bytes of each of its entries in the aggregation buffer,
 *	  struct dtrace_aggrec included
 * @action: out: the index of its aggregating action in the clause
 * @uarg: out: the tag of the clause
 * @kind: out: DTRACEAGG_*
 * @__reserved: zero
 * @arg: out: the aggregating action's @arg
 * @recs: user pointer to struct dtrace_recdesc[nrecs]; their offsets are
 *	  from the start of the entry
 *
 * Each aggregating action of each clause is an aggregation with an id of
 * its own, from 1 up in the order the clauses were enabled.
 */
struct dtrace_aggdesc {
	__u32 aggid;
	__u32 nrecs;
	__u32 size;
	__u32 action;
	__u64 uarg;
	__u32 kind;
	__u32 __reserved;
	__u64 arg;
	__u64 recs;
};

/**
 * struct dtrace_aggrec - the head of an entry of an aggregation buffer
 * @aggid: the aggregation
 * @size: bytes of the entry, this head included (a multiple of 8)
 * @__hash: the kernel's; ignore
 * @__next: the kernel's; ignore
 *
 * An entry is one key of one aggregation: the head, then the keys and
 * the value at the offsets DTRACEIOC_AGGDESC gives.  Unused bytes are
 * zero, so equal keys are equal bytes.
 */
struct dtrace_aggrec {
	__u32 aggid;
	__u32 size;
	__u32 __hash;
	__u32 __next;
};

/* Options (DTRACEIOC_SETOPT before DTRACEIOC_GO). */
#define DTRACEOPT_BUFSIZE	0	/* bytes per CPU buffer */
#define DTRACEOPT_BUFPOLICY	1	/* DTRACEOPT_BUFPOLICY_* */
#define DTRACEOPT_DYNVARSIZE	2
#define DTRACEOPT_AGGSIZE	3
#define DTRACEOPT_SPECSIZE	4
#define DTRACEOPT_NSPEC		5
#define DTRACEOPT_STRSIZE	6
#define DTRACEOPT_CLEANRATE	7	/* ns */
#define DTRACEOPT_DESTRUCTIVE	8	/* 1: allow destructive actions */
#define DTRACEOPT_DEADMAN	9	/* ns a consumer may stay away */
#define DTRACEOPT_MAX		10

#define DTRACEOPT_BUFPOLICY_SWITCH	0
#define DTRACEOPT_BUFPOLICY_FILL	1
#define DTRACEOPT_BUFPOLICY_RING	2

struct dtrace_opt {
	__u32 option;
	__u32 __reserved;
	__u64 value;
};

/**
 * struct dtrace_status - DTRACEIOC_STATUS
 * @state: DTRACE_STATE_*
 * @exitcode: the value given to exit(), if @state is EXITED
 * @drops: records dropped for lack of buffer space, all CPUs
 * @errors: faults in probe context (each fired dtrace:::ERROR)
 * @dyndrops: dynamic variable drops
 * @specdrops: speculative drops
 * @aggdrops: aggregation updates dropped for lack of aggregation buffer
 *	      space, all CPUs (since minor version 3)
 * @filled: CPUs whose principal buffer is full under bufpolicy=fill (since
 *	    minor version 4)
 * @specs_unavail: speculation() calls that failed because every
 *		   speculation was in use (since minor version 4)
 * @specs_busy: speculation() calls that failed because the free
 *		speculations were still being committed or discarded (since
 *		minor version 4)
 * @aborted: why the kernel stopped the consumer (DTRACE_ABORT_*)
 */
struct dtrace_status {
	__u32 state;
	__u32 aborted;
	__s64 exitcode;
	__u64 drops;
	__u64 errors;
	__u64 dyndrops;
	__u64 specdrops;
	__u64 aggdrops;
	__u32 filled;
	__u32 __reserved32;
	__u64 specs_unavail;
	__u64 specs_busy;
};

#define DTRACE_STATE_INACTIVE	0	/* before GO */
#define DTRACE_STATE_ACTIVE	1
#define DTRACE_STATE_EXITED	2	/* exit() ran; probes still fire */
#define DTRACE_STATE_STOPPED	3
#define DTRACE_STATE_KILLED	4	/* aborted by the kernel */

#define DTRACE_ABORT_NONE	0
#define DTRACE_ABORT_DEADMAN	1	/* the consumer stopped reading */

/* Faults, reported as arg4 of dtrace:::ERROR. */
#define DTRACEFLT_UNKNOWN	0
#define DTRACEFLT_BADADDR	1	/* bad address */
#define DTRACEFLT_BADALIGN	2	/* misaligned address */
#define DTRACEFLT_ILLOP		3	/* illegal operation */
#define DTRACEFLT_DIVZERO	4	/* division by zero */
#define DTRACEFLT_NOSCRATCH	5	/* out of scratch space */
#define DTRACEFLT_KPRIV		6	/* kernel privilege */
#define DTRACEFLT_UPRIV		7	/* user privilege */
#define DTRACEFLT_TUPOFLOW	8	/* tuple stack overflow */
#define DTRACEFLT_BADSTACK	9	/* bad stack */

#define DTRACE_IOC_MAGIC	0xd7

#define DTRACEIOC_VERSION	_IOR(DTRACE_IOC_MAGIC, 0x00, struct dtrace_version)
#define DTRACEIOC_PROBEMATCH	_IOWR(DTRACE_IOC_MAGIC, 0x01, struct dtrace_probematch)
#define DTRACEIOC_SETOPT	_IOW(DTRACE_IOC_MAGIC, 0x02, struct dtrace_opt)
#define DTRACEIOC_ENABLE	_IOWR(DTRACE_IOC_MAGIC, 0x03, struct dtrace_enable)
#define DTRACEIOC_EPDESC	_IOWR(DTRACE_IOC_MAGIC, 0x04, struct dtrace_epdesc)
#define DTRACEIOC_GO		_IO(DTRACE_IOC_MAGIC, 0x05)
#define DTRACEIOC_STOP		_IO(DTRACE_IOC_MAGIC, 0x06)
#define DTRACEIOC_STATUS	_IOR(DTRACE_IOC_MAGIC, 0x07, struct dtrace_status)
#define DTRACEIOC_BUFSNAP	_IOWR(DTRACE_IOC_MAGIC, 0x08, struct dtrace_bufdesc)
/* Since minor version 3. */
#define DTRACEIOC_AGGDESC	_IOWR(DTRACE_IOC_MAGIC, 0x09, struct dtrace_aggdesc)
/*
 * Like DTRACEIOC_BUFSNAP, for the CPU's aggregation buffer: @size at
 * least aggsize; @drops counts the updates dropped for lack of room,
 * @errors is zero.  The buffer copied out holds the entries
 * (struct dtrace_aggrec) updated since the last snapshot, with what was
 * aggregated since then: the consumer merges them.  Before GO, or
 * without aggregations: ENXIO.
 */
#define DTRACEIOC_AGGSNAP	_IOWR(DTRACE_IOC_MAGIC, 0x0a, struct dtrace_bufdesc)

#endif /* _UAPI_LINUX_DTRACE_H */
