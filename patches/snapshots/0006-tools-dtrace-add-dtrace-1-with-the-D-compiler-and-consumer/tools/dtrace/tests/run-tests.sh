#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Host tests of dtrace(1): no kernel needed.
#
#   DTRACE=path/to/dtrace FAKEDEV=path/to/fake_dev.so sh tests/run-tests.sh [FILTER]
#
# The test files (tests/t_*.sh) call the helpers below; each check prints
# "ok N name" or "not ok N name" (with what went wrong, as # lines), and
# the last line is "N passed, M failed".  The exit status is 1 if any
# failed.  FILTER, if given, runs only the checks whose name contains it.
#
# Helpers:
#   cok NAME PROG            -n PROG compiles (dtrace -e exits 0)
#   cerr NAME WANT PROG      -n PROG fails to compile with exit status 1
#                            and a stderr line that contains WANT
#                            (errors are in the file:line:col style, with
#                            tags: -xerrstyle=gnu -xerrtags)
#   serr NAME WANT < SCRIPT  the same for a script file (-s)
#   dis NAME PROG < WANT     the instructions of the last DIFO of PROG's
#                            -S output, one per line, without offsets,
#                            words and comments, are WANT
#   fwd NAME PROG            every branch in PROG's DIF goes forward
#   run NAME ARGS... < WANT  dtrace ARGS against the simulated device
#                            prints WANT (a line that ends in a blank
#                            is written with a $ after it) and exits 0
#                            (RC=n: exits n;
#                            ERR=text: stderr contains text; TESTING=1:
#                            with _DTRACE_TESTING set; FAKEDEV_MINOR=n:
#                            the device speaks interface 0.n)
#   cmd NAME WANT-RC WANT-OUT ARGS...  any dtrace command: exit status and
#                            stdout+stderr containing WANT-OUT
#   file_is NAME FILE < WANT  FILE holds WANT

DTRACE=${DTRACE:?set DTRACE to the dtrace binary}
FAKEDEV=${FAKEDEV:-}
FILTER=${1:-}
TESTDIR=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dtrace-tests.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

npass=0
nfail=0
ntest=0

# Is this check selected?
want() {
	[ -z "$FILTER" ] && return 0
	case $1 in *"$FILTER"*) return 0 ;; esac
	return 1
}

pass() {
	ntest=$((ntest + 1))
	npass=$((npass + 1))
	echo "ok $ntest $1"
}

fail() {
	ntest=$((ntest + 1))
	nfail=$((nfail + 1))
	echo "not ok $ntest $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/#   /'
	done
}

cok() {
	want "$1" || return 0
	if "$DTRACE" -e -xerrtags -xerrstyle=gnu -n "$2" >"$TMP/out" 2>&1; then
		pass "$1"
	else
		fail "$1" "exit status $?" "$(cat "$TMP/out")"
	fi
}

check_err() {
	name=$1 wantmsg=$2 rc=$3
	if [ "$rc" != 1 ]; then
		fail "$name" "exit status $rc, wanted 1" "$(cat "$TMP/err")"
	elif ! grep -qF -- "$wantmsg" "$TMP/err"; then
		fail "$name" "wanted: $wantmsg" "got: $(cat "$TMP/err")"
	else
		pass "$name"
	fi
}

cerr() {
	want "$1" || return 0
	"$DTRACE" -e -xerrtags -xerrstyle=gnu -n "$3" >/dev/null 2>"$TMP/err"
	check_err "$1" "$2" $?
}

serr() {
	want "$1" || { cat >/dev/null; return 0; }
	cat >"$TMP/prog.d"
	"$DTRACE" -e -xerrtags -xerrstyle=gnu -s "$TMP/prog.d" \
		>/dev/null 2>"$TMP/err"
	check_err "$1" "$2" $?
}

# The instructions of the last DIFO in -S output, normalized.
last_difo() {
	awk '
		/^DIFO / { n = 0; delete ins; next }
		/^[0-9][0-9]: [0-9a-f]+ / {
			sub(/^[0-9][0-9]: [0-9a-f]+ +/, "")
			sub(/ +!.*$/, "")
			gsub(/ +/, " ")
			ins[n++] = $0
		}
		END { for (i = 0; i < n; i++) print ins[i] }
	' "$1"
}

dis() {
	want "$1" || { cat >/dev/null; return 0; }
	cat >"$TMP/want"
	if ! "$DTRACE" -e -S -n "$2" >"$TMP/out" 2>&1; then
		fail "$1" "does not compile" "$(cat "$TMP/out")"
		return
	fi
	last_difo "$TMP/out" >"$TMP/got"
	if diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then
		pass "$1"
	else
		fail "$1" "$(cat "$TMP/diff")"
	fi
}

fwd() {
	want "$1" || return 0
	if ! "$DTRACE" -e -S -n "$2" >"$TMP/out" 2>&1; then
		fail "$1" "does not compile" "$(cat "$TMP/out")"
		return
	fi
	bad=$(awk '
		/^DIFO / { if (n) check(); n = 0; nb = 0; next }
		/^[0-9][0-9]: [0-9a-f]+ / {
			pc = $1 + 0
			n++
			if ($3 ~ /^b/) { from[nb] = pc; to[nb] = $4 + 0; nb++ }
		}
		function check(  i) {
			for (i = 0; i < nb; i++)
				if (to[i] <= from[i] || to[i] >= n)
					printf "branch at %d to %d of %d\n", from[i], to[i], n
			seen += nb
		}
		END { if (n) check(); if (!seen) print "no branches" }
	' "$TMP/out")
	if [ -z "$bad" ]; then
		pass "$1"
	else
		fail "$1" "$bad"
	fi
}

run() {
	name=$1
	shift
	want "$name" || { cat >/dev/null; return 0; }
	cat >"$TMP/want"
	if [ -z "$FAKEDEV" ]; then
		fail "$name" "FAKEDEV is not set"
		return
	fi
	env ${TESTING:+_DTRACE_TESTING=t} ${FAKEDEV_MINOR:+FAKEDEV_MINOR=$FAKEDEV_MINOR} \
		LD_PRELOAD="$FAKEDEV" "$DTRACE" "$@" \
		>"$TMP/raw" 2>"$TMP/err" </dev/null
	rc=$?
	# A line that ends in a blank is written "... $" in WANT.
	sed 's/ $/ $/' "$TMP/raw" >"$TMP/got"
	if [ "$rc" != "${RC:-0}" ]; then
		fail "$name" "exit status $rc, wanted ${RC:-0}" "$(cat "$TMP/err")"
	elif ! diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then
		fail "$name" "$(cat "$TMP/diff")" "$(cat "$TMP/err")"
	elif [ -n "${ERR:-}" ] && ! grep -qF -- "$ERR" "$TMP/err"; then
		fail "$name" "stderr lacks: $ERR" "got: $(cat "$TMP/err")"
	else
		pass "$name"
	fi
}

cmd() {
	name=$1 wantrc=$2 wantout=$3
	shift 3
	want "$name" || return 0
	"$DTRACE" "$@" >"$TMP/out" 2>&1
	rc=$?
	if [ "$rc" != "$wantrc" ]; then
		fail "$name" "exit status $rc, wanted $wantrc" "$(cat "$TMP/out")"
	elif [ -n "$wantout" ] && ! grep -qF -- "$wantout" "$TMP/out"; then
		fail "$name" "wanted: $wantout" "got: $(cat "$TMP/out")"
	else
		pass "$name"
	fi
}

file_is() {
	want "$1" || { cat >/dev/null; return 0; }
	cat >"$TMP/want"
	if diff -u "$TMP/want" "$2" >"$TMP/diff" 2>&1; then
		pass "$1"
	else
		fail "$1" "$(cat "$TMP/diff")"
	fi
}

for t in "$TESTDIR"/t_*.sh; do
	# shellcheck source=/dev/null
	. "$t"
done

echo "$npass passed, $nfail failed"
[ "$nfail" = 0 ]
