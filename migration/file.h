/*
 * The file transport: the stream in a file, from a byte offset (QEMU's
 * migration/file.h).
 */
#ifndef MIGRATION_FILE_H
#define MIGRATION_FILE_H

#include "qapi/qapi-types.h"
#include "migration.h"

/**
 * file_parse_offset: remove a trailing ",offset=N" from @filespec (N a
 * byte count, with an optional K/M/G/T suffix) into *@offsetp (0 if
 * absent).  False with @errp set if N is not a valid size.
 */
bool file_parse_offset(char *filespec, uint64_t *offsetp, Error **errp);

/**
 * file_start_outgoing_migration: create (or open, keeping what lies
 * before the offset) the file and write the stream from the offset.
 */
void file_start_outgoing_migration(MigrationState *s,
                                   FileMigrationArgs *file_args,
                                   Error **errp);

/** file_start_incoming_migration: read the stream from the offset. */
void file_start_incoming_migration(FileMigrationArgs *file_args,
                                   Error **errp);

#endif
