/*
 * The validate-uuid capability: the source's UUID in the configuration
 * section ("configuration/uuid"), checked by the destination.
 */
#ifndef MIGRATION_VALIDATE_UUID_H
#define MIGRATION_VALIDATE_UUID_H

#include "qemu/uuid.h"

/**
 * migration_uuid_needed: whether the source sends its UUID: the
 * capability is on and -uuid was given.
 */
bool migration_uuid_needed(void);

/** migration_uuid_get: the UUID to send (nil when none was given). */
void migration_uuid_get(QemuUUID *uuid);

/**
 * migration_uuid_check: on the destination, compare the @received UUID
 * with the local one.  A difference fails naming both; without a local
 * UUID there is nothing to compare: a warning, and the load goes on.
 */
bool migration_uuid_check(const QemuUUID *received, Error **errp);

#endif
