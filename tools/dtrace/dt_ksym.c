// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): kernel addresses as symbols, for stack(), sym(), func() and
 * mod().  /proc/kallsyms is read once, when the first address is printed,
 * and its text symbols are sorted by address; an address belongs to the
 * last symbol at or below it.  DTrace names a symbol module`symbol: the
 * kernel image is "vmlinux", a module is its name.  Without access to
 * the addresses (kptr_restrict), every address prints as a number.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

struct dt_ksym {
	u64 addr;
	char *name;
	const char *mod;
};

static struct dt_ksym *dt_ksyms;
static size_t dt_nksyms;
static int dt_ksyms_read;

static int dt_ksym_cmp(const void *a, const void *b)
{
	const struct dt_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The module names, shared by their symbols. */
static const char *dt_ksym_mod(const char *name)
{
	static char **mods;
	static size_t nmods;
	size_t i;

	for (i = 0; i < nmods; i++)
		if (!strcmp(mods[i], name))
			return mods[i];
	mods = dt_realloc(mods, (nmods + 1) * sizeof(*mods));
	mods[nmods] = dt_strdup(name);
	return mods[nmods++];
}

static void dt_ksym_load(void)
{
	char line[512], name[256], mod[128];
	unsigned long long addr;
	size_t room = 0;
	char type;
	FILE *fp;

	dt_ksyms_read = 1;
	fp = fopen("/proc/kallsyms", "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		int n = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type,
			       name, mod);

		if (n < 3 || !addr || (type != 't' && type != 'T'))
			continue;
		if (dt_nksyms == room) {
			room = room ? 2 * room : 65536;
			dt_ksyms = dt_realloc(dt_ksyms, room * sizeof(*dt_ksyms));
		}
		dt_ksyms[dt_nksyms].addr = addr;
		dt_ksyms[dt_nksyms].name = dt_strdup(name);
		dt_ksyms[dt_nksyms].mod = dt_ksym_mod(n == 4 ? mod : "vmlinux");
		dt_nksyms++;
	}
	fclose(fp);
	qsort(dt_ksyms, dt_nksyms, sizeof(*dt_ksyms), dt_ksym_cmp);
}

static const struct dt_ksym *dt_ksym_find(u64 addr)
{
	size_t lo = 0, hi;

	if (!dt_ksyms_read)
		dt_ksym_load();
	hi = dt_nksyms;
	if (!hi || addr < dt_ksyms[0].addr)
		return NULL;
	/* The last symbol at or below @addr. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (dt_ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &dt_ksyms[lo];
}

/**
 * dt_ksym_name - a kernel address as DTrace prints it
 * @addr: the address
 * @how: DT_KSYM_OFFSET: module`symbol+0xoff (the frames of stack());
 *	 DT_KSYM_SYM: module`symbol (sym(), func()); DT_KSYM_MOD: module
 * @buf: where to put it, @len bytes
 *
 * Return: @buf; an address of no known symbol is printed in hexadecimal.
 */
char *dt_ksym_name(u64 addr, enum dt_ksym_how how, char *buf, size_t len)
{
	const struct dt_ksym *s = dt_ksym_find(addr);

	if (!s)
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	else if (how == DT_KSYM_MOD)
		snprintf(buf, len, "%s", s->mod);
	else if (how == DT_KSYM_SYM || addr == s->addr)
		snprintf(buf, len, "%s`%s", s->mod, s->name);
	else
		snprintf(buf, len, "%s`%s+0x%llx", s->mod, s->name,
			 (unsigned long long)(addr - s->addr));
	return buf;
}

/**
 * dt_print_frames - print the frames of a stack
 * @fp: where
 * @indent: columns before each frame (the stackindent option)
 * @fmt: a printf format of one %s conversion for each frame's name
 * @data: @size bytes of u64 addresses, zeros after the last
 * @size: its size
 * @name: names a frame's address into @buf, @len bytes, and returns @buf
 * @arg: passed to @name
 *
 * A newline, then each frame on a line of its own, as DTrace prints them;
 * stack() and ustack() records differ only in how an address is named.
 */
void dt_print_frames(FILE *fp, int indent, const char *fmt, const void *data,
		     u32 size,
		     char *(*name)(u64 pc, const void *arg, char *buf,
				   size_t len),
		     const void *arg)
{
	char sym[512];
	u32 i;

	fputc('\n', fp);
	for (i = 0; i + sizeof(u64) <= size; i += sizeof(u64)) {
		u64 pc;

		memcpy(&pc, (const char *)data + i, sizeof(pc));
		if (!pc)
			break;
		fprintf(fp, "%*s", indent, "");
		fprintf(fp, fmt, name(pc, arg, sym, sizeof(sym)));
		fputc('\n', fp);
	}
}

static char *dt_ksym_frame(u64 pc, const void *arg, char *buf, size_t len)
{
	return dt_ksym_name(pc, DT_KSYM_OFFSET, buf, len);
}

/**
 * dt_ksym_print_frames - print the frames of a stack() record or key
 * @fp: where
 * @indent: columns before each frame (the stackindent option)
 * @fmt: a printf format of one %s conversion for each frame's name
 * @data: the record, @size bytes of u64 addresses, zeros after the last
 * @size: its size
 *
 * Each frame as module`symbol+0xoffset, as dt_print_frames() prints them.
 */
void dt_ksym_print_frames(FILE *fp, int indent, const char *fmt,
			  const void *data, u32 size)
{
	dt_print_frames(fp, indent, fmt, data, size, dt_ksym_frame, NULL);
}

/* The frames as stack() prints them: names alone, indented by @indent. */
void dt_ksym_print_stack(FILE *fp, int indent, const void *data, u32 size)
{
	dt_ksym_print_frames(fp, indent, "%s", data, size);
}

/**
 * dt_ksym_start - the first address of the symbol a kernel address is in
 * @addr: the address
 *
 * Return: that address, or @addr itself if no symbol is known for it:
 * the aggregation keys of sym() and func() merge by it, as DTrace's do.
 */
u64 dt_ksym_start(u64 addr)
{
	const struct dt_ksym *s = dt_ksym_find(addr);

	return s ? s->addr : addr;
}
