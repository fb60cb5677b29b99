/*
 * Memory-mapped 16550A UART (TYPE_SERIAL_MM, "serial-mm"), as on the
 * RISC-V virt board.  Same names as QEMU's include/hw/char/serial-mm.h.
 *
 * Properties: "regshift" (register stride is 1 << regshift bytes),
 * "endianness" (enum device_endian), and, aliased from the embedded
 * TYPE_SERIAL core, "chardev", "baudbase", "wakeup".
 * MMIO region 0: the registers; sysbus IRQ 0: the interrupt line.
 */
#ifndef HW_SERIAL_MM_H
#define HW_SERIAL_MM_H

#include "hw/char/serial.h"
#include "hw/sysbus.h"

#define TYPE_SERIAL_MM "serial-mm"
OBJECT_DECLARE_SIMPLE_TYPE(SerialMM, SERIAL_MM)

struct SerialMM {
    SysBusDevice parent;

    SerialState serial;

    uint8_t regshift;
    uint8_t endianness;
};

/**
 * serial_mm_init: create a serial-mm with @regshift, @baudbase and
 * @chr (may be NULL), realize it, map it at @base in @address_space
 * and connect its interrupt to @irq.
 */
SerialMM *serial_mm_init(MemoryRegion *address_space,
                         hwaddr base, int regshift,
                         qemu_irq irq, int baudbase,
                         Chardev *chr, enum device_endian end);

#endif
