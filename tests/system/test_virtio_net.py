# SPDX-License-Identifier: MIT
"""test_virtio_net.py - virtio-net end to end, Linux as the oracle.

Both kernels boot the BusyBox image with /init a script that loads Linux's
virtio and virtio_net modules from the .deb its kernel came from (insmod
fails quietly on LevitateOS, whose drivers are built in), mounts sysfs and
prints what a program sees of each interface: /sys/class/net/ethN/address,
mtu, ifindex, type, addr_len.  QEMU user networking (slirp) is the other
end.  The transcripts must be the same on both kernels.

Then, on one-interface configurations, the network itself: the guest
configures eth0 (10.0.2.15/24, default route through 10.0.2.2, slirp's
address for the host), fetches a file with wget from an HTTP server on
the host's 127.0.0.1 and prints its md5sum, and accepts one TCP
connection with `nc -l` that QEMU forwards from a host port (hostfwd):
the host sends a line and receives the guest's /bin/busybox, whose
md5sum must be what the guest says.  The ports reach /init as
environment (vnet_http=, vnet_inet= on the kernel command line; both
kernels hand unknown words to init that way).  Last, the host takes the
link down and up again (QEMU's set_link, VIRTIO_NET_F_STATUS): operstate
and carrier must follow.

test_virtio_net_dhcp: the programs on packet sockets (AF_PACKET, packet(7))
on one interface per arch.  udhcpc gets its lease from slirp's DHCP server
(10.0.2.15, router 10.0.2.2, DNS 10.0.2.3) and its script
(/usr/share/udhcpc/default.script) configures eth0, the default route and
/etc/resolv.conf; wget works over the lease, arping gets slirp's reply, and
arp -n lists the router (/proc/net/arp).

Configurations: virtio-net-pci on q35 (one interface, with MSI-X or
INTx; two, the second with host_mtu=4000 so VIRTIO_NET_F_MTU is offered),
virtio-mmio legacy and version 2 on microvm, legacy without ANY_LAYOUT
(the header in its own descriptor), virtio-net-device on virt (legacy,
version 2, and two legacy ones: virt plugs each into the highest free
transport, so the last on the command line is eth0 on both kernels) and
virtio-net-pci on virt.
"""
import hashlib
import http.server
import os
import socket
import subprocess
import threading
import time

import pytest

import qemu
from conftest import ARCHES
from test_virtio_blk import busybox_with_modules, linux_module

MODULES = ['virtio_ring', 'virtio', 'virtio_mmio', 'virtio_pci_modern_dev',
           'virtio_pci_legacy_dev', 'virtio_pci', 'failover', 'net_failover',
           'virtio_net']
TIMEOUT = float(os.environ.get('LEVITATE_BOOT_TIMEOUT', '120'))
GUEST_PORT = 5555
MAC = '52:54:00:12:34:%02x'
FILE = bytes((i * 131 + (i >> 8) * 7) & 0xff for i in range(256 * 1024))

# Both /init scripts start so: Linux's modules, sysfs and proc.
PROLOGUE = """#!/bin/sh
for m in %s; do
	insmod /lib/modules/$m.ko 2>/dev/null
done
mount -t sysfs sysfs /sys
mount -t proc proc /proc
""" % ' '.join(MODULES)
INIT = PROLOGUE + """echo "== sysfs"
for d in /sys/class/net/eth*; do
	echo "${d##*/} $(cat $d/address) mtu $(cat $d/mtu) ifindex $(cat $d/ifindex)" \\
	     "type $(cat $d/type) addr_len $(cat $d/addr_len)"
done
# operstate, once it is $1 (Linux updates it from deferred work), and carrier
state() {
	n=0
	while [ -n "$1" ] && [ "$(cat /sys/class/net/eth0/operstate)" != "$1" ] &&
	      [ $n -lt 20 ]; do
		sleep 1
		n=$((n + 1))
	done
	echo "operstate $(cat /sys/class/net/eth0/operstate)" \\
	     "carrier $(cat /sys/class/net/eth0/carrier)"
}
if [ "$vnet_inet" = 1 ]; then
	echo "== inet"
	ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && echo "ifconfig ok"
	route add default gw 10.0.2.2 && echo "route ok"
	wget -q -O - http://10.0.2.2:$vnet_http/file | md5sum
	s=/sys/class/net/eth0/statistics
	[ "$(cat $s/rx_packets)" -gt 100 ] && echo "rx counted"
	[ "$(cat $s/tx_packets)" -gt 10 ] && echo "tx counted"
	echo "upload $(wc -c </bin/busybox) $(md5sum </bin/busybox)"
	nc -l -p %d </bin/busybox >/tmp/got &
	sleep 1
	echo "== listening"
	wait
	cat /tmp/got
	# (Linux sets operstate from deferred work, up to a second after ifconfig.)
	state
	echo "flags $(cat /sys/class/net/eth0/flags)"
	ifconfig eth0 | grep -E "HWaddr|inet addr|MTU" | sed 's/^ *//; s/ *$//'
	# The same through rtnetlink (BusyBox ip).  What depends on timing is
	# cut: whether duplicate address detection is still on (tentative),
	# a neighbour's counters and state (REACHABLE, STALE ...).
	echo "== ip"
	ip link show eth0
	ip -4 addr show dev eth0
	ip -6 addr show dev eth0 | grep -A1 'scope link' | sed 's/ tentative//'
	ip route
	ip -4 neigh | sed 's/\\( lladdr [0-9a-f:]*\\).*/\\1/'
	echo "== ip end"
	# The host takes the link down, then up (VIRTIO_NET_F_STATUS).
	echo "== link"
	state down
	echo "== link back"
	state up
fi
echo "== end"
poweroff -f
""" % GUEST_PORT

DHCP_INIT = PROLOGUE + """echo "== dhcp"
udhcpc -i eth0 -n -q >/tmp/udhcpc 2>&1
echo "udhcpc $?"
grep -o "lease of [0-9.]* obtained from [0-9.]*" /tmp/udhcpc
ifconfig eth0 | grep "inet addr" | sed 's/^ *//; s/ *$//'
route -n | sed 's/ *$//'
cat /etc/resolv.conf
wget -q -O - http://10.0.2.2:$vnet_http/file | md5sum
arping -c 1 -I eth0 10.0.2.2 >/tmp/arping 2>&1
echo "arping $?"
sed 's/ [0-9.]*ms$/ Nms/' /tmp/arping
arp -n | grep "(10.0.2.2)"
grep -c "^10.0.2.2 .* eth0$" /proc/net/arp
echo "== end"
poweroff -f
"""
DHCP_CONFIGS = ['q35-pci', 'virt-pci']

QBOOT = ['-bios', qemu.QBOOT]
MICROVM = ['-M', 'microvm,rtc=on']


def config(arch, machine, model, nics=1, devopts=(), append=''):
    """nics interfaces of model; devopts[i]: more properties for the i-th."""
    return dict(arch=arch, machine=machine, model=model, nics=nics,
                devopts=list(devopts) + [''] * (nics - len(devopts)), append=append)


# Linux's TSC calibration on microvm under TCG needs the frequency
# (test_virtio_blk.py says why).
MICROVM_APPEND = ' tsc_early_khz=2000000'
CONFIGS = {
    'q35-pci': config('x86_64', ['-M', 'q35'] + QBOOT, 'virtio-net-pci'),
    'q35-pci-two': config('x86_64', ['-M', 'q35'] + QBOOT, 'virtio-net-pci', nics=2,
                          devopts=['', ',host_mtu=4000']),
    # No MSI-X: queues and configuration changes share the INTx line.
    'q35-pci-intx': config('x86_64', ['-M', 'q35'] + QBOOT, 'virtio-net-pci',
                           devopts=[',vectors=0']),
    'microvm-mmio': config('x86_64', MICROVM, 'virtio-net-device', append=MICROVM_APPEND),
    'microvm-mmio-modern': config('x86_64', MICROVM + ['-global',
                                                       'virtio-mmio.force-legacy=false'],
                                  'virtio-net-device', append=MICROVM_APPEND),
    'microvm-mmio-split': config('x86_64', MICROVM, 'virtio-net-device',
                                 devopts=[',any_layout=off'], append=MICROVM_APPEND),
    'virt-mmio': config('aarch64', ['-M', 'virt'], 'virtio-net-device'),
    'virt-mmio-two': config('aarch64', ['-M', 'virt'], 'virtio-net-device', nics=2),
    'virt-pci': config('aarch64', ['-M', 'virt'], 'virtio-net-pci'),
    'virt-mmio-modern': config('aarch64', ['-M', 'virt', '-global',
                                           'virtio-mmio.force-legacy=false'],
                               'virtio-net-device'),
}


def config_ids():
    return [n for n, c in CONFIGS.items() if c['arch'] in ARCHES]


def initramfs(arch, name='vnet', init=INIT):
    for m in ('failover', 'net_failover'):
        linux_module(arch, m)
    return busybox_with_modules(arch, name, init, 'virtio_net', MODULES)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class FileHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != '/file':
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header('Content-Length', str(len(FILE)))
        self.end_headers()
        self.wfile.write(FILE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope='module')
def http_port():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), FileHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def command(name, kernel, initrd, http, fwd, monitor):
    c = CONFIGS[name]
    arch = c['arch']
    inet = 1 if c['nics'] == 1 else 0
    cmd = ([qemu.MACHINE[arch][0]] + c['machine'] +
           ['-accel', 'tcg', '-m', '512M', '-smp', '1',
            '-cpu', 'max' if arch == 'x86_64' else 'cortex-a72',
            '-display', 'none', '-no-reboot', '-serial', 'stdio',
            '-monitor', 'unix:%s,server=on,wait=off' % monitor,
            '-kernel', kernel, '-initrd', initrd,
            '-append', 'console=%s panic=-1 quiet vnet_http=%d vnet_inet=%d%s' % (
                qemu.CONSOLE[arch], http, inet, c['append'])])
    for i in range(c['nics']):
        opts = ',hostfwd=tcp:127.0.0.1:%d-:%d' % (fwd, GUEST_PORT) if i == 0 else ''
        cmd += ['-netdev', 'user,id=n%d%s' % (i, opts),
                '-device', '%s,netdev=n%d,mac=%s%s' % (c['model'], i, MAC % (0x56 + i),
                                                      c['devopts'][i])]
    return cmd


class Console:
    """The guest's console, read by a thread so the test can wait for a line."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = b''
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for chunk in iter(lambda: self.proc.stdout.read1(4096), b''):
            with self.lock:
                self.out += chunk

    def text(self):
        with self.lock:
            return self.out.decode(errors='replace').replace('\r', '')

    def wait_for(self, what, deadline):
        while time.time() < deadline and self.proc.poll() is None:
            if what in self.text():
                return True
            time.sleep(0.1)
        return what in self.text()

    def finish(self, deadline):
        try:
            self.proc.wait(timeout=max(1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(5)


def talk(port, size):
    """Connect to the guest through hostfwd, send a line, read size bytes
    (the guest's /bin/busybox); their md5sum as md5sum prints it."""
    got = b''
    with socket.create_connection(('127.0.0.1', port), timeout=30) as s:
        s.sendall(b'hello from the host\n')
        try:
            while len(got) < size:
                data = s.recv(65536)
                if not data:
                    break
                got += data
        except socket.timeout:
            pass
    return '%s  -' % hashlib.md5(got).hexdigest()


def upload_size(text):
    for line in text.splitlines():
        if line.startswith('upload '):
            return int(line.split()[1])
    return 0


def monitor_command(path, line):
    """One HMP command through QEMU's monitor socket."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(line.encode() + b'\n')
        time.sleep(0.5)     # let QEMU act before the socket goes


def run(name, kernel, http, tmp_path):
    arch = CONFIGS[name]['arch']
    fwd = free_port()
    monitor = str(tmp_path / ('monitor-%s.sock' % os.path.basename(kernel)))
    con = Console(command(name, kernel, initramfs(arch), http, fwd, monitor))
    deadline = time.time() + TIMEOUT
    host_got = None
    if con.wait_for('== listening', deadline) and 'ifconfig ok' in con.text():
        host_got = talk(fwd, upload_size(con.text()))
    if con.wait_for('== link\n', deadline):
        monitor_command(monitor, 'set_link n0 off')
        if con.wait_for('== link back', deadline):
            monitor_command(monitor, 'set_link n0 on')
    con.wait_for('== end', deadline)
    con.finish(deadline)
    text = con.text()
    if '== sysfs' not in text or '== end' not in text:
        pytest.fail('%s: no transcript\n%s' % (kernel, text[-3000:]), pytrace=False)
    lines = text[text.index('== sysfs'):text.index('== end')].strip().splitlines()
    return lines, host_got, text


def sections(lines):
    """(the sysfs part, the inet part) of a transcript."""
    if '== inet' not in lines:
        return lines, []
    i = lines.index('== inet')
    return lines[:i], lines[i:]


def ip_section(lines):
    """(what `ip` printed, the other lines) of the inet part."""
    if '== ip' not in lines or '== ip end' not in lines:
        return [], lines
    i, j = lines.index('== ip'), lines.index('== ip end')
    return lines[i + 1:j], lines[:i] + lines[j + 1:]


@pytest.mark.parametrize('name', config_ids())
def test_virtio_net(name, http_port, tmp_path):
    c = CONFIGS[name]
    linux, linux_got, linux_log = run(name, qemu.linux_kernel(c['arch']), http_port,
                                      tmp_path)
    lev, lev_got, lev_log = run(name, qemu.levitate_kernel(c['arch']), http_port, tmp_path)
    linux_sys, linux_inet = sections(linux)
    lev_sys, lev_inet = sections(lev)
    linux_ip, linux_inet = ip_section(linux_inet)
    lev_ip, lev_inet = ip_section(lev_inet)

    # What Linux shows: the interfaces with the MACs given, in order.
    macs = sorted(MAC % (0x56 + i) for i in range(c['nics']))
    assert sorted(l.split()[1] for l in linux_sys[1:]) == macs, linux_log[-3000:]
    assert [l.split()[0] for l in linux_sys[1:]] == ['eth%d' % i for i in range(c['nics'])]
    assert lev_sys == linux_sys, 'LevitateOS %s\nLinux %s\n%s' % (lev_sys, linux_sys,
                                                                 lev_log[-3000:])
    if c['nics'] != 1:
        return
    md5 = hashlib.md5(FILE).hexdigest()
    upload = [l for l in linux_inet if l.startswith('upload ')][:1]
    upload = upload[0] if upload else 'upload?'
    assert linux_inet == ['== inet', 'ifconfig ok', 'route ok', md5 + '  -',
                          'rx counted', 'tx counted', upload, '== listening',
                          'hello from the host',
                          'operstate up carrier 1', 'flags 0x1003',
                          'eth0      Link encap:Ethernet  HWaddr 52:54:00:12:34:56',
                          'inet addr:10.0.2.15  Bcast:10.0.2.255  Mask:255.255.255.0',
                          'UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1', '== link',
                          'operstate down carrier 0', '== link back',
                          'operstate up carrier 1'], linux_log[-3000:]
    assert linux_got == upload.split(None, 2)[2], (linux_got, upload)
    assert lev_inet == linux_inet, 'LevitateOS %s\nLinux %s\n%s' % (lev_inet, linux_inet,
                                                                   lev_log[-3000:])
    assert lev_got == linux_got, lev_got
    assert '    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0' in linux_ip, linux_ip
    assert lev_ip == linux_ip, 'LevitateOS %s\nLinux %s' % (lev_ip, linux_ip)


def run_dhcp(name, kernel, http, tmp_path):
    c = CONFIGS[name]
    arch = c['arch']
    cmd = command(name, kernel, initramfs(arch, 'vnetdhcp', DHCP_INIT), http, free_port(),
                  str(tmp_path / ('monitor-%s.sock' % os.path.basename(kernel))))
    con = Console(cmd)
    deadline = time.time() + TIMEOUT
    con.wait_for('== end', deadline)
    con.finish(deadline)
    text = con.text()
    if '== dhcp' not in text or '== end' not in text:
        pytest.fail('%s: no transcript\n%s' % (kernel, text[-3000:]), pytrace=False)
    return text[text.index('== dhcp'):text.index('== end')].strip().splitlines(), text


@pytest.mark.parametrize('name', [n for n in DHCP_CONFIGS if CONFIGS[n]['arch'] in ARCHES])
def test_virtio_net_dhcp(name, http_port, tmp_path):
    arch = CONFIGS[name]['arch']
    linux, linux_log = run_dhcp(name, qemu.linux_kernel(arch), http_port, tmp_path)
    lev, lev_log = run_dhcp(name, qemu.levitate_kernel(arch), http_port, tmp_path)
    md5 = hashlib.md5(FILE).hexdigest()
    # What Linux shows: the lease, eth0 and its routes set by the script,
    # the name server, a working wget, slirp's ARP reply and its entry.
    assert linux[:3] == ['== dhcp', 'udhcpc 0',
                         'lease of 10.0.2.15 obtained from 10.0.2.2'], linux_log[-3000:]
    assert 'inet addr:10.0.2.15  Bcast:10.0.2.255  Mask:255.255.255.0' in linux
    assert '0.0.0.0         10.0.2.2        0.0.0.0         UG    0      0        0 eth0' \
        in linux, linux_log[-3000:]
    assert 'nameserver 10.0.2.3' in linux
    assert md5 + '  -' in linux
    assert 'arping 0' in linux, linux_log[-3000:]
    assert 'Unicast reply from 10.0.2.2 [52:55:0a:00:02:02] Nms' in linux
    assert linux[-2].startswith('? (10.0.2.2) at 52:55:0a:00:02:02 [ether]')
    assert linux[-1] == '1'
    assert lev == linux, 'LevitateOS %s\nLinux %s\n%s' % (lev, linux, lev_log[-3000:])
