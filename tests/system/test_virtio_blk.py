# SPDX-License-Identifier: MIT
"""test_virtio_blk.py - virtio-blk end to end, Linux as the oracle.

The host writes known patterns into raw disk images (and MBR / GPT
partition tables into some), boots Linux and LevitateOS with the same QEMU
command and the same initramfs (/init = tests/blk/blktest.c, plus Linux's
virtio modules from the very .deb its kernel came from, which LevitateOS
ignores), and then:

  * both kernels must print the same check and value lines, none failing;
  * the images must afterwards hold exactly the original bytes plus what
    the guest wrote, at the places it wrote them (fsync before power-off).

Configurations (CONFIGS): virtio-blk-pci on q35 and pc (MSI-X; legacy
INTx with vectors=0; behind PCIe root ports), virtio-mmio versions 1 and 2 on
microvm and on virt (virtio-blk-device), virtio-blk-pci on virt's PCIe
host with MSI-X through the GICv2m or the GICv3 ITS, with INTx (GICv3
without ITS), and behind root ports.  Disks: a read-write one (vda), a
read-only one (-drive readonly=on, vdb), an MBR disk with a logical
partition (vdc) and a GPT disk (vdd), as the configuration's mode says
(tests/blk/blktest.c).  Read-write disks have discard=unmap: BLKDISCARD,
BLKZEROOUT and fallocate must zero their ranges in the image, and the
ranges of BLKDISCARD and fallocate PUNCH_HOLE must be holes in the image
file where they are with Linux (SEEK_DATA).  Two configurations offer four request queues (num-queues=4).
The vda checks also cover the block cache: writes read back before fsync,
O_DIRECT reads see cached writes and cached reads see O_DIRECT writes.

Linux answers a write to a read-only disk with EPERM (open O_RDWR
succeeds: block/fops.c blkdev_write_iter), and LevitateOS does the same.
"""
import os
import re
import shlex
import struct
import subprocess
import tempfile
import time
import zlib

import pytest

import qemu
from conftest import ARCHES

MIB = 1024 * 1024
TIMEOUT = float(os.environ.get('LEVITATE_BOOT_TIMEOUT', '120'))
MODULES = ['virtio_ring', 'virtio', 'virtio_pci_modern_dev', 'virtio_pci_legacy_dev',
           'virtio_pci', 'virtio_mmio', 'virtio_blk']

# ---- disk contents (twins of tests/blk/blktest.c) --------------------------

_TABLE = bytes((((i * 2654435761) >> 13) ^ (i >> 9)) & 0xff for i in range(65536))


def pattern(seed, size):
    """disk_pattern(seed, off) for off in [0, size): a 64 KiB table XORed
    with a byte that depends on the 64 KiB chunk and the seed."""
    out = bytearray()
    for chunk in range((size + 65535) // 65536):
        c = ((chunk * 0x3b) ^ (seed * 0x5b)) & 0xff
        out += _TABLE.translate(bytes(x ^ c for x in range(256)))
    return out[:size]


def write_pattern(i):
    return ((i * 7 + 0x3c) ^ 0xa5) & 0xff


def mbr_entry(ptype, start, count):
    return struct.pack('<B3sB3sII', 0, b'\0\0\0', ptype, b'\0\0\0', start, count)


def put_table(img, sector, entries):
    off = sector * 512
    table = b''.join(entries).ljust(64, b'\0')
    img[off + 446:off + 510] = table
    img[off + 510:off + 512] = b'\x55\xaa'


def mbr_disk():
    """8 MiB: vdc1 at 2048 (4096 sectors), extended vdc2 at 8192 (8192
    sectors) holding logical vdc5 at 8192 + 2048 (2048 sectors)."""
    img = pattern(3, 8 * MIB)
    put_table(img, 0, [mbr_entry(0x83, 2048, 4096), mbr_entry(0x05, 8192, 8192)])
    put_table(img, 8192, [mbr_entry(0x83, 2048, 2048)])
    return img


def gpt_disk():
    """4 MiB GPT (UEFI 2.9 §5.3): entries 1 (LBA 2048-4095) and 3 (LBA
    4096-6143); entry 2 empty.  Primary and backup headers and tables."""
    img = pattern(4, 4 * MIB)
    blocks = len(img) // 512
    linux_fs = bytes.fromhex('af3dc60f838472478e793d69d8477de4')  # 0FC63DAF-...
    entries = bytearray(128 * 128)
    for index, (first, last) in ((0, (2048, 4095)), (2, (4096, 6143))):
        unique = bytes([index + 1] * 16)
        name = ('part%d' % (index + 1)).encode('utf-16-le')
        entries[index * 128:(index + 1) * 128] = struct.pack(
            '<16s16sQQQ72s', linux_fs, unique, first, last, 0, name)
    entries_crc = zlib.crc32(entries)

    def header(my_lba, alt_lba, table_lba):
        h = struct.pack('<8sIIIIQQQQ16sQIII', b'EFI PART', 0x10000, 92, 0, 0,
                        my_lba, alt_lba, 34, blocks - 34, b'\x11' * 16,
                        table_lba, 128, 128, entries_crc)
        crc = zlib.crc32(h)
        return h[:16] + struct.pack('<I', crc) + h[20:]

    img[0:512] = bytes(512)
    put_table(img, 0, [mbr_entry(0xee, 1, blocks - 1)])
    img[512:1024] = header(1, blocks - 1, 2).ljust(512, b'\0')
    img[1024:1024 + len(entries)] = entries
    backup_table = blocks - 33
    img[backup_table * 512:backup_table * 512 + len(entries)] = entries
    img[(blocks - 1) * 512:blocks * 512] = header(blocks - 1, 1, backup_table).ljust(512, b'\0')
    return img


def wp(start, n):
    return bytes(write_pattern(i + start) for i in range(n))


# blktest's disk_cache and disk_discard on vda: through the cache, with
# O_DIRECT, and what BLKZEROOUT, BLKDISCARD and fallocate zeroed.
CACHE_WRITES = [(3 * MIB + 1000, wp(3, 5000)), (3 * MIB + 8192, wp(5, 4096)),
                (5 * MIB + 3584, wp(9, 512))]
ZEROED = [(5 * MIB + 4096, bytes(8704)), (6 * MIB, bytes(MIB)), (7 * MIB, bytes(65536)),
          (7 * MIB + 131072, bytes(4096))]
# BLKDISCARD's and fallocate PUNCH_HOLE's ranges: QEMU (discard=unmap)
# punches them out of the raw image.
HOLES = [(6 * MIB, 7 * MIB), (7 * MIB, 7 * MIB + 65536)]


# Each disk: image name, contents, read-only?, and the bytes the guest
# writes (offset, data) that the image must hold afterwards.
def disks_for(mode):
    size = 8 * MIB
    wbuf = bytes(write_pattern(i) for i in range(3000))
    vda = ('vda', pattern(1, size), False,
           [(MIB + 100, wbuf), (size - 10, wbuf[:10])] + CACHE_WRITES + ZEROED)
    if mode == 'basic':     # blktest's disk_idle_writeback
        vda[3].append((4 * MIB + 512, wp(11, 2000)))
    disks = [vda]
    if mode in ('two', 'full'):
        disks.append(('vdb', pattern(2, MIB), True, []))
    if mode == 'full':
        w5 = bytes(write_pattern(i + 7) for i in range(512))
        disks.append(('vdc', mbr_disk(), False, [((8192 + 2048) * 512 + 512, w5)]))
        disks.append(('vdd', gpt_disk(), False, []))
    return disks


# ---- configurations --------------------------------------------------------

def config(arch, machine, model, mode, devopts='', append='', root_ports=False, queues=1):
    return dict(arch=arch, machine=machine, model=model, mode=mode,
                devopts=devopts, append=append, root_ports=root_ports, queues=queues)


CONFIGS = {
    'q35-pci': config('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT], 'virtio-blk-pci', 'full'),
    # No MSI-X capability: the legacy interrupt line.
    'q35-pci-intx': config('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT], 'virtio-blk-pci',
                           'basic', devopts=',vectors=0'),
    # Linux's TSC calibration on microvm under TCG has no reference timer
    # to fall back on when the PIT loop is disturbed (it then hangs):
    # give it the frequency.  LevitateOS hands the word to init as
    # environment, which ignores it.
    'microvm-mmio': config('x86_64', ['-M', 'microvm,rtc=on'], 'virtio-blk-device', 'two',
                           append=' tsc_early_khz=2000000'),
    'microvm-mmio-modern': config('x86_64', ['-M', 'microvm,rtc=on', '-global',
                                             'virtio-mmio.force-legacy=false'],
                                  'virtio-blk-device', 'basic',
                                  append=' tsc_early_khz=2000000'),
    # virt plugs each -device virtio-*-device into the highest free
    # transport while both kernels probe the device tree lowest address
    # first: the last disk on the command line is vda (see command()).
    'virt-mmio': config('aarch64', ['-M', 'virt'], 'virtio-blk-device', 'two'),
    # SeaBIOS assigns the BARs (64-bit ones may go above 4 GiB).
    'pc-pci': config('x86_64', ['-M', 'pc'], 'virtio-blk-pci', 'two'),
    # PIIX INTx: the links SeaBIOS routed, from the Interrupt Line register.
    'pc-intx': config('x86_64', ['-M', 'pc'], 'virtio-blk-pci', 'two', devopts=',vectors=0'),
    # Each disk behind its own PCIe root port, as libvirt lays them out:
    # bus numbers and bridge windows to assign, interrupts through bridges.
    'q35-pcie-root-ports': config('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT],
                                  'virtio-blk-pci', 'two', root_ports=True),
    # virtio-mmio version 2 (QEMU's transports are version 1 by default).
    'virt-mmio-modern': config('aarch64', ['-M', 'virt', '-global',
                                           'virtio-mmio.force-legacy=false'],
                               'virtio-blk-device', 'basic'),
    # GICv2 (virt's default under TCG): MSI-X through the GICv2m frame.
    'virt-pci': config('aarch64', ['-M', 'virt'], 'virtio-blk-pci', 'full'),
    # GICv3: MSI-X through the ITS.
    'virt-gicv3-pci': config('aarch64', ['-M', 'virt,gic-version=3'], 'virtio-blk-pci',
                             'two'),
    # GICv3 without an ITS: legacy INTx through the interrupt-map.
    'virt-gicv3-intx': config('aarch64', ['-M', 'virt,gic-version=3,its=off'],
                              'virtio-blk-pci', 'basic'),
    # VIRTIO_BLK_F_MQ: four request queues (LevitateOS says so at boot).
    'q35-pci-mq': config('x86_64', ['-M', 'q35', '-bios', qemu.QBOOT], 'virtio-blk-pci',
                         'basic', devopts=',num-queues=4', queues=4),
    'virt-pci-mq': config('aarch64', ['-M', 'virt'], 'virtio-blk-pci', 'basic',
                          devopts=',num-queues=4', queues=4),
    # (QEMU wants MSI for root ports: these use the GICv2m.)
    'virt-pcie-root-ports': config('aarch64', ['-M', 'virt'], 'virtio-blk-pci', 'two',
                                   root_ports=True),
}


def config_ids():
    return [n for n, c in CONFIGS.items() if c['arch'] in ARCHES]


def modules_dir(arch):
    """Linux's virtio modules, unpacked once from the cached .deb."""
    linux = os.path.dirname(qemu.linux_kernel(arch))
    out = os.path.join(linux, 'virtio-modules')
    if all(os.path.exists(os.path.join(out, m + '.ko')) for m in MODULES):
        return out
    debs = [f for f in os.listdir(linux) if f.endswith('.deb')] if os.path.isdir(linux) else []
    if not debs:
        pytest.fail('no Linux .deb in %s (tools/fetch-linux %s)' % (linux, arch), pytrace=False)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['dpkg-deb', '-x', os.path.join(linux, debs[0]), tmp], check=True)
        os.makedirs(out, exist_ok=True)
        for root, _, names in os.walk(tmp):
            for n in names:
                if n.endswith('.ko') and n[:-3] in MODULES:
                    with open(os.path.join(root, n), 'rb') as f, \
                            open(os.path.join(out, n), 'wb') as g:
                        g.write(f.read())
    missing = [m for m in MODULES if not os.path.exists(os.path.join(out, m + '.ko'))]
    if missing:
        pytest.fail('modules missing from the Linux .deb: %s' % missing, pytrace=False)
    return out


def linux_module(arch, name):
    """<name>.ko from the Linux .deb, unpacked next to modules_dir's ones;
    returns that folder."""
    out = modules_dir(arch)
    ko = os.path.join(out, name + '.ko')
    if os.path.exists(ko):
        return out
    linux = os.path.dirname(qemu.linux_kernel(arch))
    deb = [f for f in os.listdir(linux) if f.endswith('.deb')][0]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run('dpkg-deb --fsys-tarfile %s | tar -x -C %s --wildcards %s'
                       % (shlex.quote(os.path.join(linux, deb)), shlex.quote(tmp),
                          shlex.quote('*/%s.ko' % name)), shell=True, check=True)
        found = [os.path.join(r, n) for r, _, ns in os.walk(tmp) for n in ns
                 if n == name + '.ko']
        if not found:
            pytest.fail('%s.ko not in the Linux .deb' % name, pytrace=False)
        with open(found[0], 'rb') as f, open(ko, 'wb') as g:
            g.write(f.read())
    return out


def busybox_with_modules(arch, name, init_text, module, modules, extra=()):
    """build/<arch>/tests/<name>/<name>.cpio: the BusyBox image with /init
    replaced by init_text, Linux's `modules` (module among them, unpacked
    from the .deb) in /lib/modules, and the extra spec lines."""
    base = os.path.join(qemu.ROOT, 'build', arch, 'initramfs.list')
    if not os.path.exists(base):
        pytest.fail('not built: ' + base, pytrace=False)
    mods = linux_module(arch, module)
    outdir = os.path.join(qemu.ROOT, 'build', arch, 'tests', name)
    os.makedirs(outdir, exist_ok=True)
    init = os.path.join(outdir, 'init')
    with open(init, 'w') as f:
        f.write(init_text)
    with open(base) as f:
        spec = [l for l in f.read().splitlines() if not l.startswith('slink /init ')]
    spec += ['file /init %s 0755' % init, 'dir /lib 0755', 'dir /lib/modules 0755']
    spec += ['file /lib/modules/%s.ko %s 0644' % (m, os.path.join(mods, m + '.ko'))
             for m in modules]
    spec += list(extra)
    out = os.path.join(outdir, name + '.cpio')
    subprocess.run(['/usr/bin/python3', os.path.join(qemu.ROOT, 'tools', 'mkcpio.py'),
                    '-o', out, '-'], input='\n'.join(spec).encode(), check=True,
                   cwd=qemu.ROOT)
    return out


def initramfs(arch, program='blktest'):
    """/init = program (tests/blk: blktest; blkbench for tools/bench.py),
    device nodes, Linux's modules."""
    init = os.path.join(qemu.ROOT, 'build', arch, 'tests', 'blk', program)
    if not os.path.exists(init):
        pytest.fail('not built: ' + init, pytrace=False)
    mods = modules_dir(arch)
    spec = ['dir /dev 0755', 'nod /dev/console 0600 c 5 1', 'nod /dev/null 0666 c 1 3',
            'file /init %s 0755' % init, 'dir /lib 0755', 'dir /lib/modules 0755']
    for d, disk in enumerate('abcd'):
        spec.append('nod /dev/vd%s 0660 b 254 %d' % (disk, 16 * d))
        for p in range(1, 8):
            spec.append('nod /dev/vd%s%d 0660 b 254 %d' % (disk, p, 16 * d + p))
    for m in MODULES:
        spec.append('file /lib/modules/%s.ko %s 0644' % (m, os.path.join(mods, m + '.ko')))
    out = os.path.join(qemu.ROOT, 'build', arch, 'tests', 'blk', program + '.cpio')
    subprocess.run(['/usr/bin/python3', os.path.join(qemu.ROOT, 'tools', 'mkcpio.py'),
                    '-o', out, '-'], input='\n'.join(spec).encode(), check=True)
    return out


def command(name, kernel, initrd, images):
    c = CONFIGS[name]
    arch = c['arch']
    cmd = ([qemu.MACHINE[arch][0]] + c['machine'] +
           ['-accel', 'tcg', '-m', '512M', '-smp', '1',
            '-cpu', 'max' if arch == 'x86_64' else 'cortex-a72',
            '-display', 'none', '-no-reboot', '-serial', 'stdio', '-monitor', 'none',
            '-kernel', kernel, '-initrd', initrd,
            '-append', 'console=%s panic=-1 blktest=%s%s' % (qemu.CONSOLE[arch], c['mode'],
                                                            c['append'])])
    order = list(enumerate(images))
    if c['machine'][1].startswith('virt') and c['model'].endswith('-device'):
        order.reverse()
    for i, (path, ro) in order:
        bus = ''
        if c['root_ports']:
            cmd += ['-device', 'pcie-root-port,id=rp%d,chassis=%d' % (i, i + 1)]
            bus = ',bus=rp%d' % i
        cmd += ['-drive', 'file=%s,if=none,format=raw,id=d%d%s' % (
                    path, i, ',readonly=on' if ro else ',discard=unmap'),
                '-device', '%s,drive=d%d%s%s' % (c['model'], i, c['devopts'], bus)]
    return cmd


class Run:
    pass


def start(config, which, workdir):
    arch = CONFIGS[config]['arch']
    r = Run()
    r.which = which
    r.disks = disks_for(CONFIGS[config]['mode'])
    images = []
    for name, data, ro, _ in r.disks:
        path = os.path.join(workdir, '%s-%s.img' % (which, name))
        with open(path, 'wb') as f:
            f.write(data)
        images.append((path, ro))
    r.images = images
    kernel = qemu.linux_kernel(arch) if which == 'linux' else qemu.levitate_kernel(arch)
    if not os.path.exists(kernel):
        pytest.fail('not built: ' + kernel, pytrace=False)
    r.cmd = command(config, kernel, initramfs(arch), images)
    r.log = os.path.join(workdir, '%s.log' % which)
    r.f = open(r.log, 'wb')
    r.t0 = time.monotonic()
    r.proc = subprocess.Popen(r.cmd, stdin=subprocess.DEVNULL, stdout=r.f,
                              stderr=subprocess.STDOUT)
    return r


def finish(r):
    try:
        r.rc = r.proc.wait(timeout=max(1.0, r.t0 + TIMEOUT - time.monotonic()))
    except subprocess.TimeoutExpired:
        r.proc.kill()
        r.rc = 'timeout'
        r.proc.wait()
    r.f.close()
    with open(r.log, 'rb') as f:
        r.text = f.read().decode('utf-8', 'replace').replace('\r', '')
    r.lines = [m.group(0) for m in
               re.finditer(r'^(?:ok - |FAIL - |value ).*$|^\d+ passed, \d+ failed$',
                           r.text, re.M)]
    return r


def describe(r):
    return '%s: QEMU %s\n$ %s\n--- console tail ---\n%s' % (
        r.which, r.rc, shlex.join(r.cmd), '\n'.join(r.text.split('\n')[-60:]))


def image_problems(r):
    """Differences between each image and what it must hold now."""
    problems = []
    for (name, data, ro, writes), (path, _) in zip(r.disks, r.images):
        want = bytearray(data)
        for off, buf in writes:
            want[off:off + len(buf)] = buf
        with open(path, 'rb') as f:
            got = f.read()
        if got != want:
            first = next(i for i in range(min(len(got), len(want))) if got[i] != want[i]) \
                if len(got) == len(want) else 'size %d' % len(got)
            problems.append('%s: image differs from what was written (first at %s)'
                            % (name, first))
    return problems


def has_hole(path, start, end):
    """Is [start, end) of the image file deallocated (SEEK_DATA skips it)?"""
    with open(path, 'rb') as f:
        try:
            return os.lseek(f.fileno(), start, os.SEEK_DATA) >= end
        except OSError:
            return True         # no data from start to the end of the file


@pytest.mark.parametrize('config', config_ids())
def test_virtio_blk(config, tmp_path):
    runs = [start(config, which, str(tmp_path)) for which in ('linux', 'levitate')]
    linux, lev = [finish(r) for r in runs]
    for r in (linux, lev):
        fails = [l for l in r.lines if l.startswith('FAIL')]
        assert r.rc == 0 and not fails and re.search(r'^\d+ passed, 0 failed$', r.text, re.M), \
            describe(r)
    assert lev.lines == linux.lines, 'LevitateOS and Linux differ\n--- linux ---\n%s\n' \
        '--- levitate ---\n%s\n%s' % ('\n'.join(linux.lines), '\n'.join(lev.lines), describe(lev))
    for r in (linux, lev):
        problems = image_problems(r)
        assert not problems, '%s: %s' % (r.which, '; '.join(problems))
    for hole in HOLES:
        holes = [has_hole(r.images[0][0], *hole) for r in (linux, lev)]
        assert holes[1] == holes[0], '%s: a hole in the image with Linux %s, ' \
            'with LevitateOS %s' % ((hole,) + tuple(holes))
    queues = CONFIGS[config]['queues']
    if queues > 1:
        assert '%d queues' % queues in lev.text, describe(lev)
