/*
 * The fd transport: a descriptor passed to the monitor (getfd) or
 * inherited, by name or number (QEMU's migration/fd.h).
 */
#ifndef MIGRATION_FD_H
#define MIGRATION_FD_H

#include "migration.h"

/**
 * fd_start_outgoing_migration: send on @fdname (a name given to getfd
 * on the current monitor, or a decimal descriptor number).
 */
void fd_start_outgoing_migration(MigrationState *s, const char *fdname,
                                 Error **errp);

/** fd_start_incoming_migration: receive from @fdname (as above). */
void fd_start_incoming_migration(const char *fdname, Error **errp);

#endif
