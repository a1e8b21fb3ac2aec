# SPDX-License-Identifier: MIT
"""console.py - drive a guest's serial console like a person: start QEMU
with the console on a pipe, wait for text (a regular expression), type
lines.  Everything the guest prints is also written to a log file.

    c = Console(cmd, log)
    c.expect(rb'# ', 30)          # -> re.Match, or raises ConsoleError
    c.send('uname -s\\n')
    c.wait_exit(15)               # -> QEMU's exit status, or raises
    c.close()                     # kills QEMU if it still runs

ConsoleError carries the tail of what the console printed.  No pexpect
here (it is not a Debian package on these machines); select() on the pipe.
"""
import os
import re
import select
import shlex
import subprocess
import time


class ConsoleError(AssertionError):
    pass


class Console:
    def __init__(self, cmd, log_path):
        self.cmd = cmd
        self.log_path = log_path
        self.transcript = b''       # everything printed so far
        self.pending = b''          # printed but not yet matched
        self.t0 = time.monotonic()
        self.log = open(log_path, 'wb')
        self.log.write(b'$ %s\n' % shlex.join(cmd).encode())
        self.log.flush()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.eof = False

    def elapsed(self):
        return time.monotonic() - self.t0

    def tail(self, n=3000):
        return self.transcript[-n:].decode('utf-8', 'replace').replace('\r', '')

    def fail(self, what):
        raise ConsoleError('%s after %.1f s\ncommand: %s\n--- console tail '
                           '(log: %s) ---\n%s' % (what, self.elapsed(),
                                                  shlex.join(self.cmd),
                                                  self.log_path, self.tail()))

    def _read(self, timeout):
        """Read what is there within timeout; False at end of output."""
        if self.eof:
            return False
        r, _, _ = select.select([self.proc.stdout], [], [], max(0.0, timeout))
        if not r:
            return True
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            self.eof = True
            return False
        self.transcript += data
        self.pending += data
        self.log.write(data)
        self.log.flush()
        return True

    def expect(self, pattern, timeout):
        """Wait until pattern (bytes regex) matches the unmatched output;
        consume up to the end of the match and return the match."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            m = rx.search(self.pending)
            if m:
                self.pending = self.pending[m.end():]
                return m
            left = end - time.monotonic()
            if left <= 0:
                self.fail('timed out waiting for %r' % pattern)
            if not self._read(left):
                self.fail('QEMU exited (status %s) while waiting for %r'
                          % (self.proc.wait(), pattern))

    def send(self, text):
        self.log.write(('\n[sent %r]\n' % text).encode())
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.fail('QEMU exited before %r could be typed' % text)

    def wait_exit(self, timeout):
        """Wait for QEMU to exit (draining the console); its status."""
        end = time.monotonic() + timeout
        while self._read(end - time.monotonic()):
            if time.monotonic() >= end:
                self.fail('QEMU still running %.0f s later' % timeout)
        try:
            return self.proc.wait(timeout=max(0.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.fail('QEMU still running %.0f s later' % timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self.log.close()
