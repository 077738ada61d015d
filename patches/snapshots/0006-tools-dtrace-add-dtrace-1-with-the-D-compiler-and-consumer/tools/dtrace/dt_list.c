// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): -l, listing probes with DTRACEIOC_PROBEMATCH, in the
 * columns DTrace has always used.
 */
#include <errno.h>
#include <string.h>

#include "dtrace.h"

void dt_list_heading(struct dt_handle *dtp)
{
	if (dtp->list_heading_done)
		return;
	fprintf(dtp->out, "%5s %10s %17s %33s %s\n", "ID", "PROVIDER", "MODULE",
		"FUNCTION", "NAME");
	dtp->list_heading_done = 1;
}

static void dt_list_verbose(struct dt_handle *dtp,
			    const struct dtrace_probematch *pm)
{
	FILE *fp = dtp->out;
	u32 i;

	fprintf(fp, "\n\tProbe Description Attributes\n");
	fprintf(fp, "\t\tIdentifier Names: Unknown\n");
	fprintf(fp, "\t\tData Semantics:   Unknown\n");
	fprintf(fp, "\t\tDependency Class: Unknown\n");
	fprintf(fp, "\n\tArgument Attributes\n");
	fprintf(fp, "\t\tIdentifier Names: Unknown\n");
	fprintf(fp, "\t\tData Semantics:   Unknown\n");
	fprintf(fp, "\t\tDependency Class: Unknown\n");
	fprintf(fp, "\n\tArgument Types\n");
	if (!pm->nargs)
		fprintf(fp, "\t\tNone\n");
	for (i = 0; i < pm->nargs; i++)
		fprintf(fp, "\t\targs[%u]: uint64_t\n", i);
	fprintf(fp, "\n");
}

/*
 * List the probes matching @d (NULL: all).  Returns the number listed,
 * or -1 on an error reported.
 */
int dt_list_probes(struct dt_handle *dtp, const struct dtrace_probedesc *d,
		   int verbose)
{
	struct dtrace_probematch pm;
	u32 start = 1;
	int n = 0;

	dt_list_heading(dtp);
	for (;;) {
		memset(&pm, 0, sizeof(pm));
		if (d)
			pm.desc = *d;
		pm.start = start;
		if (d && d->id) {
			if (start > d->id)
				break;
			memset(&pm.desc, 0, sizeof(pm.desc));
			pm.start = d->id;
		}
		if (dt_ioctl(dtp, DTRACEIOC_PROBEMATCH, &pm)) {
			if (errno == ESRCH)
				break;
			dt_error("failed to list probes: %s", strerror(errno));
			return -1;
		}
		if (d && d->id && pm.desc.id != d->id)
			break;
		fprintf(dtp->out, "%5u %10s %17s %33s %s\n", pm.desc.id,
			pm.desc.prov, pm.desc.mod, pm.desc.func, pm.desc.name);
		if (verbose)
			dt_list_verbose(dtp, &pm);
		n++;
		if (pm.desc.id == 0xffffffffU)
			break;
		start = pm.desc.id + 1;
	}
	return n;
}
