#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fbt provider, through dtrace(1): the probes exist (and those that
# must not, do not), entry arguments and return values of functions a
# workload reaches, a kprobe on the site of an fbt probe that was
# enabled before, arming and disarming in a loop while the probed
# functions run on every CPU, and over a thousand entry probes enabled at
# once under a fork/exec/open load.
# $DTRACE names dtrace(1) (default: dtrace from PATH); $LOOP the seconds
# of the arm/disarm loop (default 20), $ALL those with the many entry
# probes enabled at once (default 10).

DTRACE=${DTRACE:-dtrace}
LOOP=${LOOP:-20}
ALL=${ALL:-10}
STATS=/sys/module/dtrace_fbt/parameters/stats
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d)
pids=()
cleanup() {
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }

if [ "$(id -u)" != 0 ]; then
	echo "# must be run as root"
	exit $ksft_skip
fi

echo "TAP version 13"

# A load on every CPU: fork, exec, open, read; and a check that what it
# computes does not change while probes come and go under it.
load() {
	local ref i
	ref=$(cksum < "$1")
	for ((i = 0; i < $(nproc); i++)); do
		(while :; do
			[ "$(cksum < "$1")" = "$ref" ] || echo bad >> "$tmp/bad"
			cat /proc/self/stat > /dev/null
			ls / > /dev/null
		done) &
		pids+=($!)
	done
}
unload() {
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	pids=()
}

# The probes: every function that is safe, none of DTrace's own.
SECONDS=0
"$DTRACE" -l -n 'fbt:::entry' > "$tmp/entry" 2>&1
nentry=$(($(wc -l < "$tmp/entry") - 1))
"$DTRACE" -l -n 'fbt:::return' > "$tmp/return" 2>&1
nreturn=$(($(wc -l < "$tmp/return") - 1))
echo "# $nentry entry and $nreturn return probes (listed in ${SECONDS} s)"
[ -r $STATS ] && sed 's/^/# /' $STATS | grep -v ' 0$'
if [ "$nentry" -gt 10000 ] && [ "$nreturn" -gt 5000 ]; then
	ok "fbt lists entry and return probes"
else
	nok "fbt lists entry and return probes # $(head -n 3 "$tmp/entry")"
fi
for f in __x64_sys_getppid vfs_write do_sys_openat2; do
	if grep -q " fbt *vmlinux *$f *entry\$" "$tmp/entry" &&
	   grep -q " fbt *vmlinux *$f *return\$" "$tmp/return"; then
		ok "fbt:vmlinux:$f:entry and :return exist"
	else
		nok "fbt:vmlinux:$f:entry and :return exist"
	fi
done
bad=""
for f in dtrace_probe __dtrace_probe dtrace_bp_int3 exc_int3 do_int3 \
	 text_poke kprobe_int3_handler default_idle; do
	grep -q " $f *entry\$" "$tmp/entry" && bad+=" $f"
done
if [ -z "$bad" ]; then
	ok "no probes on DTrace, the int3 path, text patching, idle"
else
	nok "no probes on DTrace, the int3 path, text patching, idle #$bad"
fi

# Entry arguments and return values: vfs_write(file, buf, count, pos)
# returns count for /dev/null.
out=$("$DTRACE" -q -n '
fbt::vfs_write:entry /pid == $target/ { printf("entry %d\n", arg2); }
fbt::vfs_write:return /pid == $target/ { printf("return %d %d\n", arg1, arg0 > 0); }' \
	-c "dd if=/dev/zero of=/dev/null bs=1234 count=3 status=none" 2>&1)
if [ "$(grep -cx 'entry 1234' <<<"$out")" = 3 ]; then
	ok "fbt::vfs_write:entry arg2 is the count"
else
	nok "fbt::vfs_write:entry arg2 is the count # $out"
fi
if [ "$(grep -cx 'return 1234 1' <<<"$out")" = 3 ]; then
	ok "fbt::vfs_write:return arg1 is the return value, arg0 an offset"
else
	nok "fbt::vfs_write:return arg1 is the return value, arg0 an offset # $out"
fi

# getppid() of a shell the dtrace process starts is dtrace's pid.
printf '#!/bin/sh\necho sh $PPID\n' > "$tmp/ppid.sh"
chmod +x "$tmp/ppid.sh"
"$DTRACE" -q -n 'fbt::__x64_sys_getppid:return /pid == $target/
	{ printf("ppid %d\n", arg1); }' -c "$tmp/ppid.sh" \
	> "$tmp/ppid" 2>&1 &
dpid=$!
wait $dpid
if grep -qx "ppid $dpid" "$tmp/ppid" && grep -qx "sh $dpid" "$tmp/ppid"; then
	ok "fbt::__x64_sys_getppid:return arg1 is what getppid() returned"
else
	nok "fbt::__x64_sys_getppid:return arg1 is what getppid() returned" \
		"# $dpid: $(cat "$tmp/ppid")"
fi

# A kprobe where an fbt probe was: the site DTrace keeps for the
# function's entry must leave the kprobe's int3 to kprobes, and the
# registers with it.
"$DTRACE" -q -n 'fbt::__x64_sys_getppid:entry { exit(0); }' \
	-c "$tmp/ppid.sh" > /dev/null 2>&1
T=/sys/kernel/tracing
mountpoint -q $T || mount -t tracefs nodev $T 2>/dev/null
if [ -w $T/kprobe_events ]; then
	kp=""
	for off in 9 5; do
		echo "p:dtfbt __x64_sys_getppid+$off" >> $T/kprobe_events \
			2>/dev/null && { kp=$off; break; }
	done
	if [ -n "$kp" ]; then
		echo 1 > $T/events/kprobes/dtfbt/enable
		: > $T/trace
		for _ in 1 2 3 4 5; do "$tmp/ppid.sh" > /dev/null; done
		hits=$(grep -c 'dtfbt:' $T/trace)
		echo 0 > $T/events/kprobes/dtfbt/enable
		echo "-:dtfbt" >> $T/kprobe_events
	fi
	if [ -n "$kp" ] && [ "$hits" -ge 5 ]; then
		ok "a kprobe at an fbt probe's site after DTrace: $hits hits"
	else
		nok "a kprobe at an fbt probe's site after DTrace # +$kp: $hits hits"
	fi
else
	nok "a kprobe at an fbt probe's site after DTrace # no kprobe_events"
fi

# Arm and disarm in a loop while the load runs the probed functions on
# every CPU (stale int3s after a disarm are the point, seed 002).
load /bin/ls
rounds=0 failed=0
end=$((SECONDS + LOOP))
while [ $SECONDS -lt $end ]; do
	"$DTRACE" -q -n '
	fbt::vfs_*:entry, fbt::vfs_*:return, fbt::_raw_spin_*:entry,
	fbt::_raw_spin_*:return, fbt::kmem_cache_*:entry { @ = count(); }
	tick-100ms { exit(0); }' > "$tmp/loop" 2>&1 || failed=$((failed + 1))
	rounds=$((rounds + 1))
done
unload
echo "# $rounds rounds of arming and disarming in $LOOP s, $failed failed"
if [ $rounds -ge 3 ] && [ $failed = 0 ] && [ ! -e "$tmp/bad" ]; then
	ok "arm/disarm loop under load"
else
	nok "arm/disarm loop under load # $(cat "$tmp/loop") $(wc -l < "$tmp/bad" 2>/dev/null)"
fi

# Many entry probes at once, enabled while fork/exec/open runs: every
# function of the system call, VFS, process, memory and locking paths the
# load runs.  (dtrace_fbt_all_test.sh enables all of them.)
MANY='fbt::__x64_sys_*:entry, fbt::do_*:entry, fbt::vfs_*:entry,
fbt::ksys_*:entry, fbt::kmem_cache_*:entry, fbt::_raw_spin_*:entry,
fbt::*page*:entry, fbt::*fork*:entry, fbt::*exec*:entry, fbt::*open*:entry'
nmany=$("$DTRACE" -l -n "$MANY" 2>/dev/null | tail -n +2 | wc -l)
load /bin/cat
SECONDS=0
out=$("$DTRACE" -q -n "$MANY { @ = count(); }
	tick-${ALL}s { exit(0); }" 2>&1)
rc=$?
unload
echo "# $nmany entry probes for $ALL s (${SECONDS} s in all):" $out
if [ $rc = 0 ] && [ "$nmany" -gt 1000 ] &&
   [ "$(tr -dc 0-9 <<<"$out")" -gt 10000 ] && [ ! -e "$tmp/bad" ]; then
	ok "$nmany fbt entry probes enabled under load"
else
	nok "$nmany fbt entry probes enabled under load # rc $rc: $out"
fi
if [ "$(echo hello | cat)" = hello ] &&
   ! grep -q int3 /proc/self/stack 2>/dev/null; then
	ok "the system runs on afterwards"
else
	nok "the system runs on afterwards"
fi

echo "1..$n"
[ $fails = 0 ]
