// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the dtrace provider - dtrace:::BEGIN, dtrace:::END and
 * dtrace:::ERROR.
 *
 * BEGIN fires for a consumer when it starts tracing, before any other
 * probe can record for it; END when it stops, after every other; ERROR
 * when one of its clauses faults, with arg1 the EPID, arg2 the action
 * (0: the predicate), arg3 the DIF offset, arg4 the fault (DTRACEFLT_*)
 * and arg5 the address.  The core fires them for one consumer only, so
 * these probes need no arming.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include "dtrace.h"

static struct dtrace_provider *dtrace_provider;

static int dtrace_provider_enable(void *arg, dtrace_id_t id, void *parg)
{
	return 0;
}

static void dtrace_provider_disable(void *arg, dtrace_id_t id, void *parg)
{
}

static const struct dtrace_pops dtrace_provider_ops = {
	.enable		= dtrace_provider_enable,
	.disable	= dtrace_provider_disable,
};

int __init dtrace_provider_init(void)
{
	int ret;

	ret = dtrace_register("dtrace", &dtrace_provider_ops, NULL,
			      &dtrace_provider);
	if (ret)
		return ret;
	dtrace_probeid_begin = dtrace_probe_create(dtrace_provider, "", "",
						   "BEGIN", 0, NULL);
	dtrace_probeid_end = dtrace_probe_create(dtrace_provider, "", "",
						 "END", 0, NULL);
	dtrace_probeid_error = dtrace_probe_create(dtrace_provider, "", "",
						   "ERROR", 6, NULL);
	if (!dtrace_probeid_begin || !dtrace_probeid_end ||
	    !dtrace_probeid_error)
		return -ENOMEM;
	return 0;
}
