/*
 * Helpers that pick a channel type (QEMU's io/channel-util.h).
 */
#ifndef QIO_CHANNEL_UTIL_H
#define QIO_CHANNEL_UTIL_H

#include "io/channel.h"

/**
 * qio_channel_new_fd: a socket channel if @fd is a socket, else a file
 * channel; it takes ownership of @fd.  NULL with @errp set on error
 * (then @fd is still the caller's).
 */
QIOChannel *qio_channel_new_fd(int fd, Error **errp);

#endif
