// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the DIF subroutines, called by DIF_OP_CALL with their arguments
 * on the tuple stack.
 *
 * Probe context: interrupts are off, nothing here takes a lock or calls
 * outside DTrace, and memory that is not DTrace's own is read through the
 * fault-tolerant loads of dtrace_dif.c.  A bad address sets
 * DTRACEFLT_BADADDR, a bad argument DTRACEFLT_ILLOP; the clause stops and
 * ERROR fires, as for a fault of the program itself.
 *
 * A string argument is read up to strsize characters.  A string result is
 * strsize + 1 bytes of this firing's scratch space, always NUL-terminated;
 * strchr(), strrchr(), strstr() and strtok() return a pointer into such a
 * copy of their argument.  Running out of scratch space is
 * DTRACEFLT_NOSCRATCH.  All names begin with dtrace_, so that fbt does
 * not offer them.
 */

#include <linux/dtrace.h>
#include <linux/sched.h>
#include <linux/ctype.h>
#include <linux/socket.h>
#include <linux/uaccess.h>

#include "dtrace.h"

/* How far progenyof() climbs: more than any real process tree. */
#define DTRACE_PROGENY_MAX	4096

/*
 * The C string functions, here so that probe context calls nothing
 * outside DTrace; the strings are DTrace's own NUL-terminated copies.
 */
static size_t dtrace_cstrlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool dtrace_cstrneq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* strchr() or, @last, strrchr(). */
static char *dtrace_cstrchr(char *s, char c, bool last)
{
	char *found = NULL;

	for (;; s++) {
		if (*s == c) {
			found = s;
			if (!last)
				break;
		}
		if (!*s)
			break;
	}
	return found;
}

/* Append @v in @base to @d, which has room for @cap characters in all. */
static size_t dtrace_putnum(char *d, size_t n, size_t cap, u64 v,
			    unsigned int base)
{
	char tmp[24];
	int k = 0;

	do {
		tmp[k++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (k && n < cap)
		d[n++] = tmp[--k];
	d[n] = '\0';
	return n;
}

static size_t dtrace_putstr(char *d, size_t n, size_t cap, const char *s)
{
	while (*s && n < cap)
		d[n++] = *s++;
	d[n] = '\0';
	return n;
}

/* A string result: strsize + 1 bytes of scratch, or NULL. */
static char *dtrace_strbuf(struct dtrace_mstate *ms)
{
	char *s = dtrace_scratch_alloc(ms, ms->strsize + 1);

	if (s)
		s[0] = '\0';
	return s;
}

/*
 * A copy of the string argument at @addr in scratch space, NUL-terminated,
 * or NULL on a fault: NULL itself is a bad address here.
 */
static char *dtrace_strarg(struct dtrace_mstate *ms,
			   const struct dtrace_difo *dp, unsigned long addr)
{
	char *s;

	if (!addr) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, 0);
		return NULL;
	}
	s = dtrace_scratch_alloc(ms, ms->strsize + 1);
	if (!s)
		return NULL;
	dtrace_strcpy_in(ms, dp, s, addr, ms->strsize);
	s[ms->strsize] = '\0';
	return ms->fault ? NULL : s;
}

static bool dtrace_isdelim(const char *set, char c)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

static u64 dtrace_strjoin(struct dtrace_mstate *ms,
			  const struct dtrace_difo *dp, unsigned long s1,
			  unsigned long s2)
{
	char *d = dtrace_strbuf(ms);
	u64 n = 0, i;
	u8 c;

	if (!d)
		return 0;
	for (i = 0; n < ms->strsize; i++, n++) {
		c = dtrace_strbyte(ms, dp, s1 + i);
		if (ms->fault || !c)
			break;
		d[n] = c;
	}
	for (i = 0; n < ms->strsize && !ms->fault; i++, n++) {
		c = dtrace_strbyte(ms, dp, s2 + i);
		if (ms->fault || !c)
			break;
		d[n] = c;
	}
	d[n] = '\0';
	return (unsigned long)d;
}

/*
 * substr(s, index[, length]): a negative index counts from the end; a
 * length that reaches back before the start keeps what is left of it, a
 * negative one stops that many characters before the end, and without a
 * length the substring runs to the end.
 */
static u64 dtrace_substr(struct dtrace_mstate *ms, const char *s, s64 idx,
			 s64 rem)
{
	s64 len = dtrace_cstrlen(s);
	char *d = dtrace_strbuf(ms);

	if (!d)
		return 0;
	/* len is at most strsize: nothing below overflows. */
	if (!len || idx >= len)
		return (unsigned long)d;
	if (idx < 0) {
		idx += len;
		if (idx < 0) {
			if (rem <= -idx)
				return (unsigned long)d;
			rem += idx;
			idx = 0;
		}
	}
	if (rem < 0)
		rem = max_t(s64, rem + (len - idx), 0);
	else
		rem = min_t(s64, rem, len - idx);
	memcpy(d, s + idx, rem);
	d[rem] = '\0';
	return (unsigned long)d;
}

/* index() from @start on, rindex() from @start back; -1 if not found. */
static s64 dtrace_index(const char *s, const char *t, s64 start, bool rev)
{
	s64 len = dtrace_cstrlen(s), tlen = dtrace_cstrlen(t), i;

	if (tlen > len)
		return -1;
	if (rev) {
		i = min_t(s64, start, len - tlen);
		for (; i >= 0; i--)
			if (dtrace_cstrneq(s + i, t, tlen))
				return i;
	} else {
		i = max_t(s64, start, 0);
		for (; i <= len - tlen; i++)
			if (dtrace_cstrneq(s + i, t, tlen))
				return i;
	}
	return -1;
}

/*
 * strtok(s, delims), and strtok(NULL, delims) going on from the delimiter
 * that ended the last token: the delimiters may differ from call to call.
 */
static u64 dtrace_strtok(struct dtrace_mstate *ms, const char *s,
			 const char *delim)
{
	size_t n = 0;
	char *d;

	if (!s) {
		s = (const char *)ms->strtok;
		if (!s || !dtrace_scratch_range(ms, (unsigned long)s, 1))
			return 0;
	}
	while (*s && dtrace_isdelim(delim, *s))
		s++;
	if (!*s) {
		ms->strtok = 0;
		return 0;
	}
	d = dtrace_strbuf(ms);
	if (!d)
		return 0;
	while (s[n] && !dtrace_isdelim(delim, s[n])) {
		d[n] = s[n];
		n++;
	}
	d[n] = '\0';
	ms->strtok = (unsigned long)(s + n);
	return (unsigned long)d;
}

/*
 * lltostr(v[, base]): signed decimal by default; in another base the
 * value is unsigned, with a 0x prefix in base 16 and 0 in base 8.
 */
static u64 dtrace_lltostr(struct dtrace_mstate *ms, s64 v, u64 base)
{
	char tmp[72], *d;
	u64 u = v;
	int n = 0, i = 0;
	bool neg = false;

	if (base < 2 || base > 36) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, 0);
		return 0;
	}
	if (base == 10 && v < 0) {
		neg = true;
		u = -(u64)v;
	}
	do {
		tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % base];
		u /= base;
	} while (u);
	if (neg) {
		tmp[n++] = '-';
	} else if (base == 16 && v) {
		tmp[n++] = 'x';
		tmp[n++] = '0';
	} else if (base == 8 && v) {
		tmp[n++] = '0';
	}
	d = dtrace_strbuf(ms);
	if (!d)
		return 0;
	while (n && i < ms->strsize)
		d[i++] = tmp[--n];
	d[i] = '\0';
	return (unsigned long)d;
}

/* basename() and dirname(), as the shell's. */
static u64 dtrace_pathpart(struct dtrace_mstate *ms, const char *s, bool dir)
{
	s64 end = dtrace_cstrlen(s), start;
	const char *res = ".";
	s64 n = 1;
	char *d;

	while (end > 1 && s[end - 1] == '/')
		end--;
	if (end == 1 && s[0] == '/') {
		res = "/";
	} else if (end) {
		for (start = end; start && s[start - 1] != '/'; start--)
			;
		if (!dir) {
			res = s + start;
			n = end - start;
		} else if (start) {
			while (start && s[start - 1] == '/')
				start--;
			res = start ? s : "/";
			n = start ? start : 1;
		}
	}
	d = dtrace_strbuf(ms);
	if (!d)
		return 0;
	n = min_t(s64, n, ms->strsize);
	memcpy(d, res, n);
	d[n] = '\0';
	return (unsigned long)d;
}

/*
 * cleanpath(): the same path without empty and "." elements and with
 * ".." taking back the element before it, lexically.  ".." at the root
 * stays there; in a relative path that has nothing left to take back it
 * is kept.  "" stays "", and a path that cleans away is "/" or ".".
 */
static u64 dtrace_cleanpath(struct dtrace_mstate *ms, const char *s)
{
	char *d = dtrace_strbuf(ms);
	size_t n = 0, keep, i = 0, len = dtrace_cstrlen(s);
	bool root = s[0] == '/';

	if (!d)
		return 0;
	if (!len)
		return (unsigned long)d;
	if (root)
		d[n++] = '/';
	/* d[0, keep) may not be taken back: the root, leading ".."s. */
	keep = n;
	while (i < len) {
		size_t e = i;

		while (e < len && s[e] != '/')
			e++;
		if (e == i || (e - i == 1 && s[i] == '.')) {
			/* Empty or ".": nothing. */
		} else if (e - i == 2 && s[i] == '.' && s[i + 1] == '.') {
			if (n > keep) {
				while (n > keep && d[n - 1] != '/')
					n--;
				if (n > keep)
					n--;
				else if (n && d[n - 1] == '/' && !root)
					n--;
			} else if (!root) {
				if (n)
					d[n++] = '/';
				d[n++] = '.';
				d[n++] = '.';
				keep = n;
			}
		} else {
			if (n > (root ? 1 : 0))
				d[n++] = '/';
			memcpy(d + n, s + i, e - i);
			n += e - i;
		}
		i = e + 1;
	}
	if (!n)
		d[n++] = '.';
	d[n] = '\0';
	return (unsigned long)d;
}

static u64 dtrace_strcase(struct dtrace_mstate *ms, const char *s, bool upper)
{
	char *d = dtrace_strbuf(ms);
	size_t i;

	if (!d)
		return 0;
	for (i = 0; s[i]; i++)
		d[i] = upper ? toupper(s[i]) : tolower(s[i]);
	d[i] = '\0';
	return (unsigned long)d;
}

static u64 dtrace_inet_ntoa(struct dtrace_mstate *ms, unsigned long addr)
{
	size_t n = 0;
	u8 a[4];
	char *d;
	int i;

	dtrace_bcopy_in(ms, a, addr, sizeof(a));
	if (ms->fault)
		return 0;
	d = dtrace_strbuf(ms);
	if (!d)
		return 0;
	for (i = 0; i < 4; i++) {
		if (i)
			n = dtrace_putstr(d, n, ms->strsize, ".");
		n = dtrace_putnum(d, n, ms->strsize, a[i], 10);
	}
	return (unsigned long)d;
}

/*
 * inet_ntoa6(): RFC 5952 text, the first longest run of two or more zero
 * groups as "::", an IPv4-mapped address with its last 32 bits dotted.
 */
static u64 dtrace_inet_ntoa6(struct dtrace_mstate *ms, unsigned long addr)
{
	int best = -1, bestlen = 1, run = 0, i, ngroups = 8;
	size_t n = 0, cap = ms->strsize;
	u8 a[16];
	u16 g[8];
	char *d;

	dtrace_bcopy_in(ms, a, addr, sizeof(a));
	if (ms->fault)
		return 0;
	d = dtrace_strbuf(ms);
	if (!d)
		return 0;
	for (i = 0; i < 8; i++)
		g[i] = a[2 * i] << 8 | a[2 * i + 1];
	if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] == 0xffff)
		ngroups = 6;
	for (i = 0; i < ngroups; i++) {
		run = g[i] ? 0 : run + 1;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < ngroups; i++) {
		if (i == best) {
			n = dtrace_putstr(d, n, cap, "::");
			i += bestlen - 1;
			continue;
		}
		if (i && i != best + bestlen)
			n = dtrace_putstr(d, n, cap, ":");
		n = dtrace_putnum(d, n, cap, g[i], 16);
	}
	if (ngroups == 6) {
		if (best + bestlen != 6)
			n = dtrace_putstr(d, n, cap, ":");
		for (i = 12; i < 16; i++) {
			if (i > 12)
				n = dtrace_putstr(d, n, cap, ".");
			n = dtrace_putnum(d, n, cap, a[i], 10);
		}
	}
	return (unsigned long)d;
}

/* Copy @size bytes from user address @src of the current task. */
static bool dtrace_copyin(struct dtrace_mstate *ms, void *dst,
			  unsigned long src, size_t size)
{
	unsigned long left;

	if (!access_ok((void __user *)src, size) || !nmi_uaccess_okay()) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, src);
		return false;
	}
	pagefault_disable();
	left = raw_copy_from_user(dst, (void __user *)src, size);
	pagefault_enable();
	if (left) {
		dtrace_fault(ms, DTRACEFLT_BADADDR, src + size - left);
		return false;
	}
	return true;
}

static u64 dtrace_copyinstr(struct dtrace_mstate *ms, unsigned long src,
			    u64 max)
{
	char *d = dtrace_strbuf(ms);
	u64 n;

	if (!d)
		return 0;
	max = min(max, ms->strsize);
	for (n = 0; n < max; n++) {
		d[n] = dtrace_uload(ms, src + n, 1);
		if (ms->fault)
			return 0;
		if (!d[n])
			break;
	}
	d[n] = '\0';
	return (unsigned long)d;
}

static bool dtrace_progenyof(pid_t pid)
{
	struct task_struct *p = current;
	int i;

	/* Interrupts are off: no task on the way can be freed under us. */
	for (i = 0; i < DTRACE_PROGENY_MAX; i++) {
		struct task_struct *parent;

		if (p->tgid == pid)
			return true;
		parent = rcu_dereference_raw(p->real_parent);
		if (!parent || parent == p)
			break;
		p = parent;
	}
	return false;
}

/**
 * dtrace_dif_subr - run a subroutine
 * @ms: the machine state of this firing
 * @dp: the DIFO that calls it, whose string table arguments may point into
 * @subr: the DIF_SUBR_*, one dtrace_subr_ok() accepted
 * @tup: the arguments
 * @tupsz: for string arguments, their strsize
 * @ntup: how many there are
 *
 * Return: the result; 0 with @ms->fault set on a fault.
 */
u64 dtrace_dif_subr(struct dtrace_mstate *ms, const struct dtrace_difo *dp,
		    u32 subr, const u64 *tup, const u64 *tupsz, int ntup)
{
	static const u8 nargs[DIF_SUBR_MAX + 1] = {
		[DIF_SUBR_STRLEN] = 1, [DIF_SUBR_STRJOIN] = 2,
		[DIF_SUBR_SUBSTR] = 2, [DIF_SUBR_INDEX] = 2,
		[DIF_SUBR_RINDEX] = 2, [DIF_SUBR_STRCHR] = 2,
		[DIF_SUBR_STRRCHR] = 2, [DIF_SUBR_STRSTR] = 2,
		[DIF_SUBR_STRTOK] = 2, [DIF_SUBR_LLTOSTR] = 1,
		[DIF_SUBR_BASENAME] = 1, [DIF_SUBR_DIRNAME] = 1,
		[DIF_SUBR_CLEANPATH] = 1, [DIF_SUBR_TOUPPER] = 1,
		[DIF_SUBR_TOLOWER] = 1, [DIF_SUBR_HTONS] = 1,
		[DIF_SUBR_HTONL] = 1, [DIF_SUBR_HTONLL] = 1,
		[DIF_SUBR_NTOHS] = 1, [DIF_SUBR_NTOHL] = 1,
		[DIF_SUBR_NTOHLL] = 1, [DIF_SUBR_INET_NTOA] = 1,
		[DIF_SUBR_INET_NTOA6] = 1, [DIF_SUBR_INET_NTOP] = 2,
		[DIF_SUBR_COPYIN] = 2, [DIF_SUBR_COPYINSTR] = 1,
		[DIF_SUBR_COPYINTO] = 3, [DIF_SUBR_ALLOCA] = 1,
		[DIF_SUBR_BCOPY] = 3, [DIF_SUBR_PROGENYOF] = 1,
	};
	char *s = NULL, *t = NULL;
	void *p;
	s64 i;

	if (subr > DIF_SUBR_MAX || ntup < nargs[subr]) {
		dtrace_fault(ms, DTRACEFLT_ILLOP, 0);
		return 0;
	}

	/* The string arguments of the subroutines that work on a copy. */
	switch (subr) {
	case DIF_SUBR_INDEX: case DIF_SUBR_RINDEX: case DIF_SUBR_STRSTR:
		t = dtrace_strarg(ms, dp, tup[1]);
		if (!t)
			return 0;
		fallthrough;
	case DIF_SUBR_SUBSTR: case DIF_SUBR_STRCHR: case DIF_SUBR_STRRCHR:
	case DIF_SUBR_BASENAME: case DIF_SUBR_DIRNAME:
	case DIF_SUBR_CLEANPATH: case DIF_SUBR_TOUPPER: case DIF_SUBR_TOLOWER:
		s = dtrace_strarg(ms, dp, tup[0]);
		if (!s)
			return 0;
		break;
	case DIF_SUBR_STRTOK:
		t = dtrace_strarg(ms, dp, tup[1]);
		if (!t)
			return 0;
		if (tup[0]) {
			s = dtrace_strarg(ms, dp, tup[0]);
			if (!s)
				return 0;
		}
		break;
	default:
		break;
	}

	switch (subr) {
	case DIF_SUBR_RAND:
		/* xorshift64*, per CPU: cheap, not for cryptography. */
		ms->rand ^= ms->rand >> 12;
		ms->rand ^= ms->rand << 25;
		ms->rand ^= ms->rand >> 27;
		return (ms->rand * 0x2545f4914f6cdd1dULL) >> 32;
	case DIF_SUBR_STRLEN:
		return dtrace_strlen(ms, dp, tup[0]);
	case DIF_SUBR_SPECULATION:
		return dtrace_speculation(ms);
	case DIF_SUBR_STRJOIN:
		return dtrace_strjoin(ms, dp, tup[0], tup[1]);
	case DIF_SUBR_SUBSTR:
		return dtrace_substr(ms, s, tup[1],
				     ntup > 2 ? (s64)tup[2] : (s64)ms->strsize);
	case DIF_SUBR_INDEX:
		return dtrace_index(s, t, ntup > 2 ? (s64)tup[2] : 0, false);
	case DIF_SUBR_RINDEX:
		return dtrace_index(s, t, ntup > 2 ? (s64)tup[2] : S64_MAX,
				    true);
	case DIF_SUBR_STRCHR:
	case DIF_SUBR_STRRCHR:
		return (unsigned long)dtrace_cstrchr(s, (char)tup[1],
						     subr == DIF_SUBR_STRRCHR);
	case DIF_SUBR_STRSTR:
		i = dtrace_index(s, t, 0, false);
		return i < 0 ? 0 : (unsigned long)(s + i);
	case DIF_SUBR_STRTOK:
		return dtrace_strtok(ms, s, t);
	case DIF_SUBR_LLTOSTR:
		return dtrace_lltostr(ms, tup[0], ntup > 1 ? tup[1] : 10);
	case DIF_SUBR_BASENAME:
	case DIF_SUBR_DIRNAME:
		return dtrace_pathpart(ms, s, subr == DIF_SUBR_DIRNAME);
	case DIF_SUBR_CLEANPATH:
		return dtrace_cleanpath(ms, s);
	case DIF_SUBR_TOUPPER:
	case DIF_SUBR_TOLOWER:
		return dtrace_strcase(ms, s, subr == DIF_SUBR_TOUPPER);
	case DIF_SUBR_HTONS:
	case DIF_SUBR_NTOHS:
		return be16_to_cpu((__force __be16)(u16)tup[0]);
	case DIF_SUBR_HTONL:
	case DIF_SUBR_NTOHL:
		return be32_to_cpu((__force __be32)(u32)tup[0]);
	case DIF_SUBR_HTONLL:
	case DIF_SUBR_NTOHLL:
		return be64_to_cpu((__force __be64)tup[0]);
	case DIF_SUBR_INET_NTOA:
		return dtrace_inet_ntoa(ms, tup[0]);
	case DIF_SUBR_INET_NTOA6:
		return dtrace_inet_ntoa6(ms, tup[0]);
	case DIF_SUBR_INET_NTOP:
		if (tup[0] == AF_INET)
			return dtrace_inet_ntoa(ms, tup[1]);
		if (tup[0] == AF_INET6)
			return dtrace_inet_ntoa6(ms, tup[1]);
		dtrace_fault(ms, DTRACEFLT_ILLOP, 0);
		return 0;
	case DIF_SUBR_COPYIN:
		p = dtrace_scratch_alloc(ms, tup[1]);
		if (!p || !dtrace_copyin(ms, p, tup[0], tup[1]))
			return 0;
		return (unsigned long)p;
	case DIF_SUBR_COPYINSTR:
		return dtrace_copyinstr(ms, tup[0],
					ntup > 1 ? tup[1] : ms->strsize);
	case DIF_SUBR_COPYINTO:
		/* Into memory of this firing: alloca() or copyin(). */
		if (!dtrace_scratch_range(ms, tup[2], tup[1])) {
			dtrace_fault(ms, DTRACEFLT_BADADDR, tup[2]);
			return 0;
		}
		dtrace_copyin(ms, (void *)(unsigned long)tup[2], tup[0], tup[1]);
		return 0;
	case DIF_SUBR_ALLOCA:
		p = dtrace_scratch_alloc(ms, tup[0]);
		if (p)
			memset(p, 0, tup[0]);
		return (unsigned long)p;
	case DIF_SUBR_BCOPY:
		if (!dtrace_scratch_range(ms, tup[1], tup[2])) {
			dtrace_fault(ms, DTRACEFLT_BADADDR, tup[1]);
			return 0;
		}
		dtrace_bcopy_in(ms, (void *)(unsigned long)tup[1], tup[0], tup[2]);
		return 0;
	case DIF_SUBR_PROGENYOF:
		return dtrace_progenyof(tup[0]);
	default:
		dtrace_fault(ms, DTRACEFLT_ILLOP, 0);
		return 0;
	}
}
