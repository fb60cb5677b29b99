/*
 * The fd transport: a descriptor from the monitor (getfd) or a number.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-util.h"
#include "monitor/monitor.h"
#include "channel.h"
#include "fd.h"

/* A channel on @fdname; the descriptor is the channel's from now on. */
static QIOChannel *fd_channel(const char *fdname, Error **errp)
{
    int fd = monitor_fd_param(monitor_cur(), fdname, errp);
    QIOChannel *ioc;

    if (fd < 0) {
        return NULL;
    }
    ioc = qio_channel_new_fd(fd, errp);
    if (!ioc) {
        close(fd);
    }
    return ioc;
}

void fd_start_outgoing_migration(MigrationState *s, const char *fdname,
                                 Error **errp)
{
    QIOChannel *ioc = fd_channel(fdname, errp);

    if (!ioc) {
        return;
    }
    qio_channel_set_name(ioc, "migration-fd-outgoing");
    migration_channel_connect(s, ioc, NULL);
    object_unref(OBJECT(ioc));
}

static gboolean fd_accept_incoming_migration(QIOChannel *ioc,
                                             GIOCondition condition,
                                             gpointer opaque)
{
    migration_channel_process_incoming(ioc);
    return G_SOURCE_REMOVE;
}

void fd_start_incoming_migration(const char *fdname, Error **errp)
{
    QIOChannel *ioc = fd_channel(fdname, errp);

    if (!ioc) {
        return;
    }
    qio_channel_set_name(ioc, "migration-fd-incoming");
    qio_channel_add_watch_full(ioc, G_IO_IN, fd_accept_incoming_migration,
                               NULL, NULL, NULL);
    object_unref(OBJECT(ioc));
}
