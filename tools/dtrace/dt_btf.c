// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the kernel's types, from its BTF.
 *
 * D names the kernel's types by their tags (struct task_struct, union
 * bpf_attr, enum pid_type) and by their typedef names (loff_t,
 * atomic_t); they, their members and the types those have come from
 * the BTF the kernel exports as /sys/kernel/btf/vmlinux, or from the
 * file $DTRACE_BTF names (raw BTF, or an ELF object with a .BTF
 * section).  It is read with the tree's libbpf on first need only:
 * a program that uses no kernel type does not pay for it.
 *
 * Each BTF type becomes one struct dt_type, made once and kept by id.
 * A struct or union is kept before its members are filled in, so that
 * the types that refer back to it find it; the members of the structs
 * and unions that a conversion comes across are filled in from a list
 * by the outermost dt_btf_type(), not by recursion, which the kernel's
 * types would make too deep.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "dtrace.h"

#define DT_BTF_VMLINUX	"/sys/kernel/btf/vmlinux"

/* Chains of pointers, arrays, typedefs and qualifiers are shorter. */
#define DT_BTF_MAXDEPTH	64

static struct btf *dt_btf;
static int dt_btf_tried;
static char dt_btf_why[512];			/* why there is none */
static const struct dt_type **dt_btf_types;	/* by id */
static unsigned int dt_btf_ntypes;
static int dt_btf_depth;

/* Structs and unions made whose members are still to be filled in. */
static struct dt_type **dt_btf_todo;
static unsigned int dt_btf_ntodo;
static unsigned int dt_btf_todocap;

/* libbpf's messages: what goes wrong is reported as a D error instead. */
static int dt_btf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	return 0;
}

/* Read the BTF, once; 0 if there is some. */
static int dt_btf_load(void)
{
	const char *path = getenv("DTRACE_BTF");
	char msg[128];
	int err;

	if (dt_btf_tried)
		return dt_btf ? 0 : -1;
	dt_btf_tried = 1;
	if (!path || !*path)
		path = DT_BTF_VMLINUX;
	libbpf_set_print(dt_btf_print);
	dt_btf = btf__parse(path, NULL);
	if (!dt_btf) {
		err = errno;
		if (err == ENOENT) {
			snprintf(dt_btf_why, sizeof(dt_btf_why),
				 "no kernel type information (BTF) at %s", path);
		} else {
			libbpf_strerror(err, msg, sizeof(msg));
			snprintf(dt_btf_why, sizeof(dt_btf_why),
				 "no kernel type information (BTF) at %s: %s",
				 path, msg);
		}
		return -1;
	}
	dt_btf_ntypes = btf__type_cnt(dt_btf);
	dt_btf_types = dt_zalloc(dt_btf_ntypes * sizeof(*dt_btf_types));
	return 0;
}

static const char *dt_btf_name(__u32 off)
{
	const char *s = btf__name_by_offset(dt_btf, off);

	return s ? s : "";
}

static const struct dt_type *dt_btf_conv(__u32 id);

/*
 * An integer: char for a 1-byte char, else an integer type of BTF's
 * name, size and signedness.
 */
static const struct dt_type *dt_btf_int(const struct btf_type *bt)
{
	const char *name = dt_btf_name(bt->name_off);
	__u8 enc = btf_int_encoding(bt);
	struct dt_type *t;

	if (bt->size == 1 && ((enc & BTF_INT_CHAR) || !strcmp(name, "char")))
		return &dt_type_char;
	t = dt_zalloc(sizeof(*t));
	t->kind = DT_TK_INT;
	t->size = bt->size;
	t->is_unsigned = !(enc & BTF_INT_SIGNED);
	t->name = *name ? name : "int";
	return t;
}

static const struct dt_type *dt_btf_float(const struct btf_type *bt)
{
	struct dt_type *t = dt_zalloc(sizeof(*t));

	t->kind = DT_TK_FLOAT;
	t->size = bt->size;
	t->name = dt_btf_name(bt->name_off);
	return t;
}

static const char *dt_btf_kw(enum dt_tkind kind)
{
	switch (kind) {
	case DT_TK_UNION:
		return "union";
	case DT_TK_ENUM:
		return "enum";
	default:
		return "struct";
	}
}

/* "struct NAME", or "struct <anon>" without a name. */
static const char *dt_btf_tagname(enum dt_tkind kind, __u32 off)
{
	const char *name = dt_btf_name(off);

	return dt_sprintf("%s %s", dt_btf_kw(kind), *name ? name : "<anon>");
}

/* A struct or union: kept before its members are filled in. */
static const struct dt_type *dt_btf_sou(const struct btf_type *bt, __u32 id)
{
	struct dt_type *t = dt_zalloc(sizeof(*t));

	t->kind = btf_is_union(bt) ? DT_TK_UNION : DT_TK_STRUCT;
	t->size = bt->size;
	t->name = dt_btf_tagname(t->kind, bt->name_off);
	t->btf_id = id;
	dt_btf_types[id] = t;
	if (dt_btf_ntodo == dt_btf_todocap) {
		dt_btf_todocap = dt_btf_todocap ? dt_btf_todocap * 2 : 256;
		dt_btf_todo = dt_realloc(dt_btf_todo, dt_btf_todocap *
					 sizeof(*dt_btf_todo));
	}
	dt_btf_todo[dt_btf_ntodo++] = t;
	return t;
}

/*
 * The members of a struct or union.  Bitfields are described by the
 * member (kind_flag set) or, in older BTF, by an integer type of fewer
 * bits than its size.
 */
static void dt_btf_fill(struct dt_type *t)
{
	const struct btf_type *bt = btf__type_by_id(dt_btf, t->btf_id);
	const struct btf_member *bm = btf_members(bt);
	unsigned int n = btf_vlen(bt), i;
	struct dt_member *m;

	if (!n)
		return;
	m = dt_zalloc(n * sizeof(*m));
	for (i = 0; i < n; i++) {
		m[i].name = dt_btf_name(bm[i].name_off);
		m[i].type = dt_btf_conv(bm[i].type);
		m[i].bit_offset = btf_member_bit_offset(bt, i);
		m[i].bit_size = btf_member_bitfield_size(bt, i);
		if (!btf_kflag(bt)) {
			int rid = btf__resolve_type(dt_btf, bm[i].type);
			const struct btf_type *it = rid > 0 ?
				btf__type_by_id(dt_btf, rid) : NULL;

			if (it && btf_is_int(it) &&
			    btf_int_bits(it) != it->size * 8) {
				m[i].bit_size = btf_int_bits(it);
				m[i].bit_offset += btf_int_offset(it);
			}
		}
	}
	t->members = m;
	t->nmembers = n;
}

static const struct dt_type *dt_btf_enum(const struct btf_type *bt, __u32 id)
{
	struct dt_type *t = dt_zalloc(sizeof(*t));
	unsigned int n = btf_vlen(bt), i;
	struct dt_enumerator *e;

	t->kind = DT_TK_ENUM;
	t->size = bt->size;
	/* kind_flag: the values are signed. */
	t->is_unsigned = !btf_kflag(bt);
	t->name = dt_btf_tagname(DT_TK_ENUM, bt->name_off);
	t->btf_id = id;
	e = n ? dt_zalloc(n * sizeof(*e)) : NULL;
	for (i = 0; i < n; i++) {
		if (btf_is_enum64(bt)) {
			const struct btf_enum64 *v = &btf_enum64(bt)[i];

			e[i].name = dt_btf_name(v->name_off);
			e[i].value = (long long)btf_enum64_value(v);
		} else {
			const struct btf_enum *v = &btf_enum(bt)[i];

			e[i].name = dt_btf_name(v->name_off);
			e[i].value = t->is_unsigned ? (long long)(__u32)v->val :
				     (long long)v->val;
		}
	}
	t->enums = e;
	t->nenums = n;
	return t;
}

/*
 * A struct or union only declared here: its definition, if the BTF has
 * one, else an incomplete type of size 0.
 */
static const struct dt_type *dt_btf_fwd(const struct btf_type *bt, __u32 id)
{
	enum dt_tkind kind = btf_kflag(bt) ? DT_TK_UNION : DT_TK_STRUCT;
	const char *name = dt_btf_name(bt->name_off);
	struct dt_type *t;
	__s32 def = -1;

	if (*name)
		def = btf__find_by_name_kind(dt_btf, name, kind == DT_TK_UNION ?
					     BTF_KIND_UNION : BTF_KIND_STRUCT);
	if (def > 0)
		return dt_btf_conv(def);
	t = dt_zalloc(sizeof(*t));
	t->kind = kind;
	t->is_fwd = 1;
	t->name = dt_btf_tagname(kind, bt->name_off);
	t->btf_id = id;
	return t;
}

/*
 * A typedef is the type it names, except that an integer type carries
 * the typedef's name (u64, pid_t), for messages, and so does a struct,
 * union or enum that has no tag of its own (atomic_t is a typedef of an
 * anonymous struct): the name is what C code calls it by.
 */
static const struct dt_type *dt_btf_typedef(const struct btf_type *bt,
					    __u32 id)
{
	const struct dt_type *r = dt_btf_conv(bt->type);
	struct dt_type *t;

	if ((dt_type_is_sou(r) || r->kind == DT_TK_ENUM) && r->btf_id > 0 &&
	    !r->btf_tdid &&
	    !*dt_btf_name(btf__type_by_id(dt_btf, r->btf_id)->name_off)) {
		/*
		 * Made here, by dt_btf_sou() or dt_btf_enum(): not const.
		 * print() dumps it as the typedef, (atomic_t){ ... }.
		 */
		t = (struct dt_type *)r;
		t->name = dt_btf_name(bt->name_off);
		t->btf_tdid = id;
		return r;
	}
	if (r->kind != DT_TK_INT)
		return r;
	t = dt_zalloc(sizeof(*t));
	*t = *r;
	t->name = dt_btf_name(bt->name_off);
	t->next = NULL;
	return t;
}

static const struct dt_type *dt_btf_conv(__u32 id)
{
	const struct btf_type *bt;
	const struct dt_type *t;

	if (!id || id >= dt_btf_ntypes)
		return &dt_type_void;
	if (dt_btf_types[id])
		return dt_btf_types[id];
	if (dt_btf_depth >= DT_BTF_MAXDEPTH)
		return &dt_type_void;
	dt_btf_depth++;
	bt = btf__type_by_id(dt_btf, id);
	switch (btf_kind(bt)) {
	case BTF_KIND_INT:
		t = dt_btf_int(bt);
		break;
	case BTF_KIND_FLOAT:
		t = dt_btf_float(bt);
		break;
	case BTF_KIND_PTR:
		t = dt_type_ptr(dt_btf_conv(bt->type));
		break;
	case BTF_KIND_ARRAY:
		t = dt_type_array(dt_btf_conv(btf_array(bt)->type),
				  btf_array(bt)->nelems);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		t = dt_btf_sou(bt, id);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		t = dt_btf_enum(bt, id);
		break;
	case BTF_KIND_FWD:
		t = dt_btf_fwd(bt, id);
		break;
	case BTF_KIND_TYPEDEF:
		t = dt_btf_typedef(bt, id);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		t = dt_btf_conv(bt->type);
		break;
	case BTF_KIND_FUNC:
	case BTF_KIND_FUNC_PROTO:
		t = &dt_type_func;
		break;
	default:
		t = &dt_type_void;
		break;
	}
	dt_btf_depth--;
	dt_btf_types[id] = t;
	return t;
}

/*
 * The type of BTF id @id, or NULL if there is no BTF or no such id.
 * Every struct and union it leads to has its members.
 */
const struct dt_type *dt_btf_type(int id)
{
	const struct dt_type *t;

	if (dt_btf_load() || id < 0 || (unsigned int)id >= dt_btf_ntypes)
		return NULL;
	t = dt_btf_conv(id);
	while (dt_btf_ntodo)
		dt_btf_fill(dt_btf_todo[--dt_btf_ntodo]);
	return t;
}

/*
 * The prototype of kernel function @name, for the types of fbt's args[]:
 * 0 with @f filled in, or -1 if there is no BTF or no function of that
 * name in it.  A kernel's BTF may have several functions of one name
 * (static functions of different files): unless they have the same
 * prototype, there is no telling which one a probe of that name is on,
 * and the answer is -1 too.  The last answer is kept: a clause asks for
 * each args[i] it uses.
 */
int dt_btf_func(const char *name, struct dt_btf_func *f)
{
	static struct dt_btf_func last;
	static const char *lastname;
	static int lastret;
	const struct btf_param *bp;
	const struct btf_type *bt;
	__u32 id, proto = 0;
	unsigned int i, n;

	if (dt_btf_load())
		return -1;
	if (lastname && !strcmp(lastname, name)) {
		*f = last;
		return lastret;
	}
	lastname = dt_strdup(name);
	lastret = -1;
	for (id = 1; id < dt_btf_ntypes; id++) {
		bt = btf__type_by_id(dt_btf, id);
		if (!btf_is_func(bt) || strcmp(dt_btf_name(bt->name_off), name))
			continue;
		if (proto && bt->type != proto)
			return -1;
		proto = bt->type;
	}
	bt = proto ? btf__type_by_id(dt_btf, proto) : NULL;
	if (!bt || !btf_is_func_proto(bt))
		return -1;
	memset(&last, 0, sizeof(last));
	n = btf_vlen(bt);
	bp = btf_params(bt);
	/* A last parameter of type 0 is the ... of a variadic function. */
	if (n && !bp[n - 1].type) {
		last.variadic = 1;
		n--;
	}
	last.nparams = n;
	last.params = n ? dt_zalloc(n * sizeof(*last.params)) : NULL;
	for (i = 0; i < n; i++)
		last.params[i] = dt_btf_type(bp[i].type);
	last.ret = dt_btf_type(bt->type);
	*f = last;
	lastret = 0;
	return 0;
}

/*
 * The struct, union or enum of tag @tag, or NULL with the reason in
 * @err: there is no BTF, or no such type in it.  A struct or union the
 * BTF only declares is an incomplete type.
 */
const struct dt_type *dt_btf_lookup_tag(enum dt_tkind kind, const char *tag,
					char *err, size_t errlen)
{
	const char *kw = dt_btf_kw(kind);
	__s32 id = -1;

	if (dt_btf_load()) {
		snprintf(err, errlen, "%s %s is not a known type: %s", kw, tag,
			 dt_btf_why);
		return NULL;
	}
	switch (kind) {
	case DT_TK_STRUCT:
		id = btf__find_by_name_kind(dt_btf, tag, BTF_KIND_STRUCT);
		break;
	case DT_TK_UNION:
		id = btf__find_by_name_kind(dt_btf, tag, BTF_KIND_UNION);
		break;
	case DT_TK_ENUM:
		id = btf__find_by_name_kind(dt_btf, tag, BTF_KIND_ENUM);
		if (id <= 0)
			id = btf__find_by_name_kind(dt_btf, tag,
						    BTF_KIND_ENUM64);
		break;
	default:
		break;
	}
	/* Only declared: kind_flag says a union. */
	if (id <= 0 && kind != DT_TK_ENUM) {
		bool is_union = kind == DT_TK_UNION;

		id = btf__find_by_name_kind(dt_btf, tag, BTF_KIND_FWD);
		if (id > 0 && btf_kflag(btf__type_by_id(dt_btf, id)) != is_union)
			id = -1;
	}
	if (id <= 0) {
		snprintf(err, errlen, "%s %s is not a known type", kw, tag);
		return NULL;
	}
	return dt_btf_type(id);
}

/*
 * The type the kernel's typedef @name names, or NULL with the reason in
 * @err: there is no BTF, or no typedef of that name in it.
 */
const struct dt_type *dt_btf_lookup_typedef(const char *name, char *err,
					    size_t errlen)
{
	__s32 id;

	if (dt_btf_load()) {
		snprintf(err, errlen, "%s is not a known type: %s", name,
			 dt_btf_why);
		return NULL;
	}
	id = btf__find_by_name_kind(dt_btf, name, BTF_KIND_TYPEDEF);
	if (id <= 0) {
		snprintf(err, errlen, "%s is not a known type", name);
		return NULL;
	}
	return dt_btf_type(id);
}

/*
 * print(): a value with its type.  The kernel's structs, unions and
 * enums are printed by libbpf's dumper of typed data, the format the
 * kernel's BTF-aware printers share: "(struct file){ .f_mode = ... }",
 * members of value 0 left out, char arrays as strings.  D's own types,
 * and the pointers and arrays the compiler makes of BTF's, are printed
 * here the same way: "(int)5", "(struct file *)0xffff...".
 */
static FILE *dt_btf_out;
static struct btf_dump *dt_btf_dumper;

static void dt_btf_vprintf(void *ctx, const char *fmt, va_list ap)
{
	vfprintf(dt_btf_out, fmt, ap);
}

/* 0 if libbpf printed the value of BTF type @id at @data. */
static int dt_btf_dump(FILE *fp, int id, const void *data, size_t size)
{
	LIBBPF_OPTS(btf_dump_type_data_opts, opts,
		    .indent_str = "    ",
		    .emit_strings = true);

	if (!dt_btf)
		return -1;
	if (!dt_btf_dumper) {
		dt_btf_dumper = btf_dump__new(dt_btf, dt_btf_vprintf, NULL,
					      NULL);
		if (!dt_btf_dumper)
			return -1;
	}
	dt_btf_out = fp;
	return btf_dump__dump_type_data(dt_btf_dumper, id, data, size,
					&opts) < 0 ? -1 : 0;
}

static void dt_btf_print_d(FILE *fp, const struct dt_type *t,
			   const char *data, size_t size)
{
	char tb[256];
	size_t i, esz;

	if (t && (dt_type_is_sou(t) || t->kind == DT_TK_ENUM) &&
	    t->btf_id > 0 && size >= t->size &&
	    !dt_btf_dump(fp, t->btf_tdid ? t->btf_tdid : t->btf_id, data,
			 size))
		return;
	if (!t) {
		fprintf(fp, "(?)");
		goto bytes;
	}
	fprintf(fp, "(%s)", t->kind == DT_TK_STRING ? "string" :
		dt_type_name(t, tb, sizeof(tb)));
	switch (t->kind) {
	case DT_TK_STRING:
		dt_fputs_escaped(fp, data, size, true);
		return;
	case DT_TK_INT:
	case DT_TK_ENUM:
		if (size != 1 && size != 2 && size != 4 && size != 8)
			break;
		fprintf(fp, t->is_unsigned ? "%llu" : "%lld",
			(unsigned long long)dt_rec_int(data, size, t));
		return;
	case DT_TK_PTR:
		if (size != 8)
			break;
		fprintf(fp, "0x%llx",
			(unsigned long long)dt_rec_int(data, size, t));
		return;
	case DT_TK_FLOAT:
		if (size == sizeof(float)) {
			float f;

			memcpy(&f, data, sizeof(f));
			fprintf(fp, "%g", f);
			return;
		}
		if (size == sizeof(double)) {
			double d;

			memcpy(&d, data, sizeof(d));
			fprintf(fp, "%g", d);
			return;
		}
		break;
	case DT_TK_ARRAY:
		if (dt_type_is_string(t)) {
			dt_fputs_escaped(fp, data, size, true);
			return;
		}
		esz = t->ref->size;
		if (!esz || esz * t->nelems > size)
			break;
		fputc('[', fp);
		for (i = 0; i < t->nelems; i++) {
			fprintf(fp, "%s", i ? ", " : "");
			dt_btf_print_d(fp, t->ref, data + i * esz, esz);
		}
		fputc(']', fp);
		return;
	default:
		break;
	}
bytes:
	/* What has no printable form: its bytes. */
	dt_fput_hex(fp, data, size);
}

/*
 * dt_btf_print_value - print() a recorded value with its type
 * @fp: where
 * @t: the type print() was given
 * @data: the record: the value, or the bytes of a struct, union or array
 * @size: its size
 */
void dt_btf_print_value(FILE *fp, const struct dt_type *t, const void *data,
			size_t size)
{
	dt_btf_print_d(fp, t, data, size);
}
