/*
 * File descriptor watches for chardevs.
 */
#include "qemu/osdep.h"

#include "chardev/char-io.h"
#include "chardev/char-fe.h"

typedef struct IOWatchPoll {
    GSource source;
    int fd;
    gpointer tag;               /* set while polling for input */
    IOCanReadHandler *fd_can_read;
    ChrIOReadFunc *fd_read;
    void *opaque;
} IOWatchPoll;

static gboolean io_watch_poll_prepare(GSource *source, gint *timeout)
{
    IOWatchPoll *iwp = (IOWatchPoll *)source;
    bool want = iwp->fd_can_read(iwp->opaque) > 0;

    /*
     * Only an fd that is in the poll set can report a hang-up, so a
     * frontend that cannot read leaves the fd out entirely.
     */
    if (want && !iwp->tag) {
        iwp->tag = g_source_add_unix_fd(source, iwp->fd,
                                        G_IO_IN | G_IO_HUP | G_IO_ERR);
    } else if (!want && iwp->tag) {
        g_source_remove_unix_fd(source, iwp->tag);
        iwp->tag = NULL;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean io_watch_poll_dispatch(GSource *source, GSourceFunc cb,
                                       gpointer data)
{
    IOWatchPoll *iwp = (IOWatchPoll *)source;
    GIOCondition revents;

    if (!iwp->tag) {
        return G_SOURCE_CONTINUE;
    }
    revents = g_source_query_unix_fd(source, iwp->tag);
    if (!revents) {
        return G_SOURCE_CONTINUE;
    }
    return iwp->fd_read(iwp->fd, revents, iwp->opaque);
}

static GSourceFuncs io_watch_poll_funcs = {
    .prepare = io_watch_poll_prepare,
    .dispatch = io_watch_poll_dispatch,
};

GSource *io_add_watch_poll(Chardev *chr, int fd,
                           IOCanReadHandler *fd_can_read,
                           ChrIOReadFunc *fd_read,
                           void *user_data,
                           GMainContext *context)
{
    IOWatchPoll *iwp;
    char *name;

    iwp = (IOWatchPoll *)g_source_new(&io_watch_poll_funcs,
                                      sizeof(IOWatchPoll));
    iwp->fd = fd;
    iwp->fd_can_read = fd_can_read;
    iwp->fd_read = fd_read;
    iwp->opaque = user_data;
    name = g_strdup_printf("chardev-iowatch-%s", chr->label);
    g_source_set_name(&iwp->source, name);
    g_free(name);
    g_source_attach(&iwp->source, context);
    return &iwp->source;
}

void remove_fd_in_watch(Chardev *chr)
{
    if (chr->gsource) {
        g_source_destroy(chr->gsource);
        g_source_unref(chr->gsource);
        chr->gsource = NULL;
    }
}

bool io_fd_read_to_frontend(Chardev *chr, int fd, int max)
{
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = MIN((int)sizeof(buf), max);
    ssize_t ret;

    if (len <= 0) {
        return true;
    }
    ret = read(fd, buf, len);
    if (ret < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    if (ret <= 0) {
        g_source_unref(chr->gsource);
        chr->gsource = NULL;
        return false;
    }
    qemu_chr_be_write(chr, buf, ret);
    return true;
}

typedef struct IOFdWatch {
    GSource source;
    gpointer tag;
} IOFdWatch;

static gboolean io_fd_watch_dispatch(GSource *source, GSourceFunc cb,
                                     gpointer data)
{
    IOFdWatch *w = (IOFdWatch *)source;
    GIOCondition revents = g_source_query_unix_fd(source, w->tag);

    if (!cb) {
        return G_SOURCE_REMOVE;
    }
    return ((FEWatchFunc)cb)(NULL, revents, data);
}

static GSourceFuncs io_fd_watch_funcs = {
    .dispatch = io_fd_watch_dispatch,
};

GSource *io_fd_watch_new(int fd, GIOCondition cond)
{
    IOFdWatch *w = (IOFdWatch *)g_source_new(&io_fd_watch_funcs,
                                             sizeof(IOFdWatch));

    w->tag = g_source_add_unix_fd(&w->source, fd, cond);
    g_source_set_name(&w->source, "chardev-fd-watch");
    return &w->source;
}

int io_fd_write(int fd, const uint8_t *buf, int len)
{
    ssize_t ret;

    do {
        ret = write(fd, buf, len);
    } while (ret < 0 && errno == EINTR);
    return ret;
}
