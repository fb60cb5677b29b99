/*
 * Helpers shared by the device unit tests: register access through the
 * memory API's dispatch, and interrupt lines that record their level.
 */
#ifndef TESTS_UNIT_DEV_TEST_UTIL_H
#define TESTS_UNIT_DEV_TEST_UTIL_H

#include "exec/memory.h"
#include "exec/memop.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "qemu/main-loop.h"

static inline uint64_t dev_read(SysBusDevice *sbd, hwaddr addr,
                                unsigned size)
{
    MemoryRegion *mr = sysbus_mmio_get_region(sbd, 0);
    uint64_t val = 0xdeadbeef;

    memory_region_dispatch_read(mr, addr, &val, size_memop(size),
                                MEMTXATTRS_UNSPECIFIED);
    return val;
}

static inline MemTxResult dev_write(SysBusDevice *sbd, hwaddr addr,
                                    uint64_t val, unsigned size)
{
    MemoryRegion *mr = sysbus_mmio_get_region(sbd, 0);

    return memory_region_dispatch_write(mr, addr, val, size_memop(size),
                                        MEMTXATTRS_UNSPECIFIED);
}

/* Up to 16 lines whose last level is kept in irq_level[] */
static int irq_level[16];
static int irq_changes[16];

static void irq_sink(void *opaque, int n, int level)
{
    if (irq_level[n] != level) {
        irq_changes[n]++;
    }
    irq_level[n] = level;
}

/* New sink lines 0..n-1 (the previous set is released). */
static qemu_irq *irq_sink_lines;
static int irq_sink_count;

static inline qemu_irq *irq_sinks(int n)
{
    if (irq_sink_lines) {
        qemu_free_irqs(irq_sink_lines, irq_sink_count);
    }
    memset(irq_level, 0, sizeof(irq_level));
    memset(irq_changes, 0, sizeof(irq_changes));
    irq_sink_lines = qemu_allocate_irqs(irq_sink, NULL, n);
    irq_sink_count = n;
    return irq_sink_lines;
}

/* Run the main loop until *flag is set or @ms milliseconds passed. */
static inline bool run_until(const int *flag, int ms)
{
    gint64 deadline = g_get_monotonic_time() + ms * 1000;

    while (!*flag && g_get_monotonic_time() < deadline) {
        main_loop_wait(true);
        g_usleep(200);
    }
    return *flag;
}

#endif
