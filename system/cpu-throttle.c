/*
 * vCPU throttling.  A timer on the guest's clock ends a time slice of
 * CPU_THROTTLE_TIMESLICE_NS / (1 - pct) and kicks every vCPU; each vCPU
 * thread, once out of guest code, sleeps pct / (1 - pct) time slices,
 * so that it runs (100 - pct) percent of the time.  The sleep itself
 * is done by the vCPU loop (system/cpus.c), which cuts it short when
 * the vCPU is paused or the process exits.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/timer.h"
#include "system/cpus.h"
#include "system/cpu-throttle.h"

#define CPU_THROTTLE_TIMESLICE_NS 10000000LL   /* 10 ms */

static QEMUTimer *throttle_timer;
static GOnce throttle_once = G_ONCE_INIT;
static int throttle_percentage;     /* atomic; 0: off */
static uint64_t throttle_gen;       /* atomic; bumped at each slice end */

static void cpu_throttle_timer_tick(void *opaque);

static gpointer throttle_timer_new(gpointer unused)
{
    throttle_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL_RT,
                                  cpu_throttle_timer_tick, NULL);
    return NULL;
}

void cpu_throttle_init(void)
{
    g_once(&throttle_once, throttle_timer_new, NULL);
}

/* One slice of run plus sleep, in ns, at @pct. */
static int64_t throttle_period_ns(int pct)
{
    return CPU_THROTTLE_TIMESLICE_NS * 100 / (100 - pct);
}

static void cpu_throttle_timer_tick(void *opaque)
{
    int pct = qatomic_read(&throttle_percentage);
    RISCVCPU *cpu;

    if (!pct) {
        return;
    }
    qatomic_inc(&throttle_gen);
    for (int i = 0; (cpu = qemu_get_cpu(i)); i++) {
        qemu_cpu_kick(cpu);
    }
    timer_mod(throttle_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT) +
                              throttle_period_ns(pct));
}

void cpu_throttle_set(int new_throttle_pct)
{
    bool was_off;

    new_throttle_pct = MAX(new_throttle_pct, CPU_THROTTLE_PCT_MIN);
    new_throttle_pct = MIN(new_throttle_pct, CPU_THROTTLE_PCT_MAX);
    cpu_throttle_init();
    was_off = !qatomic_xchg(&throttle_percentage, new_throttle_pct);
    if (was_off) {
        /* The first slice ends one slice from now. */
        timer_mod(throttle_timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT) +
                                  CPU_THROTTLE_TIMESLICE_NS);
    }
}

void cpu_throttle_stop(void)
{
    qatomic_set(&throttle_percentage, 0);
    if (throttle_timer) {
        timer_del(throttle_timer);
    }
}

bool cpu_throttle_active(void)
{
    return qatomic_read(&throttle_percentage) != 0;
}

int cpu_throttle_get_percentage(void)
{
    return qatomic_read(&throttle_percentage);
}

int64_t cpu_throttle_vcpu_sleep_ns(uint64_t *gen)
{
    int pct = qatomic_read(&throttle_percentage);
    uint64_t now_gen = qatomic_read(&throttle_gen);

    if (!pct || *gen == now_gen) {
        *gen = now_gen;
        return 0;
    }
    *gen = now_gen;
    return CPU_THROTTLE_TIMESLICE_NS * pct / (100 - pct);
}
