# SPDX-License-Identifier: GPL-2.0-only
#
# printf() conversions with long flag/width/precision specifications, and
# %a of a kernel address.  Sourced by run-tests.sh.

run printf.long-spec -q -n 'BEGIN { printf("[%-10.3d][%+08.3d][%-12.5s][%#-10.4x]\n",
	5, 7, "abcdefgh", 255); exit(0); }' <<'EOF'
[005       ][    +007][abcde       ][0x00ff    ]

EOF

# An address below every kernel symbol prints as a number.
run printf.a-nosym -q -n 'BEGIN { printf("[%a] [%A]\n", 16, 16); exit(0); }' <<'EOF'
[0x10] [0x10]

EOF
