#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Associative arrays and thread-local variables through dtrace(1) against
# the running kernel:
#  - counts by string key, multi-key tuples of strings and integers,
#    nested keys, string values;
#  - storing 0 deletes, and a deleted element is reused once the space
#    has been cleaned;
#  - self-> variables are per thread, from many processes at once;
#  - a space too small for what is stored: dtrace(1) reports "dynamic
#    variable drops";
#  - the variables of exited threads are reclaimed: many short-lived
#    processes that each set self->x never exhaust a small dynvarsize.
# $DTRACE names the binary (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

need_dtrace
need_root

echo "TAP version 13"
echo "1..8"

same "counts by string key" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { a["x"]++; a["y"] += 2; a["x"]++; k = "x";
		a[k]++; printf("%d %d %d\n", a["x"], a["y"], a["zz"]); exit(0); }' <<'EOF'
3 2 0

EOF

same "multi-key tuples, nested keys, string values" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { a["k", 1, "m"] = 5; a["k", 2, "m"] = 6;
		a["j", 1, "m"] = 7; b[1, 2, 3] = 1234; b[3, 2, 3] = 4321;
		b[3, 2, 1] = 2; s[pid, "n"] = "str"; s[pid, "m"] = execname;
		printf("%d %d %d %d\n", a["k", 1, "m"], a["k", 2, "m"],
		    a["j", 1, "m"], a["j", 2, "m"]);
		printf("%d\n", b[1, b[3, b[3, b[3, b[3, 2, 1], 1], 1], 1], 3]);
		printf("%s %s [%s]\n", s[pid, "n"], s[pid, "m"], s[0, "n"]);
		exit(0); }' <<'EOF'
5 6 7 0
1234
str dtrace []

EOF

# Room for four elements of one integer key and an integer value: the
# fifth store drops until a deleted element has been cleaned.
same "storing 0 deletes; the element is reused after cleaning" 0 '' -- \
	"$DTRACE" -q -x dynvarsize=64 -x cleanrate=100hz -n '
	BEGIN { a[1] = 1; a[2] = 2; a[3] = 3; a[4] = 4; a[1] = 0;
		printf("%d %d %d %d\n", a[1], a[2], a[3], a[4]); }
	profile:::tick-200ms { a[5] = 5; printf("%d %d\n", a[1], a[5]); exit(0); }' <<'EOF'
0 2 3 4
0 5

EOF

# A store that drops is not done; the clause goes on, as in DTrace.
same "exhaustion: dynamic variable drops reported" 0 'dynamic variable drops?' -- \
	"$DTRACE" -q -x dynvarsize=64 \
	-n 'BEGIN { a[1] = 1; a[2] = 2; a[3] = 3; a[4] = 4; }' \
	-n 'BEGIN { a[5] = 5; printf("reached %d\n", a[5]); }' \
	-n 'BEGIN { printf("%d %d %d\n", a[1], a[4], a[5]); exit(0); }' <<'EOF'
reached 0
1 4 0

EOF

same "no room for one element of an array: refused" 1 \
	'Enabling exceeds size of buffer' -- \
	"$DTRACE" -q -x dynvarsize=15 -n 'BEGIN { a[1] = 1; exit(0); }' </dev/null

# Each process counts its own system calls in self->c: if self-> were
# shared, the largest count would be many times the smallest.
cat >"$tmp/many.sh" <<'EOF'
for j in 1 2 3 4; do
	(for i in $(seq 30); do /bin/true; done) &
done
wait
EOF
if timeout 300 "$DTRACE" -q -c "/bin/sh $tmp/many.sh" -n '
	syscall:::entry /execname == "true"/ { self->c++; }
	syscall::exit_group:entry /execname == "true"/ {
		@lo = min(self->c); @hi = max(self->c); @n = count(); }
	END { printa("%@d ", @n); printa("%@d ", @lo); printa("%@d\n", @hi); }' \
	>"$tmp/out" 2>"$tmp/err" &&
   ! grep -Ev '^dtrace: pid [0-9]+ has exited$' "$tmp/err" | grep -q .; then
	ok "self-> variables from many processes at once: no error"
else
	nok "self-> variables from many processes at once # $(head -3 "$tmp/err")"
fi
read -r nproc lo hi <"$tmp/out"
if [ "${nproc:-0}" -eq 120 ] && [ "${lo:-0}" -gt 0 ] &&
   [ "${hi:-0}" -lt $((2 * lo)) ]; then
	ok "120 processes, each counted its own system calls ($lo to $hi)"
else
	nok "per-thread counts # processes ${nproc:-?}, min ${lo:-?}, max ${hi:-?}"
fi

# 128 bytes hold 16 thread-local integers.  100 processes in turn each
# set self->x: without reclaiming, all but the first 16 would drop.
cat >"$tmp/seq.sh" <<'EOF'
for i in $(seq 100); do /bin/true; done
EOF
same "variables of exited threads are reclaimed" 0 'pid [0-9]+ has exited' -- \
	"$DTRACE" -q -x dynvarsize=128 -x cleanrate=100hz -c "/bin/sh $tmp/seq.sh" -n '
	syscall::execve:return /execname == "true"/ { self->x = 1; }
	syscall::exit_group:entry /execname == "true" && self->x/ { @n = count(); }
	END { printa("%@d\n", @n); }' <<'EOF'
100

EOF

[ $fails -eq 0 ]
