#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dtrace(1) against the running kernel: the version report, the exit
# statuses of usage errors, and the refusal of an unprivileged caller.
# $DTRACE names the binary (default: dtrace from PATH).

DTRACE=${DTRACE:-dtrace}
ksft_skip=4
fails=0
n=0

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }

# expect NAME STATUS OUT-REGEX -- CMD...: run CMD, check its exit status
# and that its output (stdout and stderr) matches OUT-REGEX.
expect() {
	local name=$1 want=$2 re=$3 out rc
	shift 4
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		nok "$name # exit status $rc, expected $want"
		printf '#   %s\n' "$out"
	elif ! grep -Eq -- "$re" <<<"$out"; then
		nok "$name # output does not match /$re/"
		printf '#   %s\n' "$out"
	else
		ok "$name"
	fi
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
echo "1..6"
expect "dtrace -V reports both versions" 0 \
	'^dtrace: Linux D [0-9]+\.[0-9]+$' -- "$DTRACE" -V
expect "dtrace -V asks the kernel" 0 \
	'^dtrace: kernel interface [0-9]+\.[0-9]+$' -- "$DTRACE" -V
expect "dtrace -h exits 0" 0 '^Usage: dtrace' -- "$DTRACE" -h
expect "an unknown option exits 2" 2 "-j" -- "$DTRACE" -j
expect "no program exits 2" 2 'no probes' -- "$DTRACE"
if command -v setpriv >/dev/null; then
	expect "an unprivileged dtrace -V exits 1" 1 \
		'failed to open /dev/dtrace: Operation not permitted .*CAP_PERFMON' -- \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=-all "$(command -v "$DTRACE")" -V
else
	nok "an unprivileged dtrace -V exits 1 # setpriv(1) is missing"
fi

[ $fails -eq 0 ]
