# SPDX-License-Identifier: GPL-2.0-only
#
# Where a compile error is, as dtrace(1) shows it on a terminal.
# Sourced by run-tests.sh.

# On a terminal, DTrace's one-line message is followed by the location as
# file:line:column, the line and a caret; not when stderr is a file.
if want err.terminal-excerpt; then
	printf 'BEGIN\n{\n\ttrace(1 + nope);\n}\n' >"$TMP/tty.d"
	script -qec "'$DTRACE' -e -s '$TMP/tty.d'" /dev/null </dev/null |
		tr -d '\r' >"$TMP/tty.out"
	"$DTRACE" -e -s "$TMP/tty.d" 2>"$TMP/notty.err"
	msg="failed to resolve nope: Unknown variable name"
	printf '%s\n' \
		"dtrace: failed to compile script $TMP/tty.d: line 3: $msg" \
		"$TMP/tty.d:3:12:" \
		"    	trace(1 + nope);" \
		"    	          ^" >"$TMP/tty.want"
	if ! cmp -s "$TMP/tty.out" "$TMP/tty.want"; then
		fail err.terminal-excerpt "$(diff "$TMP/tty.want" "$TMP/tty.out")"
	elif [ "$(wc -l <"$TMP/notty.err")" != 1 ]; then
		fail err.terminal-excerpt "not a terminal:" "$(cat "$TMP/notty.err")"
	else
		pass err.terminal-excerpt
	fi
fi
