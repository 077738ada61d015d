#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's types in D, from the BTF of the running kernel
# (/sys/kernel/btf/vmlinux), through dtrace(1):
#  - sizeof and offsetof of struct task_struct are what pahole reads in
#    the same BTF;
#  - curthread's members at a system call of a -c target: pid and tgid,
#    comm, real_parent's tgid, as pid, tid, execname and ppid have them;
#  - a cast of an fbt probe's argument: the struct file that vfs_read()
#    reads, its inode number and its name, as stat(1) has them;
#  - print() of a struct: the members, as libbpf prints typed data;
#  - a member through a bad pointer is an error, and tracing goes on;
#  - args[] at fbt::vfs_read:entry are typed as vfs_read()'s parameters:
#    args[0]->f_inode->i_ino without a cast, args[2] a size_t; dtrace
#    -lv lists the types; at fbt::vfs_read:return args[1] is an ssize_t;
#  - the kernel's typedef names are types: sizeof (loff_t), a member of
#    curthread's usage through a cast to refcount_t *, print() of an
#    atomic_t; an unknown one is an error.
# $DTRACE names the binary (default: dtrace from PATH).

DTRACE=${DTRACE:-dtrace}
ksft_skip=4
fails=0
n=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

ok()   { n=$((n + 1)); echo "ok $n $*"; }
nok()  { n=$((n + 1)); echo "not ok $n $*"; fails=$((fails + 1)); }

if ! command -v "$DTRACE" >/dev/null; then
	echo "# $DTRACE: not found"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "# must be run as root"
	exit $ksft_skip
fi
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	echo "# no /sys/kernel/btf/vmlinux: CONFIG_DEBUG_INFO_BTF is needed"
	exit 1
fi

echo "TAP version 13"
echo "1..14"

# 1: sizeof and offsetof against pahole's reading of the same BTF
# ("/* size: N, ..." and "pid_t pid; /* OFFSET SIZE */").
if command -v pahole >/dev/null &&
   pahole -C task_struct /sys/kernel/btf/vmlinux >"$tmp/pahole" 2>&1; then
	want_size=$(sed -n 's/.*\/\* size: \([0-9]*\),.*/\1/p' "$tmp/pahole" |
		    tail -n 1)
	want_pid=$(awk '$1 == "pid_t" && $2 == "pid;" { print $4 }' "$tmp/pahole")
	want_comm=$(awk '$2 ~ /^comm\[/ { print $4 }' "$tmp/pahole")
	timeout 60 "$DTRACE" -q -n 'BEGIN {
		printf("%d %d %d\n", sizeof (struct task_struct),
		       offsetof(struct task_struct, pid),
		       offsetof(struct task_struct, comm));
		exit(0); }' >"$tmp/sz.out" 2>"$tmp/sz.err"
	got=$(head -n 1 "$tmp/sz.out")
	if [ -n "$want_size" ] && [ "$got" = "$want_size $want_pid $want_comm" ]; then
		ok "sizeof and offsetof of struct task_struct: $got"
	else
		want="$want_size $want_pid $want_comm"
		nok "sizeof/offsetof: '$got', pahole says '$want' $(cat "$tmp/sz.err")"
	fi
else
	nok "pahole cannot read /sys/kernel/btf/vmlinux: $(head -n 3 "$tmp/pahole")"
fi

# 2: curthread's members at the target's own system call.
cp "$(command -v sleep)" "$tmp/dtbtf"
timeout 60 "$DTRACE" -q -n '
	syscall::nanosleep:entry, syscall::clock_nanosleep:entry
	/pid == $target/ {
		printf("%d %d %d %s %s %d %d\n", curthread->tgid == pid,
		       curthread->pid == tid, curthread->pid,
		       stringof(curthread->comm), execname,
		       curthread->real_parent->tgid, ppid);
		exit(0);
	}' -c "$tmp/dtbtf 0.1" >"$tmp/ct.out" 2>"$tmp/ct.err"
read -r same_tgid same_tid tpid comm ename rparent ppid <"$tmp/ct.out"
if [ "$same_tgid $same_tid" = "1 1" ] && [ "$comm" = dtbtf ] &&
   [ "$ename" = dtbtf ] && [ -n "$ppid" ] && [ "$rparent" = "$ppid" ] &&
   [ "${tpid:-0}" -gt 1 ]; then
	ok "curthread->pid, tgid, comm, real_parent->tgid: $(cat "$tmp/ct.out")"
else
	nok "curthread members: '$(cat "$tmp/ct.out")' $(cat "$tmp/ct.err")"
fi

# 3, 4: the struct file vfs_read() reads, through a cast of arg0: its
# inode number and the name of its dentry.
echo "some bytes for dtrace" >"$tmp/dtbtf-read.txt"
ino=$(stat -c %i "$tmp/dtbtf-read.txt")
timeout 60 "$DTRACE" -q -n '
	fbt::vfs_read:entry /pid == $target/ {
		this->f = (struct file *)arg0;
		printf("%s %d\n", stringof(this->f->f_path.dentry->d_name.name),
		       this->f->f_inode->i_ino);
	}' -c "dd if=$tmp/dtbtf-read.txt of=/dev/null status=none" >"$tmp/vr.out" 2>"$tmp/vr.err"
line=$(grep '^dtbtf-read.txt ' "$tmp/vr.out" | head -n 1)
if [ -n "$line" ]; then
	ok "the dentry's name of the file vfs_read() reads: $line"
else
	nok "no read of dtbtf-read.txt seen: '$(head -n 5 "$tmp/vr.out")' $(cat "$tmp/vr.err")"
fi
if [ "$line" = "dtbtf-read.txt $ino" ]; then
	ok "its inode number is stat's ($ino)"
else
	nok "inode: '$line', stat says $ino"
fi

# 5, 6: print() of struct task_struct and of a struct path.
timeout 60 "$DTRACE" -q -n '
	syscall::nanosleep:entry, syscall::clock_nanosleep:entry
	/pid == $target/ {
		printf("tid %d\n", tid);
		print(*curthread);
		exit(0);
	}' -c "$tmp/dtbtf 0.1" >"$tmp/pr.out" 2>"$tmp/pr.err"
ptid=$(sed -n 's/^tid \([0-9]*\)$/\1/p' "$tmp/pr.out")
if sed -n 2p "$tmp/pr.out" | grep -qx '(struct task_struct){' &&
   grep -qx "    \.pid = (pid_t)$ptid," "$tmp/pr.out" &&
   grep -qx '    \.comm = (char\[16\])"dtbtf",' "$tmp/pr.out" &&
   [ "$(tail -n 2 "$tmp/pr.out" | head -n 1)" = "}" ]; then
	ok "print(*curthread): $(wc -l <"$tmp/pr.out") lines, .pid = $ptid, .comm = \"dtbtf\""
else
	nok "print(*curthread): '$(head -n 5 "$tmp/pr.out")' ... $(cat "$tmp/pr.err")"
fi
timeout 60 "$DTRACE" -q -n '
	fbt::vfs_read:entry /pid == $target &&
	    stringof(((struct file *)arg0)->f_path.dentry->d_name.name) ==
	    "dtbtf-read.txt"/ {
		print(((struct file *)arg0)->f_path);
		printf("%x %x\n", (long)((struct file *)arg0)->f_path.mnt,
		       (long)((struct file *)arg0)->f_path.dentry);
		exit(0);
	}' -c "dd if=$tmp/dtbtf-read.txt of=/dev/null status=none" >"$tmp/pp.out" 2>"$tmp/pp.err"
read -r mnt dentry < <(tail -n 2 "$tmp/pp.out")
if [ "$(head -n 1 "$tmp/pp.out")" = "(struct path){" ] &&
   grep -qx "    \.mnt = (struct vfsmount \*)0x$mnt," "$tmp/pp.out" &&
   grep -qx "    \.dentry = (struct dentry \*)0x$dentry," "$tmp/pp.out"; then
	ok "print() of a struct path: its mnt and dentry pointers"
else
	nok "print() of a struct path: '$(cat "$tmp/pp.out")' $(cat "$tmp/pp.err")"
fi

# 7, 8: a member through a bad pointer: an error, the clause after runs,
# and the system with it.
timeout 60 "$DTRACE" -q -n '
	BEGIN { trace(((struct file *)8)->f_flags); }
	BEGIN { printf("after\n"); exit(0); }' >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
if [ $rc = 0 ] && grep -q 'invalid address (0x' "$tmp/bad.err" &&
   grep -qx after "$tmp/bad.out"; then
	ok "a member through a bad pointer is an error; tracing goes on"
else
	nok "bad pointer: rc=$rc '$(cat "$tmp/bad.out")' $(cat "$tmp/bad.err")"
fi
if timeout 60 "$DTRACE" -q -n 'BEGIN { printf("%s\n", stringof(curthread->comm));
	exit(0); }' 2>&1 | grep -qx dtrace; then
	ok "the system and DTrace run on afterwards"
else
	nok "DTrace does not run afterwards"
fi

# 9, 10: typed args[] at fbt::vfs_read: the struct file without a cast,
# the count dd asked for (bs=4096), the bytes it got.
timeout 60 "$DTRACE" -q -n '
	fbt::vfs_read:entry /pid == $target &&
	    stringof(args[0]->f_path.dentry->d_name.name) == "dtbtf-read.txt"/ {
		printf("%d %d\n", args[0]->f_inode->i_ino, args[2]);
		self->in = 1;
	}
	fbt::vfs_read:return /self->in/ {
		printf("%d\n", args[1]);
		self->in = 0;
	}' -c "dd if=$tmp/dtbtf-read.txt of=/dev/null bs=4096 status=none" \
	>"$tmp/ta.out" 2>"$tmp/ta.err"
size=$(stat -c %s "$tmp/dtbtf-read.txt")
got=$(head -n 2 "$tmp/ta.out" | tr '\n' ' ')
if [ "$got" = "$ino 4096 $size " ]; then
	ok "args[0]->f_inode->i_ino, args[2] and return args[1]: $got"
else
	nok "typed args: '$(head -n 4 "$tmp/ta.out")', want '$ino 4096 $size' $(cat "$tmp/ta.err")"
fi
timeout 60 "$DTRACE" -lv -n fbt::vfs_read:entry >"$tmp/lv.out" 2>&1
if grep -q 'args\[0\]: struct file \*' "$tmp/lv.out" &&
   grep -q 'args\[2\]: size_t' "$tmp/lv.out"; then
	ok "dtrace -lv lists vfs_read's argument types"
else
	nok "dtrace -lv: '$(tail -n 8 "$tmp/lv.out")'"
fi

# 11: a cast is still needed where the clause names several functions.
if timeout 60 "$DTRACE" -n 'fbt::vfs_read:entry, fbt::vfs_write:entry {
	trace(args[0]->f_flags); }' >"$tmp/two.out" 2>&1; then
	nok "args[0]-> at two functions compiled: $(head -n 3 "$tmp/two.out")"
elif grep -q 'operator -> must be applied to a pointer' "$tmp/two.out"; then
	ok "args[] of two functions stay integers: $(grep -o 'operator ->.*' "$tmp/two.out")"
else
	nok "args[0]-> at two functions: $(cat "$tmp/two.out")"
fi

# 12, 13: typedef names.  curthread->usage is a refcount_t, a typedef of
# a struct whose atomic_t refs is a typedef of an untagged struct: a
# running task holds a reference to itself.
timeout 60 "$DTRACE" -q -n '
	syscall::nanosleep:entry, syscall::clock_nanosleep:entry
	/pid == $target/ {
		this->r = (refcount_t *)&curthread->usage;
		printf("%d %d %d %d\n", sizeof (loff_t), sizeof (atomic_t),
		       sizeof (refcount_t), this->r->refs.counter > 0);
		print(this->r->refs);
		exit(0);
	}' -c "$tmp/dtbtf 0.1" >"$tmp/td.out" 2>"$tmp/td.err"
if [ "$(head -n 1 "$tmp/td.out")" = "8 4 4 1" ]; then
	ok "sizeof (loff_t), (atomic_t), (refcount_t); ->refs.counter > 0"
else
	nok "typedefs: '$(cat "$tmp/td.out")' $(cat "$tmp/td.err")"
fi
if [ "$(sed -n 2p "$tmp/td.out")" = "(atomic_t){" ] &&
   grep -Eqx '    \.counter = \(int\)[1-9][0-9]*,' "$tmp/td.out"; then
	ok "print() of an atomic_t: $(grep -o 'counter = .*' "$tmp/td.out")"
else
	nok "print() of an atomic_t: '$(tail -n +2 "$tmp/td.out")'"
fi

# 14: a name that is no typedef, where only a type may go.
if timeout 60 "$DTRACE" -n 'BEGIN { trace((dtbtf_nosuch_t)1); }' \
	>"$tmp/nt.out" 2>&1; then
	nok "(dtbtf_nosuch_t)1 compiled: $(head -n 3 "$tmp/nt.out")"
elif grep -q 'dtbtf_nosuch_t is not a known type' "$tmp/nt.out"; then
	ok "an unknown typedef name: $(grep -o 'dtbtf_nosuch_t is not.*' "$tmp/nt.out")"
else
	nok "unknown typedef name: $(cat "$tmp/nt.out")"
fi

[ $fails = 0 ]
