// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel types and functions for the host tests of dtrace(1) (t_btf.sh,
 * t_args.sh).
 *
 * Built with -g -c and given to pahole -J, it is the BTF the tests point
 * DTRACE_BTF at, in place of the kernel's.  Built with -DBTF_TYPES_MAIN
 * it is a program:
 *
 *   btf_types sizes		the sizes and offsets the C compiler gives
 *				the types, as shell assignments
 *   btf_types image FILE ADDR	writes to FILE two struct task_struct,
 *				filled in, as they would be at address ADDR
 *				(hex): the memory of the simulated device
 *				(FAKEDEV_KMEM, FAKEDEV_KMEM_ADDR), where
 *				curthread points
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int __s32;

enum bt_color {
	BT_RED = 1,
	BT_GREEN = 2,
	BT_BLUE = -3,
};

enum bt_big {
	BT_SMALL = 1,
	BT_HUGE = 0x100000000LL,
};

struct bt_point {
	int x;
	int y;
};

struct bt_inner {
	short a;
	long b;
	struct bt_point pt;
};

union bt_val {
	unsigned int u;
	int i;
	char c[4];
};

/* Declared, never defined. */
struct bt_fwd;

struct bt_flex {
	int n;
	int data[];
};

struct task_struct {
	int pid;
	char comm[16];
	struct bt_inner in;
	union bt_val v;
	union {
		long anon_l;
		int anon_i;
	};
	struct {
		int deep;
		union {
			short deeper;
		};
	};
	unsigned int ubf:3;
	int sbf:5;
	unsigned int ubf2:12;
	int sbf_wide:20;
	unsigned long long wide:40;
	long long swide:24;
	struct bt_point pts[3];
	enum bt_color color;
	enum bt_big big;
	struct task_struct *parent;
	struct bt_point *ppt;
	__s32 tint;
	unsigned char u8;
	signed char s8;
	short s16;
	unsigned long long u64v;
	struct bt_fwd *fwd;
	float f;
	void (*fn)(int sig);
	struct bt_flex *flex;
};

/*
 * Typedef names, as the kernel has them: of integers (loff_t, gfp_t),
 * of a typedef (gfp2 of gfp), of a struct with a tag and of one without
 * (atomic_t), of a union, an enum and a pointer; and one of the names D
 * has of its own (hrtime_t, which is D's 8 bytes, not these 2).  They
 * are declared through BT_TYPEDEF: checkpatch asks kernel code for no
 * new typedefs, and these stand for the kernel's own.
 */
#define BT_TYPEDEF typedef
BT_TYPEDEF long long bt_loff_t;
BT_TYPEDEF unsigned int bt_gfp_t;
BT_TYPEDEF bt_gfp_t bt_gfp2_t;
BT_TYPEDEF struct {
	int counter;
} bt_atomic_t;
BT_TYPEDEF struct bt_point bt_point_t;
BT_TYPEDEF union bt_val bt_val_t;
BT_TYPEDEF enum bt_color bt_color_t;
BT_TYPEDEF struct task_struct *bt_task_p;
BT_TYPEDEF short hrtime_t;

/* inet_ntoa6()'s argument. */
struct in6_addr {
	union {
		unsigned char u6_addr8[16];
		unsigned short u6_addr16[8];
		unsigned int u6_addr32[4];
	} in6_u;
};

/* An instance of each, so that the compiler describes them. */
struct task_struct bt_task;
union bt_val bt_val;
enum bt_color bt_color;
enum bt_big bt_big;
bt_loff_t bt_loff;
bt_gfp2_t bt_gfp2;
bt_atomic_t bt_atomic;
bt_point_t bt_point;
bt_val_t bt_valt;
bt_color_t bt_colort;
bt_task_p bt_taskp;
hrtime_t bt_hrtime;
struct in6_addr bt_in6;

/* Passed by value in two registers. */
struct bt_pair {
	long a;
	long b;
};

/*
 * Functions, for the types of fbt's args[] (t_args.sh): pahole describes
 * each one the object has, and these, not static, it has whether they
 * are called or not, with the parameters they are declared with.
 */
short bt_func(struct task_struct *t, int i, unsigned short u16, bool b,
	      const char *s, enum bt_color c)
{
	return t->pid + i + u16 + b + *s + c;
}

void bt_void(void)
{
}

int bt_vararg(int n, ...)
{
	return n;
}

long bt_many(int a0, int a1, int a2, int a3, int a4, int a5, char a6,
	     long a7)
{
	return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}

/*
 * big on the stack, after in the first register, pair and pair2 in two
 * each, last in the sixth.
 */
unsigned char bt_byval(struct bt_inner big, unsigned char after,
		       struct bt_pair pair, struct bt_pair pair2, int last)
{
	return big.a + after + pair.b + pair2.a + last;
}

/* p does not fit in the one register left: on the stack, a6 in it. */
long bt_spill(long a0, long a1, long a2, long a3, long a4, struct bt_pair p,
	      long a6)
{
	return a0 + a1 + a2 + a3 + a4 + p.a + a6;
}

/* A struct of more than 16 bytes is returned through a hidden pointer. */
struct bt_inner bt_sret(struct task_struct *t)
{
	return t->in;
}

float bt_float(float f, struct task_struct *t)
{
	return f + t->pid;
}

#ifdef BTF_TYPES_MAIN
#define OFF(name, member)					\
	printf("%s=%zu\n", name, offsetof(struct task_struct, member))

static void bt_sizes(void)
{
	printf("SZ_TASK=%zu\n", sizeof(struct task_struct));
	printf("SZ_INNER=%zu\n", sizeof(struct bt_inner));
	printf("SZ_POINT=%zu\n", sizeof(struct bt_point));
	printf("SZ_VAL=%zu\n", sizeof(union bt_val));
	printf("SZ_COLOR=%zu\n", sizeof(enum bt_color));
	printf("SZ_BIG=%zu\n", sizeof(enum bt_big));
	OFF("OFF_PID", pid);
	OFF("OFF_COMM", comm);
	OFF("OFF_IN", in);
	OFF("OFF_IN_B", in.b);
	OFF("OFF_IN_PT_Y", in.pt.y);
	OFF("OFF_V", v);
	OFF("OFF_ANON_L", anon_l);
	OFF("OFF_ANON_I", anon_i);
	OFF("OFF_DEEP", deep);
	OFF("OFF_DEEPER", deeper);
	OFF("OFF_PTS", pts);
	OFF("OFF_COLOR", color);
	OFF("OFF_PARENT", parent);
	OFF("OFF_TINT", tint);
	OFF("OFF_U64V", u64v);
	printf("SZ_FLEX=%zu\n", sizeof(struct bt_flex));
}

static void bt_fill(struct task_struct *t, unsigned long addr, int pid,
		    const char *comm)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	strcpy(t->comm, comm);
	t->in.a = -7;
	t->in.b = 1234567890123L;
	t->in.pt.x = 11;
	t->in.pt.y = -12;
	t->v.u = 0x00434241;
	t->anon_l = -5;
	t->deep = 77;
	t->deeper = -78;
	t->ubf = 5;
	t->sbf = -9;
	t->ubf2 = 3000;
	t->sbf_wide = -300000;
	t->wide = 0xfedcba9876ULL;
	t->swide = -1000000;
	for (i = 0; i < 3; i++) {
		t->pts[i].x = i * 10 + 1;
		t->pts[i].y = i * 10 + 2;
	}
	t->color = BT_BLUE;
	t->big = BT_HUGE;
	t->ppt = (struct bt_point *)(addr + offsetof(struct task_struct,
						     pts[1]));
	t->tint = -42;
	t->u8 = 200;
	t->s8 = -100;
	t->s16 = -30000;
	t->u64v = 0xfedcba9876543210ULL;
	t->f = 1.5;
}

/* Two tasks, the second the parent of the first. */
static int bt_image(const char *file, unsigned long addr)
{
	struct task_struct t[2];
	FILE *fp;

	bt_fill(&t[0], addr, 4242, "bt-child");
	bt_fill(&t[1], addr + sizeof(t[0]), 1, "bt-parent");
	t[0].parent = (struct task_struct *)(addr + sizeof(t[0]));
	fp = fopen(file, "w");
	if (!fp || fwrite(t, sizeof(t), 1, fp) != 1 || fclose(fp)) {
		perror(file);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "sizes")) {
		bt_sizes();
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "image"))
		return bt_image(argv[2], strtoul(argv[3], NULL, 16));
	fprintf(stderr, "usage: %s sizes | image FILE ADDR\n", argv[0]);
	return 2;
}
#endif
