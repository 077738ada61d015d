// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): consuming the principal buffers.
 *
 * A snapshot of a CPU's buffer is a sequence of records: a struct
 * dtrace_rechdr (EPID, size, timestamp) and the data its EPID describes.
 * The description (DTRACEIOC_EPDESC) is asked for once per EPID and kept;
 * its uarg is the id of the clause that made it, which says how to print
 * each value: the type of a trace(), the format of a printf().  Records
 * of all CPUs are printed in timestamp order within a round of
 * snapshots.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

const char *dt_fault_name(u64 fault)
{
	switch (fault) {
	case DTRACEFLT_BADADDR:
		return "invalid address";
	case DTRACEFLT_BADALIGN:
		return "invalid alignment";
	case DTRACEFLT_ILLOP:
		return "illegal operation";
	case DTRACEFLT_DIVZERO:
		return "divide-by-zero";
	case DTRACEFLT_NOSCRATCH:
		return "out of scratch space";
	case DTRACEFLT_KPRIV:
		return "invalid kernel access";
	case DTRACEFLT_UPRIV:
		return "invalid user access";
	case DTRACEFLT_TUPOFLOW:
		return "tuple stack overflow";
	case DTRACEFLT_BADSTACK:
		return "bad stack";
	default:
		return "unknown fault";
	}
}

/*
 * Have the providers create every probe they can (what `dtrace -l`
 * shows), so that an id the user gives names its probe: a search from
 * id 0 with an empty description does that.
 */
void dt_probe_provide_all(struct dt_handle *dtp)
{
	struct dtrace_probematch pm;

	memset(&pm, 0, sizeof(pm));
	dt_ioctl(dtp, DTRACEIOC_PROBEMATCH, &pm);
}

/*
 * The probe with id @id, or a description with only the id.  A lookup of
 * a known id creates no probes: it runs while tracing, where a provider
 * creating thousands of probes would hold up the consumer.
 */
static void dt_probe_lookup(struct dt_handle *dtp, u32 id,
			    struct dtrace_probedesc *d)
{
	struct dtrace_probematch pm;

	memset(&pm, 0, sizeof(pm));
	pm.start = id;
	if (dt_ioctl(dtp, DTRACEIOC_PROBEMATCH, &pm) == 0 && pm.desc.id == id) {
		*d = pm.desc;
		return;
	}
	memset(d, 0, sizeof(*d));
	d->id = id;
}

/* What EPID @epid records; asked of the kernel once. */
struct dt_epid *dt_epid_lookup(struct dt_handle *dtp, u32 epid)
{
	struct dtrace_epdesc ed;
	struct dt_epid *e;
	u32 room = 16;

	if (epid < dtp->nepids && dtp->epids[epid])
		return dtp->epids[epid];

	e = dt_zalloc(sizeof(*e));
	for (;;) {
		e->recs = dt_realloc(e->recs, room * sizeof(*e->recs));
		memset(&ed, 0, sizeof(ed));
		ed.epid = epid;
		ed.nrecs = room;
		ed.recs = (u64)(unsigned long)e->recs;
		if (dt_ioctl(dtp, DTRACEIOC_EPDESC, &ed)) {
			dt_error("failed to describe enabled probe %u: %s", epid,
				 strerror(errno));
			free(e->recs);
			free(e);
			return NULL;
		}
		if (ed.nrecs <= room)
			break;
		room = ed.nrecs;
	}
	e->epid = epid;
	e->probe = ed.probe;
	e->size = ed.size;
	e->nrecs = ed.nrecs;
	e->uarg = ed.uarg;
	if (ed.uarg < dtp->nclauses)
		e->clause = dtp->clauses[ed.uarg];
	dt_probe_lookup(dtp, ed.probe, &e->pdesc);

	if (epid >= dtp->nepids) {
		unsigned int n = epid + 16;

		dtp->epids = dt_realloc(dtp->epids, n * sizeof(*dtp->epids));
		memset(dtp->epids + dtp->nepids, 0,
		       (n - dtp->nepids) * sizeof(*dtp->epids));
		dtp->nepids = n;
	}
	dtp->epids[epid] = e;
	return e;
}

/* The action of clause @cl that made record @i of @e, matched in order. */
static struct dt_action *dt_rec_action(struct dt_clause *cl, unsigned int i)
{
	struct dt_action *a;

	if (!cl)
		return NULL;
	for (a = cl->actions; a && i; a = a->next)
		i--;
	return a;
}

/* A fault in probe context, reported by our ERROR clause. */
static void dt_report_fault(struct dt_handle *dtp, const struct dt_epid *e,
			    const char *data)
{
	u64 v[5] = { 0 };
	struct dt_epid *fe;
	char where[64], what[128], pd[512];
	unsigned int i;

	for (i = 0; i < e->nrecs && i < 5; i++) {
		const struct dtrace_recdesc *r = &e->recs[i];

		if (r->size >= 8)
			memcpy(&v[i], data + r->offset, 8);
	}
	fe = dt_epid_lookup(dtp, (u32)v[0]);
	if (fe)
		snprintf(pd, sizeof(pd), "%u: %s:%s:%s:%s", fe->probe,
			 fe->pdesc.prov, fe->pdesc.mod, fe->pdesc.func,
			 fe->pdesc.name);
	else
		snprintf(pd, sizeof(pd), "?");
	if (v[1] == 0)
		snprintf(where, sizeof(where), "predicate");
	else
		snprintf(where, sizeof(where), "action #%llu",
			 (unsigned long long)v[1]);
	switch (v[3]) {
	case DTRACEFLT_BADADDR:
	case DTRACEFLT_BADALIGN:
	case DTRACEFLT_KPRIV:
	case DTRACEFLT_UPRIV:
		snprintf(what, sizeof(what), "%s (0x%llx)", dt_fault_name(v[3]),
			 (unsigned long long)v[4]);
		break;
	default:
		snprintf(what, sizeof(what), "%s", dt_fault_name(v[3]));
		break;
	}
	fflush(dtp->out);
	dt_error("error on enabled probe ID %u (ID %s): %s in %s at DIF offset %llu",
		 (u32)v[0], pd, what, where, (unsigned long long)v[2]);
}

/*
 * tracemem() (and the bytes of anything else): offsets, 16 bytes in
 * hexadecimal on each line and the same as characters, under a heading.
 */
static void dt_print_bytes(struct dt_handle *dtp, const u8 *data, u32 size)
{
	FILE *fp = dtp->out;
	u32 i, j;

	fprintf(fp, "\n%12s", "");
	for (j = 0; j < 16; j++)
		fprintf(fp, " %x ", j);
	fprintf(fp, " 0123456789abcdef\n");
	for (i = 0; i < size; i += 16) {
		fprintf(fp, "%10x: ", i);
		for (j = 0; j < 16; j++) {
			if (i + j < size)
				fprintf(fp, "%02x ", data[i + j]);
			else
				fprintf(fp, "   ");
		}
		fputc(' ', fp);
		for (j = 0; j < 16 && i + j < size; j++)
			fputc(isprint(data[i + j]) ? data[i + j] : '.', fp);
		fputc('\n', fp);
	}
}

/* Print a trace()d value. */
static void dt_print_trace(struct dt_handle *dtp, const struct dtrace_recdesc *r,
			   const char *data, const struct dt_type *t)
{
	FILE *fp = dtp->out;
	int quiet = dtp->opts[DT_OPT_QUIET];

	/*
	 * rawbytes: every value not printed as an integer is dumped.  A
	 * string is dumped with its terminator, as DTrace's string records
	 * hold one more byte than strsize; the kernel's hold strsize and
	 * leave it implied.
	 */
	if (dtp->opts[DT_OPT_RAWBYTES] && t && t->kind == DT_TK_STRING) {
		u8 *b = dt_zalloc(r->size + 1);

		memcpy(b, data, r->size);
		dt_print_bytes(dtp, b, r->size + 1);
		free(b);
		return;
	}
	if (dtp->opts[DT_OPT_RAWBYTES] &&
	    r->size != 1 && r->size != 2 && r->size != 4 && r->size != 8) {
		dt_print_bytes(dtp, (const u8 *)data, r->size);
		return;
	}
	if (t && t->kind == DT_TK_STRING) {
		char *s = dt_strndup(data, r->size);

		fprintf(fp, quiet ? "%s" : "  %-33s", s);
		free(s);
		return;
	}
	if (r->size == 1 || r->size == 2 || r->size == 4 || r->size == 8) {
		u64 v = dt_rec_int(data, r->size, t);
		int uns = !dt_type_is_integer(t) || t->is_unsigned;
		static const int widths[9] = { 0, 3, 5, 0, 8, 0, 0, 0, 19 };

		if (quiet)
			fprintf(fp, uns ? "%llu" : "%lld", (unsigned long long)v);
		else
			fprintf(fp, uns ? " %*llu" : " %*lld", widths[r->size],
				(unsigned long long)v);
		return;
	}
	/* Anything else: the bytes, in hexadecimal. */
	fputc(' ', fp);
	dt_fput_hex(fp, data, r->size);
}

/* sym(), func(), mod(): a kernel address as a symbol or a module. */
/*
 * The format of the printf() or system() record *@i of @e, with the
 * argument records that follow it (*@i moves past them), to @fp.
 */
static void dt_print_format(struct dt_handle *dtp, FILE *fp,
			    const struct dt_epid *e, struct dt_clause *cl,
			    const char *data, u32 *i)
{
	int fmt = (int)e->recs[*i].arg, n = dt_printf_nargs(dtp, fmt), k;
	const struct dt_type *types[64];
	const void *vals[64];
	u32 sizes[64];

	if (n < 0)
		return;
	for (k = 0; k < n && k < 64 && *i + 1 < e->nrecs; k++) {
		const struct dtrace_recdesc *ar = &e->recs[*i + 1];
		struct dt_action *aa = dt_rec_action(cl, *i + 1);

		if (ar->kind != DTRACEACT_LIBACT && ar->kind != DTRACEACT_UADDR)
			break;
		vals[k] = data + ar->offset;
		sizes[k] = ar->size;
		types[k] = aa ? aa->type : NULL;
		(*i)++;
	}
	dt_printf_exec(dtp, fp, fmt, vals, sizes, types, k);
}

/*
 * system(): the command is formatted as printf() would print it and run
 * with sh -c, after what was printed before it is flushed, as DTrace
 * does; its output goes where dtrace(1)'s goes.
 */
static void dt_system(struct dt_handle *dtp, const struct dt_epid *e,
		      struct dt_clause *cl, const char *data, u32 *i)
{
	char *cmd = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&cmd, &len);

	if (!mf)
		return;
	dt_print_format(dtp, mf, e, cl, data, i);
	fclose(mf);
	fflush(dtp->out);
	fflush(stdout);
	if (system(cmd) == -1)
		dt_warn("system(\"%s\") failed: %s", cmd, strerror(errno));
	free(cmd);
}

/**
 * dt_recsym_size - the size of a record of an address
 * @kind: the kind of record: DTRACEACT_SYM, _MOD (an address), _USYM,
 *	  _UMOD, _UADDR (a process id and an address)
 *
 * Return: the size of a record of @kind, 0 if it is not one of those kinds.
 */
u32 dt_recsym_size(u32 kind)
{
	switch (kind) {
	case DTRACEACT_SYM:
	case DTRACEACT_MOD:
		return sizeof(u64);
	case DTRACEACT_USYM:
	case DTRACEACT_UMOD:
	case DTRACEACT_UADDR:
		return 2 * sizeof(u64);
	default:
		return 0;
	}
}

/* sym(), mod(); usym(), umod(), uaddr() (@user: the process first). */
/**
 * dt_recsym_name - what a record of an address prints
 * @kind: DTRACEACT_SYM, _MOD (an address), _USYM, _UMOD, _UADDR (a
 *	  process id and an address)
 * @data: the record
 * @buf: where to put the name, @len bytes
 *
 * Return: @buf.
 */
char *dt_recsym_name(u32 kind, const char *data, char *buf, size_t len)
{
	enum dt_ksym_how how = kind == DTRACEACT_MOD || kind == DTRACEACT_UMOD ?
			       DT_KSYM_MOD : kind == DTRACEACT_UADDR ?
			       DT_KSYM_OFFSET : DT_KSYM_SYM;
	u64 pc, pid;

	if (kind == DTRACEACT_SYM || kind == DTRACEACT_MOD) {
		memcpy(&pc, data, sizeof(pc));
		return dt_ksym_name(pc, how, buf, len);
	}
	memcpy(&pid, data, sizeof(pid));
	memcpy(&pc, data + sizeof(pid), sizeof(pc));
	return dt_usym_name((pid_t)pid, pc, how, buf, len);
}

static void dt_print_sym(struct dt_handle *dtp, const char *data, u32 kind)
{
	char sym[512];

	dt_recsym_name(kind, data, sym, sizeof(sym));
	fprintf(dtp->out, dtp->opts[DT_OPT_QUIET] ? "%s" : "  %-50s", sym);
}

/* Print one record; returns the size it occupies, 0 at the end. */
static int dt_consume_rec(struct dt_handle *dtp, int cpu, const char *rec)
{
	const struct dtrace_rechdr *h = (const void *)rec;
	const char *data = rec + sizeof(*h);
	struct dt_epid *e;
	struct dt_clause *cl;
	unsigned int i;
	FILE *fp = dtp->out;
	int quiet = dtp->opts[DT_OPT_QUIET];

	e = dt_epid_lookup(dtp, h->epid);
	if (!e)
		return -1;
	cl = e->clause;
	if (cl && cl->internal && cl->id == dtp->err_clause) {
		dt_report_fault(dtp, e, data);
		return 0;
	}

	if (!quiet) {
		char fn[DTRACE_FUNCNAMELEN + DTRACE_NAMELEN + 2];

		if (!dtp->heading_done) {
			if (dtp->testing)
				fprintf(fp, "%32s\n", "FUNCTION:NAME");
			else
				fprintf(fp, "%3s %6s %32s\n", "CPU", "ID",
					"FUNCTION:NAME");
			dtp->heading_done = 1;
		}
		snprintf(fn, sizeof(fn), "%s:%s", e->pdesc.func, e->pdesc.name);
		if (dtp->testing)
			fprintf(fp, "%32s ", fn);
		else
			fprintf(fp, "%3d %6u %32s ", cpu, e->probe, fn);
	}

	for (i = 0; i < e->nrecs; i++) {
		const struct dtrace_recdesc *r = &e->recs[i];
		struct dt_action *a = dt_rec_action(cl, i);
		const struct dt_type *t = a ? a->type : NULL;

		if (r->offset + r->size > e->size)
			break;
		switch (r->kind) {
		case DTRACEACT_DIFEXPR:
			if (!r->size || (a && !a->records))
				break;
			if (a && a->libact == DT_LIBACT_PRINT) {
				/* The value on lines of its own. */
				if (!quiet)
					fputc('\n', fp);
				dt_btf_print_value(fp, t, data + r->offset,
						   r->size);
				/* Without -q, the end of the record ends it. */
				if (quiet)
					fputc('\n', fp);
			} else {
				dt_print_trace(dtp, r, data + r->offset, t);
			}
			break;
		case DTRACEACT_STACK:
			dt_ksym_print_stack(dtp->out,
					    (int)dtp->opts[DT_OPT_STACKINDENT],
					    data + r->offset, r->size);
			break;
		case DTRACEACT_USTACK:
			dt_usym_print_stack(dtp->out,
					    (int)dtp->opts[DT_OPT_STACKINDENT],
					    data + r->offset, r->size);
			break;
		case DTRACEACT_SYM:
		case DTRACEACT_MOD:
		case DTRACEACT_USYM:
		case DTRACEACT_UMOD:
		case DTRACEACT_UADDR:
			if (r->size == dt_recsym_size(r->kind))
				dt_print_sym(dtp, data + r->offset, r->kind);
			break;
		case DTRACEACT_TRACEMEM:
			dt_print_bytes(dtp, (const u8 *)data + r->offset,
				       r->size);
			break;
		case DTRACEACT_EXIT:
			if (r->size) {
				dtp->exitcode = (int)dt_rec_int(data + r->offset,
								r->size, &dt_type_int);
				dtp->exit_seen = 1;
			}
			break;
		case DTRACEACT_PRINTF:
			dt_print_format(dtp, fp, e, cl, data, &i);
			break;
		case DTRACEACT_SYSTEM:
			dt_system(dtp, e, cl, data, &i);
			break;
		case DTRACEACT_PRINTA: {
			struct dt_ident *vars[64];
			int n = 0;

			if (!a || !a->agg)
				break;
			vars[n++] = a->agg;
			while (i + 1 < e->nrecs && n < 64) {
				struct dt_action *aa = dt_rec_action(cl, i + 1);

				if (!aa || aa->libact != DT_LIBACT_PRINTA)
					break;
				vars[n++] = aa->agg;
				i++;
			}
			dt_agg_printa(dtp, a->arg, vars, n);
			break;
		}
		case DTRACEACT_LIBACT: {
			struct dt_action *aa = dt_rec_action(cl, i + 1);
			s64 arg = 0;
			int has_arg = 0;

			if (!a || !a->agg || a->libact == DT_LIBACT_NONE)
				break;
			if (aa && aa->libact == DT_LIBACT_ARG &&
			    i + 1 < e->nrecs) {
				const struct dtrace_recdesc *ar = &e->recs[i + 1];

				arg = (s64)dt_rec_int(data + ar->offset, ar->size,
						      &dt_type_int64);
				has_arg = 1;
				i++;
			}
			dt_agg_libact(dtp, a->libact, a->agg, has_arg, arg);
			break;
		}
		default:
			break;
		}
	}
	if (!quiet)
		fputc('\n', fp);
	return 0;
}

struct dt_recref {
	const char *rec;
	u64 ts;
	int cpu;
	unsigned int seq;
};

static int dt_recref_cmp(const void *a, const void *b)
{
	const struct dt_recref *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

/* The records of one CPU's snapshot: refs[next] up to refs[end]. */
struct dt_run {
	unsigned int next, end;
};

static bool dt_run_before(const struct dt_recref *refs, const struct dt_run *a,
			  const struct dt_run *b)
{
	return dt_recref_cmp(&refs[a->next], &refs[b->next]) < 0;
}

/* Restore the order of the min-heap @h of @n runs below its entry @i. */
static void dt_run_sift(const struct dt_recref *refs, struct dt_run *h,
			unsigned int n, unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i + 1, m = i;
		struct dt_run t;

		if (l < n && dt_run_before(refs, &h[l], &h[m]))
			m = l;
		if (l + 1 < n && dt_run_before(refs, &h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/*
 * Consume the records of @nruns runs, each in timestamp order, merged
 * into one timestamp order.  A CPU writes its records in the order of
 * their timestamps, so a snapshot is usually one run already (a
 * committed speculation is the exception, which the caller sorts): the
 * merge takes O(n log CPUs) where sorting all records took O(n log n),
 * a cost that at high probe rates was most of the consumer's time.
 * Returns 0, or -1 on an error reported.
 */
static int dt_consume_runs(struct dt_handle *dtp, const struct dt_recref *refs,
			   struct dt_run *h, unsigned int nruns)
{
	unsigned int i;

	for (i = nruns / 2; i-- > 0;)
		dt_run_sift(refs, h, nruns, i);
	while (nruns) {
		const struct dt_recref *r = &refs[h[0].next++];

		if (dt_consume_rec(dtp, r->cpu, r->rec))
			return -1;
		if (h[0].next == h[0].end)
			h[0] = h[--nruns];
		dt_run_sift(refs, h, nruns, 0);
	}
	return 0;
}

/*
 * A round of snapshots: every CPU's buffer, then all their records in
 * timestamp order.  Returns 0, or -1 on an error reported.
 */
int dt_consume_round(struct dt_handle *dtp)
{
	struct dt_recref *refs = NULL;
	unsigned int nrefs = 0, cap = 0, nruns = 0;
	struct dt_run *runs;
	char **bufs;
	int c, rc = 0;

	/*
	 * The aggregations first: what a printa() recorded in the
	 * principal buffers was aggregated before it.
	 */
	if (dt_agg_snap(dtp))
		return -1;

	/* One buffer per CPU, kept: pages never written cost nothing. */
	if (!dtp->cpubufs) {
		dtp->cpubufs = dt_zalloc(dtp->ncpus * sizeof(*dtp->cpubufs));
		for (c = 0; c < dtp->ncpus; c++)
			dtp->cpubufs[c] = dt_alloc(dtp->bufsize);
	}
	bufs = dtp->cpubufs;
	runs = dt_alloc(dtp->ncpus * sizeof(*runs));
	for (c = 0; c < dtp->ncpus; c++) {
		struct dtrace_bufdesc bd;
		unsigned int first = nrefs;
		bool sorted = true;
		size_t off = 0;

		memset(&bd, 0, sizeof(bd));
		bd.data = (u64)(unsigned long)bufs[c];
		bd.size = dtp->bufsize;
		bd.cpu = dtp->cpus[c];
		if (dt_ioctl(dtp, DTRACEIOC_BUFSNAP, &bd)) {
			if (errno == ENOENT || errno == ENXIO)
				continue;	/* an offline CPU */
			dt_error("failed to snapshot the buffer of CPU %d: %s",
				 dtp->cpus[c], strerror(errno));
			rc = -1;
			break;
		}
		if (bd.drops)
			dt_report_drops(dtp, "DTRACEDROP_PRINCIPAL", bd.drops,
					dtp->cpus[c]);
		while (off + sizeof(struct dtrace_rechdr) <= bd.size) {
			const struct dtrace_rechdr *h = (const void *)(bufs[c] + off);

			if (h->size < sizeof(*h) || off + h->size > bd.size)
				break;
			if (h->epid) {
				if (nrefs == cap) {
					cap = cap ? cap * 2 : 256;
					refs = dt_realloc(refs, cap * sizeof(*refs));
				}
				refs[nrefs].rec = (const char *)h;
				refs[nrefs].ts = h->timestamp;
				refs[nrefs].cpu = dtp->cpus[c];
				refs[nrefs].seq = nrefs;
				if (nrefs > first && h->timestamp < refs[nrefs - 1].ts)
					sorted = false;
				nrefs++;
			}
			off += (h->size + 7) & ~7U;
		}
		if (nrefs == first)
			continue;
		if (!sorted)
			qsort(refs + first, nrefs - first, sizeof(*refs),
			      dt_recref_cmp);
		runs[nruns].next = first;
		runs[nruns].end = nrefs;
		nruns++;
	}
	if (!rc)
		rc = dt_consume_runs(dtp, refs, runs, nruns);
	fflush(dtp->out);
	free(runs);
	free(refs);
	return rc;
}

void dt_report_drops(struct dt_handle *dtp, const char *tag, u64 n, int cpu)
{
	char pfx[64] = "";
	const char *what;

	if (dtp->opts[DT_OPT_DROPTAGS])
		snprintf(pfx, sizeof(pfx), "[%s] ", tag);
	if (!strcmp(tag, "DTRACEDROP_PRINCIPAL") ||
	    !strcmp(tag, "DTRACEDROP_AGGREGATION")) {
		fflush(dtp->out);
		dt_error("%s%llu %sdrop%s on CPU %d", pfx, (unsigned long long)n,
			 strcmp(tag, "DTRACEDROP_PRINCIPAL") ? "aggregation " : "",
			 n == 1 ? "" : "s", cpu);
		return;
	}
	if (!strcmp(tag, "DTRACEDROP_SPECUNAVAIL") ||
	    !strcmp(tag, "DTRACEDROP_SPECBUSY")) {
		fflush(dtp->out);
		dt_error("%s%llu failed speculation%s (%s)", pfx,
			 (unsigned long long)n, n == 1 ? "" : "s",
			 strcmp(tag, "DTRACEDROP_SPECBUSY") ?
			 "no speculative buffer available" :
			 "available buffer(s) still busy");
		return;
	}
	if (!strcmp(tag, "DTRACEDROP_DYNAMIC"))
		what = "dynamic variable drop";
	else if (!strcmp(tag, "DTRACEDROP_SPEC"))
		what = "speculative drop";
	else
		what = "drop";
	fflush(dtp->out);
	dt_error("%s%llu %s%s", pfx, (unsigned long long)n, what,
		 n == 1 ? "" : "s");
}
