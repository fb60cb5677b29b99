/*
 * The guest's time base in migration: QEMU's system/cpu-timers.h.
 */
#ifndef SYSTEM_CPU_TIMERS_H
#define SYSTEM_CPU_TIMERS_H

#include <stdint.h>

/*
 * cpu_timers_init: register the "timer" migration section, which carries
 * QEMU_CLOCK_VIRTUAL so that the destination's guest time continues from
 * the source's.  Call at start-up; further calls do nothing.  Devices
 * migrate their timers as absolute virtual times, so the section's place
 * in the stream does not matter.  The ACLINT timer calls it too.
 */
void cpu_timers_init(void);

/*
 * cpu_get_clock: the virtual clock in nanoseconds (time the VM has run),
 * the same as qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL).
 */
int64_t cpu_get_clock(void);

#endif
