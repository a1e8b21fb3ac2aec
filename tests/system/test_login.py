# SPDX-License-Identifier: MIT
"""test_login.py - BusyBox getty, login, su and passwd typed at like a person
(issue 4, "login/su/passwd full check"), on LevitateOS and on Linux with
the same image and QEMU command; LevitateOS's transcript must match Linux's.

The image (guest-images/rootfs) has root (password Root-Cellar17) and user
(uid 1000, Blue-Harbor42) in /etc/shadow as SHA-512 hashes, and /bin/busybox
is set-user-ID root.  One session per (arch, kernel), all at once:

  - the console's root shell runs `exec getty 115200 console`; getty asks
    for the login name and runs login, which asks for the password;
  - a wrong password: "Login incorrect" after login's 3 s delay;
  - the right one: the user's shell, prompt user@levitate:~$, with `id`,
    $HOME, $USER, $LOGNAME, $SHELL and the working directory of a login;
  - the console is the user's now (login's fchown and fchmod), `tty`
    names it;
  - su with root's password: `id -u` 0, root's groups and environment,
    exit, `id -u` 1000 again;
  - su with a wrong password: "su: incorrect password", status 1;
  - passwd: old, new, retype; /etc/passwd and /etc/shadow keep their
    owner and mode, no temporary file is left; then logout (init respawns the root shell),
    getty again, the old password refused and the new one let in.

su and passwd run by a user need set-user-ID exec (BusyBox says "must be
suid to work properly" without it); passwd locks /etc/shadow with fcntl
record locks.

Every step's output (what the console printed from the keys typed to the
match) is kept, normalized (no carriage returns, process ids, colours), and
compared with Linux's.  Transcripts: build/<arch>/login-<kernel>.log.
"""
import difflib
import os
import re
import threading
import time

import pytest

import qemu
from conftest import boots_at_once, kernel_path
from console import Console, ConsoleError
from test_busybox import PROMPT, initramfs

ROOT_PW = 'Root-Cellar17'
USER_PW = 'Blue-Harbor42'
NEW_PW = 'Gr33n-Kettle7'            # strong enough for passwd's weak check
USER_PROMPT = rb'user@levitate:~\$ '
SU_PROMPT = rb'root@levitate:/home/user# '
GETTY = 'exec getty 115200 console\n'
# What some steps must print, on every kernel (Linux's transcript is the
# reference for the rest).
MUST = {
    'wrong password': '\nLogin incorrect\n',
    'who am i': '\nuid=1000(user) gid=1000(user) groups=1000(user)\n'
                'HOME=/home/user USER=user LOGNAME=user SHELL=/bin/sh\n/home/user\n',
    'su id -u': '\n0\n',
    'su who': '\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\n'
              '/root user user /bin/sh\n/home/user\n',   # su to root keeps USER, LOGNAME
    'tty': '\n/dev/console\ncrw------- user user 5,1\n',
    'files': '\n/etc/passwd 644 root root\n/etc/shadow 600 root root\n',
    'id -u after su': '\n1000\n',
    'su wrong password': '\nsu: incorrect password\n',
    'su status': '\nstatus=1\n',
    'passwd retype': '\npasswd: password for user changed by user\n',
    'old password': '\nLogin incorrect\n',
    'id again': '\nuid=1000(user) gid=1000(user) groups=1000(user)\n',
}
BOOT = 60.0
STEP = 45.0
FAIL_DELAY = 2.5                    # login and su wait 3 s after a failure
SETTLE = 1.5                        # seconds before typing a password


def settle():
    """BusyBox prints a password prompt before it turns echo off
    (bb_ask_noecho); a person types after a moment, and so do we."""
    time.sleep(SETTLE)


def normalize(text):
    """Step output less what differs between runs, not between kernels:
    carriage returns, process ids, ls colours."""
    text = text.decode('utf-8', 'replace').replace('\r', '')
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
    text = re.sub(r'\[\d+\]:', '[PID]:', text)
    text = re.sub(r'pid \d+', 'pid N', text)
    return text


class Session:
    """One boot: type the scenario and keep each step's output."""

    def __init__(self, arch, kernel_name):
        self.arch = arch
        self.kernel_name = kernel_name
        self.steps = []             # (label, normalized output), in order
        self.error = None
        self.rc = None
        self.c = None
        self.thread = threading.Thread(target=self.run, daemon=True)

    def step(self, label, keys, pattern, timeout=STEP):
        """Type keys, wait for pattern; keep the output as label's."""
        start = len(self.c.transcript) - len(self.c.pending)
        self.c.send(keys)
        m = self.c.expect(pattern, timeout)
        end = len(self.c.transcript) - len(self.c.pending)
        self.steps.append((label, normalize(self.c.transcript[start:end])))
        return m

    def password(self, label, pw, pattern, timeout=STEP):
        settle()
        return self.step(label, pw + '\n', pattern, timeout)

    def refused(self, label, pw, pattern):
        """A wrong password: pattern comes, after the failure delay."""
        t0 = time.monotonic()
        self.password(label, pw, pattern)
        waited = time.monotonic() - t0 - SETTLE
        if waited < FAIL_DELAY:
            self.c.fail('%s: refused after %.1f s, not after the delay' % (label, waited))

    def su(self):
        self.step('su', 'su\n', rb'Password: ')
        self.password('su password', ROOT_PW, SU_PROMPT)
        self.step('su id -u', 'id -u\n', SU_PROMPT)
        self.step('su who', 'id; echo $HOME $USER $LOGNAME $SHELL; pwd\n', SU_PROMPT)
        self.step('su exit', 'exit\n', USER_PROMPT)
        self.step('id -u after su', 'id -u\n', USER_PROMPT)
        self.step('su again', 'su\n', rb'Password: ')
        self.refused('su wrong password', 'not-the-password', USER_PROMPT)
        self.step('su status', 'echo status=$?\n', USER_PROMPT)

    def passwd(self):
        self.step('passwd', 'passwd\n', rb'Old password: ')
        self.password('passwd old', USER_PW, rb'New password: ')
        self.password('passwd new', NEW_PW, rb'Retype password: ')
        self.password('passwd retype', NEW_PW, USER_PROMPT)

    def scenario(self):
        c = self.c
        c.expect(PROMPT, BOOT)
        self.step('getty', GETTY, rb'login: ')
        self.step('name', 'user\n', rb'Password: ')
        self.refused('wrong password', 'not-the-password', rb'login: ')
        self.step('name again', 'user\n', rb'Password: ')
        self.password('password', USER_PW, USER_PROMPT)
        self.step('who am i', 'id; echo HOME=$HOME USER=$USER LOGNAME=$LOGNAME '
                  'SHELL=$SHELL; pwd\n', USER_PROMPT)
        self.step('tty', 'tty; stat -c "%A %U %G %t,%T" $(tty)\n', USER_PROMPT)
        self.su()
        self.passwd()
        self.step('files', 'stat -c "%n %a %U %G" /etc/passwd /etc/shadow; ls -a /etc\n',
                  USER_PROMPT)
        self.step('logout', 'exit\n', PROMPT)
        self.step('getty again', GETTY, rb'login: ')
        self.step('name after logout', 'user\n', rb'Password: ')
        self.refused('old password', USER_PW, rb'login: ')
        self.step('name for the new password', 'user\n', rb'Password: ')
        self.password('new password', NEW_PW, USER_PROMPT)
        self.step('id again', 'id\n', USER_PROMPT)
        self.step('logout again', 'exit\n', PROMPT)
        c.send('poweroff\n')
        self.rc = c.wait_exit(STEP)

    def run(self):
        kernel = kernel_path(self.arch, self.kernel_name)
        for p in (kernel, initramfs(self.arch)):
            if not os.path.exists(p):
                self.error = 'not built: ' + p
                return
        cmd = qemu.batch_command(self.arch, kernel, initramfs(self.arch),
                                 qemu.cmdline(self.arch))
        log = os.path.join(qemu.ROOT, 'build', self.arch, 'login-%s.log' % self.kernel_name)
        self.c = Console(cmd, log)
        try:
            self.scenario()
        except ConsoleError as e:
            self.error = str(e)
        except Exception as e:      # noqa: BLE001 - reported by the test
            self.error = '%s: %s' % (type(e).__name__, e)
        finally:
            self.c.close()


def wanted(session):
    """(arch, kernel) pairs the selected test_login items need; LevitateOS
    needs Linux's transcript too."""
    pairs = []
    for item in session.items:
        if getattr(item, 'originalname', None) != 'test_login':
            continue
        arch, which = item.callspec.params['arch'], item.callspec.params['which']
        for pair in ((arch, 'linux'), (arch, which)):
            if pair not in pairs:
                pairs.append(pair)
    return pairs


@pytest.fixture(scope='module')
def sessions(request):
    """All the module's boots at once; sessions(arch, kernel) waits for one."""
    return boots_at_once(wanted(request.session), Session)


def differences(linux, ours):
    """A unified diff of the two sessions' steps, '' when they match."""
    def lines(s):
        out = []
        for label, text in s.steps:
            out += ['## %s\n' % label] + text.splitlines(True)
        return out
    return ''.join(difflib.unified_diff(lines(linux), lines(ours), 'linux',
                                        ours.kernel_name))


@pytest.mark.parametrize('which', ['linux', 'levitate'])
def test_login(sessions, arch, which):
    s = sessions(arch, which)
    if s.error:
        pytest.fail('%s on %s: %s' % (which, arch, s.error), pytrace=False)
    assert s.rc == 0, 'QEMU exited with %s after poweroff' % s.rc
    steps = dict(s.steps)
    for label, want in MUST.items():
        assert want in steps.get(label, ''), '%s: %r, not %r' % (label, steps.get(label), want)
    if which == 'linux':
        return
    linux = sessions(arch, 'linux')
    if linux.error:
        pytest.fail('no Linux transcript to compare with: ' + linux.error, pytrace=False)
    diff = differences(linux, s)
    assert not diff, 'LevitateOS printed what Linux did not:\n' + diff
