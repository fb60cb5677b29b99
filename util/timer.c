/*
 * Clocks and timer lists.  Each clock keeps its armed timers sorted by
 * expiry; main_loop_wait() sleeps until the earliest one and runs them.
 */
#include "qemu/osdep.h"

#include <time.h>

#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

struct QEMUTimerList {
    QEMUClockType type;
    GMutex lock;                /* protects the list and expire times */
    QEMUTimer *active;          /* sorted by expire_time */
    bool enabled;
};

static QEMUTimerList timer_lists[QEMU_CLOCK_MAX];

/*
 * Virtual time: while enabled, host monotonic time plus a bias (negative:
 * the time spent stopped, and the start offset); while disabled, frozen.
 * Readers use a sequence counter so that vCPU threads never block.
 */
static GMutex virt_lock;
static unsigned virt_seq;
static int64_t virt_bias;
static int64_t virt_frozen;
static bool virt_enabled = true;

int64_t get_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t get_clock_realtime(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static void __attribute__((constructor)) timers_init(void)
{
    int i;

    for (i = 0; i < QEMU_CLOCK_MAX; i++) {
        timer_lists[i].type = i;
        timer_lists[i].enabled = true;
        g_mutex_init(&timer_lists[i].lock);
    }
    /* Virtual time counts from zero at start-up. */
    virt_bias = -get_clock();
}

static int64_t virtual_clock_get_ns(void)
{
    unsigned seq;
    int64_t val = 0;

    do {
        seq = qatomic_load_acquire(&virt_seq);
        if (seq & 1) {
            continue;           /* a writer is in the middle */
        }
        if (qatomic_read(&virt_enabled)) {
            val = get_clock() + qatomic_read(&virt_bias);
        } else {
            val = qatomic_read(&virt_frozen);
        }
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((seq & 1) || qatomic_read(&virt_seq) != seq);
    return val;
}

static void virtual_clock_enable(bool enabled)
{
    g_mutex_lock(&virt_lock);
    if (virt_enabled != enabled) {
        int64_t now = get_clock();

        qatomic_store_release(&virt_seq, virt_seq + 1);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (enabled) {
            qatomic_set(&virt_bias, virt_frozen - now);
        } else {
            qatomic_set(&virt_frozen, now + virt_bias);
        }
        qatomic_set(&virt_enabled, enabled);
        qatomic_store_release(&virt_seq, virt_seq + 1);
    }
    g_mutex_unlock(&virt_lock);
}

void qemu_clock_set_virtual_ns(int64_t ns)
{
    g_mutex_lock(&virt_lock);
    qatomic_store_release(&virt_seq, virt_seq + 1);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (virt_enabled) {
        qatomic_set(&virt_bias, ns - get_clock());
    } else {
        qatomic_set(&virt_frozen, ns);
    }
    qatomic_store_release(&virt_seq, virt_seq + 1);
    g_mutex_unlock(&virt_lock);
    /* Deadlines of virtual timers moved relative to host time. */
    qemu_notify_event();
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return get_clock();
    case QEMU_CLOCK_HOST:
        return get_clock_realtime();
    case QEMU_CLOCK_VIRTUAL:
    case QEMU_CLOCK_VIRTUAL_RT:
    default:
        return virtual_clock_get_ns();
    }
}

int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}

int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

void qemu_clock_enable(QEMUClockType type, bool enabled)
{
    g_assert(type >= 0 && type < QEMU_CLOCK_MAX);
    if (type == QEMU_CLOCK_VIRTUAL || type == QEMU_CLOCK_VIRTUAL_RT) {
        /* Both names share one time base without icount. */
        virtual_clock_enable(enabled);
        qatomic_set(&timer_lists[QEMU_CLOCK_VIRTUAL].enabled, enabled);
        qatomic_set(&timer_lists[QEMU_CLOCK_VIRTUAL_RT].enabled, enabled);
    } else {
        qatomic_set(&timer_lists[type].enabled, enabled);
    }
    /* The main loop must recompute its deadline. */
    qemu_notify_event();
}

bool qemu_clock_is_enabled(QEMUClockType type)
{
    g_assert(type >= 0 && type < QEMU_CLOCK_MAX);
    return qatomic_read(&timer_lists[type].enabled);
}

int64_t qemu_clock_deadline_ns_all(void)
{
    int64_t deadline = -1;
    int i;

    for (i = 0; i < QEMU_CLOCK_MAX; i++) {
        QEMUTimerList *tl = &timer_lists[i];
        int64_t expire, delta;

        if (!qatomic_read(&tl->enabled)) {
            continue;
        }
        g_mutex_lock(&tl->lock);
        expire = tl->active ? tl->active->expire_time : -1;
        g_mutex_unlock(&tl->lock);
        if (expire < 0) {
            continue;
        }
        delta = expire - qemu_clock_get_ns(i);
        if (delta < 0) {
            delta = 0;
        }
        if (deadline < 0 || delta < deadline) {
            deadline = delta;
        }
    }
    return deadline;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    QEMUTimerList *tl = &timer_lists[type];
    bool progress = false;
    int64_t now;

    if (!qatomic_read(&tl->enabled)) {
        return false;
    }
    now = qemu_clock_get_ns(type);
    for (;;) {
        QEMUTimer *ts;
        QEMUTimerCB *cb;
        void *opaque;

        g_mutex_lock(&tl->lock);
        ts = tl->active;
        if (!ts || ts->expire_time > now) {
            g_mutex_unlock(&tl->lock);
            break;
        }
        tl->active = ts->next;
        ts->next = NULL;
        ts->expire_time = -1;
        cb = ts->cb;
        opaque = ts->opaque;
        g_mutex_unlock(&tl->lock);

        /* The callback may re-arm or free the timer. */
        cb(opaque);
        progress = true;
    }
    return progress;
}

bool qemu_clock_run_all_timers(void)
{
    bool progress = false;
    int i;

    for (i = 0; i < QEMU_CLOCK_MAX; i++) {
        progress |= qemu_clock_run_timers(i);
    }
    return progress;
}

void timer_init_full(QEMUTimer *ts, void *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque)
{
    g_assert(type >= 0 && type < QEMU_CLOCK_MAX);
    ts->timer_list = &timer_lists[type];
    ts->cb = cb;
    ts->opaque = opaque;
    ts->scale = scale;
    ts->attributes = attributes;
    ts->expire_time = -1;
    ts->next = NULL;
}

void timer_init(QEMUTimer *ts, QEMUClockType type, int scale,
                QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, NULL, type, scale, 0, cb, opaque);
}

QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    timer_init(ts, type, scale, cb, opaque);
    return ts;
}

/* Unlink @ts if armed; list lock held. */
static void timer_del_locked(QEMUTimerList *tl, QEMUTimer *ts)
{
    QEMUTimer **p;

    ts->expire_time = -1;
    for (p = &tl->active; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            ts->next = NULL;
            return;
        }
    }
}

/* Insert @ts in order; list lock held.  Returns true if it is the head. */
static bool timer_insert_locked(QEMUTimerList *tl, QEMUTimer *ts,
                                int64_t expire_time)
{
    QEMUTimer **p;

    if (expire_time < 0) {
        expire_time = 0;
    }
    for (p = &tl->active; *p; p = &(*p)->next) {
        if ((*p)->expire_time > expire_time) {
            break;
        }
    }
    ts->expire_time = expire_time;
    ts->next = *p;
    *p = ts;
    return p == &tl->active;
}

void timer_deinit(QEMUTimer *ts)
{
    g_assert(!timer_pending(ts));
    ts->timer_list = NULL;
}

void timer_del(QEMUTimer *ts)
{
    QEMUTimerList *tl = ts->timer_list;

    if (!tl) {
        return;
    }
    g_mutex_lock(&tl->lock);
    timer_del_locked(tl, ts);
    g_mutex_unlock(&tl->lock);
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool first;

    g_mutex_lock(&tl->lock);
    timer_del_locked(tl, ts);
    first = timer_insert_locked(tl, ts, expire_time);
    g_mutex_unlock(&tl->lock);
    if (first) {
        /* An earlier deadline: wake the main loop to re-arm its wait. */
        qemu_notify_event();
    }
}

/* Scale @expire_time to ns, saturating instead of overflowing. */
static int64_t timer_scale_ns(QEMUTimer *ts, int64_t expire_time)
{
    if (expire_time > INT64_MAX / ts->scale) {
        return INT64_MAX;
    }
    return expire_time * ts->scale;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns(ts, timer_scale_ns(ts, expire_time));
}

void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool first = false;

    g_mutex_lock(&tl->lock);
    if (ts->expire_time < 0 || ts->expire_time > expire_time) {
        timer_del_locked(tl, ts);
        first = timer_insert_locked(tl, ts, expire_time);
    }
    g_mutex_unlock(&tl->lock);
    if (first) {
        qemu_notify_event();
    }
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_anticipate_ns(ts, timer_scale_ns(ts, expire_time));
}

bool timer_pending(QEMUTimer *ts)
{
    return qatomic_read(&ts->expire_time) >= 0;
}

bool timer_expired(QEMUTimer *ts, int64_t current_time)
{
    int64_t expire = qatomic_read(&ts->expire_time);

    return expire >= 0 && expire <= current_time * ts->scale;
}

uint64_t timer_expire_time_ns(QEMUTimer *ts)
{
    return timer_pending(ts) ? ts->expire_time : -1;
}
