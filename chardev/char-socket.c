/*
 * The socket chardev: a stream socket on a UNIX path or a TCP host and
 * port, as a server (listening; one client at a time, the next one is
 * accepted after a disconnect) or as a client.  A server with wait=on
 * blocks at creation until a client connects.  telnet=on speaks the
 * minimal telnet needed for a terminal in character mode.
 */
#include "qemu/osdep.h"
#include "qemu/sockets.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <glib-unix.h>

#include "chardev/char.h"
#include "chardev/char-io.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/module.h"

typedef enum {
    TCP_CHARDEV_STATE_DISCONNECTED,
    TCP_CHARDEV_STATE_CONNECTING,
    TCP_CHARDEV_STATE_CONNECTED,
} TCPChardevState;

/* telnet protocol bytes */
#define IAC 255
#define IAC_BREAK 243
#define IAC_SB 250
#define IAC_SE 240
#define IAC_WILL 251
#define IAC_DONT 254

typedef enum {
    TELNET_NORMAL,
    TELNET_IAC,         /* after IAC */
    TELNET_OPTION,      /* after IAC WILL/WONT/DO/DONT */
    TELNET_SB,          /* in a subnegotiation */
    TELNET_SB_IAC,      /* IAC in a subnegotiation */
} TelnetState;

typedef struct SocketChardev {
    Chardev parent;
    int fd;                     /* the connection, or -1 */
    int listen_fd;              /* servers: the listening socket */
    GSource *listen_src;
    int max_size;
    TCPChardevState state;

    bool is_listen;
    bool is_unix;
    bool is_telnet;
    bool do_nodelay;
    TelnetState telnet_state;

    /* the address; for a server, as bound (actual port) */
    char *path;
    char *host;
    char *port;
    bool ipv4_only;
    bool ipv6_only;

    /* unix sockets: descriptors received (SCM_RIGHTS) or to send */
    int *read_msgfds;
    size_t read_msgfds_num;
    int *write_msgfds;
    size_t write_msgfds_num;
} SocketChardev;

/* Most descriptors one message may carry (as QEMU's TCP_MAX_FDS). */
#define TCP_MAX_FDS 16

DECLARE_INSTANCE_CHECKER(SocketChardev, SOCKET_CHARDEV, TYPE_CHARDEV_SOCKET)

static void tcp_chr_disconnect(Chardev *chr);
static void tcp_chr_listen_watch(SocketChardev *s);

static const char *tcp_chr_protocol(SocketChardev *s)
{
    return s->is_telnet ? "telnet" : "tcp";
}

/* "unix:PATH,server=on" or "tcp:HOST:PORT,server=on", with @prefix. */
static char *tcp_chr_address(SocketChardev *s, const char *prefix)
{
    const char *server = s->is_listen ? ",server=on" : "";

    if (s->is_unix) {
        return g_strdup_printf("%sunix:%s%s", prefix, s->path, server);
    }
    return g_strdup_printf("%s%s:%s:%s%s", prefix, tcp_chr_protocol(s),
                           s->host, s->port, server);
}

static void update_disconnected_filename(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    g_free(chr->filename);
    chr->filename = tcp_chr_address(s, "disconnected:");
}

/* Numeric host and port of a socket address, IPv6 in brackets. */
static void sockaddr_host_port(struct sockaddr_storage *ss, socklen_t len,
                               char **host, char **port, bool brackets)
{
    char h[NI_MAXHOST], p[NI_MAXSERV];

    if (getnameinfo((struct sockaddr *)ss, len, h, sizeof(h), p, sizeof(p),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        *host = g_strdup("?");
        *port = g_strdup("?");
        return;
    }
    if (brackets && ss->ss_family == AF_INET6) {
        *host = g_strdup_printf("[%s]", h);
    } else {
        *host = g_strdup(h);
    }
    *port = g_strdup(p);
}

static char *tcp_chr_compute_filename(SocketChardev *s)
{
    struct sockaddr_storage ss, ps;
    socklen_t ss_len = sizeof(ss), ps_len = sizeof(ps);
    char *lhost, *lport, *phost, *pport, *res;

    if (s->is_unix) {
        return tcp_chr_address(s, "");
    }
    if (getsockname(s->fd, (struct sockaddr *)&ss, &ss_len) < 0 ||
        getpeername(s->fd, (struct sockaddr *)&ps, &ps_len) < 0) {
        return g_strdup("unknown");
    }
    sockaddr_host_port(&ss, ss_len, &lhost, &lport, true);
    sockaddr_host_port(&ps, ps_len, &phost, &pport, true);
    res = g_strdup_printf("%s:%s:%s%s <-> %s:%s", tcp_chr_protocol(s),
                          lhost, lport, s->is_listen ? ",server=on" : "",
                          phost, pport);
    g_free(lhost);
    g_free(lport);
    g_free(phost);
    g_free(pport);
    return res;
}

/* ---------------------------------------------------------------- */
/* Data */

static void tcp_chr_close_msgfds(int **fds, size_t *num)
{
    for (size_t i = 0; i < *num; i++) {
        close((*fds)[i]);
    }
    g_free(*fds);
    *fds = NULL;
    *num = 0;
}

/* send(), with the descriptors of set_msgfds going along once. */
static ssize_t tcp_chr_send(SocketChardev *s, const uint8_t *buf, int len)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int) * TCP_MAX_FDS)];
    } u;
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    ssize_t ret;

    if (!s->write_msgfds_num) {
        return send(s->fd, buf, len, MSG_NOSIGNAL);
    }
    memset(&u, 0, sizeof(u));
    msg.msg_control = u.control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * s->write_msgfds_num);
    {
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * s->write_msgfds_num);
        memcpy(CMSG_DATA(cmsg), s->write_msgfds,
               sizeof(int) * s->write_msgfds_num);
    }
    ret = sendmsg(s->fd, &msg, MSG_NOSIGNAL);
    if (ret > 0) {
        /* Sent: they belong to the caller, we only borrowed them. */
        g_free(s->write_msgfds);
        s->write_msgfds = NULL;
        s->write_msgfds_num = 0;
    }
    return ret;
}

/*
 * recv(), keeping descriptors that come along (unix sockets) for
 * get_msgfds; ones not claimed by then are replaced and closed.
 */
static ssize_t tcp_chr_recv(SocketChardev *s, uint8_t *buf, int len)
{
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int) * TCP_MAX_FDS)];
    } u;
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = u.control, .msg_controllen = sizeof(u.control),
    };
    ssize_t ret;

    if (!s->is_unix) {
        return recv(s->fd, buf, len, 0);
    }
    ret = recvmsg(s->fd, &msg, MSG_CMSG_CLOEXEC);
    if (ret < 0) {
        return ret;
    }
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg); cmsg;
         cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        size_t n;

        if (cmsg->cmsg_level != SOL_SOCKET ||
            cmsg->cmsg_type != SCM_RIGHTS ||
            cmsg->cmsg_len < CMSG_LEN(sizeof(int))) {
            continue;
        }
        n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        tcp_chr_close_msgfds(&s->read_msgfds, &s->read_msgfds_num);
        s->read_msgfds = g_new(int, n);
        memcpy(s->read_msgfds, CMSG_DATA(cmsg), n * sizeof(int));
        s->read_msgfds_num = n;
    }
    return ret;
}

static int tcp_get_msgfds(Chardev *chr, int *fds, int num)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int n = MIN((size_t)num, s->read_msgfds_num);

    if (!s->read_msgfds_num) {
        return -1;
    }
    memcpy(fds, s->read_msgfds, n * sizeof(int));
    /* The rest (more than asked for) are not wanted. */
    for (size_t i = n; i < s->read_msgfds_num; i++) {
        close(s->read_msgfds[i]);
    }
    g_free(s->read_msgfds);
    s->read_msgfds = NULL;
    s->read_msgfds_num = 0;
    return n;
}

static int tcp_set_msgfds(Chardev *chr, int *fds, int num)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (!s->is_unix) {
        errno = EINVAL;
        return -1;
    }
    if (num < 0 || num > TCP_MAX_FDS) {
        errno = EINVAL;
        return -1;
    }
    g_free(s->write_msgfds);
    s->write_msgfds = num ? g_memdup2(fds, num * sizeof(int)) : NULL;
    s->write_msgfds_num = num;
    return 0;
}

static int tcp_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    ssize_t ret;

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        errno = EIO;
        return -1;
    }
    do {
        ret = tcp_chr_send(s, buf, len);
    } while (ret < 0 && errno == EINTR);
    if (ret < 0 && errno == EWOULDBLOCK) {
        errno = EAGAIN;
    }
    /* A broken connection is noticed and dropped by the read side. */
    return ret;
}

static int tcp_chr_read_poll(void *opaque)
{
    Chardev *chr = CHARDEV(opaque);
    SocketChardev *s = SOCKET_CHARDEV(opaque);

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        return 0;
    }
    s->max_size = qemu_chr_be_can_write(chr);
    return s->max_size;
}

/* Strip telnet commands from @buf; returns the data length left. */
static int tcp_chr_process_telnet(Chardev *chr, SocketChardev *s,
                                  uint8_t *buf, int size)
{
    int i, j = 0;

    for (i = 0; i < size; i++) {
        uint8_t c = buf[i];

        switch (s->telnet_state) {
        case TELNET_NORMAL:
            if (c == IAC) {
                s->telnet_state = TELNET_IAC;
            } else {
                buf[j++] = c;
            }
            break;
        case TELNET_IAC:
            s->telnet_state = TELNET_NORMAL;
            if (c == IAC) {
                buf[j++] = c;       /* escaped 0xff */
            } else if (c == IAC_BREAK) {
                qemu_chr_be_event(chr, CHR_EVENT_BREAK);
            } else if (c == IAC_SB) {
                s->telnet_state = TELNET_SB;
            } else if (c >= IAC_WILL && c <= IAC_DONT) {
                s->telnet_state = TELNET_OPTION;
            }
            break;
        case TELNET_OPTION:
            s->telnet_state = TELNET_NORMAL;
            break;
        case TELNET_SB:
            if (c == IAC) {
                s->telnet_state = TELNET_SB_IAC;
            }
            break;
        case TELNET_SB_IAC:
            s->telnet_state = c == IAC_SE ? TELNET_NORMAL : TELNET_SB;
            break;
        }
    }
    return j;
}

static gboolean tcp_chr_read(int fd, GIOCondition cond, void *opaque)
{
    Chardev *chr = CHARDEV(opaque);
    SocketChardev *s = SOCKET_CHARDEV(opaque);
    uint8_t buf[CHR_READ_BUF_LEN];
    int len = sizeof(buf);
    ssize_t size;

    if (s->state != TCP_CHARDEV_STATE_CONNECTED || s->max_size <= 0) {
        return G_SOURCE_CONTINUE;
    }
    if (len > s->max_size) {
        len = s->max_size;
    }
    size = tcp_chr_recv(s, buf, len);
    if (size < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
                     errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (size <= 0) {
        /* connection closed; the watch is destroyed by the disconnect */
        tcp_chr_disconnect(chr);
        return G_SOURCE_REMOVE;
    }
    if (s->is_telnet) {
        size = tcp_chr_process_telnet(chr, s, buf, size);
    }
    if (size > 0) {
        qemu_chr_be_write(chr, buf, size);
    }
    return G_SOURCE_CONTINUE;
}

static int tcp_chr_sync_read(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    ssize_t size;

    if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        return 0;
    }
    g_unix_set_fd_nonblocking(s->fd, false, NULL);
    size = tcp_chr_recv(s, (uint8_t *)buf, len);
    if (s->state == TCP_CHARDEV_STATE_CONNECTED) {
        g_unix_set_fd_nonblocking(s->fd, true, NULL);
    }
    if (size == 0) {
        tcp_chr_disconnect(chr);
    }
    return size;
}

static GSource *tcp_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->fd < 0) {
        return NULL;
    }
    return io_fd_watch_new(s->fd, cond);
}

static void tcp_chr_update_read_handler(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    remove_fd_in_watch(chr);
    if (s->state == TCP_CHARDEV_STATE_CONNECTED) {
        chr->gsource = io_add_watch_poll(chr, s->fd, tcp_chr_read_poll,
                                         tcp_chr_read, chr, chr->gcontext);
    }
}

/* ---------------------------------------------------------------- */
/* Connections */

static void tcp_chr_free_connection(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    remove_fd_in_watch(chr);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    /* Descriptors the last client sent and nobody took go with it. */
    tcp_chr_close_msgfds(&s->read_msgfds, &s->read_msgfds_num);
    s->state = TCP_CHARDEV_STATE_DISCONNECTED;
}

static void tcp_chr_disconnect(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    bool emit_close = s->state == TCP_CHARDEV_STATE_CONNECTED;

    if (s->fd < 0) {
        return;
    }
    g_mutex_lock(&chr->chr_write_lock);
    tcp_chr_free_connection(chr);
    g_mutex_unlock(&chr->chr_write_lock);
    update_disconnected_filename(s);
    if (s->listen_fd >= 0) {
        tcp_chr_listen_watch(s);
    }
    if (emit_close) {
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static void tcp_chr_telnet_init(SocketChardev *s)
{
    static const uint8_t init[] = {
        IAC, IAC_WILL, 0x01,    /* WILL ECHO */
        IAC, IAC_WILL, 0x03,    /* WILL Suppress go ahead */
        IAC, IAC_WILL, 0x00,    /* WILL Binary */
        IAC, 0xfd, 0x00,        /* DO Binary */
    };
    size_t done = 0;

    /* a fresh socket has room for a dozen bytes */
    while (done < sizeof(init)) {
        ssize_t ret = send(s->fd, init + done, sizeof(init) - done,
                           MSG_NOSIGNAL);

        if (ret < 0 && errno == EINTR) {
            continue;
        }
        if (ret <= 0) {
            break;
        }
        done += ret;
    }
    s->telnet_state = TELNET_NORMAL;
}

static void tcp_chr_new_client(Chardev *chr, int fd)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    s->fd = fd;
    g_unix_set_fd_nonblocking(fd, true, NULL);
    if (s->do_nodelay && !s->is_unix) {
        int v = 1;

        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v));
    }
    /* one client at a time: stop accepting */
    if (s->listen_src) {
        g_source_destroy(s->listen_src);
        g_source_unref(s->listen_src);
        s->listen_src = NULL;
    }
    if (s->is_telnet) {
        tcp_chr_telnet_init(s);
    }
    g_free(chr->filename);
    chr->filename = tcp_chr_compute_filename(s);
    s->state = TCP_CHARDEV_STATE_CONNECTED;
    tcp_chr_update_read_handler(chr);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static int tcp_chr_accept_fd(SocketChardev *s)
{
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

static gboolean tcp_chr_accept(gint fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = CHARDEV(opaque);
    SocketChardev *s = SOCKET_CHARDEV(opaque);
    int cfd;

    if (s->state != TCP_CHARDEV_STATE_DISCONNECTED) {
        return G_SOURCE_CONTINUE;
    }
    cfd = tcp_chr_accept_fd(s);
    if (cfd < 0) {
        return G_SOURCE_CONTINUE;
    }
    s->state = TCP_CHARDEV_STATE_CONNECTING;
    tcp_chr_new_client(chr, cfd);
    /* tcp_chr_new_client() destroyed this source */
    return G_SOURCE_REMOVE;
}

static void tcp_chr_listen_watch(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->listen_src) {
        return;
    }
    s->listen_src = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_src, (GSourceFunc)tcp_chr_accept,
                          s, NULL);
    g_source_set_name(s->listen_src, "chardev-socket-listen");
    g_source_attach(s->listen_src, chr->gcontext);
}

/* Block until a client connects to the server. */
static void tcp_chr_accept_server_sync(Chardev *chr)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    int fd;

    info_report("QEMU waiting for connection on: %s", chr->filename);
    for (;;) {
        struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };

        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            return;
        }
        fd = tcp_chr_accept_fd(s);
        if (fd >= 0) {
            break;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK &&
            errno != ECONNABORTED) {
            return;
        }
    }
    s->state = TCP_CHARDEV_STATE_CONNECTING;
    tcp_chr_new_client(chr, fd);
}

static int tcp_chr_wait_connected(Chardev *chr, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);

    if (s->is_telnet) {
        error_setg(errp, "'telnet' option is incompatible with waiting for "
                   "connection completion");
        return -1;
    }
    while (s->state != TCP_CHARDEV_STATE_CONNECTED) {
        if (!s->is_listen || s->listen_fd < 0) {
            error_setg(errp, "chardev '%s' is not connected", chr->label);
            return -1;
        }
        tcp_chr_accept_server_sync(chr);
    }
    return 0;
}

/* ---------------------------------------------------------------- */
/* Opening */

/* The address of @s as util/qemu-sockets.c takes it (a shallow view). */
static SocketAddress socket_chardev_address(SocketChardev *s,
                                            UnixSocketAddress *unix_addr,
                                            InetSocketAddress *inet_addr)
{
    SocketAddress addr = { 0 };

    if (s->is_unix) {
        addr.type = SOCKET_ADDRESS_TYPE_UNIX;
        unix_addr->path = s->path;
        addr.u.q_unix = *unix_addr;
    } else {
        addr.type = SOCKET_ADDRESS_TYPE_INET;
        inet_addr->host = s->host;
        inet_addr->port = s->port;
        inet_addr->has_ipv4 = inet_addr->has_ipv6 =
            s->ipv4_only || s->ipv6_only;
        inet_addr->ipv4 = s->ipv4_only;
        inet_addr->ipv6 = s->ipv6_only;
        addr.u.inet = *inet_addr;
    }
    return addr;
}

static int socket_chardev_listen(SocketChardev *s, Error **errp)
{
    UnixSocketAddress ua = { 0 };
    InetSocketAddress ia = { 0 };
    SocketAddress addr = socket_chardev_address(s, &ua, &ia);
    struct sockaddr_storage ss;
    socklen_t ss_len = sizeof(ss);
    int fd = socket_listen(&addr, 1, errp);

    /* report the address really bound (port 0 picks one) */
    if (fd >= 0 && !s->is_unix &&
        getsockname(fd, (struct sockaddr *)&ss, &ss_len) == 0) {
        g_free(s->host);
        g_free(s->port);
        sockaddr_host_port(&ss, ss_len, &s->host, &s->port, false);
    }
    return fd;
}

static int socket_chardev_connect(SocketChardev *s, Error **errp)
{
    UnixSocketAddress ua = { 0 };
    InetSocketAddress ia = { 0 };
    SocketAddress addr = socket_chardev_address(s, &ua, &ia);

    return socket_connect(&addr, errp);
}

static void qmp_chardev_open_socket(Chardev *chr, ChardevBackend *backend,
                                    bool *be_opened, Error **errp)
{
    SocketChardev *s = SOCKET_CHARDEV(chr);
    ChardevSocket *sock = backend->u.socket.data;
    SocketAddressLegacy *addr = sock->addr;
    bool is_waitconnect = sock->has_wait ? sock->wait : false;
    int fd;

    s->is_listen = sock->has_server ? sock->server : true;
    s->is_telnet = sock->has_telnet ? sock->telnet : false;
    s->do_nodelay = sock->has_nodelay ? sock->nodelay : false;

    if (!s->is_listen && sock->has_wait) {
        error_setg(errp, "'wait' option is incompatible with "
                   "socket in client connect mode");
        return;
    }

    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_UNIX:
        s->is_unix = true;
        s->path = g_strdup(addr->u.q_unix.data->path);
        break;
    case SOCKET_ADDRESS_TYPE_INET: {
        InetSocketAddress *inet = addr->u.inet.data;

        s->host = g_strdup(inet->host);
        s->port = g_strdup(inet->port);
        s->ipv4_only = inet->has_ipv4 && inet->ipv4 &&
                       !(inet->has_ipv6 && inet->ipv6);
        s->ipv6_only = inet->has_ipv6 && inet->ipv6 &&
                       !(inet->has_ipv4 && inet->ipv4);
        break;
    }
    default:
        error_setg(errp, "socket address type '%s' is not supported",
                   SocketAddressType_str(addr->type));
        return;
    }
    qemu_chr_set_feature(chr, QEMU_CHAR_FEATURE_RECONNECTABLE);

    /* the backend is open once a connection exists */
    *be_opened = false;
    update_disconnected_filename(s);

    if (s->is_listen) {
        s->listen_fd = socket_chardev_listen(s, errp);
        if (s->listen_fd < 0) {
            return;
        }
        update_disconnected_filename(s);
        if (is_waitconnect) {
            tcp_chr_accept_server_sync(chr);
        }
        if (s->state != TCP_CHARDEV_STATE_CONNECTED) {
            tcp_chr_listen_watch(s);
        }
    } else {
        fd = socket_chardev_connect(s, errp);
        if (fd < 0) {
            return;
        }
        s->state = TCP_CHARDEV_STATE_CONNECTING;
        tcp_chr_new_client(chr, fd);
    }
}

static void qemu_chr_parse_socket(QDict *opts, ChardevBackend *backend,
                                  Error **errp)
{
    const char *path = qemu_chr_opt_str(opts, "path");
    const char *host = qemu_chr_opt_str(opts, "host");
    const char *port = qemu_chr_opt_str(opts, "port");
    const char *fd = qemu_chr_opt_str(opts, "fd");
    SocketAddressLegacy *addr;
    ChardevSocket *sock;

    if ((!!path + !!fd + !!host) > 1) {
        error_setg(errp,
                   "None or one of 'path', 'fd' or 'host' option required.");
        return;
    }
    if (host && !port) {
        error_setg(errp, "chardev: socket: no port given");
        return;
    }
    if (fd) {
        error_setg(errp, "chardev: socket: 'fd' is not supported");
        return;
    }
    if (!path && !host) {
        if (!port) {
            error_setg(errp, "chardev: socket: no path or host given");
            return;
        }
        host = "";
    }
    if (qemu_chr_opt_has(opts, "delay") && qemu_chr_opt_has(opts, "nodelay")) {
        error_setg(errp, "'delay' and 'nodelay' are mutually exclusive");
        return;
    }

    backend->type = CHARDEV_BACKEND_KIND_SOCKET;
    sock = backend->u.socket.data = g_new0(ChardevSocket, 1);
    qemu_chr_parse_common(opts, qapi_ChardevSocket_base(sock));

    sock->has_nodelay = qemu_chr_opt_has(opts, "delay") ||
                        qemu_chr_opt_has(opts, "nodelay");
    sock->nodelay = !qemu_chr_opt_bool(opts, "delay", true) ||
                    qemu_chr_opt_bool(opts, "nodelay", false);
    /* unlike QMP, -chardev defaults to client mode */
    sock->has_server = true;
    sock->server = qemu_chr_opt_bool(opts, "server", false);
    sock->has_telnet = qemu_chr_opt_has(opts, "telnet");
    sock->telnet = qemu_chr_opt_bool(opts, "telnet", false);
    /* and a server waits for its first client unless wait=off */
    sock->has_wait = qemu_chr_opt_has(opts, "wait") || sock->server;
    sock->wait = qemu_chr_opt_bool(opts, "wait", true);

    addr = g_new0(SocketAddressLegacy, 1);
    if (path) {
        UnixSocketAddress *q_unix;

        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        q_unix = addr->u.q_unix.data = g_new0(UnixSocketAddress, 1);
        q_unix->path = g_strdup(path);
    } else {
        InetSocketAddress *inet;

        addr->type = SOCKET_ADDRESS_TYPE_INET;
        inet = addr->u.inet.data = g_new0(InetSocketAddress, 1);
        inet->host = g_strdup(host);
        inet->port = g_strdup(port);
        inet->has_ipv4 = qemu_chr_opt_has(opts, "ipv4");
        inet->ipv4 = qemu_chr_opt_bool(opts, "ipv4", false);
        inet->has_ipv6 = qemu_chr_opt_has(opts, "ipv6");
        inet->ipv6 = qemu_chr_opt_bool(opts, "ipv6", false);
    }
    sock->addr = addr;
}

static bool char_socket_get_connected(Object *obj, Error **errp)
{
    return SOCKET_CHARDEV(obj)->state == TCP_CHARDEV_STATE_CONNECTED;
}

static void char_socket_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);
    SocketChardev *s = SOCKET_CHARDEV(obj);
    bool was_connected = s->state == TCP_CHARDEV_STATE_CONNECTED;

    tcp_chr_free_connection(chr);
    tcp_chr_close_msgfds(&s->read_msgfds, &s->read_msgfds_num);
    g_free(s->write_msgfds);
    if (s->listen_src) {
        g_source_destroy(s->listen_src);
        g_source_unref(s->listen_src);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        if (s->is_unix) {
            /* our socket file goes with us */
            unlink(s->path);
        }
    }
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    if (was_connected) {
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static void char_socket_init(Object *obj)
{
    SocketChardev *s = SOCKET_CHARDEV(obj);

    s->fd = -1;
    s->listen_fd = -1;
}

static void char_socket_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_socket;
    cc->open = qmp_chardev_open_socket;
    cc->chr_wait_connected = tcp_chr_wait_connected;
    cc->chr_write = tcp_chr_write;
    cc->chr_sync_read = tcp_chr_sync_read;
    cc->chr_disconnect = tcp_chr_disconnect;
    cc->chr_add_watch = tcp_chr_add_watch;
    cc->chr_update_read_handler = tcp_chr_update_read_handler;
    cc->get_msgfds = tcp_get_msgfds;
    cc->set_msgfds = tcp_set_msgfds;

    object_class_property_add_bool(oc, "connected",
                                   char_socket_get_connected, NULL);
}

static const TypeInfo char_socket_type_info = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = char_socket_init,
    .instance_finalize = char_socket_finalize,
    .class_init = char_socket_class_init,
};

static void register_types(void)
{
    type_register_static(&char_socket_type_info);
}

type_init(register_types);
