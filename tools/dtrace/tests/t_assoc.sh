# SPDX-License-Identifier: GPL-2.0-only
#
# Associative arrays and thread-local variables: what the compiler
# accepts and refuses, the DIF it makes (tuples pushed after a flushts,
# ldgaa/stgaa/ldtaa/sttaa), and what runs against the simulated device
# (tests/fake_dev.c), which keeps the elements in a list and counts
# dynamic variable drops when dynvarsize is used up.  Sourced by
# run-tests.sh.

# --- The language ----------------------------------------------------------

cok assoc.multi-key 'BEGIN { a["x", 1, "y"] = 2; trace(a["x", 1, "y"]); }'
cok assoc.self-array 'BEGIN { self->a[1, "k"] = 2; trace(self->a[1, "k"]); }'
cok assoc.string-value 'BEGIN { s[pid] = execname; trace(s[pid]); }'
cok assoc.declared 'int64_t a[string]; BEGIN { a["x"]++; a["y"] += 2; }'
cok assoc.nested 'BEGIN { a[1] = 2; b[a[1]] = a[a[1]]; }'
cerr assoc.too-few '[D_PROTO_LEN] x[ ] prototype mismatch: 1 key passed, 2 expected' \
	'BEGIN { x[1, 2] = 1; } END { x[1] = 2; }'
cerr assoc.bad-key-type '[D_PROTO_ARG] x[ ] key #2 is incompatible with prototype' \
	'BEGIN { x[1, "a"] = 1; } END { x[1, 2] = 2; }'
cerr assoc.value-type '[D_OP_INCOMPAT] operands have incompatible types' \
	'BEGIN { x[1] = 1; } END { x[2] = "s"; }'
cerr assoc.read-first '[D_VAR_UNDEF]' 'BEGIN { trace(y[1]); }'
cerr assoc.this-array '[D_ARR_LOCAL] local variables may not be used as associative arrays' \
	'BEGIN { this->a[1] = 2; }'

# --- Code ------------------------------------------------------------------

dis assoc.load-self 'BEGIN { self->a["k"] = 1; trace(self->a["k"]); }' <<'EOF'
sets DT_STRING[2], %r1
flushts
setx DT_INTEGER[0], %r2
pushtr DIF_TYPE_STRING, %r2, %r1
ldtaa DT_VAR(1280), %r1
ret %r1
EOF

dis assoc.delete 'BEGIN { a[1] = 0; }' <<'EOF'
setx DT_INTEGER[0], %r1
setx DT_INTEGER[1], %r2
flushts
pushtv DIF_TYPE_CTF, %r2
stgaa DT_VAR(1280), %r1
ret %r1
EOF

fwd assoc.forward 'BEGIN { a[1 ? "x" : "y", 2] = 3; trace(a["x", 2] ? 1 : 0); }'

# --- Running ---------------------------------------------------------------

run assoc.count-by-string -q -n 'BEGIN { a["x"] = 1; a["y"] = 2; a["x"] += 10;
	printf("%d %d %d\n", a["x"], a["y"], a["z"]); exit(0); }' <<'EOF'
11 2 0

EOF

run assoc.multi-key-run -q -n 'BEGIN { a["k", 1] = 1; a["k", 2] = 2; a["j", 1] = 3;
	printf("%d %d %d %d\n", a["k", 1], a["k", 2], a["j", 1], a["j", 2]);
	exit(0); }' <<'EOF'
1 2 3 0

EOF

run assoc.delete-run -q -n 'BEGIN { a[1] = 1; a[2] = 2; a[1] = 0;
	printf("%d %d\n", a[1], a[2]); exit(0); }' <<'EOF'
0 2

EOF

run assoc.strings -q -n 'BEGIN { s[1] = "one"; s[2] = "two";
	printf("%s %s [%s]\n", s[1], s[2], s[3]); exit(0); }' <<'EOF'
one two []

EOF

run assoc.nested-run -q -n 'BEGIN { a[1, 2, 3] = 1234; a[3, 2, 3] = 4321;
	a[3, 2, 1] = 2;
	printf("%d\n", a[1, a[3, a[3, a[3, a[3, 2, 1], 1], 1], 1], 3]);
	exit(0); }' <<'EOF'
1234

EOF

run assoc.self-run -q -n 'BEGIN { self->t[1] = 5; self->t[2] = self->t[1] * 2;
	self->x = 3; printf("%d %d %d\n", self->t[1], self->t[2], self->x);
	exit(0); }' <<'EOF'
5 10 3

EOF

ERR='dynamic variable drop' run assoc.drops -q -x dynvarsize=32 \
	-n 'BEGIN { a[1] = 1; a[2] = 2; a[3] = 3; a[4] = 4;
	printf("%d %d %d %d\n", a[1], a[2], a[3], a[4]); exit(0); }' <<'EOF'
1 2 0 0

EOF
