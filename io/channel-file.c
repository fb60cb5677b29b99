/*
 * QIOChannelFile: readv/writev on a plain descriptor; preadv/pwritev
 * when it can seek.
 */
#include "qemu/osdep.h"
#include <sys/uio.h>
#include "qapi/error.h"
#include "io/channel-file.h"
#include "io/channel-watch.h"
#include "monitor/monitor.h"

QIOChannelFile *qio_channel_file_new_fd(int fd)
{
    QIOChannelFile *ioc;

    ioc = QIO_CHANNEL_FILE(object_new(TYPE_QIO_CHANNEL_FILE));
    ioc->fd = fd;
    if (lseek(fd, 0, SEEK_CUR) != (off_t)-1) {
        qio_channel_set_feature(QIO_CHANNEL(ioc),
                                QIO_CHANNEL_FEATURE_SEEKABLE);
    }
    return ioc;
}

QIOChannelFile *qio_channel_file_new_dupfd(int fd, Error **errp)
{
    int newfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

    if (newfd < 0) {
        error_setg_errno(errp, errno, "Could not duplicate file "
                         "descriptor %d", fd);
        return NULL;
    }
    return qio_channel_file_new_fd(newfd);
}

/* "/dev/fdset/ID": a descriptor of that add-fd set, else -2. */
static int open_fdset(const char *path, int flags, Error **errp)
{
    const char *idstr;
    char *end;
    long long id;

    if (!g_str_has_prefix(path, "/dev/fdset/")) {
        return -2;
    }
    idstr = path + strlen("/dev/fdset/");
    errno = 0;
    id = strtoll(idstr, &end, 10);
    if (errno || !*idstr || *end || id < 0) {
        error_setg(errp, "Invalid fd set in '%s': expected /dev/fdset/ID "
                   "with a non-negative number", path);
        return -1;
    }
    return monitor_fdset_dup_fd_add(id, flags, errp);
}

QIOChannelFile *qio_channel_file_new_path(const char *path, int flags,
                                          mode_t mode, Error **errp)
{
    int fd = open_fdset(path, flags, errp);

    if (fd == -1) {
        return NULL;
    }
    if (fd == -2) {
        fd = open(path, flags | O_CLOEXEC, mode);
        if (fd < 0) {
            error_setg_file_open(errp, errno, path);
            return NULL;
        }
    }
    return qio_channel_file_new_fd(fd);
}

static ssize_t file_readv(QIOChannel *ioc, const struct iovec *iov,
                          size_t niov, int **fds, size_t *nfds, int flags,
                          Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    ssize_t ret;

    do {
        ret = readv(fioc->fd, iov, MIN(niov, IOV_MAX));
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to read from file");
        return -1;
    }
    return ret;
}

static ssize_t file_writev(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, int *fds, size_t nfds, int flags,
                           Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    ssize_t ret;

    do {
        ret = writev(fioc->fd, iov, MIN(niov, IOV_MAX));
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to write to file");
        return -1;
    }
    return ret;
}

static ssize_t file_preadv(QIOChannel *ioc, const struct iovec *iov,
                           size_t niov, off_t offset, Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    ssize_t ret;

    do {
        ret = preadv(fioc->fd, iov, MIN(niov, IOV_MAX), offset);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "preadv failed");
        return -1;
    }
    return ret;
}

static ssize_t file_pwritev(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, off_t offset, Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    ssize_t ret;

    do {
        ret = pwritev(fioc->fd, iov, MIN(niov, IOV_MAX), offset);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "pwritev failed");
        return -1;
    }
    return ret;
}

static int file_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    int flags = fcntl(fioc->fd, F_GETFL);

    if (flags < 0 ||
        fcntl(fioc->fd, F_SETFL,
              enabled ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "Failed to set FD nonblocking");
        return -1;
    }
    return 0;
}

static off_t file_seek(QIOChannel *ioc, off_t offset, int whence,
                       Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);
    off_t ret = lseek(fioc->fd, offset, whence);

    if (ret == (off_t)-1) {
        error_setg_errno(errp, errno, "Unable to seek to offset %lld "
                         "whence %d in file", (long long)offset, whence);
        return -1;
    }
    return ret;
}

static int file_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(ioc);

    if (fioc->fd < 0) {
        return 0;
    }
    if (close(fioc->fd) < 0) {
        fioc->fd = -1;
        error_setg_errno(errp, errno, "Unable to close file");
        return -1;
    }
    fioc->fd = -1;
    return 0;
}

static GSource *file_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    return qio_channel_create_fd_watch(ioc, QIO_CHANNEL_FILE(ioc)->fd,
                                       condition);
}

static void file_init(Object *obj)
{
    QIO_CHANNEL_FILE(obj)->fd = -1;
}

static void file_finalize(Object *obj)
{
    QIOChannelFile *fioc = QIO_CHANNEL_FILE(obj);

    if (fioc->fd >= 0) {
        close(fioc->fd);
        fioc->fd = -1;
    }
}

static void file_class_init(ObjectClass *klass, const void *data)
{
    QIOChannelClass *ioc_klass = QIO_CHANNEL_CLASS(klass);

    ioc_klass->io_writev = file_writev;
    ioc_klass->io_readv = file_readv;
    ioc_klass->io_preadv = file_preadv;
    ioc_klass->io_pwritev = file_pwritev;
    ioc_klass->io_set_blocking = file_set_blocking;
    ioc_klass->io_seek = file_seek;
    ioc_klass->io_close = file_close;
    ioc_klass->io_create_watch = file_create_watch;
}

static const TypeInfo file_info = {
    .parent = TYPE_QIO_CHANNEL,
    .name = TYPE_QIO_CHANNEL_FILE,
    .instance_size = sizeof(QIOChannelFile),
    .instance_init = file_init,
    .instance_finalize = file_finalize,
    .class_init = file_class_init,
};

static void file_register_types(void)
{
    type_register_static(&file_info);
}

type_init(file_register_types);
