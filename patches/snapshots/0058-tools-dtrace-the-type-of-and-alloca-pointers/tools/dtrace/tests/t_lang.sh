# SPDX-License-Identifier: GPL-2.0-only
#
# The D language: lexer, parser, declarations and semantic checks.
# Sourced by run-tests.sh.

# --- Programs that compile ---------------------------------------------
cok lex.empty-clause 'BEGIN {}'
cok lex.empty-statements 'BEGIN { ; ; }'
cok lex.no-trailing-semicolon 'BEGIN { x = 1; exit(0) }'
cok lex.comments 'BEGIN /* c */ { /* c */ x = 1; // line comment
}'
cok lex.hex-oct-dec 'BEGIN { x = 0x1f + 017 + 15 + 0X1F; }'
cok lex.suffixes 'BEGIN { x = 1u + 2l + 3ul + 4ll + 5ULL + 6LU; }'
cok lex.char-constants "BEGIN { x = 'a' + '\\n' + '\\0' + '\\377' + '\\x41' + 'ab'; }"
cok lex.string-escapes 'BEGIN { trace("a\tb\n\"c\\\101"); }'
cok pdesc.four-fields 'dtrace:::BEGIN { trace(1); }'
cok pdesc.list 'BEGIN, END { trace(1); }'
cok pdesc.globs 'syscall::read*:entry, syscall::*write:return, fbt::do_[a-z]?:entry {}'
cok pdesc.bare 'BEGIN'
cok pdesc.bare-pred 'BEGIN /1/'
cok pdesc.tick 'profile:::tick-10ms { trace(1); }'
cok pred.simple 'BEGIN /pid == 1/ { trace(1); }'
cok pred.division 'BEGIN /10 / 2 == 5/ { trace(1); }'
cok pred.division-vars 'BEGIN /arg0 / 2 > arg1/ { trace(1); }'
cok pred.string 'BEGIN /execname == "sh"/ { trace(1); }'
cok expr.precedence 'BEGIN { x = 1 + 2 * 3 - 4 / 2 % 3 << 1 >> 1 & 7 ^ 3 | 8; }'
cok expr.logical 'BEGIN { x = arg0 && arg1 || !arg2 ^^ arg3; }'
cok expr.ternary 'BEGIN { x = arg0 ? 1 : arg1 ? 2 : 3; }'
cok expr.ternary-strings 'BEGIN { s = arg0 ? "zero" : "one"; }'
# ?: of two char * is a char *: not a string read from either address.
cmd expr.ternary-charptr 0 'D type char *' -e -S -n \
	'BEGIN { p = (char *)arg0; trace(arg1 ? p : (char *)50); }'
cmd expr.ternary-null 0 'D type int *' -e -S -n \
	'BEGIN { p = (int *)arg0; trace(arg1 ? 0 : p); }'
cmd expr.ternary-voidptr 0 'D type void *' -e -S -n \
	'BEGIN { p = (int *)arg0; trace(arg1 ? (void *)arg2 : p); }'
cmd expr.ternary-string-charptr 0 'D type string' -e -S -n \
	'BEGIN { p = (char *)arg0; trace(arg1 ? p : "none"); }'
cerr expr.ternary-ptr-mismatch '[D_OP_INCOMPAT]' \
	'BEGIN { p = (int *)arg0; q = (long *)arg1; trace(arg2 ? p : q); }'
cok expr.comma 'BEGIN { x = (1, 2); }'
cok expr.casts 'BEGIN { x = (char)arg0 + (unsigned short)arg1 + (int64_t)arg2 + (uintptr_t)arg3; }'
cok expr.sizeof 'BEGIN { x = sizeof (int) + sizeof (char *) + sizeof arg0; }'
cok expr.deref 'BEGIN { trace(*(int *)arg0); }'
cok expr.deref-ptr 'BEGIN { p = (char *)arg0; trace(*p); trace(p[2]); }'
cok expr.ptr-arith 'BEGIN { p = (int *)arg0; p++; p += 2; trace(*(p + 1)); }'
cok expr.stringof 'BEGIN { trace(stringof(arg0)); }'
cok expr.string-compare 'BEGIN { x = probefunc < "m" && probename != "entry"; }'
cok var.implicit 'BEGIN { x = 1; y = x + 1; s = "str"; t = s; }'
cok var.self 'BEGIN { self->ts = timestamp; } END /self->ts/ { trace(timestamp - self->ts); }'
cok var.this 'BEGIN { this->x = 1; trace(this->x); }'
cok var.incdec 'BEGIN { x = 0; x++; ++x; x--; --x; trace(x++ + ++x); }'
cok var.incdec-undeclared 'BEGIN { trace(self->n++); trace(++this->m); }'
cok var.opassign \
	'BEGIN { x = 1; x += 2; x -= 1; x *= 3; x /= 2; x %= 5;
	 x <<= 1; x >>= 1; x &= 7; x |= 8; x ^= 1; }'
cok var.builtins \
	'BEGIN { trace(arg0 + arg9 + args[3] + cpu + curcpu + epid + id + pid + ppid +
	 tid + uid + gid + timestamp + vtimestamp + walltimestamp + errno +
	 stackdepth + caller); }'
cok var.builtin-strings \
	'BEGIN { trace(execname); trace(probeprov); trace(probemod);
	 trace(probefunc); trace(probename); }'
cok decl.globals 'int x; uint64_t y; string s; char *p; BEGIN { x = 1; y = 2; s = "a"; }'
cok decl.self-this 'self int x; this char c; BEGIN { self->x = 1; this->c = 2; }'
cok decl.notype 'self x, y; BEGIN { self->x = 1; }'
cok decl.inline 'inline int ANSWER = 6 * 7; BEGIN { trace(ANSWER); }'
cok decl.multiple 'signed char c, c0; unsigned long long L; BEGIN { c = L; }'
cok decl.assoc 'int a[string, int]; BEGIN { a["x", 1] = 2; trace(a["x", 1]); }'
cok decl.proto 'void func(int, int); BEGIN { trace(1); }'
cok func.subr 'BEGIN { trace(strlen(execname)); trace(rand()); }'
cok func.subr-string 'BEGIN { trace(substr(probename, 1, 2)); }'
cok act.printf \
	'BEGIN { printf("%d %i %u %x %X %o %c %s %p %%\n", 1, 2, 3, 4, 5, 6, 65, "s", arg0); }'
cok act.printf-flags \
	'BEGIN { printf("%-5d|%+d|% d|%#x|%05d|%.3s|%*d|%-*.*s|\n",
	 1, 2, 3, 4, 5, "abcdef", 4, 6, 8, 2, "xyz"); }'
cok act.printf-lengths 'BEGIN { printf("%hd %hhu %ld %llu %lx %zu\n", 1, 2, 3, 4, 5, 6); }'
cok act.exit 'BEGIN { exit(0); }'
cok act.exit-expr 'BEGIN { x = 1; exit(x - 1); }'
cok pragma.option 'BEGIN {}
#pragma D option quiet
#pragma D option bufsize=16m
#pragma D option switchrate=10hz
#pragma D option bufpolicy=ring
'
cok macro.pid 'BEGIN /pid != $pid/ { trace($ppid); }'

# --- Errors, with their tags, lines and columns -------------------------
cerr err.syntax '1:16: error: [D_SYNTAX] syntax error near ";"' 'BEGIN { x = 1 +; }'
cerr err.syntax-eof '1:14: error: [D_SYNTAX] syntax error near end of input' 'BEGIN { x = 1'
cerr err.divmin '1:12: error: [D_SYNTAX] syntax error near "-="' 'BEGIN { i /-= i; }'
cerr err.muldiv '1:12: error: [D_SYNTAX] syntax error near "/="' 'BEGIN { i */= i; }'
cerr err.pred-syntax '1:12: error: [D_SYNTAX] syntax error near "!="' 'BEGIN /i < != > 10/ {}'
cerr err.pred-paren \
	'1:15: error: [D_SYNTAX] closing ) expected in predicate before /' \
	'BEGIN /rand(/ {}'
cerr err.undef \
	'1:15: error: [D_IDENT_UNDEF] failed to resolve y: Unknown variable name' \
	'BEGIN { trace(y); }'
cerr err.var-undef \
	'1:9: error: [D_VAR_UNDEF] p has not yet been declared or assigned' \
	'BEGIN { p -= 1; }'
cerr err.self-undef \
	'1:19: error: [D_VAR_UNDEF] self->x has not yet been declared or assigned' \
	'BEGIN { trace(self->x); }'
cerr err.incompat \
	'1:20: error: [D_OP_INCOMPAT] operands have incompatible types: "string" = "int"' \
	'BEGIN { x = "a"; x = 1; }'
cerr err.incompat-decl \
	'1:18: error: [D_OP_INCOMPAT] operands have incompatible types: "int" = "string"' \
	'int x; BEGIN { x = "dummy"; }'
cerr err.cmp-incompat \
	'1:17: error: [D_OP_INCOMPAT] operands have incompatible types: "string" == "int"' \
	'BEGIN { x = "a" == 1; }'
cerr err.char-null "1:13: error: [D_CHR_NULL] empty character constant" "BEGIN { x = ''; }"
cerr err.char-nl "2:1: error: [D_CHR_NL] newline encountered in character constant" "BEGIN { x = '
'; }"
cerr err.str-nl '2:1: error: [D_STR_NL] newline encountered in string literal' 'BEGIN { x = "a
"; }'
cerr err.int-oflow \
	'1:9: error: [D_INT_OFLOW] constant 0x12345678123456781 results in integer overflow' \
	'BEGIN { 0x12345678123456781; }'
cerr err.int-digit '1:13: error: [D_INT_DIGIT] invalid digit' 'BEGIN { x = 09; }'
cerr err.float \
	'1:13: error: [D_SYNTAX] floating-point constants are not permitted' \
	'BEGIN { x = 1.5; }'
cerr err.div-zero \
	'1:15: error: [D_DIV_ZERO] expression contains division by zero' \
	'BEGIN { x = 1 / 0; }'
cerr err.arith-string \
	'1:17: error: [D_OP_ARITH] operator + requires operands of arithmetic type' \
	'BEGIN { x = "a" + 1; }'
cerr err.int-op \
	'1:17: error: [D_OP_INT] operator & requires operands of integral type' \
	'BEGIN { x = "a" & 1; }'
cerr err.lneg-string \
	'1:13: error: [D_OP_SCALAR] operator ! requires an operand of scalar type' \
	'BEGIN { x = !"a"; }'
cerr err.lvalue \
	'1:17: error: [D_OP_LVAL] operator = requires modifiable left-hand operand' \
	'BEGIN { (1 + 2) = 3; }'
cerr err.builtin-write \
	'1:13: error: [D_OP_WRITE] operator = can only be applied to a writable variable' \
	'BEGIN { pid = 3; }'
cerr err.deref-int \
	'1:15: error: [D_DEREF_NONPTR] cannot dereference non-pointer type' \
	'BEGIN { trace(*arg0); }'
cerr err.addrof-var \
	'1:20: error: [D_ADDROF_VAR] cannot take address of dynamic variable' \
	'BEGIN { x = 1; y = &x; }'
cerr err.cast-string '1:13: error: [D_CAST_INVAL] invalid cast expression' 'BEGIN { x = (int)"a"; }'
cerr err.pred-scalar \
	'1:14: error: [D_PRED_SCALAR] predicate result must be of scalar type' \
	'BEGIN /"a"/ {}'
cerr err.func-undef \
	'1:9: error: [D_FUNC_UNDEF] failed to resolve nosuchfunc: Unknown function name' \
	'BEGIN { nosuchfunc(1); }'
cerr err.args-idx \
	'1:15: error: [D_ARGS_IDX] index 10 is out of range for args[ ]' \
	'BEGIN { trace(args[10]); }'
cerr err.scalar-as-array \
	'1:22: error: [D_ARR_BADREF] cannot access scalar x as an associative array' \
	'BEGIN { x = 1; trace(x[1]); }'
cerr err.array-local \
	'1:9: error: [D_ARR_LOCAL] local variables may not be used as associative arrays' \
	'BEGIN { this->x[1] = 2; }'
cerr err.keys-len \
	'1:30: error: [D_PROTO_LEN] x[ ] prototype mismatch: 1 key passed, 2 expected' \
	'BEGIN { x[1, "a"] = 1; trace(x[1]); }'
cerr err.keys-type \
	'1:24: error: [D_PROTO_ARG] x[ ] key #2 is incompatible with prototype:' \
	'BEGIN { x[1, "a"] = 1; x[1, 2] = 1; }'
cerr err.array-bounds \
	'1:25: error: [D_ARR_BOUNDS] index outside array bounds: 5, max is 5' \
	'int a[5]; BEGIN { trace(a[5]); }'
cerr err.decl-arrsub \
	'1:7: error: [D_DECL_ARRSUB] positive integral constant expression or tuple signature' \
	'int a[-1]; BEGIN {}'
cerr err.decl-class \
	'1:1: error: [D_DECL_CLASS] more than one storage class specified' \
	'this self int x; BEGIN {}'
cerr err.decl-combo \
	'1:1: error: [D_DECL_COMBO] invalid type combination' \
	'signed unsigned int x; BEGIN {}'
cerr err.decl-void '1:6: error: [D_DECL_VOIDOBJ] cannot have void object: x' 'void x; BEGIN {}'
cerr err.decl-redecl \
	'1:14: error: [D_DECL_IDRED] identifier redeclared: x' \
	'int x; char *x; BEGIN {}'
cerr err.decl-default-int \
	'1:25: error: [D_OP_INCOMPAT] operands have incompatible types: "int" = "string"' \
	'self x; BEGIN { self->x = execname; }'
cerr err.inc-string \
	'1:25: error: [D_OP_SCALAR] operator ++ requires operand of scalar type' \
	'BEGIN { s = "a"; trace(s++); }'
cerr err.macro-undef \
	'1:15: error: [D_MACRO_UNDEF] macro argument $1 is not defined' \
	'BEGIN { trace($1); }'
cerr err.macro-var-undef \
	'1:15: error: [D_MACRO_UNDEF] macro variable $nosuch is not defined' \
	'BEGIN { trace($nosuch); }'
cerr err.macro-concat '1:15: error: [D_SYNTAX] syntax error near "$pid"' 'BEGIN /i = 123$pid/ {}'
cerr err.dollar '1:15: error: [D_SYNTAX] syntax error near "$"' 'BEGIN { trace($-1); }'
cerr err.pdesc-fields \
	'1:1: error: [D_PDESC_INVAL] invalid probe description "a:b:c:d:e": too many fields' \
	'a:b:c:d:e {}'
cerr err.agg-func \
	'1:13: error: [D_AGG_FUNC] count( ) may only be used in an aggregation assignment' \
	'BEGIN { x = count(); }'
cerr err.void-asgn \
	'1:11: error: [D_OP_INCOMPAT] operands have incompatible types: "int" = "void"' \
	'BEGIN { x = trace(1); }'
cerr err.noreg \
	'[D_NOREG] Insufficient registers to generate code' \
	'BEGIN { x = arg0 + (arg1 + (arg2 + (arg3 + (arg4 + (arg5 + (arg6 + (arg7 + arg8))))))); }'

# Prototypes of actions and subroutines.
cerr proto.trace-none \
	'1:9: error: [D_PROTO_LEN] trace( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { trace(); }'
cerr proto.trace-two \
	'1:9: error: [D_PROTO_LEN] trace( ) prototype mismatch: 2 args passed, 1 expected' \
	'BEGIN { trace(1, 2); }'
cerr proto.trace-void \
	'1:9: error: [D_TRACE_VOID] trace( ) may not be applied to a void expression' \
	'BEGIN { trace(trace(1)); }'
cerr proto.exit-none \
	'1:9: error: [D_PROTO_LEN] exit( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { exit(); }'
cerr proto.exit-void \
	'1:9: error: [D_PROTO_ARG] exit( ) argument #1 is incompatible with prototype:' \
	'BEGIN { exit(exit(0)); }'
cerr proto.exit-string '	prototype: int' 'BEGIN { exit("a"); }'
cerr proto.stop \
	'1:9: error: [D_PROTO_LEN] stop( ) prototype mismatch: 1 arg passed, 0 expected' \
	'BEGIN { stop(1); }'
cerr proto.ustack \
	'1:9: error: [D_PROTO_LEN] ustack( ) prototype mismatch: 3 args passed, at most 2' \
	'BEGIN { ustack(1, 2, 3); }'
cerr proto.tracemem \
	'1:9: error: [D_PROTO_LEN] tracemem( ) prototype mismatch: 1 arg passed, at least 2' \
	'BEGIN { tracemem(1); }'
cerr proto.copyout '	prototype: uintptr_t' 'BEGIN { copyout("a", "b", "c"); }'
cerr proto.substr-arg1 '	prototype: char *' 'BEGIN { trace(substr(10, 1)); }'
cerr proto.substr-arg2 \
	'substr( ) argument #2 is incompatible with prototype:' \
	'BEGIN { trace(substr(probename, "a")); }'
cerr proto.strtok-len \
	'1:9: error: [D_PROTO_LEN] strtok( ) prototype mismatch: 1 arg passed, 2 expected' \
	'BEGIN { strtok("a"); }'
cerr proto.rand-args \
	'1:15: error: [D_PROTO_LEN] rand( ) prototype mismatch: 1 arg passed, 0 expected' \
	'BEGIN { trace(rand(1)); }'
cerr proto.stack-type '	 argument: string' 'BEGIN { stack("x"); }'
cerr proto.uregs \
	'uregs[ ] argument #1 is incompatible with prototype:' \
	'BEGIN { i = 1; trace(uregs[i]); }'
cerr proto.uregs-reg-var \
	'1:25: error: [D_PROTO_ARG] uregs[ ] argument #1 is incompatible with prototype:' \
	'BEGIN { i = R_SP; trace(uregs[i]); }'
cerr proto.regs-string \
	'[D_PROTO_ARG] regs[ ] argument #1 is incompatible with prototype:' \
	'BEGIN { trace(regs["a"]); }'
cok reg.consts 'BEGIN { trace(uregs[R_PC] + uregs[R_SP] + uregs[R_FP] + regs[R_RAX]
	+ uregs[R_R15] + uregs[R_SS] + uregs[R_RFL] + uregs[R_ORIG_RAX]); }'
cerr reg.not-a-const '[D_IDENT_UNDEF] failed to resolve R_XYZ' \
	'BEGIN { trace(uregs[R_XYZ]); }'

# Actions that take constants.
cerr act.stack-size '[D_STACK_SIZE] stack( ) argument #1 must be a non-zero positive integer' \
	'BEGIN { stack(-1); }'
cerr act.tracemem-size '[D_TRACEMEM_SIZE] tracemem( ) argument #2 must be a non-zero positive' \
	'BEGIN { tracemem(123, -456); }'
cerr act.vfptr '[D_OP_VFPTR] operator -= requires left-hand scalar operand of known size' \
	'int p; BEGIN { p = 1; p -= (void *)arg0; }'
cerr act.scalar-array-keys '[D_ARR_BADREF] cannot access scalar x as an associative array' \
	'int x[5]; BEGIN { x[1, 2] = 1; }'
cerr act.unsupported '1:9: error: [D_IDENT_UNSUPP] breakpoint( ) is not supported yet' \
	'BEGIN { breakpoint(); }'
cok act.destructive 'BEGIN { stop(); raise(9); chill(10); system("echo %d", 1); }'
cok act.copyout 'BEGIN { copyout(alloca(4), 0, 4); copyoutstr("x", 0, 2); }'
cerr act.spec-copyout '[D_ACT_SPEC] destructive actions may not follow speculate( )' \
	'BEGIN { speculate(1); copyout(alloca(4), 0, 4); }'
cerr act.raise-type '[D_PROTO_ARG] raise( ) argument #1 is incompatible' \
	'BEGIN { raise("x"); }'
cok act.ustack 'BEGIN { ustack(); ustack(5, 100); usym(0); ufunc(1); umod(2); uaddr(3); }'
cerr act.ustack-frames '[D_USTACK_FRAMES] ustack( ) argument #1 must be a non-zero positive' \
	'BEGIN { ustack(0); }'

# printf() formats.
cerr printf.missing \
	'1:9: error: [D_PRINTF_ARG_PROTO] printf( ) prototype mismatch: conversion #1 (%s) is' \
	'BEGIN { printf("%s"); }'
cerr printf.fmt-type \
	'1:9: error: [D_PROTO_ARG] printf( ) argument #1 is incompatible with prototype:' \
	'BEGIN { printf(1); }'
cerr printf.empty \
	'1:9: error: [D_PRINTF_FMT_EMPTY] printf( ) format string is empty' \
	'BEGIN { printf(""); }'
cerr printf.none \
	'1:9: error: [D_PROTO_LEN] printf( ) prototype mismatch: 0 args passed, at least 1' \
	'BEGIN { printf(); }'
cerr printf.extra \
	'1:9: error: [D_PRINTF_ARG_EXTRA] printf( ) prototype mismatch: only 1 arguments required' \
	'BEGIN { printf("%?d\n", 1, 2); }'
cerr printf.dyn-width \
	'(%d) is missing a corresponding "*" argument' \
	'BEGIN { printf("%s %*d\n", "foo"); }'
cerr printf.dyn-prec '(%d) is missing a corresponding ".*" argument' 'BEGIN { printf("%.*d"); }'
cerr printf.dyn-type '	conversion: % * d' 'BEGIN { printf("%*d\n", "foo", 1); }'
cerr printf.dyn-type-prec '	conversion: % .* d' 'BEGIN { printf("%.*d", "", 1); }'
cerr printf.arg-type \
	'	 prototype: char, short, int, long, or long long' \
	'BEGIN { printf("%d", "a"); }'
cerr printf.arg-void '	  argument: void' 'BEGIN { printf("%s\n", printf("test")); }'
cerr printf.str-type '	 prototype: char [] or string (or use stringof)' \
	'BEGIN { printf("%s", 1); }'
cerr printf.positional \
	'[D_SYNTAX] format conversion #1 uses unsupported positional format (%n$)' \
	'BEGIN { printf("%3$d", 123); }'
cerr printf.positional-prec 'uses unsupported positional format (%n$)' 'BEGIN { printf("%.*1$d"); }'
cerr printf.pct-flags \
	'[D_SYNTAX] format conversion #1 cannot be combined with other format flags: %%' \
	'BEGIN { printf("%-%"); }'
cerr printf.no-name \
	'[D_SYNTAX] format conversion #1 name expected before end of format string' \
	'BEGIN { printf("%*"); }'
cerr printf.undefined \
	'[D_SYNTAX] format conversion #1 is undefined: %y' \
	'BEGIN { printf("%y", 1); }'
cerr printf.agg-conv \
	'[D_PRINTF_AGG_CONV] %@ conversion requires an aggregation and is not for use with' \
	'BEGIN { printf("%@d", 1); }'

# Scripts: positions across lines, pragmas, control lines.
serr script.line-col \
	'3:12: error: [D_IDENT_UNDEF] failed to resolve nope: Unknown variable name' \
	<<'EOF'
BEGIN
{
	trace(1 + nope);
}
EOF
serr script.empty '3:1: error: [D_EMPTY] empty D program translation unit' <<'EOF'
/* nothing */

EOF
serr script.eof-comment '2:1: error: [D_SYNTAX] end-of-file encountered before matching */' <<'EOF'
/* no end
EOF
printf 'BEGIN {}\n#pragma D option quiet' >"$TMP/eof.d"
serr script.eof-pragma \
	'2:1: error: [D_SYNTAX] end-of-file encountered before end of control line' \
	<"$TMP/eof.d"
serr script.bare-pdesc \
	'1:8: error: [D_SYNTAX] expected predicate and/or actions following probe description' \
	<<'EOF'
define VALUE 5
EOF
serr script.pragma-error '1:1: error: [D_PRAGERR] #error: this is an error message ' <<'EOF'
#pragma D error "this is an error message"
BEGIN {}
EOF
serr script.pragma-optset \
	"2:1: error: [D_PRAGMA_OPTSET] failed to set option 'specsize' to '1b': Invalid value" \
	<<'EOF'
BEGIN {}
#pragma D option specsize=1b
EOF
serr script.pragma-optname \
	"1:1: error: [D_PRAGMA_OPTSET] failed to set option 'nosuchoption': Invalid option name" \
	<<'EOF'
#pragma D option nosuchoption
BEGIN {}
EOF
serr script.pragma-malform \
	'1:1: error: [D_PRAGMA_MALFORM] superfluous arguments specified for #pragma option' \
	<<'EOF'
#pragma D option nspec=24 * 44
BEGIN {}
EOF
serr script.pragma-huge \
	"failed to set option 'nspec' to '245566729809009887663': Invalid value" \
	<<'EOF'
#pragma D option nspec=245566729809009887663
BEGIN {}
EOF
serr script.pragma-attr-inval \
	'2:1: error: [D_PRAGMA_INVAL] invalid attributes specified by #pragma attributes' \
	<<'EOF'
inline int foo
#pragma D attributes incorrect_attr foo
BEGIN {}
EOF
serr script.pragma-attr-unused '2:1: error: [D_PRAGMA_UNUSED] unused #pragma attributes' <<'EOF'
void func(int, int);
#pragma D attributes Stable/Stable/Common func;
BEGIN {}
EOF
serr script.control-inval '3:1: error: [D_PRAGCTL_INVAL] invalid control directive: #if' <<'EOF'
BEGIN {}

#if 0
#endif
EOF
serr script.line-directive '41:2: error: [D_IDENT_UNDEF] failed to resolve bad' <<'EOF'
BEGIN {}
# 40 "other.d"
BEGIN {
	bad;
}
EOF
serr script.hashbang \
	'3:10: error: [D_PROTO_LEN] exit( ) prototype mismatch: 0 args passed, 1 expected' \
	<<'EOF'
#!/usr/sbin/dtrace -qs
BEGIN
{ x = 1; exit(); }
EOF

# The traditional style, without columns.
cmd style.dtrace \
	1 \
	'dtrace: invalid probe specifier BEGIN { x = ; }: line 1: syntax error near ";"' \
	\
	-e -n 'BEGIN { x = ; }'
cmd style.dtrace-tags 1 '[D_SYNTAX] line 1: syntax error near ";"' \
	-e -xerrtags -n 'BEGIN { x = ; }'
printf 'BEGIN\n{\n\ttrace(nope);\n}\n' >"$TMP/style.d"
cmd style.dtrace-script \
	1 \
	"dtrace: failed to compile script $TMP/style.d: line 3: failed to resolve nope" \
	\
	-e -s "$TMP/style.d"

# Aggregations.
cok agg.compiles 'BEGIN { @a[probefunc] = count(); @b = sum(arg0); @c = quantize(arg1); }'
cok agg.ustack-key 'BEGIN { @[ustack()] = count(); @b[ustack(3), pid] = sum(1); }'
cok agg.sym-keys 'BEGIN { @[sym(arg0), func(arg1), mod(arg2)] = count();
	@u[usym(arg0), ufunc(arg1), umod(arg2), uaddr(arg3)] = count(); }'
cerr agg.ustack-key-size '[D_USTACK_FRAMES] ustack( ) argument #1 must be a non-zero positive' \
	'BEGIN { @[ustack(0)] = count(); }'
cerr agg.sym-key-mismatch '[D_PROTO_ARG] @a[ ] key #1 is incompatible with prototype' \
	'BEGIN { @a[sym(arg0)] = count(); @a[arg0] = count(); }'
cerr agg.stack-ustack-mismatch '[D_PROTO_ARG] @a[ ] key #1 is incompatible with prototype' \
	'BEGIN { @a[stack()] = count(); @a[ustack()] = count(); }'
cerr agg.action-key '[D_KEY_TYPE] @a[ ] key #1 is of an invalid type: void' \
	'BEGIN { @a[trace(1)] = count(); }'
cok agg.stack-key 'BEGIN { @[stack()] = count(); @b[stack(3), execname] = sum(1); }'
cerr agg.stack-key-size '[D_STACK_SIZE] stack( ) argument #1 must be a non-zero positive' \
	'BEGIN { @[stack(0)] = count(); }'
cerr agg.later-error-first '[D_PRINTF_ARG_TYPE] printf( ) argument #2 is incompatible' \
	'BEGIN { @a = count(); printf("%d", @a); }'
cerr agg.not-aggfunc '1:11: error: [D_AGG_FUNC] @ must be assigned the result of an aggregating' \
	'BEGIN { @ = trace(0); }'
cerr agg.undef-func '1:13: error: [D_FUNC_UNDEF] failed to resolve f: Unknown function name' \
	'BEGIN { @ = f(); }'
cerr agg.mdim '[D_AGG_MDIM]' 'BEGIN { @[0][1] = count(); }'
cerr agg.null '1:23: error: [D_AGG_NULL] @a has null effect' 'BEGIN { @a = count(); @a; }'
cerr agg.undef '1:9: error: [D_IDENT_UNDEF] failed to resolve @a' 'BEGIN { @a; }'
cerr agg.key-void '[D_KEY_TYPE] @[ ] key #1 is of an invalid type: void' \
	'BEGIN { @[trace(0)] = count(); }'
cerr agg.key-agg '[D_KEY_TYPE]' 'BEGIN { @a = count(); @[@a] = count(); }'
cerr agg.scalar '[D_AGG_SCALAR] sum( ) requires a scalar argument' 'BEGIN { @ = sum(""); }'
cerr agg.in-expr '[D_OP_INCOMPAT] operands have incompatible types: "aggregation" + "int"' \
	'BEGIN { @a = count(); trace(@a + 3); }'
cerr agg.avg-none '[D_PROTO_LEN] avg( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { @ = avg(); }'
cerr agg.quantize-many '[D_PROTO_LEN] quantize( ) prototype mismatch: 3 args passed, at most 2' \
	'BEGIN { @ = quantize(1, 2, 3); }'
cerr agg.keys-mismatch '[D_PROTO_LEN] @a[ ] prototype mismatch: 2 keys passed, 1 expected' \
	'BEGIN { @a[1] = count(); @a[1, 2] = count(); }'
cerr agg.redef '[D_AGG_REDEF] @a redefined: it was assigned count( ) before' \
	'BEGIN { @a = count(); @a = sum(1); }'
cerr lquant.mismatch '[D_LQUANT_MISMATCH] lquantize( ) base (argument #2) must be less than' \
	'BEGIN { @ = lquantize(1, 1000, 100); }'
cerr lquant.steptype '[D_LQUANT_STEPTYPE]' 'BEGIN { s = 2; @ = lquantize(1, 0, 1100, s); }'
cerr lquant.stepzero '[D_LQUANT_STEPTYPE]' 'BEGIN { @ = lquantize(1, 0, 1100, 0); }'
cerr lquant.limval '[D_LQUANT_LIMVAL]' 'BEGIN { @ = lquantize(1, 100, 2147483657); }'
cerr lquant.matchbase '[D_LQUANT_MATCHBASE]' \
	'BEGIN { @ = lquantize(0, 10, 20, 1); @ = lquantize(0, 15, 20, 1); }'
cerr lquant.incr '[D_PROTO_ARG] lquantize( ) argument #5 is incompatible' \
	'BEGIN { @ = lquantize(1, 0, 10, 2, ""); }'
cerr llquant.factor '[D_LLQUANT_FACTORVAL]' 'BEGIN { @ = llquantize(1, 65536, 0, 6, 20); }'
cerr llquant.lmagtype '[D_LLQUANT_LMAGTYPE]' 'BEGIN { l = 1; @ = llquantize(1, 10, l, 6, 20); }'
cerr llquant.lmagneg '[D_LLQUANT_LMAGVAL]' 'BEGIN { @ = llquantize(1, 10, -1, 6, 20); }'
cerr llquant.hmaglow '[D_LLQUANT_HMAGVAL]' 'BEGIN { @ = llquantize(1, 10, 4, 3, 20); }'
cerr llquant.hmagoflow '[D_LLQUANT_HMAGVAL]' 'BEGIN { @ = llquantize(1, 10, 0, 30, 20); }'
cerr llquant.stepzero '[D_LLQUANT_STEPTYPE]' 'BEGIN { @ = llquantize(1, 10, 0, 6, 0); }'
cerr llquant.stepdiv '[D_LLQUANT_STEPVAL]' 'BEGIN { @ = llquantize(1, 10, 0, 6, 25); }'
cerr llquant.stepdiv-low '[D_LLQUANT_STEPVAL]' 'BEGIN { @ = llquantize(1, 10, 2, 6, 80); }'
cok llquant.valid \
	'BEGIN { @a = llquantize(1, 10, 0, 6, 20); @b = llquantize(1, 10, 1, 6, 20);
	@c = llquantize(1, 10, 0, 6, 5); }'
cerr llquant.matchlmag '[D_LLQUANT_MATCHLMAG]' \
	'BEGIN { @ = llquantize(0, 10, 0, 6, 20); @ = llquantize(0, 10, 1, 6, 20); }'
cerr printa.int '[D_PRINTA_AGGARG] printa( ) argument #1 is incompatible with prototype:' \
	'BEGIN { printa(1); }'
cerr printa.mixed '[D_PRINTA_AGGARG] printa( ) argument #4 is incompatible with prototype:' \
	'BEGIN { @a = count(); @b = max(1); @c = min(1); printa(@a, @b, @c, 1); }'
cerr printa.key-no-val '[D_PRINTF_ARG_PROTO] printa( ) prototype mismatch: conversion #1 (%d)' \
	'BEGIN { @ = count(); printa("%d", @); }'
cerr printa.key-type '	  argument: stack' 'BEGIN { @[stack()] = count(); printa("%p\n", @); }'
cok printa.k-stack 'BEGIN { @[stack(), 1] = count(); printa("%-20k %d %@d\n", @); }'
cerr printa.k-type '	 prototype: stack' 'BEGIN { @[1] = count(); printa("%k %@d\n", @); }'
cerr printf.k-type '	 prototype: stack' 'BEGIN { printf("%k", 1); }'
cerr printa.aggkey '[D_PRINTA_AGGKEY] printa( ): @foo and @bar do not have matching key' \
	'BEGIN { @foo[1] = count(); @bar = count(); printa(@foo, @bar); }'
cerr trunc.arg '[D_PROTO_ARG] trunc( ) argument #2 is incompatible' \
	'BEGIN { @a = count(); trunc(@a, @a); }'
cerr trunc.aggarg '[D_TRUNC_AGGARG] trunc( ) argument #1 is incompatible' 'BEGIN { trunc(1); }'

# The order of actions in a clause.
cerr order.agg-after-commit '1:20: error: [D_AGG_COMM] aggregating actions may not follow' \
	'BEGIN { commit(1); @a = count(); }'
cerr order.drec-after-commit '[D_DREC_COMM] data-recording actions may not follow commit( )' \
	'BEGIN { commit(1); exit(0); }'
cerr order.agg-after-spec '[D_AGG_SPEC] aggregating actions may not follow speculate( )' \
	'BEGIN { speculate(1); @ = count(); }'
cerr order.destr-after-spec '[D_ACT_SPEC] destructive actions may not follow speculate( )' \
	'BEGIN { speculate(1); printf("x"); breakpoint(); }'
cerr order.spec-after-drec '[D_SPEC_DREC] speculate( ) may not follow data-recording action(s)' \
	'BEGIN { printf("x"); speculate(1); }'
cerr order.spec-twice '[D_SPEC_SPEC]' 'BEGIN { speculate(1); speculate(2); }'
cok order.commit-twice 'BEGIN { commit(1); discard(2); commit(3); }'
cerr order.exit-after-spec '[D_EXIT_SPEC] exit( ) may not follow speculate( )' \
	'BEGIN { speculate(1); exit(0); }'
cok order.assign-ok 'BEGIN { x = 1; speculate(1); y = 2; }'

# Speculations.
cok spec.basic 'BEGIN { s = speculation(); }
	BEGIN { speculate(s); printf("%d", 1); trace(2); } END { commit(s); }'
cok spec.lone 'BEGIN { speculate(speculation()); }'
cok spec.discard 'BEGIN { discard(1); trace(1); }'
cok spec.commit-discard 'BEGIN { commit(1); x = 1; discard(1); discard(2); }'
cok spec.self 'BEGIN { self->s = speculation(); } END /self->s/ { discard(self->s); }'
cerr spec.noid '[D_PROTO_LEN] speculate( ) prototype mismatch: 0 args passed, 1 expected' \
	'BEGIN { speculate(); }'
cerr spec.string-id '[D_PROTO_ARG] commit( ) argument #1 is incompatible with prototype' \
	'BEGIN { commit("a"); }'
cerr spec.commit-after-spec '1:23: error: [D_COMM_DREC] commit( ) may not follow speculate( )' \
	'BEGIN { speculate(1); commit(1); }'
cerr spec.discard-after-spec '[D_COMM_DREC] discard( ) may not follow speculate( )' \
	'BEGIN { speculate(1); discard(1); }'
cerr spec.spec-after-commit '[D_SPEC_COMM] speculate( ) may not follow commit( )' \
	'BEGIN { commit(1); speculate(1); }'
cerr spec.printa-after-commit '[D_DREC_COMM] data-recording actions may not follow commit( )' \
	'BEGIN { @a = count(); } END { commit(1); printa(@a); }'
