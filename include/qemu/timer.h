/*
 * Clocks and timers.  Timers fire from the main loop, with the BQL held.
 *
 * QEMU_CLOCK_REALTIME: monotonic host time, runs always.
 * QEMU_CLOCK_VIRTUAL: guest time; stops while the VM is stopped
 *     (qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false)).
 * QEMU_CLOCK_HOST: the host's wall clock (may jump).
 * QEMU_CLOCK_VIRTUAL_RT: without icount the same as QEMU_CLOCK_VIRTUAL.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#define NANOSECONDS_PER_SECOND 1000000000LL

#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef void QEMUTimerCB(void *opaque);
typedef struct QEMUTimerList QEMUTimerList;

typedef struct QEMUTimer {
    int64_t expire_time;        /* in nanoseconds, -1 when not pending */
    QEMUTimerList *timer_list;
    QEMUTimerCB *cb;
    void *opaque;
    struct QEMUTimer *next;
    int attributes;
    int scale;
} QEMUTimer;

/* get_clock: monotonic host time in nanoseconds. */
int64_t get_clock(void);
/* get_clock_realtime: wall clock time in nanoseconds. */
int64_t get_clock_realtime(void);

/* qemu_clock_get_ns: the current time of clock @type in nanoseconds. */
int64_t qemu_clock_get_ns(QEMUClockType type);
/* qemu_clock_get_us: the current time of clock @type in microseconds. */
int64_t qemu_clock_get_us(QEMUClockType type);
/* qemu_clock_get_ms: the current time of clock @type in milliseconds. */
int64_t qemu_clock_get_ms(QEMUClockType type);

/*
 * qemu_clock_enable: start or stop clock @type.  Timers of a stopped clock
 * do not fire.  QEMU_CLOCK_VIRTUAL (and VIRTUAL_RT) also freezes: its time
 * does not advance while disabled and resumes from where it stopped.
 */
void qemu_clock_enable(QEMUClockType type, bool enabled);
/*
 * qemu_clock_set_virtual_ns: make QEMU_CLOCK_VIRTUAL (and VIRTUAL_RT)
 * read @ns now; it goes on from there if enabled, or stays at @ns until
 * enabled.  For an incoming migration: the guest's time base continues
 * from the source's.  Armed virtual timers keep their expiry times.
 */
void qemu_clock_set_virtual_ns(int64_t ns);

/* qemu_clock_is_enabled: whether clock @type runs. */
bool qemu_clock_is_enabled(QEMUClockType type);

/*
 * qemu_clock_deadline_ns_all: nanoseconds until the earliest pending
 * timer of any enabled clock, 0 if one expired, -1 if there is none.
 */
int64_t qemu_clock_deadline_ns_all(void);
/* qemu_clock_run_timers: run expired timers of @type; true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);
/* qemu_clock_run_all_timers: run expired timers of every clock. */
bool qemu_clock_run_all_timers(void);

/* timer_init: initialize @ts on clock @type, in units of @scale ns. */
void timer_init(QEMUTimer *ts, QEMUClockType type, int scale,
                QEMUTimerCB *cb, void *opaque);
void timer_init_full(QEMUTimer *ts, void *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque);

static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_NS, cb, opaque);
}

static inline void timer_init_us(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_US, cb, opaque);
}

static inline void timer_init_ms(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_MS, cb, opaque);
}

/* timer_new: allocate and initialize a timer (free with timer_free()). */
QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque);

static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}

static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}

static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}

/* timer_deinit: undo timer_init() (the timer must not be pending). */
void timer_deinit(QEMUTimer *ts);
/* timer_free: delete and free a timer from timer_new(); NULL is ok. */
void timer_free(QEMUTimer *ts);
/* timer_del: stop @ts if pending.  Safe from any thread. */
void timer_del(QEMUTimer *ts);
/* timer_mod_ns: fire @ts when its clock reaches @expire_time ns. */
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time);
/* timer_mod: fire @ts at @expire_time, in the timer's scale. */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
/* timer_mod_anticipate_ns: like timer_mod_ns but never postpones. */
void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time);
/* timer_mod_anticipate: like timer_mod but never postpones. */
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);
/* timer_pending: whether @ts is armed. */
bool timer_pending(QEMUTimer *ts);
/* timer_expired: whether @ts is armed and due at @current_time (scaled). */
bool timer_expired(QEMUTimer *ts, int64_t current_time);
/* timer_expire_time_ns: when @ts fires in ns, or -1 if not pending. */
uint64_t timer_expire_time_ns(QEMUTimer *ts);

#endif
