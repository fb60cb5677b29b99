/*
 * Internals of system/cpu-timers.c, for its unit test.
 */
#ifndef SYSTEM_CPU_TIMERS_INTERNAL_H
#define SYSTEM_CPU_TIMERS_INTERNAL_H

#include "migration/vmstate.h"

typedef struct TimersState {
    /* QEMU's names; without icount both hold the virtual clock */
    int64_t cpu_ticks_offset;
    int64_t cpu_clock_offset;
} TimersState;

extern TimersState timers_state;
extern const VMStateDescription vmstate_timers;

#endif
