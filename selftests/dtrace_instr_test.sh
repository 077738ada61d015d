#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The instr provider, through dtrace(1): probes are made only for
# descriptions that name it, at the offsets and in the classes of the
# instructions (checked on dtins_test_classes, whose bytes are known, when
# the dtrace_bp KUnit functions are built in); every class is found; a
# ret probe fires once per return, before fbt's return probe on the same
# ret; the max_probes bound; probes of every class enabled under a
# fork/exec/open load and armed and disarmed in a loop.
# $DTRACE names dtrace(1) (default: dtrace from PATH); $LOOP the seconds
# of the arm/disarm loop (default 20).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"
LOOP=${LOOP:-20}
STATS=/sys/module/dtrace_instr/parameters/stats
MAXP=/sys/module/dtrace_instr/parameters/max_probes

need_root
if [ ! -r $STATS ]; then
	echo "# no instr provider (CONFIG_KPROBES off?)"
	exit $ksft_skip
fi

echo "TAP version 13"

stat() { awk -v k="$1" '$1 == k { print $2 }' $STATS; }

# FUNCTION-CLASS:OFFSET of each probe `dtrace -l ARGS` lists.
listed() {
	"$DTRACE" -l "$@" 2>&1 | awk 'NR > 1 && $2 == "instr" { print $4 ":" $5 }'
}

# Nothing is made for descriptions that do not name instr.
before=$(stat probes)
"$DTRACE" -l > /dev/null 2>&1
"$DTRACE" -l -n 'fbt::vfs_read:' -n ':::' > /dev/null 2>&1
after=$(stat probes)
if [ -n "$before" ] && [ "$before" = "$after" ]; then
	ok "dtrace -l alone makes no instr probe ($after made so far)"
else
	nok "dtrace -l alone makes no instr probe # $before -> $after"
fi

# The instructions of dtins_test_classes (dtrace_bp_kunit_asm.S, never
# called): endbr64 (with IBT; sealed into a nop at boot), nop, pause,
# lock incl, call, test, jz, cli, sti, jmp rel8, ret, then padding.
if grep -qw dtins_test_classes /proc/kallsyms; then
	listed -n 'instr::dtins_test_classes-*:' | sort > "$tmp/classes0"
	# The call is 6 bytes in, after endbr64 if there is one; an endbr64
	# that nothing calls indirectly is sealed into a 4-byte nop at boot.
	call=$(grep '^dtins_test_classes-call:' "$tmp/classes0" | head -n 1)
	b=$((0x${call##*:} - 6))
	{
		for e in nop:0 nop:1 lock:3 call:6 jcc:e cli:10 sti:11 jmp:12 ret:14; do
			printf 'dtins_test_classes-%s:%x\n' "${e%%:*}" \
				$((b + 0x${e#*:}))
		done
		[ "$b" = 4 ] && grep -x 'dtins_test_classes-nop:0' "$tmp/classes0"
	} | sort > "$tmp/want"
	if { [ "$b" = 0 ] || [ "$b" = 4 ]; } &&
	   cmp -s "$tmp/want" "$tmp/classes0"; then
		ok "dtins_test_classes: a probe per instruction of a class, at its offset"
	else
		nok "dtins_test_classes: a probe per instruction of a class, at its offset" \
			"#" $(cat "$tmp/classes0")
	fi
else
	skip "dtins_test_classes is not built in (CONFIG_DTRACE_KUNIT_TEST)"
fi

# Every class that has probes somewhere: ___ratelimit has cli, sti,
# lock; ___task_rq_lock pause (nop); both call, jmp, jcc, ret.
listed -n 'instr::___ratelimit-*:' -n 'instr::___task_rq_lock-*:' \
	-n 'instr::vfs_read-*:' > "$tmp/classes"
missing=""
for c in nop lock call ret jmp jcc cli sti; do
	grep -q -- "-$c:" "$tmp/classes" || missing+=" $c"
done
if [ -z "$missing" ]; then
	ok "probes of every class: nop lock call ret jmp jcc cli sti"
else
	nok "probes of every class: missing$missing"
fi
sed 's/^/# /' $STATS | grep -v ' 0$'

# A ret probe fires once per return, and before fbt's return probe on
# the same ret; the traced function still returns the right value.
cat > "$tmp/ppid.pl" <<'EOF'
#!/usr/bin/perl
my $p = getppid();
for (1 .. 99) { getppid() == $p or exit 1; }
exit 0;
EOF
chmod +x "$tmp/ppid.pl"
out=$("$DTRACE" -q -n '
instr::__x64_sys_getppid-ret: /pid == $target/ { @i = count(); }
fbt::__x64_sys_getppid:return /pid == $target/ { @f = count(); }
END { printa("instr %@d\n", @i); printa("fbt %@d\n", @f); }' \
	-c "$tmp/ppid.pl" 2>&1)
rc=$?
if [ $rc = 0 ] && grep -qx 'instr 100' <<<"$out" && grep -qx 'fbt 100' <<<"$out"; then
	ok "instr::__x64_sys_getppid-ret: fires once per getppid()"
else
	nok "instr::__x64_sys_getppid-ret: fires once per getppid() # rc $rc:" $out
fi
out=$("$DTRACE" -q -n '
instr::__x64_sys_getppid-ret:, fbt::__x64_sys_getppid:return
/pid == $target/ { printf("%s ", probeprov); }' -c "$tmp/ppid.pl" \
	2> "$tmp/err")
want=$(for _ in $(seq 100); do printf 'instr fbt '; done)
if [ "$out" = "$want" ]; then
	ok "instr fires before fbt's return probe on the same ret"
else
	nok "instr fires before fbt's return probe on the same ret #" \
		"${out:0:200} $(cat "$tmp/err")"
fi

# arg0 is the address of the instruction, arg1 a call's target.
out=$("$DTRACE" -q -n 'instr::__x64_sys_getppid-call: /pid == $target/ {
	printf("%s %a %a\n", probename, arg0, arg1); }' -c "$tmp/ppid.pl" \
	2> "$tmp/err")
line=$(head -n 1 <<<"$out")
set -- $line
if [ $# = 3 ] && [[ $2 == *getppid+0x$1 ]] && [ "$3" != 0 ] &&
   [[ $3 != *getppid* ]]; then
	ok "instr arg0 is the instruction ($2), arg1 the callee ($3)"
else
	nok "instr arg0 is the instruction, arg1 the callee # $line $(cat "$tmp/err")"
fi

# max_probes: a bound that leaves some out; raised, they come.
old=$(cat $MAXP)
made=$(stat probes)
echo $((made + 2)) > $MAXP
n1=$(listed -n 'instr::vfs_write-*:' | wc -l)
over=$(stat over-max-probes)
echo "$old" > $MAXP
n2=$(listed -n 'instr::vfs_write-*:' | wc -l)
if [ "$n1" = 2 ] && [ "${over:-0}" -gt 0 ] && [ "$n2" -gt 2 ]; then
	ok "max_probes bounds the probes made ($n1, then $n2)"
else
	nok "max_probes bounds the probes made # $n1 over $over, then $n2"
fi

# Probes of every class enabled under load, and armed and disarmed in
# a loop while the load runs them on every CPU.
MANY='instr::___ratelimit-*:, instr::_raw_spin_*-*:, instr::vfs_*-*:,
instr::___task_rq_lock-*:, instr::do_raw_spin_*-*:, instr::kmem_cache_*-*:'
nmany=$(listed -n "$MANY" | wc -l)
load /bin/ls
out=$("$DTRACE" -q -n "$MANY { @[strrchr(probefunc, '-')] = count(); }
	tick-5s { exit(0); }" 2>&1)
rc=$?
echo "# $nmany probes for 5 s:" $out
calls=$(awk '$1 == "-call" { print $2 }' <<<"$out")
if [ $rc = 0 ] && [ "$nmany" -gt 500 ] && [ "${calls:-0}" -gt 1000 ] &&
   grep -q -- '-lock' <<<"$out" && grep -q -- '-jcc' <<<"$out"; then
	ok "$nmany instr probes enabled under load"
else
	nok "$nmany instr probes enabled under load # rc $rc"
fi
rounds=0 failed=0
end=$((SECONDS + LOOP))
while [ $SECONDS -lt $end ]; do
	"$DTRACE" -q -n "$MANY { @ = count(); } tick-100ms { exit(0); }" \
		> "$tmp/loop" 2>&1 || failed=$((failed + 1))
	rounds=$((rounds + 1))
done
unload
echo "# $rounds rounds of arming and disarming in $LOOP s, $failed failed"
if [ $rounds -ge 2 ] && [ $failed = 0 ] && [ ! -e "$tmp/bad" ]; then
	ok "arm/disarm loop under load"
else
	nok "arm/disarm loop under load # $(cat "$tmp/loop") $(wc -l < "$tmp/bad" 2>/dev/null)"
fi
if [ "$(echo hello | cat)" = hello ]; then
	ok "the system runs on afterwards"
else
	nok "the system runs on afterwards"
fi

echo "1..$n"
[ $fails = 0 ]
