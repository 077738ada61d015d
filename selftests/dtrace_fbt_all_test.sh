#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every fbt entry probe at once: enabled in one enabling, then $ALL
# seconds (default 10) under a fork/exec/open load on every CPU that
# checks what it computes, then disabled.  The system must run on, the
# console must stay clean (the kselftest runner checks dmesg), and what
# the load computed must not change.  The load stops when the $ALL
# seconds are up: under QEMU TCG, with every call of the kernel a trap,
# it left the consumer so little of the CPUs that its exit and the
# disarming of the probes took seven minutes more.
#
# Under QEMU TCG every function call of the kernel then costs a trap and
# an emulation, so the consumer may stay away for longer than the deadman
# allows by default (10 s); the test gives it 600 s.
# $DTRACE names dtrace(1) (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"
ALL=${ALL:-10}
STATS=/sys/module/dtrace_fbt/parameters/stats
dpid=

need_root
if [ ! -e /dev/dtrace ] || [ ! -r "$STATS" ]; then
	echo "# no /dev/dtrace or no fbt provider"
	exit $ksft_skip
fi
if ! command -v "$DTRACE" >/dev/null; then
	echo "# no dtrace(1)"
	exit $ksft_skip
fi

echo "TAP version 13"
echo "1..3"


nentry=$("$DTRACE" -l -n 'fbt:::entry' 2>/dev/null | tail -n +2 | wc -l)
lost0=$(awk '$1 == "lost" { print $2 }' "$STATS")

# The load starts once BEGIN has fired, when every probe is armed.
mkfifo "$tmp/out"
SECONDS=0
timeout 1200 "$DTRACE" -q -x deadman=600s -n 'fbt:::entry { @ = count(); }
	BEGIN { printf("armed\n"); }
	tick-'"$ALL"'s { printf("done\n"); exit(0); }' >"$tmp/out" 2>"$tmp/err" &
dpid=$!
armed= done= count=
while read -r line; do
	case $line in
	armed)	armed=$SECONDS; load /bin/cat ;;
	done)	done=$SECONDS; unload ;;
	[0-9]*)	count=$line ;;
	esac
done <"$tmp/out"
wait "$dpid"
rc=$?
dpid=
unload
lost=$(awk '$1 == "lost" { print $2 }' "$STATS")
echo "# $nentry entry probes: armed in ${armed:-?} s, load until ${done:-?} s," \
     "${SECONDS} s in all, ${count:-no} firings"

if [ $rc = 0 ] && [ -n "$armed" ] && [ -n "$done" ] &&
   [ "$nentry" -gt 10000 ] &&
   [ "${count:-0}" -gt 10000 ]; then
	ok "every fbt entry probe ($nentry) enabled under load"
else
	nok "every fbt entry probe ($nentry) enabled under load # rc $rc: $(cat "$tmp/err")"
fi
if [ ! -e "$tmp/bad" ] && [ "$lost" = "$lost0" ]; then
	ok "the load computed the same throughout, no site lost"
else
	nok "the load computed the same throughout, no site lost # lost $lost0 -> $lost"
fi
if [ "$(echo hello | cat)" = hello ] &&
   "$DTRACE" -q -n 'BEGIN { exit(0); }' 2>/dev/null; then
	ok "the system and DTrace run on afterwards"
else
	nok "the system and DTrace run on afterwards"
fi

[ $fails = 0 ]
