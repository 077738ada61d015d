// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): user addresses as symbols, for ustack(), usym(), ufunc(),
 * umod() and uaddr().  The kernel records the process id with them.
 *
 * A process's file mappings come from /proc/PID/maps, read the first time
 * one of its addresses is printed (and once more when an address is in
 * none of them: a library loaded since).  The file of a mapping is opened
 * through /proc/PID/map_files, which works across mount namespaces and
 * for files deleted since; its function symbols (.symtab, else .dynsym)
 * and PT_LOAD segments are read once per file, from the file mapped
 * read-only, every offset checked against its size (the file is the
 * traced process's, not ours).  The ELF64 structures are the kernel's
 * (<linux/elf.h>); libelf would add a library to link for what is sixty
 * lines here, and its handle types do not pass checkpatch.  32-bit
 * processes print numbers.
 *
 * An address is translated to a file offset by its mapping and to the
 * file's virtual address by the segment that holds that offset, which
 * works for executables, PIEs and shared objects alike.  DTrace names a
 * symbol module`symbol, the module being the file's base name.  A process
 * that exited before its records were read prints its addresses as
 * numbers.
 */

#include <fcntl.h>
#include <linux/elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtrace.h"

#ifndef STT_GNU_IFUNC
#define STT_GNU_IFUNC	10	/* a function chosen at load time */
#endif

struct dt_usym {
	u64 addr;
	u64 size;
	char *name;
};

struct dt_useg {
	u64 off;
	u64 vaddr;
	u64 filesz;
};

/* A mapped file, by device and inode, shared by the processes. */
struct dt_ufile {
	struct dt_ufile *next;
	char *key;
	char *base;
	int loaded;
	struct dt_usym *syms;
	size_t nsyms;
	struct dt_useg *segs;
	size_t nsegs;
};

struct dt_umap {
	u64 start;
	u64 end;
	u64 off;
	struct dt_ufile *file;
	char *path;		/* /proc/PID/map_files/START-END */
	char *rpath;		/* /proc/PID/root/PATH, without the privilege */
};

struct dt_uproc {
	struct dt_uproc *next;
	pid_t pid;
	int reread;
	struct dt_umap *maps;
	size_t nmaps;
};

static struct dt_ufile *dt_ufiles;
static struct dt_uproc *dt_uprocs;

static int dt_usym_cmp(const void *a, const void *b)
{
	const struct dt_usym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Whether [@off, @off + @len) lies within a file of @size bytes. */
static bool dt_uelf_in(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

/* The function symbols of the symbol table @sh of the ELF file @img. */
static void dt_ufile_syms(struct dt_ufile *f, const char *img, u64 size,
			  const struct elf64_shdr *shdrs, u16 shnum,
			  const struct elf64_shdr *sh)
{
	const struct elf64_shdr *str;
	const struct elf64_sym *sym;
	u64 i, n;

	if (sh->sh_entsize != sizeof(*sym) || sh->sh_link >= shnum ||
	    !dt_uelf_in(sh->sh_offset, sh->sh_size, size))
		return;
	str = &shdrs[sh->sh_link];
	if (!dt_uelf_in(str->sh_offset, str->sh_size, size) || !str->sh_size ||
	    img[str->sh_offset + str->sh_size - 1])
		return;
	sym = (const struct elf64_sym *)(img + sh->sh_offset);
	n = sh->sh_size / sizeof(*sym);
	f->syms = dt_realloc(f->syms, (f->nsyms + n) * sizeof(*f->syms));
	for (i = 0; i < n; i++) {
		unsigned int type = ELF64_ST_TYPE(sym[i].st_info);

		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    !sym[i].st_value || !sym[i].st_name ||
		    sym[i].st_name >= str->sh_size)
			continue;
		f->syms[f->nsyms].addr = sym[i].st_value;
		f->syms[f->nsyms].size = sym[i].st_size;
		f->syms[f->nsyms].name =
			dt_strdup(img + str->sh_offset + sym[i].st_name);
		f->nsyms++;
	}
}

/*
 * The PT_LOAD segments and function symbols of a 64-bit ELF file, with
 * every offset checked against its size: the file is the traced
 * process's, not ours.
 */
static void dt_ufile_load(struct dt_ufile *f, const struct dt_umap *m)
{
	const struct elf64_shdr *shdrs, *symtab = NULL, *dynsym = NULL;
	const struct elf64_hdr *eh;
	const struct elf64_phdr *ph;
	struct stat st;
	char *img;
	int fd, i;

	f->loaded = 1;
	fd = open(m->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = open(m->rpath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || (u64)st.st_size < sizeof(*eh)) {
		close(fd);
		return;
	}
	img = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return;
	eh = (const struct elf64_hdr *)img;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(*ph) ||
	    !dt_uelf_in(eh->e_phoff, (u64)eh->e_phnum * sizeof(*ph), st.st_size) ||
	    (eh->e_shnum && (eh->e_shentsize != sizeof(*shdrs) ||
			     !dt_uelf_in(eh->e_shoff,
					 (u64)eh->e_shnum * sizeof(*shdrs),
					 st.st_size))))
		goto out;
	ph = (const struct elf64_phdr *)(img + eh->e_phoff);
	f->segs = dt_zalloc((eh->e_phnum + 1) * sizeof(*f->segs));
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		f->segs[f->nsegs].off = ph[i].p_offset;
		f->segs[f->nsegs].vaddr = ph[i].p_vaddr;
		f->segs[f->nsegs].filesz = ph[i].p_filesz;
		f->nsegs++;
	}
	shdrs = (const struct elf64_shdr *)(img + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		if (shdrs[i].sh_type == SHT_SYMTAB)
			symtab = &shdrs[i];
		else if (shdrs[i].sh_type == SHT_DYNSYM)
			dynsym = &shdrs[i];
	}
	/* A stripped file still has the symbols it exports. */
	if (symtab || dynsym)
		dt_ufile_syms(f, img, st.st_size, shdrs, eh->e_shnum,
			      symtab ?: dynsym);
	qsort(f->syms, f->nsyms, sizeof(*f->syms), dt_usym_cmp);
out:
	munmap(img, st.st_size);
}

static struct dt_ufile *dt_ufile_get(const char *key, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct dt_ufile *f;

	for (f = dt_ufiles; f; f = f->next)
		if (!strcmp(f->key, key))
			return f;
	f = dt_zalloc(sizeof(*f));
	f->key = dt_strdup(key);
	f->base = dt_strdup(slash ? slash + 1 : path);
	f->next = dt_ufiles;
	dt_ufiles = f;
	return f;
}

static void dt_uproc_free_maps(struct dt_uproc *p)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++) {
		free(p->maps[i].path);
		free(p->maps[i].rpath);
	}
	free(p->maps);
	p->maps = NULL;
	p->nmaps = 0;
}

/* The file mappings of @p's process; none if it is gone. */
static void dt_uproc_read(struct dt_uproc *p)
{
	char fn[64], line[4096 + 128], key[64], *del;
	unsigned long long start, end, off, ino;
	unsigned int maj, min;
	size_t room = 0;
	char perm[8];
	FILE *fp;
	int pos;

	dt_uproc_free_maps(p);
	snprintf(fn, sizeof(fn), "/proc/%d/maps", (int)p->pid);
	fp = fopen(fn, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		struct dt_umap *m;
		char *path;

		pos = 0;
		if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start,
			   &end, perm, &off, &maj, &min, &ino, &pos) < 7 ||
		    !pos || !ino)
			continue;
		path = line + pos;
		path[strcspn(path, "\n")] = '\0';
		if (*path != '/')
			continue;
		del = strstr(path, " (deleted)");
		if (del && !del[10])
			*del = '\0';
		if (p->nmaps == room) {
			room = room ? 2 * room : 32;
			p->maps = dt_realloc(p->maps, room * sizeof(*p->maps));
		}
		m = &p->maps[p->nmaps++];
		m->start = start;
		m->end = end;
		m->off = off;
		snprintf(key, sizeof(key), "%x:%x:%llu", maj, min, ino);
		m->file = dt_ufile_get(key, path);
		snprintf(fn, sizeof(fn), "/proc/%d/map_files/%llx-%llx",
			 (int)p->pid, start, end);
		m->path = dt_strdup(fn);
		m->rpath = dt_alloc(strlen(path) + 32);
		sprintf(m->rpath, "/proc/%d/root%s", (int)p->pid, path);
	}
	fclose(fp);
}

static struct dt_uproc *dt_uproc_get(pid_t pid)
{
	struct dt_uproc *p;

	for (p = dt_uprocs; p; p = p->next)
		if (p->pid == pid)
			return p;
	p = dt_zalloc(sizeof(*p));
	p->pid = pid;
	p->next = dt_uprocs;
	dt_uprocs = p;
	dt_uproc_read(p);
	return p;
}

static const struct dt_umap *dt_umap_find(struct dt_uproc *p, u64 addr)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

/* The symbol of file address @va, and @va itself in *@vap. */
static const struct dt_usym *dt_usym_find(const struct dt_umap *m, u64 addr,
					  u64 *vap)
{
	struct dt_ufile *f = m->file;
	u64 fo = addr - m->start + m->off, va;
	size_t i, lo = 0, hi;

	if (!f->loaded)
		dt_ufile_load(f, m);
	for (i = 0; i < f->nsegs; i++)
		if (fo >= f->segs[i].off &&
		    fo < f->segs[i].off + f->segs[i].filesz)
			break;
	if (i == f->nsegs)
		return NULL;
	va = f->segs[i].vaddr + (fo - f->segs[i].off);
	*vap = va;
	hi = f->nsyms;
	if (!hi || va < f->syms[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->syms[mid].addr <= va)
			lo = mid;
		else
			hi = mid;
	}
	/* Past the end of a sized symbol is no symbol of it. */
	if (f->syms[lo].size && va >= f->syms[lo].addr + f->syms[lo].size)
		return NULL;
	return &f->syms[lo];
}

/**
 * dt_usym_name - a user address as DTrace prints it
 * @pid: the process it is in
 * @addr: the address
 * @how: as for dt_ksym_name()
 * @buf: where to put it, @len bytes
 *
 * Return: @buf: module`symbol+0xoff, module`symbol or module; an address
 * of no known symbol is module`0xaddr, and of no known mapping 0xaddr.
 */
char *dt_usym_name(pid_t pid, u64 addr, enum dt_ksym_how how, char *buf,
		   size_t len)
{
	const struct dt_umap *m = NULL;
	const struct dt_usym *s;
	struct dt_uproc *p;
	u64 va = 0;

	if (pid > 0) {
		p = dt_uproc_get(pid);
		m = dt_umap_find(p, addr);
		if (!m && !p->reread) {
			p->reread = 1;	/* once: dlopen()ed since */
			dt_uproc_read(p);
			m = dt_umap_find(p, addr);
		}
	}
	if (!m) {
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
		return buf;
	}
	s = dt_usym_find(m, addr, &va);
	if (how == DT_KSYM_MOD)
		snprintf(buf, len, "%s", m->file->base);
	else if (!s)
		snprintf(buf, len, "%s`0x%llx", m->file->base,
			 (unsigned long long)addr);
	else if (how == DT_KSYM_SYM || va == s->addr)
		snprintf(buf, len, "%s`%s", m->file->base, s->name);
	else
		snprintf(buf, len, "%s`%s+0x%llx", m->file->base, s->name,
			 (unsigned long long)(va - s->addr));
	return buf;
}

static char *dt_usym_frame(u64 pc, const void *arg, char *buf, size_t len)
{
	return dt_usym_name(*(const pid_t *)arg, pc, DT_KSYM_OFFSET, buf, len);
}

/**
 * dt_usym_print_stack - print the frames of a ustack() record
 * @fp: where
 * @indent: columns before each frame (the stackindent option)
 * @data: the record: the process id, then u64 addresses, zeros after the
 *	  last
 * @size: its size
 */
void dt_usym_print_stack(FILE *fp, int indent, const void *data, u32 size)
{
	pid_t pid;
	u64 v;

	if (size < sizeof(u64)) {
		fputc('\n', fp);
		return;
	}
	memcpy(&v, data, sizeof(v));
	pid = (pid_t)v;
	dt_print_frames(fp, indent, "%s", (const char *)data + sizeof(u64),
			size - sizeof(u64), dt_usym_frame, &pid);
}

/**
 * dt_usym_start - the first address of the symbol a user address is in
 * @pid: the process it is in
 * @addr: the address
 *
 * Return: that address in the process, or @addr itself if no symbol is
 * known for it: the aggregation keys of usym() and ufunc() merge by it.
 */
u64 dt_usym_start(pid_t pid, u64 addr)
{
	const struct dt_umap *m;
	const struct dt_usym *s;
	u64 va = 0;

	if (pid <= 0)
		return addr;
	m = dt_umap_find(dt_uproc_get(pid), addr);
	s = m ? dt_usym_find(m, addr, &va) : NULL;
	return s ? addr - (va - s->addr) : addr;
}
