/*
 * Goldfish real-time clock ("goldfish_rtc"): nanoseconds since the
 * epoch, and an alarm interrupt.  Same names as QEMU's
 * include/hw/rtc/goldfish_rtc.h.
 *
 * Property "big-endian" (default false).  MMIO region 0 (0x24 bytes),
 * sysbus IRQ 0.
 */
#ifndef HW_RTC_GOLDFISH_RTC_H
#define HW_RTC_GOLDFISH_RTC_H

#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/sysbus.h"
#include "qemu/timer.h"

#define TYPE_GOLDFISH_RTC "goldfish_rtc"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishRTCState, GOLDFISH_RTC)

struct GoldfishRTCState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    QEMUTimer *timer;
    qemu_irq irq;

    /* RTC time (ns since the epoch) minus the clock's time */
    uint64_t tick_offset;
    uint64_t tick_offset_vmstate;
    uint64_t alarm_next;
    uint32_t alarm_running;
    uint32_t irq_pending;
    uint32_t irq_enabled;
    uint32_t time_high;

    bool big_endian;
};

/* The clock the RTC follows (QEMU's -rtc clock= default: the host). */
#define GOLDFISH_RTC_CLOCK QEMU_CLOCK_HOST

#endif
