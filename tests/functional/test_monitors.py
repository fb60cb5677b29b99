"""Monitors on every kind of character device QEMU users give them."""

import json
import os
import socket
import time
import unittest

from qemu_vm import VM, TestCase


def free_tcp_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def connect_tcp(port, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(('127.0.0.1', port), timeout=10)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def read_line(sock):
    data = b''
    while not data.endswith(b'\n'):
        chunk = sock.recv(1)
        if not chunk:
            raise EOFError(data)
        data += chunk
    return json.loads(data)


def read_until(sock, marker, timeout=10):
    sock.settimeout(timeout)
    data = b''
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError(data)
        data += chunk
    return data.decode(errors='replace')


class Monitors(TestCase):
    def test_qmp_over_tcp(self):
        port = free_tcp_port()
        vm = VM('-qmp', 'tcp:127.0.0.1:%d,server=on,wait=off' % port,
                qmp=False).launch()
        try:
            sock = connect_tcp(port)
            self.assertIn('QMP', read_line(sock))
            sock.sendall(b'{"execute": "qmp_capabilities"}\n')
            self.assertEqual(read_line(sock), {'return': {}})
            sock.sendall(b'{"execute": "query-status", "id": 1}\n')
            self.assertEqual(read_line(sock)['return']['status'], 'running')
            sock.sendall(b'{"execute": "quit"}\n')
            read_line(sock)
            sock.close()
        finally:
            status, err = vm.shutdown()
        self.assertEqual(status, 0, err)

    def test_chardev_and_mon(self):
        path = os.path.join(VM().tmpdir, 'mon.sock')
        vm = VM('-chardev', 'socket,id=c0,path=%s,server=on,wait=off' % path,
                '-mon', 'chardev=c0,mode=control,pretty=on',
                qmp=False).launch()
        try:
            from qemu.qmp import QMPClient
            qmp = QMPClient(path)
            qmp.negotiate()
            self.assertEqual(qmp.cmd('query-status')['status'], 'running')
            names = {c['label'] for c in qmp.cmd('query-chardev')}
            self.assertIn('c0', names)
            qmp.execute('quit')
            qmp.close()
        finally:
            status, err = vm.shutdown()
        self.assertEqual(status, 0, err)

    def test_hmp_on_unix_socket(self):
        path = os.path.join(VM().tmpdir, 'hmp.sock')
        vm = VM('-monitor', 'unix:%s,server=on,wait=off' % path).launch()
        try:
            sock = socket.socket(socket.AF_UNIX)
            deadline = time.monotonic() + 10
            while True:
                try:
                    sock.connect(path)
                    break
                except (FileNotFoundError, ConnectionRefusedError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)
            banner = read_until(sock, b'(qemu) ')
            self.assertIn('QEMU 11.1.0 monitor', banner)
            sock.sendall(b'info status\n')
            self.assertIn('VM status: running',
                          read_until(sock, b'(qemu) '))
            sock.sendall(b'info qtree\n')
            self.assertIn('bus: main-system-bus', read_until(sock, b'(qemu) '))
            sock.close()
        finally:
            vm.shutdown()

    def test_bad_monitor_specs(self):
        self.assertExitsWith(1, 'nosuch', '-M', 'none', '-qmp', 'nosuch:x')
        self.assertExitsWith(1, 'c9', '-M', 'none', '-mon', 'chardev=c9')
        self.assertExitsWith(1, 'mode', '-M', 'none', '-chardev', 'null,id=n',
                             '-mon', 'chardev=n,mode=bogus')
        self.assertExitsWith(1, 'c0', '-M', 'none', '-chardev', 'null,id=c0',
                             '-chardev', 'null,id=c0')


if __name__ == '__main__':
    unittest.main()
