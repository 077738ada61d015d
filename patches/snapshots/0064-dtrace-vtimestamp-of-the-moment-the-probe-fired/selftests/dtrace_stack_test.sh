#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stackdepth, caller and vtimestamp through dtrace(1) against the running
# kernel:
#  - profile-997 in kernel code: stackdepth counts the interrupted code's
#    callers, caller is a kernel text address (/proc/kallsyms);
#  - profile-997 in user code: stackdepth and caller are 0;
#  - syscall entry: caller is the function that called the syscall
#    provider's tracepoint callback (the syscall entry work);
#  - fbt entry and return of __x64_sys_getppid: caller is the syscall
#    dispatcher, from the breakpoint's registers;
#  - vtimestamp advances across every openat() (no tick needed between)
#    and by no more than the wall time; it is one value throughout a
#    firing;
#  - stack() at fbt, syscall and profile probes: frames as module`symbol
#    from /proc/kallsyms, the probed function first at fbt, as many as
#    asked; sym(), func() and mod() of caller; tracemem() of bytes the
#    clause wrote; @[stack(3)] = count() prints blocks of 1 to 3 frames,
#    each followed by its count;
#  - ustack() at a system call of dtrace_ustack (built with frame
#    pointers): its functions innermost first, as module`symbol+0xoff from
#    the program's ELF symbols, as many as asked; usym(), umod(), uaddr()
#    and printf's %A of addresses in the program and in the C library;
#  - aggregations keyed by ustack(), ufunc(), umod(), uaddr(), func() and
#    mod(): symbolic keys, those of one function (one module) merged;
#  - ustack() and usym() read from a ring buffer only when tracing stops,
#    after the -c target exited: dtrace(1) grabbed the target and kept
#    its symbols;
#  - uregs[] at a system call and regs[] at an fbt probe: the registers
#    the kernel saved, by the R_* indexes.
# $DTRACE names the binary (default: dtrace from PATH).

DTRACE=${DTRACE:-dtrace}
HERE=$(dirname "$(readlink -f "$0")")
USTACK=${USTACK:-$HERE/dtrace_ustack}
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d) || exit 1
spin=
trap '[ -n "$spin" ] && kill $spin 2>/dev/null; rm -rf "$tmp"' EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }

# ksym ADDR (hex, no 0x): the text symbol containing ADDR, or nothing.
# Addresses compare as 16-digit strings: awk's numbers are doubles.
ksym() {
	awk -v a="$1" '
	BEGIN { want = tolower(a); while (length(want) < 16) want = "0" want }
	$2 ~ /^[tT]$/ && $1 <= want && $1 > best { best = $1; name = $3 }
	END { if (best != "" && best != "0000000000000000") print name }' \
		/proc/kallsyms
}

if ! command -v "$DTRACE" >/dev/null; then
	echo "# $DTRACE: not found"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "# must be run as root"
	exit $ksft_skip
fi

echo "TAP version 13"
echo "1..26"

# 1, 2: interrupted kernel code (idle CPUs, mostly).
timeout 60 "$DTRACE" -q -n '
	BEGIN { d = 0; c = caller; }
	profile:::profile-997 /arg0 && stackdepth > d/ { d = stackdepth; c = caller; }
	profile:::tick-2s { printf("%d %x\n", d, c); exit(0); }' \
	>"$tmp/k.out" 2>"$tmp/k.err"
read -r kd kc <"$tmp/k.out"
echo "# kernel: stackdepth $kd caller $kc ($(ksym "$kc"))"
if [ "${kd:-0}" -ge 2 ] && [ "${kd:-0}" -le 64 ]; then
	ok "stackdepth of interrupted kernel code is $kd"
else
	nok "stackdepth of interrupted kernel code: '$kd' ($(cat "$tmp/k.err"))"
fi
if [ -n "$kc" ] && [ -n "$(ksym "$kc")" ]; then
	ok "caller of interrupted kernel code is kernel text"
else
	nok "caller '$kc' is not kernel text"
fi

# 3: interrupted user code.
cp "$(command -v sh)" "$tmp/dtspin"
"$tmp/dtspin" -c 'while :; do :; done' &
spin=$!
timeout 120 "$DTRACE" -q -n "
	profile:::profile-997 /pid == $spin && arg1/ {
		printf(\"%d %d\n\", stackdepth, caller); exit(0);
	}" >"$tmp/u.out" 2>"$tmp/u.err"
kill $spin; wait $spin 2>/dev/null; spin=
if [ "$(cat "$tmp/u.out")" = "0 0" ]; then
	ok "stackdepth and caller of user code are 0"
else
	nok "user code: '$(cat "$tmp/u.out")' $(cat "$tmp/u.err")"
fi

# 4, 5: the syscall provider's probes fire from the syscall entry work;
# 6, 7: vtimestamp across openat().
cp "$(command -v cat)" "$tmp/dtstack"
(while :; do "$tmp/dtstack" /dev/null; done) &
spin=$!
timeout 60 "$DTRACE" -q -n '
	BEGIN { d = 0; c = caller; n = 0; zero = 0; over = 0; }
	syscall::openat:entry /execname == "dtstack"/ {
		self->v = vtimestamp; self->t = timestamp;
		d = stackdepth; c = caller;
	}
	syscall::openat:return /self->t/ {
		n++;
		zero += vtimestamp == self->v;
		over += vtimestamp - self->v > timestamp - self->t + 50000;
		self->t = 0;
	}
	syscall::openat:return /n == 50/ {
		printf("%d %x %d %d\n", d, c, zero, over); exit(0);
	}' >"$tmp/s.out" 2>"$tmp/s.err"
kill $spin; wait $spin 2>/dev/null; spin=
read -r sd sc zero over <"$tmp/s.out"
sym=$(ksym "$sc")
echo "# syscall entry: stackdepth $sd caller $sc ($sym)"
if [ "${sd:-0}" -ge 1 ] && [ "${sd:-0}" -le 32 ]; then
	ok "stackdepth at a syscall entry is $sd"
else
	nok "stackdepth at a syscall entry: '$sd' ($(cat "$tmp/s.err"))"
fi
case $sym in
*sys_enter* | *syscall_trace_enter* | *syscall_enter* | *traceiter*)
	ok "caller at a syscall entry is $sym";;
*)	nok "caller at a syscall entry is '$sym'";;
esac
if [ "$zero" = 0 ]; then
	ok "vtimestamp advanced across each of 50 openat() calls"
else
	nok "vtimestamp stood still across '$zero' of 50 openat() calls"
fi
if [ "$over" = 0 ]; then
	ok "vtimestamp never advanced more than timestamp (+50 us)"
else
	nok "vtimestamp advanced more than timestamp '$over' times"
fi

# 8, 9: fbt, from the registers of the breakpoint.
perl -e 'getppid() while 1' &
spin=$!
timeout 120 "$DTRACE" -q -n "
	fbt::__x64_sys_getppid:entry /pid == $spin/ {
		self->d = stackdepth; self->c = caller;
	}
	fbt::__x64_sys_getppid:return /self->c/ {
		printf(\"%d %x %d %x\\n\", self->d, self->c, stackdepth,
		       caller);
		exit(0);
	}" >"$tmp/f.out" 2>"$tmp/f.err"
frc=$?
kill $spin; wait $spin 2>/dev/null; spin=
read -r ed ec rd rc <"$tmp/f.out"
echo "# fbt: entry $ed $ec ($(ksym "$ec")), return $rd $rc ($(ksym "$rc"))"
case $(ksym "$ec") in
x64_sys_call | do_syscall_64)
	ok "caller at fbt::__x64_sys_getppid:entry is $(ksym "$ec")";;
*)	nok "caller at fbt entry: '$ec' (exit $frc) $(cat "$tmp/f.err")";;
esac
if [ -n "$ec" ] && [ "$ec" = "$rc" ] && [ "$ed" = "$rd" ] && [ "${ed:-0}" -ge 2 ]; then
	ok "fbt return has the caller and stackdepth of the entry"
else
	nok "fbt entry '$ed $ec' and return '$rd $rc' differ"
fi

# 10, 11: stack() at the fbt entry of getppid: the function (at the
# probe's offset, past endbr64 and the fentry nop), then its callers up to
# the system call entry; func(), mod(), sym() and printf %a of caller.
perl -e 'getppid() while 1' &
spin=$!
timeout 120 "$DTRACE" -q -n "
	fbt::__x64_sys_getppid:entry /pid == $spin/ {
		stack(); func(caller); mod(caller); sym(caller);
		printf(\"\\n%a\\n\", caller); exit(0);
	}" >"$tmp/s.out" 2>"$tmp/s.err"
src=$?
kill $spin; wait $spin 2>/dev/null; spin=
sed 's/^/#   /' "$tmp/s.out"
first=$(grep -m1 '`' "$tmp/s.out" | sed 's/^ *//')
if echo "$first" | grep -Eq '^vmlinux`__x64_sys_getppid(\+0x[0-9a-f]+)?$' &&
   grep -Eq '^ {14}vmlinux`(do_syscall_64|x64_sys_call)\+0x[0-9a-f]+$' "$tmp/s.out" &&
   grep -Eq '^ {14}vmlinux`entry_SYSCALL_64' "$tmp/s.out"; then
	ok "stack() at fbt entry: the function, then callers to the syscall entry"
else
	nok "stack() at fbt entry (exit $src) $(cat "$tmp/s.err")"
fi
if grep -Eq '^vmlinux`(do_syscall_64|x64_sys_call)vmlinuxvmlinux`(do_syscall_64|x64_sys_call)$' \
	"$tmp/s.out" &&
   grep -Eq '^vmlinux`(do_syscall_64|x64_sys_call)\+0x[0-9a-f]+$' "$tmp/s.out"; then
	ok "func(), mod(), sym() and printf %a of caller"
else
	nok "func(), mod(), sym() and printf %a of caller"
fi

# 12: stack(2) at a syscall probe: two frames, no more.
perl -e 'getppid() while 1' &
spin=$!
timeout 60 "$DTRACE" -q -n "syscall::getppid:entry /pid == $spin/ {
	stack(2); exit(0); }" >"$tmp/s2.out" 2>"$tmp/s2.err"
kill $spin; wait $spin 2>/dev/null; spin=
nf=$(grep -Ec '^ {14}vmlinux`' "$tmp/s2.out")
if [ "$nf" = 2 ]; then
	ok "stack(2) at a syscall probe has 2 frames"
else
	nok "stack(2) at a syscall probe has $nf frames $(cat "$tmp/s2.err")"
	sed 's/^/#   /' "$tmp/s2.out"
fi

# 13: stack() of interrupted kernel code starts at the interrupted
# instruction, in kernel text.
timeout 60 "$DTRACE" -q -n 'profile:::profile-997 /arg0/ { stack(); exit(0); }' \
	>"$tmp/s3.out" 2>"$tmp/s3.err"
pc=$(grep -m1 '`' "$tmp/s3.out" | sed 's/^ *vmlinux`\([^+]*\).*/\1/')
if [ -n "$pc" ] && grep -q " [tT] $pc\$" /proc/kallsyms; then
	ok "stack() at profile starts in $pc"
else
	nok "stack() at profile: '$pc' $(cat "$tmp/s3.err")"
	sed 's/^/#   /' "$tmp/s3.out"
fi

# 14: tracemem() of 20 bytes the clause wrote.
timeout 60 "$DTRACE" -q -n 'BEGIN { this->a = (uint8_t *)alloca(20);
	this->a[0] = 0x41; this->a[1] = 0x42; this->a[15] = 0x7a;
	this->a[16] = 0x0a; this->a[19] = 0xff; tracemem(this->a, 20); exit(0); }' \
	>"$tmp/t.out" 2>"$tmp/t.err"
cat >"$tmp/t.want" <<'EOF'

             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef
         0: 41 42 00 00 00 00 00 00 00 00 00 00 00 00 00 7a  AB.............z
        10: 0a 00 00 ff                                      ....

EOF
if diff -u "$tmp/t.want" "$tmp/t.out" >"$tmp/t.diff"; then
	ok "tracemem() prints the bytes"
else
	nok "tracemem() $(cat "$tmp/t.err")"
	sed 's/^/#   /' "$tmp/t.diff"
fi

# 15: an aggregation keyed by stack(3): blocks of 1 to 3 frames, each
# followed by its count.
timeout 60 "$DTRACE" -q -n 'profile:::profile-997 /arg0/ { @[stack(3)] = count(); }
	profile:::tick-1s { exit(0); }' >"$tmp/a.out" 2>"$tmp/a.err"
res=$(awk '
	/^              [a-z0-9_]+`/ { f++; next }
	/^ +[0-9]+$/ { if (f < 1 || f > 3) bad++; n++; sum += $1; f = 0; next }
	/^$/ { next }
	{ other++ }
	END { printf "%d %d %d %d\n", n, sum, bad + 0, other + 0 }' "$tmp/a.out")
read -r nb sum bad other <<<"$res"
if [ "${nb:-0}" -ge 1 ] && [ "${sum:-0}" -ge 1 ] && [ "$bad" = 0 ] && [ "$other" = 0 ]; then
	ok "@[stack(3)] = count(): $nb stacks, $sum samples"
else
	nok "@[stack(3)] = count(): '$res' $(cat "$tmp/a.err")"
	head -20 "$tmp/a.out" | sed 's/^/#   /'
fi

# 16: ustack() where dtus_inner() makes the system call itself: the
# walk of frame pointers gives dtus_inner, dtus_outer, main.
timeout 60 "$DTRACE" -q -x switchrate=20hz -n '
	syscall::getppid:entry /pid == $target/ { ustack(); }' \
	-c "$USTACK" >"$tmp/u.out" 2>"$tmp/u.err"
# The first record: main() calls getppid() again, through the C library.
first() { awk 'NF == 0 && n { exit } NF { sub(/^ */, ""); print; n++ }' "$1"; }
frames=$(first "$tmp/u.out" | head -n 3 | sed 's/+0x[0-9a-f]*$//' | paste -sd' ')
if [ "$frames" = 'dtrace_ustack`dtus_inner dtrace_ustack`dtus_outer dtrace_ustack`main' ] &&
   grep -q '^ *dtrace_ustack`dtus_inner+0x[0-9a-f]*$' "$tmp/u.out"; then
	ok "ustack(): $frames"
else
	nok "ustack(): '$frames' $(cat "$tmp/u.err")"
	sed 's/^/#   /' "$tmp/u.out"
fi

# 17: ustack(2): two frames.
timeout 60 "$DTRACE" -q -x switchrate=20hz -n '
	syscall::getppid:entry /pid == $target/ { ustack(2); }' \
	-c "$USTACK" >"$tmp/u2.out" 2>"$tmp/u2.err"
frames=$(first "$tmp/u2.out" | sed 's/+0x[0-9a-f]*$//' | paste -sd' ')
if [ "$frames" = 'dtrace_ustack`dtus_inner dtrace_ustack`dtus_outer' ]; then
	ok "ustack(2): $frames"
else
	nok "ustack(2): '$frames' $(cat "$tmp/u2.err")"
fi

# 18: usym(), umod(), uaddr() and printf("%A") of dtus_inner and of the
# C library's getppid(), passed to write() as its second argument.
timeout 60 "$DTRACE" -q -x switchrate=20hz -n '
	syscall::write:entry /pid == $target && (int)arg0 == -1/ {
		usym(arg1); printf("|"); umod(arg1); printf("|");
		uaddr(arg1 + 3); printf("|%A\n", arg1 + 5); }' \
	-c "$USTACK" >"$tmp/s.out" 2>"$tmp/s.err"
l1=$(sed -n 1p "$tmp/s.out")
l2=$(sed -n 2p "$tmp/s.out")
u='dtrace_ustack`dtus_inner'
g='libc\.so\.6`[_a-z]*getppid'
if [ "$l1" = "$u|dtrace_ustack|$u+0x3|$u+0x5" ] &&
   [[ $l2 =~ ^$g\|libc\.so\.6\|$g\+0x3\|$g\+0x5$ ]]; then
	ok "usym(), umod(), uaddr(), printf %A: $l1 $l2"
else
	nok "usym(), umod(), uaddr(), printf %A: '$l1' '$l2' $(cat "$tmp/s.err")"
fi

# 19: @[ustack()]: the stack of dtus_inner's own getppid(), counted once.
timeout 60 "$DTRACE" -q -x switchrate=20hz -n '
	syscall::getppid:entry /pid == $target/ { @[ustack()] = count(); }' \
	-c "$USTACK" >"$tmp/ua.out" 2>"$tmp/ua.err"
# The block of frames that starts at dtus_inner (its first three frames,
# those of the program), then its count.
blk=$(awk '/dtus_inner/ { on = 1 } on && NF == 0 { exit } on { print $1 }' \
	"$tmp/ua.out" | sed 's/+0x[0-9a-f]*$//' | sed -n '1,3p;$p' | paste -sd' ')
if [ "$blk" = 'dtrace_ustack`dtus_inner dtrace_ustack`dtus_outer dtrace_ustack`main 1' ]; then
	ok "@[ustack()] = count(): $blk"
else
	nok "@[ustack()] = count(): '$blk' $(cat "$tmp/ua.err")"
	sed 's/^/#   /' "$tmp/ua.out"
fi

# 20: ufunc(), umod(), uaddr() keys: write(-1, dtus_inner) and
# write(-1, getppid) twice each (the address and one byte on): ufunc() and
# umod() merge the two, uaddr() does not.
timeout 60 "$DTRACE" -q -x switchrate=20hz -n '
	syscall::write:entry /pid == $target && (int)arg0 == -1/ {
		@f[ufunc(arg1)] = count(); @f[ufunc(arg1 + 1)] = count();
		@m[umod(arg1)] = count(); @m[umod(arg1 + 1)] = count();
		@a[uaddr(arg1)] = count(); @a[uaddr(arg1 + 1)] = count(); }
	END { printa("f %A %@d\n", @f); printa("a %A %@d\n", @a);
		printa(@m); }' \
	-c "$USTACK" >"$tmp/uk.out" 2>"$tmp/uk.err"
# printa(@m) in the default layout: "  module   count".
got=$(awk '/^[fa] / { print; next } NF == 2 { print "m " $1 " " $2 }' \
	"$tmp/uk.out" | sed -E 's/`[_a-z]*getppid/`getppid/' | sort | paste -sd'|')
want='a dtrace_ustack`dtus_inner 1|a dtrace_ustack`dtus_inner+0x1 1|'
want+='a libc.so.6`getppid 1|a libc.so.6`getppid+0x1 1|'
want+='f dtrace_ustack`dtus_inner 2|f libc.so.6`getppid 2|'
want+='m dtrace_ustack 2|m libc.so.6 2'
if [ "$got" = "$want" ]; then
	ok "ufunc(), umod(), uaddr() keys"
else
	nok "ufunc(), umod(), uaddr() keys: '$got' $(cat "$tmp/uk.err")"
fi

# 21: func() and mod() keys of the caller of vfs_read() and one byte on:
# one key per function and per module, counted twice per call.
timeout 60 "$DTRACE" -q -n '
	fbt::vfs_read:entry /pid == $target/ {
		@f[func(caller)] = count(); @f[func(caller + 1)] = count();
		@m[mod(caller)] = count(); @m[mod(caller + 1)] = count();
		@s[caller] = count(); }
	END { printa("f %a %@d\n", @f); printa("s %@d\n", @s); printa(@m); }' \
	-c "cat /proc/self/stat" >"$tmp/kk.out" 2>"$tmp/kk.err"
# printa(@m) in the default layout: "  module   count".
awk 'NF == 2 && !/^[fs] / { print "m " $1 " " $2 }' "$tmp/kk.out" >"$tmp/kk.m"
cat "$tmp/kk.m" >>"$tmp/kk.out"
nf=$(grep -c '^f vmlinux`[_a-z0-9]* [0-9]*$' "$tmp/kk.out")
nm=$(grep -c '^m ' "$tmp/kk.out")
calls=$(awk '/^s / { t += $2 } END { print t + 0 }' "$tmp/kk.out")
fsum=$(awk '/^f / { t += $3 } END { print t + 0 }' "$tmp/kk.out")
msum=$(awk '/^m vmlinux / { print $3 }' "$tmp/kk.out")
if [ "$calls" -ge 1 ] && [ "$nf" -ge 1 ] && [ "$nm" = 1 ] &&
   [ "$fsum" = $((2 * calls)) ] && [ "$msum" = $((2 * calls)) ] &&
   [ "$nf" = "$(grep -c '^f ' "$tmp/kk.out")" ]; then
	ok "func(), mod() keys: $nf function(s), $calls calls"
else
	nok "func(), mod() keys: $(paste -sd'|' "$tmp/kk.out") $(cat "$tmp/kk.err")"
fi

# 22: ustack() of the -c target, recorded into a ring buffer and so read
# and printed only when tracing stops, once the target has exited (and
# END has fired): still symbolic, from the symbols dtrace(1) kept when it
# saw the target exiting.
timeout 60 "$DTRACE" -q -x bufpolicy=ring -n '
	syscall::getppid:entry /pid == $target/ { ustack(); }
	END { printf("end\n"); }' \
	-c "$USTACK" >"$tmp/r.out" 2>"$tmp/r.err"
frames=$(first "$tmp/r.out" | head -n 3 | sed 's/+0x[0-9a-f]*$//' | paste -sd' ')
if [ "$frames" = 'dtrace_ustack`dtus_inner dtrace_ustack`dtus_outer dtrace_ustack`main' ] &&
   grep -q 'has exited' "$tmp/r.err" && grep -qx end "$tmp/r.out"; then
	ok "ustack() printed after the target exited: $frames"
else
	nok "ustack() printed after the target exited: '$frames' $(cat "$tmp/r.err")"
	sed 's/^/#   /' "$tmp/r.out"
fi

# 23: usym(), umod() and uaddr() the same way.
timeout 60 "$DTRACE" -q -x bufpolicy=ring -n '
	syscall::write:entry /pid == $target && (int)arg0 == -1/ {
		usym(arg1); printf("|"); umod(arg1); printf("|");
		uaddr(arg1 + 3); printf("\n"); }' \
	-c "$USTACK" >"$tmp/rs.out" 2>"$tmp/rs.err"
l1=$(grep -m1 dtus "$tmp/rs.out")
if [ "$l1" = "$u|dtrace_ustack|$u+0x3" ] && grep -q 'has exited' "$tmp/rs.err"; then
	ok "usym(), umod(), uaddr() printed after the target exited: $l1"
else
	nok "usym(), umod(), uaddr() printed after the target exited: '$l1' $(cat "$tmp/rs.err")"
	sed 's/^/#   /' "$tmp/rs.out"
fi

# 24: uregs[] at the system call dtus_inner() makes itself: the system
# call's number in orig_ax, -ENOSYS in ax (the entry code's), the user
# code segment, and a pc in dtus_inner().
timeout 60 "$DTRACE" -q -n '
	syscall::getppid:entry /pid == $target/ {
		printf("%d %x %d|", uregs[R_ORIG_RAX], uregs[R_CS],
		       (long)uregs[R_RAX]);
		usym(uregs[R_PC]); printf("|\n"); }' \
	-c "$USTACK" >"$tmp/ur.out" 2>"$tmp/ur.err"
l1=$(head -n 1 "$tmp/ur.out")
# 110 is getppid's number on x86_64.
if [ "$l1" = '110 33 -38|dtrace_ustack`dtus_inner|' ]; then
	ok "uregs[] at a system call: $l1"
else
	nok "uregs[] at a system call: '$l1' $(cat "$tmp/ur.err")"
fi

# 25: regs[] at an fbt probe: pc is the probe's site in the function,
# rdi the first argument; uregs[] there too.
timeout 60 "$DTRACE" -q -n '
	fbt::__x64_sys_getppid:entry /pid == $target/ {
		printf("%a %d %d\n", regs[R_PC], regs[R_RDI] == arg0,
		       uregs[R_ORIG_RAX] == 110); }' \
	-c "$USTACK" >"$tmp/kr.out" 2>"$tmp/kr.err"
l1=$(head -n 1 "$tmp/kr.out")
if echo "$l1" | grep -q '^vmlinux`__x64_sys_getppid+0x[0-9a-f]* 1 1$'; then
	ok "regs[] at an fbt probe: $l1"
else
	nok "regs[] at an fbt probe: '$l1' $(cat "$tmp/kr.err")"
fi

# 26: vtimestamp is one value throughout a firing, as timestamp is: the
# same after a clause's work and in the next clause of the firing.
timeout 60 "$DTRACE" -q -n '
	syscall::getppid:entry /pid == $target/ {
		self->a = vtimestamp;
		self->s = strjoin(strjoin(execname, "/"), lltostr(timestamp));
		self->s = strjoin(self->s, substr(self->s, 3));
		self->b = vtimestamp;
	}
	syscall::getppid:entry /pid == $target/ {
		printf("%d %d %d\n", self->a == self->b, vtimestamp == self->a,
		       self->a > 0);
		exit(0);
	}' -c "$USTACK" >"$tmp/vt.out" 2>"$tmp/vt.err"
l1=$(head -n 1 "$tmp/vt.out")
if [ "$l1" = "1 1 1" ]; then
	ok "vtimestamp is one value throughout a firing"
else
	nok "vtimestamp within a firing: '$l1' $(cat "$tmp/vt.err")"
fi

[ $fails = 0 ]
