#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The buffer policies through dtrace(1) against the running kernel.
# profile:::tick-1ms numbers its firings into small principal buffers:
#  - bufpolicy=fill keeps the first records: dtrace stops by itself when
#    the buffer is full, prints 0, 1, 2 ... without a gap and nothing
#    recorded after the buffer filled, and END still runs;
#  - bufpolicy=ring keeps the last records: after exit() the output is a
#    run of consecutive numbers that ends with the last firing and no
#    longer starts at 0 (the ring wrapped), oldest first;
#  - bufpolicy=switch with the same buffer prints every firing when it is
#    read often enough.
# $DTRACE names the binary (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

# consecutive FILE: the numbers in FILE run on by one; prints "FIRST LAST
# COUNT" if so, nothing (and fails) if not.
consecutive() {
	awk 'NR == 1 { first = $1 }
	     NR > 1 && $1 != prev + 1 { bad = 1 }
	     { prev = $1 }
	     END { if (bad || !NR) exit 1; print first, prev, NR }' "$1"
}

# run NAME SECONDS DTRACE-ARGS...: dtrace into $tmp/NAME.{out,err}, with
# a time limit; returns dtrace's exit status (124 on the time limit).
run() {
	local name=$1 secs=$2
	shift 2
	timeout "$secs" "$DTRACE" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
}

need_dtrace
need_root

echo "TAP version 13"
echo "1..8"

# Each record: a 16-byte header and 8 bytes of printf() argument.  4 KiB
# holds 170 of them; the fill run would go on for a minute without the
# policy.
run fill 60 -q -x bufpolicy=fill -x bufsize=4k -n '
	profile:::tick-1ms { printf("%d\n", i++); }
	profile:::tick-60s { exit(1); }
	END { printf("end\n"); }'
rc=$?
if [ $rc -eq 0 ]; then
	ok "bufpolicy=fill: dtrace stops by itself, exit status 0"
else
	nok "bufpolicy=fill: dtrace stops by itself # exit status $rc: $(head -3 "$tmp/fill.err")"
fi
last=$(grep . "$tmp/fill.out" | tail -n 1)
if [ "$last" = end ]; then
	ok "bufpolicy=fill: END runs after the buffer filled"
else
	nok "bufpolicy=fill: END runs # last line: $last"
fi
grep -v '^end$' "$tmp/fill.out" | grep . >"$tmp/fill.nums"
if r=$(consecutive "$tmp/fill.nums") && set -- $r && [ "$1" -eq 0 ] &&
   [ "$3" -ge 100 ] && [ "$3" -le 171 ]; then
	ok "bufpolicy=fill: the first records, 0 to $2, no gap"
else
	nok "bufpolicy=fill: the first records # got: $(head -c 200 "$tmp/fill.nums" | tr '\n' ' ')"
fi

run ring 60 -q -x bufpolicy=ring -x bufsize=4k -n '
	profile:::tick-1ms /i < 1000/ { printf("%d\n", i++); }
	profile:::tick-1ms /i == 1000/ { exit(0); }'
rc=$?
if [ $rc -eq 0 ]; then
	ok "bufpolicy=ring: exit(0) after 1000 firings, exit status 0"
else
	nok "bufpolicy=ring: exit status 0 # $rc: $(head -3 "$tmp/ring.err")"
fi
grep . "$tmp/ring.out" >"$tmp/ring.nums"
if r=$(consecutive "$tmp/ring.nums") && set -- $r && [ "$2" -eq 999 ]; then
	ok "bufpolicy=ring: the last records, oldest first, up to 999 ($1 to $2)"
else
	nok "bufpolicy=ring: the last records # got: $(head -c 200 "$tmp/ring.nums" | tr '\n' ' ')"
fi
if set -- $(consecutive "$tmp/ring.nums") && [ "${1:-0}" -gt 0 ] &&
   [ "$3" -ge 100 ] && [ "$3" -le 171 ]; then
	ok "bufpolicy=ring: the ring wrapped, $3 records kept of 1000"
else
	nok "bufpolicy=ring: the ring wrapped # $(consecutive "$tmp/ring.nums")"
fi

run switch 60 -q -x bufpolicy=switch -x bufsize=4k -x switchrate=100hz -n '
	profile:::tick-1ms /i < 1000/ { printf("%d\n", i++); }
	profile:::tick-1ms /i == 1000/ { exit(0); }'
rc=$?
grep . "$tmp/switch.out" >"$tmp/switch.nums"
if [ $rc -eq 0 ] && r=$(consecutive "$tmp/switch.nums") && [ "$r" = "0 999 1000" ]; then
	ok "bufpolicy=switch: every record, 0 to 999"
else
	nok "bufpolicy=switch: every record # status $rc," \
	    "$(consecutive "$tmp/switch.nums") $(head -3 "$tmp/switch.err")"
fi

if run bad 30 -x bufpolicy=spill -n 'BEGIN { exit(0); }'; then
	nok "bufpolicy=spill is refused # exit status 0"
else
	ok "bufpolicy=spill is refused: $(head -1 "$tmp/bad.err")"
fi

[ $fails -eq 0 ]
