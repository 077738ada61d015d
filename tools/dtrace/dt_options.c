// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): options, from -x name=value, the short options that stand
 * for some of them, and #pragma D option.
 *
 * Kernel options are sent with DTRACEIOC_SETOPT before tracing starts;
 * the others steer the compiler or the consumer.  The names and the
 * syntax of their values (sizes with k/m/g/t suffixes, times and rates
 * with ns/us/ms/s/m/h/d/hz suffixes) are DTrace's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

enum dt_optkind {
	OPT_SIZE,	/* bytes */
	OPT_COUNT,	/* a plain number */
	OPT_TIME,	/* nanoseconds; bare numbers are ns */
	OPT_RATE,	/* nanoseconds; bare numbers are hz */
	OPT_BOOL,	/* present: set */
	OPT_POLICY,	/* bufpolicy */
	OPT_RESIZE,	/* bufresize */
	OPT_ERRSTYLE,	/* errstyle */
	OPT_VERSION,	/* version */
	OPT_IGNORE,	/* accepted, no effect here */
	OPT_STRING,	/* accepted string value */
};

struct dt_option {
	const char *name;
	enum dt_optkind kind;
	int kernel;	/* 1: index into kopts, 0: into opts, -1: none */
	int index;
};

static const struct dt_option dt_options[] = {
	{ "aggsize", OPT_SIZE, 1, DTRACEOPT_AGGSIZE },
	{ "bufsize", OPT_SIZE, 1, DTRACEOPT_BUFSIZE },
	{ "bufpolicy", OPT_POLICY, 1, DTRACEOPT_BUFPOLICY },
	{ "cleanrate", OPT_RATE, 1, DTRACEOPT_CLEANRATE },
	{ "deadman", OPT_TIME, 1, DTRACEOPT_DEADMAN },
	{ "destructive", OPT_BOOL, 1, DTRACEOPT_DESTRUCTIVE },
	{ "dynvarsize", OPT_SIZE, 1, DTRACEOPT_DYNVARSIZE },
	{ "nspec", OPT_COUNT, 1, DTRACEOPT_NSPEC },
	{ "specsize", OPT_SIZE, 1, DTRACEOPT_SPECSIZE },
	{ "strsize", OPT_SIZE, 1, DTRACEOPT_STRSIZE },

	{ "aggrate", OPT_RATE, 0, DT_OPT_AGGRATE },
	{ "agghist", OPT_BOOL, 0, DT_OPT_AGGHIST },
	{ "aggpack", OPT_BOOL, 0, DT_OPT_AGGPACK },
	{ "aggsortkey", OPT_BOOL, 0, DT_OPT_AGGSORTKEY },
	{ "aggsortkeypos", OPT_COUNT, 0, DT_OPT_AGGSORTKEYPOS },
	{ "aggsortpos", OPT_COUNT, 0, DT_OPT_AGGSORTPOS },
	{ "aggsortrev", OPT_BOOL, 0, DT_OPT_AGGSORTREV },
	{ "aggzoom", OPT_BOOL, 0, DT_OPT_AGGZOOM },
	{ "argref", OPT_BOOL, 0, DT_OPT_ARGREF },
	{ "cpp", OPT_BOOL, 0, DT_OPT_CPP },
	{ "cpu", OPT_COUNT, 0, DT_OPT_CPU },
	{ "defaultargs", OPT_BOOL, 0, DT_OPT_DEFAULTARGS },
	{ "droptags", OPT_BOOL, 0, DT_OPT_DROPTAGS },
	{ "errstyle", OPT_ERRSTYLE, 0, DT_OPT_ERRSTYLE },
	{ "errtags", OPT_BOOL, 0, DT_OPT_ERRTAGS },
	{ "flowindent", OPT_BOOL, 0, DT_OPT_FLOWINDENT },
	{ "grabanon", OPT_BOOL, 0, DT_OPT_GRABANON },
	{ "nolibs", OPT_BOOL, 0, DT_OPT_NOLIBS },
	{ "pspec", OPT_BOOL, 0, DT_OPT_PSPEC },
	{ "quiet", OPT_BOOL, 0, DT_OPT_QUIET },
	{ "quietresize", OPT_BOOL, 0, DT_OPT_QUIETRESIZE },
	{ "rawbytes", OPT_BOOL, 0, DT_OPT_RAWBYTES },
	{ "stackframes", OPT_COUNT, 0, DT_OPT_STACKFRAMES },
	{ "stackindent", OPT_COUNT, 0, DT_OPT_STACKINDENT },
	{ "statusrate", OPT_RATE, 0, DT_OPT_STATUSRATE },
	{ "strip", OPT_BOOL, 0, DT_OPT_STRIP },
	{ "switchrate", OPT_RATE, 0, DT_OPT_SWITCHRATE },
	{ "unodefs", OPT_BOOL, 0, DT_OPT_UNODEFS },
	{ "ustackframes", OPT_COUNT, 0, DT_OPT_USTACKFRAMES },
	{ "verbose", OPT_BOOL, 0, DT_OPT_VERBOSE },
	{ "version", OPT_VERSION, -1, 0 },
	{ "zdefs", OPT_BOOL, 0, DT_OPT_ZDEFS },

	{ "amin", OPT_STRING, -1, 0 },
	{ "bufresize", OPT_RESIZE, -1, 0 },
	{ "core", OPT_STRING, -1, 0 },
	{ "cpphdrs", OPT_BOOL, -1, 0 },
	{ "cpppath", OPT_STRING, -1, 0 },
	{ "ctypes", OPT_STRING, -1, 0 },
	{ "define", OPT_STRING, -1, 0 },
	{ "dtypes", OPT_STRING, -1, 0 },
	{ "evaltime", OPT_STRING, -1, 0 },
	{ "incdir", OPT_STRING, -1, 0 },
	{ "iregs", OPT_COUNT, -1, 0 },
	{ "jstackframes", OPT_COUNT, -1, 0 },
	{ "jstackstrsize", OPT_SIZE, -1, 0 },
	{ "knodefs", OPT_BOOL, -1, 0 },
	{ "libdir", OPT_STRING, -1, 0 },
	{ "linkmode", OPT_STRING, -1, 0 },
	{ "linktype", OPT_STRING, -1, 0 },
	{ "maxframes", OPT_COUNT, -1, 0 },
	{ "stdc", OPT_STRING, -1, 0 },
	{ "syslibdir", OPT_STRING, -1, 0 },
	{ "tree", OPT_COUNT, -1, 0 },
	{ "tregs", OPT_COUNT, -1, 0 },
	{ "undef", OPT_STRING, -1, 0 },
};

/* A number with an optional scale suffix; -1 if it is not one. */
static int dt_parse_scaled(const char *s, u64 *v, const char * const *sfx,
			   const u64 *mul, int nsfx, u64 dflt)
{
	unsigned long long x;
	char *end;
	int i;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno)
		return -1;
	if (!*end) {
		if (!dflt)
			return -1;
		*v = x;
		return 0;
	}
	for (i = 0; i < nsfx; i++) {
		if (!strcasecmp(end, sfx[i])) {
			if (mul[i] && x > ~0ULL / mul[i])
				return -1;
			*v = mul[i] ? x * mul[i] : x;
			return i;
		}
	}
	return -1;
}

static int dt_parse_size(const char *s, u64 *v)
{
	static const char * const sfx[] = { "k", "m", "g", "t" };
	static const u64 mul[] = { 1ULL << 10, 1ULL << 20, 1ULL << 30, 1ULL << 40 };

	return dt_parse_scaled(s, v, sfx, mul, ARRAY_SIZE(sfx), 1) < 0 ? -1 : 0;
}

static int dt_parse_time(const char *s, u64 *v, int rate)
{
	static const char * const sfx[] = {
		"ns", "nsec", "us", "usec", "ms", "msec", "s", "sec",
		"m", "min", "h", "hour", "d", "day", "hz",
	};
	static const u64 mul[] = {
		1, 1, 1000, 1000, 1000000, 1000000, 1000000000ULL,
		1000000000ULL, 60000000000ULL, 60000000000ULL,
		3600000000000ULL, 3600000000000ULL, 86400000000000ULL,
		86400000000000ULL, 0,
	};
	int i = dt_parse_scaled(s, v, sfx, mul, ARRAY_SIZE(sfx), 1);

	if (i < 0)
		return -1;
	if (i == (int)ARRAY_SIZE(sfx) - 1 || (rate && !isalpha((unsigned char)s[strlen(s) - 1]))) {
		/* A frequency. */
		if (*v == 0)
			return -1;
		*v = 1000000000ULL / *v;
		if (*v == 0)
			*v = 1;
	}
	return 0;
}

/*
 * Set option @name to @value (NULL: no value given).  Returns 0, or -1
 * with the reason in @err.
 */
int dt_setopt(struct dt_handle *dtp, const char *name, const char *value,
	      char *err, size_t errlen)
{
	const struct dt_option *o = NULL;
	u64 v = 1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dt_options); i++) {
		if (!strcmp(dt_options[i].name, name)) {
			o = &dt_options[i];
			break;
		}
	}
	if (!o) {
		snprintf(err, errlen, "Invalid option name");
		return -1;
	}

	switch (o->kind) {
	case OPT_BOOL:
		if (value && *value) {
			if (!strcmp(value, "0") || !strcmp(value, "false"))
				v = 0;
			else if (strcmp(value, "1") && strcmp(value, "true"))
				goto bad;
		}
		if (o->kernel == 0 && o->index == DT_OPT_ZDEFS)
			dtp->zdefs = (int)v;
		break;
	case OPT_SIZE:
		if (!value || dt_parse_size(value, &v))
			goto bad;
		break;
	case OPT_COUNT: {
		char *end;

		if (!value || !isdigit((unsigned char)*value))
			goto bad;
		errno = 0;
		v = strtoull(value, &end, 0);
		if (errno || *end)
			goto bad;
		break;
	}
	case OPT_TIME:
	case OPT_RATE:
		if (!value || dt_parse_time(value, &v, o->kind == OPT_RATE))
			goto bad;
		break;
	case OPT_POLICY:
		if (!value)
			goto bad;
		if (!strcmp(value, "switch"))
			v = DTRACEOPT_BUFPOLICY_SWITCH;
		else if (!strcmp(value, "fill"))
			v = DTRACEOPT_BUFPOLICY_FILL;
		else if (!strcmp(value, "ring"))
			v = DTRACEOPT_BUFPOLICY_RING;
		else
			goto bad;
		break;
	case OPT_RESIZE:
		if (!value || (strcmp(value, "auto") && strcmp(value, "manual")))
			goto bad;
		return 0;
	case OPT_ERRSTYLE:
		if (!value)
			goto bad;
		if (!strcmp(value, "dtrace"))
			v = DT_ERRSTYLE_DTRACE;
		else if (!strcmp(value, "gnu"))
			v = DT_ERRSTYLE_GNU;
		else
			goto bad;
		break;
	case OPT_VERSION: {
		unsigned int maj, min;
		char c;

		if (!value || sscanf(value, "%u.%u%c", &maj, &min, &c) != 2) {
			if (!value || sscanf(value, "%u%c", &maj, &c) != 1)
				goto bad;
			min = 0;
		}
		if (maj > 2 || (maj == 2 && min > 0) || maj == 0) {
			snprintf(err, errlen,
				 "Requested version is not supported by compiler");
			return -1;
		}
		return 0;
	}
	case OPT_IGNORE:
	case OPT_STRING:
		return 0;
	}

	if (o->kernel == 1) {
		dtp->kopts[o->index] = v;
		dtp->kopt_set[o->index] = 1;
	} else if (o->kernel == 0) {
		dtp->opts[o->index] = v;
	}
	return 0;

bad:
	snprintf(err, errlen, "Invalid value for specified option");
	return -1;
}

/* Split a pragma's words; quoted strings are one word, without quotes. */
static int dt_pragma_words(char *s, char **words, int max)
{
	int n = 0;

	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (n == max)
			return n + 1;
		if (*s == '"') {
			words[n++] = ++s;
			while (*s && *s != '"')
				s++;
		} else {
			words[n++] = s;
			while (*s && !isspace((unsigned char)*s))
				s++;
		}
		if (*s)
			*s++ = '\0';
	}
	return n;
}

static int dt_stability_ok(const char *s)
{
	static const char * const names[] = {
		"Internal", "Private", "Obsolete", "External", "Unstable",
		"Evolving", "Stable", "Standard",
	};
	static const char * const classes[] = {
		"Unknown", "CPU", "Platform", "Group", "ISA", "Common",
	};
	char buf[128], *a, *b, *c;
	size_t i;
	int ok = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	a = buf;
	b = strchr(a, '/');
	if (!b)
		return 0;
	*b++ = '\0';
	c = strchr(b, '/');
	if (!c)
		return 0;
	*c++ = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++)
		ok += !strcmp(a, names[i]) + !strcmp(b, names[i]);
	for (i = 0; i < ARRAY_SIZE(classes); i++)
		ok += !strcmp(c, classes[i]);
	return ok == 3;
}

/* #pragma: @line is what follows the word "pragma". */
void dt_pragma(const char *line, const struct dt_loc *loc)
{
	struct dt_handle *dtp = dt_pcb->dtp;
	char *copy = dt_strdup(line);
	char *w[32];
	int n = dt_pragma_words(copy, w, ARRAY_SIZE(w));

	if (n > (int)ARRAY_SIZE(w))
		n = ARRAY_SIZE(w);
	if (n == 0 || strcmp(w[0], "D"))
		return;		/* not ours: ignored, as C does */
	if (n < 2)
		dt_cerror(loc, D_PRAGMA_MALFORM, "malformed #pragma D directive");

	if (!strcmp(w[1], "option")) {
		char err[128], *name, *eq;

		if (n < 3)
			dt_cerror(loc, D_PRAGMA_MALFORM,
				  "missing option name for #pragma option");
		if (n > 3)
			dt_cerror(loc, D_PRAGMA_MALFORM,
				  "superfluous arguments specified for #pragma option");
		name = w[2];
		eq = strchr(name, '=');
		if (eq)
			*eq++ = '\0';
		if (dt_setopt(dtp, name, eq, err, sizeof(err))) {
			if (eq)
				dt_cerror(loc, D_PRAGMA_OPTSET,
					  "failed to set option '%s' to '%s': %s",
					  name, eq, err);
			dt_cerror(loc, D_PRAGMA_OPTSET,
				  "failed to set option '%s': %s", name, err);
		}
		return;
	}
	if (!strcmp(w[1], "error")) {
		char msg[512] = "";
		int i;

		for (i = 2; i < n; i++) {
			strncat(msg, w[i], sizeof(msg) - strlen(msg) - 1);
			strncat(msg, " ", sizeof(msg) - strlen(msg) - 1);
		}
		dt_cerror(loc, D_PRAGERR, "#error: %s", msg);
	}
	if (!strcmp(w[1], "attributes")) {
		struct dt_ident *id;

		if (n != 4)
			dt_cerror(loc, D_PRAGMA_MALFORM,
				  "malformed #pragma attributes");
		if (!dt_stability_ok(w[2]))
			dt_cerror(loc, D_PRAGMA_INVAL,
				  "invalid attributes specified by #pragma attributes");
		id = dt_idhash_lookup(&dtp->globals, w[3]);
		if (!id && !dt_builtin_var(w[3]) && !dt_builtin_func(w[3])) {
			dt_pcb->pragma_attr_pending = 1;
			dt_pcb->pragma_attr_loc = *loc;
		}
		return;
	}
	if (!strcmp(w[1], "binding") || !strcmp(w[1], "depends_on") ||
	    !strcmp(w[1], "ident") || !strcmp(w[1], "line") ||
	    !strcmp(w[1], "provider"))
		return;
	dt_cerror(loc, D_PRAGMA_INVAL, "invalid control directive: #pragma D %s",
		  w[1]);
}
