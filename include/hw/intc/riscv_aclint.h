/*
 * RISC-V ACLINT: the machine timer ("riscv.aclint.mtimer": mtime and a
 * mtimecmp per hart) and the software interrupt devices
 * ("riscv.aclint.swi": MSWI, or SSWI with sswi=1).  Same names as
 * QEMU's include/hw/intc/riscv_aclint.h.
 *
 * Board wiring (as QEMU's): each device has num-harts unnamed GPIO
 * outputs, index i for hart hartid-base + i.  Connect mtimer output i
 * to that hart's MTIP input, swi output i to its MSIP input (SSIP for
 * an SSWI), with qdev_connect_gpio_out() or the *_connect_harts()
 * helpers below.  For rdtime, give the hart riscv_aclint_mtimer_get_time
 * with the mtimer device as its argument.
 */
#ifndef HW_RISCV_ACLINT_H
#define HW_RISCV_ACLINT_H

#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "qemu/timer.h"

#define TYPE_RISCV_ACLINT_MTIMER "riscv.aclint.mtimer"

#define RISCV_ACLINT_MTIMER(obj) \
    OBJECT_CHECK(RISCVAclintMTimerState, (obj), TYPE_RISCV_ACLINT_MTIMER)

typedef struct RISCVAclintMTimerState {
    /* <private> */
    SysBusDevice parent_obj;
    uint64_t time_delta;        /* mtime minus the clock's ticks */
    uint64_t *timecmp;
    QEMUTimer **timers;

    /* <public> */
    MemoryRegion mmio;
    uint32_t hartid_base;
    uint32_t num_harts;
    uint32_t timecmp_base;
    uint32_t time_base;
    uint32_t aperture_size;
    uint32_t timebase_freq;
    qemu_irq *timer_irqs;
} RISCVAclintMTimerState;

/**
 * riscv_aclint_mtimer_create: create an MTIMER with these properties,
 * realize it (exits on bad configuration) and map it at @addr in the
 * system memory.  The hart lines are left for the board to connect;
 * @provide_rdtime is accepted for QEMU compatibility: the board hands
 * riscv_aclint_mtimer_get_time() to the harts itself.
 */
DeviceState *riscv_aclint_mtimer_create(hwaddr addr, hwaddr size,
    uint32_t hartid_base, uint32_t num_harts,
    uint32_t timecmp_base, uint32_t time_base, uint32_t timebase_freq,
    bool provide_rdtime);

/**
 * riscv_aclint_mtimer_get_time: the current mtime of the MTIMER device
 * @opaque (a DeviceState * from riscv_aclint_mtimer_create), in ticks
 * of timebase-freq.  It follows QEMU_CLOCK_VIRTUAL, so it stands still
 * while the VM is stopped.
 */
uint64_t riscv_aclint_mtimer_get_time(void *opaque);

/**
 * riscv_aclint_mtimer_connect_harts: connect output i of the MTIMER
 * @dev to @mtip[i], for its num-harts harts (NULL entries are skipped).
 */
void riscv_aclint_mtimer_connect_harts(DeviceState *dev, qemu_irq *mtip);

#define TYPE_RISCV_ACLINT_SWI "riscv.aclint.swi"

#define RISCV_ACLINT_SWI(obj) \
    OBJECT_CHECK(RISCVAclintSwiState, (obj), TYPE_RISCV_ACLINT_SWI)

typedef struct RISCVAclintSwiState {
    /* <private> */
    SysBusDevice parent_obj;
    uint32_t *msip;             /* MSWI: the per-hart MSIP bits */

    /* <public> */
    MemoryRegion mmio;
    uint32_t hartid_base;
    uint32_t num_harts;
    uint32_t sswi;
    qemu_irq *soft_irqs;
} RISCVAclintSwiState;

/**
 * riscv_aclint_swi_create: create an MSWI (or SSWI if @sswi), realize
 * it and map it at @addr in the system memory; hart lines are left
 * for the board to connect.
 */
DeviceState *riscv_aclint_swi_create(hwaddr addr, uint32_t hartid_base,
    uint32_t num_harts, bool sswi);

/**
 * riscv_aclint_swi_connect_harts: connect output i of the SWI @dev to
 * @lines[i] (the harts' MSIP, or SSIP for an SSWI); NULL entries are
 * skipped.
 */
void riscv_aclint_swi_connect_harts(DeviceState *dev, qemu_irq *lines);

enum {
    RISCV_ACLINT_DEFAULT_MTIMECMP      = 0x0,
    RISCV_ACLINT_DEFAULT_MTIME         = 0x7ff8,
    RISCV_ACLINT_DEFAULT_MTIMER_SIZE   = 0x8000,
    RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ = 10000000,
    RISCV_ACLINT_MAX_HARTS             = 4095,
    RISCV_ACLINT_SWI_SIZE              = 0x4000
};

#endif
