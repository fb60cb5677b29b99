/*
 * SiFive PLIC ("riscv.sifive.plic"): the platform-level interrupt
 * controller of the RISC-V virt board.  Same names as QEMU's
 * include/hw/intc/sifive_plic.h.
 *
 * Inputs: num-sources level-triggered GPIO inputs (unnamed, index =
 * source number; source 0 does not exist and is ignored).
 * Outputs: 2 * num-harts unnamed GPIO outputs, as QEMU's: index h is
 * hart (hartid-base + h)'s SEIP line, index num-harts + h its MEIP line.
 * A hart config "MS,MS" gives contexts 0 = hart 0 M, 1 = hart 0 S,
 * 2 = hart 1 M, 3 = hart 1 S.
 * MMIO region 0: the registers (aperture-size bytes).
 */
#ifndef HW_SIFIVE_PLIC_H
#define HW_SIFIVE_PLIC_H

#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_SIFIVE_PLIC "riscv.sifive.plic"

typedef struct SiFivePLICState SiFivePLICState;
DECLARE_INSTANCE_CHECKER(SiFivePLICState, SIFIVE_PLIC, TYPE_SIFIVE_PLIC)

typedef enum PLICMode {
    PLICMode_U,
    PLICMode_S,
    PLICMode_H,
    PLICMode_M
} PLICMode;

/* One context: which hart and privilege mode it interrupts */
typedef struct PLICAddr {
    uint32_t addrid;
    uint32_t hartid;
    PLICMode mode;
} PLICAddr;

struct SiFivePLICState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;
    uint32_t num_addrs;         /* contexts */
    uint32_t num_harts;
    uint32_t bitfield_words;    /* 32-bit words of one source bitmap */
    uint32_t num_enables;
    PLICAddr *addr_config;
    uint32_t *source_priority;
    uint32_t *target_priority;  /* threshold per context */
    uint32_t *pending;
    uint32_t *claimed;
    uint32_t *enable;           /* bitmap per context */
    uint32_t *level;            /* current input line levels */

    /* config */
    char *hart_config;
    uint32_t hartid_base;
    uint32_t num_sources;       /* including the non-existent source 0 */
    uint32_t num_priorities;
    uint32_t priority_base;
    uint32_t pending_base;
    uint32_t enable_base;
    uint32_t enable_stride;
    uint32_t context_base;
    uint32_t context_stride;
    uint32_t aperture_size;

    qemu_irq *m_external_irqs;
    qemu_irq *s_external_irqs;

    /* migration: send the line levels (off for virt-10.2 and older) */
    bool migrate_level;
    bool level_loaded;
};

/**
 * sifive_plic_create: create a PLIC with these properties, realize it
 * (exits on bad configuration, like QEMU) and map it at @addr in the
 * system memory.  @num_harts is the number of harts in @hart_config.
 *
 * The hart lines are left unconnected: the board connects them with
 * sifive_plic_connect_harts() (or qdev_connect_gpio_out() itself, using
 * the indices above).
 */
DeviceState *sifive_plic_create(hwaddr addr, char *hart_config,
    uint32_t num_harts,
    uint32_t hartid_base, uint32_t num_sources,
    uint32_t num_priorities, uint32_t priority_base,
    uint32_t pending_base, uint32_t enable_base,
    uint32_t enable_stride, uint32_t context_base,
    uint32_t context_stride, uint32_t aperture_size);

/**
 * sifive_plic_connect_harts: connect the realized PLIC @dev to the harts:
 * for every context of the hart config, output to @meip[h] (M mode) or
 * @seip[h] (S mode), h = hartid - hartid-base.  Either array may be
 * NULL; entries may be NULL (left unconnected).  Each array has
 * num-harts entries.
 */
void sifive_plic_connect_harts(DeviceState *dev, qemu_irq *meip,
                               qemu_irq *seip);

#endif
