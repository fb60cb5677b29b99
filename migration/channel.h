/*
 * Hand a transport's channel to the migration core (QEMU's
 * migration/channel.h).
 */
#ifndef MIGRATION_CHANNEL_H
#define MIGRATION_CHANNEL_H

#include "io/channel.h"
#include "migration.h"

/**
 * migration_channel_process_incoming: the destination's transport got
 * @ioc: start loading from it (errors are reported).
 */
void migration_channel_process_incoming(QIOChannel *ioc);

/**
 * migration_channel_connect: the source's transport connected @ioc, or
 * failed with @error (then @ioc may be NULL; @error stays the
 * caller's).  Sets s->to_dst_file and calls migration_connect().
 */
void migration_channel_connect(MigrationState *s, QIOChannel *ioc,
                               Error *error);

#endif
