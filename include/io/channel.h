/*
 * QIOChannel: the abstract byte stream (sockets, files, pipes to a
 * command, memory buffers) that migration and other users read and
 * write without knowing what is behind it.  Names and semantics are
 * QEMU's (include/io/channel.h).
 *
 * Channels are blocking by default.  A non-blocking channel's read or
 * write returns QIO_CHANNEL_ERR_BLOCK when it would block; the *_all
 * helpers then wait (qio_channel_wait) and carry on.
 */
#ifndef QIO_CHANNEL_H
#define QIO_CHANNEL_H

#include <sys/uio.h>
#include "qom/object.h"

#define TYPE_QIO_CHANNEL "qio-channel"
OBJECT_DECLARE_TYPE(QIOChannel, QIOChannelClass, QIO_CHANNEL)

/* Returned by reads and writes that would block. */
#define QIO_CHANNEL_ERR_BLOCK -2

/* Flags of qio_channel_writev_full(). */
#define QIO_CHANNEL_WRITE_FLAG_ZERO_COPY 0x1

/* Flags of qio_channel_readv_full(). */
#define QIO_CHANNEL_READ_FLAG_MSG_PEEK 0x1
#define QIO_CHANNEL_READ_FLAG_RELAXED_EOF 0x2

typedef enum QIOChannelFeature {
    QIO_CHANNEL_FEATURE_FD_PASS,        /* SCM_RIGHTS file descriptors */
    QIO_CHANNEL_FEATURE_SHUTDOWN,       /* qio_channel_shutdown() works */
    QIO_CHANNEL_FEATURE_LISTEN,         /* a listening socket */
    QIO_CHANNEL_FEATURE_WRITE_ZERO_COPY,
    QIO_CHANNEL_FEATURE_READ_MSG_PEEK,
    QIO_CHANNEL_FEATURE_SEEKABLE,       /* preadv/pwritev work */
} QIOChannelFeature;

typedef enum QIOChannelShutdown {
    QIO_CHANNEL_SHUTDOWN_READ = 1,
    QIO_CHANNEL_SHUTDOWN_WRITE = 2,
    QIO_CHANNEL_SHUTDOWN_BOTH = 3,
} QIOChannelShutdown;

/* Watch callback: return G_SOURCE_REMOVE (FALSE) to stop watching. */
typedef gboolean (*QIOChannelFunc)(QIOChannel *ioc,
                                   GIOCondition condition,
                                   gpointer data);

struct QIOChannel {
    Object parent;
    unsigned int features;      /* bitmask of 1 << QIOChannelFeature */
    char *name;
};

struct QIOChannelClass {
    ObjectClass parent;

    /* Mandatory */
    ssize_t (*io_writev)(QIOChannel *ioc, const struct iovec *iov,
                         size_t niov, int *fds, size_t nfds, int flags,
                         Error **errp);
    ssize_t (*io_readv)(QIOChannel *ioc, const struct iovec *iov,
                        size_t niov, int **fds, size_t *nfds, int flags,
                        Error **errp);
    int (*io_close)(QIOChannel *ioc, Error **errp);
    GSource *(*io_create_watch)(QIOChannel *ioc, GIOCondition condition);
    int (*io_set_blocking)(QIOChannel *ioc, bool enabled, Error **errp);

    /* Optional */
    void (*io_set_cork)(QIOChannel *ioc, bool enabled);
    void (*io_set_delay)(QIOChannel *ioc, bool enabled);
    off_t (*io_seek)(QIOChannel *ioc, off_t offset, int whence,
                     Error **errp);
    int (*io_shutdown)(QIOChannel *ioc, QIOChannelShutdown how,
                       Error **errp);
    int (*io_flush)(QIOChannel *ioc, Error **errp);
    ssize_t (*io_pwritev)(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, off_t offset, Error **errp);
    ssize_t (*io_preadv)(QIOChannel *ioc, const struct iovec *iov,
                         size_t niov, off_t offset, Error **errp);
};

/** qio_channel_has_feature: whether @ioc supports @feature. */
bool qio_channel_has_feature(QIOChannel *ioc, QIOChannelFeature feature);

/** qio_channel_set_feature: record that @ioc supports @feature. */
void qio_channel_set_feature(QIOChannel *ioc, QIOChannelFeature feature);

/** qio_channel_set_name: a name for debugging and for GSource names. */
void qio_channel_set_name(QIOChannel *ioc, const char *name);

/**
 * qio_channel_readv_full: read into @iov, receiving file descriptors
 * into a new array *@fds of *@nfds entries when @fds is not NULL (the
 * caller closes and frees them).  Returns the bytes read (0 at end of
 * file), QIO_CHANNEL_ERR_BLOCK, or -1 with @errp set.
 */
ssize_t qio_channel_readv_full(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               int flags, Error **errp);

/**
 * qio_channel_writev_full: write from @iov, passing @nfds descriptors
 * @fds along (needs QIO_CHANNEL_FEATURE_FD_PASS).  Returns the bytes
 * written (maybe fewer than asked), QIO_CHANNEL_ERR_BLOCK, or -1.
 */
ssize_t qio_channel_writev_full(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int *fds, size_t nfds,
                                int flags, Error **errp);

/**
 * qio_channel_readv_all_eof: fill @iov completely, waiting as needed.
 * Returns 1 when filled, 0 on end of file before any byte, -1 on error
 * (end of file in the middle is an error).
 */
int qio_channel_readv_all_eof(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, Error **errp);

/** qio_channel_readv_all: fill @iov completely; 0 or -1 (EOF: error). */
int qio_channel_readv_all(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp);

/**
 * qio_channel_readv_full_all_eof: as qio_channel_readv_all_eof, also
 * receiving file descriptors (with the first bytes read).
 */
int qio_channel_readv_full_all_eof(QIOChannel *ioc, const struct iovec *iov,
                                   size_t niov, int **fds, size_t *nfds,
                                   Error **errp);

/** qio_channel_readv_full_all: as qio_channel_readv_all, with fds. */
int qio_channel_readv_full_all(QIOChannel *ioc, const struct iovec *iov,
                               size_t niov, int **fds, size_t *nfds,
                               Error **errp);

/** qio_channel_writev_all: write all of @iov, waiting as needed; 0/-1. */
int qio_channel_writev_all(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp);

/**
 * qio_channel_writev_full_all: write all of @iov, the descriptors going
 * with the first chunk; 0 or -1.
 */
int qio_channel_writev_full_all(QIOChannel *ioc, const struct iovec *iov,
                                size_t niov, int *fds, size_t nfds,
                                int flags, Error **errp);

/** qio_channel_readv: qio_channel_readv_full() without fds. */
ssize_t qio_channel_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, Error **errp);

/** qio_channel_writev: qio_channel_writev_full() without fds. */
ssize_t qio_channel_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, Error **errp);

/** qio_channel_read: read up to @buflen bytes (see readv_full). */
ssize_t qio_channel_read(QIOChannel *ioc, char *buf, size_t buflen,
                         Error **errp);

/** qio_channel_write: write up to @buflen bytes (see writev_full). */
ssize_t qio_channel_write(QIOChannel *ioc, const char *buf, size_t buflen,
                          Error **errp);

/** qio_channel_read_all_eof: 1 filled, 0 EOF before any byte, -1 error. */
int qio_channel_read_all_eof(QIOChannel *ioc, char *buf, size_t buflen,
                             Error **errp);

/** qio_channel_read_all: fill @buf; 0 or -1 (EOF is an error). */
int qio_channel_read_all(QIOChannel *ioc, char *buf, size_t buflen,
                         Error **errp);

/** qio_channel_write_all: write all of @buf; 0 or -1. */
int qio_channel_write_all(QIOChannel *ioc, const char *buf, size_t buflen,
                          Error **errp);

/** qio_channel_set_blocking: switch blocking mode; 0 or -1. */
int qio_channel_set_blocking(QIOChannel *ioc, bool enabled, Error **errp);

/** qio_channel_close: close the underlying resource; 0 or -1. */
int qio_channel_close(QIOChannel *ioc, Error **errp);

/**
 * qio_channel_pwritev: write @iov at @offset without moving the file
 * position (needs QIO_CHANNEL_FEATURE_SEEKABLE).  Bytes written or -1.
 */
ssize_t qio_channel_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp);

/** qio_channel_pwrite: qio_channel_pwritev() of one buffer. */
ssize_t qio_channel_pwrite(QIOChannel *ioc, char *buf, size_t buflen,
                           off_t offset, Error **errp);

/** qio_channel_preadv: read @iov at @offset; bytes read (0: EOF) or -1. */
ssize_t qio_channel_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp);

/** qio_channel_pread: qio_channel_preadv() of one buffer. */
ssize_t qio_channel_pread(QIOChannel *ioc, char *buf, size_t buflen,
                          off_t offset, Error **errp);

/**
 * qio_channel_shutdown: stop reads and/or writes (needs
 * QIO_CHANNEL_FEATURE_SHUTDOWN); a blocked peer or reader wakes up.
 */
int qio_channel_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                         Error **errp);

/** qio_channel_set_delay: Nagle on (true) or off, where it applies. */
void qio_channel_set_delay(QIOChannel *ioc, bool enabled);

/** qio_channel_set_cork: hold back partial frames, where it applies. */
void qio_channel_set_cork(QIOChannel *ioc, bool enabled);

/** qio_channel_io_seek: lseek() semantics; the new offset or -1. */
off_t qio_channel_io_seek(QIOChannel *ioc, off_t offset, int whence,
                          Error **errp);

/**
 * qio_channel_flush: wait until the zero-copy writes made so far are
 * complete (their buffers may be reused).  0, or 1 if the kernel had
 * to copy them all anyway; -1 with @errp set on error.
 */
int qio_channel_flush(QIOChannel *ioc, Error **errp);

/**
 * qio_channel_create_watch: a new GSource that fires when @condition
 * holds on @ioc; its callback is a QIOChannelFunc.
 */
GSource *qio_channel_create_watch(QIOChannel *ioc, GIOCondition condition);

/**
 * qio_channel_add_watch: watch @ioc in the default main context.
 * Returns the source id (g_source_remove() to stop).
 */
guint qio_channel_add_watch(QIOChannel *ioc, GIOCondition condition,
                            QIOChannelFunc func, gpointer user_data,
                            GDestroyNotify notify);

/** qio_channel_add_watch_full: as add_watch, in @context (NULL: default). */
guint qio_channel_add_watch_full(QIOChannel *ioc, GIOCondition condition,
                                 QIOChannelFunc func, gpointer user_data,
                                 GDestroyNotify notify,
                                 GMainContext *context);

/**
 * qio_channel_add_watch_source: as add_watch_full, returning the
 * GSource with a reference the caller drops.
 */
GSource *qio_channel_add_watch_source(QIOChannel *ioc,
                                      GIOCondition condition,
                                      QIOChannelFunc func,
                                      gpointer user_data,
                                      GDestroyNotify notify,
                                      GMainContext *context);

/**
 * qio_channel_wait: block the calling thread until @condition holds on
 * @ioc (uses a private main context, so any thread may call it).
 */
void qio_channel_wait(QIOChannel *ioc, GIOCondition condition);

#endif
