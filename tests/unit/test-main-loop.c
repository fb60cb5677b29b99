/*
 * Main loop tests: timers, clocks, fd handlers, bottom halves, the BQL.
 */
#include "qemu/osdep.h"

#include "qemu/main-loop.h"
#include "qemu/timer.h"

/* Run the main loop until *@flag or @ms milliseconds; iterations used. */
static int run_until(bool *flag, int ms)
{
    int64_t end = get_clock() + ms * (int64_t)SCALE_MS;
    int iterations = 0;

    while (!*flag && get_clock() < end) {
        main_loop_wait(false);
        iterations++;
    }
    return iterations;
}

typedef struct TimerLog {
    GString *order;
    bool done;
} TimerLog;

static void log_a(void *opaque)
{
    g_string_append_c(((TimerLog *)opaque)->order, 'a');
}

static void log_b(void *opaque)
{
    g_string_append_c(((TimerLog *)opaque)->order, 'b');
}

static void log_c(void *opaque)
{
    TimerLog *log = opaque;

    g_string_append_c(log->order, 'c');
    log->done = true;
}

static void test_timers_order(void)
{
    TimerLog log = { .order = g_string_new("") };
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    QEMUTimer *a = timer_new_ms(QEMU_CLOCK_REALTIME, log_a, &log);
    QEMUTimer *b = timer_new_ms(QEMU_CLOCK_REALTIME, log_b, &log);
    QEMUTimer *c = timer_new_ns(QEMU_CLOCK_REALTIME, log_c, &log);

    timer_mod(b, now + 20);
    timer_mod(a, now + 10);
    timer_mod_ns(c, (now + 40) * SCALE_MS);
    g_assert_true(timer_pending(a));
    g_assert_cmpuint(timer_expire_time_ns(a), ==, (now + 10) * SCALE_MS);
    g_assert_false(timer_expired(a, now));
    g_assert_true(timer_expired(a, now + 10));

    run_until(&log.done, 2000);
    g_assert_cmpstr(log.order->str, ==, "abc");
    g_assert_false(timer_pending(a));
    g_assert_cmpint((int64_t)timer_expire_time_ns(a), ==, -1);

    timer_free(a);
    timer_free(b);
    timer_free(c);
    g_string_free(log.order, true);
}

static void test_timer_del_and_anticipate(void)
{
    TimerLog log = { .order = g_string_new("") };
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    QEMUTimer *a = timer_new_ms(QEMU_CLOCK_REALTIME, log_a, &log);
    QEMUTimer *c = timer_new_ms(QEMU_CLOCK_REALTIME, log_c, &log);

    timer_mod(a, now + 5);
    timer_del(a);
    g_assert_false(timer_pending(a));

    /* anticipate never postpones */
    timer_mod(c, now + 30);
    timer_mod_anticipate(c, now + 1000);
    g_assert_cmpuint(timer_expire_time_ns(c), ==, (now + 30) * SCALE_MS);
    timer_mod_anticipate(c, now + 10);
    g_assert_cmpuint(timer_expire_time_ns(c), ==, (now + 10) * SCALE_MS);

    run_until(&log.done, 2000);
    g_assert_cmpstr(log.order->str, ==, "c");

    /* a huge expiry saturates instead of wrapping into the past */
    timer_mod(a, INT64_MAX / 2);
    g_assert_cmpuint(timer_expire_time_ns(a), ==, INT64_MAX);
    timer_free(a);
    timer_free(c);
    g_string_free(log.order, true);
}

static int rearm_count;
static QEMUTimer *rearm_timer;
static bool rearm_done;

static void rearm(void *opaque)
{
    if (++rearm_count < 3) {
        timer_mod(rearm_timer, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 1);
    } else {
        rearm_done = true;
    }
}

static void test_timer_rearm_in_callback(void)
{
    QEMUTimer *t;

    t = rearm_timer = timer_new_ms(QEMU_CLOCK_REALTIME, rearm, NULL);
    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME));
    run_until(&rearm_done, 2000);
    g_assert_cmpint(rearm_count, ==, 3);
    timer_free(t);
}

static void test_virtual_clock_freeze(void)
{
    TimerLog log = { .order = g_string_new("") };
    QEMUTimer *v = timer_new_ns(QEMU_CLOCK_VIRTUAL, log_c, &log);
    int64_t t0, t1, t2;

    g_assert_true(qemu_clock_is_enabled(QEMU_CLOCK_VIRTUAL));
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(t0, >=, 0);

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    g_assert_false(qemu_clock_is_enabled(QEMU_CLOCK_VIRTUAL));
    t1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(30000);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), ==, t1);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL_RT), ==, t1);

    /* A stopped clock's timers do not fire, and do not wake the loop. */
    timer_mod_ns(v, t1);
    main_loop_wait(true);
    g_assert_false(log.done);
    g_assert_cmpint(qemu_clock_deadline_ns_all(), ==, -1);

    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    t2 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* resumes from where it stopped: the 30ms pause is not counted */
    g_assert_cmpint(t2 - t1, <, 20 * SCALE_MS);
    g_assert_cmpint(t2, >=, t1);
    run_until(&log.done, 2000);
    g_assert_true(log.done);

    /* other clocks are sane */
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_HOST), >,
                    1500000000LL * NANOSECONDS_PER_SECOND);
    g_assert_cmpint(qemu_clock_get_us(QEMU_CLOCK_REALTIME), >, 0);
    timer_free(v);
    g_string_free(log.order, true);
}

static void test_idle_does_not_spin(void)
{
    TimerLog log = { .order = g_string_new("") };
    QEMUTimer *t = timer_new_ms(QEMU_CLOCK_REALTIME, log_c, &log);
    int64_t start = get_clock();
    int iterations;

    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 100);
    iterations = run_until(&log.done, 2000);
    g_assert_true(log.done);
    g_assert_cmpint(get_clock() - start, >=, 99 * SCALE_MS);
    /* a busy loop would iterate thousands of times */
    g_assert_cmpint(iterations, <=, 5);
    timer_free(t);
    g_string_free(log.order, true);
}

typedef struct FdState {
    int fds[2];
    int reads;
    int writes;
    bool done;
    char buf[16];
} FdState;

static void fd_read_cb(void *opaque)
{
    FdState *s = opaque;
    ssize_t n = read(s->fds[0], s->buf, sizeof(s->buf) - 1);

    g_assert_cmpint(n, >, 0);
    s->buf[n] = 0;
    s->reads++;
    s->done = true;
}

static void fd_write_cb(void *opaque)
{
    FdState *s = opaque;

    s->writes++;
    /* writable once is enough: stop watching */
    qemu_set_fd_handler(s->fds[1], NULL, NULL, NULL);
    s->done = true;
}

static void test_fd_handler(void)
{
    FdState s = { 0 };

    g_assert_cmpint(pipe(s.fds), ==, 0);
    qemu_set_fd_handler(s.fds[0], fd_read_cb, NULL, &s);
    main_loop_wait(true);
    g_assert_cmpint(s.reads, ==, 0);

    g_assert_cmpint(write(s.fds[1], "hi", 2), ==, 2);
    run_until(&s.done, 2000);
    g_assert_cmpint(s.reads, ==, 1);
    g_assert_cmpstr(s.buf, ==, "hi");

    /* removed handlers are not called any more */
    qemu_set_fd_handler(s.fds[0], NULL, NULL, NULL);
    g_assert_cmpint(write(s.fds[1], "x", 1), ==, 1);
    main_loop_wait(true);
    main_loop_wait(true);
    g_assert_cmpint(s.reads, ==, 1);

    s.done = false;
    qemu_set_fd_handler(s.fds[1], NULL, fd_write_cb, &s);
    run_until(&s.done, 2000);
    g_assert_cmpint(s.writes, ==, 1);
    main_loop_wait(true);
    g_assert_cmpint(s.writes, ==, 1);
    close(s.fds[0]);
    close(s.fds[1]);
}

typedef struct BHState {
    int runs;
    bool done;
    QEMUBH *bh;
} BHState;

static void bh_cb(void *opaque)
{
    BHState *s = opaque;

    s->runs++;
    s->done = true;
}

static gpointer schedule_later(gpointer opaque)
{
    g_usleep(50000);
    qemu_bh_schedule(opaque);
    return NULL;
}

static void test_bh(void)
{
    BHState s = { 0 };
    GThread *th;
    int64_t start;

    s.bh = qemu_bh_new(bh_cb, &s);
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 0);

    /* scheduling twice still runs once */
    qemu_bh_schedule(s.bh);
    qemu_bh_schedule(s.bh);
    main_loop_wait(false);
    g_assert_cmpint(s.runs, ==, 1);
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 1);

    /* cancel */
    qemu_bh_schedule(s.bh);
    qemu_bh_cancel(s.bh);
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 1);

    /* scheduled from another thread, it wakes a blocked loop */
    s.done = false;
    start = get_clock();
    th = g_thread_new("bh", schedule_later, s.bh);
    main_loop_wait(false);
    g_assert_true(s.done);
    g_assert_cmpint(s.runs, ==, 2);
    g_assert_cmpint(get_clock() - start, >=, 40 * SCALE_MS);
    g_thread_join(th);

    /* deleted while scheduled: never runs */
    qemu_bh_schedule(s.bh);
    qemu_bh_delete(s.bh);
    main_loop_wait(true);
    g_assert_cmpint(s.runs, ==, 2);

    s.done = false;
    qemu_bh_schedule_oneshot(bh_cb, &s);
    main_loop_wait(false);
    g_assert_cmpint(s.runs, ==, 3);
}

static gpointer take_bql(gpointer opaque)
{
    bool *taken = opaque;

    bql_lock();
    g_assert_true(bql_locked());
    *taken = true;
    bql_unlock();
    qemu_notify_event();
    return NULL;
}

static void test_bql(void)
{
    bool taken = false;
    GThread *th;
    int i;

    g_assert_true(bql_locked());
    th = g_thread_new("bql", take_bql, &taken);
    /* the other thread can only get the lock while we poll */
    for (i = 0; i < 100 && !taken; i++) {
        main_loop_wait(false);
    }
    g_thread_join(th);
    g_assert_true(taken);
    g_assert_true(bql_locked());

    {
        /* the guard is a no-op when the lock is already held */
        BQL_LOCK_GUARD();
        g_assert_true(bql_locked());
    }
    g_assert_true(bql_locked());
    bql_unlock();
    {
        BQL_LOCK_GUARD();
        g_assert_true(bql_locked());
    }
    g_assert_false(bql_locked());
    bql_lock();
    g_assert_true(qemu_in_main_thread());
}

static gpointer notify_later(gpointer opaque)
{
    g_usleep(30000);
    qemu_notify_event();
    return NULL;
}

static void test_notify(void)
{
    GThread *th = g_thread_new("notify", notify_later, NULL);
    int64_t start = get_clock();

    /* nothing else pending: only the notification ends the wait */
    main_loop_wait(false);
    g_assert_cmpint(get_clock() - start, >=, 20 * SCALE_MS);
    g_thread_join(th);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_cmpint(qemu_init_main_loop(NULL), ==, 0);

    g_test_add_func("/main-loop/timers/order", test_timers_order);
    g_test_add_func("/main-loop/timers/del-anticipate",
                    test_timer_del_and_anticipate);
    g_test_add_func("/main-loop/timers/rearm", test_timer_rearm_in_callback);
    g_test_add_func("/main-loop/clock/virtual-freeze",
                    test_virtual_clock_freeze);
    g_test_add_func("/main-loop/idle-no-spin", test_idle_does_not_spin);
    g_test_add_func("/main-loop/fd-handler", test_fd_handler);
    g_test_add_func("/main-loop/bh", test_bh);
    g_test_add_func("/main-loop/bql", test_bql);
    g_test_add_func("/main-loop/notify", test_notify);
    return g_test_run();
}
