/*
 * RISC-V hart array ("riscv.hart_array"): a group of harts of one CPU
 * type with consecutive hart ids, as QEMU's hw/riscv/riscv_hart.h.
 *
 * Properties: "num-harts", "hartid-base", "cpu-type", "resetvec".
 * Realizing it creates and realizes the harts (QOM children
 * "harts[i]"), gives each its interrupt inputs as IRQ_LOCAL_MAX
 * unnamed GPIO inputs (index = the mip bit: IRQ_M_SOFT, IRQ_M_TIMER,
 * IRQ_M_EXT, IRQ_S_EXT, ...) and resets every hart on machine reset.
 */
#ifndef HW_RISCV_HART_H
#define HW_RISCV_HART_H

#include "hw/sysbus.h"
#include "target/riscv/cpu.h"

#define TYPE_RISCV_HART_ARRAY "riscv.hart_array"
OBJECT_DECLARE_SIMPLE_TYPE(RISCVHartArrayState, RISCV_HART_ARRAY)

struct RISCVHartArrayState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    uint32_t num_harts;
    uint32_t hartid_base;
    char *cpu_type;
    uint64_t resetvec;
    RISCVCPU *harts;            /* num_harts CPUs, once realized */
};

#endif
