/*
 * The main loop: one GLib main context (the default one) that owns the
 * monitors, chardevs, timers and bottom halves, run under the big lock
 * (BQL).  vCPU threads take the BQL to touch device state.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

typedef struct Error Error;

/* Callback of an fd handler or a bottom half. */
typedef void IOHandler(void *opaque);
/* Frontend callbacks used by character devices. */
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef int IOCanReadHandler(void *opaque);

/*
 * qemu_init_main_loop: set up the main loop (timers, signals that must
 * not kill us such as SIGPIPE).  The calling thread becomes the main
 * loop thread and holds the BQL on return.  Returns 0 (errors are set
 * in @errp and give a negative value).
 */
int qemu_init_main_loop(Error **errp);

/*
 * main_loop_wait: run one iteration of the main loop: wait (unless
 * @nonblocking) until an fd is ready, a bottom half is scheduled, a timer
 * expires or qemu_notify_event() is called, then dispatch them.  The BQL
 * is dropped while waiting if the caller holds it.
 */
void main_loop_wait(int nonblocking);

/* qemu_notify_event: wake main_loop_wait() from any thread. */
void qemu_notify_event(void);

/* qemu_in_main_thread: whether the caller runs the main loop. */
bool qemu_in_main_thread(void);

/*
 * qemu_set_fd_handler: call @fd_read when @fd is readable and @fd_write
 * when it is writable, from the main loop.  Both NULL removes the
 * handler.  Calling it again for the same fd replaces the handlers.
 */
void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);

/* The big QEMU lock. */
/* bql_lock: take the BQL (not recursive). */
void bql_lock(void);
/* bql_unlock: release the BQL, which the calling thread must hold. */
void bql_unlock(void);
/* bql_locked: whether the calling thread holds the BQL. */
bool bql_locked(void);

static inline void bql_auto_unlock(void *p)
{
    if (p) {
        bql_unlock();
    }
}

static inline void *bql_auto_lock(void)
{
    if (bql_locked()) {
        return NULL;
    }
    bql_lock();
    return (void *)1;
}

#define BQL_GLUE_(a, b) a ## b
#define BQL_GLUE(a, b) BQL_GLUE_(a, b)

/*
 * BQL_LOCK_GUARD: hold the BQL until the end of the enclosing scope
 * (no-op if the thread already holds it).
 */
#define BQL_LOCK_GUARD()                                                \
    void *BQL_GLUE(bql_guard_, __LINE__)                                \
        __attribute__((cleanup(bql_guard_cleanup_), unused)) =          \
        bql_auto_lock()

static inline void bql_guard_cleanup_(void **p)
{
    bql_auto_unlock(*p);
}

/* Bottom halves: callbacks run once, soon, from the main loop. */
typedef void QEMUBHFunc(void *opaque);
typedef struct QEMUBH QEMUBH;

/* qemu_bh_new_full: a new, unscheduled bottom half calling @cb(@opaque). */
QEMUBH *qemu_bh_new_full(QEMUBHFunc *cb, void *opaque, const char *name);
#define qemu_bh_new(cb, opaque) qemu_bh_new_full((cb), (opaque), (#cb))
/* qemu_bh_schedule: run @bh once from the main loop (thread-safe). */
void qemu_bh_schedule(QEMUBH *bh);
/* qemu_bh_cancel: unschedule @bh if it has not run yet. */
void qemu_bh_cancel(QEMUBH *bh);
/* qemu_bh_delete: cancel and free @bh. */
void qemu_bh_delete(QEMUBH *bh);
/*
 * aio_bh_schedule_oneshot-like helper: run @cb(@opaque) once from the
 * main loop; no handle is kept.
 */
void qemu_bh_schedule_oneshot(QEMUBHFunc *cb, void *opaque);

#endif
