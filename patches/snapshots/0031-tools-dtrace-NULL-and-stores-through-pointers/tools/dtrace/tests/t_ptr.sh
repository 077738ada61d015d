# SPDX-License-Identifier: GPL-2.0-only
#
# NULL and stores through pointers.  Sourced by run-tests.sh.

cok null.string-arg 'BEGIN { trace(strtok(NULL, ",")); }'
cok null.compare 'BEGIN { trace(strtok(NULL, ",") == NULL); }'
cok null.compare-left 'BEGIN { trace(NULL != strstr("a", "b")); }'
cok null.pointer 'BEGIN { p = (int *)NULL; trace(p == NULL); }'
cerr null.int-arg '[D_PROTO_ARG] strtok( ) argument #1 is incompatible' \
	'BEGIN { strtok(1234, "abc"); }'
cok null.variable 'BEGIN { NULL = 3; trace(NULL + 1); }'

# The store is of the pointee's size, at the computed address.
dis ptr.store-byte 'BEGIN { this->a = (uint8_t *)alloca(4); this->a[1] = 7; }' <<'EOF'
setx DT_INTEGER[0], %r1
setx DT_INTEGER[1], %r2
sll %r1, %r2, %r1
srl %r1, %r2, %r1
ldls DT_VAR(1280), %r2
setx DT_INTEGER[2], %r3
add %r2, %r3, %r2
stb %r1, [%r2]
ret %r1
EOF

dis ptr.store-u64 'BEGIN { p = (uint64_t *)alloca(16); *(p + 1) = 5; }' <<'EOF'
setx DT_INTEGER[0], %r1
ldgs DT_VAR(1280), %r2
setx DT_INTEGER[1], %r3
setx DT_INTEGER[2], %r4
mul %r3, %r4, %r3
add %r2, %r3, %r2
stx %r1, [%r2]
ret %r1
EOF

cok ptr.op-assign 'BEGIN { p = (int *)alloca(8); p[0] += 2; p[1]++; }'
cerr ptr.void-store '[D_DEREF_VOID]' 'BEGIN { p = (void *)alloca(8); *p = 1; }'

# (string) of a pointer: the characters there.
cok ptr.string-cast 'BEGIN { s = alloca(10); printf("%s", (string)s); }'
cerr ptr.string-cast-int '[D_CAST_INVAL] invalid cast expression: "int" to "string"' \
	'BEGIN { trace((string)1); }'
