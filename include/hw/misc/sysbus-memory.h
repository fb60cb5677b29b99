/*
 * sysbus-memory: RAM or ROM of a given size as a sysbus device, so a
 * machine built from QMP (device_add + x-sysbus-mmio-map) gets memory.
 *
 * Properties: "size" (bytes, required), "readonly" (ROM: guest writes
 * are ignored; loaders still fill it).  One MMIO region, the memory.
 * Its RAM block, migrated with its contents (ROM too), is named after the
 * device's id, or "device[N]" for a device added without one.
 */
#ifndef HW_MISC_SYSBUS_MEMORY_H
#define HW_MISC_SYSBUS_MEMORY_H

#include "hw/sysbus.h"

#define TYPE_SYSBUS_MEMORY "sysbus-memory"
OBJECT_DECLARE_SIMPLE_TYPE(SysBusMemoryState, SYSBUS_MEMORY)

struct SysBusMemoryState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    uint64_t size;
    bool readonly;
    MemoryRegion mem;
};

#endif
