"""A small synchronous QMP client (Python standard library only)."""

import json
import socket
import time


class QMPError(Exception):
    def __init__(self, error):
        super().__init__('%s: %s' % (error['class'], error['desc']))
        self.error_class = error['class']
        self.desc = error['desc']


class QMPClient:
    """A QMP connection over a unix socket."""

    def __init__(self, path, timeout=20):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.sock.settimeout(timeout)
        self.buf = b''
        self.events = []
        self.greeting = self.recv()

    def recv(self):
        """The next JSON value; works for compact and pretty output."""
        decoder = json.JSONDecoder()
        while True:
            text = self.buf.lstrip()
            if text:
                try:
                    value, end = decoder.raw_decode(text.decode())
                    self.buf = text.decode()[end:].encode()
                    return value
                except (json.JSONDecodeError, UnicodeDecodeError):
                    pass
            data = self.sock.recv(65536)
            if not data:
                raise EOFError('QMP connection closed')
            self.buf += data

    def send_raw(self, text):
        self.sock.sendall(text.encode() if isinstance(text, str) else text)

    def execute(self, cmd, args=None, id=None):
        """Send a command; return the whole response (events are kept)."""
        msg = {'execute': cmd}
        if args is not None:
            msg['arguments'] = args
        if id is not None:
            msg['id'] = id
        self.send_raw(json.dumps(msg) + '\n')
        return self.response()

    def execute_with_fd(self, cmd, fd, args=None):
        """Send a command with @fd attached (SCM_RIGHTS), as getfd and
        add-fd need; return the whole response."""
        msg = {'execute': cmd}
        if args is not None:
            msg['arguments'] = args
        socket.send_fds(self.sock, [json.dumps(msg).encode() + b'\n'], [fd])
        return self.response()

    def response(self):
        while True:
            resp = self.recv()
            if 'event' in resp:
                self.events.append(resp)
                continue
            return resp

    def cmd(self, cmd, **args):
        """Run a command and return its result, raising QMPError."""
        resp = self.execute(cmd, args or None)
        if 'error' in resp:
            raise QMPError(resp['error'])
        return resp['return']

    def negotiate(self):
        return self.cmd('qmp_capabilities')

    def event_wait(self, name, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            for ev in self.events:
                if ev['event'] == name:
                    self.events.remove(ev)
                    return ev
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError('no %s event' % name)
            self.sock.settimeout(remaining)
            try:
                self.events.append(self.recv())
            finally:
                self.sock.settimeout(20)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
