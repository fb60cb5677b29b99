/*
 * Capabilities both sides of a migration must agree on, because they
 * change the stream's layout (QEMU's validated capabilities:
 * x-ignore-shared and mapped-ram).  The source lists those it has on in
 * the configuration section ("configuration/capabilities"); the
 * destination compares them with its own before any RAM arrives.
 */
#ifndef MIGRATION_VALIDATE_CAPS_H
#define MIGRATION_VALIDATE_CAPS_H

#include "qapi/qapi-types.h"
#include "migration/vmstate.h"

/* A capability on the stream: its name as a counted string. */
extern const VMStateInfo vmstate_info_capability;

/** migration_caps_needed: whether a validated capability is on. */
bool migration_caps_needed(void);

/**
 * migration_caps_get: the validated capabilities that are on, into
 * @caps (room for MIGRATION_CAPABILITY__MAX); returns how many.
 */
uint32_t migration_caps_get(MigrationCapability *caps);

/**
 * migration_caps_check: on the destination, compare the @n capabilities
 * the source had on (none when it sent no list) with the local ones.
 * False with @errp naming each capability that differs.
 */
bool migration_caps_check(const MigrationCapability *caps, uint32_t n,
                          Error **errp);

#endif
