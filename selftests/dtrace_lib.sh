# SPDX-License-Identifier: GPL-2.0
#
# What the dtrace kselftest scripts share: sourced by each, not run.
#
# The results are TAP lines: ok, nok and skip number them in $n and count
# the failures in $fails, and a script ends with "[ $fails = 0 ]".  $tmp
# is a directory of the script's own; at exit, every background job the
# script still has is stopped and $tmp is removed.
# $DTRACE names dtrace(1) (default: dtrace from PATH).

DTRACE=${DTRACE:-dtrace}
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d) || exit 1
pids=()

cleanup() {
	local jobs

	jobs=$(jobs -p)
	if [ -n "$jobs" ]; then
		# A stopped job (stop(), SIGSTOP) takes the signal once continued.
		kill $jobs 2>/dev/null
		kill -CONT $jobs 2>/dev/null
		wait 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

# The tests open /dev/dtrace and read the providers' parameters: root.
need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "# must be run as root"
		exit $ksft_skip
	fi
}

# dtrace(1) is part of what is tested: its absence is a failure.
need_dtrace() {
	if ! command -v "$DTRACE" >/dev/null; then
		echo "# $DTRACE: not found"
		exit 1
	fi
}

# load FILE: a load on every CPU, fork, exec, open and read, each loop
# checking that the checksum of FILE does not change (a line in
# $tmp/bad if it does) while probes come and go under it.  Its
# processes are in $pids, for unload.
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
	[ ${#pids[@]} -gt 0 ] || return 0
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	pids=()
}

# same NAME STATUS STDERR-RE -- COMMAND... < WANT: COMMAND (five minutes
# at most) exits with STATUS and prints WANT; its stderr matches
# STDERR-RE, or is empty when STDERR-RE is.  A line of WANT that ends in
# blanks is written with a $ after them.
same() {
	local name=$1 want=$2 re=$3 rc

	shift 4
	sed 's/\$$//' >"$tmp/want"
	timeout 300 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		nok "$name # exit status $rc, expected $want"
		sed 's/^/#   /' "$tmp/err"
	elif ! diff -u "$tmp/want" "$tmp/out" >"$tmp/diff"; then
		nok "$name # output differs"
		sed 's/^/#   /' "$tmp/diff"
	elif [ -n "$re" ] && ! grep -Eq -- "$re" "$tmp/err"; then
		nok "$name # stderr does not match /$re/"
		sed 's/^/#   /' "$tmp/err"
	elif [ -z "$re" ] && [ -s "$tmp/err" ]; then
		nok "$name # unexpected stderr"
		sed 's/^/#   /' "$tmp/err"
	else
		ok "$name"
	fi
}
