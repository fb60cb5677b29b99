/*
 * lowRISC Ibex PLIC ("ibex-plic"), the interrupt controller of
 * OpenTitan (its rv_plic IP) for one M-mode target per hart.
 *
 * Inputs: "num-sources" unnamed GPIO lines (unnamed-gpio-in[N] is
 * source N; source 0 is reserved and never pending).  Output: the
 * machine external interrupt (mip.MEIP) of harts 0 .. num-cpus - 1,
 * driven directly, as the Ibex core has a single external line.
 *
 * Registers, at offsets set by properties (defaults in brackets):
 *   IP[pending-num]   pending bits, 32 sources per word  [0x000]
 *   LE[source-num]    level/edge (accepted, level only)  [0x00c]
 *   PRIO[priority-num] priority of source i at base+4*i  [0x018]
 *   IE[enable-num]    enable bits of the target          [0x200]
 *   THRESHOLD         only priorities above it interrupt [0x20c]
 *   CC                read: claim, write: complete       [0x210]
 * Priorities and the threshold are 3 bits wide.  Sources are level
 * sensitive: a source pends while its line is high and it is not
 * claimed; completing it lets a line still high pend again.
 */
#ifndef HW_INTC_IBEX_PLIC_H
#define HW_INTC_IBEX_PLIC_H

#include "hw/sysbus.h"

#define IBEX_PLIC_MMIO_SIZE 0x400
#define IBEX_PLIC_PRIO_MASK 7

#define TYPE_IBEX_PLIC "ibex-plic"
OBJECT_DECLARE_SIMPLE_TYPE(IbexPlicState, IBEX_PLIC)

struct IbexPlicState {
    /* <private> */
    SysBusDevice parent_obj;

    /* <public> */
    MemoryRegion mmio;

    uint32_t num_cpus;
    uint32_t num_sources;
    uint32_t pending_base, pending_num;
    uint32_t source_base, source_num;
    uint32_t priority_base, priority_num;
    uint32_t enable_base, enable_num;
    uint32_t threshold_base;
    uint32_t claim_base;

    uint32_t *pending;          /* pending_num words */
    uint32_t *claimed;          /* pending_num words: claimed, not done */
    uint32_t *level;            /* pending_num words: input line levels */
    uint32_t *source;           /* source_num words (LE) */
    uint32_t *priority;         /* priority_num words */
    uint32_t *enable;           /* enable_num words */
    uint32_t threshold;
    bool meip;                  /* level last driven to the harts */
};

#endif
