#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# bench/insns.py SYSTEM.MAP N PREFIX NAME...: what a probe adds to a call,
# in guest instructions, from the snapshots bench/tbprof.c took of one
# boot: PREFIX.1 and PREFIX.2 bracket N calls of the first NAME (the
# untraced call), PREFIX.3 and PREFIX.4 the second, and so on.
#
# A block's executions per call are the difference of its counts between
# the two snapshots of a loop, over N: nothing of the boot is in it, and
# of the rest of the system only what ran during the loop (timer ticks,
# a few instructions per call).
import bisect
import collections
import sys


def symbols(path):
    syms = []
    with open(path) as f:
        for line in f:
            a, t, name = line.split()[:3]
            if t in 'tTwW':
                syms.append((int(a, 16), name))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def load(path):
    tbs = {}
    with open(path) as f:
        for line in f:
            if line.startswith('# translated '):
                tbs['translated'] = int(line.split()[2])
                continue
            pc, n, e = line.split()
            tbs[(int(pc, 16), int(n))] = int(e)
    return tbs


def main():
    addrs, names = symbols(sys.argv[1])
    n = int(sys.argv[2])
    prefix = sys.argv[3]
    runs = sys.argv[4:]

    def func(pc):
        if pc < 0xffff800000000000:
            return '(user)'
        i = bisect.bisect_right(addrs, pc) - 1
        return names[i] if i >= 0 else '?'

    total, byfn, trans = {}, {}, {}
    for i, name in enumerate(runs):
        a = load('%s.%d' % (prefix, 2 * i + 1))
        b = load('%s.%d' % (prefix, 2 * i + 2))
        trans[name] = b.pop('translated') - a.pop('translated')
        fn = collections.Counter()
        for k, e in b.items():
            d = (e - a.get(k, 0)) * k[1] / n
            if d:
                fn[func(k[0])] += d
        total[name], byfn[name] = sum(fn.values()), fn

    base, others = runs[0], runs[1:]
    print('insns: guest instructions per call, over %d calls' % n)
    print('  %-44s %8.0f   (%d blocks translated in the loop)' %
          (base, total[base], trans[base]))
    for name in others:
        print('  %-44s %+8.0f   (%d blocks translated in the loop)' %
              (name, total[name] - total[base], trans[name]))
    if len(others) == 2 and total[others[1]] > total[base]:
        print('  ratio of the added instructions: %.2f' %
              ((total[others[0]] - total[base]) /
               (total[others[1]] - total[base])))
    added = {}
    for name in others:
        d = collections.Counter(byfn[name])
        d.subtract(byfn[base])
        added[name] = d
    keys = set()
    for d in added.values():
        keys |= {k for k, v in d.items() if abs(v) >= 0.5}
    keys = sorted(keys, key=lambda k: -max(abs(added[m][k]) for m in others))
    print('  added, by function (the largest 30):')
    print('    %s  function' % '  '.join('%8.8s' % m.split()[0]
                                          for m in others))
    for k in keys[:30]:
        print('    %s  %s' % ('  '.join('%8.1f' % added[m][k]
                                        for m in others), k))
    for name in others:
        own = sum(v for k, v in added[name].items()
                  if k.startswith(('dtrace_', '__dtrace_')))
        if own:
            print('  %s: in DTrace\'s own functions: %.0f' %
                  (name.split()[0], own))


main()
