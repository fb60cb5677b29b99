/*
 * The generic loader device ("loader"), as QEMU's: places a file or a
 * value in guest memory and/or sets a CPU's program counter, on every
 * machine reset.  Not on a bus; created with -device or device_add.
 *
 *   -device loader,file=FW.elf[,cpu-num=N]   ELF segments at their
 *       addresses; with cpu-num, CPU N starts at the entry point
 *   -device loader,file=IMG,addr=A[,force-raw=on][,cpu-num=N]
 *       a raw image at A (a file that is not ELF is loaded raw;
 *       force-raw=on loads even an ELF file raw); cpu-num: pc = A
 *   -device loader,addr=A,data=V,data-len=L[,data-be=on][,cpu-num=N]
 *       the L-byte (1..8) value V at A, little endian unless data-be
 *   -device loader,addr=A,cpu-num=N          only pc = A on CPU N
 */
#ifndef HW_CORE_GENERIC_LOADER_H
#define HW_CORE_GENERIC_LOADER_H

#include "hw/qdev-core.h"

#define TYPE_GENERIC_LOADER "loader"
OBJECT_DECLARE_SIMPLE_TYPE(GenericLoaderState, GENERIC_LOADER)

/* cpu-num when no CPU was named */
#define GENERIC_LOADER_CPU_NONE UINT32_MAX

struct GenericLoaderState {
    /* <private> */
    DeviceState parent_obj;

    /* <public> */
    uint64_t addr;
    uint64_t data;
    uint8_t data_len;
    bool data_be;
    bool force_raw;
    uint32_t cpu_num;
    char *file;

    bool set_pc;                /* at reset: pc of CPU cpu_num = addr */
};

#endif
