"""The virt board: QEMU's memory map and interrupts in the device tree
(-machine dumpdtb=), `info qtree`/`info mtree`, and booting bare-metal
programs built here byte by byte (no cross compiler needed)."""

import os
import shutil
import struct
import tempfile
import unittest

from qemu_vm import VM, TestCase, run

OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin'


def parse_fdt(blob):
    """{node path: {property: bytes}} of a flattened device tree."""
    magic, total, off_struct, off_strings = struct.unpack('>4I', blob[:16])
    assert magic == 0xd00dfeed, hex(magic)
    assert total == len(blob)
    nodes, stack, pos = {}, [], off_struct

    def string_at(off):
        return blob[off:blob.index(b'\0', off)].decode()

    while True:
        token, = struct.unpack('>I', blob[pos:pos + 4])
        pos += 4
        if token == 1:          # FDT_BEGIN_NODE
            end = blob.index(b'\0', pos)
            name = blob[pos:end].decode()
            pos = (end + 4) & ~3
            stack.append(name)
            path = '/' + '/'.join(stack[1:])
            nodes[path] = {}
        elif token == 2:        # FDT_END_NODE
            stack.pop()
        elif token == 3:        # FDT_PROP
            length, nameoff = struct.unpack('>2I', blob[pos:pos + 8])
            pos += 8
            path = '/' + '/'.join(stack[1:])
            nodes[path][string_at(off_strings + nameoff)] = \
                blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif token == 4:        # FDT_NOP
            continue
        elif token == 9:        # FDT_END
            return nodes
        else:
            raise ValueError('bad token %d' % token)


def cells(value):
    return list(struct.unpack('>%dI' % (len(value) // 4), value))


def string(value):
    return value.rstrip(b'\0').decode()


def strings(value):
    return value.rstrip(b'\0').decode().split('\0')


def u64(value):
    return struct.unpack('>Q', value)[0]


def lui(rd, imm20):
    return (imm20 << 12) | (rd << 7) | 0x37


def addi(rd, rs1, imm12):
    return (imm12 << 20) | (rs1 << 15) | (rd << 7) | 0x13


def sw(rs2, rs1):
    return (rs2 << 20) | (rs1 << 15) | (2 << 12) | 0x23


def lw(rd, rs1):
    return (rs1 << 15) | (2 << 12) | (rd << 7) | 0x03


def branch(funct3, rs1, rs2, offset):
    imm = offset & 0x1fff
    return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | \
        (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | \
        (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63


def bne(rs1, rs2, offset):
    return branch(1, rs1, rs2, offset)


def beq(rs1, rs2, offset):
    return branch(0, rs1, rs2, offset)


def auipc(rd, imm20):
    return (imm20 << 12) | (rd << 7) | 0x17


JUMP_SELF = 0x0000006f          # j .


def finisher_program(code):
    """Write FINISHER_FAIL with exit @code to the test device at
    0x100000, then spin."""
    value = 0x3333 | (code << 16)
    hi, lo = value >> 12, value & 0xfff
    assert lo < 0x800
    return [lui(5, 0x100), lui(6, hi), addi(6, 6, lo), sw(6, 5), JUMP_SELF]


def elf(is64, entry, base, words):
    """A one-segment little-endian RISC-V ELF executable."""
    data = struct.pack('<%dI' % len(words), *words)
    ident = b'\x7fELF' + bytes([2 if is64 else 1, 1, 1]) + bytes(9)
    if is64:
        ehdr = ident + struct.pack('<HHIQQQIHHHHHH', 2, 243, 1, entry, 64, 0,
                                   0, 64, 56, 1, 0, 0, 0)
        phdr = struct.pack('<IIQQQQQQ', 1, 5, 120, base, base, len(data),
                           len(data), 4)
    else:
        ehdr = ident + struct.pack('<HHIIIIIHHHHHH', 2, 243, 1, entry, 52, 0,
                                   0, 52, 32, 1, 0, 0, 0)
        phdr = struct.pack('<IIIIIIII', 1, 84, base, base, len(data),
                           len(data), 5, 4)
    return ehdr + phdr + data


class VirtBoard(TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='virt-board-')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name, data=None):
        path = os.path.join(self.tmp, name)
        if data is not None:
            with open(path, 'wb') as f:
                f.write(data)
        return path

    def dump(self, *args, target='riscv64'):
        dtb = self.path('dump%d.dtb' % len(os.listdir(self.tmp)))
        code, out, err = run('-M', 'virt,dumpdtb=' + dtb, '-nodefaults',
                             '-display', 'none', *args, target=target)
        self.assertEqual(code, 0, err)
        self.assertIn('dtb dumped to %s. Exiting.' % dtb, err)
        with open(dtb, 'rb') as f:
            return parse_fdt(f.read())

    def test_fdt_two_harts(self):
        t = self.dump('-smp', '2', '-m', '256M', '-bios', 'none')
        root = t['/']
        self.assertEqual(string(root['compatible']), 'riscv-virtio')
        self.assertEqual(string(root['model']), 'riscv-virtio,qemu')
        self.assertEqual(cells(t['/cpus']['timebase-frequency']), [10000000])
        intc = {}
        for hart in (0, 1):
            cpu = t['/cpus/cpu@%d' % hart]
            self.assertEqual(cells(cpu['reg']), [hart])
            self.assertEqual(string(cpu['device_type']), 'cpu')
            self.assertEqual(string(cpu['mmu-type']), 'riscv,sv48')
            self.assertTrue(string(cpu['riscv,isa']).startswith('rv64ima'))
            self.assertIn('zicsr', strings(cpu['riscv,isa-extensions']))
            ic = t['/cpus/cpu@%d/interrupt-controller' % hart]
            self.assertEqual(string(ic['compatible']), 'riscv,cpu-intc')
            intc[hart] = cells(ic['phandle'])[0]
        self.assertNotIn('/cpus/cpu@2', t)
        self.assertEqual(cells(t['/memory@80000000']['reg']),
                         [0, 0x80000000, 0, 256 << 20])

        clint = t['/soc/clint@2000000']
        self.assertEqual(strings(clint['compatible']),
                         ['sifive,clint0', 'riscv,clint0'])
        self.assertEqual(cells(clint['reg']), [0, 0x2000000, 0, 0x10000])
        self.assertEqual(cells(clint['interrupts-extended']),
                         [intc[0], 3, intc[0], 7, intc[1], 3, intc[1], 7])

        plic = t['/soc/plic@c000000']
        self.assertEqual(strings(plic['compatible']),
                         ['sifive,plic-1.0.0', 'riscv,plic0'])
        self.assertEqual(cells(plic['reg']), [0, 0xc000000, 0, 0x600000])
        self.assertEqual(cells(plic['riscv,ndev']), [95])
        self.assertEqual(cells(plic['interrupts-extended']),
                         [intc[0], 11, intc[0], 9, intc[1], 11, intc[1], 9])
        plic_ph = cells(plic['phandle'])[0]

        uart = t['/soc/serial@10000000']
        self.assertEqual(string(uart['compatible']), 'ns16550a')
        self.assertEqual(cells(uart['reg']), [0, 0x10000000, 0, 0x100])
        self.assertEqual(cells(uart['clock-frequency']), [3686400])
        self.assertEqual(cells(uart['interrupts']), [10])
        self.assertEqual(cells(uart['interrupt-parent']), [plic_ph])

        rtc = t['/soc/rtc@101000']
        self.assertEqual(string(rtc['compatible']), 'google,goldfish-rtc')
        self.assertEqual(cells(rtc['reg']), [0, 0x101000, 0, 0x1000])
        self.assertEqual(cells(rtc['interrupts']), [11])

        test = t['/soc/test@100000']
        self.assertEqual(strings(test['compatible']),
                         ['sifive,test1', 'sifive,test0', 'syscon'])
        test_ph = cells(test['phandle'])[0]
        for node, value in (('/poweroff', 0x5555), ('/reboot', 0x7777)):
            self.assertEqual(cells(t[node]['regmap']), [test_ph])
            self.assertEqual(cells(t[node]['value']), [value])
        self.assertEqual(string(t['/poweroff']['compatible']),
                         'syscon-poweroff')

        chosen = t['/chosen']
        self.assertEqual(string(chosen['stdout-path']),
                         '/soc/serial@10000000')
        self.assertEqual(len(chosen['rng-seed']), 32)
        self.assertNotIn('bootargs', chosen)
        self.assertEqual(string(t['/aliases']['serial0']),
                         '/soc/serial@10000000')

    def test_fdt_riscv32(self):
        t = self.dump('-bios', 'none', target='riscv32')
        cpu = t['/cpus/cpu@0']
        self.assertTrue(string(cpu['riscv,isa']).startswith('rv32ima'))
        self.assertEqual(string(cpu['riscv,isa-base']), 'rv32i')
        self.assertEqual(string(cpu['mmu-type']), 'riscv,sv32')

    def test_kernel_initrd_append(self):
        kernel = self.path('k.elf', elf(True, 0x80200000, 0x80200000,
                                        [JUMP_SELF] * 4))
        initrd = self.path('initrd', b'x' * 1000)
        t = self.dump('-bios', 'none', '-kernel', kernel, '-initrd', initrd,
                      '-append', 'console=ttyS0 quiet')
        chosen = t['/chosen']
        self.assertEqual(string(chosen['bootargs']), 'console=ttyS0 quiet')
        # Half of the default 128 MiB above the kernel's lowest address
        start = 0x80200000 + (64 << 20)
        self.assertEqual(u64(chosen['linux,initrd-start']), start)
        self.assertEqual(u64(chosen['linux,initrd-end']), start + 1000)

    def test_given_dtb_gets_bootargs(self):
        t = self.dump('-bios', 'none')
        with open(self.path('dump0.dtb'), 'rb') as f:
            given = self.path('given.dtb', f.read())
        kernel = self.path('k.elf', elf(True, 0x80000000, 0x80000000,
                                        [JUMP_SELF]))
        t2 = self.dump('-bios', 'none', '-dtb', given, '-kernel', kernel,
                       '-append', 'root=/dev/vda')
        self.assertEqual(string(t2['/chosen']['bootargs']), 'root=/dev/vda')
        self.assertEqual(t2['/soc/plic@c000000'], t['/soc/plic@c000000'])

    def test_qtree_and_mtree(self):
        with VM('-smp', '2', '-bios', 'none', '-S', machine='virt') as vm:
            qtree = vm.hmp('info qtree')
            for dev, mmio in (('riscv.sifive.test', '0000000000100000'),
                              ('goldfish_rtc', '0000000000101000'),
                              ('riscv.aclint.swi', '0000000002000000'),
                              ('riscv.aclint.mtimer', '0000000002004000'),
                              ('riscv.sifive.plic', '000000000c000000')):
                self.assertIn('dev: %s' % dev, qtree)
                self.assertIn('mmio %s/' % mmio, qtree)
            self.assertIn('dev: serial-mm', qtree)
            self.assertIn('dev: riscv.hart_array', qtree)
            self.assertIn('hart-config = "MS,MS"', qtree)
            mtree = vm.hmp('info mtree')
            for line in (
                    '0000000000001000-000000000000ffff (prio 0, rom): '
                    'riscv_virt_board.mrom',
                    '0000000000100000-0000000000100fff (prio 0, i/o): '
                    'riscv.sifive.test',
                    '000000000c000000-000000000c5fffff (prio 0, i/o): '
                    'riscv.sifive.plic',
                    '0000000010000000-0000000010000007 (prio 0, i/o): serial',
                    '0000000080000000-0000000087ffffff (prio 0, ram): '
                    'riscv_virt_board.ram'):
                self.assertIn(line, mtree)
            self.assertEqual(vm.qom_get('/machine/soc0/harts[1]', 'hartid'),
                             1)

    def test_reset_vector_arguments(self):
        # Checks a0 = hartid 0, a1 = the device tree (its magic), a2 =
        # the fw_dynamic_info right after the 40-byte reset vector.
        fail = 13
        words = [lui(5, 0x1), addi(5, 5, 0x28), bne(12, 5, (fail - 2) * 4),
                 lw(6, 11), lui(7, 0xedfe1), addi(7, 7, 0x1000 - 0x230),
                 bne(6, 7, (fail - 6) * 4), bne(10, 0, (fail - 7) * 4)]
        words += finisher_program(6)
        self.assertEqual(len(words), fail)
        words += finisher_program(7)
        prog = self.path('args.elf', elf(True, 0x80000000, 0x80000000,
                                         words))
        code, out, err = run('-M', 'virt', '-nodefaults', '-display', 'none',
                             '-bios', 'none', '-kernel', prog)
        self.assertEqual(code, 6, err)

    def test_guest_reset_reruns_boot(self):
        # A counter in RAM (which keeps its contents across reset): the
        # first run asks the test device for a reset, the second exits.
        done = 12
        words = [auipc(5, 1), lw(6, 5), addi(6, 6, 1), sw(6, 5),
                 addi(7, 0, 2), beq(6, 7, (done - 5) * 4),
                 lui(28, 0x100), lui(29, 0x7), addi(29, 29, 0x777),
                 sw(29, 28), JUMP_SELF, JUMP_SELF]
        self.assertEqual(len(words), done)
        words += finisher_program(8)
        prog = self.path('reset.elf', elf(True, 0x80000000, 0x80000000,
                                          words))
        code, out, err = run('-M', 'virt', '-nodefaults', '-display', 'none',
                             '-bios', 'none', '-kernel', prog)
        self.assertEqual(code, 8, err)

    def test_bare_metal_elf_entry(self):
        # The entry is 16 bytes past the image's start: spinning there
        # instead would time out.
        words = [JUMP_SELF] * 4 + finisher_program(3)
        prog = self.path('p.elf', elf(True, 0x80000010, 0x80000000, words))
        code, out, err = run('-M', 'virt', '-nodefaults', '-display', 'none',
                             '-bios', 'none', '-kernel', prog)
        self.assertEqual(code, 3, err)

    def test_bare_metal_elf32_and_smp(self):
        prog = self.path('p32.elf', elf(False, 0x80000000, 0x80000000,
                                        finisher_program(5)))
        code, out, err = run('-M', 'virt', '-smp', '2', '-nodefaults',
                             '-display', 'none', '-bios', 'none',
                             '-kernel', prog, target='riscv32')
        self.assertEqual(code, 5, err)

    def test_bare_metal_raw_image(self):
        raw = struct.pack('<5I', *finisher_program(4))
        prog = self.path('p.bin', raw)
        code, out, err = run('-M', 'virt', '-nodefaults', '-display', 'none',
                             '-bios', 'none', '-kernel', prog)
        self.assertEqual(code, 4, err)

    @unittest.skipUnless(os.path.exists(OPENSBI), 'Debian opensbi missing')
    def test_default_firmware_enters_kernel(self):
        # OpenSBI (the default -bios) starts, prints its banner on the
        # UART and enters the raw kernel 2 MiB above it in S mode.
        kernel = self.path('s.bin', struct.pack('<5I',
                                                *finisher_program(9)))
        log = self.path('serial.log')
        code, out, err = run('-M', 'virt', '-nodefaults', '-display', 'none',
                             '-serial', 'file:' + log, '-kernel', kernel,
                             timeout=60)
        self.assertEqual(code, 9, err)
        with open(log, 'rb') as f:
            text = f.read().decode(errors='replace')
        self.assertIn('OpenSBI', text)
        self.assertIn('riscv-virtio,qemu', text)
        self.assertRegex(text, r'Next Address\s*: 0x0*80200000')

    def test_errors(self):
        missing = os.path.join(self.tmp, 'missing')
        self.assertExitsWith(1, "could not load kernel '%s'" % missing,
                             '-M', 'virt', '-display', 'none', '-bios',
                             'none', '-kernel', missing)
        self.assertExitsWith(1, 'Unable to find the RISC-V BIOS "%s"'
                             % missing, '-M', 'virt', '-display', 'none',
                             '-bios', missing)
        self.assertExitsWith(1, 'Unable to find the RISC-V BIOS '
                             '"opensbi-riscv32-generic-fw_dynamic.bin"',
                             '-M', 'virt', '-display', 'none',
                             target='riscv32')
        kernel = self.path('k.bin', b'\x6f\0\0\0')
        self.assertExitsWith(1, "could not load ramdisk '%s'" % missing,
                             '-M', 'virt', '-display', 'none', '-bios',
                             'none', '-kernel', kernel, '-initrd', missing)
        self.assertExitsWith(1, '-initrd only allowed with -kernel option',
                             '-M', 'virt', '-display', 'none', '-bios',
                             'none', '-initrd', kernel)
        self.assertExitsWith(1, 'is not a valid device tree blob',
                             '-M', 'virt', '-display', 'none', '-bios',
                             'none', '-dtb', kernel)
        x86 = bytearray(elf(True, 0x80000000, 0x80000000, [JUMP_SELF]))
        x86[18] = 62
        self.assertExitsWith(1, 'incompatible architecture', '-M', 'virt',
                             '-display', 'none', '-bios', 'none', '-kernel',
                             self.path('x86.elf', bytes(x86)))
        self.assertExitsWith(1, 'Invalid SMP CPUs 9', '-M', 'virt',
                             '-display', 'none', '-bios', 'none', '-smp',
                             '9')


if __name__ == '__main__':
    unittest.main()
