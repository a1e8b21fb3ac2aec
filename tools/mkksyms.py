#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Read `nm -n` output of the first kernel link; write an assembly file with a
# sorted table of text symbols for backtraces: {u64 addr; u32 name_off; u32 pad}
# entries terminated by addr 0, then the names.
import sys

syms = []
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 3 or parts[1] not in 'tTwW':
        continue
    syms.append((int(parts[0], 16), parts[2]))
syms.sort()
print('.section .ksyms,"a"')
print('.globl ksyms_start')
print('.balign 8')
print('ksyms_start:')
off = 0
for addr, name in syms:
    print('.quad 0x%x\n.long %d\n.long 0' % (addr, off))
    off += len(name) + 1
print('.quad 0\n.long 0\n.long 0')
print('ksyms_names:')
for _, name in syms:
    print('.asciz "%s"' % name)
