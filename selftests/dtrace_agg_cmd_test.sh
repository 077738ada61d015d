#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Aggregations through dtrace(1) against the running kernel: the exact
# output of count(), sum(), avg(), max(), quantize() and lquantize()
# aggregated by several clauses of BEGIN and END, printa() with and
# without a format, trunc(), and the reports of a full aggregation
# buffer and of an aggregation too big for it; llquantize() with fewer
# steps than the factor.
# $DTRACE names the binary (default: dtrace from PATH).

. "$(dirname "$(readlink -f "$0")")/dtrace_lib.sh"

need_dtrace
need_root

echo "TAP version 13"
echo "1..4"

same "aggregations of several clauses, printed at the end" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { @a = count(); @b["x"] = sum(5); @q = quantize(1);
		@q = quantize(2); @q = quantize(3); }' \
	-n 'BEGIN { @a = count(); @b["y"] = sum(2); @q = quantize(100); exit(0); }' \
	-n 'END { @b["x"] = sum(1); }' <<'EOF'

                2
  y                                                                 2
  x                                                                 6

           value  ------------- Distribution ------------- count    $
               0 |                                         0        $
               1 |@@@@@@@@@@                               1        $
               2 |@@@@@@@@@@@@@@@@@@@@                     2        $
               4 |                                         0        $
               8 |                                         0        $
              16 |                                         0        $
              32 |                                         0        $
              64 |@@@@@@@@@@                               1        $
             128 |                                         0        $

EOF

same "printa, trunc, lquantize, max, avg" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { @l[1] = lquantize(5, 0, 10, 5);
		@l[2] = lquantize(12, 0, 10, 5); @c["a"] = count(); @c["b"] = count();
		@c["b"] = count(); @m = max(-4); @m = max(-9); @v = avg(7); @v = avg(8);
		exit(0); }' \
	-n 'END { printa("%s %@d\n", @c); trunc(@c, 1); printa(@c); }' <<'EOF'
a 1
b 2

  b                                                                 2

        1
           value  ------------- Distribution ------------- count    $
               0 |                                         0        $
               5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $
           >= 10 |                                         0        $

        2
           value  ------------- Distribution ------------- count    $
               5 |                                         0        $
           >= 10 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        $

               -4
                7
EOF

# Each aggregating statement has entries of its own: 32 bytes here, two
# fit in 64, the updates of the other three are dropped and reported.
same "a full aggregation buffer drops, and says so" 0 \
	'^dtrace: 3 aggregation drops on CPU [0-9]+$' -- \
	"$DTRACE" -q -x aggsize=64 -n 'BEGIN { @[1] = count(); @[2] = count();
		@[3] = count(); @[1] = count(); @[4] = count(); exit(0); }' <<'EOF'

        1                1
        2                1
EOF

same "an aggregation bigger than aggsize is refused" 1 \
	'could not enable tracing: Enabling exceeds size of buffer' -- \
	"$DTRACE" -q -x aggsize=16 -n 'BEGIN { @ = count(); exit(0); }' </dev/null

# llquantize() with fewer steps than the factor, in the kernel's buckets:
# 10 30 50 70 90 in the second magnitude, the first 1 3 5 7 9.
same "llquantize() with fewer steps than the factor" 0 '' -- \
	"$DTRACE" -q -n 'BEGIN { @ = llquantize(4, 10, 0, 1, 5);
		@ = llquantize(35, 10, 0, 1, 5); @ = llquantize(99, 10, 0, 1, 5);
		@ = llquantize(150, 10, 0, 1, 5); exit(0); }' <<'EOF'


           value  ------------- Distribution ------------- count    $
               1 |                                         0        $
               3 |@@@@@@@@@@                               1        $
               5 |                                         0        $
               7 |                                         0        $
               9 |                                         0        $
              10 |                                         0        $
              30 |@@@@@@@@@@                               1        $
              50 |                                         0        $
              70 |                                         0        $
              90 |@@@@@@@@@@                               1        $
          >= 100 |@@@@@@@@@@                               1        $

EOF

[ $fails -eq 0 ]
