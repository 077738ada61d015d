#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The string, byte-order and user-copy subroutines through dtrace(1)
# against the running kernel: what each returns, strsize as the bound of
# their results, strtok() across calls, copyin() and copyinstr() of a
# process's own memory at its system calls, and bad addresses reported as
# errors with tracing going on.
# $DTRACE names the binary (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

need_dtrace
need_root

echo "TAP version 13"
echo "1..9"

same "strjoin, substr, index, rindex" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { s = strjoin("dtrace", strjoin(" on ", "linux"));
		printf("%s|%s|%s|%s|%s\n", s, substr(s, 7), substr(s, -5),
		    substr(s, 3, 4), substr(s, 100));
		printf("%d %d %d %d %d\n", index(s, "n"), index(s, "n", 9),
		    rindex(s, "n"), rindex(s, "n", 9), index(s, "bsd"));
		exit(0); }' <<'EOF'
dtrace on linux|on linux|linux|ace |
8 12 12 8 -1

EOF

same "strchr, strrchr, strstr, toupper, tolower" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { s = "/usr/lib/debug";
		printf("%s|%s|%s|%s|%s\n", strchr(s, 0x6c), strrchr(s, 0x2f),
		    strstr(s, "lib"), toupper(s), tolower("MiXeD 42"));
		printf("%s\n", strstr(s, "bin") == NULL ? "null" : "found");
		exit(0); }' <<'EOF'
lib/debug|/debug|lib/debug|/USR/LIB/DEBUG|mixed 42
null

EOF

same "strtok goes on across calls" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { t = strtok("a=1,b=22,,c=333", ",");
		printf("%s ", t); t = strtok(NULL, ",="); printf("%s ", t);
		t = strtok(NULL, ","); printf("%s ", t);
		t = strtok(NULL, ","); printf("%s ", t);
		printf("%s\n", strtok(NULL, ",") == NULL ? "end" : "more");
		exit(0); }' <<'EOF'
a=1 b =22 c=333 end

EOF

same "basename, dirname, cleanpath" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { p = "/usr//lib/../share/./doc/";
		printf("%s %s %s\n", basename(p), dirname(p), cleanpath(p));
		printf("%s %s %s\n", basename("x"), dirname("x"), cleanpath("a/.."));
		exit(0); }' <<'EOF'
doc /usr//lib/../share/. /usr/share/doc
x . .

EOF

same "lltostr and the byte-order functions" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { printf("%s %s %s %s\n", lltostr(-1234567890123),
		lltostr(0x8000000000000000), lltostr(255, 16), lltostr(8, 2));
		printf("%x %x %x %x\n", htons(0x1234), htonl(0x12345678),
		    ntohs(htons(0xabcd)), ntohll(htonll(0x1122334455667788)));
		exit(0); }' <<'EOF'
-1234567890123 -9223372036854775808 0xff 1000
3412 78563412 abcd 1122334455667788

EOF

same "inet_ntoa, inet_ntop on alloca() memory, bcopy" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { this->a = (uint8_t *)alloca(16);
		this->a[0] = 10; this->a[1] = 0; this->a[2] = 2; this->a[3] = 15;
		printf("%s ", inet_ntoa((void *)this->a));
		this->b = (uint8_t *)alloca(16);
		bcopy(this->a, this->b, 4);
		printf("%s ", inet_ntop(2, (void *)this->b));
		this->a[0] = 0xfe; this->a[1] = 0x80; this->a[2] = 0;
		this->a[3] = 0; this->a[15] = 1;
		printf("%s\n", inet_ntop(10, (void *)this->a));
		exit(0); }' <<'EOF'
10.0.2.15 10.0.2.15 fe80::1

EOF

# The path a child of the target opens, read from its memory at the
# system call, and the first bytes the target itself writes.
# (dtrace -c splits its command at blanks, as DTrace does: no quoting.)
name=dtrace-string-test-$$
printf 'cat %s 2>/dev/null\necho hello >/dev/null\n' "$tmp/$name" >"$tmp/child.sh"
same "copyinstr and copyin at system calls" 0 'pid [0-9]+ has exited' -- \
	"$DTRACE" -q -c "/bin/sh $tmp/child.sh" -n '
	syscall::openat:entry
	/progenyof($target) && strstr(copyinstr(arg1), "string-test") != NULL/ {
		printf("open %s\n", basename(copyinstr(arg1)));
	}
	syscall::write:entry /pid == $target/ {
		this->p = (char *)copyin(arg1, 5);
		printf("write %c%c%c%c%c\n", this->p[0], this->p[1], this->p[2],
		    this->p[3], this->p[4]);
	}' <<EOF
open $name
write hello

EOF

same "strsize bounds the results" 0 '' -- \
	"$DTRACE" -q -x strsize=8 -n 'BEGIN {
		printf("%s|%s|%s|%d\n", strjoin("abcdef", "ghijkl"),
		    toupper("abcdefghijkl"), substr("abcdefghijkl", 2),
		    strlen(strjoin("abcd", "efghij")));
		exit(0); }' <<'EOF'
abcdefgh|ABCDEFGH|cdefgh|8

EOF

# A bad address to strlen() and a kernel address to copyinstr(): errors
# that name the address, and the clauses after them still run.
same "bad addresses are errors, and tracing goes on" 0 \
	'invalid address \(0x10\)' -- \
	"$DTRACE" -q -n 'BEGIN { trace(strlen((char *)16)); }' \
	-n 'BEGIN { trace(copyinstr(0xffffffff81000000)); }' \
	-n 'BEGIN { printf("still here\n"); exit(0); }' <<'EOF'
still here

EOF

[ $fails -eq 0 ]
