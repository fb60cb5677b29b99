/*
 * QIOChannelFile: a channel on a file descriptor that is not a socket:
 * a regular file (seekable: preadv/pwritev), a pipe, a character device
 * (QEMU's io/channel-file.h).
 */
#ifndef QIO_CHANNEL_FILE_H
#define QIO_CHANNEL_FILE_H

#include "io/channel.h"

#define TYPE_QIO_CHANNEL_FILE "qio-channel-file"
OBJECT_DECLARE_SIMPLE_TYPE(QIOChannelFile, QIO_CHANNEL_FILE)

struct QIOChannelFile {
    QIOChannel parent;
    int fd;
};

/** qio_channel_file_new_fd: a channel on @fd; it takes ownership. */
QIOChannelFile *qio_channel_file_new_fd(int fd);

/** qio_channel_file_new_dupfd: a channel on a duplicate of @fd. */
QIOChannelFile *qio_channel_file_new_dupfd(int fd, Error **errp);

/**
 * qio_channel_file_new_path: open @path with open(2) @flags and @mode
 * ("/dev/fdset/ID" takes a descriptor of an add-fd set).  NULL with
 * @errp set on error.
 */
QIOChannelFile *qio_channel_file_new_path(const char *path, int flags,
                                          mode_t mode, Error **errp);

#endif
