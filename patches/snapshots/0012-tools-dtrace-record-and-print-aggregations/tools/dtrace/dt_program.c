// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): probe descriptions, and handing the compiled programs to
 * the kernel: options with DTRACEIOC_SETOPT, one DTRACEIOC_ENABLE for
 * each probe description of each clause (all of a clause's enablings
 * carry the clause id as their uarg), and dtrace(1)'s own clause on
 * dtrace:::ERROR, which records what the fault was so that it can be
 * reported.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

/* Copy a field of a description; -1 if it is too long. */
static int dt_pdesc_field(char *dst, size_t len, const char *s, size_t n)
{
	if (n >= len)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/*
 * Parse "prov:mod:func:name" into @d.  With fewer fields, the ones given
 * are the last of those @pspec allows: "a:b" is func:name for -n, and
 * mod:func for -f.  Backslashes escape colons.
 */
int dt_pdesc_parse(const char *text, enum dt_pspec pspec,
		   struct dtrace_probedesc *d, char *err, size_t errlen)
{
	const char *f[5];
	size_t flen[5];
	int n = 0, last, first, i;
	const char *p = text, *start = text;
	char *fields[4];
	size_t sizes[4] = {
		DTRACE_PROVNAMELEN, DTRACE_MODNAMELEN, DTRACE_FUNCNAMELEN,
		DTRACE_NAMELEN
	};

	memset(d, 0, sizeof(*d));
	fields[0] = d->prov;
	fields[1] = d->mod;
	fields[2] = d->func;
	fields[3] = d->name;

	if (pspec == DT_PSPEC_ID) {
		char *end;
		unsigned long id = strtoul(text, &end, 10);

		if (!*text || *end || !id || id > 0xffffffffUL) {
			snprintf(err, errlen, "invalid probe identifier %s", text);
			return -1;
		}
		d->id = id;
		return 0;
	}

	for (;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ':' || !*p) {
			if (n == 4) {
				snprintf(err, errlen,
					 "invalid probe description \"%s\": too many fields",
					 text);
				return -1;
			}
			f[n] = start;
			flen[n] = p - start;
			n++;
			start = p + 1;
			if (!*p)
				break;
		}
	}

	switch (pspec) {
	case DT_PSPEC_PROVIDER:
		last = 0;
		break;
	case DT_PSPEC_MOD:
		last = 1;
		break;
	case DT_PSPEC_FUNC:
		last = 2;
		break;
	default:
		last = 3;
		break;
	}
	first = last - n + 1;
	if (first < 0) {
		snprintf(err, errlen,
			 "invalid probe description \"%s\": too many fields",
			 text);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (dt_pdesc_field(fields[first + i], sizes[first + i], f[i],
				   flen[i])) {
			snprintf(err, errlen,
				 "invalid probe description \"%s\": field too long",
				 text);
			return -1;
		}
	}
	/* An earlier Linux DTrace named the 32-bit syscall module x32. */
	if ((!*d->prov || !strcmp(d->prov, "syscall")) &&
	    !strcmp(d->mod, "x32"))
		strcpy(d->mod, "ia32");
	return 0;
}

void dt_pdesc_str(const struct dtrace_probedesc *d, char *buf, size_t len)
{
	if (d->id && !d->prov[0] && !d->mod[0] && !d->func[0] && !d->name[0])
		snprintf(buf, len, "%u", d->id);
	else
		snprintf(buf, len, "%s:%s:%s:%s", d->prov, d->mod, d->func,
			 d->name);
}

/* Send the kernel options: those set, and the defaults dtrace(1) wants. */
int dt_setopts_kernel(struct dt_handle *dtp)
{
	static const char * const names[DTRACEOPT_MAX] = {
		[DTRACEOPT_BUFSIZE] = "bufsize",
		[DTRACEOPT_BUFPOLICY] = "bufpolicy",
		[DTRACEOPT_DYNVARSIZE] = "dynvarsize",
		[DTRACEOPT_AGGSIZE] = "aggsize",
		[DTRACEOPT_SPECSIZE] = "specsize",
		[DTRACEOPT_NSPEC] = "nspec",
		[DTRACEOPT_STRSIZE] = "strsize",
		[DTRACEOPT_CLEANRATE] = "cleanrate",
		[DTRACEOPT_DESTRUCTIVE] = "destructive",
		[DTRACEOPT_DEADMAN] = "deadman",
	};
	int i;

	for (i = 0; i < DTRACEOPT_MAX; i++) {
		struct dtrace_opt o;

		if (dtp->kopts[i] == DT_OPT_UNSET)
			continue;
		if (i == DTRACEOPT_DESTRUCTIVE && !dtp->kopts[i])
			continue;
		memset(&o, 0, sizeof(o));
		o.option = i;
		o.value = dtp->kopts[i];
		if (dt_ioctl(dtp, DTRACEIOC_SETOPT, &o)) {
			/*
			 * A buffer too small for the records is reported when
			 * tracing starts, as DTrace does.
			 */
			if (i == DTRACEOPT_BUFSIZE && errno == EINVAL &&
			    o.value < (4 << 20)) {
				dtp->bufsize_small = 1;
				continue;
			}
			dt_error("failed to set option %s to %llu: %s",
				 names[i] ? names[i] : "?",
				 (unsigned long long)o.value,
				 errno == EINVAL ?
				 "Invalid value for specified option" :
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int dt_clause_enable(struct dt_handle *dtp, struct dt_clause *cl,
			    struct dt_pdesc *pd, unsigned int *nmatched,
			    char *errmsg, size_t errlen)
{
	struct dtrace_actdesc *acts = NULL;
	struct dtrace_enable en;
	struct dt_action *a;
	unsigned int i = 0;
	int rc;

	for (a = cl->actions; a; a = a->next) {
		if (!a->agg || dtp->kver.major || dtp->kver.minor >= 3)
			continue;
		snprintf(errmsg, errlen,
			 "aggregations need kernel interface 0.3, the kernel speaks %u.%u",
			 dtp->kver.major, dtp->kver.minor);
		errno = EOPNOTSUPP;
		return -1;
	}
	if (cl->nactions) {
		acts = dt_zalloc(cl->nactions * sizeof(*acts));
		for (a = cl->actions; a; a = a->next, i++) {
			dt_difo_fixup(dtp, a->difo);
			acts[i].kind = a->kind;
			acts[i].arg = a->arg;
			dt_difo_to_uapi(a->difo, &acts[i].difo);
			/*
			 * A statement run for its side effects records
			 * nothing; kernels before interface 0.2 want a size,
			 * and get 8 bytes the consumer ignores.
			 */
			if (a->kind == DTRACEACT_DIFEXPR && a->difo &&
			    !a->records && !acts[i].difo.rtype.size &&
			    dtp->kver.major == 0 && dtp->kver.minor < 2)
				acts[i].difo.rtype.size = 8;
		}
	}
	memset(&en, 0, sizeof(en));
	en.ecb.probe = pd->desc;
	dt_difo_fixup(dtp, cl->pred);
	dt_difo_to_uapi(cl->pred, &en.ecb.pred);
	en.ecb.actions = (u64)(unsigned long)acts;
	en.ecb.nactions = cl->nactions;
	en.ecb.uarg = cl->id;
	rc = dt_ioctl(dtp, DTRACEIOC_ENABLE, &en);
	free(acts);
	if (rc) {
		int err = errno;

		en.errmsg[sizeof(en.errmsg) - 1] = '\0';
		snprintf(errmsg, errlen, "%s", en.errmsg[0] ? en.errmsg :
			 dt_enable_strerror(err));
		errno = err;
		return -1;
	}
	*nmatched = en.nmatched;
	return 0;
}

const char *dt_enable_strerror(int err)
{
	switch (err) {
	case EINVAL:
		return "Invalid argument (a DIF program or an action was refused)";
	case E2BIG:
		return "Enabling exceeds size of buffer";
	case EPERM:
	case EACCES:
		return "Destructive actions not allowed";
	case ENOSPC:
		return "Enabling exceeds the limit on enabled probes";
	default:
		return strerror(err);
	}
}

/* Copy @s to @dst with the glob characters escaped; -1 if too long. */
static int dt_glob_escape(char *dst, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (strchr("*?[]\\", *s)) {
			if (n + 1 >= len)
				return -1;
			dst[n++] = '\\';
		}
		if (n + 1 >= len)
			return -1;
		dst[n++] = *s;
	}
	dst[n] = '\0';
	return 0;
}

/*
 * A probe given by its id (-i): the kernel matches descriptions by name,
 * so the id becomes the probe's full name.  Returns 0 if there is no such
 * probe, 1 if @d now names it.
 */
static int dt_pdesc_resolve_id(struct dt_handle *dtp, struct dtrace_probedesc *d)
{
	struct dtrace_probematch pm;
	struct dtrace_probedesc r;

	memset(&pm, 0, sizeof(pm));
	pm.start = d->id;
	if (dt_ioctl(dtp, DTRACEIOC_PROBEMATCH, &pm) || pm.desc.id != d->id)
		return 0;
	memset(&r, 0, sizeof(r));
	if (dt_glob_escape(r.prov, sizeof(r.prov), pm.desc.prov) ||
	    dt_glob_escape(r.mod, sizeof(r.mod), pm.desc.mod) ||
	    dt_glob_escape(r.func, sizeof(r.func), pm.desc.func) ||
	    dt_glob_escape(r.name, sizeof(r.name), pm.desc.name))
		return 0;
	*d = r;
	return 1;
}

/*
 * Enable every clause of @prog.  A description that matches nothing is
 * an error unless -Z.  Returns 0, or -1 with the error reported.
 */
int dt_prog_enable(struct dt_handle *dtp, struct dt_prog *prog)
{
	struct dt_clause *cl;

	for (cl = prog->clauses; cl; cl = cl->next) {
		struct dt_pdesc *pd;

		for (pd = cl->pdescs; pd; pd = pd->next) {
			char d[512], err[256];
			unsigned int n = 0;

			dt_pdesc_str(&pd->desc, d, sizeof(d));
			if (pd->desc.id && !dt_pdesc_resolve_id(dtp, &pd->desc)) {
				if (dtp->zdefs)
					continue;
				dt_cc_late_error(dtp, prog, &pd->loc, D_PDESC_ZERO,
						 "probe description %s does not match any probes",
						 d);
				return -1;
			}
			if (dt_clause_enable(dtp, cl, pd, &n, err, sizeof(err))) {
				dt_error("failed to enable '%s': %s", pd->text, err);
				return -1;
			}
			pd->nmatched = n;
			prog->nmatched += n;
			if (!n && !dtp->zdefs) {
				dt_cc_late_error(dtp, prog, &pd->loc, D_PDESC_ZERO,
						 "probe description %s does not match any probes",
						 d);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * dtrace(1)'s own clause on dtrace:::ERROR: it records arg1 to arg5, the
 * EPID, the action (0: the predicate), the DIF offset, the fault and the
 * address, for dt_consume.c to report.
 */
int dt_error_clause(struct dt_handle *dtp)
{
	static const char * const args[] = { "arg1", "arg2", "arg3", "arg4",
					     "arg5" };
	struct dt_clause *cl = dt_clause_new(dtp);
	struct dt_pdesc pd;
	unsigned int n, i;
	char err[256];

	cl->internal = 1;
	dtp->err_clause = cl->id;
	for (i = 0; i < ARRAY_SIZE(args); i++) {
		struct dt_action *a = dt_zalloc(sizeof(*a));
		struct dt_node *v = dt_node_ident(NULL, (char *)args[i]);

		v->kind = DT_NODE_VAR;
		v->ident = (struct dt_ident *)dt_builtin_var(args[i]);
		v->type = &dt_type_uint64;
		v->flags |= DT_NF_COOKED;
		a->kind = DTRACEACT_DIFEXPR;
		a->type = &dt_type_uint64;
		a->difo = dt_cg(dtp, v, &dt_type_uint64);
		a->records = 1;
		dt_action_add(cl, a);
	}
	memset(&pd, 0, sizeof(pd));
	snprintf(pd.desc.prov, sizeof(pd.desc.prov), "dtrace");
	snprintf(pd.desc.name, sizeof(pd.desc.name), "ERROR");
	pd.text = dt_strdup("dtrace:::ERROR");
	if (dt_clause_enable(dtp, cl, &pd, &n, err, sizeof(err))) {
		dt_error("failed to enable dtrace:::ERROR: %s", err);
		return -1;
	}
	return 0;
}
