# SPDX-License-Identifier: GPL-2.0-only
#
# Aggregations, against the simulated device (tests/fake_dev.c), which
# keeps per-CPU aggregation buffers as the kernel does (two CPUs on a
# machine that has two, firings alternating between them): what
# dtrace(1) records, merges and prints.  The layouts are DTrace's: keys
# left (strings in 50 columns, integers by size), values right in 16
# columns, distributions as the "value  --- Distribution --- count"
# table with a zero row on either side of the data.  Sourced by
# run-tests.sh.

# --- The default print at the end ------------------------------------------
run agg.default -q -n 'BEGIN { @a = count(); @b["x"] = sum(5); @b["y"] = sum(2);
	@b["x"] = sum(1); exit(0); }' <<'EOF'

                1
  y                                                                 2
  x                                                                 6
EOF

run agg.not-quiet -n 'BEGIN { @["k"] = count(); }' -n 'BEGIN { exit(0); }' <<'EOF'
CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN $

  k                                                                 1
EOF

# Integer keys by size (unsigned below 32 bits), several keys.
run agg.int-keys -q -n 'BEGIN { @[(char)-1, (short)-2, -3, 4ll] = sum(-7); exit(0); }' <<'EOF'

 255 65534       -3                4               -7
EOF

run agg.avg-min-max-stddev -q -n 'BEGIN { @s["a"] = avg(1); @s["a"] = avg(4);
	@m["mn"] = min(7); @m["mn"] = min(-3); @x["mx"] = max(-7); @x["mx"] = max(-3);
	@d = stddev(2); @d = stddev(4); @d = stddev(4); @d = stddev(4); @d = stddev(5);
	@d = stddev(5); @d = stddev(7); @d = stddev(9); exit(0); }' <<'EOF'

  a                                                                 2
  mn                                                               -3
  mx                                                               -3
                2
EOF

# --- Distributions ------------------------------------------------------
run agg.quantize -q -n 'BEGIN { @q = quantize(0); @q = quantize(1); @q = quantize(3);
	@q = quantize(3); @q = quantize(1000); @q = quantize(-2); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
              -4 |                                         0        $
              -2 |@@@@@@@                                  1        $
              -1 |                                         0        $
               0 |@@@@@@@                                  1        $
               1 |@@@@@@@                                  1        $
               2 |@@@@@@@@@@@@@                            2        $
               4 |                                         0        $
               8 |                                         0        $
              16 |                                         0        $
              32 |                                         0        $
              64 |                                         0        $
             128 |                                         0        $
             256 |                                         0        $
             512 |@@@@@@@                                  1        $
            1024 |                                         0        $

EOF

# Increments, negative ones included: bars on both sides of a centre line.
run agg.quantize-incr -q -n 'BEGIN { @["k"] = quantize(1, 3); @["k"] = quantize(2, -1);
	exit(0); }' <<'EOF'

  k                                                 $
           value  ------------- Distribution ------------- count    $
               0                     |                     0        $
               1                     |@@@@@@@@@@@@@@@      3        $
               2                @@@@@|                     -1       $
               4                     |                     0        $

EOF

run agg.lquantize-llquantize -q -n 'BEGIN { @l = lquantize(3, 0, 10, 2);
	@l = lquantize(-1, 0, 10, 2); @l = lquantize(10, 0, 10, 2); @l = lquantize(9, 0, 10, 2, 3);
	@ll = llquantize(5, 10, 0, 2, 10); @ll = llquantize(55, 10, 0, 2, 10);
	@ll = llquantize(5000, 10, 0, 2, 10); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
             < 0 |@@@@@@@                                  1        $
               0 |                                         0        $
               2 |@@@@@@@                                  1        $
               4 |                                         0        $
               6 |                                         0        $
               8 |@@@@@@@@@@@@@@@@@@@@                     3        $
           >= 10 |@@@@@@@                                  1        $


           value  ------------- Distribution ------------- count    $
               4 |                                         0        $
               5 |@@@@@@@@@@@@@                            1        $
               6 |                                         0        $
               7 |                                         0        $
               8 |                                         0        $
               9 |                                         0        $
              10 |                                         0        $
              20 |                                         0        $
              30 |                                         0        $
              40 |                                         0        $
              50 |@@@@@@@@@@@@@                            1        $
              60 |                                         0        $
              70 |                                         0        $
              80 |                                         0        $
              90 |                                         0        $
             100 |                                         0        $
             200 |                                         0        $
             300 |                                         0        $
             400 |                                         0        $
             500 |                                         0        $
             600 |                                         0        $
             700 |                                         0        $
             800 |                                         0        $
             900 |                                         0        $
         >= 1000 |@@@@@@@@@@@@@                            1        $

EOF

# llquantize() with more steps than a magnitude has values (factor 2,
# 4 steps: 1 a bucket of its own, 2 and 3, then 4 and 6, 8 and 12).
run agg.llquantize-steps -q -n 'BEGIN { @ = llquantize(1, 2, 0, 3, 4);
	@ = llquantize(3, 2, 0, 3, 4); @ = llquantize(5, 2, 0, 3, 4);
	@ = llquantize(-9, 2, 0, 3, 4); @ = llquantize(13, 2, 0, 3, 4);
	@ = llquantize(20, 2, 0, 3, 4); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
             -12 |                                         0        $
              -8 |@@@@@@@                                  1        $
              -6 |                                         0        $
              -4 |                                         0        $
              -3 |                                         0        $
              -2 |                                         0        $
              -1 |                                         0        $
               0 |                                         0        $
               1 |@@@@@@@                                  1        $
               2 |                                         0        $
               3 |@@@@@@@                                  1        $
               4 |@@@@@@@                                  1        $
               6 |                                         0        $
               8 |                                         0        $
              12 |@@@@@@@                                  1        $
           >= 16 |@@@@@@@                                  1        $

EOF

# llquantize() of negative values: their buckets mirror the positive
# ones around that of the values below factor^low in magnitude.
run agg.llquantize-negative -q -n 'BEGIN { @a = llquantize(-5, 10, 0, 1, 10);
	@a = llquantize(0, 10, 0, 1, 10); @a = llquantize(3, 10, 0, 1, 10);
	@b = llquantize(-20, 10, 1, 2, 10); @b = llquantize(3, 10, 1, 2, 10);
	@b = llquantize(-3, 10, 1, 2, 10); @c = llquantize(-1000, 10, 1, 2, 10);
	@c = llquantize(1000, 10, 1, 2, 10, 3); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
              -6 |                                         0        $
              -5 |@@@@@@@@@@@@@                            1        $
              -4 |                                         0        $
              -3 |                                         0        $
              -2 |                                         0        $
              -1 |                                         0        $
               0 |@@@@@@@@@@@@@                            1        $
               1 |                                         0        $
               2 |                                         0        $
               3 |@@@@@@@@@@@@@                            1        $
               4 |                                         0        $


           value  ------------- Distribution ------------- count    $
             -30 |                                         0        $
             -20 |@@@@@@@@@@@@@                            1        $
             -10 |                                         0        $
      abs() < 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        $
              10 |                                         0        $


           value  ------------- Distribution ------------- count    $
        <= -1000 |@@@@@@@@@@                               1        $
            -900 |                                         0        $
            -800 |                                         0        $
            -700 |                                         0        $
            -600 |                                         0        $
            -500 |                                         0        $
            -400 |                                         0        $
            -300 |                                         0        $
            -200 |                                         0        $
            -100 |                                         0        $
             -90 |                                         0        $
             -80 |                                         0        $
             -70 |                                         0        $
             -60 |                                         0        $
             -50 |                                         0        $
             -40 |                                         0        $
             -30 |                                         0        $
             -20 |                                         0        $
             -10 |                                         0        $
      abs() < 10 |                                         0        $
              10 |                                         0        $
              20 |                                         0        $
              30 |                                         0        $
              40 |                                         0        $
              50 |                                         0        $
              60 |                                         0        $
              70 |                                         0        $
              80 |                                         0        $
              90 |                                         0        $
             100 |                                         0        $
             200 |                                         0        $
             300 |                                         0        $
             400 |                                         0        $
             500 |                                         0        $
             600 |                                         0        $
             700 |                                         0        $
             800 |                                         0        $
             900 |                                         0        $
         >= 1000 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@           3        $

EOF

# An empty distribution (cleared) shows the rows around zero.
run agg.quantize-cleared -q -n 'BEGIN { @ = quantize(100); clear(@); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
              -1 |                                         0        $
               0 |                                         0        $
               1 |                                         0        $

EOF

# --- printa() -------------------------------------------------------------
# Without a format: a newline, then the default layout; with one, %@
# takes the value and the other conversions the keys.  Printed
# aggregations are not printed again at the end.
run printa.forms -q -n 'BEGIN { @c["b"] = count(); @c["a"] = count();
	@c["a"] = count(); @c["c"] = count(); printa(@c);
	printa("%s=%@d;", @c); printf("\n"); printa("[%-3s|%5@u]\n", @c); exit(0); }' <<'EOF'

  b                                                                 1
  c                                                                 1
  a                                                                 2
b=1;c=1;a=2;
[b  |    1]
[c  |    1]
[a  |    2]

EOF

run printa.avg-hex -q -n 'BEGIN { @a = avg(30); @a = avg(34); @q = quantize(1);
	printa("avg %@x\n", @a); printa("q%@d\n", @q); exit(0); }' <<'EOF'
avg 20
q
           value  ------------- Distribution ------------- count    $
               0 |                                         0        $
               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
               2 |                                         0        $


EOF

# Several aggregations: joined on their keys, zero where one has none.
run printa.joined -q -n 'BEGIN { @a[1] = sum(3); @a[2] = sum(1); @b[1] = sum(1);
	@b[2] = sum(5); @b[3] = sum(0); printa("%d %@d %@d\n", @a, @b); printa(@a, @b);
	exit(0); }' <<'EOF'
3 0 0
2 1 5
1 3 1

        3                0                0
        2                1                5
        1                3                1

EOF

# --- stack() keys ----------------------------------------------------------
# The simulated device makes up the frames: two at BEGIN (0x110 0x120),
# two at tick-1 (0x410 0x420), zeros after them; they are below every
# kernel symbol and print as numbers.  The default layout puts the
# frames, indented by 14, on lines of their own before the other keys
# and the value; stack(n) keeps n frames.
run agg.stack-key-print -q -n 'BEGIN { @[stack()] = count(); @[stack()] = count();
	@s[stack(1), "k"] = sum(3); } tick-1 { @[stack()] = count(); exit(0); }' <<'EOF'


              0x410
              0x420
                1

              0x110
              0x120
                2

              0x110
  k                                                                 3
EOF

# printa()'s %k: a newline, then each frame formatted as %s with the
# conversion's flags, width and precision, indented by the width only
# when it is left-aligned; the conversions after it take the next key.
run printa.stack-k -q -n 'BEGIN { @[stack()] = count(); @[stack()] = count();
	@s[stack(5), "k"] = sum(3); } tick-1 { @[stack()] = count();
	printa("%k %@d|\n", @); printa("[%-20k]\n", @); printa("[%.3k]\n", @);
	printa("%k%s=%@d\n", @s); exit(0); }' <<'EOF'

0x410
0x420
 1|

0x110
0x120
 2|
[
                    0x410               $
                    0x420               $
]
[
                    0x110               $
                    0x120               $
]
[
0x4
0x4
]
[
0x1
0x1
]

0x110
0x120
k=3

EOF

# --- Sort options ----------------------------------------------------------
run sort.value -q -n 'BEGIN { @c["b"] = count();
	@c["a"] = count(); @c["a"] = count(); @c["c"] = count(); exit(0); }' <<'EOF'

  b                                                                 1
  c                                                                 1
  a                                                                 2
EOF

run sort.key -q -x aggsortkey -n 'BEGIN { @c["b"] = count();
	@c["a"] = count(); @c["a"] = count(); @c["c"] = count(); exit(0); }' <<'EOF'

  a                                                                 2
  b                                                                 1
  c                                                                 1
EOF

run sort.rev -q -x aggsortrev -n 'BEGIN { @c["b"] = count();
	@c["a"] = count(); @c["a"] = count(); @c["c"] = count(); exit(0); }' <<'EOF'

  a                                                                 2
  c                                                                 1
  b                                                                 1
EOF

# Integer keys compare unsigned; aggsortkeypos picks the first key compared.
run sort.keypos -q -x aggsortkey -x aggsortkeypos=1 -n 'BEGIN { @[1, -1] = sum(0);
	@[2, 2] = sum(0); @[3, 1] = sum(0); @[0, 1] = sum(0); exit(0); }' <<'EOF'

        0        1                0
        3        1                0
        2        2                0
        1       -1                0
EOF

run sort.pos -q -x aggsortpos=1 -n 'BEGIN { @a[1] = sum(3); @a[2] = sum(1);
	@b[1] = sum(1); @b[2] = sum(5); @b[3] = sum(0); printa("%d %@d %@d\n", @a, @b);
	exit(0); }' <<'EOF'
3 0 0
1 3 1
2 1 5

EOF

# Distributions sort by the sum of their values.
run sort.quantize -q -n 'BEGIN { @["big"] = quantize(1000); @["neg"] = quantize(-5);
	@["small"] = quantize(2); @["small"] = quantize(3); exit(0); }' <<'EOF'

  neg                                               $
           value  ------------- Distribution ------------- count    $
              -8 |                                         0        $
              -4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
              -2 |                                         0        $

  small                                             $
           value  ------------- Distribution ------------- count    $
               1 |                                         0        $
               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2        $
               4 |                                         0        $

  big                                               $
           value  ------------- Distribution ------------- count    $
             256 |                                         0        $
             512 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
            1024 |                                         0        $

EOF

# llquantize() too (negative values below the others), ties broken by
# the count of the values below factor^low.
run sort.llquantize -q -n 'BEGIN { @["big"] = llquantize(500, 10, 0, 2, 10);
	@["neg"] = llquantize(-50, 10, 0, 2, 10); @["small"] = llquantize(3, 10, 0, 2, 10);
	@["small"] = llquantize(3, 10, 0, 2, 10); @["a0"] = llquantize(0, 10, 0, 2, 10);
	@["a0"] = llquantize(0, 10, 0, 2, 10); @["z0"] = llquantize(0, 10, 0, 2, 10);
	exit(0); }' <<'EOF'

  neg                                               $
           value  ------------- Distribution ------------- count    $
             -60 |                                         0        $
             -50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
             -40 |                                         0        $

  z0                                                $
           value  ------------- Distribution ------------- count    $
              -1 |                                         0        $
               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
               1 |                                         0        $

  a0                                                $
           value  ------------- Distribution ------------- count    $
              -1 |                                         0        $
               0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2        $
               1 |                                         0        $

  small                                             $
           value  ------------- Distribution ------------- count    $
               2 |                                         0        $
               3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2        $
               4 |                                         0        $

  big                                               $
           value  ------------- Distribution ------------- count    $
             400 |                                         0        $
             500 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
             600 |                                         0        $

EOF

# A joined printa() sorted by an llquantize(): no entry sorts as zero.
run sort.pos-llquantize -q -x aggsortpos=1 -n 'BEGIN { @a[1] = sum(1); @a[2] = sum(2);
	@a[3] = sum(3); @b[1] = llquantize(5, 10, 0, 1, 10); @b[3] = llquantize(-5, 10, 0, 1, 10);
	printa("%d %@d\n%@d\n", @a, @b); exit(0); }' <<'EOF'
3 3

           value  ------------- Distribution ------------- count    $
              -6 |                                         0        $
              -5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
              -4 |                                         0        $

2 2

           value  ------------- Distribution ------------- count    $
               0 |                                         0        $
               1 |                                         0        $
               2 |                                         0        $

1 1

           value  ------------- Distribution ------------- count    $
               4 |                                         0        $
               5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
               6 |                                         0        $


EOF

# --- clear(), trunc(), normalize(), denormalize() ----------------------------
run act.trunc-normalize -q -n 'BEGIN { @a[1] = sum(10); @a[2] = sum(40); @a[3] = sum(20);
	@a[4] = sum(30); @b[1] = sum(1); @b[2] = sum(2); @b[3] = sum(3); trunc(@a, 2);
	trunc(@b, -1); printa(@a); printa(@b); normalize(@a, 10); printa(@a); denormalize(@a);
	printa(@a); trunc(@a); printa(@a); exit(0); }' <<'EOF'

        4               30
        2               40

        1                1

        4                3
        2                4

        4               30
        2               40


EOF

run act.clear -q -n 'BEGIN { @c["x"] = count(); @m["y"] = max(5); clear(@c); clear(@m);
	exit(0); }' <<'EOF'

  x                                                                 0
  y                                                                 0
EOF

run act.normalize-avg -q -n 'BEGIN { @a["k"] = avg(100); @a["k"] = avg(200);
	@s = stddev(10); @s = stddev(30); normalize(@a, 10); normalize(@s, 10); exit(0); }' <<'EOF'

  k                                                                15
                1
EOF

# --- Merging: snapshots over time and CPUs ------------------------------
run merge.ticks -q -n 'tick-10ms /i < 6/ { @c[i % 3] = count(); @s = sum(i); @mn = min(10 - i);
	@mx = max(i); @q = lquantize(i, 0, 6, 3); i++; } tick-10ms /i == 6/ { exit(0); }' <<'EOF'

                0                2
                1                2
                2                2
               15
                5
                5

           value  ------------- Distribution ------------- count    $
             < 0 |                                         0        $
               0 |@@@@@@@@@@@@@@@@@@@@                     3        $
               3 |@@@@@@@@@@@@@@@@@@@@                     3        $
            >= 6 |                                         0        $

EOF

# --- Drops, errors, limits -----------------------------------------------
# Each aggregating statement has entries of its own in the buffer: here
# 32 bytes each, two fit, the other three updates are dropped and
# reported; the updates that fitted are printed.
ERR='3 aggregation drops on CPU' run drop.aggsize -q -x aggsize=64 -n 'BEGIN { @[1] = count();
	@[2] = count(); @[3] = count(); @[1] = count(); @[4] = count(); exit(0); }' <<'EOF'

        1                1
        2                1
EOF

RC=1 ERR='could not enable tracing: Enabling exceeds size of buffer' \
run drop.entry-too-big -q -x aggsize=16 -n 'BEGIN { @ = count(); exit(0); }' </dev/null

# A fault in a key or a value: ERROR names the action, nothing is
# aggregated, the other clauses go on.
ERR='(ID 1: dtrace:::BEGIN): invalid address (0x8) in action #2 at DIF offset 1' \
run err.key-fault -q -n 'BEGIN { @["a", *(int *)8] = count(); }' \
	-n 'BEGIN { @b = sum(*(int *)0); }' -n 'BEGIN { @c["ok"] = count(); exit(0); }' <<'EOF'

  ok                                                                1
EOF

# A kernel before interface 0.3 has no aggregations: said, not guessed.
FAKEDEV_MINOR=2 RC=1 \
ERR="failed to enable 'BEGIN': aggregations need kernel interface 0.3, the kernel speaks 0.2" \
run compat.no-aggregations -q -n 'BEGIN { @ = count(); exit(0); }' </dev/null
FAKEDEV_MINOR=2 run compat.no-aggregations-other -q -n 'BEGIN { trace(1); exit(0); }' <<'EOF'
1
EOF
