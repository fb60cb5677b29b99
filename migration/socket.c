/*
 * Socket transports.  Outgoing connects in a worker thread so the
 * monitor is not blocked by a slow peer; incoming listens from the main
 * loop and keeps listening (more channels may come, e.g. multifd)
 * until the core calls transport_cleanup.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-visit.h"
#include "qapi/util.h"
#include "qemu/error-report.h"
#include "io/channel-socket.h"
#include "io/net-listener.h"
#include "channel.h"
#include "multifd.h"
#include "options.h"
#include "socket.h"

/* A connect attempt, and the migration it was for */
typedef struct OutgoingConnect {
    MigrationState *s;
    unsigned gen;
} OutgoingConnect;

static void socket_outgoing_migration(QIOTask *task, gpointer opaque)
{
    OutgoingConnect *c = opaque;
    MigrationState *s = c->s;
    QIOChannel *ioc = QIO_CHANNEL(qio_task_get_source(task));
    Error *err = NULL;

    if (c->gen != s->connect_gen) {
        return;                 /* cancelled while it was connecting */
    }
    if (qio_task_propagate_error(task, &err)) {
        migration_channel_connect(s, NULL, err);
        error_free(err);
        return;
    }
    if (migrate_zero_copy_send() &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_WRITE_ZERO_COPY)) {
        /* A unix socket, say: the kernel would copy anyway. */
        error_setg(&err, "Zero copy send feature not detected in host "
                   "kernel");
        migration_channel_connect(s, NULL, err);
        error_free(err);
        return;
    }
    migration_channel_connect(s, ioc, NULL);
}

void socket_start_outgoing_migration(MigrationState *s,
                                     SocketAddress *saddr, Error **errp)
{
    QIOChannelSocket *sioc;
    OutgoingConnect *c;

    if (saddr->type == SOCKET_ADDRESS_TYPE_FD) {
        error_setg(errp, "a 'fd' socket address goes through the fd "
                   "transport");
        return;
    }
    /* multifd channels connect to the same address */
    multifd_send_set_address(saddr);
    sioc = qio_channel_socket_new();
    qio_channel_set_name(QIO_CHANNEL(sioc), "migration-socket-outgoing");
    /* The task holds the channel until the callback ran. */
    c = g_new(OutgoingConnect, 1);
    c->s = s;
    c->gen = s->connect_gen;
    qio_channel_socket_connect_async(sioc, saddr, socket_outgoing_migration,
                                     c, g_free, NULL);
    object_unref(OBJECT(sioc));
}

static void socket_accept_incoming_migration(QIONetListener *listener,
                                             QIOChannelSocket *cioc,
                                             gpointer opaque)
{
    qio_channel_set_name(QIO_CHANNEL(cioc), "migration-socket-incoming");
    migration_channel_process_incoming(QIO_CHANNEL(cioc));
}

static void socket_incoming_migration_end(void *opaque)
{
    QIONetListener *listener = opaque;

    qio_net_listener_disconnect(listener);
    object_unref(OBJECT(listener));
}

void socket_start_incoming_migration(SocketAddress *saddr, Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    QIONetListener *listener;
    SocketAddressList *addrs = NULL;
    int num = 1;

    if (migrate_multifd()) {
        num += migrate_multifd_channels();
    }
    listener = qio_net_listener_new();
    qio_net_listener_set_name(listener, "migration-socket-listener");
    if (qio_net_listener_open_sync(listener, saddr, num, errp) < 0) {
        object_unref(OBJECT(listener));
        return;
    }
    for (size_t i = 0; i < listener->nsioc; i++) {
        SocketAddress *addr;

        addr = qio_channel_socket_get_local_address(listener->sioc[i],
                                                    errp);
        if (!addr) {
            qapi_free_SocketAddressList(addrs);
            socket_incoming_migration_end(listener);
            return;
        }
        QAPI_LIST_PREPEND(addrs, addr);
    }
    qapi_free_SocketAddressList(mis->socket_address_list);
    mis->socket_address_list = addrs;
    mis->transport_data = listener;
    mis->transport_cleanup = socket_incoming_migration_end;
    qio_net_listener_set_client_func(listener,
                                     socket_accept_incoming_migration,
                                     NULL, NULL);
}
