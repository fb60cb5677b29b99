#!/usr/bin/env python3
"""What 'make run' shows: the emulator started the way a management tool
starts it, then QMP and HMP at work on versioned defaults and on
-incoming config: parameters."""

import os
import shutil
import subprocess
import sys
import tempfile

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
    shutil.rmtree(tmp, ignore_errors=True)
    print()
    print('Both VMs exited with status 0.' if proc.returncode == 0 else
          'exit status %d' % proc.returncode)
    return proc.returncode


if __name__ == '__main__':
    sys.exit(main())
