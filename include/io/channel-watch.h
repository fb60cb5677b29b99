/*
 * GSources watching the file descriptors behind a QIOChannel, for the
 * channel implementations' io_create_watch (QEMU's io/channel-watch.h).
 */
#ifndef QIO_CHANNEL_WATCH_H
#define QIO_CHANNEL_WATCH_H

#include "io/channel.h"

/**
 * qio_channel_create_fd_watch: a GSource that fires when @condition
 * holds on @fd, calling a QIOChannelFunc with @ioc.
 */
GSource *qio_channel_create_fd_watch(QIOChannel *ioc, int fd,
                                     GIOCondition condition);

/**
 * qio_channel_create_fd_pair_watch: as qio_channel_create_fd_watch for
 * a channel reading @fdread and writing @fdwrite: G_IO_IN and G_IO_HUP
 * are watched on @fdread, G_IO_OUT on @fdwrite.
 */
GSource *qio_channel_create_fd_pair_watch(QIOChannel *ioc, int fdread,
                                          int fdwrite,
                                          GIOCondition condition);

/** qio_channel_create_socket_watch: qio_channel_create_fd_watch(). */
GSource *qio_channel_create_socket_watch(QIOChannel *ioc, int sockfd,
                                         GIOCondition condition);

#endif
