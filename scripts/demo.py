#!/usr/bin/env python3
"""What 'make run' shows: the emulator started the way a management tool
starts it, then QMP and HMP at work on versioned defaults and on
-incoming config: parameters, and a running guest migrated to a
destination configured on its command line."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'python'))
from qemu.qmp import QMPClient  # noqa: E402


def start(qemu, tmp, name, *args):
    sock = os.path.join(tmp, name + '.sock')
    cmd = [qemu, '-display', 'none', '-nodefaults',
           '-qmp', 'unix:%s,server=on,wait=off' % sock] + list(args)
    print('$ ' + ' '.join(cmd))
    proc = subprocess.Popen(cmd)
    qmp = QMPClient(sock)
    qmp.negotiate()
    return proc, qmp


def show(qmp, title, cmd, **args):
    print('  %-44s %s' % (title, qmp.cmd(cmd, **args)))


def main():
    qemu = sys.argv[1]
    tmp = tempfile.mkdtemp()

    print('== A destination waiting for a migration, parameters given on '
          'the command line')
    proc, qmp = start(qemu, tmp, 'dst', '-M', 'virt', '-incoming', 'defer',
                      '-incoming',
                      'config:multifd-channels=8,max-bandwidth=1G,'
                      'multifd-compression=zstd')
    show(qmp, 'query-status', 'query-status')
    params = qmp.cmd('query-migrate-parameters')
    for key in ['multifd-channels', 'max-bandwidth', 'multifd-compression',
                'zero-page-detection']:
        print('  %-44s %s' % (key, params[key]))
    print('  HMP info migrate_parameters (first lines):')
    text = qmp.cmd('human-monitor-command',
                   **{'command-line': 'info migrate_parameters'})
    for line in text.splitlines()[:6]:
        print('    ' + line)
    qmp.execute('quit')
    proc.wait()

    print()
    print('== The same defaults on an older machine type (virt-10.2)')
    proc, qmp = start(qemu, tmp, 'old', '-M', 'virt-10.2', '-object',
                      'memory-backend-ram,id=mem0,size=64M', '-machine',
                      'memory-backend=mem0')
    show(qmp, 'migration zero-page-detection', 'qom-get', path='/migration',
         property='zero-page-detection')
    show(qmp, 'migration send-switchover-start', 'qom-get',
         path='/migration', property='send-switchover-start')
    show(qmp, 'tcg-accel tb-size', 'qom-get', path='/machine/accel',
         property='tb-size')
    print('  HMP info ramblock:')
    text = qmp.cmd('human-monitor-command',
                   **{'command-line': 'info ramblock'})
    for line in text.splitlines():
        print('    ' + line)
    qmp.execute('quit')
    proc.wait()
    status = proc.returncode
    guest = os.path.join(os.path.dirname(qemu), 'tests', 'guest',
                         'mig-pattern.elf')
    if status == 0 and os.path.exists(guest):
        print()
        status = live_migration(qemu, tmp, guest)
    shutil.rmtree(tmp, ignore_errors=True)
    print()
    print('Every VM exited with status 0.' if status == 0 else
          'exit status %d' % status)
    return status


def heartbeats(path):
    with open(path, errors='replace') as f:
        return [line for line in f.read().splitlines()
                if line.startswith('heartbeat')]


def wait_for(what, cond, timeout=60):
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def live_migration(qemu, tmp, guest):
    """A guest rewriting 64 MiB moves to a destination whose multifd
    settings come from its command line alone."""
    print('== A running guest moves to a destination configured by '
          '-incoming config: and -global')
    guest_args = ['-M', 'virt', '-m', '256M', '-bios', 'none', '-kernel',
                  guest, '-append', 'mib=64 mode=dirty']
    src_log = os.path.join(tmp, 'src.log')
    dst_log = os.path.join(tmp, 'dst.log')
    src, src_qmp = start(qemu, tmp, 'src', *guest_args,
                         '-serial', 'file:' + src_log)
    dst, dst_qmp = start(qemu, tmp, 'dst2', *guest_args,
                         '-serial', 'file:' + dst_log,
                         '-global', 'migration.x-multifd=on',
                         '-incoming', 'config:multifd-channels=4,'
                         'multifd-compression=zstd',
                         '-incoming', 'defer')
    wait_for('a heartbeat', lambda: heartbeats(src_log))
    dst_qmp.cmd('migrate-incoming', uri='tcp:127.0.0.1:0')
    port = dst_qmp.cmd('query-migrate')['socket-address'][0]['port']
    print('  source: multifd on, 4 channels, zstd; migrate to port %s' % port)
    src_qmp.cmd('migrate-set-capabilities', capabilities=[
        {'capability': 'multifd', 'state': True}])
    src_qmp.cmd('migrate-set-parameters', **{
        'multifd-channels': 4, 'multifd-compression': 'zstd'})
    src_qmp.cmd('migrate', uri='tcp:127.0.0.1:%s' % port)
    wait_for('the migration', lambda: src_qmp.cmd('query-migrate')['status']
             in ('completed', 'failed'))
    info = src_qmp.cmd('query-migrate')
    print('  %-44s %s' % ('status', info['status']))
    if info['status'] == 'completed':
        for key in ('total-time', 'downtime'):
            print('  %-44s %s ms' % (key, info[key]))
        print('  %-44s %s' % ('ram multifd-bytes',
                              info['ram']['multifd-bytes']))
        last = heartbeats(src_log)[-1]
        print('  last heartbeat on the source:      ' + last)
        wait_for('a heartbeat on the destination',
                 lambda: len(heartbeats(dst_log)) >= 2)
        print('  first heartbeats on the destination: ' +
              '; '.join(heartbeats(dst_log)[:2]))
    for proc, qmp in ((src, src_qmp), (dst, dst_qmp)):
        qmp.execute('quit')
        proc.wait()
    return 0 if info['status'] == 'completed' else 1


if __name__ == '__main__':
    sys.exit(main())
