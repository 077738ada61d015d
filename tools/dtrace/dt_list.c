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

/*
 * Stability attributes, DTrace's: how far the names of a provider's
 * probes (provider, module, function, name) and the meaning of their
 * arguments may be relied upon.  They belong to each provider's
 * interface; dtrace(1) knows those of the kernel's providers, and prints
 * Unknown for any other.
 */
enum {
	ST_INTERNAL, ST_PRIVATE, ST_OBSOLETE, ST_EXTERNAL, ST_UNSTABLE,
	ST_EVOLVING, ST_STABLE, ST_STANDARD
};

enum { CL_UNKNOWN, CL_CPU, CL_PLATFORM, CL_GROUP, CL_ISA, CL_COMMON };

static const char *const dt_stability_names[] = {
	"Internal", "Private", "Obsolete", "External", "Unstable",
	"Evolving", "Stable", "Standard",
};

static const char *const dt_class_names[] = {
	"Unknown", "CPU", "Platform", "Group", "ISA", "Common",
};

struct dt_attr {
	unsigned char name, data, class;
};

enum { PA_PROVIDER, PA_MODULE, PA_FUNCTION, PA_NAME, PA_ARGS, PA_MAX };

#define A(n, d, c)	{ ST_##n, ST_##d, CL_##c }

static const struct {
	const char *prov;
	struct dt_attr attr[PA_MAX];
} dt_provider_attrs[] = {
	{ "dtrace", { A(STABLE, STABLE, COMMON), A(PRIVATE, PRIVATE, UNKNOWN),
		      A(PRIVATE, PRIVATE, UNKNOWN), A(STABLE, STABLE, COMMON),
		      A(STABLE, STABLE, COMMON) } },
	{ "profile", { A(EVOLVING, EVOLVING, COMMON),
		       A(UNSTABLE, UNSTABLE, COMMON),
		       A(PRIVATE, PRIVATE, UNKNOWN),
		       A(EVOLVING, EVOLVING, COMMON),
		       A(EVOLVING, EVOLVING, COMMON) } },
	{ "syscall", { A(EVOLVING, EVOLVING, COMMON),
		       A(PRIVATE, PRIVATE, UNKNOWN),
		       A(EVOLVING, EVOLVING, COMMON),
		       A(EVOLVING, EVOLVING, COMMON),
		       A(PRIVATE, PRIVATE, ISA) } },
	{ "fbt", { A(EVOLVING, EVOLVING, COMMON), A(PRIVATE, PRIVATE, UNKNOWN),
		   A(PRIVATE, PRIVATE, ISA), A(EVOLVING, EVOLVING, COMMON),
		   A(PRIVATE, PRIVATE, ISA) } },
	{ "instr", { A(EVOLVING, EVOLVING, COMMON),
		     A(PRIVATE, PRIVATE, UNKNOWN), A(PRIVATE, PRIVATE, ISA),
		     A(PRIVATE, PRIVATE, ISA), A(PRIVATE, PRIVATE, ISA) } },
};

#undef A

static struct dt_attr dt_attr_min(struct dt_attr a, struct dt_attr b)
{
	struct dt_attr m = {
		a.name < b.name ? a.name : b.name,
		a.data < b.data ? a.data : b.data,
		a.class < b.class ? a.class : b.class,
	};

	return m;
}

static void dt_attr_print(FILE *fp, const char *title,
			  const struct dt_attr *a)
{
	fprintf(fp, "\n\t%s\n", title);
	fprintf(fp, "\t\tIdentifier Names: %s\n",
		a ? dt_stability_names[a->name] : "Unknown");
	fprintf(fp, "\t\tData Semantics:   %s\n",
		a ? dt_stability_names[a->data] : "Unknown");
	fprintf(fp, "\t\tDependency Class: %s\n",
		a ? dt_class_names[a->class] : "Unknown");
}

/*
 * The types of args[] at an fbt probe, as the compiler has them from the
 * kernel's BTF (dt_fbt_argtype()), with the type of each parameter even
 * where fbt cannot pass it.  0 if there is no BTF for the function: the
 * arguments are listed as untyped.
 */
static int dt_list_fbt_args(FILE *fp, const struct dtrace_probedesc *d)
{
	int ret = !strcmp(d->name, "return");
	const struct dt_type *t;
	unsigned int i, reg;
	char tb[128], why[256];

	if (strcmp(d->prov, "fbt") || (!ret && strcmp(d->name, "entry")))
		return 0;
	for (i = 0;; i++) {
		switch (dt_fbt_argtype(d->func, ret, i, &t, &reg, why,
				       sizeof(why))) {
		case DT_ARG_UNTYPED:
			return 0;
		case DT_ARG_NONE:
			if (!i)
				fprintf(fp, "\t\tNone\n");
			return 1;
		default:
			fprintf(fp, "\t\targs[%u]: %s\n", i,
				dt_type_name(t, tb, sizeof(tb)));
			break;
		}
	}
}

/*
 * The attributes of a probe description are the least of those of the
 * fields the user's description gives (all four when it gives none, as
 * for a plain -l -v); those of the arguments are the provider's.
 */
static void dt_list_verbose(struct dt_handle *dtp,
			    const struct dtrace_probedesc *d,
			    const struct dtrace_probematch *pm)
{
	const char *given[PA_NAME + 1] = { "", "", "", "" };
	const struct dt_attr *pa = NULL;
	struct dt_attr desc = { ST_STANDARD, ST_STANDARD, CL_COMMON };
	FILE *fp = dtp->out;
	int i, any = 0;
	u32 k;

	for (k = 0; k < ARRAY_SIZE(dt_provider_attrs); k++)
		if (!strcmp(dt_provider_attrs[k].prov, pm->desc.prov))
			pa = dt_provider_attrs[k].attr;
	if (d && !d->id) {
		given[PA_PROVIDER] = d->prov;
		given[PA_MODULE] = d->mod;
		given[PA_FUNCTION] = d->func;
		given[PA_NAME] = d->name;
	}
	if (pa) {
		for (i = PA_PROVIDER; i <= PA_NAME; i++)
			if (given[i][0]) {
				desc = dt_attr_min(desc, pa[i]);
				any = 1;
			}
		for (i = PA_PROVIDER; i <= PA_NAME && !any; i++)
			desc = dt_attr_min(desc, pa[i]);
	}
	dt_attr_print(fp, "Probe Description Attributes", pa ? &desc : NULL);
	dt_attr_print(fp, "Argument Attributes", pa ? &pa[PA_ARGS] : NULL);
	fprintf(fp, "\n\tArgument Types\n");
	if (!dt_list_fbt_args(fp, &pm->desc)) {
		if (!pm->nargs)
			fprintf(fp, "\t\tNone\n");
		for (k = 0; k < pm->nargs; k++)
			fprintf(fp, "\t\targs[%u]: uint64_t\n", k);
	}
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
	u32 start = 0;
	int n = 0;

	if (d && d->id)
		dt_probe_provide_all(dtp);
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
			dt_list_verbose(dtp, d, &pm);
		n++;
		if (pm.desc.id == 0xffffffffU)
			break;
		start = pm.desc.id + 1;
	}
	return n;
}
