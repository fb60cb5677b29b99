/*
 * SiFive test finisher ("riscv.sifive.test"): a guest writes a status
 * (and, on failure, an exit code) to power off or reset the machine.
 * Same names as QEMU's include/hw/misc/sifive_test.h.
 */
#ifndef HW_SIFIVE_TEST_H
#define HW_SIFIVE_TEST_H

#include "exec/memory.h"
#include "hw/sysbus.h"
#include "qapi/qapi-types.h"

#define TYPE_SIFIVE_TEST "riscv.sifive.test"
OBJECT_DECLARE_SIMPLE_TYPE(SiFiveTestState, SIFIVE_TEST)

struct SiFiveTestState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;
};

/* The register (offset 0) takes status | (code << 16). */
enum {
    FINISHER_FAIL = 0x3333,
    FINISHER_PASS = 0x5555,
    FINISHER_RESET = 0x7777
};

#define SIFIVE_TEST_SIZE 0x1000

/**
 * sifive_test_create: create a riscv.sifive.test, realize it and map
 * it at @addr in the system memory.
 */
DeviceState *sifive_test_create(hwaddr addr);

#endif
