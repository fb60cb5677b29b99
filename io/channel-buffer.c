/*
 * QIOChannelBuffer: reads and writes on a memory buffer.  Seekable, so
 * it also serves preadv/pwritev (the file transport's mapped layout in
 * tests).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-buffer.h"
#include "io/channel-watch.h"

QIOChannelBuffer *qio_channel_buffer_new(size_t capacity)
{
    QIOChannelBuffer *ioc;

    ioc = QIO_CHANNEL_BUFFER(object_new(TYPE_QIO_CHANNEL_BUFFER));
    if (capacity) {
        ioc->data = g_new0(uint8_t, capacity);
        ioc->capacity = capacity;
    }
    return ioc;
}

static size_t buffer_copy_out(QIOChannelBuffer *bioc, const struct iovec *iov,
                              size_t niov, size_t pos)
{
    size_t done = 0;

    for (size_t i = 0; i < niov && pos < bioc->usage; i++) {
        size_t n = MIN(iov[i].iov_len, bioc->usage - pos);

        memcpy(iov[i].iov_base, bioc->data + pos, n);
        pos += n;
        done += n;
    }
    return done;
}

static size_t buffer_copy_in(QIOChannelBuffer *bioc, const struct iovec *iov,
                             size_t niov, size_t pos)
{
    size_t total = 0;

    for (size_t i = 0; i < niov; i++) {
        total += iov[i].iov_len;
    }
    if (pos > bioc->usage) {
        size_t cap = MAX(pos + total, bioc->capacity);

        bioc->data = g_realloc(bioc->data, cap);
        bioc->capacity = cap;
        memset(bioc->data + bioc->usage, 0, pos - bioc->usage);
        bioc->usage = pos;
    }
    if (pos + total > bioc->capacity) {
        size_t cap = MAX(pos + total, bioc->capacity * 2);

        bioc->data = g_realloc(bioc->data, cap);
        bioc->capacity = cap;
    }
    for (size_t i = 0; i < niov; i++) {
        memcpy(bioc->data + pos, iov[i].iov_base, iov[i].iov_len);
        pos += iov[i].iov_len;
    }
    bioc->usage = MAX(bioc->usage, pos);
    return total;
}

static ssize_t buffer_readv(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, int **fds, size_t *nfds, int flags,
                            Error **errp)
{
    QIOChannelBuffer *bioc = QIO_CHANNEL_BUFFER(ioc);
    size_t n = buffer_copy_out(bioc, iov, niov, bioc->offset);

    if (!(flags & QIO_CHANNEL_READ_FLAG_MSG_PEEK)) {
        bioc->offset += n;
    }
    return n;
}

static ssize_t buffer_writev(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, int *fds, size_t nfds, int flags,
                             Error **errp)
{
    QIOChannelBuffer *bioc = QIO_CHANNEL_BUFFER(ioc);
    size_t n = buffer_copy_in(bioc, iov, niov, bioc->offset);

    bioc->offset += n;
    return n;
}

static ssize_t buffer_preadv(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, off_t offset, Error **errp)
{
    if (offset < 0) {
        error_setg(errp, "Invalid offset %lld", (long long)offset);
        return -1;
    }
    return buffer_copy_out(QIO_CHANNEL_BUFFER(ioc), iov, niov, offset);
}

static ssize_t buffer_pwritev(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, off_t offset, Error **errp)
{
    if (offset < 0) {
        error_setg(errp, "Invalid offset %lld", (long long)offset);
        return -1;
    }
    return buffer_copy_in(QIO_CHANNEL_BUFFER(ioc), iov, niov, offset);
}

static off_t buffer_seek(QIOChannel *ioc, off_t offset, int whence,
                         Error **errp)
{
    QIOChannelBuffer *bioc = QIO_CHANNEL_BUFFER(ioc);
    off_t base;

    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = bioc->offset;
        break;
    case SEEK_END:
        base = bioc->usage;
        break;
    default:
        error_setg(errp, "Invalid seek whence %d", whence);
        return -1;
    }
    if (base + offset < 0) {
        error_setg(errp, "Seek to %lld is before the start of the buffer",
                   (long long)(base + offset));
        return -1;
    }
    bioc->offset = base + offset;
    return bioc->offset;
}

static int buffer_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    return 0;
}

static int buffer_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelBuffer *bioc = QIO_CHANNEL_BUFFER(ioc);

    g_free(bioc->data);
    bioc->data = NULL;
    bioc->capacity = bioc->usage = bioc->offset = 0;
    return 0;
}

/* Memory is always ready: the watch fires at once. */
typedef struct BufferSource {
    GSource parent;
    QIOChannel *ioc;
    GIOCondition condition;
} BufferSource;

static gboolean buffer_source_prepare(GSource *source, gint *timeout)
{
    *timeout = -1;
    return TRUE;
}

static gboolean buffer_source_check(GSource *source)
{
    return TRUE;
}

static gboolean buffer_source_dispatch(GSource *source, GSourceFunc callback,
                                       gpointer user_data)
{
    BufferSource *s = (BufferSource *)source;
    QIOChannelFunc func = (QIOChannelFunc)callback;

    if (!func) {
        return G_SOURCE_REMOVE;
    }
    return func(s->ioc, s->condition & (G_IO_IN | G_IO_OUT), user_data);
}

static void buffer_source_finalize(GSource *source)
{
    object_unref(OBJECT(((BufferSource *)source)->ioc));
}

static GSourceFuncs buffer_source_funcs = {
    .prepare = buffer_source_prepare,
    .check = buffer_source_check,
    .dispatch = buffer_source_dispatch,
    .finalize = buffer_source_finalize,
};

static GSource *buffer_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    GSource *source = g_source_new(&buffer_source_funcs,
                                   sizeof(BufferSource));
    BufferSource *s = (BufferSource *)source;

    s->ioc = ioc;
    object_ref(OBJECT(ioc));
    s->condition = condition;
    return source;
}

static void buffer_init(Object *obj)
{
    QIOChannel *ioc = QIO_CHANNEL(obj);

    qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE);
    qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK);
}

static void buffer_finalize(Object *obj)
{
    g_free(QIO_CHANNEL_BUFFER(obj)->data);
}

static void buffer_class_init(ObjectClass *klass, const void *data)
{
    QIOChannelClass *ioc_klass = QIO_CHANNEL_CLASS(klass);

    ioc_klass->io_readv = buffer_readv;
    ioc_klass->io_writev = buffer_writev;
    ioc_klass->io_preadv = buffer_preadv;
    ioc_klass->io_pwritev = buffer_pwritev;
    ioc_klass->io_seek = buffer_seek;
    ioc_klass->io_set_blocking = buffer_set_blocking;
    ioc_klass->io_close = buffer_close;
    ioc_klass->io_create_watch = buffer_create_watch;
}

static const TypeInfo buffer_info = {
    .parent = TYPE_QIO_CHANNEL,
    .name = TYPE_QIO_CHANNEL_BUFFER,
    .instance_size = sizeof(QIOChannelBuffer),
    .instance_init = buffer_init,
    .instance_finalize = buffer_finalize,
    .class_init = buffer_class_init,
};

static void buffer_register_types(void)
{
    type_register_static(&buffer_info);
}

type_init(buffer_register_types);
