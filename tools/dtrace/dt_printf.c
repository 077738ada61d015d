// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): printf() formats.
 *
 * The compiler parses the format of each printf() and checks its
 * arguments against it; the format stays here, in a table indexed by the
 * id the PRINTF action carries.  When the consumer meets the records of
 * that action it formats the recorded values with the C library's
 * printf, conversion by conversion, giving each value the type the
 * compiler knew it had.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dtrace.h"

/* Room for one conversion's specification: %, flags, width, precision. */
#define DT_PF_SPECSZ	48

/* What a conversion accepts. */
enum dt_pfcheck {
	PF_NONE,	/* %%: no value */
	PF_INT,		/* any integer */
	PF_CHAR,	/* an integer, printed as a character */
	PF_FLOAT,	/* float, double */
	PF_STR,		/* string or char array/pointer */
	PF_ADDR,	/* pointer or integer */
	PF_TIME,	/* int64_t nanoseconds since the epoch */
	PF_STACK,	/* stack(), an aggregation key: printa() only */
};

struct dt_pfinfo {
	const char *name;	/* as written after flags, width, precision */
	char conv;		/* the C conversion used to print it */
	int unsig;		/* print as unsigned */
	enum dt_pfcheck check;
	const char *proto;	/* for messages */
};

#define PROTO_XINT "char, short, int, long, or long long"
#define PROTO_UXINT "unsigned char, short, int, long, or long long"
#define PROTO_STR "char [] or string (or use stringof)"
#define PROTO_ADDR "pointer or integer"

static const struct dt_pfinfo dt_pfinfo[] = {
	{ "a", 'a', 1, PF_ADDR, PROTO_ADDR },
	{ "A", 'A', 1, PF_ADDR, PROTO_ADDR },
	{ "c", 'c', 0, PF_CHAR, "char" },
	{ "C", 'C', 0, PF_CHAR, "char" },
	{ "d", 'd', 0, PF_INT, PROTO_XINT },
	{ "e", 'e', 0, PF_FLOAT, "double" },
	{ "E", 'E', 0, PF_FLOAT, "double" },
	{ "f", 'f', 0, PF_FLOAT, "double" },
	{ "F", 'f', 0, PF_FLOAT, "double" },
	{ "g", 'g', 0, PF_FLOAT, "double" },
	{ "G", 'G', 0, PF_FLOAT, "double" },
	{ "hd", 'd', 0, PF_INT, "short" },
	{ "hi", 'd', 0, PF_INT, "short" },
	{ "ho", 'o', 1, PF_INT, "unsigned short" },
	{ "hu", 'u', 1, PF_INT, "unsigned short" },
	{ "hx", 'x', 1, PF_INT, "short" },
	{ "hX", 'X', 1, PF_INT, "short" },
	{ "hhd", 'd', 0, PF_INT, "char" },
	{ "hhi", 'd', 0, PF_INT, "char" },
	{ "hho", 'o', 1, PF_INT, "unsigned char" },
	{ "hhu", 'u', 1, PF_INT, "unsigned char" },
	{ "hhx", 'x', 1, PF_INT, "char" },
	{ "hhX", 'X', 1, PF_INT, "char" },
	{ "i", 'd', 0, PF_INT, PROTO_XINT },
	{ "k", 's', 0, PF_STACK, "stack" },
	{ "lc", 'c', 0, PF_CHAR, "int" },
	{ "ld", 'd', 0, PF_INT, "long" },
	{ "li", 'd', 0, PF_INT, "long" },
	{ "lo", 'o', 1, PF_INT, "unsigned long" },
	{ "lu", 'u', 1, PF_INT, "unsigned long" },
	{ "lx", 'x', 1, PF_INT, "long" },
	{ "lX", 'X', 1, PF_INT, "long" },
	{ "lld", 'd', 0, PF_INT, "long long" },
	{ "lli", 'd', 0, PF_INT, "long long" },
	{ "llo", 'o', 1, PF_INT, "unsigned long long" },
	{ "llu", 'u', 1, PF_INT, "unsigned long long" },
	{ "llx", 'x', 1, PF_INT, "long long" },
	{ "llX", 'X', 1, PF_INT, "long long" },
	{ "le", 'e', 0, PF_FLOAT, "long double" },
	{ "lE", 'E', 0, PF_FLOAT, "long double" },
	{ "lf", 'f', 0, PF_FLOAT, "long double" },
	{ "lg", 'g', 0, PF_FLOAT, "long double" },
	{ "lG", 'G', 0, PF_FLOAT, "long double" },
	{ "Le", 'e', 0, PF_FLOAT, "long double" },
	{ "LE", 'E', 0, PF_FLOAT, "long double" },
	{ "Lf", 'f', 0, PF_FLOAT, "long double" },
	{ "Lg", 'g', 0, PF_FLOAT, "long double" },
	{ "LG", 'G', 0, PF_FLOAT, "long double" },
	{ "o", 'o', 1, PF_INT, PROTO_XINT },
	{ "p", 'x', 1, PF_ADDR, PROTO_ADDR },
	{ "s", 's', 0, PF_STR, PROTO_STR },
	{ "S", 'S', 0, PF_STR, PROTO_STR },
	{ "T", 'T', 0, PF_TIME, "int64_t" },
	{ "u", 'u', 1, PF_INT, PROTO_XINT },
	{ "wc", 'c', 0, PF_CHAR, "int" },
	{ "x", 'x', 1, PF_INT, PROTO_XINT },
	{ "X", 'X', 1, PF_INT, PROTO_XINT },
	{ "Y", 'Y', 0, PF_TIME, "int64_t" },
	{ "zd", 'd', 0, PF_INT, "ssize_t" },
	{ "zu", 'u', 1, PF_INT, "size_t" },
	{ "zx", 'x', 1, PF_INT, "size_t" },
	{ "%", '%', 0, PF_NONE, "void" },
};

#define DT_PF_DYNWIDTH	(-2)
#define DT_PF_NONE	(-1)

struct dt_pfconv {
	char *text;			/* literal text before the conversion */
	int agg;			/* printa(): %@, the aggregation's value */
	char flags[8];
	int width;			/* DT_PF_NONE, DT_PF_DYNWIDTH, or >= 0 */
	int prec;
	const struct dt_pfinfo *info;
};

struct dt_fmtab {
	char *fmt;
	struct dt_pfconv *convs;
	int nconvs;
	char *tail;			/* literal text after the last one */
	int nargs;			/* values it consumes */
};

/*
 * Parse format @fmt; syntax errors are reported at @loc.  @printa: the
 * format of printa(), in which %@ stands for the aggregation's value.
 */
static void dt_printf_parse(struct dt_fmtab *f, const char *fmt,
			    const struct dt_loc *loc, int printa)
{
	const char *p = fmt, *lit = fmt;
	int n = 0;

	f->fmt = dt_strdup(fmt);
	while ((p = strchr(p, '%'))) {
		struct dt_pfconv c;
		const char *s = p + 1, *name;
		size_t i, best = 0;

		memset(&c, 0, sizeof(c));
		c.width = DT_PF_NONE;
		c.prec = DT_PF_NONE;
		c.text = dt_strndup(lit, p - lit);
		n++;

		/* Positional arguments, %n$, are not D's. */
		for (name = s; isdigit((unsigned char)*name); name++)
			;
		if (name > s && *name == '$')
			dt_cerror(loc, D_SYNTAX,
				  "format conversion #%d uses unsupported positional format (%%n$)",
				  n);
		while (*s && (strchr("-+ #0'", *s) || (printa && *s == '@'))) {
			if (*s == '@') {
				c.agg = 1;
				s++;
				continue;
			}
			size_t fl = strlen(c.flags);

			if (fl < sizeof(c.flags) - 1 && !strchr(c.flags, *s)) {
				c.flags[fl] = *s;
				c.flags[fl + 1] = '\0';
			}
			s++;
		}
		if (*s == '*') {
			c.width = DT_PF_DYNWIDTH;
			s++;
		} else if (*s == '?') {
			c.width = 16;	/* the width of a pointer */
			s++;
		} else if (isdigit((unsigned char)*s)) {
			c.width = (int)strtol(s, (char **)&s, 10);
		}
		if (*s == '.') {
			s++;
			if (*s == '*') {
				c.prec = DT_PF_DYNWIDTH;
				s++;
			} else {
				c.prec = (int)strtol(s, (char **)&s, 10);
			}
		}
		for (name = s; isdigit((unsigned char)*name); name++)
			;
		if (name > s && *name == '$')
			dt_cerror(loc, D_SYNTAX,
				  "format conversion #%d uses unsupported positional format (%%n$)",
				  n);
		if (!*s)
			dt_cerror(loc, D_SYNTAX,
				  "format conversion #%d name expected before end of format string",
				  n);
		if (*s == '@' && printa) {
			c.agg = 1;
			s++;
		} else if (*s == '@')
			dt_cerror(loc, D_PRINTF_AGG_CONV,
				  "%%@ conversion requires an aggregation and is not for use with printf( )");
		for (i = 0; i < ARRAY_SIZE(dt_pfinfo); i++) {
			size_t l = strlen(dt_pfinfo[i].name);

			if (l > best && !strncmp(s, dt_pfinfo[i].name, l)) {
				best = l;
				c.info = &dt_pfinfo[i];
			}
		}
		if (!c.info) {
			size_t l = 1;

			while (s[l - 1] && strchr("hlLzjtw", s[l - 1]) && s[l])
				l++;
			dt_cerror(loc, D_SYNTAX,
				  "format conversion #%d is undefined: %%%.*s",
				  n, (int)l, s);
		}
		if (c.info->check == PF_NONE &&
		    (c.flags[0] || c.width != DT_PF_NONE || c.prec != DT_PF_NONE))
			dt_cerror(loc, D_SYNTAX,
				  "format conversion #%d cannot be combined with other format flags: %%%%",
				  n);
		s += best;
		f->convs = dt_realloc(f->convs, (f->nconvs + 1) * sizeof(c));
		f->convs[f->nconvs++] = c;
		if (c.width == DT_PF_DYNWIDTH)
			f->nargs++;
		if (c.prec == DT_PF_DYNWIDTH)
			f->nargs++;
		if (c.info->check != PF_NONE)
			f->nargs++;
		p = s;
		lit = s;
	}
	f->tail = dt_strdup(lit);
}

static int dt_pfcheck(const struct dt_pfinfo *pi, const struct dt_type *t)
{
	if (!t || t->kind == DT_TK_VOID || t->kind == DT_TK_AGG ||
	    t->kind == DT_TK_FUNC)
		return 0;
	switch (pi->check) {
	case PF_INT:
	case PF_CHAR:
	case PF_TIME:
		return dt_type_is_integer(t);
	case PF_FLOAT:
		return t->kind == DT_TK_FLOAT;
	case PF_STR:
		return dt_type_is_string(t);
	case PF_ADDR:
		return dt_type_is_integer(t) || t->kind == DT_TK_PTR;
	case PF_STACK:
		return t->kind == DT_TK_STACK;
	default:
		return 1;
	}
}

/* Format a conversion for messages: "%d", or "% * d" for its width. */
static void dt_pfname(const struct dt_pfconv *c, char *buf, size_t len,
		      const char *dyn)
{
	if (dyn)
		snprintf(buf, len, "%% %s %s", dyn, c->info->name);
	else
		snprintf(buf, len, "%%%s", c->info->name);
}

/*
 * Compile the format of a printf()-like action: @fmt is its first
 * argument, @args the rest, all cooked.  Returns the format id.
 */
int dt_printf_compile(struct dt_handle *dtp, const char *func,
		      struct dt_node *call, struct dt_node *fmt,
		      struct dt_node *args)
{
	struct dt_fmtab *f;
	struct dt_node *a = args;
	int i, argno = 2;
	char tb[128], cb[64];

	if (!fmt || !dt_type_is_string(fmt->type))
		dt_cerror(&call->loc, D_PROTO_ARG,
			  "%s( ) argument #1 is incompatible with prototype:\n\tprototype: string\n\t argument: %s",
			  func, dt_type_name(fmt ? fmt->type : NULL, tb, sizeof(tb)));
	if (fmt->kind != DT_NODE_STRING)
		dt_cerror(&call->loc, D_PRINTF_ARG_FMT,
			  "%s( ) argument #1 must be a string constant", func);
	if (!fmt->string[0])
		dt_cerror(&call->loc, D_PRINTF_FMT_EMPTY,
			  "%s( ) format string is empty", func);

	dtp->formats = dt_realloc(dtp->formats,
				  (dtp->nformats + 1) * sizeof(*dtp->formats));
	f = &dtp->formats[dtp->nformats];
	memset(f, 0, sizeof(*f));
	dt_printf_parse(f, fmt->string, &call->loc, 0);

	for (i = 0; i < f->nconvs; i++) {
		const struct dt_pfconv *c = &f->convs[i];
		int dyn;

		for (dyn = 0; dyn < 2; dyn++) {
			const char *what = dyn ? ".*" : "*";

			if ((dyn ? c->prec : c->width) != DT_PF_DYNWIDTH)
				continue;
			dt_pfname(c, cb, sizeof(cb), NULL);
			if (!a)
				dt_cerror(&call->loc, D_PRINTF_DYN_PROTO,
					  "%s( ) prototype mismatch: conversion #%d (%s) is missing a corresponding \"%s\" argument",
					  func, i + 1, cb, what);
			if (!dt_type_is_integer(a->type)) {
				dt_pfname(c, cb, sizeof(cb), what);
				dt_cerror(&call->loc, D_PRINTF_DYN_TYPE,
					  "%s( ) argument #%d is incompatible with conversion #%d prototype:\n\tconversion: %s\n\t prototype: int\n\t  argument: %s",
					  func, argno, i + 1, cb,
					  dt_type_name(a->type, tb, sizeof(tb)));
			}
			a = a->next;
			argno++;
		}
		if (c->info->check == PF_NONE)
			continue;
		dt_pfname(c, cb, sizeof(cb), NULL);
		if (!a)
			dt_cerror(&call->loc, D_PRINTF_ARG_PROTO,
				  "%s( ) prototype mismatch: conversion #%d (%s) is missing a corresponding value argument",
				  func, i + 1, cb);
		if (!dt_pfcheck(c->info, a->type))
			dt_cerror(&call->loc, D_PRINTF_ARG_TYPE,
				  "%s( ) argument #%d is incompatible with conversion #%d prototype:\n\tconversion: %s\n\t prototype: %s\n\t  argument: %s",
				  func, argno, i + 1, cb, c->info->proto,
				  dt_type_name(a->type, tb, sizeof(tb)));
		if (c->info->check == PF_STACK)
			dt_cerror(&call->loc, D_IDENT_UNSUPP,
				  "%s( ) conversion %s is not supported yet", func, cb);
		a = a->next;
		argno++;
	}
	if (a)
		dt_cerror(&call->loc, D_PRINTF_ARG_EXTRA,
			  "%s( ) prototype mismatch: only %d arguments required by this format string",
			  func, f->nargs);
	return dtp->nformats++;
}

/*
 * The format of printa(): its conversions, %@ aside, take the keys of
 * aggregation @agg in order.
 */
void dt_printa_check(struct dt_node *call, struct dt_node *fmt,
		     const struct dt_ident *agg)
{
	struct dt_fmtab f;
	int i, k = 0;
	char tb[128], cb[64];

	memset(&f, 0, sizeof(f));
	dt_printf_parse(&f, fmt->string, &call->loc, 1);
	for (i = 0; i < f.nconvs; i++) {
		const struct dt_pfconv *c = &f.convs[i];

		if (c->info->check == PF_NONE || c->agg)
			continue;
		dt_pfname(c, cb, sizeof(cb), NULL);
		if (!agg || k >= agg->nkeys)
			dt_cerror(&call->loc, D_PRINTF_ARG_PROTO,
				  "printa( ) prototype mismatch: conversion #%d (%s) is missing a corresponding value argument",
				  i + 1, cb);
		if (!dt_pfcheck(c->info, agg->keys[k]))
			dt_cerror(&call->loc, D_PRINTF_ARG_TYPE,
				  "printa( ) argument #2 is incompatible with conversion #%d prototype:\n\tconversion: %s\n\t prototype: %s\n\t  argument: %s",
				  i + 1, cb, c->info->proto,
				  dt_type_name(agg->keys[k], tb, sizeof(tb)));
		k++;
	}
}

/* Compile the format of printa(): its conversions are checked already. */
int dt_printa_compile(struct dt_handle *dtp, struct dt_node *call,
		      struct dt_node *fmt)
{
	struct dt_fmtab *f;

	dtp->formats = dt_realloc(dtp->formats,
				  (dtp->nformats + 1) * sizeof(*dtp->formats));
	f = &dtp->formats[dtp->nformats];
	memset(f, 0, sizeof(*f));
	dt_printf_parse(f, fmt->string, &call->loc, 1);
	return dtp->nformats++;
}

/*
 * Whether value argument @argi (from 0) of format @fmtid is taken by a %A
 * conversion: the compiler records such a user address with its process
 * (DTRACEACT_UADDR) for it to be looked up.
 */
bool dt_printf_uaddr_arg(struct dt_handle *dtp, int fmtid, int argi)
{
	const struct dt_fmtab *f;
	int i, k = 0;

	if (fmtid < 0 || (unsigned int)fmtid >= dtp->nformats)
		return false;
	f = &dtp->formats[fmtid];
	for (i = 0; i < f->nconvs && k <= argi; i++) {
		const struct dt_pfconv *c = &f->convs[i];

		k += (c->width == DT_PF_DYNWIDTH) + (c->prec == DT_PF_DYNWIDTH);
		if (c->info->check == PF_NONE)
			continue;
		if (k++ == argi)
			return c->info->conv == 'A';
	}
	return false;
}

int dt_printf_nargs(struct dt_handle *dtp, int fmtid)
{
	if (fmtid < 0 || (unsigned int)fmtid >= dtp->nformats)
		return -1;
	return dtp->formats[fmtid].nargs;
}

/* A recorded integer, extended as its type says. */
static u64 dt_pf_int(const void *p, u32 size, const struct dt_type *t)
{
	int uns = !dt_type_is_integer(t) || t->is_unsigned;
	u64 v = 0;

	switch (size) {
	case 1:
		v = uns ? *(const u8 *)p : (u64)(s64)*(const s8 *)p;
		break;
	case 2: {
		u16 h;

		memcpy(&h, p, 2);
		v = uns ? h : (u64)(s64)(s16)h;
		break;
	}
	case 4: {
		u32 w;

		memcpy(&w, p, 4);
		v = uns ? w : (u64)(s64)(s32)w;
		break;
	}
	default:
		if (size >= 8)
			memcpy(&v, p, 8);
		break;
	}
	return v;
}

u64 dt_rec_int(const void *p, u32 size, const struct dt_type *t)
{
	return dt_pf_int(p, size, t);
}

/**
 * dt_fputs_escaped - print a string as C writes it in a literal
 * @fp: where
 * @s: the string: its first @max bytes, or up to its NUL
 * @max: the most bytes of @s to print
 * @quoted: between double quotes, with the double quotes inside escaped
 *
 * Backslash, newline and tab are escaped as \\, \n and \t, and the other
 * bytes that are not printable as three octal digits, as dtrace(1) prints
 * them everywhere: printf()'s %S, print(), the disassembler's strings.
 */
void dt_fputs_escaped(FILE *fp, const char *s, size_t max, bool quoted)
{
	size_t i;

	if (quoted)
		fputc('"', fp);
	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = s[i];

		if (c == '\\' || (quoted && c == '"'))
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (isprint(c))
			fputc(c, fp);
		else
			fprintf(fp, "\\%03o", c);
	}
	if (quoted)
		fputc('"', fp);
}

/**
 * dt_fput_hex - print bytes in hexadecimal, two digits each, a blank
 * between them
 * @fp: where
 * @p: the bytes
 * @size: how many
 */
void dt_fput_hex(FILE *fp, const void *p, size_t size)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < size; i++)
		fprintf(fp, "%s%02x", i ? " " : "", b[i]);
}

/* Print a string with non-printable characters escaped (%S). */
static void dt_pf_escaped(FILE *fp, const char *fmt, const char *s)
{
	char *e = NULL;
	size_t len;
	FILE *m = open_memstream(&e, &len);

	if (!m)
		dt_nomem();
	dt_fputs_escaped(m, s, SIZE_MAX, false);
	if (fclose(m))
		dt_nomem();
	fprintf(fp, fmt, e);
	free(e);
}

/*
 * Print one value for conversion @c; @spec, DT_PF_SPECSZ bytes, holds its
 * first @k characters.
 */
static void dt_pf_value(FILE *fp, const struct dt_pfconv *c, char *spec, int k,
			const void *val, u32 size, const struct dt_type *type)
{
	switch (c->info->check) {
	case PF_ADDR:
		if (c->info->conv == 'a') {
			char sym[512];

			/* A kernel address as module`symbol+0xoff. */
			dt_ksym_name(dt_pf_int(val, size, type), DT_KSYM_OFFSET,
				     sym, sizeof(sym));
			snprintf(spec + k, DT_PF_SPECSZ - k, "s");
			fprintf(fp, spec, sym);
			break;
		}
		/* %A: a user address, recorded with its process. */
		if (size == dt_recsym_size(DTRACEACT_UADDR)) {
			char sym[512];
			u64 v[2];

			memcpy(v, val, sizeof(v));
			dt_usym_name((pid_t)v[0], v[1], DT_KSYM_OFFSET, sym,
				     sizeof(sym));
			snprintf(spec + k, DT_PF_SPECSZ - k, "s");
			fprintf(fp, spec, sym);
			break;
		}
		snprintf(spec + k, DT_PF_SPECSZ - k, "#llx");
		fprintf(fp, spec, dt_pf_int(val, size, type));
		break;
	case PF_INT: {
		u64 x = dt_pf_int(val, size, type);
		char conv = c->info->conv;

		if (conv == 'd' && dt_type_is_integer(type) &&
		    type->is_unsigned)
			conv = 'u';
		if (c->info->unsig && conv != 'd' && size < 8)
			x &= (1ULL << (size * 8)) - 1;
		snprintf(spec + k, DT_PF_SPECSZ - k, "ll%c", conv);
		fprintf(fp, spec, x);
		break;
	}
	case PF_CHAR:
		snprintf(spec + k, DT_PF_SPECSZ - k, "c");
		fprintf(fp, spec, (int)(char)dt_pf_int(val, size,
						       type));
		break;
	case PF_FLOAT: {
		double d = 0;

		if (size == 4) {
			float fl;

			memcpy(&fl, val, 4);
			d = fl;
		} else if (size >= 8) {
			memcpy(&d, val, 8);
		}
		snprintf(spec + k, DT_PF_SPECSZ - k, "%c", c->info->conv);
		fprintf(fp, spec, d);
		break;
	}
	case PF_STR: {
		char *s = dt_strndup(val, size);

		snprintf(spec + k, DT_PF_SPECSZ - k, "s");
		if (c->info->conv == 'S')
			dt_pf_escaped(fp, spec, s);
		else
			fprintf(fp, spec, s);
		free(s);
		break;
	}
	case PF_STACK:
		/*
		 * A newline, then a frame on each line, formatted by the
		 * conversion as a string; as in DTrace, the frames are
		 * indented by the width if the conversion is left-aligned
		 * (%-40k), else not at all.
		 */
		snprintf(spec + k, DT_PF_SPECSZ - k, "s");
		dt_ksym_print_frames(fp, strchr(c->flags, '-') && c->width > 0 ?
				     c->width : 0, spec, val, size);
		break;
	case PF_TIME: {
		s64 ns = (s64)dt_pf_int(val, size, type);
		time_t sec = ns / 1000000000LL;
		struct tm tm;
		char tbuf[64];

		localtime_r(&sec, &tm);
		if (c->info->conv == 'Y')
			strftime(tbuf, sizeof(tbuf), "%Y %b %e %T", &tm);
		else
			strftime(tbuf, sizeof(tbuf), "%a, %d %b %Y %T %z", &tm);
		snprintf(spec + k, DT_PF_SPECSZ - k, "s");
		fprintf(fp, spec, tbuf);
		break;
	}
	default:
		break;
	}
}

/*
 * Format the values of a printf() record: @vals[i] points to @sizes[i]
 * bytes of the value of type @types[i].
 */
void dt_printf_exec(struct dt_handle *dtp, FILE *fp, int fmtid,
		    const void **vals, const u32 *sizes,
		    const struct dt_type **types, int nvals)
{
	const struct dt_fmtab *f;
	int i, v = 0;

	if (fmtid < 0 || (unsigned int)fmtid >= dtp->nformats)
		return;
	f = &dtp->formats[fmtid];
	for (i = 0; i < f->nconvs; i++) {
		const struct dt_pfconv *c = &f->convs[i];
		int width = c->width, prec = c->prec;
		char spec[DT_PF_SPECSZ];
		int k = 0;

		fputs(c->text, fp);
		if (c->info->check == PF_NONE) {
			fputc('%', fp);
			continue;
		}
		if (width == DT_PF_DYNWIDTH) {
			width = v < nvals ? (int)dt_pf_int(vals[v], sizes[v], types[v]) : 0;
			v++;
		}
		if (prec == DT_PF_DYNWIDTH) {
			prec = v < nvals ? (int)dt_pf_int(vals[v], sizes[v], types[v]) : 0;
			v++;
		}
		if (v >= nvals)
			break;

		spec[k++] = '%';
		k += snprintf(spec + k, sizeof(spec) - k, "%s", c->flags);
		if (c->info->conv == 'x' && c->info->name[0] == 'p' &&
		    !strchr(c->flags, '#'))
			spec[k++] = '#';
		/* As in DTrace, a width or precision of 0 is none at all. */
		if (width > 0)
			k += snprintf(spec + k, sizeof(spec) - k, "%d", width);
		else if (width < 0 && c->width == DT_PF_DYNWIDTH)
			k += snprintf(spec + k, sizeof(spec) - k, "-%d", -width);
		if (prec > 0)
			k += snprintf(spec + k, sizeof(spec) - k, ".%d", prec);

		dt_pf_value(fp, c, spec, k, vals[v], sizes[v], types[v]);
		v++;
	}
	fputs(f->tail, fp);
}

/*
 * Format one entry of printa(): the conversions take the keys in order,
 * %@ the values, which @pval prints.
 */
void dt_printa_exec(struct dt_handle *dtp, FILE *fp, int fmtid,
		    const void **keys, const u32 *sizes,
		    const struct dt_type **types, int nkeys,
		    dt_printa_val_f pval, void *arg)
{
	const struct dt_fmtab *f;
	int i, v = 0, nagg = 0;

	if (fmtid < 0 || (unsigned int)fmtid >= dtp->nformats)
		return;
	f = &dtp->formats[fmtid];
	for (i = 0; i < f->nconvs; i++) {
		const struct dt_pfconv *c = &f->convs[i];
		char spec[DT_PF_SPECSZ];
		int k = 0;

		fputs(c->text, fp);
		if (c->info->check == PF_NONE) {
			fputc('%', fp);
			continue;
		}
		spec[k++] = '%';
		k += snprintf(spec + k, sizeof(spec) - k, "%s", c->flags);
		if (c->width > 0)
			k += snprintf(spec + k, sizeof(spec) - k, "%d", c->width);
		if (c->prec > 0)
			k += snprintf(spec + k, sizeof(spec) - k, ".%d", c->prec);
		if (c->agg) {
			pval(dtp, fp, spec, c->info->conv, nagg++, arg);
			continue;
		}
		if (v >= nkeys)
			break;
		dt_pf_value(fp, c, spec, k, keys[v], sizes[v], types[v]);
		v++;
	}
	fputs(f->tail, fp);
}
