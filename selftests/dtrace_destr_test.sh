#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The destructive actions through dtrace(1): refused without -w; with it,
# raise() delivers a signal the target handles, stop() stops the target,
# chill() spins for the time asked and refuses more than its allowance,
# copyout() and copyoutstr() write into the target's buffer, and system()
# runs a command in line with the output.  The target is perl, whose
# syscall() passes a string's buffer as a pointer.
# $DTRACE names dtrace(1) (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

need_root
if ! command -v perl > /dev/null; then
	echo "# no perl for the target"
	exit $ksft_skip
fi

echo "TAP version 13"

# 1: without -w, an enabling with a destructive action or subroutine is
# refused, and nothing runs.
out=$("$DTRACE" -q -n 'BEGIN { system("touch '"$tmp"'/ran"); exit(0); }' 2>&1)
rc1=$?
out2=$("$DTRACE" -q -n 'BEGIN { copyoutstr("x", 0, 2); exit(0); }' 2>&1)
rc2=$?
if [ $rc1 != 0 ] && [ $rc2 != 0 ] && [ ! -e "$tmp/ran" ] &&
   grep -q 'Destructive actions not allowed' <<<"$out" &&
   grep -q 'Destructive actions not allowed' <<<"$out2"; then
	ok "destructive actions are refused without -w"
else
	nok "destructive actions are refused without -w # $rc1 $out / $rc2 $out2"
fi

# A target that calls getppid() until a signal; SIGUSR1 ends it with 3.
cat > "$tmp/loop.pl" <<'EOF'
$SIG{USR1} = sub { print "usr1\n"; exit 3; };
$| = 1;
print "ready\n";
while (1) { getppid(); }
EOF
start_loop() {
	perl "$tmp/loop.pl" > "$tmp/loop.out" &
	lpid=$!
	pids+=($lpid)
	for _ in $(seq 100); do
		grep -q ready "$tmp/loop.out" && return
		sleep 0.1
	done
}

# 2: raise(SIGUSR1) at the target's getppid().
start_loop
timeout 60 "$DTRACE" -w -q -n "syscall::getppid:entry /pid == $lpid/ {
	raise(10); exit(0); }" > "$tmp/r.out" 2>&1
timeout 20 tail --pid=$lpid -f /dev/null
kill -9 $lpid 2>/dev/null
wait $lpid
rc=$?
if [ $rc = 3 ] && grep -qx usr1 "$tmp/loop.out"; then
	ok "raise() delivers the signal to the thread"
else
	nok "raise() delivers the signal to the thread # rc $rc $(cat "$tmp/r.out")"
fi

# 3: stop() stops the target.
start_loop
timeout 60 "$DTRACE" -w -q -n "syscall::getppid:entry /pid == $lpid/ {
	stop(); exit(0); }" > "$tmp/s.out" 2>&1
state=
for _ in $(seq 50); do
	state=$(awk '{ print $3 }' /proc/$lpid/stat 2>/dev/null)
	[ "$state" = T ] && break
	sleep 0.1
done
kill -CONT $lpid 2>/dev/null
kill -9 $lpid 2>/dev/null
wait $lpid 2>/dev/null
if [ "$state" = T ]; then
	ok "stop() stops the process"
else
	nok "stop() stops the process # state '$state' $(cat "$tmp/s.out")"
fi

# 4: chill(400 ms) holds dtrace's BEGIN for that long; 600 ms at once is
# more than the allowance, an error, and no spin.
t0=$(date +%s%N)
"$DTRACE" -w -q -n 'BEGIN { chill(400000000); exit(0); }' > "$tmp/c.out" 2>&1
rc=$?
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
timeout 60 "$DTRACE" -w -q -n 'BEGIN { chill(600000000); exit(0); }
	ERROR { exit(1); }' > "$tmp/c2.out" 2>&1
if [ $rc = 0 ] && [ $ms -ge 400 ] && grep -q 'illegal operation' "$tmp/c2.out"; then
	ok "chill() spins ($ms ms for 400) and refuses 600 ms"
else
	nok "chill() # rc $rc $ms ms: $(cat "$tmp/c.out" "$tmp/c2.out")"
fi

# 5: copyout() and copyoutstr() into the target's buffer, passed to a
# write() to fd -1 that fails.
cat > "$tmp/buf.pl" <<'EOF'
my $a = "....";
my $b = "....";
syscall(1, -1, $a, 4);
syscall(1, -1, $b, 3);
print unpack("H*", $a), " ", unpack("H*", $b), "\n";
EOF
timeout 60 "$DTRACE" -w -q -n '
syscall::write:entry /pid == $target && (int)arg0 == -1 && arg2 == 4/ {
	this->p = (uint32_t *)alloca(4);
	*this->p = 0x44434241;
	copyout(this->p, arg1, 4);
}
syscall::write:entry /pid == $target && (int)arg0 == -1 && arg2 == 3/ {
	copyoutstr("dtr", arg1, 3);
}' -c "perl $tmp/buf.pl" > "$tmp/b.out" 2>&1
if grep -qx '41424344 6474722e' "$tmp/b.out"; then
	ok "copyout() and copyoutstr() write the target's buffer"
else
	nok "copyout() and copyoutstr() # $(cat "$tmp/b.out")"
fi

# 6: system() runs its command between what is printed around it.
out=$("$DTRACE" -w -q -n 'BEGIN { printf("before\n");
	system("echo %s %d", "system", 42); printf("after\n"); exit(0); }' 2>&1)
if [ "$out" = "$(printf 'before\nsystem 42\nafter')" ]; then
	ok "system() runs the formatted command in line"
else
	nok "system() # $out"
fi

echo "1..$n"
[ $fails = 0 ]
