/*
 * QIOChannelSocket: a channel on a stream socket (tcp, unix, vsock),
 * listening or connected (QEMU's io/channel-socket.h).  Unix sockets
 * pass file descriptors (QIO_CHANNEL_FEATURE_FD_PASS).
 */
#ifndef QIO_CHANNEL_SOCKET_H
#define QIO_CHANNEL_SOCKET_H

#include <sys/socket.h>
#include "io/channel.h"
#include "io/task.h"
#include "qemu/sockets.h"

#define TYPE_QIO_CHANNEL_SOCKET "qio-channel-socket"
OBJECT_DECLARE_SIMPLE_TYPE(QIOChannelSocket, QIO_CHANNEL_SOCKET)

struct QIOChannelSocket {
    QIOChannel parent;
    int fd;
    struct sockaddr_storage localAddr;
    socklen_t localAddrLen;
    struct sockaddr_storage remoteAddr;
    socklen_t remoteAddrLen;
    /* MSG_ZEROCOPY sends done, and those whose completion was read */
    uint64_t zero_copy_queued;
    uint64_t zero_copy_sent;
};

/** qio_channel_socket_new: a channel with no socket yet (fd -1). */
QIOChannelSocket *qio_channel_socket_new(void);

/**
 * qio_channel_socket_new_fd: a channel on the existing socket @fd (it
 * takes ownership).  NULL with @errp set if @fd is not a socket.
 */
QIOChannelSocket *qio_channel_socket_new_fd(int fd, Error **errp);

/**
 * qio_channel_socket_connect_sync: connect to @addr, blocking.
 * 0 or -1 with @errp set.
 */
int qio_channel_socket_connect_sync(QIOChannelSocket *ioc,
                                    SocketAddress *addr, Error **errp);

/**
 * qio_channel_socket_connect_async: connect to @addr in a thread, then
 * call @callback in @context (NULL: the default main context).
 */
void qio_channel_socket_connect_async(QIOChannelSocket *ioc,
                                      SocketAddress *addr,
                                      QIOTaskFunc callback,
                                      gpointer opaque,
                                      GDestroyNotify destroy,
                                      GMainContext *context);

/**
 * qio_channel_socket_listen_sync: listen on @addr with backlog @num.
 * 0 or -1 with @errp set.
 */
int qio_channel_socket_listen_sync(QIOChannelSocket *ioc,
                                   SocketAddress *addr, int num,
                                   Error **errp);

/** qio_channel_socket_listen_async: listen_sync in a thread. */
void qio_channel_socket_listen_async(QIOChannelSocket *ioc,
                                     SocketAddress *addr, int num,
                                     QIOTaskFunc callback, gpointer opaque,
                                     GDestroyNotify destroy,
                                     GMainContext *context);

/** qio_channel_socket_get_local_address: the bound address (a copy). */
SocketAddress *qio_channel_socket_get_local_address(QIOChannelSocket *ioc,
                                                    Error **errp);

/** qio_channel_socket_get_remote_address: the peer's address (a copy). */
SocketAddress *qio_channel_socket_get_remote_address(QIOChannelSocket *ioc,
                                                     Error **errp);

/**
 * qio_channel_socket_accept: accept a client on the listening @ioc,
 * blocking if it is blocking.  NULL with @errp set on error.
 */
QIOChannelSocket *qio_channel_socket_accept(QIOChannelSocket *ioc,
                                            Error **errp);

#endif
