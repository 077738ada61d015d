#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The syscall provider, through dtrace(1): the probes of both ABIs, the
# arguments, return values and errno of a call, the special calls (fork,
# vfork, clone, clone3, rt_sigreturn, execve, execveat, exit_group) on
# x64 and on ia32, and a soak: data checked through pipes and files while
# every syscall probe is enabled.  The workload is dtrace_sysabi64 and
# its -m32 build dtrace_sysabi32.
#
# $DTRACE names dtrace(1) (default: dtrace from PATH); $SOAK the seconds
# of the soak (default 20).

DTRACE=${DTRACE:-dtrace}
SOAK=${SOAK:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }

# check NAME WANT GOT: a count
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		nok "$1 # $3, expected $2"
	fi
}

if [ "$(id -u)" != 0 ]; then
	echo "# must be run as root"
	exit $ksft_skip
fi

echo "TAP version 13"
echo "1..31"

# Both ABIs have their probes, for the usual calls and the special ones.
for mod in x64 ia32; do
	out=$("$DTRACE" -l -n "syscall:$mod:openat:entry" -n "syscall:$mod:execve:return" 2>&1)
	if grep -q "syscall *$mod *openat entry" <<<"$out" &&
	   grep -q "syscall *$mod *execve return" <<<"$out"; then
		ok "syscall:$mod: probes are listed"
	else
		nok "syscall:$mod: probes are listed # $out"
	fi
done

# The special calls of one ABI, by the workload built for it.
special() {
	local mod=$1 other=$2 bin=$3 comm out rc
	comm=$(basename "$bin")
	out=$("$DTRACE" -q -c "$bin calls" -n "
syscall:$mod:write:entry /execname == \"$comm\" && arg0 == 9999/
{ printf(\"write-entry %d %d\\n\", arg0, arg2); }
syscall:$mod:write:return /execname == \"$comm\" && errno != 0/
{ printf(\"write-return %d %d\\n\", (int)arg0, errno); }
syscall:$other:write:entry /execname == \"$comm\"/
{ printf(\"wrong-abi\\n\"); }
syscall:$mod:fork:entry, syscall:$mod:vfork:entry, syscall:$mod:clone:entry,
syscall:$mod:clone3:entry, syscall:$mod:execve:entry,
syscall:$mod:execveat:entry, syscall:$mod:rt_sigreturn:entry,
syscall:$mod:exit_group:entry
/execname == \"$comm\"/
{ printf(\"%s-entry\\n\", probefunc); }
syscall:$mod:fork:return, syscall:$mod:vfork:return,
syscall:$mod:clone:return, syscall:$mod:clone3:return
/execname == \"$comm\"/
{ printf(\"%s-return-%s\\n\", probefunc,
    arg0 == 0 ? \"child\" : (int)arg0 > 0 ? \"parent\" : \"error\"); }
syscall:$mod:execve:return, syscall:$mod:execveat:return
/execname == \"$comm\" && pid != \$target/
{ printf(\"%s-return %d\\n\", probefunc, (int)arg0); }" 2>"$tmp/err")
	rc=$?
	if [ $rc != 0 ]; then
		nok "$mod: dtrace -c '$comm calls' exits 0 # status $rc: $(cat "$tmp/err")"
	else
		ok "$mod: dtrace -c '$comm calls' exits 0"
	fi
	c() { grep -cx -- "$1" <<<"$out"; }
	check "$mod: write(9999, buf, 4242): the arguments" 1 "$(c 'write-entry 9999 4242')"
	check "$mod: write: -EBADF and errno" 1 "$(c 'write-return -9 9')"
	check "$mod: no $other probe fires for a $mod task" 0 "$(c 'wrong-abi')"
	# fork, vfork and clone3 are called once each; clone by fork() too.
	for f in fork vfork clone3; do
		check "$mod: $f: entry once, return in parent and in child" "1 1 1" \
			"$(c "$f-entry") $(c "$f-return-parent") $(c "$f-return-child")"
	done
	local ce cp cc
	ce=$(c clone-entry) cp=$(c clone-return-parent) cc=$(c clone-return-child)
	if [ "$ce" -ge 1 ] && [ "$ce" = "$cp" ] && [ "$ce" = "$cc" ]; then
		ok "$mod: clone: every entry returns in parent and child ($ce)"
	else
		nok "$mod: clone: $ce entries, $cp parent and $cc child returns"
	fi
	check "$mod: rt_sigreturn after a signal handler" 1 "$(c rt_sigreturn-entry)"
	# (Not dtrace -c's own execve, whose return is the workload's.)
	check "$mod: execve: entry and return" "1 1" \
		"$(c execve-entry) $(c 'execve-return 0')"
	check "$mod: execveat: entry and return" "1 1" \
		"$(c execveat-entry) $(c 'execveat-return 0')"
	# Seven processes: the workload, its fork, vfork, clone, clone3
	# children, and the two it execs.
	check "$mod: exit_group: once per process" 7 "$(c exit_group-entry)"
	if [ $rc != 0 ] || [ $fails != 0 ]; then
		printf '# %s\n' "$out" | head -n 40
	fi
}

special x64 ia32 "$HERE/dtrace_sysabi64"
special ia32 x64 "$HERE/dtrace_sysabi32"

# openat's path, as the issue's example has it (copyinstr to come).
out=$("$DTRACE" -q -n 'syscall::openat:entry /pid == $target/
	{ printf("%s %d\n", execname, arg1 != 0); }' \
	-c "$HERE/dtrace_sysabi64 exec" 2>&1)
if grep -qx "dtrace_sysabi64 1" <<<"$out"; then
	ok "syscall::openat:entry names the program"
else
	nok "syscall::openat:entry names the program # $out"
fi

# The soak: every syscall probe of both ABIs enabled while both workloads
# push checked data through pipes and files and fork and exec.
"$DTRACE" -q -o "$tmp/soak" -x switchrate=10hz -n '
BEGIN { printf("ready\n"); }
syscall:::entry { e++; }
syscall:::return { r++; }
END { printf("entries %d returns %d\n", e, r); }' 2>"$tmp/soak.err" &
dpid=$!
for _ in $(seq 100); do
	grep -q ready "$tmp/soak" 2>/dev/null && break
	sleep 0.1
done
if ! grep -q ready "$tmp/soak" 2>/dev/null; then
	nok "soak: dtrace started # $(cat "$tmp/soak.err")"
else
	ok "soak: dtrace started"
fi
nprobes=$("$DTRACE" -l -n 'syscall:::' | tail -n +2 | wc -l)
"$HERE/dtrace_sysabi64" soak "$SOAK" > "$tmp/s64" 2>&1 &
p64=$!
"$HERE/dtrace_sysabi32" soak "$SOAK" > "$tmp/s32" 2>&1 &
p32=$!
wait $p64; r64=$?
wait $p32; r32=$?
kill -INT $dpid
wait $dpid; rd=$?
echo "# soak with $nprobes syscall probes enabled, $SOAK s:" \
	"$(cat "$tmp/s64") (64-bit); $(cat "$tmp/s32") (32-bit)"
echo "# $(grep entries "$tmp/soak")"
if [ $r64 = 0 ] && grep -q ', 0 mismatches' "$tmp/s64"; then
	ok "soak: 64-bit data intact"
else
	nok "soak: 64-bit data intact # $(cat "$tmp/s64")"
fi
if [ $r32 = 0 ] && grep -q ', 0 mismatches' "$tmp/s32"; then
	ok "soak: 32-bit data intact"
else
	nok "soak: 32-bit data intact # $(cat "$tmp/s32")"
fi
e=$(sed -n 's/^entries \([0-9]*\) returns.*/\1/p' "$tmp/soak")
if [ $rd = 0 ] && [ "${e:-0}" -gt 1000 ]; then
	ok "soak: dtrace saw the calls and exits 0"
else
	nok "soak: dtrace saw the calls and exits 0 #" \
		"status $rd, $(cat "$tmp/soak" "$tmp/soak.err")"
fi

[ $fails = 0 ]
