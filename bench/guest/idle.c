/*
 * Idle benchmark for the virt board: the hart sleeps in WFI and wakes on
 * a 100 Hz machine timer interrupt for IDLE_SECONDS of guest time, then
 * exits through the finisher.  The host measures how much CPU time the
 * emulator uses meanwhile (it should be close to none).
 */
#include "guest.h"

#ifndef IDLE_SECONDS
#define IDLE_SECONDS 4
#endif
#define TICK        (TIMEBASE_FREQ / 100)   /* 10 ms */

const char *guest_prog_name = "idle";

static volatile unsigned long ticks;
static uint64_t next_cmp;

static bool timer_hook(struct trap_frame *f)
{
    if (f->cause != (CAUSE_INTR | IRQ_M_TIMER)) {
        return false;
    }
    ticks++;
    next_cmp += TICK;
    mtimecmp_write(0, next_cmp);
    return true;
}

int main(void)
{
    uint64_t start, end;
    unsigned long wakeups = 0;

    m_trap_hook = timer_hook;
    start = mtime_read();
    end = start + (uint64_t)IDLE_SECONDS * TIMEBASE_FREQ;
    next_cmp = start + TICK;
    mtimecmp_write(0, next_cmp);
    csr_write(mie, MIP_MTIP);
    csr_set(mstatus, MSTATUS_MIE);
    printf("IDLE start %d s\n", IDLE_SECONDS);
    while (mtime_read() < end) {
        asm volatile("wfi");
        wakeups++;
    }
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, 0);
    printf("IDLE done: %lu ticks, %lu wakeups\n", ticks, wakeups);
    guest_exit(0);
}
