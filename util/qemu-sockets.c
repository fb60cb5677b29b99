/*
 * Socket helpers: address parsing, listen, connect, address lookup.
 * Error messages name the address and what went wrong.
 */
#include "qemu/osdep.h"
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>
#include <linux/vm_sockets.h>
#include "qapi/error.h"
#include "qapi/qapi-visit.h"
#include "qapi/clone-visitor.h"
#include "qemu/sockets.h"
#include "monitor/monitor.h"

#define DEFAULT_BACKLOG 1

int qemu_socket(int domain, int type, int protocol)
{
    return socket(domain, type | SOCK_CLOEXEC, protocol);
}

int qemu_accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
    int fd;

    do {
        fd = accept4(s, addr, addrlen, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

int qemu_socketpair(int domain, int type, int protocol, int sv[2])
{
    return socketpair(domain, type | SOCK_CLOEXEC, protocol, sv);
}

bool fd_is_socket(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

int socket_set_cork(int fd, int v)
{
    return setsockopt(fd, IPPROTO_TCP, TCP_CORK, &v, sizeof(v));
}

int socket_set_nodelay(int fd)
{
    int v = 1;

    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v));
}

void qemu_socket_set_block(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
}

int qemu_socket_try_set_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return -errno;
    }
    return 0;
}

void qemu_socket_set_nonblock(int fd)
{
    int ret = qemu_socket_try_set_nonblock(fd);

    assert(ret == 0);
}

int socket_set_fast_reuse(int fd)
{
    int v = 1;

    return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v));
}

/* ---------------------------------------------------------------- */
/* inet */

/* "on"/"off" (or nothing: "on") for an inet_parse option. */
static bool parse_flag(const char *opt, const char *name, bool *value,
                       bool *found, Error **errp)
{
    size_t n = strlen(name);

    if (strncmp(opt, name, n) != 0 || (opt[n] && opt[n] != '=')) {
        return true;
    }
    *found = true;
    if (!opt[n] || !strcmp(opt + n, "=on") || !strcmp(opt + n, "=yes")) {
        *value = true;
    } else if (!strcmp(opt + n, "=off") || !strcmp(opt + n, "=no")) {
        *value = false;
    } else {
        error_setg(errp, "error parsing '%s' flag '%s': expected on or off",
                   name, opt);
        return false;
    }
    return true;
}

static bool parse_port(const char *str, unsigned long *port)
{
    char *end;

    if (!*str || !g_ascii_isdigit(*str)) {
        return false;
    }
    errno = 0;
    *port = strtoul(str, &end, 10);
    return !errno && !*end && *port <= 65535;
}

int inet_parse(InetSocketAddress *addr, const char *str, Error **errp)
{
    g_auto(GStrv) opts = g_strsplit(str, ",", -1);
    const char *hostport = opts[0];
    const char *colon;
    g_autofree char *host = NULL;
    const char *port;

    memset(addr, 0, sizeof(*addr));
    if (!hostport) {
        error_setg(errp, "error parsing address '': expected HOST:PORT");
        return -1;
    }
    if (hostport[0] == '[') {
        const char *close = strchr(hostport, ']');

        if (!close || close[1] != ':') {
            error_setg(errp, "error parsing IPv6 address '%s': expected "
                       "[ADDRESS]:PORT", str);
            return -1;
        }
        host = g_strndup(hostport + 1, close - hostport - 1);
        port = close + 2;
        addr->has_ipv6 = addr->ipv6 = true;
    } else {
        colon = strrchr(hostport, ':');
        if (!colon) {
            error_setg(errp, "error parsing address '%s': expected "
                       "HOST:PORT", str);
            return -1;
        }
        host = g_strndup(hostport, colon - hostport);
        if (strchr(host, ':')) {
            error_setg(errp, "error parsing address '%s': an IPv6 address "
                       "needs brackets, as [ADDRESS]:PORT", str);
            return -1;
        }
        port = colon + 1;
    }
    if (!*port) {
        error_setg(errp, "error parsing port in address '%s': the port is "
                   "empty", str);
        return -1;
    }
    addr->host = g_steal_pointer(&host);
    addr->port = g_strdup(port);

    for (int i = 1; opts[i]; i++) {
        const char *opt = opts[i];
        struct {
            const char *name;
            bool *has, *value;
        } flags[] = {
            { "ipv4", &addr->has_ipv4, &addr->ipv4 },
            { "ipv6", &addr->has_ipv6, &addr->ipv6 },
            { "numeric", &addr->has_numeric, &addr->numeric },
            { "keep-alive", &addr->has_keep_alive, &addr->keep_alive },
        };
        bool found = false;
        unsigned long to;

        if (g_str_has_prefix(opt, "to=")) {
            if (!parse_port(opt + 3, &to)) {
                error_setg(errp, "error parsing to= argument '%s' in '%s': "
                           "expected a port number", opt + 3, str);
                goto fail;
            }
            addr->has_to = true;
            addr->to = to;
            continue;
        }
        for (int j = 0; j < ARRAY_SIZE(flags) && !found; j++) {
            if (!parse_flag(opt, flags[j].name, flags[j].value, &found,
                            errp)) {
                goto fail;
            }
            if (found) {
                *flags[j].has = true;
            }
        }
        if (!found) {
            error_setg(errp, "error parsing address '%s': unknown option "
                       "'%s'", str, opt);
            goto fail;
        }
    }
    if (addr->has_to) {
        unsigned long p;

        if (!parse_port(addr->port, &p) || p > addr->to) {
            error_setg(errp, "error parsing address '%s': a port range "
                       "needs a numeric port no greater than to=%u",
                       str, addr->to);
            goto fail;
        }
    }
    return 0;

fail:
    g_free(addr->host);
    g_free(addr->port);
    memset(addr, 0, sizeof(*addr));
    return -1;
}

int inet_ai_family_from_address(InetSocketAddress *addr, Error **errp)
{
    if (addr->has_ipv6 && addr->has_ipv4 && !addr->ipv6 && !addr->ipv4) {
        error_setg(errp, "Cannot disable IPv4 and IPv6 at same time");
        return PF_UNSPEC;
    }
    if ((addr->has_ipv6 && addr->ipv6) && (addr->has_ipv4 && addr->ipv4)) {
        return PF_UNSPEC;
    }
    if ((addr->has_ipv6 && addr->ipv6) || (addr->has_ipv4 && !addr->ipv4)) {
        return PF_INET6;
    }
    if ((addr->has_ipv4 && addr->ipv4) || (addr->has_ipv6 && !addr->ipv6)) {
        return PF_INET;
    }
    return PF_UNSPEC;
}

static struct addrinfo *inet_resolve(InetSocketAddress *saddr, bool passive,
                                     const char *port, Error **errp)
{
    struct addrinfo hints = { 0 };
    struct addrinfo *res = NULL;
    Error *err = NULL;
    const char *host = saddr->host && *saddr->host ? saddr->host : NULL;
    int rc;

    hints.ai_family = inet_ai_family_from_address(saddr, &err);
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG | (passive ? AI_PASSIVE : 0);
    if (saddr->has_numeric && saddr->numeric) {
        hints.ai_flags |= AI_NUMERICHOST | AI_NUMERICSERV;
    }
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc == EAI_BADFLAGS || (rc != 0 && !host)) {
        /* No configured address (AI_ADDRCONFIG) on an isolated host. */
        hints.ai_flags &= ~AI_ADDRCONFIG;
        rc = getaddrinfo(host, port, &hints, &res);
    }
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   host ? host : "", port, gai_strerror(rc));
        return NULL;
    }
    return res;
}

static void inet_set_sockopts(int fd, InetSocketAddress *saddr)
{
    if (saddr->has_keep_alive && saddr->keep_alive) {
        int v = 1;

        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
    }
}

static int inet_listen_saddr(InetSocketAddress *saddr, int num,
                             Error **errp)
{
    unsigned long port_min, port_max;
    int saved_errno = 0;

    if (!parse_port(saddr->port, &port_min)) {
        /* A service name: resolve it, no range. */
        struct addrinfo *res = inet_resolve(saddr, true, saddr->port, errp);

        if (!res) {
            return -1;
        }
        port_min = ntohs(res->ai_family == AF_INET6 ?
                         ((struct sockaddr_in6 *)res->ai_addr)->sin6_port :
                         ((struct sockaddr_in *)res->ai_addr)->sin_port);
        freeaddrinfo(res);
    }
    port_max = saddr->has_to ? saddr->to : port_min;

    for (unsigned long p = port_min; p <= port_max; p++) {
        g_autofree char *port = g_strdup_printf("%lu", p);
        struct addrinfo *res = inet_resolve(saddr, true, port, errp);

        if (!res) {
            return -1;
        }
        for (struct addrinfo *e = res; e; e = e->ai_next) {
            int fd = qemu_socket(e->ai_family, e->ai_socktype,
                                 e->ai_protocol);

            if (fd < 0) {
                saved_errno = errno;
                continue;
            }
            socket_set_fast_reuse(fd);
            if (e->ai_family == AF_INET6) {
                /* Dual stack unless IPv4 was turned off. */
                int v6only = saddr->has_ipv4 && !saddr->ipv4;

                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
                           sizeof(v6only));
            }
            if (bind(fd, e->ai_addr, e->ai_addrlen) == 0 &&
                listen(fd, num) == 0) {
                inet_set_sockopts(fd, saddr);
                freeaddrinfo(res);
                return fd;
            }
            saved_errno = errno;
            close(fd);
        }
        freeaddrinfo(res);
    }
    if (port_max > port_min) {
        error_setg_errno(errp, saved_errno, "Failed to listen on %s ports "
                         "%lu-%lu", saddr->host, port_min, port_max);
    } else {
        error_setg_errno(errp, saved_errno, "Failed to listen on %s:%s",
                         saddr->host, saddr->port);
    }
    return -1;
}

int inet_connect_saddr(InetSocketAddress *saddr, Error **errp)
{
    struct addrinfo *res = inet_resolve(saddr, false, saddr->port, errp);
    int saved_errno = 0;

    if (!res) {
        return -1;
    }
    for (struct addrinfo *e = res; e; e = e->ai_next) {
        int fd = qemu_socket(e->ai_family, e->ai_socktype, e->ai_protocol);
        int rc;

        if (fd < 0) {
            saved_errno = errno;
            continue;
        }
        do {
            rc = connect(fd, e->ai_addr, e->ai_addrlen);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            inet_set_sockopts(fd, saddr);
            freeaddrinfo(res);
            return fd;
        }
        saved_errno = errno;
        close(fd);
    }
    freeaddrinfo(res);
    error_setg_errno(errp, saved_errno, "Failed to connect to '%s:%s'",
                     saddr->host, saddr->port);
    return -1;
}

int inet_connect(const char *str, Error **errp)
{
    InetSocketAddress addr;
    int fd;

    if (inet_parse(&addr, str, errp) < 0) {
        return -1;
    }
    fd = inet_connect_saddr(&addr, errp);
    g_free(addr.host);
    g_free(addr.port);
    return fd;
}

/* ---------------------------------------------------------------- */
/* unix */

static bool unix_sockaddr(UnixSocketAddress *saddr, struct sockaddr_un *un,
                          socklen_t *len, Error **errp)
{
    bool abstract = saddr->has_abstract && saddr->abstract;
    size_t max = sizeof(un->sun_path) - (abstract ? 1 : 0) - 1;
    size_t plen = strlen(saddr->path);

    if (!plen) {
        error_setg(errp, "UNIX socket path is empty");
        return false;
    }
    if (plen > max) {
        error_setg(errp, "UNIX socket path '%s' is too long: %zu bytes, at "
                   "most %zu fit", saddr->path, plen, max);
        return false;
    }
    memset(un, 0, sizeof(*un));
    un->sun_family = AF_UNIX;
    if (abstract) {
        memcpy(un->sun_path + 1, saddr->path, plen);
        *len = (!saddr->has_tight || saddr->tight) ?
               offsetof(struct sockaddr_un, sun_path) + 1 + plen :
               sizeof(*un);
    } else {
        memcpy(un->sun_path, saddr->path, plen);
        *len = sizeof(*un);
    }
    return true;
}

static int unix_listen_saddr(UnixSocketAddress *saddr, int num,
                             Error **errp)
{
    struct sockaddr_un un;
    socklen_t len;
    struct stat st;
    int fd;

    if (!unix_sockaddr(saddr, &un, &len, errp)) {
        return -1;
    }
    fd = qemu_socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create Unix socket");
        return -1;
    }
    /* A stale socket of an earlier run would make bind() fail. */
    if (!(saddr->has_abstract && saddr->abstract) &&
        stat(saddr->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(saddr->path);
    }
    if (bind(fd, (struct sockaddr *)&un, len) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s",
                         saddr->path);
        goto err;
    }
    if (listen(fd, num) < 0) {
        error_setg_errno(errp, errno, "Failed to listen on socket %s",
                         saddr->path);
        goto err;
    }
    return fd;
err:
    close(fd);
    return -1;
}

static int unix_connect_saddr(UnixSocketAddress *saddr, Error **errp)
{
    struct sockaddr_un un;
    socklen_t len;
    int fd, rc;

    if (!unix_sockaddr(saddr, &un, &len, errp)) {
        return -1;
    }
    fd = qemu_socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create socket");
        return -1;
    }
    do {
        rc = connect(fd, (struct sockaddr *)&un, len);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'",
                         saddr->path);
        close(fd);
        return -1;
    }
    return fd;
}

int unix_listen(const char *path, Error **errp)
{
    UnixSocketAddress saddr = { .path = (char *)path };

    return unix_listen_saddr(&saddr, DEFAULT_BACKLOG, errp);
}

int unix_connect(const char *path, Error **errp)
{
    UnixSocketAddress saddr = { .path = (char *)path };

    return unix_connect_saddr(&saddr, errp);
}

/* ---------------------------------------------------------------- */
/* vsock */

static bool vsock_sockaddr(VsockSocketAddress *vaddr,
                           struct sockaddr_vm *svm, Error **errp)
{
    unsigned long cid, port;
    char *end;

    errno = 0;
    cid = strtoul(vaddr->cid, &end, 10);
    if (errno || *end || !*vaddr->cid || cid > UINT32_MAX) {
        error_setg(errp, "Invalid vsock cid '%s': expected a number",
                   vaddr->cid);
        return false;
    }
    port = strtoul(vaddr->port, &end, 10);
    if (errno || *end || !*vaddr->port || port > UINT32_MAX) {
        error_setg(errp, "Invalid vsock port '%s': expected a number",
                   vaddr->port);
        return false;
    }
    memset(svm, 0, sizeof(*svm));
    svm->svm_family = AF_VSOCK;
    svm->svm_cid = cid;
    svm->svm_port = port;
    return true;
}

static int vsock_socket(VsockSocketAddress *vaddr, bool server, int num,
                        Error **errp)
{
    struct sockaddr_vm svm;
    int fd;

    if (!vsock_sockaddr(vaddr, &svm, errp)) {
        return -1;
    }
    fd = qemu_socket(AF_VSOCK, SOCK_STREAM, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Failed to create vsock socket");
        return -1;
    }
    if (server ? (bind(fd, (struct sockaddr *)&svm, sizeof(svm)) < 0 ||
                  listen(fd, num) < 0)
               : connect(fd, (struct sockaddr *)&svm, sizeof(svm)) < 0) {
        error_setg_errno(errp, errno, "Failed to %s vsock %s:%s",
                         server ? "listen on" : "connect to",
                         vaddr->cid, vaddr->port);
        close(fd);
        return -1;
    }
    return fd;
}

/* ---------------------------------------------------------------- */
/* SocketAddress */

SocketAddress *socket_parse(const char *str, Error **errp)
{
    g_autoptr(SocketAddress) addr = g_new0(SocketAddress, 1);
    const char *rest;

    if ((rest = g_str_has_prefix(str, "unix:") ? str + 5 : NULL)) {
        if (!*rest) {
            error_setg(errp, "invalid Unix socket address '%s': the path "
                       "is empty", str);
            return NULL;
        }
        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        addr->u.q_unix.path = g_strdup(rest);
    } else if ((rest = g_str_has_prefix(str, "fd:") ? str + 3 : NULL)) {
        if (!*rest) {
            error_setg(errp, "invalid file descriptor address '%s': "
                       "expected fd:NUMBER or fd:NAME", str);
            return NULL;
        }
        addr->type = SOCKET_ADDRESS_TYPE_FD;
        addr->u.fd.str = g_strdup(rest);
    } else if ((rest = g_str_has_prefix(str, "vsock:") ? str + 6 : NULL)) {
        const char *colon = strchr(rest, ':');

        if (!colon || colon == rest || !colon[1]) {
            error_setg(errp, "error parsing vsock address '%s': expected "
                       "vsock:CID:PORT", str);
            return NULL;
        }
        addr->type = SOCKET_ADDRESS_TYPE_VSOCK;
        addr->u.vsock.cid = g_strndup(rest, colon - rest);
        addr->u.vsock.port = g_strdup(colon + 1);
    } else {
        rest = g_str_has_prefix(str, "tcp:") ? str + 4 : str;
        addr->type = SOCKET_ADDRESS_TYPE_INET;
        if (inet_parse(&addr->u.inet, rest, errp) < 0) {
            return NULL;
        }
    }
    return g_steal_pointer(&addr);
}

char *socket_uri(SocketAddress *addr)
{
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return strchr(addr->u.inet.host, ':') ?
            g_strdup_printf("tcp:[%s]:%s", addr->u.inet.host,
                            addr->u.inet.port) :
            g_strdup_printf("tcp:%s:%s", addr->u.inet.host,
                            addr->u.inet.port);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return g_strdup_printf("unix:%s", addr->u.q_unix.path);
    case SOCKET_ADDRESS_TYPE_FD:
        return g_strdup_printf("fd:%s", addr->u.fd.str);
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return g_strdup_printf("vsock:%s:%s", addr->u.vsock.cid,
                               addr->u.vsock.port);
    default:
        return g_strdup("unknown address type");
    }
}

/* The descriptor a "fd" address names, checked to be a socket. */
static int socket_get_fd(const char *fdstr, Error **errp)
{
    int fd = monitor_fd_param(monitor_cur(), fdstr, errp);

    if (fd < 0) {
        return -1;
    }
    if (!fd_is_socket(fd)) {
        error_setg(errp, "File descriptor '%s' is not a socket", fdstr);
        close(fd);
        return -1;
    }
    return fd;
}

int socket_connect(SocketAddress *addr, Error **errp)
{
    int fd;

    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        fd = inet_connect_saddr(&addr->u.inet, errp);
        break;
    case SOCKET_ADDRESS_TYPE_UNIX:
        fd = unix_connect_saddr(&addr->u.q_unix, errp);
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        fd = socket_get_fd(addr->u.fd.str, errp);
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        fd = vsock_socket(&addr->u.vsock, false, 0, errp);
        break;
    default:
        error_setg(errp, "unknown socket address type %d", addr->type);
        return -1;
    }
    return fd;
}

int socket_listen(SocketAddress *addr, int num, Error **errp)
{
    int fd;

    if (num <= 0) {
        num = DEFAULT_BACKLOG;
    }
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        fd = inet_listen_saddr(&addr->u.inet, num, errp);
        break;
    case SOCKET_ADDRESS_TYPE_UNIX:
        fd = unix_listen_saddr(&addr->u.q_unix, num, errp);
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        fd = socket_get_fd(addr->u.fd.str, errp);
        /* The passed socket may not be listening yet. */
        if (fd >= 0 && listen(fd, num) < 0) {
            error_setg_errno(errp, errno, "Failed to listen on file "
                             "descriptor '%s'", addr->u.fd.str);
            close(fd);
            fd = -1;
        }
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        fd = vsock_socket(&addr->u.vsock, true, num, errp);
        break;
    default:
        error_setg(errp, "unknown socket address type %d", addr->type);
        return -1;
    }
    return fd;
}

void socket_listen_cleanup(int fd, Error **errp)
{
    g_autoptr(SocketAddress) addr = socket_local_address(fd, errp);

    if (addr && addr->type == SOCKET_ADDRESS_TYPE_UNIX &&
        addr->u.q_unix.path && addr->u.q_unix.path[0] &&
        !(addr->u.q_unix.has_abstract && addr->u.q_unix.abstract)) {
        if (unlink(addr->u.q_unix.path) < 0 && errno != ENOENT) {
            error_setg_errno(errp, errno, "Failed to unlink socket %s",
                             addr->u.q_unix.path);
        }
    }
}

SocketAddress *socket_sockaddr_to_address(struct sockaddr_storage *sa,
                                          socklen_t salen, Error **errp)
{
    SocketAddress *addr;

    switch (sa->ss_family) {
    case AF_INET:
    case AF_INET6: {
        char host[NI_MAXHOST], serv[NI_MAXSERV];
        int rc = getnameinfo((struct sockaddr *)sa, salen, host,
                             sizeof(host), serv, sizeof(serv),
                             NI_NUMERICHOST | NI_NUMERICSERV);

        if (rc != 0) {
            error_setg(errp, "Cannot format numeric socket address: %s",
                       gai_strerror(rc));
            return NULL;
        }
        addr = g_new0(SocketAddress, 1);
        addr->type = SOCKET_ADDRESS_TYPE_INET;
        addr->u.inet.host = g_strdup(host);
        addr->u.inet.port = g_strdup(serv);
        if (sa->ss_family == AF_INET6) {
            addr->u.inet.has_ipv6 = addr->u.inet.ipv6 = true;
        } else {
            addr->u.inet.has_ipv4 = addr->u.inet.ipv4 = true;
        }
        return addr;
    }
    case AF_UNIX: {
        struct sockaddr_un *un = (struct sockaddr_un *)sa;
        size_t off = offsetof(struct sockaddr_un, sun_path);
        size_t plen = salen > off ? salen - off : 0;

        addr = g_new0(SocketAddress, 1);
        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        if (plen && un->sun_path[0] == 0) {
            addr->u.q_unix.path = g_strndup(un->sun_path + 1, plen - 1);
            addr->u.q_unix.has_abstract = addr->u.q_unix.abstract = true;
            addr->u.q_unix.has_tight = true;
            addr->u.q_unix.tight = plen - 1 == strlen(addr->u.q_unix.path);
        } else {
            addr->u.q_unix.path = g_strndup(un->sun_path, plen);
        }
        return addr;
    }
    case AF_VSOCK: {
        struct sockaddr_vm *svm = (struct sockaddr_vm *)sa;

        addr = g_new0(SocketAddress, 1);
        addr->type = SOCKET_ADDRESS_TYPE_VSOCK;
        addr->u.vsock.cid = g_strdup_printf("%u", svm->svm_cid);
        addr->u.vsock.port = g_strdup_printf("%u", svm->svm_port);
        return addr;
    }
    default:
        error_setg(errp, "socket family %d unsupported", sa->ss_family);
        return NULL;
    }
}

SocketAddress *socket_local_address(int fd, Error **errp)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        error_setg_errno(errp, errno, "%s", "Unable to query local socket "
                         "address");
        return NULL;
    }
    return socket_sockaddr_to_address(&ss, len, errp);
}

SocketAddress *socket_remote_address(int fd, Error **errp)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);

    if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0) {
        error_setg_errno(errp, errno, "%s", "Unable to query remote socket "
                         "address");
        return NULL;
    }
    return socket_sockaddr_to_address(&ss, len, errp);
}

SocketAddress *socket_address_flatten(SocketAddressLegacy *addr_legacy)
{
    SocketAddress *addr;

    if (!addr_legacy) {
        return NULL;
    }
    addr = g_new0(SocketAddress, 1);
    switch (addr_legacy->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        addr->type = SOCKET_ADDRESS_TYPE_INET;
        QAPI_CLONE_MEMBERS(InetSocketAddress, &addr->u.inet,
                           addr_legacy->u.inet.data);
        break;
    case SOCKET_ADDRESS_TYPE_UNIX:
        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        QAPI_CLONE_MEMBERS(UnixSocketAddress, &addr->u.q_unix,
                           addr_legacy->u.q_unix.data);
        break;
    case SOCKET_ADDRESS_TYPE_VSOCK:
        addr->type = SOCKET_ADDRESS_TYPE_VSOCK;
        QAPI_CLONE_MEMBERS(VsockSocketAddress, &addr->u.vsock,
                           addr_legacy->u.vsock.data);
        break;
    case SOCKET_ADDRESS_TYPE_FD:
        addr->type = SOCKET_ADDRESS_TYPE_FD;
        QAPI_CLONE_MEMBERS(FdSocketAddress, &addr->u.fd,
                           addr_legacy->u.fd.data);
        break;
    default:
        g_free(addr);
        return NULL;
    }
    return addr;
}

int socket_address_parse_named_fd(SocketAddress *addr, Error **errp)
{
    int fd;

    if (addr->type != SOCKET_ADDRESS_TYPE_FD ||
        g_ascii_isdigit(addr->u.fd.str[0])) {
        return 0;
    }
    fd = monitor_get_fd(monitor_cur(), addr->u.fd.str, errp);
    if (fd < 0) {
        return -1;
    }
    g_free(addr->u.fd.str);
    addr->u.fd.str = g_strdup_printf("%d", fd);
    return 0;
}
