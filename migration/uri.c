/*
 * Migration URIs (tcp:, unix:, vsock:, fd:, exec:, file:) as the
 * MigrationChannel that `migrate` and `migrate-incoming` also take in
 * their JSON form.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-visit.h"
#include "qapi/util.h"
#include "qemu/cutils.h"
#include "qemu/sockets.h"
#include "migration.h"
#include "file.h"

MigrationChannel *migrate_uri_parse(const char *uri, Error **errp)
{
    g_autoptr(MigrationChannel) channel = g_new0(MigrationChannel, 1);
    MigrationAddress *addr = g_new0(MigrationAddress, 1);
    const char *rest;

    channel->channel_type = MIGRATION_CHANNEL_TYPE_MAIN;
    channel->addr = addr;

    if (strstart(uri, "exec:", &rest)) {
        strList **tail = &addr->u.exec.args;

        if (!*rest) {
            error_setg(errp, "exec: needs a command, as in exec:COMMAND");
            return NULL;
        }
        addr->transport = MIGRATION_ADDRESS_TYPE_EXEC;
        QAPI_LIST_APPEND(tail, g_strdup("/bin/sh"));
        QAPI_LIST_APPEND(tail, g_strdup("-c"));
        QAPI_LIST_APPEND(tail, g_strdup(rest));
    } else if (strstart(uri, "file:", &rest)) {
        g_autofree char *path = g_strdup(rest);
        uint64_t offset = 0;

        if (!file_parse_offset(path, &offset, errp)) {
            return NULL;
        }
        if (!*path) {
            error_setg(errp, "file: needs a path, as in file:PATH");
            return NULL;
        }
        addr->transport = MIGRATION_ADDRESS_TYPE_FILE;
        addr->u.file.filename = g_steal_pointer(&path);
        addr->u.file.offset = offset;
    } else if (strstart(uri, "tcp:", NULL) || strstart(uri, "unix:", NULL) ||
               strstart(uri, "vsock:", NULL) || strstart(uri, "fd:", NULL)) {
        SocketAddress *saddr = socket_parse(uri, errp);

        if (!saddr) {
            return NULL;
        }
        addr->transport = MIGRATION_ADDRESS_TYPE_SOCKET;
        addr->u.socket = *saddr;
        g_free(saddr);
    } else if (strstart(uri, "rdma:", NULL)) {
        error_setg(errp, "rdma migration is not supported; use tcp:, "
                   "unix:, fd:, exec: or file:");
        return NULL;
    } else {
        error_setg(errp, "unknown migration protocol: %s", uri);
        return NULL;
    }
    return g_steal_pointer(&channel);
}

MigrationChannel *migrate_channel_from_args(const char *uri,
                                            bool has_channels,
                                            MigrationChannelList *channels,
                                            Error **errp)
{
    if (!uri == !has_channels) {
        error_setg(errp, "need either 'uri' or 'channels' argument");
        return NULL;
    }
    if (uri) {
        return migrate_uri_parse(uri, errp);
    }
    if (!channels || channels->next) {
        error_setg(errp, "'channels' must hold exactly one 'main' channel");
        return NULL;
    }
    if (channels->value->channel_type != MIGRATION_CHANNEL_TYPE_MAIN) {
        error_setg(errp, "channel-type '%s' is not supported; expected "
                   "'main'",
                   MigrationChannelType_str(channels->value->channel_type));
        return NULL;
    }
    return QAPI_CLONE(MigrationChannel, channels->value);
}
