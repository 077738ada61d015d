#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Speculations through dtrace(1) against the running kernel:
#  - commit() shows the speculative records, after what was traced
#    before the commit; discard() shows none;
#  - speculation() beyond nspec returns 0 and dtrace reports the failed
#    speculation; one whose buffers are still being committed on another
#    CPU is reported busy, and the records of both CPUs are shown;
#  - a record larger than specsize is a speculative drop;
#  - a commit goes through bufpolicy=fill (the first records, then
#    dtrace stops) and bufpolicy=ring (the last records).
# $DTRACE names the binary (default: dtrace from PATH).

DTRACE=${DTRACE:-dtrace}
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

# run NAME DTRACE-ARGS...: dtrace into $tmp/NAME.{out,err}, with a time
# limit; returns dtrace's exit status (124 on the time limit).
run() {
	local name=$1
	shift
	timeout 60 "$DTRACE" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
}

# check NAME WHAT: the output of run NAME is $tmp/NAME.want exactly.
check() {
	if diff -u "$tmp/$1.want" "$tmp/$1.out" >"$tmp/$1.diff"; then
		ok "$2"
	else
		nok "$2 # $(tr '\n' ' ' <"$tmp/$1.diff" | head -c 300)" \
		    "$(head -2 "$tmp/$1.err" | tr '\n' ' ')"
	fi
}

# The clauses of BEGIN that speculate the numbers FROM to TO into s.
spec_clauses() {
	local i

	for i in $(seq "$1" "$2"); do
		echo "BEGIN { speculate(s); printf(\"%d\\n\", $i); }"
	done
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
echo "1..10"

run commit -q -n '
	BEGIN { s = speculation(); }
	BEGIN { speculate(s); printf("spec %d\n", 1); }
	BEGIN { printf("plain\n"); }
	BEGIN { speculate(s); printf("spec %d\n", 2); }
	BEGIN { commit(s); }
	BEGIN { printf("after\n"); exit(0); }'
printf 'plain\nspec 1\nspec 2\nafter\n\n' >"$tmp/commit.want"
check commit "commit() shows the speculative records where it ran"

run discard -q -n '
	BEGIN { s = speculation(); }
	BEGIN { speculate(s); printf("spec %d\n", 1); }
	BEGIN { printf("plain\n"); }
	BEGIN { discard(s); }
	BEGIN { t = speculation(); }
	BEGIN { printf("%d %d\n", s, t); exit(0); }'
printf 'plain\n1 1\n\n' >"$tmp/discard.want"
check discard "discard() shows none and frees the speculation"

run unavail -q -x nspec=2 -n '
	BEGIN { a = speculation(); b = speculation(); c = speculation(); }
	BEGIN { printf("%d %d %d\n", a, b, c); exit(0); }'
printf '1 2 0\n\n' >"$tmp/unavail.want"
check unavail "nspec=2: a third speculation() returns 0"
if grep -q '^dtrace: 1 failed speculation (no speculative buffer available)$' \
	"$tmp/unavail.err"; then
	ok "nspec exhaustion is reported"
else
	nok "nspec exhaustion is reported # $(head -3 "$tmp/unavail.err")"
fi

run drop -x droptags -x specsize=64 -x strsize=512 -q -n '
	BEGIN { s = speculation(); }
	BEGIN { speculate(s); trace("does not fit"); }
	BEGIN { speculate(s); printf("fits\n"); }
	BEGIN { commit(s); }
	BEGIN { exit(0); }'
printf 'fits\n\n' >"$tmp/drop.want"
check drop "specsize=64: the record that fits is committed"
if grep -q '^dtrace: \[DTRACEDROP_SPEC\] 1 speculative drop$' "$tmp/drop.err"; then
	ok "specsize overflow is reported as a speculative drop"
else
	nok "specsize overflow is a speculative drop # $(head -3 "$tmp/drop.err")"
fi

# 24-byte records (a header and a printf() argument): 256 bytes hold 10.
{
	echo 'BEGIN { s = speculation(); }'
	spec_clauses 0 19
	echo 'BEGIN { commit(s); }'
	echo 'END { printf("end\n"); }'
} >"$tmp/fill.d"
run fill -q -x bufpolicy=fill -x bufsize=256 -s "$tmp/fill.d"
rc=$?
{ seq 0 9; echo end; echo; } >"$tmp/fill.want"
if [ $rc -ne 0 ]; then
	nok "bufpolicy=fill: commit # exit status $rc: $(head -3 "$tmp/fill.err")"
else
	check fill "bufpolicy=fill: commit keeps the first records, dtrace stops"
fi

{
	echo 'BEGIN { s = speculation(); }'
	spec_clauses 0 19
	echo 'BEGIN { commit(s); }'
	echo 'BEGIN { exit(0); }'
} >"$tmp/ring.d"
run ring -q -x bufpolicy=ring -x bufsize=256 -s "$tmp/ring.d"
rc=$?
# The exit() record takes the place of one more number.
{ seq 11 19; echo; } >"$tmp/ring.want"
if [ $rc -ne 0 ]; then
	nok "bufpolicy=ring: commit # exit status $rc: $(head -3 "$tmp/ring.err")"
else
	check ring "bufpolicy=ring: commit keeps the last records"
fi

if [ "$(nproc)" -lt 2 ]; then
	skip "speculations on several CPUs: one CPU only"
	skip "the records of every CPU are committed: one CPU only"
else
	# profile-1ms fires on every CPU: the speculation has records on
	# several, and commit() leaves it busy until the cleaner (every
	# second here) or the end of tracing has moved them.
	run busy -q -x nspec=1 -x cleanrate=1hz -n '
		BEGIN { s = speculation(); done = 0; }
		profile:::profile-1ms /s/ { speculate(s); printf("x %d\n", cpu); }
		tick-300ms /s/ { commit(s); s = 0; }
		tick-300ms /!s && !done/ { t = speculation(); done = 1; }
		tick-600ms { printf("t %d\n", t); exit(0); }'
	if grep -q '^dtrace: 1 failed speculation (available buffer(s) still busy)$' \
		"$tmp/busy.err" && grep -qx 't 0' "$tmp/busy.out"; then
		ok "a speculation committed on several CPUs is busy"
	else
		nok "a speculation committed on several CPUs is busy #" \
		    "$(grep t "$tmp/busy.out") $(head -3 "$tmp/busy.err")"
	fi
	ncpus=$(grep '^x ' "$tmp/busy.out" | sort -u | wc -l)
	if [ "$ncpus" -ge 2 ]; then
		ok "the records of every CPU are committed ($ncpus CPUs)"
	else
		nok "the records of every CPU are committed # from $ncpus CPU(s)"
	fi
fi

[ $fails -eq 0 ]
