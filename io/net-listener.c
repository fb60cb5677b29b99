/*
 * QIONetListener: accept clients on listening sockets from a main loop.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "io/net-listener.h"

QIONetListener *qio_net_listener_new(void)
{
    return QIO_NET_LISTENER(object_new(TYPE_QIO_NET_LISTENER));
}

void qio_net_listener_set_name(QIONetListener *listener, const char *name)
{
    g_free(listener->name);
    listener->name = g_strdup(name);
}

static gboolean listener_accept(QIOChannel *ioc, GIOCondition condition,
                                gpointer opaque)
{
    QIONetListener *listener = QIO_NET_LISTENER(opaque);
    QIOChannelSocket *sioc;
    Error *err = NULL;

    sioc = qio_channel_socket_accept(QIO_CHANNEL_SOCKET(ioc), &err);
    if (!sioc) {
        /* A client that gave up between poll and accept: not fatal. */
        if (!g_str_has_suffix(error_get_pretty(err), "temporarily "
                              "unavailable")) {
            warn_report_err(err);
        } else {
            error_free(err);
        }
        return G_SOURCE_CONTINUE;
    }
    if (listener->name) {
        qio_channel_set_name(QIO_CHANNEL(sioc), listener->name);
    }
    if (listener->io_func) {
        /* The callback may drop the listener (transport cleanup). */
        object_ref(OBJECT(listener));
        listener->io_func(listener, sioc, listener->io_data);
        object_unref(OBJECT(listener));
    }
    object_unref(OBJECT(sioc));
    return G_SOURCE_CONTINUE;
}

static void listener_watch(QIONetListener *listener, size_t i)
{
    listener->io_source[i] = qio_channel_add_watch_source(
        QIO_CHANNEL(listener->sioc[i]), G_IO_IN, listener_accept,
        listener, NULL, listener->context);
}

static void listener_unwatch(QIONetListener *listener)
{
    for (size_t i = 0; i < listener->nsioc; i++) {
        if (listener->io_source[i]) {
            g_source_destroy(listener->io_source[i]);
            g_source_unref(listener->io_source[i]);
            listener->io_source[i] = NULL;
        }
    }
}

int qio_net_listener_open_sync(QIONetListener *listener, SocketAddress *addr,
                               int num, Error **errp)
{
    QIOChannelSocket *sioc = qio_channel_socket_new();

    if (qio_channel_socket_listen_sync(sioc, addr, num, errp) < 0) {
        object_unref(OBJECT(sioc));
        return -1;
    }
    qio_net_listener_add(listener, sioc);
    object_unref(OBJECT(sioc));
    return 0;
}

void qio_net_listener_add(QIONetListener *listener, QIOChannelSocket *sioc)
{
    size_t i = listener->nsioc;

    if (listener->name) {
        qio_channel_set_name(QIO_CHANNEL(sioc), listener->name);
    }
    /* A spurious wake-up must not block the loop in accept(). */
    qio_channel_set_blocking(QIO_CHANNEL(sioc), false, NULL);
    listener->sioc = g_renew(QIOChannelSocket *, listener->sioc, i + 1);
    listener->io_source = g_renew(GSource *, listener->io_source, i + 1);
    listener->sioc[i] = sioc;
    listener->io_source[i] = NULL;
    object_ref(OBJECT(sioc));
    listener->nsioc++;
    listener->connected = true;
    if (listener->io_func) {
        listener_watch(listener, i);
    }
}

void qio_net_listener_set_client_func_full(QIONetListener *listener,
                                           QIONetListenerClientFunc func,
                                           gpointer data,
                                           GDestroyNotify notify,
                                           GMainContext *context)
{
    if (listener->io_notify) {
        listener->io_notify(listener->io_data);
    }
    listener->io_func = func;
    listener->io_data = data;
    listener->io_notify = notify;
    if (listener->context) {
        g_main_context_unref(listener->context);
    }
    listener->context = context ? g_main_context_ref(context) : NULL;

    listener_unwatch(listener);
    if (func) {
        for (size_t i = 0; i < listener->nsioc; i++) {
            listener_watch(listener, i);
        }
    }
}

void qio_net_listener_set_client_func(QIONetListener *listener,
                                      QIONetListenerClientFunc func,
                                      gpointer data, GDestroyNotify notify)
{
    qio_net_listener_set_client_func_full(listener, func, data, notify,
                                          NULL);
}

typedef struct WaitData {
    GMainLoop *loop;
    QIOChannelSocket *client;
} WaitData;

static gboolean wait_client_accept(QIOChannel *ioc, GIOCondition condition,
                                   gpointer opaque)
{
    WaitData *data = opaque;
    Error *err = NULL;

    data->client = qio_channel_socket_accept(QIO_CHANNEL_SOCKET(ioc), &err);
    if (!data->client) {
        error_free(err);
        return G_SOURCE_CONTINUE;
    }
    g_main_loop_quit(data->loop);
    return G_SOURCE_CONTINUE;
}

QIOChannelSocket *qio_net_listener_wait_client(QIONetListener *listener)
{
    GMainContext *ctx = g_main_context_new();
    WaitData data = { .loop = g_main_loop_new(ctx, TRUE) };
    GSource **sources = g_new0(GSource *, listener->nsioc);

    if (!listener->nsioc) {
        g_free(sources);
        g_main_loop_unref(data.loop);
        g_main_context_unref(ctx);
        return NULL;
    }
    listener_unwatch(listener);
    for (size_t i = 0; i < listener->nsioc; i++) {
        sources[i] = qio_channel_add_watch_source(
            QIO_CHANNEL(listener->sioc[i]), G_IO_IN, wait_client_accept,
            &data, NULL, ctx);
    }
    g_main_loop_run(data.loop);
    for (size_t i = 0; i < listener->nsioc; i++) {
        g_source_destroy(sources[i]);
        g_source_unref(sources[i]);
    }
    g_free(sources);
    g_main_loop_unref(data.loop);
    g_main_context_unref(ctx);

    if (listener->name) {
        qio_channel_set_name(QIO_CHANNEL(data.client), listener->name);
    }
    if (listener->io_func) {
        listener->io_func(listener, data.client, listener->io_data);
        for (size_t i = 0; i < listener->nsioc; i++) {
            listener_watch(listener, i);
        }
    }
    return data.client;
}

void qio_net_listener_disconnect(QIONetListener *listener)
{
    if (!listener->connected) {
        return;
    }
    listener_unwatch(listener);
    for (size_t i = 0; i < listener->nsioc; i++) {
        qio_channel_close(QIO_CHANNEL(listener->sioc[i]), NULL);
    }
    listener->connected = false;
}

bool qio_net_listener_is_connected(QIONetListener *listener)
{
    return listener->connected;
}

static void listener_finalize(Object *obj)
{
    QIONetListener *listener = QIO_NET_LISTENER(obj);

    qio_net_listener_disconnect(listener);
    if (listener->io_notify) {
        listener->io_notify(listener->io_data);
    }
    for (size_t i = 0; i < listener->nsioc; i++) {
        object_unref(OBJECT(listener->sioc[i]));
    }
    g_free(listener->io_source);
    g_free(listener->sioc);
    if (listener->context) {
        g_main_context_unref(listener->context);
    }
    g_free(listener->name);
}

static const TypeInfo listener_info = {
    .parent = TYPE_OBJECT,
    .name = TYPE_QIO_NET_LISTENER,
    .instance_size = sizeof(QIONetListener),
    .instance_finalize = listener_finalize,
};

static void listener_register_types(void)
{
    type_register_static(&listener_info);
}

type_init(listener_register_types);
