/*
 * QIOChannelSocket: sendmsg/recvmsg on a stream socket, with SCM_RIGHTS
 * descriptors on unix sockets.
 */
#include "qemu/osdep.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <poll.h>
#ifdef __linux__
#include <linux/errqueue.h>
#include <linux/vm_sockets.h>
#endif
#include "qapi/error.h"
#include "qapi/qapi-visit.h"
#include "qapi/clone-visitor.h"
#include "io/channel-socket.h"
#include "io/channel-watch.h"

/* Most descriptors one message carries. */
#define SOCKET_MAX_FDS 16

QIOChannelSocket *qio_channel_socket_new(void)
{
    QIOChannelSocket *sioc;

    sioc = QIO_CHANNEL_SOCKET(object_new(TYPE_QIO_CHANNEL_SOCKET));
    sioc->fd = -1;
    return sioc;
}

/* Adopt @fd: record its addresses and what it can do. */
static int socket_set_fd(QIOChannelSocket *sioc, int fd, Error **errp)
{
    QIOChannel *ioc = QIO_CHANNEL(sioc);
    int val;
    socklen_t len = sizeof(val);

    sioc->remoteAddrLen = sizeof(sioc->remoteAddr);
    if (getpeername(fd, (struct sockaddr *)&sioc->remoteAddr,
                    &sioc->remoteAddrLen) < 0) {
        if (errno != ENOTCONN) {
            error_setg_errno(errp, errno, "Unable to query remote socket "
                             "address");
            return -1;
        }
        /* Listening or not yet connected. */
        sioc->remoteAddrLen = 0;
    }
    sioc->localAddrLen = sizeof(sioc->localAddr);
    if (getsockname(fd, (struct sockaddr *)&sioc->localAddr,
                    &sioc->localAddrLen) < 0) {
        error_setg_errno(errp, errno, "Unable to query local socket "
                         "address");
        return -1;
    }
    sioc->fd = fd;
    qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_SHUTDOWN);
    qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_READ_MSG_PEEK);
    if (sioc->localAddr.ss_family == AF_UNIX) {
        qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_FD_PASS);
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &val, &len) == 0 && val) {
        qio_channel_set_feature(ioc, QIO_CHANNEL_FEATURE_LISTEN);
    }
    return 0;
}

QIOChannelSocket *qio_channel_socket_new_fd(int fd, Error **errp)
{
    QIOChannelSocket *sioc;

    if (!fd_is_socket(fd)) {
        error_setg(errp, "File descriptor %d is not a socket", fd);
        return NULL;
    }
    sioc = qio_channel_socket_new();
    if (socket_set_fd(sioc, fd, errp) < 0) {
        /* The caller keeps @fd on failure. */
        sioc->fd = -1;
        object_unref(OBJECT(sioc));
        return NULL;
    }
    return sioc;
}

int qio_channel_socket_connect_sync(QIOChannelSocket *ioc,
                                    SocketAddress *addr, Error **errp)
{
    int fd = socket_connect(addr, errp);

    if (fd < 0) {
        return -1;
    }
    if (socket_set_fd(ioc, fd, errp) < 0) {
        close(fd);
        return -1;
    }
#if defined(__linux__) && defined(SO_ZEROCOPY)
    {
        int v = 1;

        /* Only inet sockets accept it: unix ones copy anyway. */
        if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &v, sizeof(v)) == 0) {
            qio_channel_set_feature(QIO_CHANNEL(ioc),
                                    QIO_CHANNEL_FEATURE_WRITE_ZERO_COPY);
        }
    }
#endif
    return 0;
}

static void connect_worker(QIOTask *task, gpointer opaque)
{
    QIOChannelSocket *ioc = QIO_CHANNEL_SOCKET(qio_task_get_source(task));
    Error *err = NULL;

    if (qio_channel_socket_connect_sync(ioc, opaque, &err) < 0) {
        qio_task_set_error(task, err);
    }
}

static void free_address(gpointer opaque)
{
    qapi_free_SocketAddress(opaque);
}

void qio_channel_socket_connect_async(QIOChannelSocket *ioc,
                                      SocketAddress *addr,
                                      QIOTaskFunc callback,
                                      gpointer opaque,
                                      GDestroyNotify destroy,
                                      GMainContext *context)
{
    QIOTask *task = qio_task_new(OBJECT(ioc), callback, opaque, destroy);

    /* The worker gets its own copy: the caller's may be gone by then. */
    qio_task_run_in_thread(task, connect_worker,
                           QAPI_CLONE(SocketAddress, addr), free_address,
                           context);
}

int qio_channel_socket_listen_sync(QIOChannelSocket *ioc,
                                   SocketAddress *addr, int num,
                                   Error **errp)
{
    int fd = socket_listen(addr, num, errp);

    if (fd < 0) {
        return -1;
    }
    if (socket_set_fd(ioc, fd, errp) < 0) {
        close(fd);
        return -1;
    }
    qio_channel_set_feature(QIO_CHANNEL(ioc), QIO_CHANNEL_FEATURE_LISTEN);
    return 0;
}

typedef struct ListenData {
    SocketAddress *addr;
    int num;
} ListenData;

static void listen_worker(QIOTask *task, gpointer opaque)
{
    QIOChannelSocket *ioc = QIO_CHANNEL_SOCKET(qio_task_get_source(task));
    ListenData *data = opaque;
    Error *err = NULL;

    if (qio_channel_socket_listen_sync(ioc, data->addr, data->num,
                                       &err) < 0) {
        qio_task_set_error(task, err);
    }
}

static void free_listen_data(gpointer opaque)
{
    ListenData *data = opaque;

    qapi_free_SocketAddress(data->addr);
    g_free(data);
}

void qio_channel_socket_listen_async(QIOChannelSocket *ioc,
                                     SocketAddress *addr, int num,
                                     QIOTaskFunc callback, gpointer opaque,
                                     GDestroyNotify destroy,
                                     GMainContext *context)
{
    QIOTask *task = qio_task_new(OBJECT(ioc), callback, opaque, destroy);
    ListenData *data = g_new0(ListenData, 1);

    data->addr = QAPI_CLONE(SocketAddress, addr);
    data->num = num;
    qio_task_run_in_thread(task, listen_worker, data, free_listen_data,
                           context);
}

SocketAddress *qio_channel_socket_get_local_address(QIOChannelSocket *ioc,
                                                    Error **errp)
{
    if (ioc->fd < 0) {
        error_setg(errp, "The socket channel is not open");
        return NULL;
    }
    return socket_sockaddr_to_address(&ioc->localAddr, ioc->localAddrLen,
                                      errp);
}

SocketAddress *qio_channel_socket_get_remote_address(QIOChannelSocket *ioc,
                                                     Error **errp)
{
    if (ioc->fd < 0 || !ioc->remoteAddrLen) {
        error_setg(errp, "The socket channel is not connected");
        return NULL;
    }
    return socket_sockaddr_to_address(&ioc->remoteAddr, ioc->remoteAddrLen,
                                      errp);
}

QIOChannelSocket *qio_channel_socket_accept(QIOChannelSocket *ioc,
                                            Error **errp)
{
    QIOChannelSocket *cioc;
    int fd;

    if (ioc->fd < 0) {
        error_setg(errp, "The socket channel is not open");
        return NULL;
    }
    fd = qemu_accept(ioc->fd, NULL, NULL);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Unable to accept connection");
        return NULL;
    }
    cioc = qio_channel_socket_new();
    if (socket_set_fd(cioc, fd, errp) < 0) {
        close(fd);
        cioc->fd = -1;
        object_unref(OBJECT(cioc));
        return NULL;
    }
    /* Accepted sockets start blocking, whatever the listener is. */
    qemu_socket_set_block(fd);
    return cioc;
}

static ssize_t socket_readv(QIOChannel *ioc, const struct iovec *iov,
                            size_t niov, int **fds, size_t *nfds, int flags,
                            Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int) * SOCKET_MAX_FDS)];
    } u;
    struct msghdr msg = {
        .msg_iov = (struct iovec *)iov,
        .msg_iovlen = niov,
    };
    int sflags = MSG_CMSG_CLOEXEC;
    ssize_t ret;

    if (fds && nfds) {
        msg.msg_control = u.control;
        msg.msg_controllen = sizeof(u.control);
        *fds = NULL;
        *nfds = 0;
    }
    if (flags & QIO_CHANNEL_READ_FLAG_MSG_PEEK) {
        sflags |= MSG_PEEK;
    }
    do {
        ret = recvmsg(sioc->fd, &msg, sflags);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to read from socket");
        return -1;
    }
    if (fds && nfds) {
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c;
             c = CMSG_NXTHDR(&msg, c)) {
            size_t n;

            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
                c->cmsg_len < CMSG_LEN(sizeof(int))) {
                continue;
            }
            n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            *fds = g_renew(int, *fds, *nfds + n);
            memcpy(*fds + *nfds, CMSG_DATA(c), n * sizeof(int));
            *nfds += n;
        }
    }
    return ret;
}

static ssize_t socket_writev(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, int *fds, size_t nfds, int flags,
                             Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int) * SOCKET_MAX_FDS)];
    } u;
    struct msghdr msg = {
        .msg_iov = (struct iovec *)iov,
        .msg_iovlen = niov,
    };
    ssize_t ret;
    int sflags = MSG_NOSIGNAL;

#ifdef MSG_ZEROCOPY
    if (flags & QIO_CHANNEL_WRITE_FLAG_ZERO_COPY) {
        sflags |= MSG_ZEROCOPY;
    }
#endif
    if (nfds) {
        struct cmsghdr *c;

        if (nfds > SOCKET_MAX_FDS) {
            error_setg_errno(errp, EINVAL, "Only %d FDs can be sent, "
                             "got %zu", SOCKET_MAX_FDS, nfds);
            return -1;
        }
        memset(&u, 0, sizeof(u));
        msg.msg_control = u.control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    do {
        ret = sendmsg(sioc->fd, &msg, sflags);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        if (errno == ENOBUFS && (flags & QIO_CHANNEL_WRITE_FLAG_ZERO_COPY)) {
            /* The pinned pages count against RLIMIT_MEMLOCK. */
            error_setg_errno(errp, errno, "Process can't lock enough "
                             "memory for using MSG_ZEROCOPY");
            return -1;
        }
        error_setg_errno(errp, errno, "Unable to write to socket");
        return -1;
    }
    if (flags & QIO_CHANNEL_WRITE_FLAG_ZERO_COPY) {
        sioc->zero_copy_queued++;
    }
    return ret;
}

#ifdef __linux__
/* Whether @cm is an error queue report (tcp over IPv4/IPv6, vsock). */
static bool is_recverr(const struct cmsghdr *cm)
{
    return (cm->cmsg_level == SOL_IP && cm->cmsg_type == IP_RECVERR) ||
           (cm->cmsg_level == SOL_IPV6 && cm->cmsg_type == IPV6_RECVERR) ||
           (cm->cmsg_level == SOL_VSOCK && cm->cmsg_type == VSOCK_RECVERR);
}

/*
 * Wait until the kernel is done with every MSG_ZEROCOPY send: each
 * completes with a notification on the socket's error queue naming a
 * range of send numbers.  Returns 1 when the kernel copied the data of
 * all of them (no gain), 0 when some went without a copy, -1 on error.
 */
static int socket_flush(QIOChannel *ioc, Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    int ret = 1;

    while (sioc->zero_copy_sent < sioc->zero_copy_queued) {
        char control[CMSG_SPACE(sizeof(struct sock_extended_err))];
        struct msghdr msg = {
            .msg_control = control,
            .msg_controllen = sizeof(control),
        };
        struct cmsghdr *cm;
        struct sock_extended_err *serr;
        ssize_t n = recvmsg(sioc->fd, &msg, MSG_ERRQUEUE);

        if (n < 0) {
            struct pollfd pfd = { .fd = sioc->fd, .events = 0 };

            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                error_setg_errno(errp, errno, "Unable to read errqueue");
                return -1;
            }
            /* Nothing queued yet: POLLERR says when there is. */
            if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
                error_setg_errno(errp, errno, "Unable to wait for "
                                 "zero-copy completions");
                return -1;
            }
            if (pfd.revents & (POLLHUP | POLLNVAL) &&
                !(pfd.revents & POLLERR)) {
                error_setg(errp, "Socket closed with %" PRIu64 " zero-copy "
                           "sends not completed",
                           sioc->zero_copy_queued - sioc->zero_copy_sent);
                return -1;
            }
            continue;
        }
        cm = CMSG_FIRSTHDR(&msg);
        if (!cm || !is_recverr(cm)) {
            error_setg(errp, "Unexpected message on the socket's error "
                       "queue (expected a zero-copy completion)");
            return -1;
        }
        serr = (struct sock_extended_err *)CMSG_DATA(cm);
        if (serr->ee_origin != SO_EE_ORIGIN_ZEROCOPY) {
            error_setg_errno(errp, serr->ee_errno, "Error on socket");
            return -1;
        }
        if (serr->ee_errno) {
            error_setg_errno(errp, serr->ee_errno, "Zero-copy send failed");
            return -1;
        }
        /* ee_info..ee_data: the send numbers this notification covers */
        sioc->zero_copy_sent += serr->ee_data - serr->ee_info + 1;
        if (!(serr->ee_code & SO_EE_CODE_ZEROCOPY_COPIED)) {
            ret = 0;
        }
    }
    return ret;
}
#endif

static int socket_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);

    if (enabled) {
        qemu_socket_set_block(sioc->fd);
    } else if (qemu_socket_try_set_nonblock(sioc->fd) < 0) {
        error_setg_errno(errp, errno, "Unable to make the socket "
                         "non-blocking");
        return -1;
    }
    return 0;
}

static bool socket_is_tcp(QIOChannelSocket *sioc)
{
    return sioc->localAddr.ss_family == AF_INET ||
           sioc->localAddr.ss_family == AF_INET6;
}

static void socket_set_delay(QIOChannel *ioc, bool enabled)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    int v = !enabled;

    if (socket_is_tcp(sioc)) {
        setsockopt(sioc->fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v));
    }
}

static void socket_set_cork_impl(QIOChannel *ioc, bool enabled)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);

    if (socket_is_tcp(sioc)) {
        socket_set_cork(sioc->fd, enabled);
    }
}

/* A listening unix socket takes its file with it. */
static void socket_cleanup_listener(QIOChannelSocket *sioc)
{
    if (qio_channel_has_feature(QIO_CHANNEL(sioc),
                                QIO_CHANNEL_FEATURE_LISTEN) &&
        sioc->localAddr.ss_family == AF_UNIX) {
        socket_listen_cleanup(sioc->fd, NULL);
    }
}

static int socket_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    int ret = 0;

    if (sioc->fd >= 0) {
        socket_cleanup_listener(sioc);
        if (close(sioc->fd) < 0) {
            error_setg_errno(errp, errno, "Unable to close socket");
            ret = -1;
        }
        sioc->fd = -1;
    }
    return ret;
}

static int socket_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                           Error **errp)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(ioc);
    int sockhow = how == QIO_CHANNEL_SHUTDOWN_READ ? SHUT_RD :
                  how == QIO_CHANNEL_SHUTDOWN_WRITE ? SHUT_WR : SHUT_RDWR;

    if (shutdown(sioc->fd, sockhow) < 0) {
        error_setg_errno(errp, errno, "Unable to shutdown socket");
        return -1;
    }
    return 0;
}

static GSource *socket_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    return qio_channel_create_socket_watch(ioc, QIO_CHANNEL_SOCKET(ioc)->fd,
                                           condition);
}

static void socket_init(Object *obj)
{
    QIO_CHANNEL_SOCKET(obj)->fd = -1;
}

static void socket_finalize(Object *obj)
{
    QIOChannelSocket *sioc = QIO_CHANNEL_SOCKET(obj);

    if (sioc->fd >= 0) {
        socket_cleanup_listener(sioc);
        close(sioc->fd);
        sioc->fd = -1;
    }
}

static void socket_class_init(ObjectClass *klass, const void *data)
{
    QIOChannelClass *ioc_klass = QIO_CHANNEL_CLASS(klass);

    ioc_klass->io_writev = socket_writev;
    ioc_klass->io_readv = socket_readv;
    ioc_klass->io_set_blocking = socket_set_blocking;
    ioc_klass->io_close = socket_close;
    ioc_klass->io_shutdown = socket_shutdown;
    ioc_klass->io_set_cork = socket_set_cork_impl;
    ioc_klass->io_set_delay = socket_set_delay;
    ioc_klass->io_create_watch = socket_create_watch;
#ifdef __linux__
    ioc_klass->io_flush = socket_flush;
#endif
}

static const TypeInfo socket_info = {
    .parent = TYPE_QIO_CHANNEL,
    .name = TYPE_QIO_CHANNEL_SOCKET,
    .instance_size = sizeof(QIOChannelSocket),
    .instance_init = socket_init,
    .instance_finalize = socket_finalize,
    .class_init = socket_class_init,
};

static void socket_register_types(void)
{
    type_register_static(&socket_info);
}

type_init(socket_register_types);
