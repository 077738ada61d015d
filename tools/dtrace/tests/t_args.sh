# SPDX-License-Identifier: GPL-2.0-only
#
# The types of args[] at fbt probes, from the BTF that pahole made of the
# functions of tests/btf_types.c (BTFRAW) in place of the kernel's: what
# the compiler makes of them (the D type of a DIFO in -S output, its
# errors), the values read at the simulated device's fbt probes on
# bt_func, whose first argument points to the struct task_struct that
# btf_types wrote as its kernel memory, and -l -v.  Sourced by
# run-tests.sh.

ARGS_KMEM_ADDR=5a5a00000000
if [ -z "${BTFTYPES:-}" ] ||
   ! "$BTFTYPES" image "$TMP/args-kmem" "$ARGS_KMEM_ADDR"; then
	# The checks that read it fail.
	: >"$TMP/args-kmem"
fi
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}
FAKEDEV_KMEM=$TMP/args-kmem
FAKEDEV_KMEM_ADDR=$ARGS_KMEM_ADDR
export DTRACE_BTF FAKEDEV_KMEM FAKEDEV_KMEM_ADDR

# The D type of the last DIFO of PROG's -S output is WANT, exactly.
dtype() {
	want "$1" || return 0
	if ! "$DTRACE" -e -S -n "$3" >"$TMP/out" 2>&1; then
		fail "$1" "does not compile" "$(cat "$TMP/out")"
		return
	fi
	got=$(sed -n 's/^DIFO .*, D type //p' "$TMP/out" | tail -n 1)
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "wanted: $2" "got: $got"
	fi
}

# The index args[] is read at in the last DIFO of PROG's -S output (the
# constant set just before the ldga) is WANT.
argidx() {
	want "$1" || return 0
	if ! "$DTRACE" -e -S -n "$3" >"$TMP/out" 2>&1; then
		fail "$1" "does not compile" "$(cat "$TMP/out")"
		return
	fi
	got=$(awk '
		/^DIFO / { v = "" }
		/ setx / { x = $NF }
		/ ldga / && /"args"/ { v = x }
		END { print v }
	' "$TMP/out")
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "wanted: $2" "got: $got"
	fi
}

# PROG compiles without reading the BTF: DTRACE_BTF is a FIFO that no one
# writes, whose open() would wait until the timeout.
nobtf() {
	want "$1" || return 0
	rm -f "$TMP/btf-fifo"
	mkfifo "$TMP/btf-fifo"
	DTRACE_BTF=$TMP/btf-fifo timeout "${TIMEOUT:-10}" "$DTRACE" -e \
		-xerrtags -xerrstyle=gnu -n "$2" >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" = "${RC:-0}" ]; then
		pass "$1"
	else
		fail "$1" "exit status $rc, wanted ${RC:-0}" "$(cat "$TMP/out")"
	fi
}

# --- The types: entry ----------------------------------------------------------
dtype args.entry-ptr 'struct task_struct *' 'fbt::bt_func:entry { trace(args[0]); }'
dtype args.entry-int 'int' 'fbt::bt_func:entry { trace(args[1]); }'
dtype args.entry-ushort 'short unsigned int' 'fbt::bt_func:entry { trace(args[2]); }'
dtype args.entry-bool '_Bool' 'fbt::bt_func:entry { trace(args[3]); }'
dtype args.entry-charp 'char *' 'fbt::bt_func:entry { trace(args[4]); }'
dtype args.entry-enum 'enum bt_color' 'fbt::bt_func:entry { trace(args[5]); }'
dtype args.entry-full-desc 'int' 'fbt:vmlinux:bt_func:entry { trace(args[1]); }'
dtype args.entry-two-descs 'int' \
	'fbt::bt_func:entry, fbt:vmlinux:bt_func:entry { trace(args[1]); }'
dtype args.entry-pred 'int' 'fbt::bt_func:entry /args[0]->pid/ { trace(args[1]); }'
dtype args.entry-member '__s32' 'fbt::bt_func:entry { trace(args[0]->parent->tint); }'
dtype args.entry-var 'struct task_struct *' \
	'fbt::bt_func:entry { self->t = args[0]; trace(self->t); }'

# --- The types: return -------------------------------------------------------
dtype args.return-value 'short int' 'fbt::bt_func:return { trace(args[1]); }'
dtype args.return-offset 'int64_t' 'fbt::bt_func:return { trace(args[0]); }'
dtype args.return-ptr 'struct task_struct *' \
	'fbt::bt_func:entry { self->t = args[0]; }
	 fbt::bt_func:return { trace(self->t); }'

# --- Out of range, and what fbt does not pass ---------------------------------
cerr args.range-entry \
	'1:28: error: [D_ARGS_IDX] index 6 is out of range for fbt::bt_func:entry args[ ]' \
	'fbt::bt_func:entry { trace(args[6]); }'
cerr args.range-none '[D_ARGS_IDX] index 0 is out of range for fbt::bt_void:entry args[ ]' \
	'fbt::bt_void:entry { trace(args[0]); }'
RANGE='[D_ARGS_IDX] index 1 is out of range for fbt::bt_vararg:entry args[ ]:'
cerr args.range-vararg "$RANGE the variable arguments (...) of bt_vararg have no type" \
	'fbt::bt_vararg:entry { trace(args[1]); }'
cerr args.range-return \
	'[D_ARGS_IDX] index 2 is out of range for fbt::bt_func:return args[ ]' \
	'fbt::bt_func:return { trace(args[2]); }'
RANGE='[D_ARGS_IDX] index 1 is out of range for fbt::bt_void:return args[ ]'
cerr args.range-void "$RANGE: bt_void returns void" \
	'fbt::bt_void:return { trace(args[1]); }'
cerr args.range-pred '[D_ARGS_IDX] index 7 is out of range for fbt::bt_func:entry' \
	'fbt::bt_func:entry /args[7]/ { }'
cerr args.range-ten '[D_ARGS_IDX] index 10 is out of range for args[ ]' \
	'fbt::bt_func:entry { trace(args[10]); }'
UNAVAIL='[D_ARGS_TYPE] args[6] of fbt::bt_many:entry cannot be used:'
cerr args.stack \
	"$UNAVAIL it is passed on the stack, and fbt has only the 6 register arguments" \
	'fbt::bt_many:entry { trace(args[5]); trace(args[6]); }'
UNAVAIL='[D_ARGS_TYPE] args[0] of fbt::bt_byval:entry cannot be used:'
cerr args.byval-struct \
	"$UNAVAIL it is of type struct bt_inner, which is not an integer or a pointer" \
	'fbt::bt_byval:entry { trace(args[0]); }'
UNAVAIL='[D_ARGS_TYPE] args[2] of fbt::bt_byval:entry cannot be used:'
cerr args.byval-pair "$UNAVAIL it is of type struct bt_pair" \
	'fbt::bt_byval:entry { trace(args[2]); }'
UNAVAIL='[D_ARGS_TYPE] args[0] of fbt::bt_float:entry cannot be used:'
cerr args.float "$UNAVAIL it is of type float" \
	'fbt::bt_float:entry { trace(args[0]); }'
UNAVAIL='[D_ARGS_TYPE] args[1] of fbt::bt_sret:return cannot be used:'
cerr args.return-struct "$UNAVAIL it is of type struct bt_inner" \
	'fbt::bt_sret:return { trace(args[1]); }'

# --- The register that has args[i] --------------------------------------------
argidx args.reg-plain 0x5 'fbt::bt_func:entry { trace(args[5]); }'
# Moved by a struct on the stack (none) and ones in two registers.
argidx args.reg-byval-stack 0x0 'fbt::bt_byval:entry { trace(args[1]); }'
argidx args.reg-byval-pairs 0x5 'fbt::bt_byval:entry { trace(args[4]); }'
dtype args.reg-byval-type 'int' 'fbt::bt_byval:entry { trace(args[4]); }'
# A struct that does not fit in the registers left goes on the stack,
# and the next argument in the register.
argidx args.reg-spill 0x5 'fbt::bt_spill:entry { trace(args[6]); }'
UNAVAIL='[D_ARGS_TYPE] args[5] of fbt::bt_spill:entry cannot be used:'
cerr args.reg-spilled "$UNAVAIL it is of type struct bt_pair" \
	'fbt::bt_spill:entry { trace(args[5]); }'
# Moved by the hidden pointer to the struct returned.
argidx args.reg-sret 0x1 'fbt::bt_sret:entry { trace(args[0]); }'
# Not moved by a float, in an SSE register.
argidx args.reg-float 0x0 'fbt::bt_float:entry { trace(args[1]); }'
argidx args.reg-return 0x1 'fbt::bt_func:return { trace(args[1]); }'

# --- Code: a narrower type is brought to its width, as a cast does ----------
dis args.dis-int 'fbt::bt_func:entry { trace(args[1]); }' <<'EOF'
setx DT_INTEGER[0], %r1
ldga DT_VAR(0), %r1, %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF
dis args.dis-ushort 'fbt::bt_func:entry { trace(args[2]); }' <<'EOF'
setx DT_INTEGER[0], %r1
ldga DT_VAR(0), %r1, %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
srl %r1, %r2, %r1
ret %r1
EOF
dis args.dis-ptr 'fbt::bt_func:entry { trace(args[0]); }' <<'EOF'
setx DT_INTEGER[0], %r1
ldga DT_VAR(0), %r1, %r1
ret %r1
EOF

# --- Values, at the simulated bt_func ---------------------------------------
# Registers with garbage above the parameter: int -10, unsigned short
# 0xab12, _Bool 1, enum -3; the return value a short, -32767.
run args.run-narrow -q -n 'fbt::bt_func:entry { printf("%d %d %d %d %d %d\n",
	args[1], args[2], args[3], args[5], args[1] + args[2], args[1] * 2);
	exit(0); }' <<'EOF'
-10 43794 1 -3 43784 -20

EOF

run args.run-return -q -n 'fbt::bt_func:return { printf("%d %d %x\n", args[0],
	args[1], args[1] & 0xffff); exit(0); }' <<'EOF'
42 -32767 8001

EOF

run args.run-members -q -n 'fbt::bt_func:entry { printf("%d %s %d %d %s %s\n",
	args[0]->pid, args[0]->comm, args[0]->parent->pid, args[0]->in.pt.y,
	stringof(args[0]->parent->comm), args[0]->parent->comm); trace(args[0]->tint);
	exit(0); }' <<'EOF'
4242 bt-child 1 -12 bt-parent bt-parent
-42
EOF

run args.run-agg -q -n 'fbt::bt_func:entry { @k[args[1], args[0]->comm] = count();
	@s = sum(args[1]); @q = max(args[2]); exit(0); }' <<'EOF'

      -10  bt-child                                                          1
              -10
            43794
EOF

run args.run-pred -q -n 'fbt::bt_func:entry /args[1] < 0 && args[0]->pid == 4242/ {
	printf("%d\n", args[1]); }' -n 'fbt::bt_func:entry { exit(0); }' <<'EOF'
-10

EOF

# --- Where args[] stays int64_t ------------------------------------------------
INT64_PTR='[D_OP_PTR] operator -> must be applied to a pointer: int64_t'
cerr args.glob "$INT64_PTR" 'fbt::bt_func*:entry { trace(args[0]->pid); }'
cerr args.glob-class "$INT64_PTR" 'fbt::bt_fun[c]:entry { trace(args[0]->pid); }'
cerr args.two-funcs "$INT64_PTR" \
	'fbt::bt_func:entry, fbt::bt_sret:entry { trace(args[0]->pid); }'
cerr args.entry-and-return "$INT64_PTR" \
	'fbt::bt_func:entry, fbt::bt_func:return { trace(args[0]->pid); }'
cerr args.any-name "$INT64_PTR" 'fbt::bt_func: { trace(args[0]->pid); }'
cerr args.other-provider "$INT64_PTR" 'syscall::read:entry { trace(args[0]->pid); }'
cerr args.no-provider "$INT64_PTR" 'bt_func:entry { trace(args[0]->pid); }'
cerr args.variable-index "$INT64_PTR" \
	'fbt::bt_func:entry { this->i = 0; trace(args[this->i]->pid); }'
cerr args.not-in-btf "$INT64_PTR" 'fbt::bt_absent:entry { trace(args[0]->pid); }'
dtype args.not-in-btf-range 'int64_t' 'fbt::bt_absent:entry { trace(args[9]); }'
dtype args.glob-type 'int64_t' 'fbt::bt_*:entry { trace(args[1]); }'

# Without BTF: int64_t, and no error, as ever.
DTRACE_BTF=/nonexistent/btf
cerr args.nobtf-ptr "$INT64_PTR" 'fbt::bt_func:entry { trace(args[0]->pid); }'
dtype args.nobtf-type 'int64_t' 'fbt::bt_func:entry { trace(args[1]); }'
cok args.nobtf-range 'fbt::bt_void:entry { trace(args[0] + args[9]); }
	fbt::bt_void:return { trace(args[1]); }'
run args.nobtf-run -q -n 'fbt::bt_func:entry { printf("%x %x\n", args[1], args[2]);
	exit(0); }' <<'EOF'
5555aaaafffffff6 dead0000ab12

EOF
DTRACE_BTF=${BTFRAW:-/nonexistent/btf_types.btf}

# The BTF is read only for args[i] of a constant i at an fbt probe of one
# function: not for arg0, a glob, the offset at return, another provider.
nobtf args.lazy-arg0 'fbt::bt_func:entry { trace(arg0); trace(arg1); }'
nobtf args.lazy-glob 'fbt::bt_func*:entry { trace(args[0]); }'
nobtf args.lazy-index 'fbt::bt_func:entry { this->i = 1; trace(args[this->i]); }'
nobtf args.lazy-return 'fbt::bt_func:return { trace(args[0]); }'
nobtf args.lazy-syscall 'syscall::read:entry { trace(args[0]); }'
# ... and the check itself: args[0] at entry reads it, and times out.
TIMEOUT=1 RC=124 nobtf args.lazy-reads 'fbt::bt_func:entry { trace(args[0]); }'

# --- dtrace -l -v ---------------------------------------------------------------
ARGS_LIST_HEAD='   ID   PROVIDER            MODULE                          FUNCTION NAME'
ARGS_LIST_ATTRS='
	Probe Description Attributes
		Identifier Names: Private
		Data Semantics:   Private
		Dependency Class: ISA

	Argument Attributes
		Identifier Names: Private
		Data Semantics:   Private
		Dependency Class: ISA

	Argument Types'

run args.list-entry -l -v -n 'fbt::bt_func:entry' <<EOF
$ARGS_LIST_HEAD
   16        fbt           vmlinux                           bt_func entry
$ARGS_LIST_ATTRS
		args[0]: struct task_struct *
		args[1]: int
		args[2]: short unsigned int
		args[3]: _Bool
		args[4]: char *
		args[5]: enum bt_color

EOF

run args.list-return -l -v -n 'fbt::bt_func:return' <<EOF
$ARGS_LIST_HEAD
   17        fbt           vmlinux                           bt_func return
$ARGS_LIST_ATTRS
		args[0]: int64_t
		args[1]: short int

EOF

run args.list-none -l -v -n 'fbt::bt_void:entry' <<EOF
$ARGS_LIST_HEAD
   18        fbt           vmlinux                           bt_void entry
$ARGS_LIST_ATTRS
		None

EOF

# A function the BTF does not have, and no BTF: the registers, untyped.
ARGS_LIST_UNTYPED='		args[0]: uint64_t
		args[1]: uint64_t
		args[2]: uint64_t
		args[3]: uint64_t
		args[4]: uint64_t
		args[5]: uint64_t'
run args.list-absent -l -v -n 'fbt::bt_absent:entry' <<EOF
$ARGS_LIST_HEAD
   19        fbt           vmlinux                         bt_absent entry
$ARGS_LIST_ATTRS
$ARGS_LIST_UNTYPED

EOF

DTRACE_BTF=/nonexistent/btf
run args.list-nobtf -l -v -n 'fbt::bt_func:entry' <<EOF
$ARGS_LIST_HEAD
   16        fbt           vmlinux                           bt_func entry
$ARGS_LIST_ATTRS
$ARGS_LIST_UNTYPED

EOF

unset DTRACE_BTF FAKEDEV_KMEM FAKEDEV_KMEM_ADDR
