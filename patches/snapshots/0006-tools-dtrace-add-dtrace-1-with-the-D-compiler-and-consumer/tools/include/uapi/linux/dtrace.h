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
#define DTRACE_VERSION_MINOR	2

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
 * -ESRCH when there is none.  Providers that create probes on demand
 * create those that @desc names first.
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
#define DTRACEACT_TRACEMEM	6
#define DTRACEACT_STACK		0x0100	/* stack(): arg = depth */
#define DTRACEACT_USTACK	0x0101
#define DTRACEACT_SYM		0x0102
#define DTRACEACT_MOD		0x0103
#define DTRACEACT_USYM		0x0104
#define DTRACEACT_UMOD		0x0105
#define DTRACEACT_UADDR		0x0106
#define DTRACEACT_STOP		0x0200	/* destructive actions */
#define DTRACEACT_RAISE		0x0201
#define DTRACEACT_SYSTEM	0x0202
#define DTRACEACT_CHILL		0x0203
#define DTRACEACT_SPECULATE	0x0300
#define DTRACEACT_COMMIT	0x0301
#define DTRACEACT_DISCARD	0x0302

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
	__u64 __reserved[4];
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

#endif /* _UAPI_LINUX_DTRACE_H */
