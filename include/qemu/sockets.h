/*
 * Socket helpers: parsing addresses, listening, connecting, and turning
 * socket addresses back into SocketAddress values (QEMU's
 * include/qemu/sockets.h).  Sockets are created close-on-exec.
 */
#ifndef QEMU_SOCKETS_H
#define QEMU_SOCKETS_H

#include <sys/socket.h>
#include "qapi/qapi-types.h"

/** qemu_socket: socket(2) with SOCK_CLOEXEC. */
int qemu_socket(int domain, int type, int protocol);

/** qemu_accept: accept(2) with SOCK_CLOEXEC, retrying on EINTR. */
int qemu_accept(int s, struct sockaddr *addr, socklen_t *addrlen);

/** qemu_socketpair: socketpair(2) with SOCK_CLOEXEC. */
int qemu_socketpair(int domain, int type, int protocol, int sv[2]);

/** fd_is_socket: whether @fd is a socket. */
bool fd_is_socket(int fd);

/** socket_set_cork: TCP_CORK on (1) or off (0); 0 or -1. */
int socket_set_cork(int fd, int v);

/** socket_set_nodelay: TCP_NODELAY on; 0 or -1. */
int socket_set_nodelay(int fd);

/** qemu_socket_set_block: make @fd blocking. */
void qemu_socket_set_block(int fd);

/** qemu_socket_try_set_nonblock: make @fd non-blocking; 0 or -errno. */
int qemu_socket_try_set_nonblock(int fd);

/** qemu_socket_set_nonblock: make @fd non-blocking (must not fail). */
void qemu_socket_set_nonblock(int fd);

/** socket_set_fast_reuse: SO_REUSEADDR on a listening socket; 0/-1. */
int socket_set_fast_reuse(int fd);

/**
 * inet_parse: fill @addr from "HOST:PORT", "[IPV6]:PORT" or ":PORT",
 * optionally followed by ",to=PORT", ",ipv4=on|off", ",ipv6=on|off",
 * ",numeric=on|off", ",keep-alive=on|off".  0 or -1 with @errp set.
 */
int inet_parse(InetSocketAddress *addr, const char *str, Error **errp);

/** inet_ai_family_from_address: AF_INET, AF_INET6 or AF_UNSPEC. */
int inet_ai_family_from_address(InetSocketAddress *addr, Error **errp);

/** inet_connect: inet_parse() then inet_connect_saddr(). */
int inet_connect(const char *str, Error **errp);

/** inet_connect_saddr: a connected TCP socket (blocking) or -1. */
int inet_connect_saddr(InetSocketAddress *saddr, Error **errp);

/** unix_listen: a unix socket listening on @path, or -1. */
int unix_listen(const char *path, Error **errp);

/** unix_connect: a unix socket connected to @path, or -1. */
int unix_connect(const char *path, Error **errp);

/**
 * socket_parse: "unix:PATH", "vsock:CID:PORT", "fd:NAME|NUM",
 * "tcp:HOST:PORT" or "HOST:PORT" as a new SocketAddress; NULL on error.
 */
SocketAddress *socket_parse(const char *str, Error **errp);

/** socket_uri: @addr in socket_parse() syntax (free with g_free). */
char *socket_uri(SocketAddress *addr);

/**
 * socket_connect: a connected, blocking stream socket to @addr; a "fd"
 * address is looked up in the current monitor.  -1 on error.
 */
int socket_connect(SocketAddress *addr, Error **errp);

/**
 * socket_listen: a stream socket listening on @addr with a backlog of
 * @num (0: a default); tcp port 0 picks a free port (see
 * socket_local_address).  -1 on error.
 */
int socket_listen(SocketAddress *addr, int num, Error **errp);

/**
 * socket_listen_cleanup: remove the file of the unix socket @fd listens
 * on, if any.
 */
void socket_listen_cleanup(int fd, Error **errp);

/**
 * socket_sockaddr_to_address: @sa as a new SocketAddress (numeric host
 * and port for inet).  NULL with @errp set for unknown families.
 */
SocketAddress *socket_sockaddr_to_address(struct sockaddr_storage *sa,
                                          socklen_t salen, Error **errp);

/** socket_local_address: the address @fd is bound to. */
SocketAddress *socket_local_address(int fd, Error **errp);

/** socket_remote_address: the address @fd is connected to. */
SocketAddress *socket_remote_address(int fd, Error **errp);

/** socket_address_flatten: the flat form of a legacy address. */
SocketAddress *socket_address_flatten(SocketAddressLegacy *addr);

/**
 * socket_address_parse_named_fd: if @addr is a "fd" address naming a
 * monitor fd, replace the name by the number.  0 or -1.
 */
int socket_address_parse_named_fd(SocketAddress *addr, Error **errp);

#endif
