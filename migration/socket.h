/*
 * The socket transports: tcp, unix, vsock (QEMU's migration/socket.h).
 */
#ifndef MIGRATION_SOCKET_H
#define MIGRATION_SOCKET_H

#include "qapi/qapi-types.h"
#include "migration.h"

/**
 * socket_start_outgoing_migration: connect to @saddr in the background;
 * migration_connect() follows from the main loop, with the channel or
 * the error.
 */
void socket_start_outgoing_migration(MigrationState *s,
                                     SocketAddress *saddr, Error **errp);

/**
 * socket_start_incoming_migration: listen on @saddr from the main loop;
 * the addresses (tcp port 0 resolved) go to the incoming state's
 * socket_address_list, and its transport_cleanup stops listening.
 */
void socket_start_incoming_migration(SocketAddress *saddr, Error **errp);

#endif
