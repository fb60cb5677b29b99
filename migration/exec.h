/*
 * The exec transport: the stream goes through a command's stdin or
 * comes from its stdout (QEMU's migration/exec.h).
 */
#ifndef MIGRATION_EXEC_H
#define MIGRATION_EXEC_H

#include "qapi/qapi-types.h"
#include "migration.h"

/** exec_start_outgoing_migration: run @command, write to its stdin. */
void exec_start_outgoing_migration(MigrationState *s, strList *command,
                                   Error **errp);

/** exec_start_incoming_migration: run @command, read its stdout. */
void exec_start_incoming_migration(strList *command, Error **errp);

#endif
