# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel's types: struct, union and enum tags, members, sizeof and
# offsetof, with the BTF that pahole made of tests/btf_types.c (BTFRAW:
# raw BTF; BTFELF: an ELF object with a .BTF section) in place of the
# kernel's.  Sizes and offsets are compared with what the C compiler
# gives (btf_types sizes); members are read, against the simulated
# device, from two struct task_struct that btf_types wrote as its kernel
# memory, where curthread points.  Sourced by run-tests.sh.

BTF_KMEM_ADDR=5a5a00000000
if [ -n "${BTFTYPES:-}" ] && "$BTFTYPES" sizes >"$TMP/btf-sizes" &&
   "$BTFTYPES" image "$TMP/btf-kmem" "$BTF_KMEM_ADDR"; then
	. "$TMP/btf-sizes"
else
	# The checks that compare with them fail.
	SZ_TASK='(btf_types did not run)'
fi
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}
FAKEDEV_KMEM=$TMP/btf-kmem
FAKEDEV_KMEM_ADDR=$BTF_KMEM_ADDR
export DTRACE_BTF FAKEDEV_KMEM FAKEDEV_KMEM_ADDR

# The integer table of the last DIFO of PROG's -S output is WANT (values
# in decimal, one per line).
inttab() {
	want "$1" || { cat >/dev/null; return 0; }
	cat >"$TMP/want"
	if ! "$DTRACE" -e -S -n "$2" >"$TMP/out" 2>&1; then
		fail "$1" "does not compile" "$(cat "$TMP/out")"
		return
	fi
	awk '
		/^DIFO / { n = 0; delete v; next }
		/^INTEGER TABLE/ { it = 1; next }
		/^$/ { it = 0 }
		it && /^[0-9][0-9]: 0x/ { v[n++] = substr($3, 2, length($3) - 2) }
		END { for (i = 0; i < n; i++) print v[i] }
	' "$TMP/out" >"$TMP/got"
	if diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then
		pass "$1"
	else
		fail "$1" "$(cat "$TMP/diff")"
	fi
}

# --- No BTF, and the BTF read only when a program needs it -----------------
DTRACE_BTF=/nonexistent/btf
BTF_NONE='no kernel type information (BTF) at'
cerr btf.none \
	"[D_TYPE_ERR] struct task_struct is not a known type: $BTF_NONE /nonexistent/btf" \
	'BEGIN { trace(sizeof (struct task_struct)); }'
cerr btf.none-curthread \
	"1:15: error: [D_TYPE_ERR] struct task_struct is not a known type: $BTF_NONE" \
	'BEGIN { trace(curthread->pid); }'
DTRACE_BTF=/dev/null
cerr btf.not-btf \
	"[D_TYPE_ERR] union bt_val is not a known type: $BTF_NONE /dev/null: " \
	'BEGIN { trace(sizeof (union bt_val)); }'
# curthread without -> or * is a uintptr_t, with no BTF read.
cok btf.lazy 'BEGIN { x = curthread; x = 5; trace(curthread + 1); }'
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}
cok btf.curthread-uintptr 'BEGIN { x = curthread; x = 5; }'

# --- Tags ---------------------------------------------------------------------
cok btf.tags 'struct task_struct *t; union bt_val *v; enum bt_color c;
	BEGIN { t = (struct task_struct *)arg0; self->v = (union bt_val *)arg1;
	v = self->v; c = 1; c++; trace(c + 1); }'
cerr btf.unknown-tag '1:30: error: [D_TYPE_ERR] struct nosuch is not a known type' \
	'BEGIN { trace(sizeof (struct nosuch)); }'
cerr btf.wrong-kind '[D_TYPE_ERR] union bt_point is not a known type' \
	'BEGIN { trace(sizeof (union bt_point)); }'
cerr btf.enum-kind '[D_TYPE_ERR] enum bt_val is not a known type' \
	'BEGIN { trace(sizeof (enum bt_val)); }'
cerr btf.definition \
	'[D_IDENT_UNSUPP] struct definitions are not supported yet: struct foo { }' \
	'struct foo { int a; }; BEGIN { }'
cerr btf.definition-anon '[D_IDENT_UNSUPP] enum definitions are not supported yet' \
	'BEGIN { trace(sizeof (enum { A, B })); }'
cerr btf.struct-variable \
	'[D_IDENT_UNSUPP] variables of type struct bt_point are not supported yet: p' \
	'struct bt_point p;'
cerr btf.struct-assign \
	'[D_IDENT_UNSUPP] x: variables of type struct task_struct are not supported yet' \
	'BEGIN { x = *curthread; }'
cerr btf.struct-trace \
	'[D_IDENT_UNSUPP] trace( ) of a struct task_struct is not supported yet' \
	'BEGIN { trace(*curthread); }'
cerr btf.struct-arith '[D_OP_ARITH]' 'BEGIN { trace(curthread->in + 1); }'
cerr btf.struct-compare '[D_OP_INCOMPAT]' \
	'BEGIN { trace(curthread->in == curthread->in); }'
cerr btf.struct-cast '[D_CAST_INVAL]' 'BEGIN { trace((struct bt_point)arg0); }'
cerr btf.struct-key '[D_KEY_TYPE]' 'BEGIN { @[curthread->in] = count(); }'

# --- sizeof and offsetof, as the C compiler has them -------------------------
run btf.sizeof -q -n 'BEGIN { printf("%d %d %d %d %d %d %d\n",
	sizeof (struct task_struct), sizeof (struct bt_inner),
	sizeof (struct bt_point), sizeof (union bt_val), sizeof (enum bt_color),
	sizeof (enum bt_big), sizeof (struct bt_flex)); exit(0); }' <<EOF
$SZ_TASK ${SZ_INNER:-} ${SZ_POINT:-} ${SZ_VAL:-} ${SZ_COLOR:-} ${SZ_BIG:-} ${SZ_FLEX:-}

EOF

run btf.offsetof -q -n 'BEGIN { printf("%d %d %d %d %d %d\n",
	offsetof(struct task_struct, pid), offsetof(struct task_struct, comm),
	offsetof(struct task_struct, in), offsetof(struct task_struct, in.b),
	offsetof(struct task_struct, in.pt.y), offsetof(struct task_struct, v));
	printf("%d %d %d %d %d %d %d %d %d\n",
	offsetof(struct task_struct, anon_l), offsetof(struct task_struct, anon_i),
	offsetof(struct task_struct, deep), offsetof(struct task_struct, deeper),
	offsetof(struct task_struct, pts), offsetof(struct task_struct, color),
	offsetof(struct task_struct, parent), offsetof(struct task_struct, tint),
	offsetof(struct task_struct, u64v)); exit(0); }' <<EOF
${OFF_PID:-} ${OFF_COMM:-} ${OFF_IN:-} ${OFF_IN_B:-} ${OFF_IN_PT_Y:-} ${OFF_V:-}
${OFF_ANON_L:-} ${OFF_ANON_I:-} ${OFF_DEEP:-} ${OFF_DEEPER:-} ${OFF_PTS:-} \
${OFF_COLOR:-} ${OFF_PARENT:-} ${OFF_TINT:-} ${OFF_U64V:-}

EOF

run btf.sizeof-members -q -n 'BEGIN { printf("%d %d %d %d %d %d\n",
	sizeof (curthread->comm), sizeof (curthread->pts),
	sizeof (curthread->pts[1]), sizeof (*curthread), sizeof (curthread->v),
	sizeof (curthread->flex->data)); exit(0); }' <<EOF
16 $((${SZ_POINT:-0} * 3)) ${SZ_POINT:-} $SZ_TASK ${SZ_VAL:-} 0

EOF

cerr btf.sizeof-incomplete \
	'[D_SIZEOF_TYPE] cannot apply sizeof to incomplete type struct bt_fwd' \
	'BEGIN { trace(sizeof (struct bt_fwd)); }'
cerr btf.sizeof-bitfield '[D_SIZEOF_BITFIELD] cannot apply sizeof to a bit-field: sbf' \
	'BEGIN { trace(sizeof (curthread->sbf)); }'
cerr btf.offsetof-bitfield '[D_OFFSETOF_BITFIELD] cannot take offset of a bit-field: ubf' \
	'BEGIN { trace(offsetof(struct task_struct, ubf)); }'
cerr btf.offsetof-member '[D_TYPE_MEMBER] struct bt_inner has no member named c' \
	'BEGIN { trace(offsetof(struct task_struct, in.c)); }'
cerr btf.offsetof-type \
	'[D_OFFSETOF_TYPE] offsetof( ) must be applied to a struct or union type, not int' \
	'BEGIN { trace(offsetof(struct task_struct, pid.x)); }'

# --- Member access: what the compiler refuses ---------------------------------
cerr btf.no-member '1:24: error: [D_TYPE_MEMBER] struct task_struct has no member named foo' \
	'BEGIN { trace(curthread->foo); }'
cerr btf.no-member-anon '[D_TYPE_MEMBER] struct bt_inner has no member named deep' \
	'BEGIN { trace(curthread->in.deep); }'
cerr btf.arrow-nonptr \
	'[D_OP_PTR] operator -> must be applied to a pointer: struct bt_inner' \
	'BEGIN { trace(curthread->in->a); }'
cerr btf.arrow-int '[D_OP_PTR] operator -> must be applied to a pointer: int' \
	'BEGIN { x = 1; trace(x->pid); }'
cerr btf.arrow-intptr \
	'[D_OP_SOU] operator -> must be applied to a pointer to a struct or union, not int *' \
	'BEGIN { trace(((int *)arg0)->x); }'
cerr btf.dot-ptr \
	'[D_OP_SOU] operator . cannot be applied to a pointer (struct task_struct *): use ->' \
	'BEGIN { trace(curthread->parent.pid); }'
cerr btf.dot-int '[D_OP_SOU] operator . must be applied to a struct or union, not int' \
	'BEGIN { trace(curthread->pid.x); }'
cerr btf.incomplete \
	'[D_OP_INCOMPLETE] operator -> cannot be applied to struct bt_fwd: it is only declared' \
	'BEGIN { trace(curthread->fwd->x); }'
cerr btf.deref-incomplete \
	'[D_DEREF_NONPTR] cannot dereference a pointer to incomplete type struct bt_fwd' \
	'BEGIN { trace(sizeof (*curthread->fwd)); }'
cerr btf.addrof-bitfield '[D_ADDROF_BITFIELD] cannot take address of bit-field' \
	'BEGIN { trace(&curthread->ubf2); }'
cerr btf.float-member '[D_CG_EXPR] member f of type float cannot be loaded yet' \
	'BEGIN { trace(curthread->f); }'
cerr btf.array-bounds '[D_ARR_BOUNDS] index outside array bounds: 3, max is 3' \
	'BEGIN { trace(curthread->pts[3].x); }'
cerr btf.typedef-name '[D_OP_PTR] operator -> must be applied to a pointer: __s32' \
	'BEGIN { trace(curthread->tint->x); }'

# --- Code: the offset, then a load of the member's size and signedness -------
dis btf.dis-member 'BEGIN { trace(curthread->tint); }' <<'EOF'
ldgs DT_VAR(256), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
ldsw [%r1], %r1
ret %r1
EOF
inttab btf.dis-member-offset 'BEGIN { trace(curthread->tint); }' <<EOF
${OFF_TINT:-}
EOF
cmd btf.dis-member-type 0 'D type __s32' -e -S -n 'BEGIN { trace(curthread->tint); }'

dis btf.dis-unsigned 'BEGIN { trace(curthread->parent->u8); }' <<'EOF'
ldgs DT_VAR(256), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
ldx [%r1], %r1
setx DT_INTEGER[1], %r2
add %r1, %r2, %r1
ldub [%r1], %r1
ret %r1
EOF
inttab btf.dis-unsigned-offset 'BEGIN { trace(curthread->parent->u8); }' <<EOF
${OFF_PARENT:-}
$((${OFF_TINT:-0} + 4))
EOF

# The first member: no add.  A struct member's address, then the offset of
# its own member.
dis btf.dis-first 'BEGIN { trace(curthread->pid + curthread->in.pt.y); }' <<'EOF'
ldgs DT_VAR(256), %r1
ldsw [%r1], %r1
ldgs DT_VAR(256), %r2
setx DT_INTEGER[0], %r3
add %r2, %r3, %r2
ldsw [%r2], %r2
add %r1, %r2, %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF
inttab btf.dis-nested-offset 'BEGIN { trace(curthread->in.pt.y); }' <<EOF
${OFF_IN_PT_Y:-}
EOF

# A bitfield: the bytes that hold it, shifted up and back down.
dis btf.dis-bitfield 'BEGIN { trace(curthread->sbf); }' <<'EOF'
ldgs DT_VAR(256), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
ldub [%r1], %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
setx DT_INTEGER[2], %r2
sra %r1, %r2, %r1
ret %r1
EOF

# A char array is a string where D wants one: by reference.
cmd btf.dis-comm 0 'returns string (size 256)' \
	-e -S -n 'BEGIN { trace(curthread->comm); }'
# &p->m and a member of array type: the address, no load.
dis btf.dis-addrof 'BEGIN { trace(&curthread->pts[1]); }' <<'EOF'
ldgs DT_VAR(256), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
setx DT_INTEGER[1], %r2
setx DT_INTEGER[2], %r3
mul %r2, %r3, %r2
add %r1, %r2, %r1
ret %r1
EOF
inttab btf.dis-addrof-scale 'BEGIN { trace(&curthread->pts[1]); }' <<EOF
${OFF_PTS:-}
1
${SZ_POINT:-}
EOF

# A store to a member, as through a pointer: to alloca()'d memory.
dis btf.dis-store 'BEGIN { this->p = (struct bt_point *)alloca(sizeof (struct bt_point));
	this->p->y = 5; }' <<'EOF'
setx DT_INTEGER[0], %r1
ldls DT_VAR(1280), %r2
setx DT_INTEGER[1], %r3
add %r2, %r3, %r2
stw %r1, [%r2]
ret %r1
EOF
cok btf.op-assign 'BEGIN { this->p = (struct bt_point *)alloca(8); this->p->x += 2;
	this->p->y++; }'

# --- Values, read from the simulated kernel memory ----------------------------
run btf.run-members -q -n 'BEGIN { printf("%d %s %d %d %d %d\n", curthread->pid,
	curthread->comm, curthread->in.a, curthread->in.b, curthread->in.pt.x,
	curthread->in.pt.y); exit(0); }' <<'EOF'
4242 bt-child -7 1234567890123 11 -12

EOF

run btf.run-union-anon -q -n 'BEGIN { printf("%x %c %s %d %d %d %d\n",
	curthread->v.u, curthread->v.c[1], curthread->v.c, curthread->anon_l,
	curthread->anon_i, curthread->deep, curthread->deeper); exit(0); }' <<'EOF'
434241 B ABC -5 -5 77 -78

EOF

run btf.run-bitfields -q -n 'BEGIN { printf("%d %d %d %d %x %d\n",
	curthread->ubf, curthread->sbf, curthread->ubf2, curthread->sbf_wide,
	curthread->wide, curthread->swide); exit(0); }' <<'EOF'
5 -9 3000 -300000 fedcba9876 -1000000

EOF

run btf.run-scalars -q -n 'BEGIN { printf("%d %d %d %d %x %d %d\n", curthread->tint,
	curthread->u8, curthread->s8, curthread->s16, curthread->u64v,
	curthread->color, curthread->big); exit(0); }' <<'EOF'
-42 200 -100 -30000 fedcba9876543210 -3 4294967296

EOF

run btf.run-arrays -q -n 'BEGIN { this->i = 2; printf("%d %d %d %d %d\n",
	curthread->pts[0].x, curthread->pts[2].y, curthread->pts[this->i].x,
	curthread->ppt->y, curthread->ppt[1].x); exit(0); }' <<'EOF'
1 22 21 12 21

EOF

run btf.run-pointers -q -n 'BEGIN { printf("%d %s %d %d %d %d %d\n",
	curthread->parent->pid, curthread->parent->comm,
	curthread->parent->parent == NULL, (*curthread).pid,
	&curthread->pts[1] == curthread->ppt, curthread->ppt - &curthread->pts[0],
	(uintptr_t)&curthread->tint - (uintptr_t)curthread); exit(0); }' <<EOF
1 bt-parent 1 4242 1 1 ${OFF_TINT:-}

EOF

run btf.run-strings -q -n 'BEGIN { self->c = curthread->comm; @[curthread->comm] = count();
	printf("%d %d %d %s %s\n", curthread->comm == "bt-child",
	curthread->parent->comm != curthread->comm, strlen(curthread->comm), self->c,
	stringof(curthread->parent->comm)); trace(curthread->comm); exit(0); }' <<'EOF'
1 1 8 bt-child bt-parent
bt-child
  bt-child                                                          1
EOF

run btf.run-variables -q -n 'struct task_struct *p;
	BEGIN { p = curthread->parent; self->t = (struct task_struct *)curthread;
	this->q = &curthread->in.pt; printf("%d %d %d\n", p->pid, self->t->pid,
	this->q->x); exit(0); }' <<'EOF'
1 4242 11

EOF

# A member through a null pointer faults.
ERR='error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): invalid address (0x' \
	run btf.run-null -q -n 'BEGIN { trace(curthread->parent->parent->pid); }' \
	-n 'BEGIN { exit(0); }' <<'EOF'

EOF

# The BTF in an ELF object's .BTF section.
DTRACE_BTF=${BTFELF:-/nonexistent/btf_types-elf.o}
run btf.run-elf -q -n 'BEGIN { printf("%d %s\n", curthread->parent->pid,
	curthread->comm); exit(0); }' <<'EOF'
1 bt-child

EOF

# --- print(): the value with its type -----------------------------------------
# A kernel struct, union or enum through libbpf's dumper of typed data
# (members of value 0 left out, char arrays as strings); the rest, and
# the pointers and arrays D makes of BTF's types, in the same form.
run btf.print-struct -q -n 'BEGIN { print(*curthread); exit(0); }' <<'EOF'
(struct task_struct){
    .pid = (int)4242,
    .comm = (char[16])"bt-child",
    .in = (struct bt_inner){
        .a = (short int)-7,
        .b = (long int)1234567890123,
        .pt = (struct bt_point){
            .x = (int)11,
            .y = (int)-12,
        },
    },
    .v = (union bt_val){
        .u = (unsigned int)4407873,
        .i = (int)4407873,
        .c = (char[4])"ABC",
    },
    (union){
        .anon_l = (long int)-5,
        .anon_i = (int)-5,
    },
    (struct){
        .deep = (int)77,
        (union){
            .deeper = (short int)-78,
        },
    },
    .ubf = (unsigned int)0x5,
    .sbf = (int)0x17,
    .ubf2 = (unsigned int)0xbb8,
    .sbf_wide = (int)0xb6c20,
    .wide = (long long unsigned int)0xfedcba9876,
    .swide = (long long int)0xf0bdc0,
    .pts = (struct bt_point[3])[
        {
            .x = 1,
            .y = 2,
        },
        {
            .x = 11,
            .y = 12,
        },
        {
            .x = 21,
            .y = 22,
        },
    ],
    .color = (enum bt_color)BT_BLUE,
    .big = (enum bt_big)BT_HUGE,
    .parent = (struct task_struct *)0x5a5a000000c0,
    .ppt = (struct bt_point *)0x5a5a00000060,
    .tint = (__s32)-42,
    .u8 = (unsigned char)200,
    .s8 = (signed char)-100,
    .s16 = (short int)-30000,
    .u64v = (long long unsigned int)18364758544493064720,
    .f = (float)1.500000,
}

EOF

run btf.print-values -q -n 'BEGIN { print(curthread->pid); print(curthread->comm);
	print(curthread->color); print(curthread->parent); print("a\"b");
	print(curthread->pts[1]); print(curthread->tint); print(1 == 1);
	print(curthread->in.pt.y * 2L); print(curthread->ubf); exit(0); }' <<'EOF'
(int)4242
(char [16])"bt-child"
(enum bt_color)BT_BLUE
(struct task_struct *)0x5a5a000000c0
(string)"a\"b"
(struct bt_point){
    .x = (int)11,
    .y = (int)12,
}
(__s32)-42
(int)1
(long)-24
(unsigned int)5

EOF

# Without -q the value starts on a line of its own.
TESTING=1 run btf.print-heading -n 'BEGIN { print(curthread->in.pt); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN $
(struct bt_point){
    .x = (int)11,
    .y = (int)-12,
}

EOF

# The bytes of a struct at a bad address: an error, and tracing goes on.
ERR='error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): invalid address (0x0) in action #1' \
	run btf.print-badaddr -q -n 'BEGIN { print(*curthread->parent->parent); }' \
	-n 'BEGIN { print(curthread->parent->pid); exit(0); }' <<'EOF'
(int)1

EOF

cerr btf.print-none '[D_PROTO_LEN] print( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { print(); }'
cerr btf.print-two '[D_PROTO_LEN] print( ) prototype mismatch: 2 args passed, 1 expected' \
	'BEGIN { print(1, 2); }'
cerr btf.print-void '[D_TRACE_VOID] print( ) may not be applied to a void expression' \
	'BEGIN { print((void)0); }'
cerr btf.print-agg '[D_TRACE_AGG] print( ) may not be applied to an aggregation' \
	'BEGIN { @a = count(); print(@a); }'
cerr btf.print-stack '[D_TRACE_DYN] print( ) may not be applied to a dynamic expression' \
	'BEGIN { print(stack()); }'
cerr btf.print-incomplete \
	'[D_DEREF_NONPTR] cannot dereference a pointer to incomplete type struct bt_fwd' \
	'BEGIN { print(*curthread->fwd); }'
cerr btf.print-flex \
	'[D_TRACE_DYN] print( ) may not be applied to incomplete or empty type' \
	'BEGIN { print(curthread->flex->data); }'

# --- Typedef names ------------------------------------------------------------
# The kernel's typedef names are type names where a type may go: that of
# an integer has its size and signedness, that of a struct, union, enum
# or pointer is that type.  D's own type names and variables win.
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}
run btf.typedef-sizeof -q -n 'BEGIN { printf("%d %d %d %d %d %d %d %d %d %d\n",
	sizeof (bt_loff_t), sizeof (bt_gfp2_t), sizeof (bt_atomic_t),
	sizeof (bt_point_t), sizeof (bt_val_t), sizeof (bt_color_t),
	sizeof (bt_task_p), offsetof(bt_point_t, y), offsetof(bt_atomic_t, counter),
	sizeof (hrtime_t)); exit(0); }' <<EOF
8 4 4 ${SZ_POINT:-} ${SZ_VAL:-} ${SZ_COLOR:-} 8 4 0 8

EOF

run btf.typedef-int -q -n 'BEGIN { printf("%d %d %d %u %d\n", (bt_loff_t)-1 < 0,
	(bt_gfp2_t)-1 > 0, (bt_loff_t) - 1, (bt_gfp2_t)0x1ffffffff,
	(bt_loff_t)(bt_gfp_t)-1 > 0); exit(0); }' <<'EOF'
1 1 -1 4294967295 1

EOF
cmd btf.typedef-dtype 0 'D type bt_gfp2_t' -e -S -n 'BEGIN { trace((bt_gfp2_t)arg0); }'

run btf.typedef-members -q -n 'bt_task_p p;
	BEGIN /(bt_loff_t)arg0 == 0/ { p = (bt_task_p)curthread;
	printf("%d %s %d %d %c %d\n", p->parent->pid, ((bt_task_p)curthread)->comm,
	((bt_point_t *)&curthread->pts[1])->y,
	((bt_atomic_t *)&curthread->tint)->counter,
	((bt_val_t *)&curthread->v)->c[1], (*(bt_point_t *)curthread->ppt).x);
	exit(0); }' <<'EOF'
1 bt-child 12 -42 B 11

EOF

cok btf.typedef-decls 'bt_loff_t x; self bt_gfp2_t g; this bt_task_p t;
	bt_atomic_t *a, *b; int arr[bt_loff_t, bt_gfp_t]; inline bt_gfp_t K = 3;
	const bt_point_t *pt;
	BEGIN { x = -1; self->g = K; this->t = (bt_task_p)curthread;
	arr[x, self->g] = this->t->pid; a = (bt_atomic_t *)&curthread->tint;
	pt = (const bt_point_t *)curthread->ppt; trace(a->counter + pt->y);
	this->bt_loff_t = 1; self->bt_gfp_t = this->bt_loff_t; }'

run btf.typedef-print -q -n 'BEGIN { print((bt_gfp2_t)5);
	print(*(bt_atomic_t *)&curthread->tint); print((bt_color_t)2);
	print(*(bt_point_t *)curthread->ppt); exit(0); }' <<'EOF'
(bt_gfp2_t)5
(bt_atomic_t){
    .counter = (int)-42,
}
(enum bt_color)BT_GREEN
(struct bt_point){
    .x = (int)11,
    .y = (int)12,
}

EOF

# A variable of the name is the variable: (x) - 1 is a subtraction.
run btf.typedef-variable -q -n 'BEGIN { bt_gfp_t = 3; }
	BEGIN { printf("%d\n", (bt_gfp_t) - 1); exit(0); }' <<'EOF'
2

EOF

cerr btf.typedef-unknown '1:16: error: [D_TYPE_ERR] nosuch_t is not a known type' \
	'BEGIN { trace((nosuch_t)arg0); }'
cerr btf.typedef-unknown-ptr '[D_TYPE_ERR] nosuch_t is not a known type' \
	'BEGIN { trace((nosuch_t **)arg0); }'
cerr btf.typedef-unknown-offsetof '[D_TYPE_ERR] nosuch_t is not a known type' \
	'BEGIN { trace(offsetof(nosuch_t, x)); }'
cerr btf.typedef-unknown-decl '1:6: error: [D_TYPE_ERR] nosuch_t is not a known type' \
	'self nosuch_t x;'
cerr btf.typedef-unknown-top '1:1: error: [D_TYPE_ERR] nosuch_t is not a known type' \
	'nosuch_t *p;'
cerr btf.typedef-member '[D_TYPE_MEMBER] bt_atomic_t has no member named x' \
	'BEGIN { trace(((bt_atomic_t *)arg0)->x); }'
sou='[D_OP_SOU] operator -> must be applied to a pointer to a struct or union'
cerr btf.typedef-not-sou "$sou, not bt_loff_t *" \
	'BEGIN { trace(((bt_loff_t *)arg0)->x); }'

# Without BTF: an error where only a type may go, and nothing where an
# expression may.
DTRACE_BTF=/nonexistent/btf
cerr btf.typedef-none \
	"[D_TYPE_ERR] bt_loff_t is not a known type: $BTF_NONE /nonexistent/btf" \
	'BEGIN { trace((bt_loff_t)arg0); }'
cok btf.typedef-none-expr 'BEGIN { x = 1; trace((x) - 1); trace(sizeof (x));
	trace((x) * 2); trace((x)); } BEGIN END { }'

# --- inet_ntoa6(): an in6_addr_t *, the kernel's struct in6_addr -------------
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}
cok btf.in6-ok 'struct in6_addr *a; BEGIN { a = (struct in6_addr *)arg0;
	trace(inet_ntoa6(a)); trace(inet_ntoa6(arg0)); trace(inet_ntoa6((void *)arg1));
	trace(inet_ntoa6(alloca(16))); trace(inet_ntoa6(copyin(arg0, 16)));
	trace(inet_ntoa6(NULL)); trace(inet_ntoa6((uintptr_t)a)); }'
cerr btf.in6-int-ptr \
	'[D_PROTO_ARG] inet_ntoa6( ) argument #1 is incompatible with prototype:' \
	'int *p; BEGIN { p = alloca(sizeof (int) * 4); trace(inet_ntoa6(p)); }'
cerr btf.in6-int-ptr-types '	 argument: int *' \
	'int *p; BEGIN { p = alloca(sizeof (int) * 4); trace(inet_ntoa6(p)); }'
cerr btf.in6-other-struct '[D_PROTO_ARG] inet_ntoa6( ) argument #1' \
	'BEGIN { trace(inet_ntoa6((struct bt_point *)arg0)); }'
cerr btf.in6-bytes '[D_PROTO_ARG] inet_ntoa6( ) argument #1' \
	'BEGIN { trace(inet_ntoa6(curthread->comm)); }'
cerr btf.in6-string '[D_PROTO_ARG] inet_ntoa6( ) argument #1' \
	'BEGIN { trace(inet_ntoa6("::1")); }'
cerr btf.in6-int '[D_PROTO_ARG] inet_ntoa6( ) argument #1' \
	'BEGIN { trace(inet_ntoa6(pid)); }'
cerr btf.in6-few '[D_PROTO_LEN] inet_ntoa6( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { inet_ntoa6(); }'
cerr btf.in6-many '[D_PROTO_LEN] inet_ntoa6( ) prototype mismatch: 3 args passed, 1 expected' \
	'BEGIN { inet_ntoa6(0, 0, 0); }'

unset DTRACE_BTF FAKEDEV_KMEM FAKEDEV_KMEM_ADDR
