#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""mkcpio.py - write an uncompressed newc ("070701") cpio archive from a spec.

Needs no root: device nodes, owners and modes come from the spec, not from
the host file system.  The spec uses Linux's usr/gen_init_cpio format (uid and
gid are optional and default to 0):

    # comment
    dir   <name> <mode> [uid gid]
    file  <name> <host path> <mode> [uid gid]
    slink <name> <target> <mode> [uid gid]
    nod   <name> <mode> [uid gid] <c|b> <major> <minor>
    tree  <name> <host dir>          (extra: copy a host tree; files keep only
                                      their executable bit: 0755 or 0644,
                                      directories 0755, symlinks as links)

Names may start with '/'; they are stored without it.  Parent directories
that the spec does not name are added (0755) before their first child, since
Linux's initramfs unpacker does not create them.  All mtimes are 0, so the
archive is reproducible.  The archive ends with the TRAILER!!! entry.

Usage: mkcpio.py -o OUT SPEC   (SPEC "-" reads standard input)
"""
import argparse
import os
import stat
import sys

S_TYPES = {'dir': stat.S_IFDIR, 'file': stat.S_IFREG, 'slink': stat.S_IFLNK}


class Entry:
    def __init__(self, name, mode, data=b'', uid=0, gid=0, rdev=(0, 0)):
        self.name = name.strip('/') or '.'
        self.mode = mode
        self.data = data
        self.uid = uid
        self.gid = gid
        self.rdev = rdev


def _int(s, base=10):
    return int(s, base)


def parse_spec(text, base='.'):
    """Turn spec text into a list of Entry, in archive order."""
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        words = line.split('#', 1)[0].split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        try:
            entries.extend(_parse_line(kind, args, base))
        except (ValueError, IndexError, OSError) as e:
            raise SystemExit('mkcpio: spec line %d: %s: %s' % (lineno, line.strip(), e))
    return entries


def _ids(rest):
    return (_int(rest[0]), _int(rest[1])) if len(rest) >= 2 else (0, 0)


def _parse_line(kind, a, base):
    if kind == 'dir':
        uid, gid = _ids(a[2:])
        return [Entry(a[0], stat.S_IFDIR | _int(a[1], 8), uid=uid, gid=gid)]
    if kind == 'file':
        with open(os.path.join(base, a[1]), 'rb') as f:
            data = f.read()
        uid, gid = _ids(a[3:])
        return [Entry(a[0], stat.S_IFREG | _int(a[2], 8), data, uid, gid)]
    if kind == 'slink':
        uid, gid = _ids(a[3:])
        return [Entry(a[0], stat.S_IFLNK | _int(a[2], 8), a[1].encode(), uid, gid)]
    if kind == 'nod':
        mode = _int(a[1], 8)
        rest = a[2:]
        uid, gid = (0, 0)
        if len(rest) == 5:
            uid, gid, rest = _int(rest[0]), _int(rest[1]), rest[2:]
        if rest[0] not in ('c', 'b') or len(rest) != 3:
            raise ValueError('want: nod NAME MODE [UID GID] c|b MAJOR MINOR')
        typ = stat.S_IFCHR if rest[0] == 'c' else stat.S_IFBLK
        return [Entry(a[0], typ | mode, uid=uid, gid=gid,
                      rdev=(_int(rest[1]), _int(rest[2])))]
    if kind == 'tree':
        return tree_entries(a[0], os.path.join(base, a[1]))
    raise ValueError('unknown entry type %r' % kind)


def tree_entries(name, host_dir):
    """Entries for everything under host_dir, placed at name, sorted."""
    out = []
    for root, dirs, files in os.walk(host_dir):
        dirs.sort()
        rel = os.path.relpath(root, host_dir)
        at = name if rel == '.' else os.path.join(name, rel)
        out.append(Entry(at, stat.S_IFDIR | 0o755))
        for d in list(dirs):
            p = os.path.join(root, d)
            if os.path.islink(p):   # os.walk does not descend into links
                out.append(Entry(os.path.join(at, d), stat.S_IFLNK | 0o777,
                                 os.readlink(p).encode()))
                dirs.remove(d)
        for f in sorted(files):
            p = os.path.join(root, f)
            if os.path.islink(p):
                out.append(Entry(os.path.join(at, f), stat.S_IFLNK | 0o777,
                                 os.readlink(p).encode()))
                continue
            st = os.stat(p)
            if not stat.S_ISREG(st.st_mode):
                raise ValueError('%s: not a regular file' % p)
            mode = 0o755 if st.st_mode & 0o100 else 0o644
            with open(p, 'rb') as fh:
                out.append(Entry(os.path.join(at, f), stat.S_IFREG | mode, fh.read()))
    return out


def add_parents(entries):
    """Insert a 0755 directory before the first child of any unnamed parent."""
    seen = set()
    out = []
    for e in entries:
        parts = e.name.split('/')[:-1]
        for i in range(1, len(parts) + 1):
            d = '/'.join(parts[:i])
            if d not in seen:
                seen.add(d)
                out.append(Entry(d, stat.S_IFDIR | 0o755))
        if stat.S_ISDIR(e.mode) and e.name in seen:
            # Named after an implicit parent was made: update its mode.
            for o in out:
                if o.name == e.name:
                    o.mode, o.uid, o.gid = e.mode, e.uid, e.gid
            continue
        seen.add(e.name)
        out.append(e)
    return out


def _pad4(n):
    return (4 - n % 4) % 4


def _header(ino, e, name, size, nlink):
    fields = (ino, e.mode, e.uid, e.gid, nlink, 0, size, 0, 0,
              e.rdev[0], e.rdev[1], len(name) + 1, 0)
    return b'070701' + b''.join(b'%08X' % f for f in fields)


def write_entry(out, ino, e, nlink):
    name = e.name.encode()
    hdr = _header(ino, e, name, len(e.data), nlink) + name + b'\0'
    out.write(hdr + b'\0' * _pad4(len(hdr)))
    out.write(e.data + b'\0' * _pad4(len(e.data)))


def write_cpio(entries, out):
    """Write entries (parents added) and the trailer to binary file out."""
    ino = 1
    for e in add_parents(entries):
        write_entry(out, ino, e, 2 if stat.S_ISDIR(e.mode) else 1)
        ino += 1
    write_entry(out, 0, Entry('TRAILER!!!', 0), 1)
    pos = out.tell()
    out.write(b'\0' * _pad4(pos))   # whole archive a multiple of 4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output', required=True)
    ap.add_argument('-C', '--base', default='.',
                    help='host paths in the spec are relative to this')
    ap.add_argument('spec')
    args = ap.parse_args()
    text = sys.stdin.read() if args.spec == '-' else open(args.spec).read()
    entries = parse_spec(text, args.base)
    tmp = args.output + '.tmp'
    with open(tmp, 'wb') as out:
        write_cpio(entries, out)
    os.replace(tmp, args.output)


if __name__ == '__main__':
    main()
