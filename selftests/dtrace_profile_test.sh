#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The profile provider, through dtrace(1): probe names and units, the
# rate of profile-997 on every CPU, tick-1s once a second on one CPU,
# and CPU hotplug under an enabled profile probe.
# $DTRACE names dtrace(1) (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

need_root

echo "TAP version 13"
echo "1..16"

# Names: created on demand with any unit; too short an interval refused.
for p in tick-250ms profile-1999 tick-3s tick-200us tick-2hz profile-1m tick-1d; do
	if "$DTRACE" -l -n "profile:::$p" 2>&1 | grep -q " $p\$"; then
		ok "profile:::$p exists"
	else
		nok "profile:::$p exists"
	fi
done
for p in profile-5001 tick-199us tick-0 tick-1x; do
	out=$("$DTRACE" -l -n "profile:::$p" 2>&1)
	if [ $? = 1 ] && grep -q "does not match any probes" <<<"$out"; then
		ok "profile:::$p is refused"
	else
		nok "profile:::$p is refused # $out"
	fi
done

# profile-997 on every CPU: the count of each against the time it ran.
ncpu=$(nproc)
prog="BEGIN { t0 = timestamp; }"
fmt="" args=""
for ((i = 0; i < ncpu; i++)); do
	prog+=" profile-997 /cpu == $i/ { c$i++; }"
	fmt+=" %d" args+=", c$i"
done
prog+=" tick-2s { printf(\"%d$fmt\\n\", timestamp - t0$args); exit(0); }"
read -r -a v <<<"$("$DTRACE" -q -n "$prog" 2>&1)"
bad=""
for ((i = 0; i < ncpu; i++)); do
	# The expected firings in the time it ran, and +-: TCG guests run
	# late under load, a firing that comes late is not made up for.
	want=$((997 * ${v[0]:-0} / 1000000000))
	got=${v[$((i + 1))]:-0}
	if [ "$got" -lt $((want / 2)) ] || [ "$got" -gt $((want * 105 / 100 + 2)) ]; then
		bad+=" cpu$i:$got"
	fi
done
echo "# profile-997 over ${v[0]} ns, expected $((997 * ${v[0]:-0} / 1000000000)) per CPU: ${v[*]:1}"
if [ ${#v[@]} = $((ncpu + 1)) ] && [ -z "$bad" ]; then
	ok "profile-997 fires about 997 times a second on each of $ncpu CPUs"
else
	nok "profile-997 fires about 997 times a second on each of $ncpu CPUs #$bad (${v[*]})"
fi

# arg0 is the kernel PC, arg1 the user PC: a busy loop in user space is
# seen in arg1, the rest of the time (idle, the kernel) in arg0.
sh -c 'while :; do :; done' &
spin=$!
read -r kern user both <<<"$("$DTRACE" -q -n '
profile-997 /arg0 != 0 && arg1 == 0/ { k++; }
profile-997 /arg1 != 0 && arg0 == 0/ { u++; }
profile-997 /arg0 != 0 && arg1 != 0/ { b++; }
tick-2s { printf("%d %d %d\n", k, u, b); exit(0); }' 2>/dev/null)"
kill $spin
wait $spin 2>/dev/null
echo "# profile-997 for 2 s, a shell spinning: $kern kernel PCs, $user user PCs, $both both"
if [ "${kern:-0}" -gt 0 ] && [ "${user:-0}" -gt 0 ] && [ "${both:-1}" = 0 ]; then
	ok "profile-997: arg0 is the kernel PC, arg1 the user PC"
else
	nok "profile-997: arg0 is the kernel PC, arg1 the user PC"
fi

# tick-1s: once a second, on one CPU: three firings a second apart (in
# the order of their timestamps: the buffers are read CPU by CPU).
"$DTRACE" -q -n 'tick-1s /n < 3/ { n++; printf("%d %d\n", cpu, timestamp); }
tick-1s /n == 3/ { exit(0); }' > "$tmp/tick" 2>&1
grep . "$tmp/tick" | sort -n -k 2 > "$tmp/tick.s"
lines=$(wc -l < "$tmp/tick.s")
gaps=$(awk 'NR > 1 { d = ($2 - t) / 1e6; if (d < 800 || d > 1250) bad = bad " " d "ms" }
	{ t = $2 } END { print bad }' "$tmp/tick.s")
if [ "$lines" = 3 ] && [ -z "$gaps" ]; then
	ok "tick-1s fires once a second, on one CPU"
else
	nok "tick-1s fires once a second, on one CPU # $lines firings, gaps:$gaps"
	sed 's/^/# /' "$tmp/tick"
fi

# Hotplug: CPU 1 goes offline and comes back while profile-997 is enabled
# on it: it stops firing there while offline and fires again after.
online=/sys/devices/system/cpu/cpu1/online
if [ ! -w $online ]; then
	nok "CPU hotplug under profile-997 # $online is missing"
	nok "CPU hotplug under profile-997: the probe is back"
else
	"$DTRACE" -q -x switchrate=20hz -o "$tmp/hp" -n '
BEGIN { printf("ready\n"); }
profile-997 /cpu == 1/ { n++; }
tick-50ms { printf("%d\n", n); }' 2>"$tmp/hp.err" &
	dpid=$!
	for _ in $(seq 100); do
		grep -q ready "$tmp/hp" 2>/dev/null && break
		sleep 0.1
	done
	sleep 0.5
	echo 0 > $online
	sleep 0.5
	v1=$(tail -n 1 "$tmp/hp")
	sleep 1
	v2=$(tail -n 1 "$tmp/hp")
	echo 1 > $online
	sleep 1.5
	v3=$(tail -n 1 "$tmp/hp")
	kill -INT $dpid
	wait $dpid
	rd=$?
	echo "# CPU 1 firings: $v1 when it went offline, $v2 a second later, $v3 after it came back"
	if [ $rd = 0 ] && [ "${v1:-0}" -gt 0 ] && [ "$v1" = "$v2" ]; then
		ok "CPU hotplug under profile-997: an offline CPU does not fire"
	else
		nok "CPU hotplug under profile-997: an offline CPU does not fire #" \
			"status $rd, $(cat "$tmp/hp.err")"
	fi
	if [ "${v3:-0}" -gt "${v2:-0}" ]; then
		ok "CPU hotplug under profile-997: the probe is back"
	else
		nok "CPU hotplug under profile-997: the probe is back"
	fi
fi

[ $fails = 0 ]
