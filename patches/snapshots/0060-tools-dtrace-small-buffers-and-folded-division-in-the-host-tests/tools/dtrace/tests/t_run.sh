# SPDX-License-Identifier: GPL-2.0-only
#
# The consumer, against the simulated device (tests/fake_dev.c): what
# dtrace(1) prints for what the probes record, and how it starts and
# stops.  The simulated device runs the DIF it is given, so these also
# check the values the generated code computes.  Sourced by run-tests.sh.

# --- Default output ------------------------------------------------------
run out.heading -n 'BEGIN { trace(1); exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN         1

EOF

TESTING=1 run out.heading-testing -n 'BEGIN { trace(1); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN         1

EOF

run out.trace-widths -n 'BEGIN { trace((char)-1); trace((short)-2); trace(-3);
	trace(-4ll); trace((uint8_t)255); exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN   -1    -2       -3                  -4 255

EOF

TESTING=1 run out.trace-string -n 'BEGIN { trace("a"); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN   a                                $

EOF

TESTING=1 run out.no-actions -n 'BEGIN {}' -n 'BEGIN /1/ {}' -n 'tick-1 { exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN $
                          :BEGIN $
                         :tick-1 $

EOF

TESTING=1 run out.printf-prefix -n 'BEGIN { printf("pid %d", pid); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN pid 4242

EOF

TESTING=1 run out.probe-names -n 'BEGIN, END { trace(probename); }' \
	-n 'syscall::write:entry { trace(probefunc); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN   BEGIN                            $
                     write:entry   write                            $
                            :END   END                              $

EOF

# Records of several CPUs: one timestamp order.  With FAKEDEV_BUFCPUS
# the firings take turns on CPUs 0 and 1 (a, c on 0; b, d on 1); with
# FAKEDEV_TSBACK their timestamps run backwards, so each CPU's snapshot
# is out of order too.
ORDER_D='tick-1 { printf("a\n"); } tick-10ms { printf("b\n"); }
	tick-100ms { printf("c\n"); } tick-1s { printf("d\n"); exit(0); }'
FAKEDEV_BUFCPUS=1 run out.order-cpus -q -n "$ORDER_D" <<'EOF'
a
b
c
d

EOF

FAKEDEV_BUFCPUS=1 FAKEDEV_TSBACK=1 run out.order-cpus-back -q -n "$ORDER_D" <<'EOF'
d
c
b
a

EOF

FAKEDEV_TSBACK=1 run out.order-back -q -n "$ORDER_D" <<'EOF'
d
c
b
a

EOF

ERR="dtrace: description 'BEGIN' matched 1 probe" \
	run out.matched -n BEGIN -n 'BEGIN { exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN $
  0      1                           :BEGIN $

EOF

printf 'BEGIN,END\n{\n}\n\nBEGIN\n{\n\texit(0);\n}\n' >"$TMP/m.d"
ERR="dtrace: script '$TMP/m.d' matched 3 probes" \
	TESTING=1 run out.matched-script -s "$TMP/m.d" <<'EOF'
                   FUNCTION:NAME
                          :BEGIN $
                          :BEGIN $
                            :END $

EOF

# --- Quiet output and printf ---------------------------------------------
run quiet.trace -q -n 'BEGIN { trace(1); trace((char)-1); trace((uint16_t)-1);
	trace(-1ul); trace("s"); exit(0); }' <<'EOF'
1-16553518446744073709551615s
EOF

run quiet.pragma -n '#pragma D option quiet
BEGIN { trace("q"); exit(0); }' <<'EOF'
q
EOF

# --- rawbytes: trace() of anything but an integer as a byte dump ---------
# The strsize bytes of a string record, NUL-padded, and the terminator
# (DTrace's string records hold strsize + 1 bytes; a longer string is
# cut), in tracemem()'s layout; integers are still printed as integers,
# printf() as before.
run rawbytes.string -q -x strsize=6 -x rawbytes -n 'BEGIN { trace("ab");
	x = "a\tb"; trace(x); trace("123456"); trace("1234567"); trace(-1);
	trace((char)65); printf("|%s|\n", "ab"); exit(0); }' <<'EOF'

             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 61 62 00 00 00 00 00                             ab.....

             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 61 09 62 00 00 00 00                             a.b....

             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 31 32 33 34 35 36 00                             123456.

             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 31 32 33 34 35 36 00                             123456.
-165|ab|

EOF

# More than 16 bytes: a row per 16, offsets in hexadecimal; with the
# probe's heading when not quiet, and from #pragma D option.
TESTING=1 run rawbytes.rows -x strsize=20 -n '#pragma D option rawbytes
BEGIN { trace("0123456789abcdefghij"); trace(7); exit(0); }' <<'EOF'
                   FUNCTION:NAME
                          :BEGIN $
             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66  0123456789abcdef
        10: 67 68 69 6a 00                                   ghij.
        7

EOF

run printf.conversions -q -n 'BEGIN { printf("%d|%u|%x|%X|%o|%c|%s|%%|%i|\n",
	-1, -1, 255, 255, 8, 65, "str", 7); exit(0); }' <<'EOF'
-1|4294967295|ff|FF|10|A|str|%|7|

EOF

run printf.flags -q -n 'BEGIN { printf("%5d|%-5d|%+d|% d|%#x|%05d|%.2s|%8.3s|%-4s|\n",
	42, 42, 5, 5, 255, 42, "abcdef", "abcdef", "ab"); exit(0); }' <<'EOF'
   42|42   |+5| 5|0xff|00042|ab|     abc|ab  |

EOF

run printf.dynamic -q -n 'BEGIN { printf("%*d|%-*d|%.*s|%*.*s|\n", 6, 1, 4, 2, 3,
	"abcdef", 5, 2, "xyz"); exit(0); }' <<'EOF'
     1|2   |abc|   xy|

EOF

# A width or precision of 0 is none, as in DTrace.
run printf.zero-precision -q -n 'BEGIN { printf("%0.0s|%.0s|%*.*s|\n", "hello",
	"hello", 0, 0, "hello"); exit(0); }' <<'EOF'
hello|hello|hello|

EOF

run printf.signedness -q -n 'BEGIN { printf("%d %d %d %d %x\n", (uint8_t)-2,
	(int8_t)-2, (unsigned long long)-2, (int)-2, (short)-1); exit(0); }' <<'EOF'
254 -2 18446744073709551614 -2 ffff

EOF

run printf.pointer -q -n 'BEGIN { printf("%p %p\n", 16, (void *)0xffff0000); exit(0); }' <<'EOF'
0x10 0xffff0000

EOF

run printf.no-newline -q -n 'BEGIN { printf("no newline"); exit(0); }' <<'EOF'
no newline
EOF

run printf.ordered -q -n 'BEGIN { printf("one "); trace(2); printf(" three"); exit(0); }' <<'EOF'
one 2 three
EOF

# --- Values the generated code computes ----------------------------------
run value.precedence -q -n 'BEGIN { x = 1; y = 2; z = 3;
	printf("%d %d %d\n", x + y * z, (x + y) * z, x - y - z); exit(0); }' <<'EOF'
7 9 -4

EOF

run value.division -q -n 'BEGIN { x = 19; y = 5;
	printf("%d %d %d %d %d %d %d %d\n", x / y, x % y, x / -y, x % -y,
	-x / y, -x % y, -x / -y, -x % -y); exit(0); }' <<'EOF'
3 4 -3 4 -3 -4 3 -4

EOF

# Folded constants divide as the DIF does: truncating toward zero, the
# remainder with the sign of the dividend (C's rule, and DTrace's).
run value.division-folded -q -n 'BEGIN {
	printf("%d %d %d %d %d %d %d %d\n", 19 / 5, 19 % 5, 19 / -5, 19 % -5,
	-19 / 5, -19 % 5, -19 / -5, -19 % -5); exit(0); }' <<'EOF'
3 4 -3 4 -3 -4 3 -4

EOF

run value.unsigned-division -q -n 'BEGIN { x = (unsigned)-8;
	printf("%u %u\n", x / 2, x % 3); exit(0); }' <<'EOF'
2147483644 2

EOF

run value.int-overflow -q -n 'BEGIN { x = 0x7fffffff; x = x + 1;
	printf("%d %d\n", x, x < 0); exit(0); }' <<'EOF'
-2147483648 1

EOF

run value.char-arith -q -n 'unsigned char C; BEGIN { C = 254; C = 253;
	printf("%d %d\n", C + C, (char)C); exit(0); }' <<'EOF'
250 -3

EOF

run value.casts -q -n 'BEGIN { printf("%d %d %d %d\n", (char)0x1ff, (uint8_t)-1,
	(short)0x18000, (int)0x100000001); exit(0); }' <<'EOF'
-1 255 -32768 1

EOF

run value.compare-signed -q -n 'BEGIN { x = -1; u = (unsigned)1;
	printf("%d %d %d\n", x < 1, x < u, (long long)x < (long long)u); exit(0); }' <<'EOF'
1 0 1

EOF

run value.shifts -q -n 'BEGIN { x = -16; printf("%d %d %u\n", x >> 2, x << 2,
	(unsigned)x >> 28); exit(0); }' <<'EOF'
-4 -64 15

EOF

# Constant expressions are computed in 64 bits, as DTrace does, and the
# result has a type that holds it; casts still truncate.
run value.const-64bit -q -n 'BEGIN { printf("%d %d %d %d\n", (1 << 63) - 1,
	1 << 40, -(1 << 32), 1 << 31); printf("%d %d %d %d\n", sizeof (1 << 40),
	sizeof (1 + 2), sizeof (-4ll), sizeof (1 << 31)); exit(0); }' <<'EOF'
9223372036854775807 1099511627776 -4294967296 2147483648
8 4 8 4

EOF

run value.const-64bit-ops -q -n 'BEGIN { trace(-1 >> 1); trace(" ");
	trace((1 << 63) >> 62); trace(" "); trace(0xffffffffffffffff >> 60);
	trace(" "); trace(0u - 1); trace(" "); trace((1 << 40) / -(1 << 38));
	trace(" "); trace((1 << 40) % 7); exit(0); }' <<'EOF'
-1 -2 15 18446744073709551615 -4 2
EOF

run value.const-casts -q -n 'BEGIN { printf("%d %d %d %d\n", (int)(1 << 40),
	(char)((1 << 40) + 0x1ff), (unsigned short)(1 << 40 | 0xffff),
	(long long)(int)((1 << 31) + 1)); exit(0); }' <<'EOF'
0 -1 65535 -2147483647

EOF

# The same at run time: long long arithmetic is 64-bit, casts truncate.
run value.arith-64bit -q -n 'BEGIN { one = 1ll; v = (one << 63) - 1;
	printf("%d ", v); v >>= one; printf("%d ", v); x = one << 40;
	printf("%d %d %d %d\n", x + 1, (int)(x + 0x1ff), (char)(x + 0x1ff),
	(int)x + 1); exit(0); }' <<'EOF'
9223372036854775807 4611686018427387903 1099511627777 511 -1 1

EOF

run value.const-64bit-agg -q -n 'BEGIN { @s = sum((1 << 40) + 1);
	@q = quantize(8, (1 << 62) + (1 << 62) - 1); @q = quantize(8, 1);
	exit(0); }' <<'EOF'

    1099511627777

           value  ------------- Distribution ------------- count    $
               4                                         | 0        $
               8 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@| -9223372036854775808
              16                                         | 0        $

EOF

run value.logical -q -n 'BEGIN { a = 0; b = 3;
	printf("%d %d %d %d %d %d\n", a && b, a || b, !a, !b, a ^^ b, b ^^ b);
	exit(0); }' <<'EOF'
0 1 1 0 1 0

EOF

run value.ternary -q -n 'BEGIN { x = 1;
	printf("%s %s %d\n", x == 0 ? "zero" : "one", x ? "yes" : "no",
	x > 0 ? x > 1 ? 2 : 1 : 0); exit(0); }' <<'EOF'
one yes 1

EOF

run value.incdec -q -n 'BEGIN { i = 0; a = i++; b = ++i; c = i--; d = --i;
	printf("%d %d %d %d %d\n", a, b, c, d, i); exit(0); }' <<'EOF'
0 2 2 0 0

EOF

run value.complex -q -n 'BEGIN { i = 0; i = i++ + ++i; printf("%d\n", i);
	i = i-- - --i; printf("%d\n", i); exit(0); }' <<'EOF'
2
2

EOF

run value.opassign -q -n 'BEGIN { x = 7; x += 3; x *= 2; x -= 1; x /= 3; x %= 4;
	x <<= 3; x |= 1; x &= 0xd; x ^= 0xff; x >>= 1; printf("%d\n", x); exit(0); }' <<'EOF'
127

EOF

run value.strings -q -n 'BEGIN { s = "abc"; t = s; printf("%s %d %d %d\n", t,
	s == "abc", s < "abd", strlen(s)); exit(0); }' <<'EOF'
abc 1 1 3

EOF

run value.self-this -q -n 'BEGIN { self->x = 5; this->y = self->x * 2;
	printf("%d %d\n", self->x, this->y); }' \
	-n 'BEGIN { printf("%d\n", self->x + 1); exit(0); }' <<'EOF'
5 10
6

EOF

run value.builtins -q -n 'syscall:x64:write:entry { printf("%s %s %s %s %d %d %d %d\n",
	probeprov, probemod, probefunc, probename, arg0, arg2, args[1], id);
	exit(0); }' <<'EOF'
syscall x64 write entry 1 13 8192 12

EOF

run value.inline -q -n 'inline int ANSWER = 6 * 7;
	BEGIN { printf("%d\n", ANSWER); exit(0); }' <<'EOF'
42

EOF

run value.declared-types -q -n 'uint16_t s; int8_t c; BEGIN { s = 70000; c = 200;
	printf("%d %d\n", s, c); exit(0); }' <<'EOF'
4464 -56

EOF

run value.strsize -q -x strsize=4 -n 'BEGIN { s = "abcdef"; trace(s); exit(0); }' <<'EOF'
abc
EOF

# --- Predicates, probes firing over time ----------------------------------
run pred.count -q -n 'BEGIN { i = 0; }' -n 'tick-10ms /i < 10/ { i++; trace(i); }' \
	-n 'tick-10ms /i == 10/ { exit(0); }' <<'EOF'
12345678910
EOF

run pred.predfirst -n 'BEGIN /x++ == 0/ { exit(x - 1); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN $

EOF

# --- exit(), END, stopping -------------------------------------------------
RC=3 run exit.status -q -n 'BEGIN { exit(3); }' <<'EOF'

EOF

run exit.end-after-exit -q -n 'END { printf("end\n"); }' -n 'BEGIN { printf("begin\n"); }' \
	-n 'tick-1 { printf("tick\n"); exit(0); }' <<'EOF'
begin
tick
end

EOF

run exit.last-exit-wins -n 'BEGIN { exit(1); }' -n 'END { exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN $
  0      2                             :END $

EOF

run exit.clauses-in-order -q -n 'END { printf("1"); }' -n 'END { printf("2"); }' \
	-n 'END { printf("3"); }' -n 'BEGIN { exit(0); }' <<'EOF'
123
EOF

# --- regs[] and uregs[] -----------------------------------------------------
# The simulated device's user registers are 0x1000 + their index; its
# probes have no kernel registers.
run regs.uregs -q -n 'BEGIN { printf("%x %x %x %x %x %x\n", uregs[R_R15], uregs[R_RAX],
	uregs[R_PC], uregs[R_SP], uregs[R_FP], uregs[R_SS]); exit(0); }' <<'EOF'
1000 100a 1010 1013 1004 1014

EOF

ERR='error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): illegal operation in action #1' \
	run regs.none -q -n 'BEGIN { trace(regs[R_PC]); }' -n 'BEGIN { exit(0); }' <<'EOF'

EOF

ERR='error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): illegal operation in action #1' \
	run regs.uregs-past -q -n 'BEGIN { trace(uregs[21]); }' -n 'BEGIN { exit(0); }' <<'EOF'

EOF

# --- Faults ------------------------------------------------------------------
ERR='error on enabled probe ID 2 (ID 1: dtrace:::BEGIN): invalid address (0x0) in action #1' \
	run fault.badaddr -q -n 'BEGIN { trace(*(int *)0); }' -n 'BEGIN { exit(0); }' <<'EOF'

EOF

ERR='divide-by-zero in predicate at DIF offset 4' \
	run fault.predicate -q -n 'BEGIN /1 / (arg0 - arg0)/ { trace(1); }' \
	-n 'BEGIN { exit(0); }' <<'EOF'

EOF

ERR='divide-by-zero in action #4 at DIF offset 2' \
	run fault.user-error-clause -q -n 'BEGIN { x = 10; y = 0; printf("%d\n", x / y); }' \
	-n 'ERROR { printf("ERROR: %d %d %d\n", arg2, arg3, arg4); exit(0); }' <<'EOF'
ERROR: 4 2 4

EOF

# --- Options and the command line ------------------------------------------
run opt.output-file -q -o "$TMP/out.txt" -n 'BEGIN { printf("to file\n"); exit(0); }' <<'EOF'
EOF
file_is opt.output-file-content "$TMP/out.txt" <<'EOF'
to file

EOF

cat >"$TMP/args.d" <<'EOF'
#!/usr/sbin/dtrace -qs
BEGIN
{
	printf("%d %s %s\n", $1, $$2, $0);
	exit(0);
}
EOF
run opt.macro-args -qs "$TMP/args.d" 42 word <<EOF
42 word $TMP/args.d

EOF

RC=1 ERR="extraneous argument '7' (\$3 is not referenced)" \
	run opt.macro-unused -qs "$TMP/args.d" 42 word 7 <<'EOF'
EOF

run opt.macro-argref -q -x argref -n 'BEGIN { exit(0); }' 1 2 <<'EOF'

EOF

run opt.macro-in-pdesc -q -n 'syscall::$1:entry { printf("%s\n", probefunc); exit(0); }' \
	read <<'EOF'
read

EOF

cat >"$TMP/cpp.d" <<'EOF'
#define GREETING "hello"
BEGIN
{
#ifdef EXTRA
	printf("%s\n", GREETING);
#endif
	exit(0);
}
EOF
run opt.cpp -q -C -DEXTRA -s "$TMP/cpp.d" <<'EOF'
hello

EOF

# The principal buffer must hold the largest record of the enabled
# clauses, a 16-byte header included, as the kernel checks when tracing
# starts: dtrace(1)'s own ERROR clause records 40 bytes, so 56 is the
# least any program runs with; smaller buffers drop what does not fit.
RC=1 ERR='dtrace: could not enable tracing: Enabling exceeds size of buffer' \
	run opt.bufsize-small -b 55 -n 'BEGIN { exit(0); }' <<'EOF'
EOF
RC=1 ERR='dtrace: could not enable tracing: Enabling exceeds size of buffer' \
	run opt.bufsize-record -q -b 256 -n 'BEGIN { trace(probefunc); exit(0); }' <<'EOF'
EOF
run opt.bufsize-least -q -b 56 -n 'BEGIN { trace(1); exit(0); }' <<'EOF'
1
EOF
RC=1 ERR='dtrace: could not enable tracing: Enabling exceeds size of buffer' \
	run opt.bufsize-zero -b 0 -n 'BEGIN { exit(0); }' <<'EOF'
EOF

RC=1 ERR='probe description nosuch:::probe does not match any probes' \
	run opt.pdesc-zero -n 'nosuch:::probe { }' <<'EOF'
EOF

run opt.zdefs -Z -q -n 'nosuch:::probe { }' -n 'BEGIN { exit(0); }' <<'EOF'

EOF

run opt.probe-id -q -i '2 { printf("end %s\n", probename); }' -n 'BEGIN { exit(0); }' <<'EOF'
end END

EOF

RC=1 ERR='probe description 99 does not match any probes' \
	run opt.probe-id-none -q -i 99 <<'EOF'
EOF

run opt.list -l <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
    1     dtrace                                                     BEGIN
    2     dtrace                                                     END
    3     dtrace                                                     ERROR
    4    profile                                                     tick-1
    5    profile                                                     tick-10ms
    6    profile                                                     tick-100ms
    7    profile                                                     tick-1s
    8    profile                                                     tick-1sec
    9    profile                                                     profile-97
   10    syscall               x64                              read entry
   11    syscall               x64                              read return
   12    syscall               x64                             write entry
   13    syscall               x64                             write return
   14    profile                                                     tick-100msec
   15    syscall              ia32                             write entry
EOF

run opt.list-desc -l -n 'syscall::read:' <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
   10    syscall               x64                              read entry
   11    syscall               x64                              read return
EOF

run opt.list-provider -l -P dtrace -i 12 <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
    1     dtrace                                                     BEGIN
    2     dtrace                                                     END
    3     dtrace                                                     ERROR
   12    syscall               x64                             write entry
EOF

run opt.list-func -l -f write <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
   12    syscall               x64                             write entry
   13    syscall               x64                             write return
   15    syscall              ia32                             write entry
EOF

# x32, the name an earlier Linux DTrace gave the 32-bit module, is ia32.
run opt.list-x32 -l -n 'syscall:x32:write:' <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
   15    syscall              ia32                             write entry
EOF

run opt.list-verbose -l -v -n 'syscall::read:entry' <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
   10    syscall               x64                              read entry

	Probe Description Attributes
		Identifier Names: Evolving
		Data Semantics:   Evolving
		Dependency Class: Common

	Argument Attributes
		Identifier Names: Private
		Data Semantics:   Private
		Dependency Class: ISA

	Argument Types
		args[0]: uint64_t
		args[1]: uint64_t
		args[2]: uint64_t

EOF

# The description's attributes: the least of the fields it gives.
run opt.list-verbose-name -l -v -n 'BEGIN' <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
    1     dtrace                                                     BEGIN

	Probe Description Attributes
		Identifier Names: Stable
		Data Semantics:   Stable
		Dependency Class: Common

	Argument Attributes
		Identifier Names: Stable
		Data Semantics:   Stable
		Dependency Class: Common

	Argument Types
		None

EOF

run opt.list-verbose-all -l -v -i 1 <<'EOF'
   ID   PROVIDER            MODULE                          FUNCTION NAME
    1     dtrace                                                     BEGIN

	Probe Description Attributes
		Identifier Names: Private
		Data Semantics:   Private
		Dependency Class: Unknown

	Argument Attributes
		Identifier Names: Stable
		Data Semantics:   Stable
		Dependency Class: Common

	Argument Types
		None

EOF

run opt.version -V <<'EOF'
dtrace: Linux D 0.1
dtrace: kernel interface 0.3
EOF

# Interface 0.1: statements run for their side effects record 8 bytes
# that are not printed.
FAKEDEV_MINOR=1 run compat.void-statements -n 'BEGIN { x = 1; trace(x + 1);
	self->y = 3; }' -n 'BEGIN { exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN         2
  0      1                           :BEGIN $

EOF

ERR='has exited' run opt.command -q -c 'sleep 0' \
	-n 'BEGIN { printf("%d\n", $target > 0); }' <<'EOF'
1

EOF

run opt.pid -q -p 1 -n 'BEGIN { printf("%d\n", $target); exit(0); }' <<'EOF'
1

EOF

# The grab of the target (dt_proc.c): its user symbols outlive it.  With
# FAKEDEV_UTARGET, the simulated device records user addresses with the
# pid of the process dtrace(1) seized; utarget (tests/utarget.c, no PIE)
# has dtut_func at the address nm gives, and has exited when END fires.
utsym() {
	nm "$UTARGET" 2>/dev/null | awk '$3 == "dtut_func" { print "0x" $1 }'
}

if [ -n "$UTARGET" ]; then
	ua=$(utsym)
	FAKEDEV_UTARGET=1 ERR='has exited' run proc.grab-exit -q -c "$UTARGET" \
		-n "END { usym($ua); printf(\"|\"); ufunc($ua + 1); printf(\"|\");
		umod($ua); printf(\"|\"); uaddr($ua + 1);
		printf(\"|%A\\n\", $ua + 4); }" <<'EOF'
utarget`dtut_func|utarget`dtut_func|utarget|utarget`dtut_func+0x1|utarget`dtut_func+0x4

EOF
	# Recorded while the target lives, read from a ring buffer only
	# when tracing stops, after it exited.
	FAKEDEV_UTARGET=1 ERR='has exited' run proc.grab-ring -q \
		-x bufpolicy=ring -c "$UTARGET sleep 1" \
		-n "tick-10ms /i++ == 0/ { usym($ua); printf(\"\\n\"); }
		END { printf(\"end\\n\"); }" <<'EOF'
utarget`dtut_func
end

EOF
	# -p: a process of ours, grabbed too; it exits while traced.
	UTARGET_PIDFILE=$TMP/upid "$UTARGET" sleep 1 &
	upid=$!
	FAKEDEV_UTARGET=1 ERR="pid $upid has exited" run proc.grab-pid -q \
		-p $upid -n "END { usym($ua); printf(\"\\n\"); }" <<'EOF'
utarget`dtut_func

EOF
	wait $upid 2>/dev/null
elif want proc.grab; then
	fail proc.grab "UTARGET is not set"
fi

# utarget_pid FILE: the pid utarget wrote to FILE, once it has.
utarget_pid() {
	for _ in $(seq 100); do
		[ -s "$1" ] && { cat "$1"; return; }
		sleep 0.05
	done
}

# (A program that records no user addresses does not grab its target.)
if [ -n "$UTARGET" ] && [ -n "$FAKEDEV" ] && want proc.no-grab; then
	rm -f "$TMP/pid"
	UTARGET_PIDFILE=$TMP/pid LD_PRELOAD="$FAKEDEV" "$DTRACE" -q \
		-c "$UTARGET sleep 1" -n 'tick-1s { }' >"$TMP/out" 2>&1 &
	dpid=$!
	tpid=$(utarget_pid "$TMP/pid")
	tt=$(awk '/^TracerPid:/ { print $2 }' "/proc/$tpid/status" 2>/dev/null)
	wait $dpid
	if [ "$tt" = 0 ]; then
		pass proc.no-grab
	else
		fail proc.no-grab "target traced by '$tt'" "$(cat "$TMP/out")"
	fi
fi

# A grabbed target that stops itself with SIGSTOP is let go, and stopped
# as any process is (T, not the t of a tracee); SIGCONT resumes it.
if [ -n "$UTARGET" ] && [ -n "$FAKEDEV" ] && want proc.stop; then
	rm -f "$TMP/pid"
	UTARGET_PIDFILE=$TMP/pid LD_PRELOAD="$FAKEDEV" "$DTRACE" -q \
		-c "$UTARGET stop" -n 'tick-1s /0/ { usym(0); }' >"$TMP/out" 2>&1 &
	dpid=$!
	tpid=$(utarget_pid "$TMP/pid")
	state=
	for _ in $(seq 100); do
		state=$(awk '{ print $3 }' "/proc/$tpid/stat" 2>/dev/null)
		[ "$state" = T ] && break
		sleep 0.05
	done
	kill -CONT "$tpid" 2>/dev/null
	wait $dpid
	rc=$?
	if [ "$state" = T ] && [ $rc = 0 ] && grep -qx resumed "$TMP/out"; then
		pass proc.stop
	else
		fail proc.stop "state '$state', exit status $rc" "$(cat "$TMP/out")"
	fi
fi

# A signal the grabbed target is sent reaches it; the processes it forks
# are not traced, the target is.
if [ -n "$UTARGET" ]; then
	run proc.signal -q -c "$UTARGET usr1" -n 'tick-1s /0/ { usym(0); }' <<'EOF'
usr1

EOF
fi
if [ -n "$UTARGET" ] && [ -n "$FAKEDEV" ] && want proc.fork; then
	rm -f "$TMP/pid" "$TMP/pid.child"
	UTARGET_PIDFILE=$TMP/pid LD_PRELOAD="$FAKEDEV" "$DTRACE" -q \
		-c "$UTARGET fork" -n 'tick-1s /0/ { usym(0); }' >"$TMP/out" 2>&1 &
	dpid=$!
	tpid=$(utarget_pid "$TMP/pid")
	cpid=$(utarget_pid "$TMP/pid.child")
	tt=$(awk '/^TracerPid:/ { print $2 }' "/proc/$tpid/status" 2>/dev/null)
	ct=$(awk '/^TracerPid:/ { print $2 }' "/proc/$cpid/status" 2>/dev/null)
	wait $dpid
	rc=$?
	if [ "$tt" = "$dpid" ] && [ "$ct" = 0 ] && [ $rc = 0 ]; then
		pass proc.fork
	else
		fail proc.fork "target traced by '$tt', child by '$ct'," \
			"dtrace $dpid, exit status $rc" "$(cat "$TMP/out")"
	fi
fi

cmd opt.target-undef 1 'macro variable $target is not defined' \
	-e -n 'BEGIN { trace($target); }'
cmd opt.unknown 2 'option -y is unknown' -y
cmd opt.no-program 2 'no probes specified'
cmd opt.bad-x 1 'failed to set -x version: Requested version is not supported by compiler' \
	-e -x version=99.1 -n BEGIN
cmd opt.bad-x-name 1 'failed to set -x nosuch: Invalid option name' -e -x nosuch -n BEGIN
cmd opt.e-no-device 0 '' -e -n 'BEGIN { trace(1); }'
cmd opt.w-destructive 0 '' -e -w -n 'BEGIN { trace(1); }'

# system(): formatted as printf() would print it, run after what was
# printed before it, its output in the same stream.
run act.system -w -q -n 'BEGIN { printf("a\n"); system("echo %s-%d", "hi", 3);
	printf("b\n"); exit(0); }' <<'EOF2'
a
hi-3
b

EOF2
