/*
 * vCPU throttling for auto-converge: each vCPU runs for a time slice
 * and then sleeps long enough that it runs only (100 - pct) percent of
 * the time (QEMU's system/cpu-throttle.h).
 */
#ifndef SYSTEM_CPU_THROTTLE_H
#define SYSTEM_CPU_THROTTLE_H

/* Range of the throttle percentage */
#define CPU_THROTTLE_PCT_MIN 1
#define CPU_THROTTLE_PCT_MAX 99

/** cpu_throttle_init: create the throttle timer (idempotent). */
void cpu_throttle_init(void);

/**
 * cpu_throttle_set: throttle every vCPU by @new_throttle_pct percent,
 * clamped to [CPU_THROTTLE_PCT_MIN, CPU_THROTTLE_PCT_MAX].  Any thread.
 */
void cpu_throttle_set(int new_throttle_pct);

/** cpu_throttle_stop: let the vCPUs run at full speed again. */
void cpu_throttle_stop(void);

/** cpu_throttle_active: whether a throttle is in force. */
bool cpu_throttle_active(void);

/** cpu_throttle_get_percentage: the throttle in force, 0 if none. */
int cpu_throttle_get_percentage(void);

/*
 * cpu_throttle_vcpu_sleep_ns: for the vCPU threads (system/cpus.c),
 * after guest code returned: nanoseconds to sleep now, 0 if none.
 * *@gen is the thread's record of the last slice it slept for.
 */
int64_t cpu_throttle_vcpu_sleep_ns(uint64_t *gen);

#endif
