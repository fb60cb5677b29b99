/*
 * QIONetListener: listening sockets watched in a main context, calling
 * a function for each client accepted (QEMU's io/net-listener.h).
 */
#ifndef QIO_NET_LISTENER_H
#define QIO_NET_LISTENER_H

#include "io/channel-socket.h"

#define TYPE_QIO_NET_LISTENER "qio-net-listener"
OBJECT_DECLARE_SIMPLE_TYPE(QIONetListener, QIO_NET_LISTENER)

/* Called with each accepted client (borrowed: ref it to keep it). */
typedef void (*QIONetListenerClientFunc)(QIONetListener *listener,
                                         QIOChannelSocket *sioc,
                                         gpointer data);

struct QIONetListener {
    Object parent;
    char *name;
    QIOChannelSocket **sioc;
    GSource **io_source;
    size_t nsioc;
    bool connected;
    QIONetListenerClientFunc io_func;
    gpointer io_data;
    GDestroyNotify io_notify;
    GMainContext *context;
};

/** qio_net_listener_new: a listener with no sockets. */
QIONetListener *qio_net_listener_new(void);

/** qio_net_listener_set_name: name the sockets' channels (debugging). */
void qio_net_listener_set_name(QIONetListener *listener, const char *name);

/**
 * qio_net_listener_open_sync: listen on @addr (backlog @num) and add the
 * socket.  0 or -1 with @errp set.
 */
int qio_net_listener_open_sync(QIONetListener *listener, SocketAddress *addr,
                               int num, Error **errp);

/** qio_net_listener_add: watch the listening @sioc too (takes a ref). */
void qio_net_listener_add(QIONetListener *listener, QIOChannelSocket *sioc);

/**
 * qio_net_listener_set_client_func_full: call @func for each client,
 * from @context (NULL: default); NULL @func stops watching.
 */
void qio_net_listener_set_client_func_full(QIONetListener *listener,
                                           QIONetListenerClientFunc func,
                                           gpointer data,
                                           GDestroyNotify notify,
                                           GMainContext *context);

/** qio_net_listener_set_client_func: ..._full in the default context. */
void qio_net_listener_set_client_func(QIONetListener *listener,
                                      QIONetListenerClientFunc func,
                                      gpointer data, GDestroyNotify notify);

/**
 * qio_net_listener_wait_client: block until a client connects and
 * return it (the client function, if any, is called as well).
 */
QIOChannelSocket *qio_net_listener_wait_client(QIONetListener *listener);

/** qio_net_listener_disconnect: stop watching and close the sockets. */
void qio_net_listener_disconnect(QIONetListener *listener);

/** qio_net_listener_is_connected: whether it has open sockets. */
bool qio_net_listener_is_connected(QIONetListener *listener);

#endif
