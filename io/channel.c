/*
 * QIOChannel: the generic part.  The subclasses provide the raw
 * operations; here are the checks on flags and features, and the
 * helpers that loop until a whole buffer moved.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel.h"
#include "io/channel-watch.h"

bool qio_channel_has_feature(QIOChannel *ioc, QIOChannelFeature feature)
{
    return ioc->features & (1u << feature);
}

void qio_channel_set_feature(QIOChannel *ioc, QIOChannelFeature feature)
{
    ioc->features |= 1u << feature;
}

void qio_channel_set_name(QIOChannel *ioc, const char *name)
{
    g_free(ioc->name);
    ioc->name = g_strdup(name);
}

ssize_t qio_channel_readv_full(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               int flags, Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if ((fds || nfds) &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS)) {
        error_setg(errp, "Channel does not support file descriptor passing");
        return -1;
    }
    if ((flags & QIO_CHANNEL_READ_FLAG_MSG_PEEK) &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK)) {
        error_setg(errp, "Channel does not support peek read");
        return -1;
    }
    return klass->io_readv(ioc, iov, niov, fds, nfds, flags, errp);
}

ssize_t qio_channel_writev_full(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int *fds, size_t nfds,
                                int flags, Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (fds || nfds) {
        if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS)) {
            error_setg(errp,
                       "Channel does not support file descriptor passing");
            return -1;
        }
        if (flags & QIO_CHANNEL_WRITE_FLAG_ZERO_COPY) {
            error_setg(errp, "Zero Copy does not support file descriptor "
                       "passing");
            return -1;
        }
    }
    if ((flags & QIO_CHANNEL_WRITE_FLAG_ZERO_COPY) &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_WRITE_ZERO_COPY)) {
        error_setg(errp, "Requested Zero Copy feature is not available");
        return -1;
    }
    return klass->io_writev(ioc, iov, niov, fds, nfds, flags, errp);
}

/* A private copy of an iovec array that the *_all loops consume. */
typedef struct IOVCursor {
    struct iovec *iov;
    size_t niov;
    struct iovec *base;
} IOVCursor;

static void iov_cursor_init(IOVCursor *c, const struct iovec *iov,
                            size_t niov)
{
    c->base = c->iov = g_memdup2(iov, niov * sizeof(*iov));
    c->niov = niov;
    /* Empty leading entries would look like nothing left to do. */
    while (c->niov && c->iov->iov_len == 0) {
        c->iov++;
        c->niov--;
    }
}

static void iov_cursor_advance(IOVCursor *c, size_t bytes)
{
    while (c->niov && bytes >= c->iov->iov_len) {
        bytes -= c->iov->iov_len;
        c->iov++;
        c->niov--;
    }
    if (c->niov && bytes) {
        c->iov->iov_base = (char *)c->iov->iov_base + bytes;
        c->iov->iov_len -= bytes;
    }
    while (c->niov && c->iov->iov_len == 0) {
        c->iov++;
        c->niov--;
    }
}

static void close_fds(int **fds, size_t *nfds)
{
    if (fds && *fds) {
        for (size_t i = 0; i < *nfds; i++) {
            close((*fds)[i]);
        }
        g_free(*fds);
        *fds = NULL;
    }
    if (nfds) {
        *nfds = 0;
    }
}

int qio_channel_readv_full_all_eof(QIOChannel *ioc, const struct iovec *iov,
                                   size_t niov, int **fds, size_t *nfds,
                                   Error **errp)
{
    IOVCursor c;
    bool partial = false;
    int ret = -1;

    if (fds) {
        *fds = NULL;
    }
    if (nfds) {
        *nfds = 0;
    }
    iov_cursor_init(&c, iov, niov);
    while (c.niov) {
        int *got_fds = NULL;
        size_t got_nfds = 0;
        ssize_t len;

        len = qio_channel_readv_full(ioc, c.iov, c.niov,
                                     fds ? &got_fds : NULL,
                                     nfds ? &got_nfds : NULL, 0, errp);
        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(ioc, G_IO_IN);
            continue;
        }
        if (len < 0) {
            goto out;
        }
        if (got_nfds) {
            *fds = g_renew(int, *fds, *nfds + got_nfds);
            memcpy(*fds + *nfds, got_fds, got_nfds * sizeof(int));
            *nfds += got_nfds;
        }
        g_free(got_fds);
        if (len == 0) {
            if (!partial && !(fds && *fds)) {
                ret = 0;
                goto out;
            }
            error_setg(errp, "Unexpected end-of-file before all data were "
                       "read");
            goto out;
        }
        partial = true;
        iov_cursor_advance(&c, len);
    }
    ret = 1;
out:
    if (ret < 0) {
        close_fds(fds, nfds);
    }
    g_free(c.base);
    return ret;
}

int qio_channel_readv_full_all(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               Error **errp)
{
    int ret = qio_channel_readv_full_all_eof(ioc, iov, niov, fds, nfds, errp);

    if (ret == 0) {
        error_setg(errp, "Unexpected end-of-file before all data were read");
        return -1;
    }
    return ret == 1 ? 0 : ret;
}

int qio_channel_readv_all_eof(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, Error **errp)
{
    return qio_channel_readv_full_all_eof(ioc, iov, niov, NULL, NULL, errp);
}

int qio_channel_readv_all(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp)
{
    return qio_channel_readv_full_all(ioc, iov, niov, NULL, NULL, errp);
}

int qio_channel_writev_full_all(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int *fds, size_t nfds,
                                int flags, Error **errp)
{
    IOVCursor c;
    int ret = -1;

    iov_cursor_init(&c, iov, niov);
    while (c.niov) {
        ssize_t len = qio_channel_writev_full(ioc, c.iov, c.niov, fds, nfds,
                                              flags, errp);

        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(ioc, G_IO_OUT);
            continue;
        }
        if (len < 0) {
            goto out;
        }
        iov_cursor_advance(&c, len);
        /* The descriptors went with the first bytes. */
        fds = NULL;
        nfds = 0;
    }
    ret = 0;
out:
    g_free(c.base);
    return ret;
}

int qio_channel_writev_all(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp)
{
    return qio_channel_writev_full_all(ioc, iov, niov, NULL, 0, 0, errp);
}

ssize_t qio_channel_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp)
{
    return qio_channel_readv_full(ioc, iov, niov, NULL, NULL, 0, errp);
}

ssize_t qio_channel_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp)
{
    return qio_channel_writev_full(ioc, iov, niov, NULL, 0, 0, errp);
}

ssize_t qio_channel_read(QIOChannel *ioc, char *buf, size_t buflen,
                         Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv_full(ioc, &iov, 1, NULL, NULL, 0, errp);
}

ssize_t qio_channel_write(QIOChannel *ioc, const char *buf, size_t buflen,
                          Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = buflen };

    return qio_channel_writev_full(ioc, &iov, 1, NULL, 0, 0, errp);
}

int qio_channel_read_all_eof(QIOChannel *ioc, char *buf, size_t buflen,
                             Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv_all_eof(ioc, &iov, 1, errp);
}

int qio_channel_read_all(QIOChannel *ioc, char *buf, size_t buflen,
                         Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_readv_all(ioc, &iov, 1, errp);
}

int qio_channel_write_all(QIOChannel *ioc, const char *buf, size_t buflen,
                          Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = buflen };

    return qio_channel_writev_all(ioc, &iov, 1, errp);
}

int qio_channel_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    return QIO_CHANNEL_GET_CLASS(ioc)->io_set_blocking(ioc, enabled, errp);
}

int qio_channel_close(QIOChannel *ioc, Error **errp)
{
    return QIO_CHANNEL_GET_CLASS(ioc)->io_close(ioc, errp);
}

ssize_t qio_channel_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (!klass->io_pwritev) {
        error_setg(errp, "Channel does not support pwritev");
        return -1;
    }
    if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE)) {
        error_setg_errno(errp, EINVAL, "Requested channel is not seekable");
        return -1;
    }
    return klass->io_pwritev(ioc, iov, niov, offset, errp);
}

ssize_t qio_channel_pwrite(QIOChannel *ioc, char *buf, size_t buflen,
                           off_t offset, Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_pwritev(ioc, &iov, 1, offset, errp);
}

ssize_t qio_channel_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (!klass->io_preadv) {
        error_setg(errp, "Channel does not support preadv");
        return -1;
    }
    if (!qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE)) {
        error_setg_errno(errp, EINVAL, "Requested channel is not seekable");
        return -1;
    }
    return klass->io_preadv(ioc, iov, niov, offset, errp);
}

ssize_t qio_channel_pread(QIOChannel *ioc, char *buf, size_t buflen,
                          off_t offset, Error **errp)
{
    struct iovec iov = { .iov_base = buf, .iov_len = buflen };

    return qio_channel_preadv(ioc, &iov, 1, offset, errp);
}

int qio_channel_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                         Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (!klass->io_shutdown) {
        error_setg(errp, "Data path shutdown not supported");
        return -1;
    }
    return klass->io_shutdown(ioc, how, errp);
}

void qio_channel_set_delay(QIOChannel *ioc, bool enabled)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (klass->io_set_delay) {
        klass->io_set_delay(ioc, enabled);
    }
}

void qio_channel_set_cork(QIOChannel *ioc, bool enabled)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (klass->io_set_cork) {
        klass->io_set_cork(ioc, enabled);
    }
}

off_t qio_channel_io_seek(QIOChannel *ioc, off_t offset, int whence,
                          Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (!klass->io_seek) {
        error_setg(errp, "Channel does not support random access");
        return -1;
    }
    return klass->io_seek(ioc, offset, whence, errp);
}

int qio_channel_flush(QIOChannel *ioc, Error **errp)
{
    QIOChannelClass *klass = QIO_CHANNEL_GET_CLASS(ioc);

    if (!klass->io_flush ||
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_WRITE_ZERO_COPY)) {
        return 0;
    }
    return klass->io_flush(ioc, errp);
}

GSource *qio_channel_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    GSource *source = QIO_CHANNEL_GET_CLASS(ioc)->io_create_watch(ioc,
                                                                  condition);

    if (ioc->name) {
        g_source_set_name(source, ioc->name);
    }
    return source;
}

GSource *qio_channel_add_watch_source(QIOChannel *ioc,
                                      GIOCondition condition,
                                      QIOChannelFunc func,
                                      gpointer user_data,
                                      GDestroyNotify notify,
                                      GMainContext *context)
{
    GSource *source = qio_channel_create_watch(ioc, condition);

    g_source_set_callback(source, (GSourceFunc)func, user_data, notify);
    g_source_attach(source, context);
    return source;
}

guint qio_channel_add_watch_full(QIOChannel *ioc, GIOCondition condition,
                                 QIOChannelFunc func, gpointer user_data,
                                 GDestroyNotify notify,
                                 GMainContext *context)
{
    GSource *source = qio_channel_add_watch_source(ioc, condition, func,
                                                   user_data, notify,
                                                   context);
    guint id = g_source_get_id(source);

    g_source_unref(source);
    return id;
}

guint qio_channel_add_watch(QIOChannel *ioc, GIOCondition condition,
                            QIOChannelFunc func, gpointer user_data,
                            GDestroyNotify notify)
{
    return qio_channel_add_watch_full(ioc, condition, func, user_data,
                                      notify, NULL);
}

static gboolean wait_complete(QIOChannel *ioc, GIOCondition condition,
                              gpointer opaque)
{
    g_main_loop_quit(opaque);
    return G_SOURCE_REMOVE;
}

void qio_channel_wait(QIOChannel *ioc, GIOCondition condition)
{
    GMainContext *ctx = g_main_context_new();
    GMainLoop *loop = g_main_loop_new(ctx, TRUE);
    GSource *source = qio_channel_create_watch(ioc, condition);

    g_source_set_callback(source, (GSourceFunc)wait_complete, loop, NULL);
    g_source_attach(source, ctx);
    g_main_loop_run(loop);
    g_source_destroy(source);
    g_source_unref(source);
    g_main_loop_unref(loop);
    g_main_context_unref(ctx);
}

/* ---------------------------------------------------------------- */
/* fd watches shared by the fd-based channels */

typedef struct QIOChannelFDSource {
    GSource parent;
    GPollFD fd;
    QIOChannel *ioc;
    GIOCondition condition;
} QIOChannelFDSource;

typedef struct QIOChannelFDPairSource {
    GSource parent;
    GPollFD fdread;
    GPollFD fdwrite;
    QIOChannel *ioc;
    GIOCondition condition;
} QIOChannelFDPairSource;

static gboolean fd_source_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return FALSE;
}

static gboolean fd_source_check(GSource *source)
{
    QIOChannelFDSource *s = (QIOChannelFDSource *)source;

    return s->fd.revents & s->condition;
}

static gboolean fd_source_dispatch(GSource *source, GSourceFunc callback,
                                   gpointer user_data)
{
    QIOChannelFDSource *s = (QIOChannelFDSource *)source;
    QIOChannelFunc func = (QIOChannelFunc)callback;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(s->ioc, s->fd.revents & s->condition, user_data);
}

static void fd_source_finalize(GSource *source)
{
    object_unref(OBJECT(((QIOChannelFDSource *)source)->ioc));
}

static GSourceFuncs fd_source_funcs = {
    .prepare = fd_source_prepare,
    .check = fd_source_check,
    .dispatch = fd_source_dispatch,
    .finalize = fd_source_finalize,
};

static gboolean fd_pair_source_check(GSource *source)
{
    QIOChannelFDPairSource *s = (QIOChannelFDPairSource *)source;
    GIOCondition cond = s->fdread.revents | s->fdwrite.revents;

    return cond & s->condition;
}

static gboolean fd_pair_source_dispatch(GSource *source, GSourceFunc callback,
                                        gpointer user_data)
{
    QIOChannelFDPairSource *s = (QIOChannelFDPairSource *)source;
    QIOChannelFunc func = (QIOChannelFunc)callback;
    GIOCondition cond = s->fdread.revents | s->fdwrite.revents;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(s->ioc, cond & s->condition, user_data);
}

static void fd_pair_source_finalize(GSource *source)
{
    object_unref(OBJECT(((QIOChannelFDPairSource *)source)->ioc));
}

static GSourceFuncs fd_pair_source_funcs = {
    .prepare = fd_source_prepare,
    .check = fd_pair_source_check,
    .dispatch = fd_pair_source_dispatch,
    .finalize = fd_pair_source_finalize,
};

GSource *qio_channel_create_fd_watch(QIOChannel *ioc, int fd,
                                     GIOCondition condition)
{
    GSource *source = g_source_new(&fd_source_funcs,
                                   sizeof(QIOChannelFDSource));
    QIOChannelFDSource *s = (QIOChannelFDSource *)source;

    s->ioc = ioc;
    object_ref(OBJECT(ioc));
    /* Errors and hang-ups are always reported, as poll() does. */
    s->condition = condition | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
    s->fd.fd = fd;
    s->fd.events = condition;
    g_source_add_poll(source, &s->fd);
    return source;
}

GSource *qio_channel_create_socket_watch(QIOChannel *ioc, int sockfd,
                                         GIOCondition condition)
{
    return qio_channel_create_fd_watch(ioc, sockfd, condition);
}

GSource *qio_channel_create_fd_pair_watch(QIOChannel *ioc, int fdread,
                                          int fdwrite,
                                          GIOCondition condition)
{
    GSource *source = g_source_new(&fd_pair_source_funcs,
                                   sizeof(QIOChannelFDPairSource));
    QIOChannelFDPairSource *s = (QIOChannelFDPairSource *)source;

    s->ioc = ioc;
    object_ref(OBJECT(ioc));
    s->condition = condition | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
    s->fdread.fd = fdread;
    s->fdread.events = condition & (G_IO_IN | G_IO_HUP | G_IO_ERR);
    s->fdwrite.fd = fdwrite;
    s->fdwrite.events = condition & G_IO_OUT;
    if (fdread >= 0) {
        g_source_add_poll(source, &s->fdread);
    }
    if (fdwrite >= 0) {
        g_source_add_poll(source, &s->fdwrite);
    }
    return source;
}

static void qio_channel_finalize(Object *obj)
{
    QIOChannel *ioc = QIO_CHANNEL(obj);

    g_free(ioc->name);
}

static const TypeInfo qio_channel_info = {
    .parent = TYPE_OBJECT,
    .name = TYPE_QIO_CHANNEL,
    .instance_size = sizeof(QIOChannel),
    .instance_finalize = qio_channel_finalize,
    .abstract = true,
    .class_size = sizeof(QIOChannelClass),
};

static void qio_channel_register_types(void)
{
    type_register_static(&qio_channel_info);
}

type_init(qio_channel_register_types);
