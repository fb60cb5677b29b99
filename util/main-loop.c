/*
 * The main loop: GLib's default main context polled by main_loop_wait(),
 * with fd handlers, bottom halves and the QEMU timers, under the BQL.
 */
#include "qemu/osdep.h"

#include <poll.h>

#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

/* ---------------------------------------------------------------- */
/* The big lock */

static GMutex bql;
static __thread bool bql_held;

void bql_lock(void)
{
    g_assert(!bql_held);
    g_mutex_lock(&bql);
    bql_held = true;
}

void bql_unlock(void)
{
    g_assert(bql_held);
    bql_held = false;
    g_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_held;
}

/* ---------------------------------------------------------------- */
/* fd handlers: one GSource per fd, watching the conditions wanted */

typedef struct IOHandlerSource {
    GSource source;
    int fd;
    gpointer tag;
    IOHandler *fd_read;
    IOHandler *fd_write;
    void *opaque;
} IOHandlerSource;

static GMutex io_handlers_lock;
static GHashTable *io_handlers;     /* fd -> IOHandlerSource */

static GIOCondition io_handler_cond(IOHandlerSource *s)
{
    GIOCondition cond = 0;

    if (s->fd_read) {
        cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    if (s->fd_write) {
        cond |= G_IO_OUT | G_IO_ERR;
    }
    return cond;
}

static gboolean io_handler_dispatch(GSource *source, GSourceFunc cb,
                                    gpointer data)
{
    IOHandlerSource *s = (IOHandlerSource *)source;
    GIOCondition revents = g_source_query_unix_fd(source, s->tag);

    if (s->fd_read && (revents & (G_IO_IN | G_IO_HUP | G_IO_ERR))) {
        s->fd_read(s->opaque);
    }
    /* The read handler may have removed or replaced us. */
    if (g_source_is_destroyed(source)) {
        return G_SOURCE_REMOVE;
    }
    if (s->fd_write && (revents & (G_IO_OUT | G_IO_ERR))) {
        s->fd_write(s->opaque);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs io_handler_funcs = {
    .dispatch = io_handler_dispatch,
};

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    IOHandlerSource *s;

    g_mutex_lock(&io_handlers_lock);
    if (!io_handlers) {
        io_handlers = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    s = g_hash_table_lookup(io_handlers, GINT_TO_POINTER(fd));
    if (!fd_read && !fd_write) {
        if (s) {
            g_hash_table_remove(io_handlers, GINT_TO_POINTER(fd));
            g_source_destroy(&s->source);
            g_source_unref(&s->source);
        }
        g_mutex_unlock(&io_handlers_lock);
        return;
    }
    if (!s) {
        s = (IOHandlerSource *)g_source_new(&io_handler_funcs,
                                            sizeof(IOHandlerSource));
        g_source_set_name(&s->source, "fd-handler");
        s->fd = fd;
        s->fd_read = fd_read;
        s->fd_write = fd_write;
        s->opaque = opaque;
        s->tag = g_source_add_unix_fd(&s->source, fd, io_handler_cond(s));
        g_hash_table_insert(io_handlers, GINT_TO_POINTER(fd), s);
        g_source_attach(&s->source, NULL);
    } else {
        s->fd_read = fd_read;
        s->fd_write = fd_write;
        s->opaque = opaque;
        g_source_modify_unix_fd(&s->source, s->tag, io_handler_cond(s));
    }
    g_mutex_unlock(&io_handlers_lock);
    qemu_notify_event();
}

/* ---------------------------------------------------------------- */
/* Bottom halves: one GSource runs every scheduled BH */

struct QEMUBH {
    QEMUBHFunc *cb;
    void *opaque;
    char *name;
    bool scheduled;
    bool deleted;
    bool oneshot;
    QEMUBH *next;
};

static GMutex bh_lock;
static QEMUBH *bh_list;
static bool bh_walking;
static GSource *bh_source;

static bool bh_any_scheduled(void)
{
    QEMUBH *bh;
    bool any = false;

    g_mutex_lock(&bh_lock);
    for (bh = bh_list; bh; bh = bh->next) {
        if (bh->scheduled && !bh->deleted) {
            any = true;
            break;
        }
    }
    g_mutex_unlock(&bh_lock);
    return any;
}

static gboolean bh_source_prepare(GSource *source, gint *timeout)
{
    if (bh_any_scheduled()) {
        *timeout = 0;
        return TRUE;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean bh_source_check(GSource *source)
{
    return bh_any_scheduled();
}

/* Free deleted BHs; bh_lock held and nobody walking the list. */
static void bh_sweep_locked(void)
{
    QEMUBH **p = &bh_list;

    while (*p) {
        QEMUBH *bh = *p;

        if (bh->deleted) {
            *p = bh->next;
            g_free(bh->name);
            g_free(bh);
        } else {
            p = &bh->next;
        }
    }
}

static gboolean bh_source_dispatch(GSource *source, GSourceFunc cb,
                                   gpointer data)
{
    QEMUBH *bh;
    bool was_walking;

    g_mutex_lock(&bh_lock);
    /* A BH may run a nested main loop; only the outer walk sweeps. */
    was_walking = bh_walking;
    bh_walking = true;
    for (bh = bh_list; bh; bh = bh->next) {
        if (bh->scheduled && !bh->deleted) {
            bh->scheduled = false;
            if (bh->oneshot) {
                bh->deleted = true;
            }
            g_mutex_unlock(&bh_lock);
            bh->cb(bh->opaque);
            g_mutex_lock(&bh_lock);
        }
    }
    bh_walking = was_walking;
    if (!bh_walking) {
        bh_sweep_locked();
    }
    g_mutex_unlock(&bh_lock);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs bh_source_funcs = {
    .prepare = bh_source_prepare,
    .check = bh_source_check,
    .dispatch = bh_source_dispatch,
};

static void main_loop_sources_init(void)
{
    static gsize initialized;

    if (g_once_init_enter(&initialized)) {
        bh_source = g_source_new(&bh_source_funcs, sizeof(GSource));
        g_source_set_name(bh_source, "bottom-halves");
        g_source_attach(bh_source, NULL);
        g_once_init_leave(&initialized, 1);
    }
}

QEMUBH *qemu_bh_new_full(QEMUBHFunc *cb, void *opaque, const char *name)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    main_loop_sources_init();
    bh->cb = cb;
    bh->opaque = opaque;
    bh->name = g_strdup(name);
    g_mutex_lock(&bh_lock);
    bh->next = bh_list;
    bh_list = bh;
    g_mutex_unlock(&bh_lock);
    return bh;
}

void qemu_bh_schedule(QEMUBH *bh)
{
    bool notify = false;

    g_mutex_lock(&bh_lock);
    if (!bh->scheduled && !bh->deleted) {
        bh->scheduled = true;
        notify = true;
    }
    g_mutex_unlock(&bh_lock);
    if (notify) {
        qemu_notify_event();
    }
}

void qemu_bh_cancel(QEMUBH *bh)
{
    g_mutex_lock(&bh_lock);
    bh->scheduled = false;
    g_mutex_unlock(&bh_lock);
}

void qemu_bh_delete(QEMUBH *bh)
{
    if (!bh) {
        return;
    }
    g_mutex_lock(&bh_lock);
    bh->scheduled = false;
    bh->deleted = true;
    if (!bh_walking) {
        bh_sweep_locked();
    }
    g_mutex_unlock(&bh_lock);
}

void qemu_bh_schedule_oneshot(QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = qemu_bh_new_full(cb, opaque, "oneshot");

    bh->oneshot = true;
    qemu_bh_schedule(bh);
}

/* ---------------------------------------------------------------- */
/* The loop */

static GThread *main_thread;

bool qemu_in_main_thread(void)
{
    return !main_thread || g_thread_self() == main_thread;
}

void qemu_notify_event(void)
{
    g_main_context_wakeup(NULL);
}

int qemu_init_main_loop(Error **errp)
{
    struct sigaction act;

    /* Writes to a closed socket or pipe must fail, not kill us. */
    memset(&act, 0, sizeof(act));
    act.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &act, NULL);

    main_loop_sources_init();
    main_thread = g_thread_self();
    if (!bql_locked()) {
        bql_lock();
    }
    return 0;
}

void main_loop_wait(int nonblocking)
{
    static GPollFD *fds;
    static int nfds_alloc;
    GMainContext *ctx = g_main_context_default();
    gint max_priority, glib_timeout, nfds;
    int64_t timeout_ns, deadline;
    struct timespec ts;
    bool drop_lock = bql_locked();

    main_loop_sources_init();
    if (!g_main_context_acquire(ctx)) {
        /* Another thread iterates the context: nothing to do here. */
        g_usleep(1000);
        return;
    }

    g_main_context_prepare(ctx, &max_priority);
    for (;;) {
        nfds = g_main_context_query(ctx, max_priority, &glib_timeout,
                                    fds, nfds_alloc);
        if (nfds <= nfds_alloc) {
            break;
        }
        nfds_alloc = nfds;
        fds = g_renew(GPollFD, fds, nfds_alloc);
    }

    timeout_ns = glib_timeout < 0 ? -1 : glib_timeout * (int64_t)SCALE_MS;
    deadline = qemu_clock_deadline_ns_all();
    if (deadline >= 0 && (timeout_ns < 0 || deadline < timeout_ns)) {
        timeout_ns = deadline;
    }
    if (nonblocking) {
        timeout_ns = 0;
    }

    if (drop_lock) {
        bql_unlock();
    }
    /* GPollFD and struct pollfd share their layout on POSIX hosts. */
    if (timeout_ns < 0) {
        ppoll((struct pollfd *)fds, nfds, NULL, NULL);
    } else {
        ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
        ppoll((struct pollfd *)fds, nfds, &ts, NULL);
    }
    if (drop_lock) {
        bql_lock();
    }

    if (g_main_context_check(ctx, max_priority, fds, nfds)) {
        g_main_context_dispatch(ctx);
    }
    g_main_context_release(ctx);

    qemu_clock_run_all_timers();
}
