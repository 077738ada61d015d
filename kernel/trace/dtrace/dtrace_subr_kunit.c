// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the DIF subroutines: what each computes, strsize as the
 * bound of every string, and a fault, never an oops, for a bad address, a
 * bad argument or no scratch space.
 */

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dtrace.h"

#define SUBR_SCRATCH	8192

struct subr_ctx {
	struct dtrace_mstate ms;
	struct dtrace_difo dp;
};

static struct subr_ctx *subr_init(struct kunit *test)
{
	struct subr_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->ms.strsize = 256;
	c->ms.scratch_size = SUBR_SCRATCH;
	c->ms.scratch = kunit_kzalloc(test, SUBR_SCRATCH, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->ms.scratch);
	return c;
}

/* Call @subr with @n arguments, as from probe context. */
static u64 subr_call(struct subr_ctx *c, u32 subr, int n, ...)
{
	u64 tup[DIF_DTR_NREGS] = {}, tupsz[DIF_DTR_NREGS] = {};
	unsigned long flags;
	va_list ap;
	int i;
	u64 v;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		tup[i] = va_arg(ap, u64);
	va_end(ap);
	c->ms.fault = 0;
	local_irq_save(flags);
	v = dtrace_dif_subr(&c->ms, &c->dp, subr, tup, tupsz, n);
	local_irq_restore(flags);
	return v;
}

#define S(p)	((u64)(unsigned long)(p))

/* A string result: expected to be @want, with no fault. */
static void subr_expect_str(struct kunit *test, struct subr_ctx *c, u64 v,
			    const char *want, const char *what)
{
	KUNIT_EXPECT_EQ_MSG(test, c->ms.fault, 0, "%s", what);
	if (!want) {
		KUNIT_EXPECT_EQ_MSG(test, v, 0, "%s", what);
		return;
	}
	KUNIT_ASSERT_NE_MSG(test, v, 0, "%s", what);
	KUNIT_EXPECT_STREQ_MSG(test, (char *)(unsigned long)v, want, "%s", what);
}

static void subr_strings(struct kunit *test)
{
	static const struct {
		s64 idx, len;
		bool has_len;
		const char *want;
	} sub[] = {
		{ 0, 0, false, "abcde" }, { 2, 0, false, "cde" },
		{ 5, 0, false, "" }, { 12345678, 0, false, "" },
		{ -2, 0, false, "de" }, { -10, 0, false, "abcde" },
		{ 1, 3, true, "bcd" }, { 1, 10, true, "bcde" },
		{ 1, -1, true, "bcd" }, { -7, 3, true, "a" },
		{ -6, 3, true, "ab" }, { -8, 3, true, "" },
		{ S64_MIN, S64_MAX, true, "abcd" }, { S64_MAX, S64_MIN, true, "" },
		{ 1, -10, true, "" }, { -1, S64_MIN, true, "" },
	};
	struct subr_ctx *c = subr_init(test);
	u64 v;
	size_t i;

	v = subr_call(c, DIF_SUBR_STRJOIN, 2, S("foo"), S("bar"));
	subr_expect_str(test, c, v, "foobar", "strjoin");
	v = subr_call(c, DIF_SUBR_STRJOIN, 2, S(""), S(""));
	subr_expect_str(test, c, v, "", "strjoin empty");

	for (i = 0; i < ARRAY_SIZE(sub); i++) {
		char what[48];

		c->ms.scratch_used = 0;
		snprintf(what, sizeof(what), "substr(\"abcde\", %lld, %lld)",
			 sub[i].idx, sub[i].len);
		if (sub[i].has_len)
			v = subr_call(c, DIF_SUBR_SUBSTR, 3, S("abcde"),
				      (u64)sub[i].idx, (u64)sub[i].len);
		else
			v = subr_call(c, DIF_SUBR_SUBSTR, 2, S("abcde"),
				      (u64)sub[i].idx);
		subr_expect_str(test, c, v, sub[i].want, what);
	}

	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_INDEX, 2, S("hello"),
					     S("l")), 2);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_INDEX, 3, S("hello"),
					     S("l"), 3ULL), 3);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_INDEX, 3, S("hello"),
					     S("l"), 4ULL), -1);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_INDEX, 2, S("hello"),
					     S("xyz")), -1);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_RINDEX, 2, S("hello"),
					     S("l")), 3);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_RINDEX, 3, S("hello"),
					     S("l"), 2ULL), 2);
	KUNIT_EXPECT_EQ(test, (s64)subr_call(c, DIF_SUBR_RINDEX, 3, S("hello"),
					     S("l"), 1ULL), -1);

	v = subr_call(c, DIF_SUBR_STRCHR, 2, S("a/b/c"), (u64)'/');
	subr_expect_str(test, c, v, "/b/c", "strchr");
	v = subr_call(c, DIF_SUBR_STRRCHR, 2, S("a/b/c"), (u64)'/');
	subr_expect_str(test, c, v, "/c", "strrchr");
	v = subr_call(c, DIF_SUBR_STRCHR, 2, S("abc"), (u64)'x');
	subr_expect_str(test, c, v, NULL, "strchr, not found");
	v = subr_call(c, DIF_SUBR_STRSTR, 2, S("dtrace on linux"), S("on"));
	subr_expect_str(test, c, v, "on linux", "strstr");
	v = subr_call(c, DIF_SUBR_STRSTR, 2, S("dtrace"), S("linux"));
	subr_expect_str(test, c, v, NULL, "strstr, not found");

	v = subr_call(c, DIF_SUBR_TOUPPER, 1, S("Hello, World 42"));
	subr_expect_str(test, c, v, "HELLO, WORLD 42", "toupper");
	v = subr_call(c, DIF_SUBR_TOLOWER, 1, S("Hello, World 42"));
	subr_expect_str(test, c, v, "hello, world 42", "tolower");

	/* strsize bounds the arguments and the results. */
	c->ms.strsize = 4;
	v = subr_call(c, DIF_SUBR_STRJOIN, 2, S("abc"), S("def"));
	subr_expect_str(test, c, v, "abcd", "strjoin, strsize 4");
	v = subr_call(c, DIF_SUBR_TOUPPER, 1, S("abcdef"));
	subr_expect_str(test, c, v, "ABCD", "toupper, strsize 4");
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_STRLEN, 1, S("abcdef")), 4);
}

static void subr_strtok(struct subr_ctx *c, struct kunit *test)
{
	u64 v;

	v = subr_call(c, DIF_SUBR_STRTOK, 2, S("..a.b;;c"), S("."));
	subr_expect_str(test, c, v, "a", "strtok first");
	/* The delimiters may change: ';' ends "b", '.' is part of it now. */
	v = subr_call(c, DIF_SUBR_STRTOK, 2, 0ULL, S(";"));
	subr_expect_str(test, c, v, ".b", "strtok second");
	v = subr_call(c, DIF_SUBR_STRTOK, 2, 0ULL, S(";"));
	subr_expect_str(test, c, v, "c", "strtok third");
	v = subr_call(c, DIF_SUBR_STRTOK, 2, 0ULL, S(";"));
	subr_expect_str(test, c, v, NULL, "strtok at the end");
	v = subr_call(c, DIF_SUBR_STRTOK, 2, 0ULL, S(";"));
	subr_expect_str(test, c, v, NULL, "strtok after the end");
	v = subr_call(c, DIF_SUBR_STRTOK, 2, S(""), S(""));
	subr_expect_str(test, c, v, NULL, "strtok of \"\"");
	v = subr_call(c, DIF_SUBR_STRTOK, 2, S("foo"), S(""));
	subr_expect_str(test, c, v, "foo", "strtok, no delimiters");
}

static void subr_strtok_case(struct kunit *test)
{
	struct subr_ctx *c = subr_init(test);

	/* Nothing to go on from in a new firing. */
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_STRTOK, 2, 0ULL, S(",")), 0);
	KUNIT_EXPECT_EQ(test, c->ms.fault, 0);
	subr_strtok(c, test);
}

static void subr_paths(struct kunit *test)
{
	static const struct {
		const char *path, *base, *dir, *clean;
	} p[] = {
		{ "/usr/lib/libc.so", "libc.so", "/usr/lib", "/usr/lib/libc.so" },
		{ "/usr/lib/", "lib", "/usr", "/usr/lib" },
		{ "usr", "usr", ".", "usr" },
		{ "/usr", "usr", "/", "/usr" },
		{ "/", "/", "/", "/" },
		{ "//a//b//", "b", "//a", "/a/b" },
		{ "", ".", ".", "" },
		{ "a/./b/../../c", "c", "a/./b/../..", "c" },
		{ "../a/..", "..", "../a", ".." },
		{ "/a/../../b/./", ".", "/a/../../b", "/b" },
		{ "a/..", "..", "a", "." },
	};
	struct subr_ctx *c = subr_init(test);
	size_t i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		v = subr_call(c, DIF_SUBR_BASENAME, 1, S(p[i].path));
		subr_expect_str(test, c, v, p[i].base, p[i].path);
		v = subr_call(c, DIF_SUBR_DIRNAME, 1, S(p[i].path));
		subr_expect_str(test, c, v, p[i].dir, p[i].path);
		v = subr_call(c, DIF_SUBR_CLEANPATH, 1, S(p[i].path));
		subr_expect_str(test, c, v, p[i].clean, p[i].path);
		c->ms.scratch_used = 0;
	}
}

static void subr_numbers(struct kunit *test)
{
	static const struct {
		s64 v;
		u64 base;
		const char *want;
	} l[] = {
		{ 0, 10, "0" }, { -1, 10, "-1" }, { 123456789, 10, "123456789" },
		{ S64_MAX, 10, "9223372036854775807" },
		{ S64_MIN, 10, "-9223372036854775808" },
		{ 255, 16, "0xff" }, { 8, 8, "010" }, { 5, 2, "101" },
		{ 35, 36, "z" }, { -1, 16, "0xffffffffffffffff" },
	};
	struct subr_ctx *c = subr_init(test);
	size_t i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(l); i++) {
		v = subr_call(c, DIF_SUBR_LLTOSTR, 2, (u64)l[i].v, l[i].base);
		subr_expect_str(test, c, v, l[i].want, l[i].want);
	}
	v = subr_call(c, DIF_SUBR_LLTOSTR, 1, (u64)-42);
	subr_expect_str(test, c, v, "-42", "lltostr, base 10 by default");
	subr_call(c, DIF_SUBR_LLTOSTR, 2, 1ULL, 1ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_ILLOP);
	subr_call(c, DIF_SUBR_LLTOSTR, 2, 1ULL, 37ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_ILLOP);

	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_HTONS, 1,
					0x123456789abcdef0ULL), 0xf0de);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_HTONL, 1,
					0x123456789abcdef0ULL), 0xf0debc9a);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_HTONLL, 1,
					0x123456789abcdef0ULL),
			0xf0debc9a78563412ULL);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_NTOHS, 1, 0x3412ULL),
			0x1234);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_NTOHL, 1, 0x78563412ULL),
			0x12345678);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_NTOHLL, 1,
					0xf0debc9a78563412ULL),
			0x123456789abcdef0ULL);
}

static void subr_inet(struct kunit *test)
{
	static const struct {
		u8 a[16];
		const char *want;
	} v6[] = {
		{ { [15] = 1 }, "::1" },
		{ { 0 }, "::" },
		{ { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, "2001:db8::1" },
		{ { 0xfe, 0x80, [9] = 1, [15] = 1 }, "fe80::1:0:0:1" },
		{ { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0 },
		  "2001:db8:0:1::1:0" },
		{ { 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0 },
		  "100:0:200:0:300:0:400:0" },
		{ { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 },
		  "::ffff:192.0.2.1" },
	};
	static const u8 v4[4] = { 192, 168, 0, 254 };
	struct subr_ctx *c = subr_init(test);
	size_t i;
	u64 v;

	v = subr_call(c, DIF_SUBR_INET_NTOA, 1, S(v4));
	subr_expect_str(test, c, v, "192.168.0.254", "inet_ntoa");
	v = subr_call(c, DIF_SUBR_INET_NTOP, 2, (u64)AF_INET, S(v4));
	subr_expect_str(test, c, v, "192.168.0.254", "inet_ntop AF_INET");
	for (i = 0; i < ARRAY_SIZE(v6); i++) {
		v = subr_call(c, DIF_SUBR_INET_NTOA6, 1, S(v6[i].a));
		subr_expect_str(test, c, v, v6[i].want, v6[i].want);
		v = subr_call(c, DIF_SUBR_INET_NTOP, 2, (u64)AF_INET6,
			      S(v6[i].a));
		subr_expect_str(test, c, v, v6[i].want, v6[i].want);
	}
	subr_call(c, DIF_SUBR_INET_NTOP, 2, (u64)AF_UNIX, S(v4));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_ILLOP);
}

/* copyin(), copyinstr() and copyinto() from the test's own mm. */
static void subr_copyin(struct kunit *test)
{
	static const char text[] = "user space";
	struct subr_ctx *c = subr_init(test);
	unsigned long uaddr;
	u64 v, p;

	uaddr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, uaddr, 0, "no user mapping");
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)uaddr, text,
					   sizeof(text)), 0);

	v = subr_call(c, DIF_SUBR_COPYIN, 2, (u64)uaddr, 4ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, 0);
	KUNIT_ASSERT_NE(test, v, 0);
	KUNIT_EXPECT_EQ(test, memcmp((void *)(unsigned long)v, "user", 4), 0);

	v = subr_call(c, DIF_SUBR_COPYINSTR, 1, (u64)uaddr);
	subr_expect_str(test, c, v, "user space", "copyinstr");
	v = subr_call(c, DIF_SUBR_COPYINSTR, 2, (u64)uaddr, 3ULL);
	subr_expect_str(test, c, v, "use", "copyinstr, 3 bytes");

	p = subr_call(c, DIF_SUBR_ALLOCA, 1, 8ULL);
	KUNIT_ASSERT_NE(test, p, 0);
	subr_call(c, DIF_SUBR_COPYINTO, 3, (u64)uaddr + 5, 5ULL, p);
	KUNIT_EXPECT_EQ(test, c->ms.fault, 0);
	KUNIT_EXPECT_EQ(test, memcmp((void *)(unsigned long)p, "space", 5), 0);

	/*
	 * Faults: an address that is not mapped, a kernel address, a
	 * destination that is not this firing's memory or runs past it.
	 */
	subr_call(c, DIF_SUBR_COPYIN, 2, (u64)uaddr + PAGE_SIZE - 2, 4ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
	KUNIT_EXPECT_GE(test, c->ms.illval, (u64)uaddr + PAGE_SIZE - 2);
	KUNIT_EXPECT_LE(test, c->ms.illval, (u64)uaddr + PAGE_SIZE);
	subr_call(c, DIF_SUBR_COPYINSTR, 1, S(text));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
	subr_call(c, DIF_SUBR_COPYINTO, 3, (u64)uaddr, 4ULL, S(text));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
	subr_call(c, DIF_SUBR_COPYINTO, 3, (u64)uaddr, (u64)SUBR_SCRATCH, p);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
}

static void subr_memory(struct kunit *test)
{
	static const char src[] = "0123456789";
	struct subr_ctx *c = subr_init(test);
	pid_t ppid;
	u64 p;

	rcu_read_lock();
	ppid = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();

	p = subr_call(c, DIF_SUBR_ALLOCA, 1, 16ULL);
	KUNIT_ASSERT_NE(test, p, 0);
	KUNIT_EXPECT_TRUE(test, !memchr_inv((void *)(unsigned long)p, 0, 16));
	subr_call(c, DIF_SUBR_BCOPY, 3, S(src), p, 10ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, 0);
	KUNIT_EXPECT_EQ(test, memcmp((void *)(unsigned long)p, src, 10), 0);
	/* Only into alloca()'d memory, and not past its end. */
	subr_call(c, DIF_SUBR_BCOPY, 3, S(src), S(src), 1ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
	subr_call(c, DIF_SUBR_BCOPY, 3, S(src), p + 8, 16ULL);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_BADADDR);
	subr_call(c, DIF_SUBR_ALLOCA, 1, (u64)SUBR_SCRATCH + 1);
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_NOSCRATCH);

	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_PROGENYOF, 1,
					(u64)current->tgid), 1);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_PROGENYOF, 1, (u64)ppid),
			1);
	KUNIT_EXPECT_EQ(test, subr_call(c, DIF_SUBR_PROGENYOF, 1,
					(u64)PID_MAX_LIMIT + 1), 0);
}

/* Bad arguments fault, whatever the subroutine. */
static void subr_faults(struct kunit *test)
{
	static const u32 strsubrs[] = {
		DIF_SUBR_STRLEN, DIF_SUBR_SUBSTR, DIF_SUBR_STRCHR,
		DIF_SUBR_BASENAME, DIF_SUBR_CLEANPATH, DIF_SUBR_TOUPPER,
		DIF_SUBR_STRJOIN,
	};
	struct subr_ctx *c = subr_init(test);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(strsubrs); i++) {
		subr_call(c, strsubrs[i], 2, 0x10ULL, 0x10ULL);
		KUNIT_EXPECT_EQ_MSG(test, c->ms.fault, DTRACEFLT_BADADDR,
				    "subroutine %u, address 0x10",
				    strsubrs[i]);
		subr_call(c, strsubrs[i], 2, 0xdead000000000000ULL,
			  0xdead000000000000ULL);
		KUNIT_EXPECT_EQ_MSG(test, c->ms.fault, DTRACEFLT_BADADDR,
				    "subroutine %u, non-canonical address",
				    strsubrs[i]);
	}
	/* Too few arguments. */
	subr_call(c, DIF_SUBR_STRJOIN, 1, S("a"));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_ILLOP);
	subr_call(c, DIF_SUBR_BCOPY, 2, S("a"), S("b"));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_ILLOP);
	/* No scratch left for a string. */
	c->ms.scratch_used = SUBR_SCRATCH - 8;
	subr_call(c, DIF_SUBR_TOUPPER, 1, S("abc"));
	KUNIT_EXPECT_EQ(test, c->ms.fault, DTRACEFLT_NOSCRATCH);
}

/* The validator lets a program call what is implemented, nothing else. */
static void subr_validator(struct kunit *test)
{
	static const u32 missing[] = {
		DIF_SUBR_MUTEX_OWNED, DIF_SUBR_MUTEX_OWNER,
		DIF_SUBR_MUTEX_TYPE_ADAPTIVE, DIF_SUBR_MUTEX_TYPE_SPIN,
		DIF_SUBR_RW_READ_HELD, DIF_SUBR_RW_WRITE_HELD,
		DIF_SUBR_RW_ISWRITER, DIF_SUBR_MSGDSIZE, DIF_SUBR_MSGSIZE, DIF_SUBR_GETMAJOR,
		DIF_SUBR_GETMINOR, DIF_SUBR_DDI_PATHNAME,
	};
	struct dtrace_difo *dp = kunit_kzalloc(test, sizeof(*dp), GFP_KERNEL);
	u32 text[2];
	char err[128];
	u32 subr;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, dp);
	dp->text = text;
	dp->ntext = 2;
	dp->rtype.kind = DIF_TYPE_CTF;
	dp->rtype.size = 8;
	text[1] = DIF_INSTR_RET(1);
	for (subr = 0; subr <= DIF_SUBR_MAX + 1; subr++) {
		bool want = subr <= DIF_SUBR_MAX;

		for (i = 0; i < ARRAY_SIZE(missing); i++)
			if (missing[i] == subr)
				want = false;
		text[0] = DIF_INSTR_INDEX(DIF_OP_CALL, subr, 1);
		KUNIT_EXPECT_EQ_MSG(test,
				    dtrace_difo_validate(dp, err, sizeof(err)) == 0,
				    want, "subroutine %u", subr);
		/* Only copyout() and copyoutstr() need -w. */
		KUNIT_EXPECT_EQ_MSG(test, dtrace_difo_destructive(dp),
				    subr == DIF_SUBR_COPYOUT ||
				    subr == DIF_SUBR_COPYOUTSTR,
				    "subroutine %u", subr);
	}
}

static struct kunit_case dtrace_subr_cases[] = {
	KUNIT_CASE(subr_strings),
	KUNIT_CASE(subr_strtok_case),
	KUNIT_CASE(subr_paths),
	KUNIT_CASE(subr_numbers),
	KUNIT_CASE(subr_inet),
	KUNIT_CASE(subr_copyin),
	KUNIT_CASE(subr_memory),
	KUNIT_CASE(subr_faults),
	KUNIT_CASE(subr_validator),
	{}
};

static struct kunit_suite dtrace_subr_suite = {
	.name = "dtrace_subr",
	.test_cases = dtrace_subr_cases,
};

kunit_test_suite(dtrace_subr_suite);

MODULE_DESCRIPTION("KUnit tests for DTrace's DIF subroutines");
MODULE_LICENSE("GPL");
