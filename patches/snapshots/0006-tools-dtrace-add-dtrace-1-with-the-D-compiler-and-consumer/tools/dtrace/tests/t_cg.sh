# SPDX-License-Identifier: GPL-2.0-only
#
# Code generation: the DIF of representative expressions, as -S prints
# it (the last DIFO of each program).  Sourced by run-tests.sh.

dis cg.const-fold 'BEGIN { trace(1 + 2 * 3); }' <<'EOF'
setx DT_INTEGER[0], %r1
ret %r1
EOF

# Multiplication first; int arithmetic is brought back to 32 bits once.
dis cg.precedence 'BEGIN { x = 1; y = 2; z = 3; trace(x + y * z); }' <<'EOF'
ldgs DT_VAR(1280), %r1
ldgs DT_VAR(1281), %r2
ldgs DT_VAR(1282), %r3
mul %r2, %r3, %r2
add %r1, %r2, %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF

dis cg.int64-no-normalize 'BEGIN { trace(arg0 + arg1 * arg2); }' <<'EOF'
ldgs DT_VAR(262), %r1
ldgs DT_VAR(263), %r2
ldgs DT_VAR(264), %r3
mul %r2, %r3, %r2
add %r1, %r2, %r1
ret %r1
EOF

dis cg.string-compare 'BEGIN /probefunc == "read"/ { }' <<'EOF'
ldgs DT_VAR(276), %r1
sets DT_STRING[0], %r2
scmp %r1, %r2
mov %r0, %r1
bne 6
setx DT_INTEGER[0], %r1
ret %r1
EOF

dis cg.deref-null 'BEGIN { trace(*(int *)0); }' <<'EOF'
setx DT_INTEGER[0], %r1
ldsw [%r1], %r1
ret %r1
EOF

dis cg.deref-sizes \
	'BEGIN { trace(*(unsigned short *)arg0 + *(char *)arg1 + *(long *)arg2); }' <<'EOF'
ldgs DT_VAR(262), %r1
lduh [%r1], %r1
ldgs DT_VAR(263), %r2
ldsb [%r2], %r2
add %r1, %r2, %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
srl %r1, %r2, %r1
ldgs DT_VAR(264), %r2
ldx [%r2], %r2
add %r1, %r2, %r1
ret %r1
EOF

dis cg.tls 'BEGIN { self->x = 1; }' <<'EOF'
setx DT_INTEGER[0], %r1
stts DT_VAR(1280), %r1
ret %r1
EOF

dis cg.clause-local 'BEGIN { this->x = arg0; trace(this->x); }' <<'EOF'
ldls DT_VAR(1280), %r1
ret %r1
EOF

dis cg.args 'BEGIN { trace(args[2]); }' <<'EOF'
setx DT_INTEGER[0], %r1
ldga DT_VAR(0), %r1, %r1
ret %r1
EOF

dis cg.cast-char 'BEGIN { trace((char)arg0); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF

dis cg.cast-uchar 'BEGIN { trace((uint8_t)arg0); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
srl %r1, %r2, %r1
ret %r1
EOF

dis cg.sdiv 'BEGIN { trace(arg0 / arg1); }' <<'EOF'
ldgs DT_VAR(262), %r1
ldgs DT_VAR(263), %r2
sdiv %r1, %r2, %r1
ret %r1
EOF

dis cg.urem-const 'BEGIN { trace((unsigned)arg0 % 7); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
srl %r1, %r2, %r1
setx DT_INTEGER[1], %r2
urem %r1, %r2, %r1
ret %r1
EOF

dis cg.unsigned-compare 'BEGIN { trace(timestamp < 5); }' <<'EOF'
ldgs DT_VAR(257), %r1
setx DT_INTEGER[0], %r2
cmp %r1, %r2
mov %r0, %r1
bgeu 6
setx DT_INTEGER[1], %r1
ret %r1
EOF

dis cg.signed-compare 'BEGIN { exit(arg0 > 3); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
cmp %r1, %r2
mov %r0, %r1
ble 6
setx DT_INTEGER[1], %r1
ret %r1
EOF

dis cg.post-increment 'BEGIN { trace(x++); }' <<'EOF'
ldgs DT_VAR(1280), %r1
mov %r1, %r2
setx DT_INTEGER[0], %r3
add %r1, %r3, %r1
stgs DT_VAR(1280), %r1
ret %r2
EOF

dis cg.pre-decrement-int 'int x; BEGIN { trace(--x); }' <<'EOF'
ldgs DT_VAR(1280), %r1
setx DT_INTEGER[0], %r2
sub %r1, %r2, %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
stgs DT_VAR(1280), %r1
ret %r1
EOF

dis cg.ptr-increment 'BEGIN { p = (int *)arg0; p++; }' <<'EOF'
ldgs DT_VAR(1280), %r1
mov %r1, %r2
setx DT_INTEGER[0], %r3
add %r1, %r3, %r1
stgs DT_VAR(1280), %r1
ret %r2
EOF

dis cg.opassign 'BEGIN { x = 1; x += arg0; }' <<'EOF'
ldgs DT_VAR(1280), %r1
ldgs DT_VAR(262), %r2
add %r1, %r2, %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
stgs DT_VAR(1280), %r1
ret %r1
EOF

dis cg.negate 'BEGIN { trace(-arg0); }' <<'EOF'
ldgs DT_VAR(262), %r1
sub %r0, %r1, %r1
ret %r1
EOF

dis cg.lneg 'BEGIN { trace(!arg0); }' <<'EOF'
ldgs DT_VAR(262), %r1
tst %r1
mov %r0, %r1
bne 5
setx DT_INTEGER[0], %r1
ret %r1
EOF

dis cg.land-lor 'BEGIN { trace(arg0 && arg1 || arg2); }' <<'EOF'
ldgs DT_VAR(262), %r1
tst %r1
mov %r0, %r1
be 8
ldgs DT_VAR(263), %r2
tst %r2
be 8
setx DT_INTEGER[0], %r1
tst %r1
setx DT_INTEGER[0], %r1
bne 16
ldgs DT_VAR(264), %r2
tst %r2
mov %r0, %r1
be 16
setx DT_INTEGER[0], %r1
ret %r1
EOF

dis cg.lxor 'BEGIN { trace(arg0 ^^ arg1); }' <<'EOF'
ldgs DT_VAR(262), %r1
tst %r1
mov %r0, %r1
be 5
setx DT_INTEGER[0], %r1
ldgs DT_VAR(263), %r2
tst %r2
mov %r0, %r2
be 10
setx DT_INTEGER[0], %r2
xor %r1, %r2, %r1
ret %r1
EOF

dis cg.ternary 'BEGIN { trace(arg0 ? "yes" : "no"); }' <<'EOF'
ldgs DT_VAR(262), %r1
tst %r1
be 6
sets DT_STRING[0], %r2
mov %r2, %r1
ba 8
sets DT_STRING[4], %r2
mov %r2, %r1
ret %r1
EOF

dis cg.string-var 'BEGIN { s = "abc"; t = s; }' <<'EOF'
ldgs DT_VAR(1280), %r1
stgs DT_VAR(1281), %r1
ret %r1
EOF

dis cg.subr 'BEGIN { trace(strlen(execname)); }' <<'EOF'
ldgs DT_VAR(280), %r1
flushts
setx DT_INTEGER[0], %r2
pushtr DIF_TYPE_STRING, %r2, %r1
call DIF_SUBR(12), %r1
ret %r1
EOF

dis cg.assoc-store 'BEGIN { a["k", 1] = 5; }' <<'EOF'
setx DT_INTEGER[0], %r1
sets DT_STRING[2], %r2
setx DT_INTEGER[1], %r3
flushts
setx DT_INTEGER[2], %r4
pushtr DIF_TYPE_STRING, %r4, %r2
pushtv DIF_TYPE_CTF, %r3
stgaa DT_VAR(1280), %r1
ret %r1
EOF

dis cg.exit-narrow 'BEGIN { exit(arg0); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF

dis cg.inttab-dedup 'BEGIN { trace(arg0 + 5 + arg1 + 5); }' <<'EOF'
ldgs DT_VAR(262), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
ldgs DT_VAR(263), %r2
add %r1, %r2, %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
ret %r1
EOF

dis cg.comma 'BEGIN { trace((x = 1, x + 1)); }' <<'EOF'
setx DT_INTEGER[0], %r1
stgs DT_VAR(1280), %r1
ldgs DT_VAR(1280), %r1
setx DT_INTEGER[0], %r2
add %r1, %r2, %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
sra %r1, %r2, %r1
ret %r1
EOF

# Every branch goes forward, whatever the nesting.
fwd cg.forward-branches 'BEGIN /arg0 && (arg1 || !arg2) ^^ arg3/ {
	x = arg0 ? (arg1 ? 1 : 2) : (arg2 > arg3 ? 3 : arg4 == 0);
	y = x < 2 || x >= 3 && x != 4;
	trace(arg0 ? "a" : arg1 ? "b" : "c");
}'

# The tables: integers, strings and variables, with their flags.
cmd cg.vartab-flags 0 'x                500    scl  glb  rw   integer (size 8)' \
	-e -S -n 'BEGIN { x = 1; x = x + 1; }'
cmd cg.vartab-string 0 's                500    scl  glb  w    string (size 256)' \
	-e -S -n 'BEGIN { s = "a"; }'
cmd cg.vartab-strsize 0 's                500    scl  glb  w    string (size 512)' \
	-e -S -x strsize=512 -n 'BEGIN { s = "a"; }'
cmd cg.vartab-tls 0 'x                500    scl  tls  w    integer (size 8)' \
	-e -S -n 'BEGIN { self->x = 1; }'
cmd cg.strtab 0 '00: "hello\tworld\n"' \
	-e -S -n 'BEGIN { trace("hello\tworld\n"); }'
cmd cg.rtype-string 0 'DIFO action #1 (difexpr) returns string (size 256), D type string' \
	-e -S -n 'BEGIN { trace(execname); }'
cmd cg.rtype-short 0 'DIFO action #1 (difexpr) returns integer (size 2), D type short' \
	-e -S -n 'BEGIN { trace((short)1); }'
cmd cg.rtype-void 0 'DIFO action #1 (difexpr) returns void' \
	-e -S -n 'BEGIN { x = 1; }'
cmd cg.predicate 0 'DIFO predicate returns integer (size 4), D type int' \
	-e -S -n 'BEGIN /arg0 == 1/ { }'
cmd cg.words 0 '00: 25000001    setx    DT_INTEGER[0], %r1       ! 0x7' \
	-e -S -n 'BEGIN { trace(7); }'
cmd cg.trace-char-ptr 0 'DIFO action #1 (difexpr) returns integer (size 8), D type char *' \
	-e -S -n 'BEGIN { trace((char *)arg0); }'
cmd cg.trace-stringof 0 'DIFO action #1 (difexpr) returns string (size 256), D type string' \
	-e -S -n 'BEGIN { trace(stringof((char *)arg0)); }'
cmd cg.printf-char-ptr 0 'DIFO action #2 (libact) returns string (size 256), D type string' \
	-e -S -n 'BEGIN { printf("%s", (char *)arg0); }'
