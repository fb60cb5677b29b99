/*
 * The RISC-V "virt" board: QEMU's memory map and interrupt numbers
 * (QEMU's include/hw/riscv/virt.h).
 */
#ifndef HW_RISCV_VIRT_H
#define HW_RISCV_VIRT_H

#include "exec/hwaddr.h"
#include "hw/boards.h"
#include "hw/riscv/riscv_hart.h"

#define VIRT_CPUS_MAX 8

#define TYPE_RISCV_VIRT_MACHINE MACHINE_TYPE_NAME("virt")
typedef struct RISCVVirtState RISCVVirtState;
DECLARE_INSTANCE_CHECKER(RISCVVirtState, RISCV_VIRT_MACHINE,
                         TYPE_RISCV_VIRT_MACHINE)

struct RISCVVirtState {
    /* <private> */
    MachineState parent;

    /* <public> */
    RISCVHartArrayState soc[1];     /* one socket */
    DeviceState *irqchip[1];        /* its PLIC */
    void *fdt;                      /* the tree given to the guest */
    int fdt_size;
    char *dumpdtb;                  /* -machine dumpdtb=FILE */
};

typedef struct MemMapEntry {
    hwaddr base;
    hwaddr size;
} MemMapEntry;

enum {
    VIRT_DEBUG,
    VIRT_MROM,
    VIRT_TEST,
    VIRT_RTC,
    VIRT_CLINT,
    VIRT_PLIC,
    VIRT_UART0,
    VIRT_VIRTIO,
    VIRT_DRAM,
};

enum {
    UART0_IRQ = 10,
    RTC_IRQ = 11,
    VIRTIO_IRQ = 1, /* 1 to 8 */
    VIRTIO_COUNT = 8,
};

#define VIRT_IRQCHIP_NUM_SOURCES 96
#define VIRT_IRQCHIP_NUM_PRIO_BITS 3

#define VIRT_PLIC_PRIORITY_BASE 0x00
#define VIRT_PLIC_PENDING_BASE 0x1000
#define VIRT_PLIC_ENABLE_BASE 0x2000
#define VIRT_PLIC_ENABLE_STRIDE 0x80
#define VIRT_PLIC_CONTEXT_BASE 0x200000
#define VIRT_PLIC_CONTEXT_STRIDE 0x1000
#define VIRT_PLIC_SIZE(__num_context) \
    (VIRT_PLIC_CONTEXT_BASE + (__num_context) * VIRT_PLIC_CONTEXT_STRIDE)

#define FDT_PLIC_ADDR_CELLS   0
#define FDT_PLIC_INT_CELLS    1

/** virt_memmap: the board's memory map, indexed by VIRT_*. */
extern const MemMapEntry virt_memmap[];

#endif
